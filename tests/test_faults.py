"""Kill the ingest process at random points; the next start must leave every document exactly
once and answer the same questions the same way."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import Settings, build_advisor
from assistant.testing import HashingEmbeddings

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
TRIALS = 20
QUESTIONS = ["专利托管服务是做什么的？", "数字化车间有什么支持？", "What startup competitions are held?"]


def make_corpus(folder: Path, n: int = 24) -> list[Path]:
    folder.mkdir()
    seed = (ROOT / "seeds" / "000_5508e2fbdddb18ff.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n\n") if len(p) > 80]
    files = []
    for i in range(n):
        body = "\n\n".join(paragraphs[(i + j) % len(paragraphs)] for j in range(4))
        path = folder / f"policy-{i:02d}.txt"
        path.write_text(f"第{i}号文件 数字化车间支持\n\n支持企业建设数字化车间，第{i}批。\n\n{body}", encoding="utf-8")
        files.append(path)
    return files


def snapshot(advisor) -> tuple[list[tuple[str, int]], list[tuple[bool, list[tuple[str, int, int]]]]]:
    docs = [(d.doc_id, d.chunks) for d in advisor.documents()]
    answers = []
    for q in QUESTIONS:
        a = advisor.ask(q, record=False)
        answers.append((a.answerable, [(c.doc_id, c.start, c.end) for c in a.citations]))
    return docs, answers


def test_killed_ingests_complete_without_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    reference = build_advisor(Settings(data_dir=tmp_path / "reference"), embeddings=HashingEmbeddings())
    reference.ingest([corpus])
    expected = snapshot(reference)
    assert len(expected[0]) == 25

    rng = random.Random(20261127)
    env = dict(os.environ, ADVISOR_EMBEDDINGS="hashing")
    kills = 0
    for trial in range(TRIALS):
        data = tmp_path / f"trial-{trial}"
        env["ADVISOR_DATA_DIR"] = str(data)
        process = subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(corpus)], cwd=ROOT, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
        # restart: the next run completes what the killed one left, then the same ingest is a no-op
        advisor = build_advisor(Settings(data_dir=data), embeddings=HashingEmbeddings())
        advisor.ingest([corpus])
        markers = advisor.store.markers()
        listed = [cid for m in markers.values() for cid in m.chunk_ids]
        assert len(listed) == len(set(listed)) == advisor.store.count("chunks"), f"trial {trial}: duplicates"
        assert snapshot(advisor) == expected, f"trial {trial}: answers differ after the restart"
    print(json.dumps({"trials": TRIALS, "killed_mid_ingest": kills}))
    assert kills >= TRIALS // 2, "the kills must land mid-ingest most of the time"
