"""Evaluators' reviews of traced answers (reviews.jsonl next to traces.jsonl) and their export."""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from assistant.answering.trace import append_jsonl, read_jsonl
from assistant.errors import AdvisorError

VERDICTS = ("up", "down", "")
MAX_COMMENT_CHARS = 4000
CSV_FIELDS = (
    "trace_id", "time", "question", "answerable", "answer", "citations", "retrieved", "latency_ms",
    "review_time", "verdict", "unsupported_citation", "citation", "comment",
)


class ReviewError(AdvisorError):
    """A review cannot be saved as given."""


@dataclass(frozen=True)
class Review:
    """One evaluator's judgement of one traced answer."""

    trace_id: str
    verdict: str = ""  # "up", "down" or "" (no thumbs)
    unsupported: bool = False  # "a citation does not support this"
    citation: int | None = None  # which citation, when known
    comment: str = ""
    time: str = ""

    def validate(self) -> Review:
        if not self.trace_id.strip():
            raise ReviewError("the review names no trace; pick an answer from the list first")
        if self.verdict not in VERDICTS:
            raise ReviewError(f"verdict {self.verdict!r} is not one of 'up', 'down' or ''")
        if not (self.verdict or self.unsupported or self.comment.strip()):
            raise ReviewError("the review is empty; give a thumbs up or down, flag a citation, or write a comment")
        if len(self.comment) > MAX_COMMENT_CHARS:
            raise ReviewError(f"the comment has {len(self.comment)} characters; shorten it to {MAX_COMMENT_CHARS}")
        if self.citation is not None and self.citation < 1:
            raise ReviewError(f"citation {self.citation} does not exist; citations are numbered from 1")
        return self

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Review:
        citation = data.get("citation")
        return cls(
            str(data.get("trace_id", "")), str(data.get("verdict", "") or ""), bool(data.get("unsupported")),
            int(citation) if isinstance(citation, int | str) and str(citation).isdigit() else None,
            str(data.get("comment", "") or ""), str(data.get("time", "") or ""),
        )


class ReviewLog:
    """Append-only JSONL store of reviews; a line cut by a crash is skipped when read."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def beside(cls, trace_path: Path) -> ReviewLog:
        return cls(trace_path.with_name("reviews.jsonl"))

    def append(self, review: Review) -> Review:
        review = replace(review, time=review.time or time.strftime("%Y-%m-%dT%H:%M:%S%z")).validate()
        append_jsonl(self.path, review.to_dict())
        return review

    def read(self) -> list[Review]:
        return [Review.from_dict(data) for data in read_jsonl(self.path)]

    def for_trace(self, trace_id: str) -> list[Review]:
        return [r for r in self.read() if r.trace_id == trace_id]


def _by_trace(reviews: Iterable[Review]) -> dict[str, list[Review]]:
    grouped: dict[str, list[Review]] = {}
    for review in reviews:
        grouped.setdefault(review.trace_id, []).append(review)
    return grouped


def export_jsonl(traces: Iterable[Mapping[str, Any]], reviews: Sequence[Review], dest: Path) -> Path:
    """One line per trace: the trace record as logged, plus its reviews under "reviews".

    Reviews whose trace is no longer in the log follow as lines of their own ({"orphan_review": ...})."""
    grouped = _by_trace(reviews)
    known = set()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("w", encoding="utf-8") as handle:
        for trace in traces:
            trace_id = str(trace.get("trace_id", ""))
            known.add(trace_id)
            record = {**trace, "reviews": [r.to_dict() for r in grouped.get(trace_id, [])]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        for trace_id, items in grouped.items():
            if trace_id not in known:
                for review in items:
                    handle.write(json.dumps({"orphan_review": review.to_dict()}, ensure_ascii=False) + "\n")
    return dest


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _trace_cells(trace: Mapping[str, Any]) -> list[Any]:
    citations = "; ".join(
        f"[{c.get('n')}] {(str(c.get('title') or '') + ' ') if c.get('title') else ''}"
        f"({c.get('doc_id')}:{c.get('start')}-{c.get('end')})" for c in trace.get("citations") or []
    )
    return [trace.get("trace_id", ""), trace.get("time", ""), trace.get("question", ""), trace.get("answerable", ""),
            trace.get("answer", ""), citations, len(trace.get("retrieved") or []), trace.get("latency_ms", "")]


def export_csv(traces: Iterable[Mapping[str, Any]], reviews: Sequence[Review], dest: Path) -> Path:
    """One row per (trace, review); a trace without reviews still gets one row with empty review cells."""
    grouped = _by_trace(reviews)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM lets Excel read UTF-8
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for trace in traces:
            cells = _trace_cells(trace)
            rows: list[Review | None] = list(grouped.get(str(trace.get("trace_id", "")), [])) or [None]
            for review in rows:
                extra = ["", "", "", "", ""] if review is None else [
                    review.time, review.verdict, review.unsupported, review.citation or "", review.comment]
                writer.writerow([_cell(v) for v in cells + extra])
    return dest
