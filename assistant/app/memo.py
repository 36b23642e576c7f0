"""Guidance memo: a conversation's questions, answers and a numbered source list, as Markdown and DOCX."""

from __future__ import annotations

import re
import time
from collections.abc import Collection, Mapping, Sequence
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
    quotes: tuple[str, ...] = ()  # verbatim document text in `answer`: its brackets are not markers


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
        quotes = [str(c.get("quote", "")) for c in (*(answer.get("citations") or []), *(answer.get("related") or []))]
        text = _renumber(str(answer.get("answer", "")), local, quotes)
        items.append(MemoItem(str(answer.get("question", "")), text, bool(answer.get("answerable")),
                              tuple(dict.fromkeys(local.values())), related, tuple(quotes)))
    return Memo(title or LABELS[lang]["title"], created or time.strftime("%Y-%m-%d %H:%M"), lang,
                tuple(items), tuple(sources))


def quoted_spans(text: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Where the answer text repeats a quote verbatim: a "[1]" in there is the document's, not a marker."""
    spans = []
    for quote in {q for q in quotes if q}:
        start = text.find(quote)
        while start >= 0:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    return spans


def own_markers(text: str, numbers: Collection[int], quotes: Sequence[str]) -> list[re.Match[str]]:
    """The advisor's own [n] markers: a number it cites, outside the quoted document text."""
    inside = quoted_spans(text, quotes)
    return [m for m in _MARKER.finditer(text) if int(m[1]) in numbers
            and not any(a <= m.start() < b for a, b in inside)]


def _renumber(text: str, numbers: Mapping[int, int], quotes: Sequence[str] = ()) -> str:
    """Rewrite an answer's own [n] markers to the memo's source numbers; brackets inside quotes stay."""
    out, pos = [], 0
    for match in own_markers(text, numbers, quotes):
        out += [text[pos : match.start()], f"[{numbers[int(match[1])]}]"]
        pos = match.end()
    return "".join(out) + text[pos:]


def _md(text: str) -> str:
    """Escape Markdown (and inline HTML) so document text shows literally in any renderer."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_answer(text: str, numbers: Collection[int] = (), quotes: Sequence[str] = ()) -> str:
    """Escape an answer but keep its own [n] markers readable; nothing after a marker can make it a
    link ("[1](javascript:...)" from a document stays text)."""
    out, pos = [], 0
    for match in own_markers(text, numbers, quotes):
        out += [_md(text[pos : match.start()]), match[0]]
        pos = match.end()
    rest = _md(text[pos:])
    out.append(rest)
    joined = "".join(out)
    return re.sub(r"(\[\d+\])([(:])", r"\1\\\2", joined)  # "[1](" or "[1]:" never opens a link


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
        lines += [line for raw in _md_answer(item.answer, item.cited, item.quotes).splitlines()
                  for line in (raw, "")]
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
