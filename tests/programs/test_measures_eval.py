"""The measured targets on the test split (labels in measures_gold.jsonl / measures_profiles.jsonl)."""

from __future__ import annotations

import pytest

from assistant.evaluation.measures_eval import evaluate_split


@pytest.fixture(scope="module")
def test_scores():
    return evaluate_split("test")


def test_fits_precision_and_recall_on_the_test_split(test_scores) -> None:
    assert test_scores.fits_precision >= 0.95, test_scores.errors
    assert test_scores.fits_recall >= 0.9, test_scores.errors


def test_extraction_and_condition_parsing_on_the_test_split(test_scores) -> None:
    assert test_scores.measures_precision >= 0.9 and test_scores.measures_recall >= 0.9, test_scores.errors
    assert test_scores.conditions_precision >= 0.9 and test_scores.conditions_recall >= 0.8, test_scores.errors
