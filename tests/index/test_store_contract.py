"""One contract, every backend: a local persistent folder and a real Chroma server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Settings, StoreError, build_advisor
from assistant.index.store import ChromaStore, Marker, SentenceRecord
from assistant.models import Block, SourceDocument
from assistant.testing import HashingEmbeddings
from tests.chroma_server import ChromaServer


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """The server .ci/run started (ADVISOR_TEST_CHROMA_PORT), or one started here."""
    if os.environ.get("ADVISOR_TEST_CHROMA_PORT"):
        yield "127.0.0.1", int(os.environ["ADVISOR_TEST_CHROMA_PORT"])
        return
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    try:
        yield "127.0.0.1", server.port
    finally:
        server.stop()


@pytest.fixture(params=["local", "server"])
def store(request, tmp_path: Path) -> ChromaStore:
    prefix = f"t{uuid.uuid4().hex[:10]}-"  # every test gets its own collections on the shared server
    if request.param == "local":
        return ChromaStore.open("ns", path=tmp_path / "chroma", prefix=prefix)
    host, port = request.getfixturevalue("chroma_server")
    return ChromaStore.open("ns", host=host, port=port, prefix=prefix)


def doc(doc_id: str = "d1", text: str = "第一句话。第二句话。") -> SourceDocument:
    return SourceDocument(doc_id, "T", f"{doc_id}.txt", text, f"sha-{text}")


def test_documents_round_trip_with_blocks(store: ChromaStore) -> None:
    d = doc()
    store.put_document(d, (Block("body", d.text, 0, len(d.text)),))
    assert store.get_document("d1") == d
    assert store.get_blocks(d) == (Block("body", d.text, 0, len(d.text)),)
    assert store.document_metadata()["d1"]["sha256"] == d.sha256
    store.delete_document("d1")
    assert store.get_document("d1") is None


def test_vectors_query_and_delete(store: ChromaStore) -> None:
    store.add_chunks(["a", "b"], ["甲", "乙"], ["d1", "d1"], [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    store.add_sentences([SentenceRecord("s1", "a", 0, 1), SentenceRecord("s2", "b", 0, 1)],
                        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    assert store.existing_ids(["a", "b", "c"]) == {"a", "b"}
    assert [i for i, _ in store.query_chunks([0.9, 0.1, 0.0], 2)] == ["a", "b"]
    assert store.query_sentences([0.0, 1.0, 0.0], 1)[0][:2] == ("s2", "b")
    vectors = store.sentence_vectors(["s1", "s9"])
    assert [(r.sentence_id, r.chunk_id) for r, _v in vectors] == [("s1", "a")] and len(vectors[0][1]) == 3
    assert store.chunk_texts(["a", "b", "zz"]) == {"a": "甲", "b": "乙"}
    store.delete_ids(["a"], "chunks")
    assert store.count("chunks") == 1


def test_markers_and_generation(store: ChromaStore) -> None:
    before = store.generation()
    marker = Marker("d1", "sha", ("a", "b"), (0, 5), (5, 9), ("sec", ""))
    store.put_marker(marker)
    assert store.markers()["d1"] == marker
    after = store.generation()
    assert after != before
    store.delete_marker("d1")
    assert "d1" not in store.markers() and store.generation() != after


def test_markers_written_by_the_earlier_array_format_still_read(store: ChromaStore) -> None:
    legacy = {"sha256": "sha", "chunk_ids": ["a", "b"], "starts": [0, 5], "ends": [5, 9], "sections": ["sec", "-"]}
    store._markers.upsert(ids=["old"], metadatas=[legacy], embeddings=[[1.0]])
    assert store.markers()["old"] == Marker("old", "sha", ("a", "b"), (0, 5), (5, 9), ("sec", ""))


def test_initialised_flag(store: ChromaStore) -> None:
    assert not store.is_initialised()
    store.mark_initialised()
    assert store.is_initialised()


def test_end_to_end_question_against_the_server(chroma_server, tmp_path: Path) -> None:
    host, port = chroma_server
    prefix = f"e{uuid.uuid4().hex[:10]}-"
    settings = Settings(data_dir=tmp_path / "a", chroma_host=host, chroma_port=port, collection_prefix=prefix,
                        refresh_seconds=0)
    first = build_advisor(settings, embeddings=HashingEmbeddings())
    answer = first.ask("专利托管服务是做什么的？")
    assert answer.answerable and "专利托管" in answer.citations[0].quote
    # a second app process on the same server sees what the first one adds, without a restart
    second = build_advisor(Settings(data_dir=tmp_path / "b", chroma_host=host, chroma_port=port,
                                    collection_prefix=prefix, refresh_seconds=0), embeddings=HashingEmbeddings())
    note = tmp_path / "note.txt"
    note.write_text("支持企业建设数字化车间，推进智能制造示范工厂建设。", encoding="utf-8")
    first.ingest([note])
    assert any(c.doc_id == "note" for c in second.search("数字化车间", k=3))
    first.remove("note")
    assert not any(c.doc_id == "note" for c in second.search("数字化车间", k=3))


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    from tests.chroma_server import free_port

    with pytest.raises(StoreError, match="check that it is running"):
        ChromaStore.open("x", host="127.0.0.1", port=free_port())


def test_server_outage_is_a_clear_error_and_recovers(tmp_path: Path) -> None:
    server = ChromaServer(tmp_path / "srv")
    server.start()
    try:
        settings = Settings(data_dir=tmp_path / "a", chroma_host="127.0.0.1", chroma_port=server.port,
                            refresh_seconds=0)
        advisor = build_advisor(settings, embeddings=HashingEmbeddings())
        assert advisor.ask("专利托管服务是做什么的？").answerable
        server.stop()
        with pytest.raises(StoreError, match="unreachable|failed"):
            advisor.ask("专利托管服务是做什么的？")
        server.start()
        assert advisor.ask("专利托管服务是做什么的？").answerable
    finally:
        server.stop()


def test_collections_persist_often_even_when_created_with_defaults(store: ChromaStore) -> None:
    """Chroma replays unpersisted writes on every call: a documents collection left at the default
    sync threshold (1000) made each call re-read every stored text. Opening a store fixes that for
    collections created before (or by another tool)."""
    from assistant.index.store import DOCUMENTS, SYNC_SMALL, SYNC_VECTORS

    store._docs.modify(configuration={"hnsw": {"sync_threshold": 1000}})
    store._chunks.modify(configuration={"hnsw": {"sync_threshold": 1000}})
    prefix = store._docs.name[: -len(DOCUMENTS)]
    reopened = ChromaStore(store._client, "ns", prefix)
    assert reopened._docs.configuration["hnsw"]["sync_threshold"] == SYNC_SMALL["sync_threshold"]
    assert reopened._markers.configuration["hnsw"]["sync_threshold"] == SYNC_SMALL["sync_threshold"]
    assert reopened._chunks.configuration["hnsw"]["sync_threshold"] == SYNC_VECTORS["sync_threshold"]
    assert reopened._sentences.configuration["hnsw"]["sync_threshold"] == SYNC_VECTORS["sync_threshold"]
