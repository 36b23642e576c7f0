"""Which language a text is in: Chinese when CJK characters are at least a third of the letters."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def detect_language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk * 3 >= latin else "en"
