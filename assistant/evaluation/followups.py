"""`python -m assistant eval --followups [FILE]`: does the advisor tell follow-ups from standalone questions,
and does a rewritten follow-up carry the earlier topic? Per split (dev for tuning, test for reporting)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answering.query import load_lexicon, resolve_followup

DEFAULT_FOLLOWUPS = Path(__file__).resolve().parents[2] / "tests" / "golden" / "followups.jsonl"


@dataclass(frozen=True)
class FollowupCase:
    case_id: str
    history: tuple[str, ...]
    question: str
    followup: bool
    expected: str | None  # a substring the rewritten follow-up must contain
    split: str


def load_followups(path: Path) -> list[FollowupCase]:
    cases: list[FollowupCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            cases.append(FollowupCase(str(item["id"]), tuple(item["history"]), str(item["question"]),
                                      bool(item["followup"]), item.get("expected_standalone"),
                                      str(item.get("split", "dev"))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a follow-up case ({exc}); each line needs id, history, "
                             "question, followup, expected_standalone, split") from exc
    return cases


def evaluate_followups(cases: list[FollowupCase]) -> dict[str, Any]:
    """Per split: detection accuracy, and the share of true follow-ups whose rewrite carries the topic."""
    lexicon = load_lexicon()
    result: dict[str, Any] = {}
    for split in sorted({c.split for c in cases}):
        chosen = [c for c in cases if c.split == split]
        correct = carried = followups = 0
        misses: list[str] = []
        for case in chosen:
            text, detected = resolve_followup(case.question, list(case.history), lexicon)
            ok = detected == case.followup and (case.followup or text == case.question)
            correct += ok
            if case.followup:
                followups += 1
                has_topic = bool(case.expected) and str(case.expected).lower() in text.lower()
                carried += has_topic
                if detected and not has_topic:
                    misses.append(f"{case.case_id} topic: {text!r}")
            if not ok:
                misses.append(f"{case.case_id} {'missed' if case.followup else 'false'} follow-up: {case.question}")
        result[split] = {"cases": len(chosen), "detection_accuracy": round(correct / len(chosen), 3),
                         "followups": followups,
                         "topic_carried": round(carried / followups, 3) if followups else None,
                         "misses": misses}
    return result


def format_followups(result: dict[str, Any]) -> str:
    lines = []
    for split, r in result.items():
        lines.append(f"{split}: {r['cases']} cases, follow-up detection accuracy {r['detection_accuracy']:.3f}; "
                     f"rewritten follow-ups that carry the topic {r['topic_carried']} ({r['followups']} follow-ups)")
        lines += [f"  miss {m}" for m in r["misses"]]
    return "\n".join(lines)


def main(path: str | None, as_json: bool) -> int:
    result = evaluate_followups(load_followups(Path(path) if path else DEFAULT_FOLLOWUPS))
    print(json.dumps(result, ensure_ascii=False) if as_json else format_followups(result))
    return 0
