"""The web app (Gradio) over the library: chat with cited answers, program match, guidance memo,
knowledge base, review. One builder per tab lives in `assistant/app/tabs/`; this module composes them,
wires the status line, the language switch and the `ask` API, and serves the app.

Only the app layer imports gradio. Every piece of document or user text is rendered through
`html.escape`; the HTML components carry data attributes and a small delegated click handler."""

import argparse
import logging
import math
import os
import socket
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # set before gradio is imported: no telemetry
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from assistant.app.api import build_api  # noqa: E402
from assistant.app.assets import CSS  # noqa: E402
from assistant.app.loader import AdvisorLoader  # noqa: E402
from assistant.app.render import TEXT, esc, render_status  # noqa: E402
from assistant.app.tabs.chat import build_chat_tab  # noqa: E402
from assistant.app.tabs.knowledge import build_knowledge_tab  # noqa: E402
from assistant.app.tabs.match import build_match_tab  # noqa: E402
from assistant.app.tabs.memo import build_memo_tab  # noqa: E402
from assistant.app.tabs.review import build_review_tab  # noqa: E402
from assistant.errors import AdvisorError  # noqa: E402
from assistant.settings import Settings  # noqa: E402

log = logging.getLogger(__name__)


def _header(code: str) -> str:
    t = TEXT[code]
    return f"<h2>{esc(t['title'])}</h2><div class='adv-muted'>{esc(t['subtitle'])}</div>"


def build_app(loader: AdvisorLoader, workdir: Path) -> gr.Blocks:
    """The Blocks app; `workdir` holds the memo and export files it offers for download."""
    t0 = TEXT["zh"]
    with gr.Blocks(title=f'{t0["title"]} · {TEXT["en"]["title"]}', analytics_enabled=False,
                   delete_cache=(600, 3600)) as demo:
        turns = gr.State([])
        panel_cite = gr.State(None)
        with gr.Row(equal_height=True):
            header = gr.HTML(_header("zh"), elem_id="header", js_on_load=None)
            lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label=t0["lang"], elem_id="lang",
                            scale=0, min_width=220, container=False, show_label=False)
        status = gr.HTML(render_status(loader, "zh"), elem_id="status", js_on_load=None)
        timer = gr.Timer(0.5)
        with gr.Tabs():
            chat = build_chat_tab(loader, turns, panel_cite, lang)
            build_match_tab(loader, turns, lang, chat.conversation)
            memo = build_memo_tab(workdir, turns, lang)
            kb = build_knowledge_tab(loader, lang, status)
            review = build_review_tab(loader, workdir, lang)

        def on_poll(code: str) -> tuple[Any, ...]:
            if loader.advisor is None:  # still loading, or failed (then polling stops)
                stop = gr.Timer(active=False) if loader.error else gr.skip()
                return stop, gr.skip(), gr.skip(), render_status(loader, code)
            return gr.Timer(active=False), *kb.view(code)

        timer.tick(on_poll, [lang], [timer, kb.docs, kb.remove_pick, status], show_progress="hidden",
                   api_visibility="private", concurrency_limit=None)
        demo.load(on_poll, [lang], [timer, kb.docs, kb.remove_pick, status], show_progress="hidden",
                  api_visibility="private", concurrency_limit=None)

        def on_lang(code: str, state: list[dict[str, Any]], cite: dict[str, Any] | None) -> tuple[Any, ...]:
            doc = loader.advisor.lookup(str(cite.get("doc_id"))) if cite and loader.advisor else None
            return (_header(code), gr.skip(), render_status(loader, code), *chat.relabel(code, state, doc, cite),
                    *memo.relabel(code), *kb.relabel(code), *review.relabel(code))

        lang.change(on_lang, [lang, turns, panel_cite],
                    [header, lang, status, *chat.relabel_outputs(), *memo.relabel_outputs(),
                     *kb.relabel_outputs(), *review.relabel_outputs()],
                    show_progress="hidden", api_visibility="private")

        def ask_endpoint(question: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
            """Answer a question from the documents; the same JSON as `python -m assistant ask --json`."""
            if not isinstance(question, str):  # e.g. question=123 from a script: not "empty"
                raise gr.Error("问题必须是文本 / the question must be text, e.g. \"专精特新企业有哪些培育措施？\"",
                               print_exception=False)
            try:
                return loader.get().ask(question, history or None).to_dict()
            except AdvisorError as exc:
                raise gr.Error(str(exc), print_exception=False) from exc  # a refusal, not a server fault

        gr.api(ask_endpoint, api_name="ask", concurrency_limit=8)
    return demo


def launch_options(settings: Settings, host: str, port: int, workdir: Path) -> dict[str, Any]:
    """Localhost unless told otherwise; no analytics, monitoring, run history or share links."""
    upload_mb = math.ceil(settings.max_file_mb) + 1  # the engine, not the browser, refuses big files
    from starlette.middleware import Middleware

    from assistant.app.guards import UploadLimits

    limits = Middleware(UploadLimits, max_request=upload_mb * 1_000_000 * 4)  # a few files per request
    return {
        "app_kwargs": {"middleware": [limits]},
        "server_name": host, "server_port": port, "css": CSS, "show_error": False,
        "footer_links": ["api"], "run_history": False, "enable_monitoring": False, "ssr_mode": False,
        "allowed_paths": [str(workdir)], "max_file_size": f"{upload_mb}mb",
    }


def build_server(loader: AdvisorLoader, settings: Settings, host: str, port: int, workdir: Path) -> Any:
    """One ASGI app: the HTTP API (`/v1`, `/api`, `/docs`) with the Gradio page mounted at `/`."""
    demo = build_app(loader, workdir)
    demo.queue(default_concurrency_limit=2)
    return gr.mount_gradio_app(build_api(loader), demo, path="/",
                               **launch_options(settings, host, port, workdir))


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def main(argv: Sequence[str] | None = None) -> int:
    import uvicorn

    parser = argparse.ArgumentParser(prog="app.py", description="Serve the advisor's web app and HTTP API.")
    parser.add_argument("--host", default=os.environ.get("ADVISOR_HOST", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1, or ADVISOR_HOST)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ADVISOR_PORT", "7860")),
                        help="port to serve on (default 7860, or ADVISOR_PORT)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from assistant.llm_config import install_secret_filter

    install_secret_filter(*(os.environ.get(n, "") for n in ("OPENAI_API_KEY", "ADVISOR_ADMIN_TOKEN",
                                                            "ADVISOR_REVIEW_TOKEN")))
    try:
        settings = Settings.from_env(os.environ, bind_host=args.host)  # the review tab needs to know
    except AdvisorError as exc:
        log.error("%s", exc)
        return 2
    try:
        sock = _bind(args.host, args.port)
    except OSError as exc:
        log.error("cannot serve on %s:%d (%s); pick another port with --port or ADVISOR_PORT",
                  args.host, args.port, exc)
        return 1
    loader = AdvisorLoader(settings)
    with tempfile.TemporaryDirectory(prefix="advisor-ui-") as tmp, sock:
        workdir = Path(tmp)
        app = build_server(loader, settings, args.host, args.port, workdir)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5))

        def start_when_serving() -> None:  # after the server is up: the page shows at once, with progress
            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                log.info("serving on http://%s:%d (HTTP API docs at /docs)", args.host, args.port)
                loader.start()

        threading.Thread(target=start_when_serving, name="advisor-start", daemon=True).start()
        server.run(sockets=[sock])  # Ctrl-C and SIGTERM stop it cleanly
    return 0
