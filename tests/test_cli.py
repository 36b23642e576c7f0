"""The command line, as a user runs it: real subprocesses over a copy of the built index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, input=stdin,
        capture_output=True, text=True, timeout=300,
    )


def test_ask_json_contract(cli_env) -> None:
    result = run(cli_env, "ask", "专利托管服务是做什么的？", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["answerable"] and data["mode"] == "extractive"
    assert data["citations"][0]["quote"] in Path(ROOT / "seeds/000_5508e2fbdddb18ff.txt").read_text(encoding="utf-8")


def test_ask_plain_text_lists_sources(cli_env) -> None:
    result = run(cli_env, "ask", "What is the chief quality officer system?")
    assert result.returncode == 0, result.stderr
    assert "首席质量官" in result.stdout and "Sources" in result.stdout


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_exits_2_with_a_message(cli_env, question: str) -> None:
    result = run(cli_env, "ask", question)
    assert result.returncode == 2
    assert "empty" in result.stderr and "Traceback" not in result.stderr


def test_huge_question_exits_2_with_the_limit(cli_env) -> None:
    result = run(cli_env, "ask", "专" * 10_000)
    assert result.returncode == 2
    assert "limit" in result.stderr and "Traceback" not in result.stderr


def test_batch_loads_once_and_answers_each_line(cli_env, tmp_path: Path) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(json.dumps({"question": q}, ensure_ascii=False)
                  for q in ["什么是“三首”产品？", "三首产品能拿到多少补贴？", "Who won the football world cup?"])
        + "\n{\"question\": \"\"}\nnot json\n",
        encoding="utf-8",
    )
    result = run(cli_env, "ask", "--batch", str(batch), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("answerable") for line in lines[:3]] == [True, False, False]
    assert "empty" in lines[3]["error"] and lines[4]["line"] == 5
    assert result.returncode == 2


def test_ingest_reports_each_bad_file_and_keeps_the_good(cli_env, tmp_path: Path) -> None:
    good = tmp_path / "新政策.txt"
    good.write_bytes("支持企业建设数字化车间和智能工厂，推进制造业数字化转型。".encode("gb18030"))
    (tmp_path / "table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "fake.pdf").write_bytes(b"hello")
    result = run(cli_env, "ingest", str(tmp_path), str(tmp_path / "missing.docx"))
    assert result.returncode == 1
    assert "added 1" in result.stdout
    assert "fake.pdf: the file is not a PDF" in result.stderr
    assert "empty.md: the file is empty" in result.stderr
    assert "missing.docx: no such file" in result.stderr
    assert "Traceback" not in result.stderr
    listing = json.loads(run(cli_env, "sources", "list", "--json").stdout)
    assert {d["doc_id"] for d in listing} == {"ningbo-innovation-ecosystem", "新政策"}
    assert all(d["chunks"] > 0 for d in listing)
    answer = json.loads(run(cli_env, "ask", "数字化车间有什么支持？", "--json").stdout)
    assert answer["citations"][0]["doc_id"] == "新政策"


def test_ingest_unsupported_file_names_the_formats(cli_env, tmp_path: Path) -> None:
    odd = tmp_path / "deck.pptx"
    odd.write_bytes(b"PK")
    result = run(cli_env, "ingest", str(odd))
    assert result.returncode == 1
    assert "deck.pptx" in result.stderr and "PDF, DOCX, TXT, MD, HTML" in result.stderr


def test_sources_remove(cli_env) -> None:
    assert run(cli_env, "sources", "remove", "ningbo-innovation-ecosystem").returncode == 0
    listing = json.loads(run(cli_env, "sources", "list", "--json").stdout)
    assert listing == []
    missing = run(cli_env, "sources", "remove", "no-such-doc")
    assert missing.returncode == 2 and "no-such-doc" in missing.stderr


def test_bad_setting_is_one_line(cli_env) -> None:
    env = dict(cli_env, ADVISOR_EMBEDDINGS="word2vec")
    result = run(env, "ask", "专利")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: ADVISOR_EMBEDDINGS='word2vec'")


def test_bench_scale_reports_each_size(cli_env) -> None:
    result = run(cli_env, "bench", "--scale", "200", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    (row,) = json.loads(result.stdout.strip().splitlines()[-1])
    assert row["chunks"] == 200 and row["sentences"] > row["chunks"] and row["reopen_embedded"] == 0
    assert row["answers"] > 100 and 0 < row["p50_ms"] <= row["p95_ms"]
    assert row["build_rss_mb"] > 0 and row["serve_rss_mb"] > 0
