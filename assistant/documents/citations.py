"""Citations are checked, never trusted: a quote must be its document's text at its offsets."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from assistant.documents.structure import ARTICLE, article_at_start, article_of
from assistant.models import Chunk, Citation, SourceDocument

PARAGRAPH_QUOTE_MAX = 300  # a longer paragraph is quoted by its chosen sentences only


def make_citation(n: int, doc: SourceDocument, start: int, end: int, section: str, score: float) -> Citation:
    """The quote is read from the document at its offsets; the article comes from the heading path."""
    return Citation(n, doc.doc_id, doc.source, doc.title, section, doc.text[start:end], start, end, score,
                    article_of(section))


def is_valid(citation: Citation, lookup: Callable[[str], SourceDocument | None]) -> bool:
    doc = lookup(citation.doc_id)
    return (
        doc is not None
        and 0 <= citation.start < citation.end <= len(doc.text)
        and doc.text[citation.start : citation.end] == citation.quote
    )


def invalid_citations(citations: Iterable[Citation], lookup: Callable[[str], SourceDocument | None]) -> list[Citation]:
    return [c for c in citations if not is_valid(c, lookup)]


def quote_span(text: str, chunk: Chunk, start: int, end: int,
               flagged: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """What to quote for the chosen sentences: their whole paragraph (a law's 款, whose clauses are cut
    at ；) when it is short enough to read and holds no instruction-like sentence, never its leading 第X条
    label (the answer names the article)."""
    para_start = max(text.rfind("\n", chunk.start, start) + 1, chunk.start)
    newline = text.find("\n", end, chunk.end)
    para_end = chunk.end if newline < 0 else newline
    planted = any(s < para_end and para_start < e for s, e in flagged)
    if article_of(chunk.section) and para_end - para_start <= PARAGRAPH_QUOTE_MAX and not planted:
        start, end = para_start, para_end
    label = ARTICLE.match(text[start:end])
    if label and article_at_start(text[start:end]) and start + label.end() < end:
        start += label.end()
        while start < end and text[start] in " \u3000\t":
            start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
