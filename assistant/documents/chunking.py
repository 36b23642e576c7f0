"""Split cleaned text into sentences and retrieval-sized chunks with offsets and stable ids."""

from __future__ import annotations

import hashlib
import re

from assistant.documents.structure import ARTICLE_LEVEL, article_at_start
from assistant.models import Block, Chunk, CleanText, Span

TARGET_CHARS = 300
MAX_CHARS = 400
MIN_CHARS = 150
_SENTENCE = re.compile(
    r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)"  # Chinese sentence ends
)
_SOFT_BREAK = re.compile(r"[，,、：:]")
_ENGLISH_STOP = re.compile(r"(?<=[a-z0-9)\]][.])\s+(?=[A-Z“\"(])")


def chunk_id(doc_id: str, text: str) -> str:
    """A stable id: the same text in the same document always gets the same id."""
    return hashlib.sha256(f"{doc_id}\x00{text}".encode()).hexdigest()[:24]


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Sentence spans of `text` (ends at 。！？；!?; and line ends), shifted by `offset`."""
    spans: list[Span] = []
    for match in _SENTENCE.finditer(text):
        for start, end in _english_split(text, match.start(), match.end()):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append(Span(offset + start, offset + end))
    return spans


def _english_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start] + [m.end() for m in _ENGLISH_STOP.finditer(text, start, end)] + [end]
    return list(zip(cuts, cuts[1:], strict=False))


def _fit(span: Span, text: str) -> list[Span]:
    """Cut a sentence longer than MAX_CHARS at commas, never inside a word."""
    if span.end - span.start <= MAX_CHARS:
        return [span]
    out: list[Span] = []
    start = span.start
    while span.end - start > MAX_CHARS:
        window = text[start : start + MAX_CHARS]
        cuts = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() >= MIN_CHARS]
        cut = start + (cuts[-1] if cuts else MAX_CHARS)
        out.append(Span(start, cut))
        start = cut
    out.append(Span(start, span.end))
    return out


def chunk_sentences(chunk_text: str, chunk_start: int) -> list[Span]:
    """The sentence spans of a stored chunk (the same ones `chunk_document` packed)."""
    return [
        Span(chunk_start + piece.start, chunk_start + piece.end)
        for span in split_sentences(chunk_text)
        for piece in _fit(span, chunk_text)
    ]


def sentence_id(chunk_id_: str, rel_start: int, rel_end: int) -> str:
    return hashlib.sha256(f"{chunk_id_}\x00{rel_start}:{rel_end}".encode()).hexdigest()[:24]


def section_names(blocks: tuple[Block, ...]) -> list[str]:
    """For each block, its heading path: "article（author） › heading" on a page, "第二章 … › 第九条"
    in a law. Every 第X条 starts a section of its own, so no chunk spans two articles."""
    path: dict[int, str] = {}  # heading level -> text
    author = article = ""
    names: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            text = block.text.lstrip("■□●◆▲# ").strip()
            path = {lvl: name for lvl, name in path.items() if lvl < block.level}
            if block.level == 1:
                author = ""
            article = ""
            if block.level == ARTICLE_LEVEL:
                article, text = text, ""
            if text:
                path[block.level] = text
        elif block.kind == "byline":
            author = block.text
        elif block.kind == "body" and (opened := article_at_start(block.text)):
            article = opened.label
        parts = [f"{name}（{author}）" if lvl == 1 and author else name for lvl, name in sorted(path.items())]
        names.append(" › ".join(p for p in (*parts, article) if p))
    return names


def chunk_document(doc_id: str, clean: CleanText) -> list[Chunk]:
    """Group the sentences of each section into chunks of roughly 150-400 characters."""
    text = clean.text
    sections = section_names(clean.blocks)
    groups: list[tuple[str, list[list[Span]]]] = []  # section -> paragraphs -> sentences
    for block, section in zip(clean.blocks, sections, strict=True):
        if block.kind != "body":
            continue
        sentences = [piece for s in split_sentences(block.text, block.start) for piece in _fit(s, text)]
        if not groups or groups[-1][0] != section:
            groups.append((section, []))
        groups[-1][1].append(sentences)

    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section, paragraphs in groups:
        for spans in _pack(paragraphs):
            start, end = spans[0].start, spans[-1].end
            body = text[start:end]
            cid = chunk_id(doc_id, body)
            if cid in seen:  # an identical passage is indexed once
                continue
            seen.add(cid)
            chunks.append(Chunk(cid, doc_id, body, start, end, section, len(chunks), tuple(spans)))
    return chunks


def _pack(paragraphs: list[list[Span]]) -> list[list[Span]]:
    packs: list[list[Span]] = []
    current: list[Span] = []

    def size(spans: list[Span]) -> int:
        return spans[-1].end - spans[0].start if spans else 0

    for sentences in paragraphs:
        if current and size(current) >= TARGET_CHARS:
            packs.append(current)
            current = []
        for span in sentences:
            if current and span.end - current[0].start > MAX_CHARS and size(current) >= MIN_CHARS:
                packs.append(current)
                current = []
            elif current and span.end - current[0].start > MAX_CHARS + TARGET_CHARS // 2:
                packs.append(current)
                current = []
            current.append(span)
    if current:
        if packs and size(current) < MIN_CHARS and current[-1].end - packs[-1][0].start <= MAX_CHARS + 50:
            packs[-1].extend(current)
        else:
            packs.append(current)
    return packs
