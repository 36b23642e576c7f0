from __future__ import annotations

from pathlib import Path

from assistant.evaluation.evaluate import DEFAULT_QUESTIONS, evaluate, load_questions
from assistant.evaluation.report import write_report


def test_report_compares_modes_with_charts(hashing_advisor, tmp_path: Path) -> None:
    questions = load_questions(DEFAULT_QUESTIONS)
    sample = [q for q in questions if q.language == "zh"][:4] + [q for q in questions if q.language == "en"][:3]
    results = [evaluate(hashing_advisor, sample, mode) for mode in ("bm25", "dense", "hybrid")]
    path = write_report(tmp_path / "report", results, "sample")
    text = path.read_text(encoding="utf-8")
    assert "| metric | bm25 | dense | hybrid |" in text
    assert "## zh" in text and "## en" in text and "recall@5" in text
    for chart in ("recall_at_k.png", "answer_quality.png", "latency_histogram.png"):
        data = (path.parent / chart).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000
        assert f"({chart})" in text
