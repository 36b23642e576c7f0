"""A scripted OpenAI-compatible chat server on 127.0.0.1 for tests (stdlib only, no network).

    with FakeOpenAIServer([Reply("答案[1]。"), Reply(status=500)]) as server:
        model = ChatOpenAI(base_url=server.url, api_key="k", model="m")
        ...
        server.requests[0].headers["authorization"]

POST /v1/chat/completions answers with the next scripted `Reply` (JSON, or server-sent events when
the request asks for `"stream": true`); a reply may instead be a function of the request. Every
request is recorded with its headers and JSON body.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """content: the assistant's text; status: an HTTP error instead; body: raw bytes to send as-is
    (garbage); delay_s: wait before answering; chunk_delay_s: wait between streamed pieces; pieces:
    how to cut the content into streamed deltas (default: about 8 characters each)."""

    content: str = ""
    status: int = 200
    body: str | None = None
    delay_s: float = 0.0
    chunk_delay_s: float = 0.0
    pieces: tuple[str, ...] = ()
    error: str = "scripted error"


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    raw: str

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def text_of(self, role: str) -> str:
        return "\n".join(str(m.get("content", "")) for m in self.messages if m.get("role") == role)


Script = Reply | Callable[[Request], Reply]


@dataclass
class FakeOpenAIServer:
    replies: Iterable[Script] = ()
    default: Script = field(default_factory=lambda: Reply(status=500, error="no scripted reply left"))
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue = list(self.replies)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def add(self, *replies: Script) -> None:
        with self._lock:
            self._queue.extend(replies)

    def next_reply(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            script = self._queue.pop(0) if self._queue else self.default
        return script(request) if callable(script) else script

    def start(self) -> FakeOpenAIServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def closed_port_url() -> str:
    """A localhost URL where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _handler(owner: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length).decode("utf-8") if length else ""
            try:
                body = json.loads(raw) if raw else {}
            except ValueError:
                body = {}
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body, raw)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                return
            reply = owner.next_reply(request)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.body is not None:
                self._send(reply.status, reply.body.encode("utf-8"), "application/json")
            elif reply.status != 200:
                self._json(reply.status, {"error": {"message": reply.error, "type": "scripted", "code": reply.status}})
            elif body.get("stream"):
                self._stream(reply, str(body.get("model", "fake")))
            else:
                self._json(200, _completion(reply.content, str(body.get("model", "fake"))))

        def _json(self, status: int, data: dict[str, Any]) -> None:
            self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

        def _send(self, status: int, data: bytes, content_type: str) -> None:
            try:
                self.send_response(status)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def _stream(self, reply: Reply, model: str) -> None:
            pieces = reply.pieces or tuple(reply.content[i : i + 8] for i in range(0, len(reply.content), 8))
            try:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("cache-control", "no-cache")
                self.send_header("connection", "close")
                self.end_headers()
                self._event(_chunk({"role": "assistant", "content": ""}, model, None))
                for piece in pieces:
                    if reply.chunk_delay_s:
                        time.sleep(reply.chunk_delay_s)
                    self._event(_chunk({"content": piece}, model, None))
                self._event(_chunk({}, model, "stop"))
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(b"data: " + json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n\n")
            self.wfile.flush()

    return Handler


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(delta: dict[str, Any], model: str, finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
