"""The chat tab: cited answers streamed into the conversation, citations opened in the side panel."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.app.assets import CHAT_JS, PANEL_JS
from assistant.app.guards import guard, history_messages
from assistant.app.loader import AdvisorLoader
from assistant.app.render import MAX_TURNS, TEXT, render_conversation, render_document
from assistant.models import Answer


@dataclass
class ChatTab:
    tab: gr.Tab
    conversation: gr.HTML
    question: gr.Textbox
    ask: gr.Button
    clear: gr.Button
    panel: gr.HTML

    def relabel_outputs(self) -> list[Any]:
        return [self.tab, self.conversation, self.question, self.ask, self.clear, self.panel]

    def relabel(self, code: str, state: list[dict[str, Any]], doc: Any, cite: dict[str, Any] | None) -> list[Any]:
        t = TEXT[code]
        return [gr.Tab(label=t["tab_chat"]), render_conversation(state, code),
                gr.Textbox(label=t["question"], placeholder=t["placeholder"]), gr.Button(t["ask"]),
                gr.Button(t["clear"]), render_document(doc, cite, code)]


def build_chat_tab(loader: AdvisorLoader, turns: gr.State, panel_cite: gr.State, lang: gr.Radio) -> ChatTab:
    t0 = TEXT["zh"]
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

    @guard
    def on_ask(text: str, state: list[dict[str, Any]], code: str) -> Iterator[tuple[Any, ...]]:
        """Checked sentences appear as an LLM writes them (if one is configured); then the answer."""
        advisor = loader.get()
        draft: str = ""
        final: dict[str, Any] = {}
        for item in advisor.ask_stream(text or "", history_messages(state)):
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

    @guard
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
    return ChatTab(tab_chat, conversation, question, ask, clear, panel)
