from __future__ import annotations

import pytest

from assistant.answering.prompts import PROMPTS_DIR, fields, load_prompt, render
from assistant.errors import ConfigError


@pytest.mark.parametrize("path", sorted(PROMPTS_DIR.glob("*.txt")), ids=lambda p: p.stem)
def test_every_prompt_renders(path) -> None:
    names = fields(load_prompt(path.stem))
    text = render(path.stem, **{name: f"<{name}>" for name in names})
    for name in names:
        assert f"<{name}>" in text


def test_missing_variable_is_named() -> None:
    with pytest.raises(ConfigError, match="points"):
        render("answer_zh", sources="x", caveat="")
