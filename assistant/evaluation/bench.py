"""`python -m assistant bench`: first index build, start-up to first answer, answer latency
p50/p95 and throughput with a warm index, and peak RSS. Figures are printed, not asserted."""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.evaluation.evaluate import DEFAULT_QUESTIONS, load_questions
from assistant.evaluation.stats import percentile

_STARTUP = (
    "import time, sys; t = time.perf_counter(); from assistant import build_advisor; "
    "a = build_advisor(); a.ask(sys.argv[1]); "
    "import resource; print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def run(questions_path: Path, repeat: int) -> dict[str, Any]:
    from assistant.advisor import build_advisor
    from assistant.settings import Settings

    questions = [q.question for q in load_questions(questions_path)]
    figures: dict[str, Any] = {"questions": len(questions), "repeat": repeat, "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as tmp:
        data = Path(tmp) / "data"
        settings = Settings.from_env(os.environ, data_dir=data)
        started = time.perf_counter()
        advisor = build_advisor(settings)
        build_s = time.perf_counter() - started
        chunks = advisor.store.count("chunks")
        sentences = advisor.store.count("sentences")
        figures["index_build_s"] = round(build_s, 2)
        figures["indexed_chunks"] = chunks
        figures["indexed_sentences"] = sentences
        figures["index_throughput_texts_per_s"] = round((chunks + sentences) / build_s, 1)

        env = dict(os.environ, ADVISOR_DATA_DIR=str(data))
        child = subprocess.run([sys.executable, "-c", _STARTUP, questions[0]], env=env, capture_output=True,
                               text=True, check=True)
        startup_s, child_rss_kb = child.stdout.split()[-2:]
        figures["startup_to_first_answer_s"] = round(float(startup_s), 2)
        figures["startup_peak_rss_mb"] = round(int(child_rss_kb) / 1024, 1)

        latencies: list[float] = []
        for question in questions:  # warm-up pass, not measured
            advisor.ask(question, record=False)
        started = time.perf_counter()
        for _ in range(repeat):
            for question in questions:
                t0 = time.perf_counter()
                advisor.ask(question)
                latencies.append((time.perf_counter() - t0) * 1000)
        wall = time.perf_counter() - started
        figures["answers"] = len(latencies)
        figures["latency_p50_ms"] = round(percentile(latencies, 50), 1)
        figures["latency_p95_ms"] = round(percentile(latencies, 95), 1)
        figures["latency_max_ms"] = round(max(latencies), 1)
        figures["latency_mean_ms"] = round(statistics.fmean(latencies), 1)
        figures["throughput_answers_per_s"] = round(len(latencies) / wall, 1)
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def run_corpus(corpus: Path, questions_path: Path | None, repeat: int) -> dict[str, Any]:
    """Ingest a folder of documents into a fresh knowledge base, then answer its questions."""
    from assistant.advisor import build_advisor
    from assistant.settings import Settings

    files = [p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".")]
    figures: dict[str, Any] = {"documents": len(files), "cores": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="advisor-bench-corpus-") as tmp:
        settings = Settings.from_env(os.environ, data_dir=Path(tmp) / "data")
        advisor = build_advisor(settings)
        before = advisor.store.count("chunks"), advisor.store.count("sentences")
        started = time.perf_counter()
        report = advisor.ingest([corpus])
        ingest_s = time.perf_counter() - started
        figures["ingest_s"] = round(ingest_s, 1)
        figures["ingest_failed"] = len(report.failed)
        figures["indexed_chunks"] = advisor.store.count("chunks") - before[0]
        figures["indexed_sentences"] = advisor.store.count("sentences") - before[1]
        figures["ingest_throughput_texts_per_s"] = round(
            (figures["indexed_chunks"] + figures["indexed_sentences"]) / max(ingest_s, 1e-6), 1)
        questions = [q.question for q in load_questions(questions_path)] if questions_path else []
        if not questions:
            from assistant.evaluation.corpus import DEFAULT_QUESTIONS_FILE, load

            default = corpus.parent / DEFAULT_QUESTIONS_FILE
            questions = [q.question for q in load(default)] if default.exists() else []
        for question in questions:  # warm-up pass, not measured
            advisor.ask(question, record=False)
        latencies: list[float] = []
        started = time.perf_counter()
        for _ in range(repeat):
            for question in questions:
                t0 = time.perf_counter()
                advisor.ask(question, record=False)
                latencies.append((time.perf_counter() - t0) * 1000)
        wall = time.perf_counter() - started
        figures["answers"] = len(latencies)
        figures["latency_p50_ms"] = round(percentile(latencies, 50), 1)
        figures["latency_p95_ms"] = round(percentile(latencies, 95), 1)
        figures["throughput_answers_per_s"] = round(len(latencies) / max(wall, 1e-6), 1)
        figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


TARGETS = {
    "index_build_s": ("<=", 30), "startup_to_first_answer_s": ("<=", 5), "latency_p50_ms": ("<=", 50),
    "latency_p95_ms": ("<=", 150), "peak_rss_mb": ("<=", 1024), "ingest_s": ("<=", 180),
}


def main(args: argparse.Namespace) -> int:
    if getattr(args, "scale", None):
        from assistant.evaluation.scale_bench import report
        from assistant.evaluation.scale_bench import run as run_scale

        sizes = [int(s) for s in str(args.scale).split(",") if s.strip()]
        rows = run_scale(sizes, on_row=lambda row: print(json.dumps(row), file=sys.stderr, flush=True))
        print(json.dumps(rows) if getattr(args, "json", False) else report(rows))
        return 0 if all("error" not in r for r in rows) else 1
    if getattr(args, "corpus", None):
        figures = run_corpus(Path(args.corpus), Path(args.questions) if args.questions else None, max(1, args.repeat))
    else:
        figures = run(Path(args.questions) if args.questions else DEFAULT_QUESTIONS, max(1, args.repeat))
    if getattr(args, "json", False):
        print(json.dumps(figures))
        return 0
    for key, value in figures.items():
        target = TARGETS.get(key)
        note = ""
        if target:
            ok = value <= target[1]
            note = f"   target {target[0]} {target[1]}  {'ok' if ok else 'MISSED'}"
        print(f"{key:<32}{value:>10}{note}")
    return 0
