"""The development question set, asserted against the issue's quality targets."""

from __future__ import annotations

import pytest

from assistant.evaluation.evaluate import DEFAULT_QUESTIONS, evaluate, format_report, load_questions

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def result(real_advisor):
    questions = load_questions(DEFAULT_QUESTIONS)
    assert len(questions) >= 40
    kinds = {q.kind for q in questions}
    assert {"direct", "paraphrase", "unanswerable"} <= kinds
    assert {q.language for q in questions} == {"zh", "en"}
    outcome = evaluate(real_advisor, questions)
    print(format_report(outcome))
    return outcome


def test_chinese_retrieval(result) -> None:
    assert result["zh"]["recall@5"] >= 0.95
    assert result["zh"]["mrr"] >= 0.85


def test_english_retrieval(result) -> None:
    assert result["en"]["recall@5"] >= 0.8


def test_citations_are_valid_and_numbers_grounded(result) -> None:
    assert result["all"]["citation_validity"] == 1.0
    assert result["all"]["invented_numbers"] == 0


def test_refusals(result) -> None:
    assert result["all"]["refusal_accuracy"] == 1.0
    assert result["all"]["false_refusal_rate"] <= 0.05


def test_answers_cite_the_evidence(result) -> None:
    assert result["all"]["cited_evidence"] >= 0.9


def test_golden_evidence_is_verbatim_in_the_stored_text(real_advisor) -> None:
    text = real_advisor.document("ningbo-innovation-ecosystem").text
    for q in load_questions(DEFAULT_QUESTIONS):
        if q.evidence:
            assert q.evidence in text, q.qid
