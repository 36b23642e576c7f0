"""Guidance memo: a conversation's questions, answers and a numbered source list, as Markdown and DOCX."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "政策咨询备忘录",
        "created": "生成时间",
        "intro": "以下答复均为所列文件的原文摘录，请在采取行动前核对原文。",
        "question": "问题",
        "answer": "答复",
        "not_stated": "文件中未说明：知识库中的文件不支持对此问题作出答复。",
        "related": "相关段落",
        "sources": "来源",
        "section": "章节",
        "file": "文件",
        "chars": "字符位置",
        "empty": "（对话中还没有问题。）",
    },
    "en": {
        "title": "Guidance memo",
        "created": "Created",
        "intro": "Every answer below is quoted verbatim from the listed documents; check the originals before acting.",
        "question": "Question",
        "answer": "Answer",
        "not_stated": "Not stated in the documents: the knowledge base does not support an answer to this question.",
        "related": "Related passages",
        "sources": "Sources",
        "section": "Section",
        "file": "File",
        "chars": "characters",
        "empty": "(No questions in the conversation yet.)",
    },
}

_MARKER = re.compile(r"\[(\d+)\]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


@dataclass(frozen=True)
class MemoSource:
    """One quoted passage, numbered once per memo however many answers cite it."""

    n: int
    doc_id: str
    title: str
    source: str
    section: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class MemoItem:
    question: str
    answer: str  # the answer text with its [n] markers renumbered to the memo's source list
    answerable: bool
    cited: tuple[int, ...] = ()
    related: tuple[int, ...] = ()


@dataclass(frozen=True)
class Memo:
    title: str
    created: str
    language: str
    items: tuple[MemoItem, ...]
    sources: tuple[MemoSource, ...]


def build_memo(answers: Sequence[Mapping[str, Any]], language: str = "zh", title: str = "",
               created: str = "") -> Memo:
    """Build a memo from answers in the `Answer.to_dict()` shape, in the order they were asked."""
    lang = language if language in LABELS else "zh"
    numbers: dict[tuple[str, int, int], int] = {}
    sources: list[MemoSource] = []

    def number(cite: Mapping[str, Any]) -> int:
        key = (str(cite.get("doc_id", "")), int(cite.get("start", 0)), int(cite.get("end", 0)))
        if key not in numbers:
            numbers[key] = len(sources) + 1
            sources.append(MemoSource(
                numbers[key], key[0], str(cite.get("title", "")), str(cite.get("source", "")),
                str(cite.get("section", "")), str(cite.get("quote", "")), key[1], key[2],
            ))
        return numbers[key]

    items = []
    for answer in answers:
        local = {int(c.get("n", i + 1)): number(c) for i, c in enumerate(answer.get("citations") or [])}
        related = tuple(number(c) for c in answer.get("related") or [])
        text = _renumber(str(answer.get("answer", "")), local)
        items.append(MemoItem(str(answer.get("question", "")), text, bool(answer.get("answerable")),
                              tuple(dict.fromkeys(local.values())), related))
    return Memo(title or LABELS[lang]["title"], created or time.strftime("%Y-%m-%d %H:%M"), lang,
                tuple(items), tuple(sources))


def _renumber(text: str, numbers: Mapping[int, int]) -> str:
    """Rewrite an answer's own [n] markers to the memo's source numbers; other brackets stay as they are."""

    def swap(match: re.Match[str]) -> str:
        n = int(match[1])
        return f"[{numbers[n]}]" if n in numbers else match[0]

    return _MARKER.sub(swap, text)


def _md(text: str) -> str:
    """Escape Markdown (and inline HTML) so document text shows literally in any renderer."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_answer(text: str) -> str:
    """Escape an answer but keep its [n] markers readable."""
    parts = _MARKER.split(text)  # text, number, text, number, ...
    return "".join(_md(p) if i % 2 == 0 else f"[{p}]" for i, p in enumerate(parts))


def _where(source: MemoSource, lang: str) -> str:
    labels = LABELS[lang]
    bits = [f"《{source.title}》" if lang == "zh" else f"“{source.title}”"]
    if source.section:
        bits.append(f"{labels['section']}: {source.section}")
    bits.append(f"{labels['file']}: {source.source or source.doc_id} ({source.doc_id})")
    bits.append(f"{labels['chars']} {source.start}–{source.end}")
    return " · ".join(bits)


def to_markdown(memo: Memo) -> str:
    labels = LABELS[memo.language]
    lines = [f"# {_md(memo.title)}", "", f"{labels['created']}: {memo.created}", "", f"*{labels['intro']}*", ""]
    if not memo.items:
        lines += [labels["empty"], ""]
    for i, item in enumerate(memo.items, 1):
        lines += [f"## {labels['question']} {i}: {_md(item.question)}", ""]
        if not item.answerable:
            lines += [f"**{labels['not_stated']}**", ""]
        lines += [f"**{labels['answer']}:**", ""]
        lines += [line for raw in _md_answer(item.answer).splitlines() for line in (raw, "")]
        if item.related:
            lines += [f"{labels['related']}: " + " ".join(f"[{n}]" for n in item.related), ""]
    if memo.sources:
        lines += [f"## {labels['sources']}", ""]
        for source in memo.sources:
            lines += [f"**[{source.n}]** {_md(_where(source, memo.language))}", ""]
            lines += [f"> {_md(line)}" if line.strip() else ">" for line in source.quote.splitlines() or [""]]
            lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def _clean(text: str) -> str:
    """Drop characters that XML 1.0 (and so DOCX) cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def write_docx(memo: Memo, path: Path) -> Path:
    """Write the memo as a DOCX file that opens cleanly in a word processor."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    labels = LABELS[memo.language]
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "SimSun")  # Chinese text gets a CJK font in Word and LibreOffice
    doc.core_properties.title = _clean(memo.title)
    doc.add_heading(_clean(memo.title), level=0)
    doc.add_paragraph(f"{labels['created']}: {memo.created}")
    doc.add_paragraph().add_run(labels["intro"]).italic = True
    if not memo.items:
        doc.add_paragraph(labels["empty"])
    for i, item in enumerate(memo.items, 1):
        doc.add_heading(_clean(f"{labels['question']} {i}: {item.question}"), level=1)
        if not item.answerable:
            doc.add_paragraph().add_run(labels["not_stated"]).bold = True
        for line in item.answer.splitlines():
            if line.strip():
                doc.add_paragraph(_clean(line))
        if item.related:
            doc.add_paragraph(f"{labels['related']}: " + " ".join(f"[{n}]" for n in item.related))
    if memo.sources:
        doc.add_heading(labels["sources"], level=1)
        for source in memo.sources:
            head = doc.add_paragraph()
            head.add_run(f"[{source.n}] ").bold = True
            head.add_run(_clean(_where(source, memo.language)))
            doc.add_paragraph(_clean(source.quote), style="Quote")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def write_markdown(memo: Memo, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_markdown(memo), encoding="utf-8")
    return path
