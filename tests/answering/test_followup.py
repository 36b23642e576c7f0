"""Follow-ups by meaning: a question that leans on the conversation is rewritten with the earlier topic,
a question that names its own subject stays as asked, however short."""

from __future__ import annotations

import pytest

from assistant.answering.followup import en_is_followup, zh_is_followup
from assistant.answering.query import load_lexicon, resolve_followup
from assistant.evaluation.followups import DEFAULT_FOLLOWUPS, evaluate_followups, load_followups


@pytest.mark.parametrize(("previous", "question"), [
    ("专精特新企业有哪些培育措施？", "申请专利补贴最高多少钱？"),
    ("专利托管是什么？", "宁波在哪个城市？"),
    ("What is patent custody?", "Where is Ningbo?"),
])
def test_a_short_question_with_its_own_subject_stays_as_asked(previous: str, question: str) -> None:
    assert resolve_followup(question, [previous], load_lexicon()) == (question, False)


@pytest.mark.parametrize(("previous", "question", "topic"), [
    ("专利托管是什么？", "它怎么收费？", "专利托管"),
    ("如何提升企业知识产权创造水平？", "那人工智能呢？", "知识产权"),
    ("专利托管是什么？", "需要什么材料？", "专利托管"),
    ("What is the patent pool?", "Who can join it?", "patent pool"),
    ("What is patent custody?", "What is the deadline?", "patent custody"),
    # "双方" are the parties of the deal told before, however much the question names of its own
    ("我们准备派技术员给一家果园做技术承包。", "双方需不需要签合同？", "技术承包"),
    # a case put to what was asked ("要是…") asks about the same thing, whatever nouns it names
    ("侵犯商业秘密的行政罚款是多少？", "要是恶意侵犯，民事赔偿能翻几倍？", "商业秘密"),
])
def test_a_followup_carries_the_earlier_topic(previous: str, question: str, topic: str) -> None:
    text, followup = resolve_followup(question, [{"role": "user", "content": previous}], load_lexicon())
    assert followup and topic in text and question in text


def test_without_history_nothing_is_a_followup() -> None:
    assert resolve_followup("它是什么？", [], load_lexicon()) == ("它是什么？", False)


def test_words_that_only_look_like_pronouns_do_not_count() -> None:
    assert not zh_is_followup("应该找哪个部门办理首席质量官备案？")  # 应该 is not 该
    assert not zh_is_followup("其他城市的专利托管政策有哪些？")  # 其他 is not 其
    assert not en_is_followup("Is it possible to get a tax break for R&D?")  # "it" refers to nothing
    assert not en_is_followup("Is there a programme that funds graphene research?")  # relative "that"


def test_a_followup_of_a_followup_keeps_the_first_topic() -> None:
    history = ["专精特新企业有哪些培育措施？", "它的上一级是什么？"]
    text, followup = resolve_followup("需要什么条件？", history, load_lexicon())
    assert followup and "专精特新" in text


def test_followup_set_is_large_and_split() -> None:
    cases = load_followups(DEFAULT_FOLLOWUPS)
    assert len(cases) >= 60 and {c.split for c in cases} == {"dev", "test"}
    assert 0.6 <= sum(c.split == "dev" for c in cases) / len(cases) <= 0.72
    assert any(c.followup for c in cases) and any(not c.followup for c in cases)
    assert all(c.expected for c in cases if c.followup)


def test_detection_accuracy_on_the_held_out_split() -> None:
    result = evaluate_followups(load_followups(DEFAULT_FOLLOWUPS))["test"]
    assert result["detection_accuracy"] >= 0.9, result["misses"]
    assert result["topic_carried"] >= 0.8, result["misses"]


def test_eval_followups_prints_accuracy_per_split() -> None:
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "-m", "assistant", "eval", "--followups"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert [line.split(":")[0] for line in lines] == ["dev", "test"]
    assert all("follow-up detection accuracy" in line and "carry the topic" in line for line in lines)


def test_an_elliptical_follow_up_asks_what_the_earlier_question_asked_of_something_else() -> None:
    from assistant.answering.query import analyse, load_lexicon

    query = analyse("那大企业呢？", ["机关、事业单位从中小企业采购，要在交付后多少天内付款？"], load_lexicon())
    assert query.is_followup and query.fact_kinds == ("period",)
    assert query.text.startswith("机关、事业单位从中小企业采购") and query.text.endswith("那大企业呢？")
    own = analyse("那大企业要多少天内付款呢？", ["机关从中小企业采购，多少天内付款？"], load_lexicon())
    assert own.fact_kinds == ("period",) and not own.text.startswith("机关从中小企业采购，多少天")
