"""The UI's error guard: an advisor error becomes a warning in the page's language, never a stack trace."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from assistant.app.guards import guard
from assistant.programs.profile import validate_profile


def _warnings(fn: Any, *args: Any) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args)
        if hasattr(result, "__next__"):
            result = list(result)
    return result, [str(w.message) for w in caught]


@guard
def _match(employees: str, code: str) -> None:
    validate_profile({"employees": employees})


@guard
def _match_rest(employees: str, *rest: Any) -> None:  # the language last, as the match tab passes it
    validate_profile({"employees": employees})


@guard
def _broken(code: str) -> None:
    raise RuntimeError("secret internals")


@pytest.mark.parametrize(("code", "text"), [("zh", "应为不小于 0 的整数"), ("en", "it must be whole number >= 0")])
def test_a_profile_error_is_a_warning_in_the_page_language(code: str, text: str) -> None:
    _result, shown = _warnings(_match, "三十", code)
    assert len(shown) == 1 and text in shown[0]
    _result, shown = _warnings(_match_rest, "三十", False, [], code)
    assert text in shown[0]


def test_an_unexpected_error_shows_no_details() -> None:
    _result, shown = _warnings(_broken, "zh")
    assert shown == ["出现了问题，详情见服务器日志。"]
