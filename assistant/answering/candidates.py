"""A candidate sentence of an answer and what it is read with: its paragraph and heading path, and whether it
names the thing a question asks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.documents.asked import asked_subject
from assistant.models import ScoredChunk, Span


@dataclass(frozen=True)
class Candidate:
    chunk: ScoredChunk
    span: Span
    text: str
    dense: float
    lexical: float
    score: float


def names_subject(sentence: str, question: str, known: Callable[[str], bool]) -> bool:
    """The sentence itself names the thing or event asked ("报送" for "哪天前报送"), a word the documents know."""
    subject = asked_subject(question)
    return bool(subject) and subject in sentence and known(subject)


def same_paragraph(a: Candidate, b: Candidate) -> bool:
    """Two sentences of one paragraph: "第二十三条 …可以要求付款方确认…。付款方应当…三十日内予以确认。"."""
    if a.chunk.chunk_id != b.chunk.chunk_id:
        return False
    first, second = sorted((a.span, b.span), key=lambda s: s.start)
    return "\n" not in a.chunk.text[first.end - a.chunk.start : second.start - a.chunk.start]


def names_word(word: str, candidate: Candidate) -> bool:
    """Whether a sentence (or the paragraph it stands in) names the word; any sentence does when there is none."""
    return not word or word in candidate.text or word in context_of(candidate)


def context_of(candidate: Candidate) -> str:
    """What a sentence is read with: its heading path and the paragraph it stands in."""
    chunk = candidate.chunk
    rel_start, rel_end = candidate.span.start - chunk.start, candidate.span.end - chunk.start
    para_start = chunk.text.rfind("\n", 0, rel_start) + 1
    para_end = chunk.text.find("\n", rel_end)
    return f"{chunk.section}\n{chunk.text[para_start : para_end if para_end >= 0 else len(chunk.text)]}"


def adjacent(a: Span, b: Span, chunk: ScoredChunk) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return not chunk.text[first.end - chunk.start : second.start - chunk.start].strip()


_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．])")


def item_with_intro(chunk: ScoredChunk, span: Span, flagged: Sequence[tuple[int, int]], limit: int) -> Span | None:
    """For a list item ("（二）销售没有…的"), the span from the start of the paragraph that introduces its list
    ("…有下列行为之一的，…处五千元以上五万元以下的罚款；…：") to the item's end; None when the sentence is no item,
    no such paragraph is in the passage, or the quote would run past `limit` or over a left-out sentence."""
    text, base = chunk.text, chunk.start
    rel = span.start - base
    if not _ITEM.match(text[rel:span.end - base]):
        return None
    line_end = text.rfind("\n", 0, rel)
    while line_end > 0:
        start = text.rfind("\n", 0, line_end) + 1
        line = text[start:line_end].strip()
        if line and not _ITEM.match(line):
            if not line.endswith(("：", ":")) or span.end - (base + start) > limit:
                return None
            begin = base + start + (len(text[start:line_end]) - len(text[start:line_end].lstrip()))
            if any(s < span.end and begin < e for s, e in flagged):
                return None
            return Span(begin, span.end)
        line_end = start - 1
    return None
