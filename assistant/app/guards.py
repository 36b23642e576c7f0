"""Helpers shared by the tab builders: error guard, history, admin-token check, form numbers, output folders."""

from __future__ import annotations

import functools
import hmac
import inspect
import logging
import tempfile
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
