"""The knowledge-base tab (admin token): upload, remove and re-index documents, and list them."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.guards import guard, token_problem
from assistant.app.loader import AdvisorLoader
from assistant.app.render import TEXT, UPLOAD_TYPES, esc, render_documents, render_report, render_status
from assistant.messages import render_stage

log = logging.getLogger(__name__)


def unique_files(paths: Iterable[Path]) -> list[Path]:
    """The files in order, a file picked twice (the same content) kept once."""
    seen: set[str] = set()
    out: list[Path] = []
    for path in paths:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = str(path)  # unreadable: the ingest names the reason
        if digest not in seen:
            seen.add(digest)
            out.append(path)
    return out


@dataclass
class KnowledgeTab:
    loader: AdvisorLoader
    tab: gr.Tab
    note: gr.Markdown
    token: gr.Textbox
    files: gr.File
    upload: gr.Button
    remove_pick: gr.Dropdown
    remove: gr.Button
    reindex: gr.Button
    docs: gr.HTML

    def view(self, code: str) -> tuple[Any, ...]:
        """The document list, the removal choices and the status line, freshly read."""
        infos = self.loader.get().documents()
        choices = [(f"{d.title or d.doc_id} ({d.doc_id})", d.doc_id) for d in infos]
        return (render_documents(infos, code), gr.Dropdown(choices=choices, value=None),
                render_status(self.loader, code))

    def relabel_outputs(self) -> list[Any]:
        return [self.tab, self.note, self.token, self.files, self.upload, self.remove_pick, self.remove,
                self.reindex, self.docs]

    def relabel(self, code: str) -> list[Any]:
        t, advisor = TEXT[code], self.loader.advisor
        admin = bool(self.loader.settings.admin_token)
        return [gr.Tab(label=t["tab_kb"]), t["kb_enabled"] if admin else t["kb_disabled"],
                gr.Textbox(label=t["token"]), gr.File(label=t["files"]), gr.Button(t["upload"]),
                gr.Dropdown(label=t["remove_pick"]), gr.Button(t["remove"]), gr.Button(t["reindex"]),
                render_documents(advisor.documents(), code) if advisor else gr.skip()]


def build_knowledge_tab(loader: AdvisorLoader, lang: gr.Radio, status: gr.HTML) -> KnowledgeTab:
    settings = loader.settings
    admin = bool(settings.admin_token)
    t0 = TEXT["zh"]
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
    kb = KnowledgeTab(loader, tab_kb, kb_note, token, files, upload, remove_pick, remove, reindex, docs)

    @guard
    def on_upload(paths: list[str] | None, secret: str, code: str, progress: gr.Progress = gr.Progress()  # noqa: B008
                  ) -> tuple[Any, ...]:
        problem = token_problem(settings, secret, code) or ("" if paths else TEXT[code]["no_files"])
        if problem:
            return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip(), gr.skip())
        files_in = unique_files(Path(p) for p in paths or [])

        def step(stage: str, done: int, total: int) -> None:
            progress((done, total) if total else 0.0, desc=render_stage(stage, code))

        report = loader.get().ingest(files_in, progress=step, names={p: p.name for p in files_in})
        log.info("upload: added %s, updated %s, failed %s", report.added, report.updated, report.failed)
        return (render_report(report, code), None, *kb.view(code))

    # clear the last message first (an old wrong-token warning must not stay up during an upload);
    # the progress bar shows in the tab's status line only
    upload.click(lambda: "", None, [kb_status], queue=False, show_progress="hidden", api_visibility="private").then(
        on_upload, [files, token, lang], [kb_status, files, docs, remove_pick, status], show_progress_on=[kb_status],
        api_visibility="private")

    @guard
    def on_remove(doc_id: str | None, secret: str, code: str) -> tuple[Any, ...]:
        problem = token_problem(settings, secret, code) or ("" if doc_id else TEXT[code]["no_doc"])
        if problem:
            return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip())
        loader.get().remove(str(doc_id))
        return (f"<div>{esc(TEXT[code]['removed'].format(d=doc_id))}</div>", *kb.view(code))

    remove.click(on_remove, [remove_pick, token, lang], [kb_status, docs, remove_pick, status],
                 show_progress_on=[kb_status], api_visibility="private")

    @guard
    def on_reindex(secret: str, code: str,
                   progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        problem = token_problem(settings, secret, code)
        if problem:
            return (f'<div class="adv-warn">{esc(problem)}</div>', gr.skip(), gr.skip(), gr.skip())

        def step(stage: str, done: int, total: int) -> None:
            progress((done, total) if total else 0.0, desc=render_stage(stage, code))

        redone = loader.get().reindex(progress=step)
        return (f"<div>{esc(TEXT[code]['reindexed'].format(n=len(redone)))}</div>", *kb.view(code))

    reindex.click(on_reindex, [token, lang], [kb_status, docs, remove_pick, status], show_progress_on=[kb_status],
                  api_visibility="private")
    return kb
