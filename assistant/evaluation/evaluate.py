"""`python -m assistant eval`: recall@k and MRR of search, cited evidence, citation validity,
refusal accuracy and false refusals, split by language, on a JSONL question set."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answering.grounding import numbers_grounded
from assistant.answering.retrieve import HybridRetriever
from assistant.documents.citations import invalid_citations

DEFAULT_QUESTIONS = Path(__file__).resolve().parents[2] / "tests" / "golden" / "questions.jsonl"
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACE.sub("", text)


@dataclass(frozen=True)
class Question:
    qid: str
    question: str
    language: str
    evidence: str | None
    kind: str = ""
    history: tuple[Any, ...] = ()


def load_questions(path: Path) -> list[Question]:
    out: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        item = json.loads(line)
        if "question" not in item:
            raise ValueError(f"{path}:{number}: each line needs a 'question'")
        from assistant.documents.language import detect_language

        out.append(Question(
            str(item.get("id", number)), item["question"], item.get("language") or detect_language(item["question"]),
            item.get("evidence"), item.get("kind", ""), tuple(item.get("history", ())),
        ))
    return out


@dataclass
class Tally:
    answerable: int = 0
    ranks: list[int | None] = field(default_factory=list)
    cited: int = 0
    false_refusals: int = 0
    unanswerable: int = 0
    refused: int = 0
    invented_numbers: int = 0
    citations: int = 0
    invalid: int = 0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def recall_at(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(self.answerable, 1)

    def metrics(self) -> dict[str, Any]:
        n = max(self.answerable, 1)
        return {
            "answerable": self.answerable,
            "recall@1": round(self.recall_at(1), 3),
            "recall@3": round(self.recall_at(3), 3),
            "recall@5": round(self.recall_at(5), 3),
            "mrr": round(sum(1 / r for r in self.ranks if r) / n, 3),
            "cited_evidence": round(self.cited / n, 3),
            "false_refusal_rate": round(self.false_refusals / n, 3),
            "unanswerable": self.unanswerable,
            "refusal_accuracy": round(self.refused / self.unanswerable, 3) if self.unanswerable else 1.0,
            "invented_numbers": self.invented_numbers,
            "citations": self.citations,
            "citation_validity": round(1 - self.invalid / self.citations, 3) if self.citations else 1.0,
            "recall_curve": [round(self.recall_at(k), 3) for k in range(1, 11)],
            "latencies_ms": [round(x, 1) for x in self.latencies],
        }


def evaluate(advisor: Any, questions: list[Question], mode: str = "hybrid") -> dict[str, Any]:
    """Run every question through search and ask; metrics for all and per language."""
    retriever = advisor.retriever
    if mode != retriever.mode:
        advisor.retriever = HybridRetriever(advisor.index, advisor.embeddings, mode)
    tallies: dict[str, Tally] = {"all": Tally()}
    try:
        for q in questions:
            for key in ("all", q.language):
                tallies.setdefault(key, Tally())
            answer = advisor.ask(q.question, history=list(q.history) or None, record=False)
            rank: int | None = None
            if q.evidence:
                for position, hit in enumerate(advisor.search(q.question, k=10), start=1):
                    if norm(q.evidence) in norm(hit.text):
                        rank = position
                        break
            evidence = norm(q.evidence or "")
            cited = bool(evidence) and any(evidence in norm(c.quote) for c in answer.citations)
            quotes = list(answer.citations) + list(answer.related)
            invalid = invalid_citations(quotes, advisor.lookup)
            for key in ("all", q.language):
                t = tallies[key]
                t.latencies.append(answer.latency_ms)
                t.citations += len(quotes)
                t.invalid += len(invalid)
                if not numbers_grounded(answer):
                    t.invented_numbers += 1
                if q.evidence:
                    t.answerable += 1
                    t.ranks.append(rank)
                    t.cited += cited
                    if not answer.answerable:
                        t.false_refusals += 1
                else:
                    t.unanswerable += 1
                    t.refused += not answer.answerable
            if q.evidence and (not cited or rank is None or rank > 5):
                tallies["all"].failures.append(f"{q.qid}: rank={rank} cited={cited} answerable={answer.answerable}")
            if not q.evidence and answer.answerable:
                tallies["all"].failures.append(f"{q.qid}: answered an unanswerable question")
    finally:
        advisor.retriever = retriever
    result: dict[str, Any] = {key: t.metrics() for key, t in tallies.items()}
    result["failures"] = tallies["all"].failures
    result["mode"] = mode
    return result


def format_report(result: dict[str, Any]) -> str:
    keys = ["recall@1", "recall@3", "recall@5", "mrr", "cited_evidence", "citation_validity",
            "refusal_accuracy", "false_refusal_rate", "invented_numbers", "answerable", "unanswerable"]
    groups = [g for g in ("all", "zh", "en") if g in result]
    lines = [f"mode: {result['mode']}", f"{'metric':<20}" + "".join(f"{g:>10}" for g in groups)]
    for key in keys:
        lines.append(f"{key:<20}" + "".join(f"{result[g][key]:>10}" for g in groups))
    if result["failures"]:
        lines.append("misses: " + "; ".join(result["failures"]))
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    import os

    if getattr(args, "followups", None) is not None:
        from assistant.evaluation.followups import main as followups_main

        return followups_main(args.followups or None, args.json)
    from assistant.advisor import build_advisor
    from assistant.settings import Settings

    questions = load_questions(Path(args.questions) if args.questions else DEFAULT_QUESTIONS)
    advisor = build_advisor(Settings.from_env(os.environ))
    chosen = args.modes or ("bm25,dense,hybrid" if args.report else "hybrid")  # a report compares the three
    modes = [m.strip() for m in chosen.split(",") if m.strip()]
    results = [evaluate(advisor, questions, mode) for mode in modes]
    for result in results:
        print(json.dumps(result, ensure_ascii=False) if args.json else format_report(result) + "\n")
    if args.report:
        from assistant.evaluation.report import write_report

        path = write_report(Path(args.report), results, str(args.questions or DEFAULT_QUESTIONS))
        print(f"report written to {path}")
    return 0
