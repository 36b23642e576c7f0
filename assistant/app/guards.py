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
from assistant.settings import Settings

log = logging.getLogger(__name__)


def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn errors into a visible warning (and skipped outputs), never a stack trace in the browser."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except AdvisorError as exc:
                gr.Warning(str(exc))
                yield gr.skip()
            except Exception:
                log.exception("%s failed", fn.__name__)
                gr.Warning("Something went wrong; the server log has the details.")
                yield gr.skip()

        return streaming

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AdvisorError as exc:
            gr.Warning(str(exc))
        except Exception:
            log.exception("%s failed", fn.__name__)
            gr.Warning("Something went wrong; the server log has the details.")
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
