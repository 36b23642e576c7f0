"""Settings for the optional LLM (ADVISOR_LLM=none|openai|ollama) and the LangChain chat model they
build. The API key lives only in `LLMSettings.api_key`: never in repr, logs or error messages."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

PROVIDERS = ("none", "openai", "ollama")
DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434"


@dataclass(frozen=True)
class LLMSettings:
    """ADVISOR_LLM=none|openai|ollama and its model, server, key and time limits."""

    provider: str = "none"
    model: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    timeout_s: float = 20.0  # per HTTP request (connect, each read)
    deadline_s: float = 60.0  # the whole answer, however slowly tokens trickle
    max_retries: int = 1
    temperature: float = 0.0
    max_passages: int = 6
    max_sentences: int = 6

    @property
    def enabled(self) -> bool:
        return self.provider != "none"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LLMSettings:
        provider = (env.get("ADVISOR_LLM") or "none").strip().lower()
        base_url = {"openai": env.get("OPENAI_BASE_URL", ""),
                    "ollama": env.get("OLLAMA_BASE_URL") or DEFAULT_OLLAMA_URL}.get(provider, "")
        timeout = env.get("ADVISOR_LLM_TIMEOUT", "").strip()
        try:
            timeout_s = float(timeout) if timeout else cls.timeout_s
        except ValueError as exc:
            raise ConfigError(f"ADVISOR_LLM_TIMEOUT={timeout!r} is not a number; set seconds, e.g. 20") from exc
        settings = cls(provider, (env.get("ADVISOR_LLM_MODEL") or "").strip(), base_url.strip(),
                       env.get("OPENAI_API_KEY", "").strip() if provider == "openai" else "", timeout_s)
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.provider not in PROVIDERS:
            raise ConfigError(f"ADVISOR_LLM={self.provider!r} is not supported; use none, openai or ollama")
        if not self.enabled:
            return
        if not self.model:
            raise ConfigError(f"ADVISOR_LLM={self.provider} needs ADVISOR_LLM_MODEL, e.g. deepseek-chat, "
                              "qwen-plus or qwen2.5:7b")
        if self.provider == "openai" and not self.api_key:
            raise ConfigError("ADVISOR_LLM=openai needs OPENAI_API_KEY (any value, e.g. EMPTY, for a server "
                              "without keys) and OPENAI_BASE_URL for a compatible server (DeepSeek, Qwen, vLLM)")
        if self.base_url and urlsplit(self.base_url).scheme not in ("http", "https"):
            variable = "OPENAI_BASE_URL" if self.provider == "openai" else "OLLAMA_BASE_URL"
            raise ConfigError(f"{variable}={safe_url(self.base_url)!r} is not an http(s) URL; "
                              "e.g. http://127.0.0.1:8000/v1")
        if not (self.timeout_s > 0 and self.deadline_s > 0):
            raise ConfigError(f"ADVISOR_LLM_TIMEOUT={self.timeout_s:g} must be a positive number of seconds")

    def describe(self) -> str:
        return f"{self.provider} model {self.model!r} at {safe_url(self.base_url) or 'the default URL'}"


def safe_url(url: str) -> str:
    """A URL without user, password or query string, fit for logs and messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if parts.scheme else ""


def make_chat_model(settings: LLMSettings) -> BaseChatModel:
    """A LangChain chat model for the settings, with small timeouts and retries (imported lazily)."""
    settings.validate()
    if settings.enabled:
        log.info("LLM answers: %s (timeout %gs, %d retries)", settings.describe(), settings.timeout_s,
                 settings.max_retries)
    if settings.provider == "openai":
        try:
            from langchain_openai import ChatOpenAI
            from pydantic import SecretStr
        except ImportError as exc:
            raise ConfigError("ADVISOR_LLM=openai needs langchain-openai; run: pip install langchain-openai==1.7.4") \
                from exc
        return ChatOpenAI(model=settings.model, base_url=settings.base_url or None, api_key=SecretStr(settings.api_key),
                          timeout=settings.timeout_s, max_retries=settings.max_retries,
                          temperature=settings.temperature, stream_usage=False)
    if settings.provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as exc:
            raise ConfigError("ADVISOR_LLM=ollama needs langchain-ollama; run: pip install langchain-ollama==1.1.0") \
                from exc
        return ChatOllama(model=settings.model, base_url=settings.base_url or DEFAULT_OLLAMA_URL,
                          temperature=settings.temperature, client_kwargs={"timeout": settings.timeout_s})
    raise ConfigError("ADVISOR_LLM=none: no language model is configured; set ADVISOR_LLM=openai or ollama")


# -- credentials never reach a log line ------------------------------------------------------------
_URL_USERINFO = re.compile(r"(?<=://)[^/\s:@]+(?::[^/\s@]*)?@")
_KEY_PARAM = re.compile(r"(?i)((?:api[-_]?key|access[-_]?token|token|key|secret|password|sig)=)[^&\s'\"]+")
_BEARER = re.compile(r"(?i)\b(bearer|authorization:)\s+[A-Za-z0-9._~+/=-]{6,}")
_OPENAI_KEY = re.compile(r"\bsk-[A-Za-z0-9_-]{8,}")


def mask_secrets(text: str, secrets: tuple[str, ...] = ()) -> str:
    """`text` with URL credentials, key parameters, bearer tokens and the given secrets masked."""
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    text = _URL_USERINFO.sub("***@", text)
    text = _KEY_PARAM.sub(r"\1***", text)
    text = _BEARER.sub(r"\1 ***", text)
    return _OPENAI_KEY.sub("sk-***", text)


class SecretFilter(logging.Filter):
    """Masks credentials in every record a handler emits (httpx logs request URLs at INFO)."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message, self.secrets)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_secret_filter(*secrets: str) -> SecretFilter:
    """Called by the entry points after logging is configured: every root handler masks secrets."""
    found = SecretFilter(tuple(s for s in secrets if s))
    for handler in logging.getLogger().handlers:
        handler.filters = [f for f in handler.filters if not isinstance(f, SecretFilter)]
        handler.addFilter(found)
    return found
