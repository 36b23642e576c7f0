"""The HTTP API, served by the same process as the page: OpenAI-compatible `/v1/models` and
`/v1/chat/completions` (plain and SSE streaming), plus `/api/ask`, `/api/match` and `/api/sources`.

The chat content is the cited answer with a numbered source list; the full answer JSON rides along under
"advisor". While the knowledge base builds, every call answers 503 with Retry-After; a malformed request
gets 400 with the reason; knowledge-base changes need the admin token as a Bearer header. Messages are in
the request's `language`, else the question's. Only the app layer imports fastapi."""

from __future__ import annotations

import hmac
import json
import logging
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, File, Header, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from assistant.app.loader import AdvisorLoader
from assistant.errors import (
    AdvisorError,
    DocumentNotFoundError,
    IngestError,
    ProfileError,
    QuestionError,
    StoreError,
)
from assistant.messages import language_of, render, render_error
from assistant.models import Answer

log = logging.getLogger(__name__)

MODEL_ID = "sme-policy-advisor"
RETRY_AFTER_SECONDS = 5
Language = Literal["zh", "en"]


class ApiError(Exception):
    """An HTTP error with an OpenAI-style body: {"error": {"message", "type", "code"}}."""

    def __init__(self, status: int, message: str, kind: str, code: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code, self.headers = status, message, kind, code, headers


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(str(part.get("text", "")) for part in self.content if part.get("type") == "text")
        return self.content or ""


class ChatRequest(BaseModel):
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1, description="the conversation; the last is the question")
    stream: bool = False
    language: Language | None = Field(None, description="language of messages and labels; default: the question's")


class AskRequest(BaseModel):
    question: str
    history: list[dict[str, Any]] = Field(default_factory=list, description='[{"role", "content"}] messages')
    language: Language | None = None


class MatchRequest(BaseModel):
    profile: dict[str, Any] = Field(description="enterprise profile, e.g. {\"employees\": 30, \"exports\": true}")
    language: Language = "zh"


def sources_block(answer: Answer, lang: str) -> str:
    """The answer text followed by a numbered list of its sources (title, section, quote)."""
    if not answer.citations:
        return answer.answer
    lines = [answer.answer, "", "来源：" if lang == "zh" else "Sources:"]
    for c in answer.citations:
        where = " · ".join(part for part in (c.title or c.source, c.section) if part)
        lines.append(f"[{c.n}] {where}: “{c.quote}”")
    return "\n".join(lines)


def _status_of(exc: AdvisorError) -> tuple[int, str]:
    if isinstance(exc, (QuestionError, ProfileError, IngestError)):
        return 400, "invalid_request_error"
    if isinstance(exc, DocumentNotFoundError):
        return 404, "not_found_error"
    if isinstance(exc, StoreError):
        return 503, "service_unavailable"
    return 500, "server_error"


def build_api(loader: AdvisorLoader) -> FastAPI:
    """The FastAPI app; the Gradio page is mounted on it at "/" by `assistant.app.ui`."""
    api = FastAPI(title="SME policy advisor API", version="1",
                  description="Cited answers from the policy documents in the knowledge base. OpenAI-compatible "
                              "chat completions, plus ask, match and the knowledge base's sources.")

    @api.exception_handler(ApiError)
    async def on_api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": {"message": exc.message, "type": exc.kind, "code": exc.code or None}},
                            status_code=exc.status, headers=exc.headers)

    @api.exception_handler(RequestValidationError)
    async def on_bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg')}"
                            for e in exc.errors())
        return JSONResponse({"error": {"message": f"malformed request: {reasons}", "type": "invalid_request_error",
                                       "code": "malformed_request"}}, status_code=400)

    def advisor(lang: str) -> Any:
        if loader.advisor is not None:
            return loader.advisor
        if loader.error:
            raise ApiError(503, render("load_failed", lang, {"reason": loader.error}), "service_unavailable",
                           "load_failed")
        raise ApiError(503, render("loading", lang), "service_unavailable", "loading",
                       {"Retry-After": str(RETRY_AFTER_SECONDS)})

    def failure(exc: AdvisorError, lang: str) -> ApiError:
        status, kind = _status_of(exc)
        return ApiError(status, render_error(exc, lang), kind, exc.code)

    def require_admin(authorization: str | None, lang: str) -> None:
        secret = loader.settings.admin_token
        if not secret:
            raise ApiError(403, "知识库修改未启用：启动时设置 ADVISOR_ADMIN_TOKEN。" if lang == "zh" else
                           "knowledge-base changes are disabled; start the app with ADVISOR_ADMIN_TOKEN set",
                           "permission_error", "changes_disabled")
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), secret.encode()):
            log.warning("knowledge-base change through the API refused: missing or wrong admin token")
            raise ApiError(401, "管理令牌缺失或不正确。" if lang == "zh" else "missing or wrong admin token; send "
                           "it as 'Authorization: Bearer <ADVISOR_ADMIN_TOKEN>'", "authentication_error",
                           "bad_token", {"WWW-Authenticate": "Bearer"})

    def ask(question: str, history: Sequence[Any], lang: str) -> Answer:
        try:
            return advisor(lang).ask(question, list(history) or None)  # type: ignore[no-any-return]
        except AdvisorError as exc:
            raise failure(exc, lang) from exc

    # -- OpenAI-compatible ----------------------------------------------------------------------
    @api.get("/v1/models", tags=["openai"])
    def list_models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "created": 0,
                                            "owned_by": "sme-policy-advisor"}]}

    @api.post("/v1/chat/completions", tags=["openai"], response_model=None)
    def chat_completions(request: ChatRequest) -> dict[str, Any] | StreamingResponse:
        *earlier, last = request.messages
        question = last.text()
        lang = request.language or language_of(question)
        if last.role != "user":
            raise ApiError(400, "the last message must be the user's question (role 'user')",
                           "invalid_request_error", "last_message_not_user")
        history = [{"role": m.role, "content": m.text()} for m in earlier if m.role in ("user", "assistant")]
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if not request.stream:
            answer = ask(question, history, lang)
            return {"id": completion_id, "object": "chat.completion", "created": created, "model": request.model,
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": sources_block(answer, lang)}}],
                    "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                    "advisor": answer.to_dict()}
        engine = advisor(lang)  # 503 before the stream starts, not inside it
        try:
            from assistant.answering.query import check_question

            check_question(question, engine.settings.max_question_chars)
        except AdvisorError as exc:
            raise failure(exc, lang) from exc

        def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            body = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                    "model": request.model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                    **extra}
            return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"

        def events() -> Iterator[str]:
            yield chunk({"role": "assistant", "content": ""})
            streamed = False
            try:
                for item in engine.ask_stream(question, history or None):
                    if isinstance(item, Answer):
                        rest = (sources_block(item, lang)[len(item.answer):] if streamed
                                else sources_block(item, lang))
                        if rest:
                            yield chunk({"content": rest})
                        yield chunk({}, "stop", advisor=item.to_dict())
                    else:
                        streamed = True
                        yield chunk({"content": item})
            except AdvisorError as exc:
                yield f"data: {json.dumps({'error': {'message': render_error(exc, lang), 'code': exc.code}})}\n\n"
            except Exception:
                log.exception("streamed chat completion failed")
                yield f"data: {json.dumps({'error': {'message': render('internal', lang), 'code': 'internal'}})}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    # -- the advisor's own calls -----------------------------------------------------------------
    @api.post("/api/ask", tags=["advisor"])
    def api_ask(request: AskRequest) -> dict[str, Any]:
        """The same JSON as `python -m assistant ask --json`."""
        return ask(request.question, request.history, request.language or language_of(request.question)).to_dict()

    @api.post("/api/match", tags=["advisor"])
    def api_match(request: MatchRequest) -> dict[str, Any]:
        """Programs that fit an enterprise profile, as a cited answer; `matches` lists them by fit."""
        try:
            return advisor(request.language).match_answer(request.profile, request.language).to_dict()  # type: ignore[no-any-return]
        except AdvisorError as exc:
            raise failure(exc, request.language) from exc

    @api.get("/api/sources", tags=["knowledge base"])
    def api_sources(language: Language = "zh") -> dict[str, Any]:
        return {"documents": [d.to_dict() for d in advisor(language).documents()]}

    @api.post("/api/sources", tags=["knowledge base"])
    def api_upload(files: list[UploadFile] = File(...), authorization: str | None = Header(None),  # noqa: B008
                   language: Language = "zh") -> dict[str, Any]:
        """Add or update documents (PDF, DOCX, TXT, MD, HTML); needs `Authorization: Bearer <admin token>`."""
        require_admin(authorization, language)
        engine = advisor(language)
        limit = int(engine.settings.max_file_mb * 1024 * 1024)
        with tempfile.TemporaryDirectory(prefix="advisor-api-") as tmp:
            paths: dict[Path, str] = {}
            for number, upload in enumerate(files):
                name = Path(upload.filename or f"upload-{number}").name
                target = Path(tmp) / f"{number}" / name
                target.parent.mkdir()
                data = upload.file.read(limit + 1)
                if len(data) > limit:
                    raise ApiError(413, render("file_too_large", language, {
                        "path": name, "size_mb": f">{engine.settings.max_file_mb:g}",
                        "limit_mb": f"{engine.settings.max_file_mb:g}"}), "invalid_request_error", "file_too_large")
                target.write_bytes(data)
                paths[target] = name
            try:
                report = engine.ingest(list(paths), names=paths)
            except AdvisorError as exc:
                raise failure(exc, language) from exc
        return {"added": report.added, "updated": report.updated, "unchanged": report.unchanged,
                "failed": [{"file": f, "reason": r} for f, r in report.failed],
                "documents": [d.to_dict() for d in engine.documents()]}

    @api.delete("/api/sources/{doc_id}", tags=["knowledge base"])
    def api_remove(doc_id: str, authorization: str | None = Header(None), language: Language = "zh") -> dict[str, Any]:
        """Remove a document; needs `Authorization: Bearer <admin token>`."""
        require_admin(authorization, language)
        try:
            advisor(language).remove(doc_id)
        except DocumentNotFoundError as exc:
            raise ApiError(404, render("document_not_found", language, {"doc_id": doc_id}), "not_found_error",
                           "document_not_found") from exc
        except AdvisorError as exc:
            raise failure(exc, language) from exc
        return {"removed": doc_id}

    return api
