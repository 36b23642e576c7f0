"""The sentence classifier: its features, its stored model, its fitting, and the answerer using it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Settings, build_advisor
from assistant.answering.selector import (
    FEATURES,
    MODEL_PATH,
    QuestionSignals,
    SentenceModel,
    SentenceSignals,
    feature_rows,
    load_model,
)
from assistant.errors import ConfigError
from assistant.evaluation.fit_selector import Case, choose, fit, outcome
from assistant.testing import HashingEmbeddings

QUESTION = QuestionSignals(missing_terms=False, basis=True, coverage=0.8, english=False, followup=False,
                           asks_fact=True, asks_article=False, kinds_unmet=False)


def sentence(score: float, states: bool = False, lexical: float = 0.3) -> SentenceSignals:
    return SentenceSignals(score=score, dense=0.8, lexical=lexical, chunk_rank=0, position=0, states_fact=states,
                           has_quantity=states, names_quantity=False, length=40, in_article=True)


def model(**weights: float) -> SentenceModel:
    n = len(FEATURES)
    coef = tuple(weights.get(name, 0.0) for name in FEATURES)
    return SentenceModel(FEATURES, (0.0,) * n, (1.0,) * n, coef, weights.get("intercept", 0.0), 0.5, 0.2)


def test_rows_follow_feature_order_and_relate_each_sentence_to_the_best() -> None:
    rows = feature_rows(QUESTION, [sentence(0.9, states=True), sentence(0.5)])
    named = [dict(zip(FEATURES, row, strict=True)) for row in rows]
    assert named[0]["score_gap"] == 0.0 and named[1]["score_gap"] == pytest.approx(-0.4)
    assert named[0]["asked_not_stated"] == 0.0 and named[1]["asked_not_stated"] == 1.0
    assert named[0]["no_basis"] == 0.0 and named[0]["coverage"] == 0.8
    assert feature_rows(QUESTION, []) == []


def test_probabilities_rise_with_a_positive_coefficient() -> None:
    m = model(score=4.0, intercept=-2.0)
    low, high = m.probabilities(feature_rows(QUESTION, [sentence(0.1), sentence(0.9)]))
    assert 0.0 < low < 0.5 < high < 1.0


def test_stored_model_round_trips_and_refuses_another_feature_list(tmp_path: Path) -> None:
    m = model(score=1.5)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(m.to_dict()), encoding="utf-8")
    assert load_model(path) == m
    assert load_model(tmp_path / "absent.json") is None
    path.write_text(json.dumps({**m.to_dict(), "features": ["score"]}), encoding="utf-8")
    with pytest.raises(ValueError, match="fit-selector"):
        load_model(path)


def test_the_committed_model_matches_the_code() -> None:
    stored = load_model(MODEL_PATH)
    assert stored is not None and stored.features == FEATURES
    assert 0.0 < stored.threshold < 1.0 and len(stored.coef) == len(FEATURES)


def _case(qid: str, answerable: bool, good: float, bad: float) -> Case:
    """A question with two candidates whose only signal is their score; the first holds the evidence."""
    rows = tuple(tuple(r) for r in feature_rows(QUESTION, [sentence(good), sentence(bad)]))
    return Case(qid, answerable, False, rows, (int(answerable), 0), True, not answerable)


def test_fitting_learns_to_answer_high_scores_and_refuse_low_ones() -> None:
    cases = [_case(f"a{i}", True, 0.8 + i / 100, 0.2) for i in range(10)]
    cases += [_case(f"u{i}", False, 0.15 + i / 100, 0.1) for i in range(10)]
    strength, threshold, gap, share = choose(cases)
    assert share >= 0.9
    fitted = fit(cases, strength, threshold, gap, "synthetic")
    assert fitted.coef[FEATURES.index("score")] > 0
    right = [outcome(c, fitted.probabilities(c.rows), fitted.threshold, fitted.gap) for c in cases]
    assert sum(right) >= 18


def test_outcome_counts_a_place_refusal_right_only_for_an_unanswerable_question() -> None:
    refused = Case("p", False, True, (), (), True, True)
    assert outcome(refused, [], 0.5, 0.2)
    assert not outcome(replace(refused, answerable=True), [], 0.5, 0.2)


def test_classifier_setting_needs_the_model_file_and_answers_with_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="ADVISOR_SELECTOR"):
        Settings.from_env({"ADVISOR_SELECTOR": "neural"})
    settings = Settings(data_dir=tmp_path / "data", selector="classifier")
    advisor = build_advisor(settings, embeddings=HashingEmbeddings())
    assert advisor.answerer.selector is not None
    answer = advisor.ask("没有发明专利的中小企业可以得到哪些帮助？", record=False)
    for c in answer.citations:
        assert advisor.document(c.doc_id).text[c.start : c.end] == c.quote
    # a model that never trusts a sentence refuses everything, with the nearest passages as related
    advisor.answerer.selector = replace(model(intercept=-30.0), threshold=0.5)
    refused = advisor.ask("没有发明专利的中小企业可以得到哪些帮助？", record=False)
    assert not refused.answerable and not refused.citations and refused.related
