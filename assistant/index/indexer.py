"""Write side (Indexer: chunk, embed what is new, commit a marker) and read side (LiveIndex:
the committed chunks in memory plus the keyword index built from exactly those chunks)."""

from __future__ import annotations

import bisect
import ctypes
import itertools
import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from assistant.documents.chunking import chunk_document, chunk_sentences, sentence_id
from assistant.documents.instructions import is_instruction, overlaps
from assistant.documents.structure import article_at_start
from assistant.index.embeddings import NamedEmbeddings
from assistant.index.keyword import CJK_RUN, STOP_WORDS, KeywordIndex, Tokenizer, fingerprint, normalise
from assistant.index.store import ChromaStore, Marker, SentenceRecord
from assistant.models import Block, Chunk, CleanText, SourceDocument

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
T = TypeVar("T")
_WHOLE_IN_TOKENS = re.compile(r"[a-z]+|[0-9]+")
_LATIN_STOP_WORDS = tuple(w for w in STOP_WORDS if w.isascii())  # the tokenizer drops these
WRITE_BATCH = 512  # vectors per store write: Chroma's per-call overhead dominates small writes


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class IndexStats:
    chunks: int
    chunks_embedded: int
    sentences_embedded: int


class Indexer:
    """Indexes one document version so that it becomes visible all at once, or not at all."""

    def __init__(self, store: ChromaStore, embeddings: NamedEmbeddings, batch: int = 32,
                 chunk_vectors: str = "text") -> None:
        if chunk_vectors not in CHUNK_VECTORS:
            raise ValueError(f"chunk_vectors must be one of {CHUNK_VECTORS}, not {chunk_vectors!r}")
        self.store = store
        self.embeddings = embeddings
        self.batch = batch
        self.chunk_vectors = chunk_vectors

    def index(self, doc: SourceDocument, blocks: tuple[Block, ...], progress: Progress = _quiet) -> IndexStats:
        """Embed each new sentence once, and each new chunk: its text with its heading path ("text", the
        default), or, with chunk_vectors="sentences", the mean of its sentence vectors and of its heading
        path. "sentences" halves the model's time (its cost grows with the tokens it reads) but, measured
        on tests/corpus (dev), cites the evidence 4 points less often, so it is an option for large ingests."""
        chunks = chunk_document(doc.doc_id, CleanText(doc.text, blocks))
        ids = [c.chunk_id for c in chunks]
        have = self.store.existing_ids(ids, "chunks")
        new = [c for c in chunks if c.chunk_id not in have]
        sentences = [(r, c.text[r.rel_start : r.rel_end]) for c in chunks for r in sentence_records(c)]
        have_sentences = self.store.existing_ids([r.sentence_id for r, _t in sentences], "sentences")
        new_sentences = [(r, t) for r, t in sentences if r.sentence_id not in have_sentences]
        by_text = self.chunk_vectors == "text"
        headings = [] if by_text else sorted({_heading(c) for c in new} - {""})
        total = len(new_sentences) + len(headings) + len(new)

        def report(done: int) -> None:
            progress(f"embedding {doc.doc_id}", done, total)

        report(0)
        fresh: dict[str, list[float]] = {}

        def keep(part: Sequence[SentenceRecord], vectors: list[list[float]]) -> None:
            fresh.update((r.sentence_id, v) for r, v in zip(part, vectors, strict=True))
            self.store.add_sentences(part, vectors)

        self._embed_and_write([r for r, _t in new_sentences], [t for _r, t in new_sentences], report, 0, keep)
        heading_vectors = dict(zip(headings, self.embeddings.embed_documents(headings), strict=True)) \
            if headings else {}
        if by_text:
            vectors: list[list[float]] = []
            for i in range(0, len(new), self.batch):
                vectors.extend(self.embeddings.embed_documents([_passage(c) for c in new[i : i + self.batch]]))
                report(len(new_sentences) + min(i + self.batch, len(new)))
        else:
            missing = [r.sentence_id for c in new for r in sentence_records(c) if r.sentence_id not in fresh]
            fresh.update((r.sentence_id, v) for r, v in self.store.sentence_vectors(missing))
            vectors = [_chunk_vector([fresh[r.sentence_id] for r in sentence_records(c) if r.sentence_id in fresh],
                                     heading_vectors.get(_heading(c))) for c in new]
        for i in range(0, len(new), WRITE_BATCH):
            part = new[i : i + WRITE_BATCH]
            self.store.add_chunks([c.chunk_id for c in part], [c.text for c in part], [doc.doc_id] * len(part),
                                  vectors[i : i + WRITE_BATCH])
        report(total)
        self.store.put_marker(Marker(
            doc.doc_id, doc.sha256, tuple(ids), tuple(c.start for c in chunks),
            tuple(c.end for c in chunks), tuple(c.section for c in chunks),
        ))
        return IndexStats(len(chunks), len(new), len(new_sentences))

    def _embed_and_write(self, items: Sequence[T], texts: Sequence[str], report: Callable[[int], None], done: int,
                         write: Callable[[Sequence[T], list[list[float]]], None]) -> None:
        """Embed in model batches; write in store batches (Chroma's per-call overhead dominates small writes)."""
        pending: list[T] = []
        vectors: list[list[float]] = []
        for i in range(0, len(items), self.batch):
            pending.extend(items[i : i + self.batch])
            vectors.extend(self.embeddings.embed_documents(list(texts[i : i + self.batch])))
            report(done + i + len(items[i : i + self.batch]))
            if len(pending) >= WRITE_BATCH or i + self.batch >= len(items):
                write(pending, vectors)
                pending, vectors = [], []

    def sweep(self) -> int:
        """Delete chunk and sentence vectors that no marker lists (left by an interrupted run)."""
        live: set[str] = set()
        for marker in self.store.markers().values():
            live.update(marker.chunk_ids)
        orphans = [i for i in self.store.all_ids("chunks") if i not in live]
        parents = self.store.sentence_parents()
        orphan_sentences = [s for s, parent in parents.items() if parent not in live]
        if orphans:
            self.store.delete_ids(orphans, "chunks")
        if orphan_sentences:
            self.store.delete_ids(orphan_sentences, "sentences")
        if orphans or orphan_sentences:
            log.info("swept %d orphan chunks and %d orphan sentences", len(orphans), len(orphan_sentences))
        return len(orphans) + len(orphan_sentences)

    def stale_documents(self) -> list[str]:
        return stale_documents(self.store.markers(), self.store.document_metadata())


def stale_documents(markers: Mapping[str, Marker], metas: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Documents whose committed marker is missing or belongs to another version of the text."""
    return sorted(d for d, meta in metas.items() if d not in markers or markers[d].sha256 != meta.get("sha256"))


CHUNK_VECTORS = ("text", "sentences")
HEADING_WEIGHT = 0.5  # the heading path's share beside the mean of the chunk's sentences


def _passage(chunk: Chunk) -> str:
    """The text embedded for a chunk: its section heading gives the vector context."""
    return f"{chunk.section}\n{chunk.text}" if chunk.section else chunk.text


def _heading(chunk: Chunk) -> str:
    """The heading path that gives a chunk its context, without its article label (unique per article)."""
    parts = [p for p in chunk.section.split(" › ") if p and not article_at_start(p)] if chunk.section else []
    return " › ".join(parts)


def _chunk_vector(sentences: Sequence[Sequence[float]], heading: Sequence[float] | None) -> list[float]:
    """The unit-length mean of a chunk's sentence vectors, with its heading path's vector mixed in."""
    total = np.mean(np.asarray(sentences, dtype=np.float32), axis=0) if sentences else None
    if heading is not None:
        head = np.asarray(heading, dtype=np.float32) * HEADING_WEIGHT
        total = head if total is None else total + head
    if total is None:
        raise ValueError("a chunk with no sentences and no heading has nothing to embed")
    norm = float(np.linalg.norm(total)) or 1.0
    return (total / norm).tolist()


class LiveIndex:
    """What searches see: the chunks of committed markers, and BM25 over exactly those."""

    def __init__(self, store: ChromaStore, tokenizer: Tokenizer, cache_dir: Path | None = None) -> None:
        self.store = store
        self.tokenizer = tokenizer
        self.cache_dir = cache_dir
        self.keyword = KeywordIndex(tokenizer)
        self.chunks: dict[str, Chunk] = {}
        self.sections: dict[str, list[tuple[int, int, str]]] = {}  # doc id -> (start, end, section), sorted
        self.documents: dict[str, dict[str, object]] = {}
        self.state = ""
        self.generation = ""
        self._checked = -1e9
        self._refresh_lock = threading.Lock()
        self.corpus_text = ""  # lower-cased text of every live chunk, in keyword-index order
        self._bounds: list[int] = [0]  # chunk i of the keyword index is corpus_text[_bounds[i]:_bounds[i + 1]]
        self._latin: list[str] = []
        self._mentions: dict[str, bool] = {}
        self._evidence_sentences: dict[str, Chunk] = {}  # chunk id -> the chunk with its evidence sentences
        self.stale: list[str] = []  # stored documents without a committed marker, as of the last refresh
        self.flagged: dict[str, tuple[tuple[int, int], ...]] = {}  # doc id -> instruction-like sentence spans
        self._lock = threading.Lock()

    def refresh_if_stale(self, every_s: float = 1.0) -> bool:
        """Re-read the store when another process changed it (checked at most every `every_s`)."""
        now = time.monotonic()
        if now - self._checked < every_s or not self._refresh_lock.acquire(blocking=False):
            return False
        try:
            self._checked = now
            if self.store.generation() == self.generation:
                return False
            log.info("the store changed since the last read; refreshing the index")
            self.store.reopen()  # a local client does not see other processes' vectors otherwise
            self.refresh()
            return True
        finally:
            self._refresh_lock.release()

    def refresh(self) -> None:
        generation = self.store.generation()
        markers = self.store.markers()
        metas = self.store.document_metadata()
        valid = {d: m for d, m in markers.items() if d in metas and metas[d].get("sha256") == m.sha256}
        stale = stale_documents(markers, metas)
        wanted = sorted({cid for m in valid.values() for cid in m.chunk_ids})
        folder = self.cache_dir / f"keyword-{self.tokenizer.mode}" if self.cache_dir else None
        keyword = KeywordIndex(self.tokenizer)
        cached = folder is not None and keyword.load(folder, fingerprint(wanted, self.tokenizer.mode))
        if cached and keyword.texts is not None:  # saved with the keyword index: 0.3 s, not 3 s, at 100k
            texts = dict(zip(keyword.ids, keyword.texts, strict=True))
        else:
            texts = self.store.chunk_texts(wanted)
        flagged = _flagged_spans(metas)
        chunks: dict[str, Chunk] = {}
        for marker in valid.values():
            for cid, start, end, section in zip(marker.chunk_ids, marker.starts, marker.ends,
                                                 marker.sections, strict=True):
                text = texts.get(cid)
                if text is None:  # vector missing: the document is not fully indexed
                    log.warning("document %s lacks chunk %s; it will be re-indexed", marker.doc_id, cid)
                    continue
                if _only_instructions(text, start, flagged.get(marker.doc_id, ())):
                    continue  # nothing in it may be evidence: searches never return it
                # sentences are split when a search returns the chunk (`with_sentences`): splitting
                # all of them here took ~4 s at 100k chunks
                chunks[cid] = Chunk(cid, marker.doc_id, text, start, end, section, len(chunks))
        ids = sorted(chunks)
        expected = fingerprint(ids, self.tokenizer.mode)
        if cached and keyword.fingerprint == expected:
            if keyword.texts is None:  # a cache from an earlier version: add the texts once
                keyword.texts = [chunks[i].text for i in ids]
                _save(keyword, folder)
        else:
            keyword = KeywordIndex(self.tokenizer)
            keyword.build(ids, [chunks[i].text for i in ids])
            if ids:
                _save(keyword, folder)
        with self._lock:
            self.chunks = chunks
            self.sections = _sections_by_document(chunks)
            self.documents = {d: metas[d] for d in valid}
            self.keyword = keyword
            self.state = expected
            self.generation = generation
            self.corpus_text = "\n".join(chunks[i].text for i in ids).lower()
            # lower() can change a length ("İ" -> "i̇"), so the bounds count lower-cased characters
            self._bounds = list(itertools.accumulate((len(chunks[i].text.lower()) + 1 for i in ids), initial=0))
            self._latin = keyword.latin_vocabulary()
            self._mentions = {}
            self._evidence_sentences = {}
            self.stale = stale
            self.flagged = flagged
        _return_freed_memory()

    def with_sentences(self, chunk: Chunk) -> Chunk:
        """The chunk with the sentences that may be evidence: instruction-like sentences (stored
        spans, or detected now for documents indexed before they were stored) are left out."""
        cached = self._evidence_sentences.get(chunk.chunk_id)
        if cached is not None and cached.text == chunk.text:
            return cached
        full = with_sentences(chunk)
        flagged = self.flagged.get(chunk.doc_id, ())
        kept = tuple(s for s in full.sentences if not overlaps(s, flagged)
                     and not is_instruction(chunk.text[s.start - chunk.start : s.end - chunk.start]))
        result = full if len(kept) == len(full.sentences) else replace(full, sentences=kept)
        if len(self._evidence_sentences) < 200_000:
            self._evidence_sentences[chunk.chunk_id] = result
        return result

    def mentions(self, term: str) -> bool:
        """Whether some live chunk contains `term` (case-insensitive): "is this covered at all?".

        At 100k chunks a scan of the whole text costs 15-40 ms per absent term; the keyword index's
        postings narrow it to the chunks holding every bigram (or a Latin token containing the term)."""
        term = term.lower()
        if not term:
            return True
        with self._lock:
            corpus, bounds, keyword, latin = self.corpus_text, self._bounds, self.keyword, self._latin
            known = self._mentions.get(term)
        if known is not None:
            return known
        candidates = self._candidates(term, keyword, latin)
        if candidates is None:
            found = term in corpus
        else:
            found = any(corpus.find(term, bounds[i], bounds[i + 1]) >= 0 for i in candidates.tolist())
        with self._lock:
            if corpus is self.corpus_text and len(self._mentions) < 50_000:
                self._mentions[term] = found
        return found

    def _candidates(self, term: str, keyword: KeywordIndex, latin: list[str]) -> np.ndarray | None:
        """Keyword-index positions of the only chunks that can contain `term`; None: scan them all."""
        if self.tokenizer.mode == "jieba":
            return None
        if CJK_RUN.fullmatch(term) and len(term) >= 2:
            found: np.ndarray | None = None
            for gram in dict.fromkeys(normalise(term[i : i + 2]) for i in range(len(term) - 1)):
                postings = keyword.postings(gram)
                if postings is None:
                    return np.empty(0, dtype=np.int64)
                found = postings if found is None else np.intersect1d(found, postings, assume_unique=True)
                if not len(found):
                    break
            return found
        if _WHOLE_IN_TOKENS.fullmatch(term) and not any(term in w for w in _LATIN_STOP_WORDS):
            # a run of letters (or of digits) never straddles two Latin tokens
            lists = [keyword.postings(t) for t in latin if term in t]
            arrays = [a for a in lists if a is not None]
            return np.unique(np.concatenate(arrays)) if arrays else np.empty(0, dtype=np.int64)
        return None

    def section_at(self, doc_id: str, offset: int) -> str:
        """The section of the chunk that holds `offset` in a document's stored text ("" if none)."""
        spans = self.sections.get(doc_id, [])
        i = bisect.bisect_right(spans, (offset, float("inf"), "")) - 1
        return spans[i][2] if i >= 0 and spans[i][0] <= offset < spans[i][1] else ""

    def chunk_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chunk in self.chunks.values():
            counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
        return counts


def _flagged_spans(metas: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[tuple[int, int], ...]]:
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for doc_id, meta in metas.items():
        try:
            spans = tuple((int(a), int(b)) for a, b in json.loads(str(meta.get("instructions") or "[]")))
        except (ValueError, TypeError):
            spans = ()
        if spans:
            out[doc_id] = spans
    return out


def _only_instructions(text: str, start: int, flagged: Sequence[tuple[int, int]]) -> bool:
    """Whether every non-blank character of a chunk lies in an instruction-like sentence."""
    if not flagged:
        return False
    rest = list(text)
    for a, b in flagged:
        for i in range(max(a - start, 0), min(b - start, len(text))):
            rest[i] = " "
    return not re.sub(r"[\s|，。,.;；:：、!！?？\-]+", "", "".join(rest))


def _return_freed_memory() -> None:
    """Hand memory freed by a refresh back to the OS (glibc keeps it otherwise: ~450 MB at 100k)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass  # another C library: the memory is reused later instead


def _save(keyword: KeywordIndex, folder: Path | None) -> None:
    if folder is None:
        return
    try:
        keyword.save(folder)
    except OSError as exc:
        log.warning("cannot save the keyword index to %s (%s); it stays in memory", folder, exc)


def with_sentences(chunk: Chunk) -> Chunk:
    """The chunk with its sentence spans (split on demand, for the few chunks a search returns)."""
    if chunk.sentences:
        return chunk
    return replace(chunk, sentences=tuple(chunk_sentences(chunk.text, chunk.start)))


def sentence_records(chunk: Chunk) -> list[SentenceRecord]:
    """The chunk's sentences as the indexer stores their vectors (offsets relative to the chunk)."""
    spans = chunk.sentences or chunk_sentences(chunk.text, chunk.start)
    return [SentenceRecord(sentence_id(chunk.chunk_id, s.start - chunk.start, s.end - chunk.start), chunk.chunk_id,
                           s.start - chunk.start, s.end - chunk.start) for s in spans]


def sentence_ids(chunks: Iterable[Chunk]) -> list[str]:
    """The ids under which the indexer stored the sentence vectors of these chunks."""
    return [r.sentence_id for chunk in chunks for r in sentence_records(chunk)]


def _sections_by_document(chunks: dict[str, Chunk]) -> dict[str, list[tuple[int, int, str]]]:
    out: dict[str, list[tuple[int, int, str]]] = {}
    for chunk in chunks.values():
        out.setdefault(chunk.doc_id, []).append((chunk.start, chunk.end, chunk.section))
    for spans in out.values():
        spans.sort()
    return out
