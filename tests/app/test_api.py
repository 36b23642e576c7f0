"""The HTTP API: 503 while the knowledge base builds, 400 with the reason for a malformed request, the admin
token as a Bearer header for changes (in-process, over a real store), and end to end with the official
`openai` client against a real `python app.py` on 127.0.0.1 (plain and streamed chat, history, /api/*)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant import Settings
from assistant.advisor import Advisor
from assistant.app.api import MODEL_ID, build_api
from assistant.app.loader import AdvisorLoader

try:
    from test_ui_api import RunningApp, start_app
except ImportError:  # tests/ imported as a package
    from tests.app.test_ui_api import RunningApp, start_app

TOKEN = "api-s3cret"


# -- in process ------------------------------------------------------------------------------------
def test_while_building_every_call_is_503_with_retry_after() -> None:
    client = TestClient(build_api(AdvisorLoader(Settings())))
    for response in (client.get("/api/sources"),
                     client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": "专利？"}]}),
                     client.post("/api/ask", json={"question": "What is patent custody?"})):
        assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
        assert response.json()["error"]["code"] == "loading"
    assert "知识库仍在建立" in client.get("/api/sources").json()["error"]["message"]
    assert "still loading" in client.post("/api/ask", json={"question": "What is it?"}).json()["error"]["message"]


def test_a_failed_build_is_503_with_the_reason() -> None:
    loader = AdvisorLoader(Settings())
    loader.error = "the store cannot be opened"
    response = TestClient(build_api(loader)).get("/api/sources", params={"language": "en"})
    assert response.status_code == 503 and "the store cannot be opened" in response.json()["error"]["message"]


@pytest.mark.parametrize("body", [{}, {"messages": []}, {"messages": "hello"}, {"messages": [{"content": "x"}]},
                                  {"messages": [{"role": "user", "content": "x"}], "stream": "maybe"}])
def test_malformed_chat_request_is_400_with_the_reason(body: dict) -> None:
    response = TestClient(build_api(AdvisorLoader(Settings()))).post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    field = "stream" if "stream" in body else "messages"
    assert error["type"] == "invalid_request_error" and error["message"].startswith(f"malformed request: {field}")


def test_last_message_must_be_the_users() -> None:
    body = {"messages": [{"role": "user", "content": "专利托管是什么？"}, {"role": "assistant", "content": "…"}]}
    response = TestClient(build_api(AdvisorLoader(Settings()))).post("/v1/chat/completions", json=body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "last_message_not_user"


@pytest.fixture()
def ready(hashing_advisor: Advisor) -> TestClient:
    loader = AdvisorLoader(Settings(admin_token=TOKEN))
    loader.advisor = hashing_advisor
    return TestClient(build_api(loader))


def test_errors_come_in_the_users_language(ready: TestClient) -> None:
    empty = ready.post("/api/ask", json={"question": "  ", "language": "zh"})
    assert empty.status_code == 400 and "问题为空" in empty.json()["error"]["message"]
    profile = ready.post("/api/match", json={"profile": {"employees": "三十"}, "language": "zh"})
    assert profile.status_code == 400
    assert profile.json()["error"]["message"] == "“员工人数”填写的是“三十”，应为不小于 0 的整数。"
    english = ready.post("/api/match", json={"profile": {"employees": "thirty"}, "language": "en"})
    assert "it must be whole number >= 0" in english.json()["error"]["message"]


def test_changes_need_the_admin_token_as_bearer(ready: TestClient, tmp_path: Path) -> None:
    files = {"files": ("notice.txt", "关于开展专利托管试点的通知\n\n各区县企业可申请专利托管服务。".encode())}
    assert ready.post("/api/sources", files=files).status_code == 401
    wrong = ready.post("/api/sources", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
    added = ready.post("/api/sources", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert added.status_code == 200, added.text
    assert added.json()["added"] and not added.json()["failed"]
    doc_id = added.json()["added"][0]
    assert doc_id in {d["doc_id"] for d in ready.get("/api/sources").json()["documents"]}
    assert ready.delete(f"/api/sources/{doc_id}").status_code == 401
    assert ready.delete(f"/api/sources/{doc_id}", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    gone = ready.delete(f"/api/sources/{doc_id}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "document_not_found"


def test_without_a_configured_token_changes_are_refused(hashing_advisor: Advisor) -> None:
    loader = AdvisorLoader(Settings(admin_token=""))
    loader.advisor = hashing_advisor
    response = TestClient(build_api(loader)).delete("/api/sources/x", headers={"Authorization": "Bearer x"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "changes_disabled"


# -- end to end: the official openai client against `python app.py` -----------------------------------
@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    workdir = tmp_path_factory.mktemp("http-api")
    running = start_app(workdir, workdir / "data", token=TOKEN)
    statuses = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # the first start builds the seed index
        response = httpx.get(running.url + "api/sources", timeout=10)
        statuses.append(response.status_code)
        if response.status_code == 200:
            break
        assert response.status_code == 503 and response.headers["Retry-After"]
        time.sleep(0.5)
    assert statuses[-1] == 200, running.log()[-3000:]
    yield running
    running.stop()


@pytest.fixture(scope="module")
def openai_client(app: RunningApp):  # type: ignore[no-untyped-def]
    import openai

    return openai.OpenAI(base_url=app.url + "v1", api_key="not-needed", max_retries=0, timeout=120)


@pytest.mark.slow
def test_models_and_a_plain_completion(openai_client) -> None:  # type: ignore[no-untyped-def]
    assert [m.id for m in openai_client.models.list().data] == [MODEL_ID]
    completion = openai_client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "宁波的企业梯队是怎样的？"}])
    content = completion.choices[0].message.content
    advisor = completion.model_extra["advisor"]
    assert advisor["answerable"] and advisor["citations"]
    assert content.startswith(advisor["answer"]) and "来源：" in content
    for cite in advisor["citations"]:
        assert f"[{cite['n']}] " in content and cite["quote"] in content


@pytest.mark.slow
def test_the_messages_list_is_the_history(openai_client) -> None:  # type: ignore[no-untyped-def]
    first = openai_client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "如何提升企业知识产权创造水平？"}])
    follow = openai_client.chat.completions.create(model=MODEL_ID, messages=[
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "如何提升企业知识产权创造水平？"},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "那人工智能呢？"}])
    alone = openai_client.chat.completions.create(
        model=MODEL_ID, messages=[{"role": "user", "content": "那人工智能呢？"}])
    assert follow.model_extra["advisor"]["standalone_question"] != alone.model_extra["advisor"]["standalone_question"]


@pytest.mark.slow
def test_streamed_completion_gives_the_same_content(openai_client) -> None:  # type: ignore[no-untyped-def]
    messages = [{"role": "user", "content": "How can small companies get access to large AI models?"}]
    plain = openai_client.chat.completions.create(model=MODEL_ID, messages=messages)
    pieces, extra = [], {}
    for chunk in openai_client.chat.completions.create(model=MODEL_ID, messages=messages, stream=True):
        if chunk.choices and chunk.choices[0].delta.content:
            pieces.append(chunk.choices[0].delta.content)
        extra.update(chunk.model_extra or {})
    assert "".join(pieces) == plain.choices[0].message.content and "Sources:" in plain.choices[0].message.content
    assert extra["advisor"]["answer"] == plain.model_extra["advisor"]["answer"]


@pytest.mark.slow
def test_a_bad_question_is_a_400_for_the_client(openai_client) -> None:  # type: ignore[no-untyped-def]
    import openai

    with pytest.raises(openai.BadRequestError, match="问题为空"):  # no text to tell the language: Chinese
        openai_client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "  "}])
    with pytest.raises(openai.BadRequestError, match="The question is empty"):
        openai_client.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "  "}],
                                              extra_body={"language": "en"})


@pytest.mark.slow
def test_ask_match_sources_and_the_openapi_page(app: RunningApp) -> None:
    ask = httpx.post(app.url + "api/ask", json={"question": "深圳有什么专精特新补贴？"}, timeout=120).json()
    assert ask["answerable"] is False and ask["related"]
    match = httpx.post(app.url + "api/match", json={"profile": {"employees": 30, "exports": True}}, timeout=120)
    assert match.status_code == 200 and match.json()["mode"] == "match"
    sources = httpx.get(app.url + "api/sources", timeout=30).json()["documents"]
    assert sources and all(d["title"] for d in sources)
    spec = httpx.get(app.url + "openapi.json", timeout=30).json()
    assert {"/v1/chat/completions", "/v1/models", "/api/ask", "/api/match", "/api/sources"} <= set(spec["paths"])
    assert httpx.get(app.url + "docs", timeout=30).status_code == 200
    assert httpx.get(app.url, timeout=30).status_code == 200  # the page is still at /
    refused = httpx.delete(app.url + "api/sources/anything", timeout=30)
    assert refused.status_code == 401
