"""The only module that imports chromadb: documents, chunk and sentence vectors, index markers.

A document is visible only through its marker, written last: the marker lists the document's
chunks and their offsets for one version (sha256) of its text. Chunks and sentences that no
marker lists are orphans of an interrupted ingest and are swept away."""

from __future__ import annotations

import errno
import functools
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import StoreError
from assistant.models import Block, SourceDocument, Span

log = logging.getLogger(__name__)

DOCUMENTS = "advisor-documents"
PAGE = 2000
ID_BATCH = 5000  # ids per get-by-id call (measured: 2000 -> 3.5 s, 5000 -> 2.1 s for 100k texts)
# Chroma keeps each write in its log until the collection's HNSW segment persists (every
# `sync_threshold` records) and replays that log on every call. Left at the default (1000), the
# log of the documents collection held every stored text: at 100 documents of 40k characters one
# call took ~6 s (measured). Collections of few, large records persist after every write or two;
# vector collections every 100 records (twice the write throughput of 1000 for 100-chunk documents).
SYNC_SMALL = {"sync_threshold": 2, "batch_size": 2}
SYNC_VECTORS = {"sync_threshold": 100, "batch_size": 100}


def _writes(method: Callable[..., None]) -> Callable[..., None]:
    """A failed write (a full disk, a read-only folder, a server error) becomes one StoreError."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            method(*args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in str(exc):
                raise StoreError("磁盘已满，无法写入知识库 / the disk is full: nothing more can be stored; "
                                 "free some space and try again") from exc
            raise StoreError(f"写入知识库失败 / writing to the knowledge base failed ({type(exc).__name__}); "
                             "check the data folder or the Chroma server") from exc

    return wrapper


# what a document states about itself (documents/metadata.py, documents/places.py)
_FACT_FIELDS = ("doc_number", "effective", "expires", "place_level", "province", "city", "county")


@dataclass(frozen=True)
class Marker:
    """The committed index of one document version under one embedding model."""

    doc_id: str
    sha256: str
    chunk_ids: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    sections: tuple[str, ...]


@dataclass(frozen=True)
class SentenceRecord:
    sentence_id: str
    chunk_id: str
    rel_start: int
    rel_end: int


class ChromaStore:
    """Thin adapter over a Chroma client; embeddings are always computed by the caller."""

    def __init__(self, client: Any, namespace: str, prefix: str = "", path: Path | None = None) -> None:
        """`prefix` keeps several knowledge bases apart on one Chroma server; `path`: the folder of a
        local store (it is reopened to see other processes' writes, see `reopen`)."""
        self._client = client
        self.namespace = namespace
        self._prefix = prefix
        self._path = path
        self._collections(client, namespace, prefix)

    def _collections(self, client: Any, namespace: str, prefix: str) -> None:
        try:
            self._docs = client.get_or_create_collection(f"{prefix}{DOCUMENTS}", embedding_function=None)
            space = {"hnsw:space": "cosine"}
            self._chunks = client.get_or_create_collection(
                f"{prefix}chunks-{namespace}", metadata=space, embedding_function=None
            )
            self._sentences = client.get_or_create_collection(
                f"{prefix}sentences-{namespace}", metadata=space, embedding_function=None
            )
            self._markers = client.get_or_create_collection(f"{prefix}markers-{namespace}", embedding_function=None)
            self._state = client.get_or_create_collection(f"{prefix}advisor-state", embedding_function=None)
        except Exception as exc:
            raise StoreError(f"cannot open the Chroma collections ({exc}); check the data folder or server") from exc
        for collection, sync in ((self._docs, SYNC_SMALL), (self._markers, SYNC_SMALL), (self._state, SYNC_SMALL),
                                 (self._chunks, SYNC_VECTORS), (self._sentences, SYNC_VECTORS)):
            _tune(collection, sync)

    @classmethod
    def open(cls, namespace: str, path: Path | None = None, host: str = "", port: int = 8000,
             prefix: str = "") -> ChromaStore:
        """A persistent local store in `path`, or a Chroma server at host:port."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if host:
                client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
                client.heartbeat()
            else:
                assert path is not None
                path.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(path), settings=chroma_settings)
        except StoreError:
            raise
        except Exception as exc:
            where = f"server {host}:{port}" if host else f"folder {path}"
            raise StoreError(
                f"cannot open the Chroma {where} ({type(exc).__name__}: {exc}); "
                "check that it is running (server) or writable (folder)"
            ) from exc
        return cls(client, namespace, prefix, None if host else path)

    def reopen(self) -> None:
        """See what other processes committed. A local Chroma client keeps its vector segments in
        memory and never re-reads what another process wrote to the folder: its queries miss the new
        chunks and reading their vectors fails ("Error finding id"). A server needs nothing."""
        if self._path is None:
            return
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        try:
            self._client.close()
            self._client = chromadb.PersistentClient(path=str(self._path),
                                                     settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:
            raise StoreError(f"cannot reopen the Chroma folder ({type(exc).__name__}: {exc})") from exc
        self._collections(self._client, self.namespace, self._prefix)

    # -- documents (the stored text that citations index) --------------------------------
    @_writes
    def put_document(self, doc: SourceDocument, blocks: Sequence[Block],
                     instructions: Sequence[Span] = ()) -> None:
        """Store the text, its block structure (what chunking needs to re-index it) and the spans of
        its instruction-like sentences (kept in the text, never used as evidence)."""
        meta = {
            "blocks": json.dumps([[b.kind, b.start, b.end, b.level] for b in blocks]),
            "instructions": json.dumps([[s.start, s.end] for s in instructions]),
            "instruction_count": len(instructions),
            "title": doc.title, "source": doc.source, "sha256": doc.sha256, "language": doc.language,
            "issuer": doc.issuer, "date": doc.date, "added_at": doc.added_at, "fmt": doc.fmt,
            **{name: getattr(doc, name) for name in _FACT_FIELDS},
        }
        self._docs.upsert(ids=[doc.doc_id], documents=[doc.text], metadatas=[meta], embeddings=[[1.0]])

    def get_document(self, doc_id: str) -> SourceDocument | None:
        got = self._docs.get(ids=[doc_id], include=["documents", "metadatas"])
        if not got["ids"]:
            return None
        return _document(got["ids"][0], got["documents"][0], got["metadatas"][0])

    def get_blocks(self, doc: SourceDocument) -> tuple[Block, ...]:
        got = self._docs.get(ids=[doc.doc_id], include=["metadatas"])
        if not got["ids"]:
            return ()
        raw = json.loads(str(got["metadatas"][0].get("blocks", "[]")))
        return tuple(Block(kind, doc.text[start:end], start, end, level) for kind, start, end, level in raw)

    def document_metadata(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for ids, _docs, metas, _vecs in self._pages(self._docs, ["metadatas"]):
            for i, m in zip(ids, metas, strict=True):
                meta = dict(m or {})
                meta.pop("blocks", None)
                out[i] = meta
        return out

    @_writes
    def delete_document(self, doc_id: str) -> None:
        self._docs.delete(ids=[doc_id])

    def is_initialised(self) -> bool:
        """Whether the default knowledge base was built once (removing its documents is then final)."""
        return bool((self._docs.metadata or {}).get("initialised"))

    def mark_initialised(self) -> None:
        self._docs.modify(metadata={"initialised": True})

    def generation(self) -> str:
        """A value that changes whenever any process commits or removes a document."""
        try:
            got = self._state.get(ids=["generation"], include=["metadatas"])
        except Exception as exc:
            raise StoreError(f"the Chroma store is unreachable ({type(exc).__name__}: {exc})") from exc
        return str(got["metadatas"][0]["value"]) if got["ids"] else ""

    @_writes
    def bump_generation(self) -> None:
        import uuid

        self._state.upsert(ids=["generation"], metadatas=[{"value": uuid.uuid4().hex}], embeddings=[[1.0]])

    # -- markers ------------------------------------------------------------------------
    @_writes
    def put_marker(self, marker: Marker) -> None:
        """The lists go in one JSON string: as metadata arrays, reading 1000 markers took ~1.3 s
        instead of ~0.2 s."""
        payload = json.dumps([marker.chunk_ids, marker.starts, marker.ends, marker.sections], ensure_ascii=False)
        meta = {"sha256": marker.sha256, "payload": payload}
        self._markers.upsert(ids=[marker.doc_id], metadatas=[meta], embeddings=[[1.0]])
        self.bump_generation()

    def markers(self) -> dict[str, Marker]:
        out: dict[str, Marker] = {}
        for ids, _docs, metas, _vecs in self._pages(self._markers, ["metadatas"]):
            for doc_id, meta in zip(ids, metas, strict=True):
                if "payload" in meta:
                    chunk_ids, starts, ends, sections = json.loads(str(meta["payload"]))
                else:  # written by an earlier version, as metadata arrays
                    chunk_ids, starts, ends = meta["chunk_ids"], meta["starts"], meta["ends"]
                    sections = ["" if s == "-" else s for s in meta["sections"]]
                out[doc_id] = Marker(doc_id, str(meta["sha256"]), tuple(chunk_ids), tuple(starts), tuple(ends),
                                     tuple(sections))
        return out

    @_writes
    def delete_marker(self, doc_id: str) -> None:
        self._markers.delete(ids=[doc_id])
        self.bump_generation()

    # -- chunk and sentence vectors ----------------------------------------------------
    def existing_ids(self, ids: Sequence[str], kind: str = "chunks") -> set[str]:
        collection = self._chunks if kind == "chunks" else self._sentences
        found: set[str] = set()
        for i in range(0, len(ids), ID_BATCH):
            found.update(collection.get(ids=list(ids[i : i + ID_BATCH]), include=[])["ids"])
        return found

    @_writes
    def add_chunks(self, ids: Sequence[str], texts: Sequence[str], doc_ids: Sequence[str],
                   vectors: Sequence[Sequence[float]]) -> None:
        metas = [{"doc_id": d} for d in doc_ids]
        for i in range(0, len(ids), PAGE):
            self._chunks.upsert(
                ids=list(ids[i : i + PAGE]), documents=list(texts[i : i + PAGE]),
                metadatas=metas[i : i + PAGE], embeddings=[list(v) for v in vectors[i : i + PAGE]],
            )

    @_writes
    def add_sentences(self, records: Sequence[SentenceRecord], vectors: Sequence[Sequence[float]]) -> None:
        metas = [{"chunk_id": r.chunk_id, "rel_start": r.rel_start, "rel_end": r.rel_end} for r in records]
        ids = [r.sentence_id for r in records]
        for i in range(0, len(ids), PAGE):
            self._sentences.upsert(
                ids=ids[i : i + PAGE], metadatas=metas[i : i + PAGE],
                embeddings=[list(v) for v in vectors[i : i + PAGE]],
            )

    def chunk_texts(self, chunk_ids: Sequence[str]) -> dict[str, str]:
        """Texts of the given chunks (missing ones are absent): key lookups in batches, ~2.5x
        faster than paging through the collection by offset at 100k chunks."""
        out: dict[str, str] = {}
        for i in range(0, len(chunk_ids), ID_BATCH):
            got = self._chunks.get(ids=list(chunk_ids[i : i + ID_BATCH]), include=["documents"])
            out.update(zip(got["ids"], got["documents"] or [], strict=True))
        return out

    def all_ids(self, kind: str) -> list[str]:
        collection = self._chunks if kind == "chunks" else self._sentences
        out: list[str] = []
        for ids, _d, _m, _v in self._pages(collection, []):
            out.extend(ids)
        return out

    def sentence_parents(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for ids, _docs, metas, _vecs in self._pages(self._sentences, ["metadatas"]):
            out.update({i: str(m["chunk_id"]) for i, m in zip(ids, metas, strict=True)})
        return out

    @_writes
    def delete_ids(self, ids: Sequence[str], kind: str) -> None:
        collection = self._chunks if kind == "chunks" else self._sentences
        for i in range(0, len(ids), PAGE):
            collection.delete(ids=list(ids[i : i + PAGE]))

    def query_chunks(self, vector: Sequence[float], n: int) -> list[tuple[str, float]]:
        return [(i, s) for i, s, _m in self._query(self._chunks, vector, n)]

    def query_sentences(self, vector: Sequence[float], n: int) -> list[tuple[str, str, float]]:
        return [(i, str(m["chunk_id"]), s) for i, s, m in self._query(self._sentences, vector, n)]

    def sentence_vectors(self, sentence_ids: Sequence[str]) -> list[tuple[SentenceRecord, list[float]]]:
        """Stored sentence vectors by id (a key lookup: a metadata filter over 500k sentences took
        ~80 ms a question)."""
        if not sentence_ids:
            return []
        got = self._sentences.get(ids=list(dict.fromkeys(sentence_ids)), include=["metadatas", "embeddings"])
        out: list[tuple[SentenceRecord, list[float]]] = []
        for sid, meta, vector in zip(got["ids"], got["metadatas"], got["embeddings"], strict=True):
            record = SentenceRecord(sid, str(meta["chunk_id"]), int(meta["rel_start"]), int(meta["rel_end"]))
            out.append((record, list(map(float, vector))))
        return out

    def count(self, kind: str = "chunks") -> int:
        collection = self._chunks if kind == "chunks" else self._sentences
        return int(collection.count())

    def _query(self, collection: Any, vector: Sequence[float], n: int) -> list[tuple[str, float, dict]]:
        if n <= 0:
            return []
        client = self._client
        try:  # Chroma 1.x returns fewer than n results from a small collection (no count() per query)
            got = collection.query(query_embeddings=[list(vector)], n_results=n, include=["distances", "metadatas"])
        except Exception as exc:
            if client is not self._client:  # `reopen` closed the client under this query: once more
                fresh = {c.name: c for c in (self._chunks, self._sentences)}.get(collection.name)
                if fresh is not None:
                    return self._query(fresh, vector, n)
            raise StoreError(f"the Chroma query failed ({type(exc).__name__}: {exc})") from exc
        ids, dists, metas = got["ids"][0], got["distances"][0], got["metadatas"][0]
        return [(i, 1.0 - float(d), dict(m or {})) for i, d, m in zip(ids, dists, metas, strict=True)]

    @staticmethod
    def _pages(collection: Any, include: list[str]) -> Iterator[tuple[list, list, list, list]]:
        offset = 0
        while True:
            got = collection.get(limit=PAGE, offset=offset, include=include)
            ids = got["ids"]
            if not ids:
                return
            n = len(ids)
            yield (
                ids,
                got.get("documents") or [None] * n,
                got.get("metadatas") or [None] * n,
                got.get("embeddings") if got.get("embeddings") is not None else [None] * n,
            )
            if n < PAGE:
                return
            offset += n


def _tune(collection: Any, sync: dict[str, int]) -> None:
    """Set how often a collection persists its vector segment (existing collections too)."""
    try:
        current = (collection.configuration or {}).get("hnsw") or {}
        if current.get("sync_threshold") != sync["sync_threshold"]:
            collection.modify(configuration={"hnsw": dict(sync)})
    except Exception as exc:  # a server that refuses the change still works, only slower
        log.warning("cannot tune collection %s (%s: %s)", collection.name, type(exc).__name__, exc)


def _document(doc_id: str, text: str, meta: dict[str, Any]) -> SourceDocument:
    return SourceDocument(
        doc_id=doc_id, title=str(meta.get("title", "")), source=str(meta.get("source", "")), text=text,
        sha256=str(meta.get("sha256", "")), language=str(meta.get("language", "")),
        issuer=str(meta.get("issuer", "")), date=str(meta.get("date", "")),
        added_at=str(meta.get("added_at", "")), fmt=str(meta.get("fmt", "")),
        **{name: str(meta.get(name, "")) for name in _FACT_FIELDS},
    )
