from __future__ import annotations

import pytest

from assistant.answering.query import (
    analyse,
    check_question,
    detect_language,
    fact_kinds,
    load_lexicon,
    resolve_followup,
)
from assistant.errors import QuestionError


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("三首产品能拿到多少补贴？", "amount"),
        ("How much money can we get?", "amount"),
        ("申报截止时间是什么时候？", "deadline"),
        ("What is the deadline?", "deadline"),
        ("需要提交哪些材料？", "materials"),
        ("贷款贴息比例是多少？", "rate"),
        ("认定需要满足什么条件？", "criteria"),
        ("Who is eligible?", "criteria"),
        ("怎么申请专利托管？", "procedure"),
        ("有什么补贴？", "subsidy"),
    ],
)
def test_fact_kinds(question: str, kind: str) -> None:
    assert kind in fact_kinds(question)


def test_plain_questions_ask_for_no_special_fact() -> None:
    assert fact_kinds("什么是“三首”产品？") == ()
    assert fact_kinds("What is the chief quality officer system?") == ()


def test_language() -> None:
    assert detect_language("专精特新是什么") == "zh"
    assert detect_language("What is 专精特新 in plain English words please?") == "en"


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None])
def test_empty_questions_are_rejected(bad: object) -> None:
    with pytest.raises(QuestionError, match="empty"):
        check_question(bad, 2000)


def test_long_questions_are_rejected_with_the_limit() -> None:
    with pytest.raises(QuestionError, match="2000-character limit"):
        check_question("专" * 10_000, 2000)


def test_followup_carries_the_topic() -> None:
    history = [{"role": "user", "content": "专精特新企业有哪些培育措施？"}, {"role": "assistant", "content": "…"}]
    text, is_followup = resolve_followup("它的上一级是什么？", history, load_lexicon())
    assert is_followup and "专精特新" in text
    query = analyse("它的上一级是什么？", history, load_lexicon())
    assert "梯度培育" in query.expansions


def test_standalone_question_is_left_alone() -> None:
    history = [("专精特新企业有哪些培育措施？", "…")]
    text, is_followup = resolve_followup("区域级AI共享服务中心为中小企业提供什么服务？", history, load_lexicon())
    assert not is_followup and text.startswith("区域级")


def test_english_glossary_maps_to_chinese_terms() -> None:
    groups = dict(load_lexicon().english_groups("We have no invention patents; what about the patent pool?"))
    assert "无专利" in groups["no invention patents"]
    assert "专利共享池" in groups["patent pool"]


def test_a_count_must_be_stated_in_the_unit_asked() -> None:
    from assistant.answering.query import has_evidence

    assert "quantity" in fact_kinds("宁波有多少家单项冠军企业？")
    assert has_evidence("quantity", "规模以上企业中涌现了230家出口名牌。", "有多少家出口名牌？")
    assert not has_evidence("quantity", "企业发明专利数分别达到109.27件和16.06件。", "有多少家单项冠军企业？")
    assert has_evidence("quantity", "数量均超全国三分之一。", "占全国多少？")
    assert not has_evidence("quantity", "推行企业首席质量官制度。", "How many incubators are there?")
