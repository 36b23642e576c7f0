from __future__ import annotations

from assistant.evaluation.scale_bench import CHUNKS_PER_DOC, growth, report, synthetic_documents


def test_synthetic_corpus_is_marked_and_sized() -> None:
    docs = synthetic_documents(3 * CHUNKS_PER_DOC)
    assert len(docs) == 3
    for doc, blocks in docs:
        assert doc.doc_id.startswith("synthetic-") and "SYNTHETIC" in doc.title
        assert sum(1 for b in blocks if b.kind == "body") == CHUNKS_PER_DOC
        for block in blocks:  # offsets index the stored text exactly, as citations need
            assert doc.text[block.start : block.end] == block.text
    assert len({doc.sha256 for doc, _b in docs}) == 3


def test_report_states_growth_between_sizes() -> None:
    rows = [
        {"chunks": 1000, "build_s": 10.0, "reopen_s": 1.0, "p95_ms": 20.0, "serve_rss_mb": 300.0},
        {"chunks": 10000, "build_s": 120.0, "reopen_s": 2.5, "p95_ms": 40.0, "serve_rss_mb": 600.0},
        {"chunks": 100000, "error": "killed"},
    ]
    lines = growth(rows)
    assert lines == ["1000 -> 10000 chunks (x10): build_s x12.0, reopen_s x2.5, p95_ms x2.0, serve_rss_mb x2.0"]
    text = report(rows)
    assert "SYNTHETIC" in text and "failed: killed" in text and lines[0] in text
