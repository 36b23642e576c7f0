"""The review tab (evaluators): recent traces, verdicts and comments, and exports."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.guards import guard, review_problem
from assistant.app.loader import AdvisorLoader
from assistant.app.render import TEXT, TRACE_LIMIT, esc, render_trace
from assistant.app.review import Review, ReviewLog, export_csv, export_jsonl
from assistant.messages import format_time

log = logging.getLogger(__name__)


@dataclass
class ReviewTab:
    tab: gr.Tab
    trace_pick: gr.Dropdown
    refresh: gr.Button
    verdict: gr.Radio
    unsupported: gr.Checkbox
    which: gr.Dropdown
    comment: gr.Textbox
    save: gr.Button
    export: gr.Button
    export_jsonl: gr.DownloadButton
    export_csv: gr.DownloadButton
    token: gr.Textbox

    def relabel_outputs(self) -> list[Any]:
        return [self.token, self.tab, self.trace_pick, self.refresh, self.verdict, self.unsupported, self.which,
                self.comment, self.save, self.export, self.export_jsonl, self.export_csv]

    def relabel(self, code: str) -> list[Any]:
        t = TEXT[code]
        return [gr.Textbox(label=t["review_token"]), gr.Tab(label=t["tab_review"]), gr.Dropdown(label=t["traces"]),
                gr.Button(t["refresh"]),
                gr.Radio(choices=[(t["up"], "up"), (t["down"], "down")], label=t["verdict"]),
                gr.Checkbox(label=t["unsupported"]), gr.Dropdown(label=t["which"]), gr.Textbox(label=t["comment"]),
                gr.Button(t["save"]), gr.Button(t["export"]), gr.DownloadButton(t["jsonl"]),
                gr.DownloadButton(t["csv"])]


def build_review_tab(loader: AdvisorLoader, workdir: Path, lang: gr.Radio) -> ReviewTab:
    t0 = TEXT["zh"]
    settings = loader.settings
    with gr.Tab(t0["tab_review"], id="review", elem_id="tab-review") as tab_review:
        token = gr.Textbox(label=t0["review_token"], type="password", elem_id="review-token")
        with gr.Row(equal_height=True):
            trace_pick = gr.Dropdown([], label=t0["traces"], elem_id="review-trace", scale=4)
            refresh = gr.Button(t0["refresh"], elem_id="review-refresh", scale=1)
        detail = gr.HTML(render_trace(None, [], lambda _d: None, "zh"), elem_id="review-detail", js_on_load=None)
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

    def trace_choices() -> list[tuple[str, str]]:
        records = loader.get().trace.read(TRACE_LIMIT)
        return [(f"{format_time(str(r.get('time', '')))} · {'✓' if r.get('answerable') else '✗'} · "
                 f"{str(r.get('question'))[:60]}", str(r.get("trace_id"))) for r in reversed(records)]

    def find_trace(trace_id: str | None) -> dict[str, Any] | None:
        return next((r for r in loader.get().trace.read() if r.get("trace_id") == trace_id), None)

    def refused(secret: str | None, code: str) -> str:
        """Every handler asks first: the page's handlers can be called without the page."""
        problem = review_problem(settings, secret, code)
        if problem:
            gr.Warning(problem)
        return problem

    @guard
    def on_refresh(secret: str | None, code: str) -> Any:
        if refused(secret, code):
            return gr.Dropdown(choices=[], value=None)
        return gr.Dropdown(choices=trace_choices(), value=None)

    refresh.click(on_refresh, [token, lang], [trace_pick], api_visibility="private")
    tab_review.select(on_refresh, [token, lang], [trace_pick], api_visibility="private")
    token.submit(on_refresh, [token, lang], [trace_pick], api_visibility="private")

    @guard
    def on_pick(trace_id: str | None, secret: str | None, code: str) -> tuple[Any, ...]:
        if refused(secret, code):
            return render_trace(None, [], lambda _d: None, code), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        trace = find_trace(trace_id)
        numbers = [str(c.get("n")) for c in (trace or {}).get("citations") or []]
        html_ = render_trace(trace, reviews().for_trace(str(trace_id)), loader.get().lookup, code)
        return html_, gr.Dropdown(choices=numbers, value=None), None, False, ""

    trace_pick.change(on_pick, [trace_pick, token, lang], [detail, which, verdict, unsupported, comment],
                      api_visibility="private")

    @guard
    def on_save(trace_id: str | None, mark: str | None, flag: bool, number: str | None, note: str,
                secret: str | None, code: str) -> tuple[Any, ...]:
        problem = refused(secret, code)
        if problem:
            return f'<div class="adv-warn">{esc(problem)}</div>', gr.skip()
        if not trace_id:
            return f'<div class="adv-warn">{esc(TEXT[code]["pick_trace"])}</div>', gr.skip()
        if flag and not (find_trace(trace_id) or {}).get("citations"):  # a refusal cites nothing to dispute
            return f'<div class="adv-warn">{esc(TEXT[code]["no_citations"])}</div>', gr.skip()
        review = reviews().append(Review(str(trace_id), mark or "", bool(flag),
                                         int(number) if number else None, note or ""))
        log.info("review saved for trace %s", review.trace_id)
        html_ = render_trace(find_trace(trace_id), reviews().for_trace(str(trace_id)), loader.get().lookup, code)
        return f'<div id="review-saved">{esc(TEXT[code]["saved"])}</div>', html_

    save.click(on_save, [trace_pick, verdict, unsupported, which, comment, token, lang], [review_status, detail],
               api_visibility="private")

    exported: dict[str, Any] = {}

    @guard
    def on_export(secret: str | None, code: str) -> tuple[Any, ...]:
        """One export on disk at a time, written again only when the traces or reviews changed; the
        traces are streamed from their files, never held in memory."""
        if refused(secret, code):
            return gr.skip(), gr.skip()
        trace = loader.get().trace
        sources = [trace.rotated(n) for n in (3, 2, 1)] + [trace.path, reviews().path]
        key = tuple((p.stat().st_size, p.stat().st_mtime_ns) if p.exists() else None for p in sources)
        folder = workdir / "export"
        jsonl, csv_ = folder / "advisor-traces.jsonl", folder / "advisor-traces.csv"
        if exported.get("key") != key or not (jsonl.exists() and csv_.exists()):
            done = reviews().read()
            export_jsonl(trace.iter_all(), done, jsonl)
            export_csv(trace.iter_all(), done, csv_)
            exported["key"] = key
            log.info("traces exported at %s", time.strftime("%H:%M:%S"))
        return (gr.DownloadButton(value=str(jsonl), interactive=True),
                gr.DownloadButton(value=str(csv_), interactive=True))

    export.click(on_export, [token, lang], [export_jsonl_btn, export_csv_btn], api_visibility="private")
    return ReviewTab(tab_review, trace_pick, refresh, verdict, unsupported, which, comment, save, export,
                     export_jsonl_btn, export_csv_btn, token)
