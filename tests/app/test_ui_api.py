"""The web app without a browser: escaping in every renderer, the admin-token check, and the named `ask`
endpoint through gradio_client against a real `python app.py` (first start: it builds the seed index)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from gradio_client import Client

from assistant import Answer, Citation, Settings
from assistant.app.guards import token_problem as _token_problem
from assistant.app.render import (
    TEXT,
    render_conversation,
    render_document,
    render_documents,
    render_report,
    render_trace,
)
from assistant.app.review import Review

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


# -- a real app process, shared by the module ----------------------------------------------------
@dataclass
class RunningApp:
    url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app(workdir: Path, data_dir: Path, token: str | None, timeout: float = 120.0,
              extra_env: dict[str, str] | None = None) -> RunningApp:
    """`python app.py --port <free port>` with its own data dir; returns once the server answers HTTP."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_DATA_DIR=str(data_dir), GRADIO_TEMP_DIR=str(workdir / "gradio-tmp"), PYTHONUNBUFFERED="1",
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    if token:
        env["ADVISOR_ADMIN_TOKEN"] = token
    env.update(extra_env or {})
    log_path = workdir / f"app-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT, env=env,
                                   stdout=log_file, stderr=subprocess.STDOUT)
    app = RunningApp(f"http://127.0.0.1:{port}/", data_dir, log_path, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"app.py exited with {process.returncode}:\n{app.log()[-3000:]}")
        try:
            with urllib.request.urlopen(app.url, timeout=2) as response:
                if response.status == 200:
                    return app
        except OSError:
            time.sleep(0.1)
    app.stop()
    pytest.fail(f"app.py did not serve {app.url} within {timeout:.0f} s:\n{app.log()[-3000:]}")


# -- renderers: everything a document or a user wrote shows as text --------------------------------
def _cite(n: int = 1, quote: str = HOSTILE, **extra: object) -> dict:
    return {"n": n, "doc_id": "evil", "source": "evil<b>.html", "title": f"T{HOSTILE}", "section": HOSTILE,
            "quote": quote, "start": 5, "end": 5 + len(quote), "score": 0.5, **extra}


def _assert_inert(markup: str) -> None:
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in markup


def test_conversation_escapes_questions_answers_and_cards() -> None:
    turn = {"question": HOSTILE, "answer": f"{HOSTILE} [1] [7]", "answerable": True, "citations": [_cite()],
            "related": []}
    markup = render_conversation([turn], "zh")
    _assert_inert(markup)
    assert 'id="marker-0-1"' in markup and 'data-kind="citations"' in markup
    assert "[7]" in markup and 'id="marker-0-7"' not in markup  # only numbers that name a citation are links


def test_unanswerable_turn_is_marked_and_lists_related() -> None:
    turn = {"question": "深圳？", "answer": "文件中没有说明。", "answerable": False, "citations": [],
            "related": [_cite(quote="相关段落。")]}
    for lang in ("zh", "en"):
        markup = render_conversation([turn], lang)
        assert 'data-answerable="false"' in markup and "adv-unanswerable" in markup
        assert TEXT[lang]["not_stated"] in markup and 'id="card-0-related-1"' in markup


def test_empty_conversation_offers_starters() -> None:
    assert "data-starter=" in render_conversation([], "zh") and "data-starter=" in render_conversation([], "en")


def test_document_panel_highlights_the_quote_and_escapes_the_text() -> None:
    text = "前文。" + HOSTILE + "后文。"
    doc = SimpleNamespace(text=text)
    markup = render_document(doc, _cite(start=3, end=3 + len(HOSTILE)), "en")
    _assert_inert(markup)
    assert '<mark class="adv-quote" id="adv-quote">&lt;script&gt;' in markup


def test_document_panel_finds_a_moved_quote_and_handles_a_removed_document() -> None:
    doc = SimpleNamespace(text="新的开头。引文在这里。")
    markup = render_document(doc, _cite(quote="引文在这里。", start=0, end=6), "zh")
    assert '<mark class="adv-quote" id="adv-quote">引文在这里。</mark>' in markup
    assert TEXT["zh"]["doc_missing"] in render_document(None, _cite(), "zh")
    assert TEXT["en"]["panel"] in render_document(None, None, "en")


def test_long_document_is_windowed_around_the_quote() -> None:
    text = "甲" * 100_000 + "引文。" + "乙" * 100_000
    markup = render_document(SimpleNamespace(text=text), _cite(quote="引文。", start=100_000, end=100_003), "en")
    assert "characters omitted" in markup and len(markup) < 80_000 and "引文。</mark>" in markup


def test_tables_and_reports_escape() -> None:
    info = SimpleNamespace(doc_id="evil", title=HOSTILE, source="evil.html", chunks=2, added_at="now", language="zh")
    _assert_inert(render_documents([info], "zh"))
    report = SimpleNamespace(added=[HOSTILE], updated=[], unchanged=[], failed=[("x.pdf", HOSTILE)])
    _assert_inert(render_report(report, "en"))
    trace = {"trace_id": "t1", "question": HOSTILE, "answer": HOSTILE, "answerable": True, "citations": [_cite()],
             "related": [], "retrieved": [{"doc_id": "evil", "start": 0, "end": len(HOSTILE), "score": 0.1,
                                           "section": HOSTILE, "ranks": {"bm25": 1}}]}
    markup = render_trace(trace, [Review("t1", "down", True, 1, HOSTILE, "now")],
                          lambda _d: SimpleNamespace(text=HOSTILE), "en")
    _assert_inert(markup)


def test_admin_token_check() -> None:
    assert _token_problem(Settings(admin_token=""), "anything", "en") == TEXT["en"]["no_token"]
    assert _token_problem(Settings(admin_token="s3cret"), "wrong", "zh") == TEXT["zh"]["bad_token"]
    assert _token_problem(Settings(admin_token="s3cret"), None, "zh") == TEXT["zh"]["bad_token"]
    assert _token_problem(Settings(admin_token="s3cret"), "s3cret", "zh") == ""
    assert "s3cret" not in repr(Settings(admin_token="s3cret"))


# -- the `ask` endpoint through gradio_client -----------------------------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("ui-api")
    running = start_app(workdir, workdir / "data", token="api-test-token")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(app: RunningApp) -> Client:
    return Client(app.url, verbose=False)


ANSWER_KEYS = set(Answer("q", "a", True).to_dict())
CITATION_KEYS = set(Citation(1, "d", "s", "t", "", "q", 0, 1, 0.5).to_dict())


@pytest.mark.slow
def test_first_start_builds_the_index_with_visible_progress(app: RunningApp, client: Client) -> None:
    client.predict("宁波的企业梯队是怎样的？", api_name="/ask")  # waits until the index is built
    log = app.log()
    assert "knowledge base: embedding" in log and "advisor ready" in log
    assert f"serving on {app.url.rstrip('/')}" in log and "127.0.0.1" in app.url


@pytest.mark.slow
def test_ask_returns_the_answer_json(client: Client) -> None:
    data = client.predict("宁波的企业梯队是怎样的？", api_name="/ask")
    assert set(data) == ANSWER_KEYS
    assert data["answerable"] is True and data["citations"]
    for cite in data["citations"]:
        assert set(cite) == CITATION_KEYS
        assert f"[{cite['n']}]" in data["answer"]
    json.dumps(data)  # plain JSON, as `python -m assistant ask --json` prints


@pytest.mark.slow
def test_ask_gives_the_same_json_as_the_cli(app: RunningApp, client: Client, tmp_path: Path) -> None:
    question = "没有发明专利的中小企业可以得到哪些帮助？"
    from_api = client.predict(question, api_name="/ask")
    data = tmp_path / "cli-data"
    shutil.copytree(app.data_dir, data)  # the app keeps its store open; the CLI reads a copy
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_DATA_DIR=str(data), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", question, "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    from_cli = json.loads(done.stdout.strip().splitlines()[-1])
    assert {k: v for k, v in from_api.items() if k != "latency_ms"} == {
        k: v for k, v in from_cli.items() if k != "latency_ms"}


@pytest.mark.slow
def test_ask_with_history_uses_the_conversation(client: Client) -> None:
    first = client.predict("如何提升企业知识产权创造水平？", api_name="/ask")
    history = [{"role": "user", "content": first["question"]}, {"role": "assistant", "content": first["answer"]}]
    follow = client.predict("那人工智能呢？", history, api_name="/ask")
    alone = client.predict("那人工智能呢？", api_name="/ask")
    assert follow["standalone_question"] != alone["standalone_question"]
    assert follow["answerable"] and any("AI" in c["quote"] or "人工智能" in c["quote"] for c in follow["citations"])


@pytest.mark.slow
def test_unanswerable_question_through_the_api(client: Client) -> None:
    data = client.predict("深圳有什么专精特新补贴？", api_name="/ask")
    assert data["answerable"] is False and data["citations"] == [] and data["related"]


@pytest.mark.slow
def test_bad_question_gives_the_engines_message(client: Client) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        client.predict("   ", api_name="/ask")


@pytest.mark.slow
def test_only_ask_is_a_public_endpoint(client: Client) -> None:
    assert list(client.view_api(print_info=False, return_format="dict")["named_endpoints"]) == ["/ask"]


@pytest.mark.slow
def test_twenty_concurrent_asks_all_succeed(client: Client, capsys: pytest.CaptureFixture[str]) -> None:
    questions = ["宁波的企业梯队是怎样的？", "如何提升企业知识产权创造水平？", "深圳有什么专精特新补贴？",
                 "How can small companies get access to large AI models?"]
    expected = {q: client.predict(q, api_name="/ask")["answer"] for q in questions}

    def one(i: int) -> tuple[float, dict]:
        started = time.perf_counter()
        result = client.submit(questions[i % len(questions)], api_name="/ask").result(timeout=120)
        return (time.perf_counter() - started) * 1000, result

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))
    wall = (time.perf_counter() - started) * 1000
    latencies = sorted(ms for ms, _r in results)
    for i, (_ms, data) in enumerate(results):
        assert data["answer"] == expected[questions[i % len(questions)]]
    p50, p95 = statistics.median(latencies), latencies[int(0.95 * (len(latencies) - 1))]
    line = (f"20 concurrent /ask calls: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms, "
            f"wall {wall:.0f} ms")
    with capsys.disabled():
        print("\n" + line)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "ui-api-latency.txt").write_text(line + "\n", encoding="utf-8")
    assert p95 < 10_000
