"""Review storage next to the trace file, and export of traces and reviews."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from assistant.app.review import CSV_FIELDS, Review, ReviewError, ReviewLog, export_csv, export_jsonl

TRACES = [
    {"trace_id": "t1", "time": "2025-01-01T09:00:00+0000", "question": "小微企业有哪些支持？", "answerable": True,
     "answer": "支持甲。 [1]", "latency_ms": 41.5,
     "citations": [{"n": 1, "doc_id": "policy-a", "start": 10, "end": 14, "quote": "支持甲。"}],
     "retrieved": [{"chunk_id": "c1", "doc_id": "policy-a", "start": 0, "end": 50, "score": 0.05}]},
    {"trace_id": "t2", "time": "2025-01-01T09:01:00+0000", "question": "=HYPERLINK(\"http://x\")",
     "answerable": False, "answer": "文件中没有说明。", "citations": [], "retrieved": []},
]


def test_reviews_live_beside_the_trace(tmp_path: Path) -> None:
    log = ReviewLog.beside(tmp_path / "data" / "traces.jsonl")
    assert log.path == tmp_path / "data" / "reviews.jsonl"
    assert log.read() == []
    saved = log.append(Review("t1", verdict="down", unsupported=True, citation=1, comment="引文不支持结论"))
    assert saved.time
    log.append(Review("t2", verdict="up"))
    assert [r.trace_id for r in log.read()] == ["t1", "t2"]
    assert log.for_trace("t1") == [saved]


def test_a_cut_line_is_skipped(tmp_path: Path) -> None:
    log = ReviewLog(tmp_path / "reviews.jsonl")
    log.append(Review("t1", verdict="up"))
    with log.path.open("a", encoding="utf-8") as handle:
        handle.write('{"trace_id": "t2", "verd')
    assert [r.trace_id for r in log.read()] == ["t1"]


@pytest.mark.parametrize(("review", "message"), [
    (Review("", verdict="up"), "names no trace"),
    (Review("t1", verdict="meh"), "not one of"),
    (Review("t1"), "empty"),
    (Review("t1", comment="x" * 5000), "shorten"),
    (Review("t1", unsupported=True, citation=0), "numbered from 1"),
])
def test_bad_reviews_are_refused_with_a_reason(tmp_path: Path, review: Review, message: str) -> None:
    log = ReviewLog(tmp_path / "reviews.jsonl")
    with pytest.raises(ReviewError, match=message):
        log.append(review)
    assert not log.path.exists()


def test_round_trip() -> None:
    review = Review("t1", "down", True, 2, "评论", "2025-01-01T09:00:00+0000")
    assert Review.from_dict(json.loads(json.dumps(review.to_dict()))) == review


def test_export_jsonl_joins_reviews(tmp_path: Path) -> None:
    reviews = [Review("t1", "up", time="a"), Review("t1", "down", comment="second", time="b"),
               Review("gone", "up", time="c")]
    path = export_jsonl(TRACES, reviews, tmp_path / "out" / "export.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line.get("trace_id") for line in lines[:2]] == ["t1", "t2"]
    assert [r["verdict"] for r in lines[0]["reviews"]] == ["up", "down"]
    assert lines[0]["retrieved"][0]["chunk_id"] == "c1"
    assert lines[1]["reviews"] == []
    assert lines[2] == {"orphan_review": reviews[2].to_dict()}


def test_export_csv_rows_and_formula_guard(tmp_path: Path) -> None:
    reviews = [Review("t1", "up", time="a"), Review("t1", "down", True, 1, "second", "b")]
    path = export_csv(TRACES, reviews, tmp_path / "export.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_FIELDS)
    assert [(r["trace_id"], r["verdict"]) for r in rows] == [("t1", "up"), ("t1", "down"), ("t2", "")]
    assert rows[0]["citations"] == "[1] (policy-a:10-14)"
    assert rows[0]["retrieved"] == "1"
    assert rows[1]["unsupported_citation"] == "True" and rows[1]["citation"] == "1"
    assert rows[2]["question"].startswith("'=")  # a spreadsheet shows it, never evaluates it


def test_duplicate_uploads_are_kept_once(tmp_path: Path) -> None:
    from assistant.app.tabs.knowledge import unique_files

    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("同一份通知。", encoding="utf-8")
    b.write_text("同一份通知。", encoding="utf-8")
    c.write_text("另一份通知。", encoding="utf-8")
    assert unique_files([a, b, c, a]) == [a, c]


def test_exported_citations_name_the_document_title(tmp_path: Path) -> None:
    trace = {"trace_id": "t9", "question": "q", "answerable": True, "answer": "a [1]", "retrieved": [],
             "citations": [{"n": 1, "doc_id": "d1", "title": "关于专利托管的通知", "start": 0, "end": 3}]}
    path = export_csv([trace], [], tmp_path / "x.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["citations"] == "[1] 关于专利托管的通知 (d1:0-3)"
