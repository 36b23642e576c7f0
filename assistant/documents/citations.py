"""Citations are checked, never trusted: a quote must be its document's text at its offsets."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.documents.structure import article_of
from assistant.models import Citation, SourceDocument


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
