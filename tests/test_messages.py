"""Messages in the user's language: errors by code, progress stages, failure reasons, readable times;
`str(exc)` stays English."""

from __future__ import annotations

import re

import pytest

from assistant.answering.query import check_question
from assistant.errors import AdvisorError, QuestionError
from assistant.messages import CATALOGUE, format_time, render, render_error, render_reason, render_stage
from assistant.programs.profile import validate_profile


def test_profile_error_in_chinese_and_english() -> None:
    with pytest.raises(AdvisorError) as caught:
        validate_profile({"employees": "三十"})
    assert str(caught.value) == "profile field 'employees' has the value '三十'; it must be whole number >= 0"
    assert render_error(caught.value, "zh") == "“员工人数”填写的是“三十”，应为不小于 0 的整数。"
    assert "it must be whole number >= 0" in render_error(caught.value, "en")


@pytest.mark.parametrize(("question", "zh"), [("  ", "问题为空"), ("专" * 30, "超过了 20 字符的上限")])
def test_question_errors_in_chinese(question: str, zh: str) -> None:
    with pytest.raises(QuestionError) as caught:
        check_question(question, 20)
    assert zh in render_error(caught.value, "zh") and not re.search(r"[\u4e00-\u9fff]{2}", str(caught.value)[:20])


def test_every_catalogued_message_has_both_languages_with_the_same_fields() -> None:
    for code, (zh, en) in CATALOGUE.items():
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en.split("e.g.")[0]), code
        fields = set(re.findall(r"\{(\w+)\}", zh)) - {"kind_zh", "label_zh"}
        assert fields == set(re.findall(r"\{(\w+)\}", en)) - {"kind_en", "label_en"}, code


def test_an_uncatalogued_error_keeps_its_english_text() -> None:
    assert render_error(AdvisorError("the store is gone"), "zh") == "the store is gone"
    assert render("loading", "zh") != render("loading", "en")


def test_stages_reasons_and_times_read_well() -> None:
    assert render_stage("reading notice.pdf", "zh") == "正在读取 notice.pdf"
    assert render_stage("embedding doc-1", "en") == "embedding doc-1"
    assert render_reason("the PDF is password-protected; remove the password", "zh").startswith("PDF 设有密码")
    assert render_reason("anything else", "zh") == "anything else"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", format_time("2026-11-30T19:42:46+0000"))
    assert format_time("2026-11-30T19:42:46") == "2026-11-30 19:42" and format_time("synthetic") == "synthetic"
