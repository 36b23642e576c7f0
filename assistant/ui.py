"""The web app (Gradio) over the library: chat with cited answers, guidance memo, knowledge base, review.

The only module that imports gradio. Every piece of document or user text is rendered through
`html.escape`; the HTML components carry data attributes and a small delegated click handler."""

import argparse
import functools
import hmac
import inspect
import logging
import math
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # set before gradio is imported: no telemetry
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import gradio as gr  # noqa: E402

from .advisor import Advisor, build_advisor  # noqa: E402
from .errors import AdvisorError  # noqa: E402
from .memo import build_memo, to_markdown, write_docx, write_markdown  # noqa: E402
from .models import Answer  # noqa: E402
from .profile import BOOLEAN_FIELDS, FIELD_LABELS, TIERS  # noqa: E402
from .render import (  # noqa: E402
    CHAT_JS,
    CSS,
    HISTORY_TURNS,
    MAX_TURNS,
    PANEL_JS,
    TEXT,
    TRACE_LIMIT,
    UPLOAD_TYPES,
    esc,
    render_conversation,
    render_document,
    render_documents,
    render_matches,
    render_report,
    render_status,
    render_trace,
)
from .review import Review, ReviewLog, export_csv, export_jsonl  # noqa: E402
from .settings import Settings  # noqa: E402

log = logging.getLogger(__name__)

# -- the advisor, built in the background so the page can show progress ------------------------
class AdvisorLoader:
    """Builds the advisor on a background thread; handlers wait for it, the page shows its progress."""

    def __init__(self, settings: Settings, factory: Callable[..., Advisor] = build_advisor) -> None:
        self.settings = settings
        self.advisor: Advisor | None = None
        self.error = ""
        self.progress: tuple[str, int, int] = ("", 0, 0)
        self._factory = factory
        self._ready = threading.Event()
        self._logged = ("", -1)

    def start(self) -> "AdvisorLoader":
        threading.Thread(target=self._build, name="advisor-loader", daemon=True).start()
        return self

    def _report(self, stage: str, done: int, total: int) -> None:
        self.progress = (stage, done, total)
        decile = done * 10 // total if total else 0
        if (stage, decile) != self._logged:
            self._logged = (stage, decile)
            log.info("knowledge base: %s %d/%d", stage, done, total)

    def _build(self) -> None:
        started = time.perf_counter()
        try:
            self.advisor = self._factory(self.settings, progress=self._report)
            log.info("advisor ready in %.1f s (%d documents)", time.perf_counter() - started,
                     len(self.advisor.documents()))
        except Exception as exc:  # shown on the page and in the log; never a stack trace in the browser
            log.exception("the advisor could not be built")
            self.error = str(exc) or type(exc).__name__
        finally:
            self._ready.set()

    def get(self, timeout: float = 300.0) -> Advisor:
        if not self._ready.wait(timeout) or self.advisor is None:
            raise AdvisorError(self.error or "the knowledge base is still loading; try again in a moment")
        return self.advisor


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn errors into a visible warning (and skipped outputs), never a stack trace in the browser."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def streaming(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from fn(*args, **kwargs)
            except AdvisorError as exc:
                gr.Warning(str(exc))
                yield gr.skip()
            except Exception:
                log.exception("%s failed", fn.__name__)
                gr.Warning("Something went wrong; the server log has the details.")
                yield gr.skip()

        return streaming

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AdvisorError as exc:
            gr.Warning(str(exc))
        except Exception:
            log.exception("%s failed", fn.__name__)
            gr.Warning("Something went wrong; the server log has the details.")
        return gr.skip()

    return wrapper


def _history(turns: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    messages = []
    for turn in turns[-HISTORY_TURNS:]:
        messages += [{"role": "user", "content": str(turn.get("question", ""))},
                     {"role": "assistant", "content": str(turn.get("answer", ""))}]
    return messages


def _token_problem(settings: Settings, token: str | None, lang: str) -> str:
    """'' when the admin token matches; otherwise the reason the change is refused."""
    if not settings.admin_token:
        return TEXT[lang]["no_token"]
    if not hmac.compare_digest((token or "").encode("utf-8"), settings.admin_token.encode("utf-8")):
        log.warning("knowledge-base change refused: wrong admin token")
        return TEXT[lang]["bad_token"]
    return ""


def _number(text: str | None, whole: bool) -> Any:
    """A number typed in a form; blank is unknown, anything unreadable goes to the profile check as is."""
    value = (text or "").strip().replace(",", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return value  # validate_profile names the field and what it must be
    return int(number) if whole and number.is_integer() else number


def _out_dir(workdir: Path, stem: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{stem}-", dir=workdir))


def build_app(loader: AdvisorLoader, workdir: Path) -> gr.Blocks:
    """The Blocks app; `workdir` holds the memo and export files it offers for download."""
    settings = loader.settings
    admin = bool(settings.admin_token)
    t0 = TEXT["zh"]

    with gr.Blocks(title=f'{t0["title"]} · {TEXT["en"]["title"]}', analytics_enabled=False,
                   delete_cache=(3600, 24 * 3600)) as demo:
        turns = gr.State([])
        panel_cite = gr.State(None)
        with gr.Row(equal_height=True):
            header = gr.HTML(f"<h2>{esc(t0['title'])}</h2><div class='adv-muted'>{esc(t0['subtitle'])}</div>",
                             elem_id="header", js_on_load=None)
            lang = gr.Radio([("中文", "zh"), ("English", "en")], value="zh", label=t0["lang"], elem_id="lang",
                            scale=0, min_width=220, container=False, show_label=False)
        status = gr.HTML(render_status(loader, "zh"), elem_id="status", js_on_load=None)
        timer = gr.Timer(0.5)
        with gr.Tabs():
            with gr.Tab(t0["tab_chat"], id="chat", elem_id="tab-chat") as tab_chat:
                with gr.Row():
                    with gr.Column(scale=3):
                        conversation = gr.HTML(render_conversation([], "zh"), elem_id="conversation",
                                               js_on_load=CHAT_JS, min_height=200, max_height=640)
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(label=t0["question"], placeholder=t0["placeholder"],
                                                  elem_id="question", scale=5, max_lines=4, autofocus=True)
                            ask = gr.Button(t0["ask"], variant="primary", elem_id="ask", scale=1)
                        clear = gr.Button(t0["clear"], elem_id="clear", size="sm")
                    with gr.Column(scale=2, elem_id="doc-col"):
                        panel = gr.HTML(render_document(None, None, "zh"), elem_id="doc-panel", js_on_load=PANEL_JS)
            with gr.Tab("企业画像匹配 · Program match", id="match", elem_id="tab-match"):
                gr.Markdown("填写已知的企业情况（不填即为未知），查看文件中哪些措施适合贵企业、依据哪句原文。 · "
                            "Fill in what you know (blank = unknown) to see which measures fit, and the clause "
                            "behind each condition.")
                with gr.Row():
                    m_industry = gr.Textbox(label="行业 · Industry", elem_id="m-industry")
                    m_district = gr.Textbox(label="所在区县 · District", elem_id="m-district")
                    m_tier = gr.Dropdown([("未填 · not given", ""), *[(x, x) for x in TIERS]], value="",
                                         label="企业梯队 · Tier", elem_id="m-tier")
                with gr.Row():
                    # text boxes, not gr.Number: an empty Number submits 0, and 0 patents is a claim
                    m_employees = gr.Textbox(label="员工人数 · Employees", elem_id="m-employees")
                    m_revenue = gr.Textbox(label="年营业收入（元）· Annual revenue (CNY)", elem_id="m-revenue")
                    m_patents = gr.Textbox(label="发明专利数 · Invention patents", elem_id="m-patents")
                m_quals = gr.Textbox(label="资质（逗号分隔）· Qualifications (comma-separated)", elem_id="m-quals")
                m_flags = []
                with gr.Row():
                    for name in BOOLEAN_FIELDS:
                        zh_label, en_label = FIELD_LABELS[name]
                        m_flags.append(gr.Radio([("未知", ""), ("是 yes", "yes"), ("否 no", "no")], value="",
                                                label=f"{zh_label} · {en_label}", elem_id=f"m-{name}",
                                                min_width=160))
                m_button = gr.Button("匹配 · Match", variant="primary", elem_id="m-match")
                m_result = gr.HTML(render_matches(None, "zh"), elem_id="m-result", js_on_load=None)
            with gr.Tab(t0["tab_memo"], id="memo", elem_id="tab-memo") as tab_memo:
                memo_intro = gr.Markdown(t0["memo_intro"])
                memo_btn = gr.Button(t0["memo_draft"], variant="primary", elem_id="memo-draft")
                with gr.Row():
                    memo_md = gr.DownloadButton(t0["memo_md"], elem_id="memo-md", interactive=False)
                    memo_docx = gr.DownloadButton(t0["memo_docx"], elem_id="memo-docx", interactive=False)
                memo_preview = gr.Markdown("", elem_id="memo-preview")
            with gr.Tab(t0["tab_kb"], id="kb", elem_id="tab-kb") as tab_kb:
                kb_note = gr.Markdown(t0["kb_enabled"] if admin else t0["kb_disabled"], elem_id="kb-note")
                token = gr.Textbox(label=t0["token"], type="password", elem_id="admin-token", interactive=admin)
                files = gr.File(label=t0["files"], file_count="multiple", file_types=UPLOAD_TYPES, type="filepath",
                                elem_id="kb-files", interactive=admin)
                upload = gr.Button(t0["upload"], variant="primary", elem_id="kb-upload", interactive=admin)
                kb_status = gr.HTML("", elem_id="kb-status", js_on_load=None)
                with gr.Row(equal_height=True):
                    remove_pick = gr.Dropdown([], label=t0["remove_pick"], elem_id="kb-remove-pick", scale=3,
                                              interactive=admin)
                    remove = gr.Button(t0["remove"], variant="stop", elem_id="kb-remove", interactive=admin, scale=1)
                    reindex = gr.Button(t0["reindex"], elem_id="kb-reindex", interactive=admin, scale=1)
                docs = gr.HTML("", elem_id="kb-docs", js_on_load=None)
            with gr.Tab(t0["tab_review"], id="review", elem_id="tab-review") as tab_review:
                with gr.Row(equal_height=True):
                    trace_pick = gr.Dropdown([], label=t0["traces"], elem_id="review-trace", scale=4)
                    refresh = gr.Button(t0["refresh"], elem_id="review-refresh", scale=1)
                detail = gr.HTML(render_trace(None, [], lambda _d: None, "zh"), elem_id="review-detail",
                                 js_on_load=None)
                with gr.Row():
                    verdict = gr.Radio([(t0["up"], "up"), (t0["down"], "down")], label=t0["verdict"],
                                       elem_id="review-verdict")
                    unsupported = gr.Checkbox(label=t0["unsupported"], elem_id="review-unsupported")
                    which = gr.Dropdown([], label=t0["which"], elem_id="review-which")
                comment = gr.Textbox(label=t0["comment"], lines=2, elem_id="review-comment")
                save = gr.Button(t0["save"], variant="primary", elem_id="review-save")
                review_status = gr.HTML("", elem_id="review-status", js_on_load=None)
                export = gr.Button(t0["export"], elem_id="review-export")
                with gr.Row():
                    export_jsonl_btn = gr.DownloadButton(t0["jsonl"], elem_id="export-jsonl", interactive=False)
                    export_csv_btn = gr.DownloadButton(t0["csv"], elem_id="export-csv", interactive=False)

        def reviews() -> ReviewLog:
            return ReviewLog.beside(loader.get().trace.path)

        # -- chat ---------------------------------------------------------------------------------
        @_guard
        def on_ask(text: str, state: list[dict[str, Any]], code: str) -> Iterator[tuple[Any, ...]]:
            """Checked sentences appear as an LLM writes them (if one is configured); then the answer."""
            advisor = loader.get()
            draft: str = ""
            final: dict[str, Any] = {}
            for item in advisor.ask_stream(text or "", _history(state)):
                if isinstance(item, Answer):
                    final = item.to_dict()
                    continue
                draft += item
                pending = {"question": text, "answer": draft, "answerable": True, "citations": [], "related": []}
                yield render_conversation([*state, pending], code), state, gr.skip()
            state = [*state, final][-MAX_TURNS:]
            yield render_conversation(state, code), state, ""

        ask_io: dict[str, Any] = {"inputs": [question, turns, lang], "outputs": [conversation, turns, question],
                  "show_progress": "minimal", "api_visibility": "private", "concurrency_limit": 4}
        ask.click(on_ask, **ask_io)
        question.submit(on_ask, **ask_io)

        def on_starter(state: list[dict[str, Any]], code: str, evt: gr.EventData) -> Iterator[tuple[Any, ...]]:
            yield from on_ask(str(evt._data.get("question", "")), state, code)

        conversation.starter(on_starter, [turns, lang], [conversation, turns, question], show_progress="minimal",
                             api_visibility="private", concurrency_limit=4)

        @_guard
        def on_cite(state: list[dict[str, Any]], code: str, evt: gr.EventData) -> tuple[Any, ...]:
            data = evt._data or {}
            turn, kind, n = int(data.get("turn", -1)), str(data.get("kind", "")), int(data.get("n", 0))
            if not 0 <= turn < len(state) or kind not in ("citations", "related"):
                return gr.skip()
            cite = next((c for c in state[turn].get(kind) or [] if int(c.get("n", 0)) == n), None)
            if cite is None:
                return gr.skip()
            doc = loader.get().lookup(str(cite.get("doc_id", "")))
            return render_document(doc, cite, code), cite

        conversation.cite(on_cite, [turns, lang], [panel, panel_cite], show_progress="hidden",
                          api_visibility="private", concurrency_limit=4)

        def on_clear(code: str) -> tuple[Any, ...]:
            return render_conversation([], code), [], render_document(None, None, code), None

        clear.click(on_clear, [lang], [conversation, turns, panel, panel_cite], api_visibility="private")

        # -- program match ------------------------------------------------------------------------
        @_guard
        def on_match(industry: str, district: str, tier: str, employees: str, revenue: str, patents: str,
                     quals: str, *rest: Any) -> tuple[Any, ...]:
            *flags, state, code = rest
            profile: dict[str, Any] = {
                "industry": (industry or "").strip() or None, "district": (district or "").strip() or None,
                "tier": tier or None,
                "employees": _number(employees, whole=True),
                "annual_revenue_cny": _number(revenue, whole=False),
                "invention_patents": _number(patents, whole=True),
                "qualifications": [q.strip() for q in re.split(r"[,，、;；]", quals or "") if q.strip()] or None,
            }
            for name, flag in zip(BOOLEAN_FIELDS, flags, strict=True):
                profile[name] = {"yes": True, "no": False}.get(flag or "")
            answer = loader.get().match_answer({k: v for k, v in profile.items() if v is not None}, code).to_dict()
            state = [*state, answer][-MAX_TURNS:]
            return render_matches(answer, code), render_conversation(state, code), state

        m_button.click(on_match, [m_industry, m_district, m_tier, m_employees, m_revenue, m_patents, m_quals,
                                  *m_flags, turns, lang], [m_result, conversation, turns],
                       api_visibility="private")

        # -- memo ---------------------------------------------------------------------------------
        @_guard
        def on_memo(state: list[dict[str, Any]], code: str) -> tuple[Any, ...]:
            if not state:
                gr.Warning(TEXT[code]["memo_empty"])
                return gr.skip()
            memo = build_memo(state, language=code)
            folder, stem = _out_dir(workdir, "memo"), "guidance-memo-" + time.strftime("%Y%m%d-%H%M%S")
            md = write_markdown(memo, folder / f"{stem}.md")
            docx = write_docx(memo, folder / f"{stem}.docx")
            return (to_markdown(memo), gr.DownloadButton(value=str(md), interactive=True),
                    gr.DownloadButton(value=str(docx), interactive=True))

        memo_btn.click(on_memo, [turns, lang], [memo_preview, memo_md, memo_docx], api_visibility="private")

        # -- knowledge base -----------------------------------------------------------------------
        def kb_view(code: str) -> tuple[Any, ...]:
            infos = loader.get().documents()
            choices = [(f"{d.title or d.doc_id} ({d.doc_id})", d.doc_id) for d in infos]
            return render_documents(infos, code), gr.Dropdown(choices=choices, value=None), render_status(loader, code)

        @_guard
        def on_upload(paths: list[str] | None, secret: str, code: str, progress: gr.Progress = gr.Progress()  # noqa: B008
                      ) -> tuple[Any, ...]:
            problem = _token_problem(settings, secret, code) or ("" if paths else TEXT[code]["no_files"])
            if problem:
                return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip(), gr.skip())
            files_in = [Path(p) for p in paths or []]

            def step(stage: str, done: int, total: int) -> None:
                progress((done, total) if total else 0.0, desc=stage)

            report = loader.get().ingest(files_in, progress=step, names={p: p.name for p in files_in})
            log.info("upload: added %s, updated %s, failed %s", report.added, report.updated, report.failed)
            return (render_report(report, code), None, *kb_view(code))

        upload.click(on_upload, [files, token, lang], [kb_status, files, docs, remove_pick, status],
                     api_visibility="private")

        @_guard
        def on_remove(doc_id: str | None, secret: str, code: str) -> tuple[Any, ...]:
            problem = _token_problem(settings, secret, code) or ("" if doc_id else TEXT[code]["no_doc"])
            if problem:
                return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip())
            loader.get().remove(str(doc_id))
            return (f"<div>{esc(TEXT[code]['removed'].format(d=doc_id))}</div>", *kb_view(code))

        remove.click(on_remove, [remove_pick, token, lang], [kb_status, docs, remove_pick, status],
                     api_visibility="private")

        @_guard
        def on_reindex(secret: str, code: str,
                       progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            problem = _token_problem(settings, secret, code)
            if problem:
                return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip())

            def step(stage: str, done: int, total: int) -> None:
                progress((done, total) if total else 0.0, desc=stage)

            redone = loader.get().reindex(progress=step)
            return (f"<div>{esc(TEXT[code]['reindexed'].format(n=len(redone)))}</div>", *kb_view(code))

        reindex.click(on_reindex, [token, lang], [kb_status, docs, remove_pick, status],
                     api_visibility="private")

        # -- review -------------------------------------------------------------------------------
        def trace_choices() -> list[tuple[str, str]]:
            records = loader.get().trace.read(TRACE_LIMIT)
            return [(f"{r.get('time', '')} · {'✓' if r.get('answerable') else '✗'} · {str(r.get('question'))[:60]}",
                     str(r.get("trace_id"))) for r in reversed(records)]

        def find_trace(trace_id: str | None) -> dict[str, Any] | None:
            return next((r for r in loader.get().trace.read() if r.get("trace_id") == trace_id), None)

        @_guard
        def on_refresh() -> Any:
            return gr.Dropdown(choices=trace_choices(), value=None)

        refresh.click(on_refresh, None, [trace_pick], api_visibility="private")
        tab_review.select(on_refresh, None, [trace_pick], api_visibility="private")

        @_guard
        def on_pick(trace_id: str | None, code: str) -> tuple[Any, ...]:
            trace = find_trace(trace_id)
            numbers = [str(c.get("n")) for c in (trace or {}).get("citations") or []]
            html_ = render_trace(trace, reviews().for_trace(str(trace_id)), loader.get().lookup, code)
            return html_, gr.Dropdown(choices=numbers, value=None), None, False, ""

        trace_pick.change(on_pick, [trace_pick, lang], [detail, which, verdict, unsupported, comment],
                          api_visibility="private")

        @_guard
        def on_save(trace_id: str | None, mark: str | None, flag: bool, number: str | None, note: str,
                    code: str) -> tuple[Any, ...]:
            if not trace_id:
                return f'<div class="adv-warn">{esc(TEXT[code]["pick_trace"])}</div>', gr.skip()
            review = reviews().append(Review(str(trace_id), mark or "", bool(flag),
                                             int(number) if number else None, note or ""))
            log.info("review saved for trace %s", review.trace_id)
            html_ = render_trace(find_trace(trace_id), reviews().for_trace(str(trace_id)), loader.get().lookup, code)
            return f'<div id="review-saved">{esc(TEXT[code]["saved"])}</div>', html_

        save.click(on_save, [trace_pick, verdict, unsupported, which, comment, lang], [review_status, detail],
                   api_visibility="private")

        @_guard
        def on_export() -> tuple[Any, ...]:
            traces, done = loader.get().trace.read(), reviews().read()
            folder, stem = _out_dir(workdir, "export"), "advisor-traces-" + time.strftime("%Y%m%d-%H%M%S")
            jsonl = export_jsonl(traces, done, folder / f"{stem}.jsonl")
            csv_ = export_csv(traces, done, folder / f"{stem}.csv")
            return (gr.DownloadButton(value=str(jsonl), interactive=True),
                    gr.DownloadButton(value=str(csv_), interactive=True))

        export.click(on_export, None, [export_jsonl_btn, export_csv_btn], api_visibility="private")

        # -- status, language, API ------------------------------------------------------------------
        def on_poll(code: str) -> tuple[Any, ...]:
            if loader.advisor is None:  # still loading, or failed (then polling stops)
                stop = gr.Timer(active=False) if loader.error else gr.skip()
                return stop, gr.skip(), gr.skip(), render_status(loader, code)
            return gr.Timer(active=False), *kb_view(code)

        timer.tick(on_poll, [lang], [timer, docs, remove_pick, status], show_progress="hidden",
                   api_visibility="private", concurrency_limit=None)
        demo.load(on_poll, [lang], [timer, docs, remove_pick, status], show_progress="hidden",
                  api_visibility="private", concurrency_limit=None)

        def on_lang(code: str, state: list[dict[str, Any]], cite: dict[str, Any] | None) -> tuple[Any, ...]:
            t = TEXT[code]
            doc = loader.advisor.lookup(str(cite.get("doc_id"))) if cite and loader.advisor else None
            docs_html = render_documents(loader.advisor.documents(), code) if loader.advisor else gr.skip()
            return (
                f"<h2>{esc(t['title'])}</h2><div class='adv-muted'>{esc(t['subtitle'])}</div>",
                gr.skip(), render_status(loader, code),
                gr.Tab(label=t["tab_chat"]), gr.Tab(label=t["tab_memo"]), gr.Tab(label=t["tab_kb"]),
                gr.Tab(label=t["tab_review"]), render_conversation(state, code),
                gr.Textbox(label=t["question"], placeholder=t["placeholder"]), gr.Button(t["ask"]),
                gr.Button(t["clear"]), render_document(doc, cite, code),
                t["memo_intro"], gr.Button(t["memo_draft"]), gr.DownloadButton(t["memo_md"]),
                gr.DownloadButton(t["memo_docx"]), t["kb_enabled"] if admin else t["kb_disabled"],
                gr.Textbox(label=t["token"]), gr.File(label=t["files"]), gr.Button(t["upload"]),
                gr.Dropdown(label=t["remove_pick"]), gr.Button(t["remove"]), gr.Button(t["reindex"]), docs_html,
                gr.Dropdown(label=t["traces"]), gr.Button(t["refresh"]),
                gr.Radio(choices=[(t["up"], "up"), (t["down"], "down")], label=t["verdict"]),
                gr.Checkbox(label=t["unsupported"]), gr.Dropdown(label=t["which"]), gr.Textbox(label=t["comment"]),
                gr.Button(t["save"]), gr.Button(t["export"]), gr.DownloadButton(t["jsonl"]),
                gr.DownloadButton(t["csv"]),
            )

        lang.change(on_lang, [lang, turns, panel_cite], [
            header, lang, status, tab_chat, tab_memo, tab_kb, tab_review, conversation, question, ask, clear, panel,
            memo_intro, memo_btn, memo_md, memo_docx, kb_note, token, files, upload, remove_pick, remove, reindex,
            docs, trace_pick, refresh, verdict, unsupported, which, comment, save, export, export_jsonl_btn,
            export_csv_btn,
        ], show_progress="hidden", api_visibility="private")

        def ask_endpoint(question: str, history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
            """Answer a question from the documents; the same JSON as `python -m assistant ask --json`."""
            try:
                return loader.get().ask(question, history or None).to_dict()
            except AdvisorError as exc:
                raise gr.Error(str(exc)) from exc

        gr.api(ask_endpoint, api_name="ask", concurrency_limit=8)
    return demo


def launch_options(settings: Settings, host: str, port: int, workdir: Path) -> dict[str, Any]:
    """Localhost unless told otherwise; no analytics, monitoring, run history or share links."""
    upload_mb = max(200, math.ceil(settings.max_file_mb) + 1)  # the engine, not the browser, refuses big files
    return {
        "server_name": host, "server_port": port, "css": CSS, "show_error": False, "quiet": True, "share": False,
        "footer_links": ["api"], "run_history": False, "enable_monitoring": False, "ssr_mode": False,
        "allowed_paths": [str(workdir)], "max_file_size": f"{upload_mb}mb",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the advisor's web app.")
    parser.add_argument("--host", default=os.environ.get("ADVISOR_HOST", "127.0.0.1"),
                        help="address to bind (default 127.0.0.1, or ADVISOR_HOST)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ADVISOR_PORT", "7860")),
                        help="port to serve on (default 7860, or ADVISOR_PORT)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env(os.environ)
    except AdvisorError as exc:
        log.error("%s", exc)
        return 2
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))  # clean up on `kill` as on Ctrl-C
    loader = AdvisorLoader(settings)
    with tempfile.TemporaryDirectory(prefix="advisor-ui-") as tmp:
        workdir = Path(tmp)
        demo = build_app(loader, workdir)
        demo.queue(default_concurrency_limit=2)
        try:
            demo.launch(**launch_options(settings, args.host, args.port, workdir), prevent_thread_lock=True)
        except OSError as exc:
            log.error("cannot serve on %s:%d (%s); pick another port with --port or ADVISOR_PORT",
                      args.host, args.port, exc)
            return 1
        log.info("serving on http://%s:%d", args.host, args.port)
        loader.start()  # after the server is up: the page shows at once, with the index's progress
        try:
            demo.block_thread()
        except KeyboardInterrupt:
            pass
        finally:
            demo.close()
    return 0
