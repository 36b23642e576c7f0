"""Frozen records that travel between pipeline stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# body is indexed; the rest is structure: a title, headings (1-2 page headings, 2-4 编/章/节, 5 an
# article's own heading line), a byline, a publisher's note, an addressee line, a signature, a date line
BlockKind = Literal["heading", "byline", "body", "title", "note", "addressee", "signature", "date"]


@dataclass(frozen=True)
class Block:
    """A paragraph of a cleaned document, with its offsets into the stored text."""

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0  # headings: 1 = article title (■), 2 = section heading


@dataclass(frozen=True)
class CleanText:
    """The stored text of a document and the blocks it is made of."""

    text: str
    blocks: tuple[Block, ...]
    dropped_duplicates: int = 0
    joined_fragments: int = 0


@dataclass(frozen=True)
class SourceDocument:
    """A document as the knowledge base stores it; citation offsets index `text`."""

    doc_id: str
    title: str
    source: str
    text: str
    sha256: str
    language: str = "zh"
    issuer: str = ""
    date: str = ""
    added_at: str = ""
    fmt: str = "txt"
    doc_number: str = ""  # 文号, e.g. 沪府办规〔2022〕9号
    effective: str = ""  # ISO date it takes effect (自…起施行)
    expires: str = ""  # ISO date it expires (有效期至…)
    # where it applies: "national" | "province" | "city" | "county" | "" (unknown), and the place
    place_level: str = ""
    province: str = ""
    city: str = ""
    county: str = ""

    @property
    def place(self) -> str:
        """A readable jurisdiction: 全国, 上海市, 浙江省, 上海市浦东新区 ('' when unknown)."""
        if self.place_level == "national":
            return "全国"
        parts = [self.province, self.city if self.city != self.province else "", self.county]
        return "".join(p for p in parts if p)


@dataclass(frozen=True)
class Span:
    """A sentence: absolute offsets [start, end) into a document's stored text."""

    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: a run of whole sentences inside one section."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: str = ""
    ordinal: int = 0
    sentences: tuple[Span, ...] = ()


@dataclass(frozen=True)
class ScoredChunk:
    """A chunk with its fused retrieval score and the ranks that produced it."""

    chunk: Chunk
    score: float
    title: str = ""
    source: str = ""
    ranks: tuple[tuple[str, int], ...] = ()

    @property
    def chunk_id(self) -> str:
        return self.chunk.chunk_id

    @property
    def text(self) -> str:
        return self.chunk.text

    @property
    def doc_id(self) -> str:
        return self.chunk.doc_id

    @property
    def start(self) -> int:
        return self.chunk.start

    @property
    def end(self) -> int:
        return self.chunk.end

    @property
    def section(self) -> str:
        return self.chunk.section


@dataclass(frozen=True)
class Citation:
    """A verbatim quote: `document(doc_id).text[start:end] == quote`."""

    n: int
    doc_id: str
    source: str
    title: str
    section: str
    quote: str
    start: int
    end: int
    score: float
    article: str = ""  # "第九条" where the quote lies in a numbered article, else ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["score"] = round(self.score, 4)
        return data


@dataclass(frozen=True)
class Answer:
    """What `Advisor.ask` returns; `to_dict` is the JSON contract."""

    question: str
    answer: str
    answerable: bool
    citations: tuple[Citation, ...] = ()
    related: tuple[Citation, ...] = ()
    mode: str = "extractive"
    latency_ms: float = 0.0
    language: str = "zh"
    standalone_question: str = ""
    missing: tuple[str, ...] = ()  # kinds of fact the documents do not state
    retrieved: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    details: Mapping[str, Any] | None = field(default=None, compare=False)  # e.g. profile and matches

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "answerable": self.answerable,
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
            "mode": self.mode,
            "latency_ms": round(self.latency_ms, 1),
            "language": self.language,
            "standalone_question": self.standalone_question,
            "missing": list(self.missing),
            **(dict(self.details) if self.details else {}),
        }
