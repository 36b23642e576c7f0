"""`python -m assistant eval --corpus DIR --questions FILE`: the advisor over real policy documents.

Builds (once, then reuses) a knowledge base of the default documents plus every file in DIR, asks each
question of FILE (fields: id, lang, question, history, answerable, evidence, article,
answer_must_contain, kind, split) and prints, for each split and language:

- recall@1/@5 and MRR of search for the evidence;
- cited evidence: an answer quotes a sentence holding the evidence;
- fact stated: every `answer_must_contain` string is in the answer;
- article named: for "which article" questions, the answer names the article;
- tempting questions refused, and false refusals of answerable ones;
- citation validity (quote == document text at its offsets) and answers with a number no quote holds.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering.grounding import numbers_grounded
from assistant.documents.citations import invalid_citations
from assistant.models import Answer

_SPACE = re.compile(r"\s+")
DEFAULT_QUESTIONS_FILE = "questions.jsonl"
TEMPTING = ("tempting_place", "tempting_tax", "tempting_threshold", "out_of_scope")


def norm(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class CorpusQuestion:
    qid: str
    lang: str
    question: str
    history: tuple[str, ...]
    answerable: bool
    evidence: tuple[str, ...]
    article: str
    must_contain: tuple[str, ...]
    kind: str
    split: str


def load(path: Path) -> list[CorpusQuestion]:
    out: list[CorpusQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        evidence = item.get("evidence") or []
        must = item.get("answer_must_contain") or []
        out.append(CorpusQuestion(
            str(item.get("id", number)), str(item.get("lang", "zh")), str(item["question"]),
            tuple(str(h) for h in item.get("history") or ()), bool(item.get("answerable", bool(evidence))),
            tuple([evidence] if isinstance(evidence, str) else evidence), str(item.get("article") or ""),
            tuple([must] if isinstance(must, str) else must), str(item.get("kind", "")), str(item.get("split", "dev")),
        ))
    return out


@dataclass
class Score:
    answerable: int = 0
    ranks: list[int | None] = field(default_factory=list)
    cited: int = 0
    stated: int = 0
    stated_of: int = 0
    articles: int = 0
    articles_of: int = 0
    false_refusals: int = 0
    tempting: int = 0
    tempting_refused: int = 0
    citations: int = 0
    invalid: int = 0
    invented: int = 0
    latencies: list[float] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        n = max(self.answerable, 1)

        def share(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None

        return {
            "answerable": self.answerable, "tempting": self.tempting,
            "recall@1": share(sum(1 for r in self.ranks if r == 1), n),
            "recall@5": share(sum(1 for r in self.ranks if r is not None and r <= 5), n),
            "mrr": round(sum(1 / r for r in self.ranks if r) / n, 3),
            "cited_evidence": share(self.cited, self.answerable),
            "fact_stated": share(self.stated, self.stated_of),
            "article_named": share(self.articles, self.articles_of),
            "tempting_refused": share(self.tempting_refused, self.tempting),
            "false_refusals": share(self.false_refusals, self.answerable),
            "citation_validity": share(self.citations - self.invalid, self.citations),
            "invented_numbers": self.invented,
        }


def is_cited(q: CorpusQuestion, answer: Answer) -> bool:
    quotes = [norm(c.quote) for c in answer.citations]
    return any(norm(e) in quote or (len(quote) >= 12 and quote in norm(e)) for e in q.evidence for quote in quotes)


def score(advisor: Any, questions: Iterable[CorpusQuestion]) -> tuple[dict[str, Score], list[str]]:
    scores: dict[str, Score] = {}
    misses: list[str] = []
    for q in questions:
        answer = advisor.ask(q.question, history=[{"role": "user", "content": h} for h in q.history] or None,
                             record=False)
        rank = None
        if q.answerable and q.evidence:
            for position, hit in enumerate(advisor.search(answer.standalone_question or q.question, k=10), 1):
                if any(norm(e) in norm(hit.text) for e in q.evidence):
                    rank = position
                    break
        quotes = [*answer.citations, *answer.related]
        invalid = len(invalid_citations(quotes, advisor.lookup))
        cited = is_cited(q, answer)
        stated = all(norm(m) in norm(answer.answer) for m in q.must_contain)
        named = bool(q.article) and q.article in answer.answer
        keys = ("all", q.lang, f"kind:{q.kind}")
        for key in keys:
            s = scores.setdefault(key, Score())
            s.latencies.append(answer.latency_ms)
            s.citations += len(quotes)
            s.invalid += invalid
            s.invented += not numbers_grounded(answer)
            if q.answerable:
                s.answerable += 1
                s.ranks.append(rank)
                s.cited += cited
                s.false_refusals += not answer.answerable
                if q.must_contain:
                    s.stated_of += 1
                    s.stated += stated
                if q.kind == "article" and q.article:
                    s.articles_of += 1
                    s.articles += named
            elif q.kind in TEMPTING or not q.answerable:
                s.tempting += 1
                s.tempting_refused += not answer.answerable
        if q.answerable and not (cited and stated and answer.answerable):
            misses.append(f"{q.qid} [{q.kind}/{q.lang}] cited={cited} stated={stated} refused={not answer.answerable}"
                          f" rank={rank}: {q.question}")
        elif not q.answerable and answer.answerable:
            misses.append(f"{q.qid} [{q.kind}/{q.lang}] answered a question the documents do not answer: "
                          f"{q.question}")
    return scores, misses


def build_corpus_advisor(corpus: Path, data_dir: Path | None = None, embeddings: str | None = None) -> Any:
    """An advisor over the default documents plus the corpus folder, kept in its own data folder."""
    import os

    from assistant.advisor import build_advisor
    from assistant.settings import Settings

    settings = Settings.from_env(os.environ)
    if embeddings:
        settings = Settings(**{**settings.__dict__, "embeddings": embeddings})
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    # the folder, the embedder and the chunk-vector mode name the index: two modes never share vectors
    key = "".join(f"{p.name}{p.stat().st_size}" for p in files) + f"|{settings.embeddings}|{settings.chunk_vectors}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:10]
    folder = data_dir or settings.data_dir / f"corpus-{digest}"
    settings = Settings(**{**settings.__dict__, "data_dir": folder})
    advisor = build_advisor(settings)
    started = time.perf_counter()
    report = advisor.ingest([corpus])
    return advisor, report, time.perf_counter() - started


def run(corpus: Path, questions_path: Path, data_dir: Path | None = None, as_json: bool = False,
        splits: tuple[str, ...] = ("dev", "test")) -> int:
    from assistant.evaluation.stats import percentile

    advisor, report, seconds = build_corpus_advisor(corpus, data_dir)
    questions = load(questions_path)
    result: dict[str, Any] = {"documents": len(advisor.documents()), "ingest_seconds": round(seconds, 1),
                              "ingest_failed": report.failed}
    all_misses: dict[str, list[str]] = {}
    for split in splits:
        chosen = [q for q in questions if q.split == split]
        if not chosen:
            continue
        scores, misses = score(advisor, chosen)
        result[split] = {key: s.figures() for key, s in sorted(scores.items())}
        lat = scores["all"].latencies
        result[split]["latency_ms"] = {"p50": round(percentile(lat, 50), 1), "p95": round(percentile(lat, 95), 1)}
        all_misses[split] = misses
    if as_json:
        print(json.dumps({**result, "misses": all_misses}, ensure_ascii=False, indent=1))
        return 0
    print(f"documents: {result['documents']}  (re)ingest: {result['ingest_seconds']} s")
    for split in splits:
        if split not in result:
            continue
        print(f"\n== {split} ({result[split]['all']['answerable']} answerable, {result[split]['all']['tempting']} "
              f"not answerable) latency p50/p95 {result[split]['latency_ms']['p50']}/"
              f"{result[split]['latency_ms']['p95']} ms")
        groups = [g for g in ("all", "zh", "en") if g in result[split]]
        metrics = ["recall@1", "recall@5", "mrr", "cited_evidence", "fact_stated", "article_named",
                   "tempting_refused", "false_refusals", "citation_validity", "invented_numbers"]
        print(f"{'metric':<20}" + "".join(f"{g:>8}" for g in groups))
        for m in metrics:
            print(f"{m:<20}" + "".join(f"{_fmt(result[split][g][m]):>8}" for g in groups))
        kinds = sorted(k for k in result[split] if k.startswith("kind:"))
        print("by kind: " + "; ".join(
            f"{k[5:]} cited {_fmt(result[split][k]['cited_evidence'])} refused "
            f"{_fmt(result[split][k]['tempting_refused'])}" for k in kinds))
        for miss in all_misses[split]:
            print("  miss: " + miss)
    return 0


def _fmt(value: Any) -> str:
    return "-" if value is None else str(value)
