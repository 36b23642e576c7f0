"""The memo tab: one click drafts a guidance memo of the conversation, as Markdown and DOCX."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.guards import guard, out_dir
from assistant.app.memo import build_memo, to_markdown, write_docx, write_markdown
from assistant.app.render import TEXT


@dataclass
class MemoTab:
    tab: gr.Tab
    intro: gr.Markdown
    draft: gr.Button
    md: gr.DownloadButton
    docx: gr.DownloadButton

    def relabel_outputs(self) -> list[Any]:
        return [self.tab, self.intro, self.draft, self.md, self.docx]

    def relabel(self, code: str) -> list[Any]:
        t = TEXT[code]
        return [gr.Tab(label=t["tab_memo"]), t["memo_intro"], gr.Button(t["memo_draft"]),
                gr.DownloadButton(t["memo_md"]), gr.DownloadButton(t["memo_docx"])]


def build_memo_tab(workdir: Path, turns: gr.State, lang: gr.Radio) -> MemoTab:
    t0 = TEXT["zh"]
    with gr.Tab(t0["tab_memo"], id="memo", elem_id="tab-memo") as tab_memo:
        memo_intro = gr.Markdown(t0["memo_intro"])
        memo_btn = gr.Button(t0["memo_draft"], variant="primary", elem_id="memo-draft")
        with gr.Row():
            memo_md = gr.DownloadButton(t0["memo_md"], elem_id="memo-md", interactive=False)
            memo_docx = gr.DownloadButton(t0["memo_docx"], elem_id="memo-docx", interactive=False)
        memo_preview = gr.Markdown("", elem_id="memo-preview")

    @guard
    def on_memo(state: list[dict[str, Any]], code: str) -> tuple[Any, ...]:
        if not state:
            gr.Warning(TEXT[code]["memo_empty"])
            return gr.skip()
        memo = build_memo(state, language=code)
        folder, stem = out_dir(workdir, "memo"), "guidance-memo-" + time.strftime("%Y%m%d-%H%M%S")
        md = write_markdown(memo, folder / f"{stem}.md")
        docx = write_docx(memo, folder / f"{stem}.docx")
        return (to_markdown(memo), gr.DownloadButton(value=str(md), interactive=True),
                gr.DownloadButton(value=str(docx), interactive=True))

    memo_btn.click(on_memo, [turns, lang], [memo_preview, memo_md, memo_docx], api_visibility="private")
    return MemoTab(tab_memo, memo_intro, memo_btn, memo_md, memo_docx)
