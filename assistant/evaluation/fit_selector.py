"""`python -m assistant fit-selector`: fit the sentence classifier on development questions.

Rows: every candidate sentence the answerer weighs for a question (see `answering/selector.py`), labelled
1 when it holds the question's evidence. Questions: the dev split of the corpus question set and the seed's
golden questions, asked of the corpus knowledge base. Cross-validation is grouped by question, so no
question's sentences are both fitted and judged. The regularisation strength, the refusal threshold and
the gap for further points are chosen on the cross-validated predictions, by how many questions end right:
an answerable question whose likeliest sentence (or a point within the gap) holds the evidence, and an
unanswerable one refused. The hand rules are scored on the same questions, for comparison.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answering.query import analyse, load_lexicon
from assistant.answering.selector import FEATURES, MODEL_PATH, SentenceModel, feature_rows
from assistant.documents.citations import quote_span
from assistant.evaluation.corpus import CorpusQuestion, build_corpus_advisor, is_cited, load, norm
from assistant.evaluation.evaluate import DEFAULT_QUESTIONS

MAX_POINTS = 3
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.81, 0.025))
GAPS = (0.1, 0.2, 0.3, 0.45)
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


@dataclass(frozen=True)
class Case:
    """One question as the classifier sees it."""

    qid: str
    answerable: bool
    place_refused: bool  # refused by the place rule before any sentence is weighed
    rows: tuple[tuple[float, ...], ...]
    labels: tuple[int, ...]
    rules_right: bool  # whether the hand rules end this question right
    rules_refused: bool  # whether the hand rules refuse it


def golden_questions(path: Path = DEFAULT_QUESTIONS) -> list[CorpusQuestion]:
    out: list[CorpusQuestion] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        evidence = item.get("evidence")
        out.append(CorpusQuestion(str(item["id"]), str(item.get("language", "zh")), str(item["question"]), (),
                                  bool(evidence), (evidence,) if evidence else (), "", (), str(item["kind"]),
                                  "golden"))
    return out


def holds_evidence(quote: str, evidence: Sequence[str]) -> bool:
    """The same test as the evaluation's "cited evidence"."""
    bare = norm(quote)
    return any(norm(e) in bare or (len(bare) >= 12 and bare in norm(e)) for e in evidence)


def quoted(advisor: Any, candidate: Any) -> str:
    """What the answer would quote for this candidate (its paragraph, inside an article)."""
    doc = advisor.lookup(candidate.chunk.doc_id)
    if doc is None:
        return str(candidate.text)
    start, end = quote_span(doc.text, candidate.chunk.chunk, candidate.span.start, candidate.span.end,
                            advisor.index.flagged.get(doc.doc_id, ()))
    return str(doc.text[start:end])


def collect(advisor: Any, questions: Iterable[CorpusQuestion]) -> list[Case]:
    answerer = advisor.answerer
    cases: list[Case] = []
    for q in questions:
        history = [{"role": "user", "content": h} for h in q.history] or None
        query = advisor.with_names(analyse(q.question, history, load_lexicon()))
        retrieval = advisor.retrieve(query)
        _scope, candidates = answerer.prepare(query, retrieval)
        rows: list[tuple[float, ...]] = []
        labels: list[int] = []
        if candidates:
            question, sentences = answerer.signals(query, retrieval, candidates, answerer.absent_terms(query))
            rows = [tuple(r) for r in feature_rows(question, sentences)]
            labels = [int(q.answerable and holds_evidence(quoted(advisor, c), q.evidence)) for c in candidates]
        answer = advisor.ask(q.question, history=history, record=False)
        rules_right = (is_cited(q, answer) and answer.answerable) if q.answerable else not answer.answerable
        cases.append(Case(q.qid, q.answerable, candidates is None, tuple(rows), tuple(labels), rules_right,
                          not answer.answerable))
    return cases


def outcome(case: Case, probabilities: Sequence[float], threshold: float, gap: float) -> bool:
    """Whether the question ends right under this threshold and gap."""
    if case.place_refused or not case.rows:
        return not case.answerable
    order = sorted(range(len(probabilities)), key=lambda i: -probabilities[i])
    best = probabilities[order[0]]
    if best < threshold:
        return not case.answerable
    if not case.answerable:
        return False
    points = [i for i in order if probabilities[i] >= max(threshold, best - gap)][:MAX_POINTS]
    return any(case.labels[i] for i in points)


def _fit(rows: np.ndarray, labels: np.ndarray, strength: float) -> tuple[Any, np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit((rows - mean) / scale, labels)
    return model, mean, scale


def cross_validated(cases: Sequence[Case], strength: float, folds: int = FOLDS) -> list[list[float]]:
    """Out-of-fold probabilities for each case's candidates (folds by question, fixed order)."""
    out: list[list[float]] = [[] for _ in cases]
    for fold in range(folds):
        train = [c for i, c in enumerate(cases) if i % folds != fold and c.rows]
        rows = np.array([r for c in train for r in c.rows], dtype=float)
        labels = np.array([label for c in train for label in c.labels])
        model, mean, scale = _fit(rows, labels, strength)
        for i, case in enumerate(cases):
            if i % folds == fold and case.rows:
                out[i] = list(model.predict_proba((np.array(case.rows, dtype=float) - mean) / scale)[:, 1])
    return out


def choose(cases: Sequence[Case]) -> tuple[float, float, float, float]:
    """(strength, threshold, gap, share right) with the most questions right out of fold."""
    best: tuple[float, float, float, float] = (STRENGTHS[0], 0.5, GAPS[0], -1.0)
    for strength in STRENGTHS:
        predictions = cross_validated(cases, strength)
        for threshold in THRESHOLDS:
            for gap in GAPS:
                right = sum(outcome(c, p, threshold, gap) for c, p in zip(cases, predictions, strict=True))
                share = right / len(cases)
                if share > best[3] + 1e-9:
                    best = (strength, threshold, gap, share)
    return best


def fit(cases: Sequence[Case], strength: float, threshold: float, gap: float, fitted_on: str) -> SentenceModel:
    train = [c for c in cases if c.rows]
    rows = np.array([r for c in train for r in c.rows], dtype=float)
    labels = np.array([label for c in train for label in c.labels])
    model, mean, scale = _fit(rows, labels, strength)
    return SentenceModel(FEATURES, tuple(float(x) for x in mean), tuple(float(x) for x in scale),
                         tuple(float(round(x, 6)) for x in model.coef_[0]), float(round(model.intercept_[0], 6)),
                         threshold, gap, fitted_on)


def run(corpus: Path, questions_path: Path, splits: tuple[str, ...] = ("dev",), write: bool = True,
        out: Path = MODEL_PATH) -> int:
    advisor, _report, _seconds = build_corpus_advisor(corpus)
    questions = [q for q in load(questions_path) if q.split in splits] + golden_questions()
    cases = collect(advisor, questions)
    strength, threshold, gap, share = choose(cases)
    rules = sum(c.rules_right for c in cases) / len(cases)
    positives = sum(sum(c.labels) for c in cases)
    print(f"questions: {len(cases)} ({sum(c.answerable for c in cases)} answerable), candidate sentences: "
          f"{sum(len(c.rows) for c in cases)} ({positives} hold evidence)")
    print(f"{FOLDS}-fold cross-validated, grouped by question: classifier right on {share:.3f} of questions "
          f"(C={strength}, threshold={threshold}, gap={gap}); hand rules right on {rules:.3f}")
    model = fit(cases, strength, threshold, gap, f"{questions_path.name} splits {','.join(splits)} + golden")
    for name, coef in sorted(zip(FEATURES, model.coef, strict=True), key=lambda kv: -abs(kv[1])):
        print(f"  {name:<22}{coef:+.3f}")
    if write:
        out.write_text(json.dumps(model.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"written: {out}")
    return 0
