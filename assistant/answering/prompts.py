"""Prompt and answer-frame templates, loaded by name from the project's prompts/ folder."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from assistant.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


@lru_cache(maxsize=64)
def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> str:
    path = folder / f"{name}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"prompt {name!r} not found at {path}; restore it from the repository") from exc


def fields(template: str) -> set[str]:
    return {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f}


def render(name: str, **values: object) -> str:
    """Fill a template; a variable the template needs but was not given is an error naming it."""
    template = load_prompt(name)
    missing = sorted(fields(template) - set(values))
    if missing:
        raise ConfigError(f"prompt {name!r} needs {', '.join(missing)}; pass them to render()")
    return template.format(**values).strip()
