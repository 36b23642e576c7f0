"""Helpers shared by the tab builders: error guard, history, admin-token check, form numbers, output folders."""

from __future__ import annotations

import functools
import hmac
import inspect
import logging
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.render import HISTORY_TURNS, TEXT
from assistant.errors import AdvisorError
from assistant.messages import render, render_error
from assistant.settings import Settings

log = logging.getLogger(__name__)


def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn errors into a visible warning (and skipped outputs), never a stack trace in the browser. The
    warning is in the page's language: the handler's `code` argument (the 中文/English switch)."""
    signature = inspect.signature(fn)

    def language(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        try:
            code = signature.bind_partial(*args, **kwargs).arguments.get("code")
        except TypeError:
            code = None
        if code in ("zh", "en"):
            return str(code)
        # handlers with *rest take the language last
        return next((a for a in reversed(args) if isinstance(a, str) and a in ("zh", "en")), "zh")

    def warn(exc: Exception, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        if isinstance(exc, AdvisorError):
            gr.Warning(render_error(exc, language(args, kwargs)))
        else:
            log.error("%s failed", fn.__name__, exc_info=exc)
            gr.Warning(render("internal", language(args, kwargs)))

    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except Exception as exc:
                warn(exc, args, kwargs)
                yield gr.skip()

        return streaming

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            warn(exc, args, kwargs)
        return gr.skip()

    return wrapper


def history_messages(turns: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    messages = []
    for turn in turns[-HISTORY_TURNS:]:
        messages += [{"role": "user", "content": str(turn.get("question", ""))},
                     {"role": "assistant", "content": str(turn.get("answer", ""))}]
    return messages


def token_problem(settings: Settings, token: str | None, lang: str) -> str:
    """'' when the admin token matches; otherwise the reason the change is refused."""
    if not settings.admin_token:
        return TEXT[lang]["no_token"]
    if not hmac.compare_digest((token or "").encode("utf-8"), settings.admin_token.encode("utf-8")):
        log.warning("knowledge-base change refused: wrong admin token")
        return TEXT[lang]["bad_token"]
    return ""


def is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip().lower() in ("localhost", ""):
        return host.strip() != ""
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def review_problem(settings: Settings, token: str | None, lang: str) -> str:
    """'' when the caller may read traces and write reviews: the review token (or the admin token)
    matches; with neither configured, only an app bound to a loopback address is open."""
    secrets = [s for s in (settings.review_token, settings.admin_token) if s]
    if not secrets:
        return "" if is_loopback(settings.bind_host) else TEXT[lang]["review_locked"]
    given = (token or "").encode("utf-8")
    if any(hmac.compare_digest(given, s.encode("utf-8")) for s in secrets):
        return ""
    log.warning("review access refused: %s review token", "wrong" if token else "no")
    return TEXT[lang]["bad_review_token"]


UPLOAD_SUFFIXES = (".pdf", ".docx", ".txt", ".md", ".html", ".htm")
_FILENAME = re.compile(rb'filename="([^"\r\n]*)"', re.I)


class UploadLimits:
    """ASGI middleware in front of Gradio's anonymous upload route (/gradio_api/upload): a request
    must state its size (at most `max_request` bytes), hold at most `max_files` files of the
    document types, and each client address may upload at most `budget` bytes per hour."""

    def __init__(self, app: Any, max_request: int, max_files: int = 20, budget: int = 500_000_000) -> None:
        self.app = app
        self.max_request = max_request
        self.max_files = max_files
        self.budget = budget
        self._used: dict[str, list[tuple[float, int]]] = {}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST" or not str(scope.get("path", "")).endswith(
                "/upload"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        length = int(headers["content-length"]) if headers.get("content-length", "").isdigit() else -1
        client = (scope.get("client") or ("?", 0))[0]
        if length < 0 or length > self.max_request:
            await _refuse(send, 413, f"uploads must state their size and stay under {self.max_request // 1_000_000} MB")
            return
        now = time.monotonic()
        used = [(t, n) for t, n in self._used.get(client, []) if now - t < 3600]
        if sum(n for _t, n in used) + length > self.budget:
            await _refuse(send, 429, "upload limit for this hour reached; try again later")
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_request:
                await _refuse(send, 413, "the upload is larger than it stated")
                return
        names = [n.decode("utf-8", "replace") for n in _FILENAME.findall(body)]
        bad = [n for n in names if not n.lower().endswith(UPLOAD_SUFFIXES)]
        if len(names) > self.max_files or bad:
            await _refuse(send, 415 if bad else 413, "only PDF, DOCX, TXT, MD and HTML files, "
                                                      f"at most {self.max_files} at a time")
            return
        self._used[client] = [*used, (now, length)]
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


async def _refuse(send: Any, status: int, text: str) -> None:
    log.warning("upload refused (%d): %s", status, text)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8")]})
    await send({"type": "http.response.body", "body": text.encode("utf-8")})


def form_number(text: str | None, whole: bool) -> Any:
    """A number typed in a form; blank is unknown, anything unreadable goes to the profile check as is."""
    value = (text or "").strip().replace(",", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return value  # validate_profile names the field and what it must be
    return int(number) if whole and number.is_integer() else number


def out_dir(workdir: Path, stem: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=workdir))
