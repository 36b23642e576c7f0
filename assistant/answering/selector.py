"""A calibrated classifier for "this sentence answers this question".

Each candidate sentence becomes a row of features the answerer already computes (similarity, word
coverage, ranks, whether it states the kind of fact asked, whether the question's terms exist in the
knowledge base at all ...). A logistic regression, fitted on the development questions with
cross-validation (`python -m assistant fit-selector`), turns a row into the probability that the
sentence holds the evidence. The answerer cites the likeliest sentences and refuses when even the best
is below the fitted threshold. The coefficients live in `selector.json` beside this module.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_PATH = Path(__file__).with_name("selector.json")

FEATURES = (
    "score", "score_gap", "dense", "dense_gap", "lexical", "lexical_gap", "chunk_rank", "position",
    "asks_fact", "states_fact", "asked_not_stated", "has_quantity", "names_quantity",
    "missing_terms", "no_basis", "coverage", "english", "short", "article_asked_inside", "followup",
    "kinds_unmet",
)


@dataclass(frozen=True)
class QuestionSignals:
    """What is known of the question as a whole, the same for each of its candidate sentences."""

    missing_terms: bool
    basis: bool
    coverage: float
    english: bool
    followup: bool
    asks_fact: bool  # the question asks a kind of fact (an amount, a period, materials ...)
    asks_article: bool
    kinds_unmet: bool


@dataclass(frozen=True)
class SentenceSignals:
    """What is known of one candidate sentence."""

    score: float
    dense: float
    lexical: float
    chunk_rank: int  # 0 = the best retrieved chunk
    position: int  # 0 = the best candidate by the heuristic score
    states_fact: bool  # the sentence states a fact of a kind asked
    has_quantity: bool
    names_quantity: bool
    length: int
    in_article: bool


def feature_rows(question: QuestionSignals, sentences: Sequence[SentenceSignals]) -> list[list[float]]:
    if not sentences:
        return []
    best_score = max(s.score for s in sentences)
    best_dense = max(s.dense for s in sentences)
    best_lexical = max(s.lexical for s in sentences)
    rows: list[list[float]] = []
    for s in sentences:
        values = {
            "score": s.score, "score_gap": s.score - best_score, "dense": s.dense, "dense_gap": s.dense - best_dense,
            "lexical": s.lexical, "lexical_gap": s.lexical - best_lexical,
            "chunk_rank": 1 / (1 + s.chunk_rank), "position": 1 / (1 + s.position),
            "asks_fact": float(question.asks_fact), "states_fact": float(s.states_fact),
            "asked_not_stated": float(question.asks_fact and not s.states_fact),
            "has_quantity": float(s.has_quantity), "names_quantity": float(s.names_quantity),
            "missing_terms": float(question.missing_terms), "no_basis": float(not question.basis),
            "coverage": question.coverage, "english": float(question.english), "short": float(s.length < 12),
            "article_asked_inside": float(question.asks_article and s.in_article),
            "followup": float(question.followup), "kinds_unmet": float(question.kinds_unmet),
        }
        rows.append([values[name] for name in FEATURES])
    return rows


@dataclass(frozen=True)
class SentenceModel:
    """Standardisation, coefficients and the decision threshold of the fitted logistic regression."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float  # the best sentence must reach this probability, or the question is refused
    gap: float  # further points are cited when within this much of the best one
    fitted_on: str = ""

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        out: list[float] = []
        for row in rows:
            z = self.intercept + sum(c * (x - m) / s for c, x, m, s in
                                     zip(self.coef, row, self.mean, self.scale, strict=True))
            out.append(1 / (1 + math.exp(-max(min(z, 40.0), -40.0))))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "threshold": self.threshold,
                "gap": self.gap, "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SentenceModel:
        features = tuple(str(f) for f in data["features"])
        if features != FEATURES:
            raise ValueError(f"the selector model was fitted on features {features}, the code computes "
                             f"{FEATURES}; refit it with `python -m assistant fit-selector`")
        return cls(features, tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
                   tuple(map(float, data["coef"])), float(data["intercept"]), float(data["threshold"]),
                   float(data["gap"]), str(data.get("fitted_on", "")))


def load_model(path: Path = MODEL_PATH) -> SentenceModel | None:
    """The fitted model, or None when no model file exists (the answerer then uses its hand rules)."""
    if not path.exists():
        return None
    return SentenceModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
