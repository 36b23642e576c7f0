"""Ingestion on a real Chroma store in a temporary folder (fast hashing embedder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Settings, build_advisor
from assistant.errors import ConfigError, DocumentNotFoundError
from assistant.testing import HashingEmbeddings

COMMON = (
    "关于支持中小企业专利托管的通知\n\n"
    "对无专利的中小企业，提供专利托管服务，帮助其建立知识产权管理制度。企业可以通过服务平台提出托管需求。\n\n"
)
POLICY_V1 = COMMON + "鼓励企业参与团体标准制定，提升标准话语权。"
POLICY_V2 = COMMON + "鼓励企业建设数字化车间，推进智能制造示范工厂建设。"


def counts(advisor) -> tuple[int, int, int]:
    markers = advisor.store.markers()
    listed = sum(len(m.chunk_ids) for m in markers.values())
    return advisor.store.count("chunks"), listed, advisor.store.count("sentences")


def test_default_index_is_built_and_reingest_embeds_nothing(hashing_advisor) -> None:
    embedder: HashingEmbeddings = hashing_advisor.embeddings  # type: ignore[assignment]
    assert [d.doc_id for d in hashing_advisor.documents()] == ["ningbo-innovation-ecosystem"]
    before = embedder.documents_embedded
    state = counts(hashing_advisor)
    report = hashing_advisor.ingest_default()
    assert report.unchanged == ["ningbo-innovation-ecosystem"]
    assert embedder.documents_embedded == before
    assert counts(hashing_advisor) == state


def test_restart_embeds_nothing(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    build_advisor(settings, embeddings=HashingEmbeddings())
    again = HashingEmbeddings()
    advisor = build_advisor(settings, embeddings=again)
    assert again.documents_embedded == 0
    assert advisor.search("专利托管")[0].doc_id == "ningbo-innovation-ecosystem"


def test_changed_file_replaces_its_chunks(hashing_advisor, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(POLICY_V1, encoding="utf-8")
    assert hashing_advisor.ingest([path]).added == ["notice"]
    assert any("团体标准" in c.text for c in hashing_advisor.search("团体标准制定", k=3))
    embedded = hashing_advisor.embeddings.documents_embedded
    path.write_text(POLICY_V2, encoding="utf-8")
    report = hashing_advisor.ingest([path])
    assert report.updated == ["notice"]
    # only the changed paragraph's chunk and sentences are embedded again
    assert 0 < hashing_advisor.embeddings.documents_embedded - embedded <= 4
    texts = [c.text for c in hashing_advisor.search("团体标准 数字化车间", k=10) if c.doc_id == "notice"]
    assert texts and not any("团体标准" in t for t in texts)
    assert any("数字化车间" in t for t in texts)
    chunks, listed, _sentences = counts(hashing_advisor)
    assert chunks == listed, "no chunk of the old version is left"


def test_remove_clears_every_index(hashing_advisor, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(POLICY_V1, encoding="utf-8")
    hashing_advisor.ingest([path])
    hashing_advisor.remove("notice")
    assert "notice" not in {d.doc_id for d in hashing_advisor.documents()}
    assert all(c.doc_id != "notice" for c in hashing_advisor.search("团体标准制定 专利托管", k=20))
    assert hashing_advisor.index.keyword.rank("团体") == []
    chunks, listed, _ = counts(hashing_advisor)
    assert chunks == listed
    with pytest.raises(DocumentNotFoundError):
        hashing_advisor.document("notice")
    with pytest.raises(DocumentNotFoundError, match="sources list"):
        hashing_advisor.remove("notice")


def test_broken_file_does_not_block_the_others(hashing_advisor, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(POLICY_V1, encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    odd = tmp_path / "sheet.xlsx"
    odd.write_bytes(b"PK")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(POLICY_V2.replace("通知", "办法").encode("gbk"))
    report = hashing_advisor.ingest([bad, good, odd, gbk])
    assert sorted(report.added) == ["gbk", "good"]
    reasons = dict(report.failed)
    assert "not a PDF" in reasons["bad.pdf"]
    assert "supported formats" in reasons["sheet.xlsx"]
    assert "数字化车间" in hashing_advisor.document("gbk").text


def test_duplicate_upload_under_another_name_is_refused(hashing_advisor, tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(POLICY_V1, encoding="utf-8")
    second = tmp_path / "copy of a.txt"
    second.write_text(POLICY_V1, encoding="utf-8")
    hashing_advisor.ingest([first])
    report = hashing_advisor.ingest([second])
    assert not report.added
    assert "already in the knowledge base as 'a'" in report.failed[0][1]


class ExplodingEmbeddings(HashingEmbeddings):
    """Raises KeyboardInterrupt after a number of document batches, like Ctrl-C mid-ingest."""

    def __init__(self, after: int) -> None:
        super().__init__()
        self.after = after

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.after <= 0:
            raise KeyboardInterrupt
        self.after -= 1
        return super().embed_documents(texts)


@pytest.mark.parametrize("after", [0, 1, 2])
def test_interrupted_ingest_is_completed_without_duplicates(tmp_path: Path, after: int) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    with pytest.raises(KeyboardInterrupt):
        build_advisor(settings, embeddings=ExplodingEmbeddings(after))
    half = build_advisor(settings, embeddings=HashingEmbeddings(), ensure_index=False)
    assert half.documents() == [], "a half-indexed document is never visible"
    advisor = build_advisor(settings, embeddings=HashingEmbeddings())
    docs = advisor.documents()
    assert [d.doc_id for d in docs] == ["ningbo-innovation-ecosystem"]
    chunks, listed, _ = counts(advisor)
    assert chunks == listed == docs[0].chunks
    answer = advisor.ask("专利托管服务是做什么的？")
    assert answer.citations


def test_chunk_vectors_from_sentences_embed_less_and_still_find(tmp_path: Path) -> None:
    by_text, by_sentences = HashingEmbeddings(), HashingEmbeddings()
    build_advisor(Settings(data_dir=tmp_path / "a"), embeddings=by_text)
    advisor = build_advisor(Settings(data_dir=tmp_path / "b", chunk_vectors="sentences"), embeddings=by_sentences)
    assert by_sentences.documents_embedded < by_text.documents_embedded
    assert advisor.store.count("chunks") > 0
    assert advisor.search("专利托管")[0].doc_id == "ningbo-innovation-ecosystem"
    with pytest.raises(ConfigError, match="ADVISOR_CHUNK_VECTORS"):
        Settings.from_env({"ADVISOR_CHUNK_VECTORS": "tokens"})


def test_a_document_read_differently_by_newer_code_is_stored_again_without_embedding(hashing_advisor,
                                                                                    tmp_path: Path) -> None:
    embedder: HashingEmbeddings = hashing_advisor.embeddings  # type: ignore[assignment]
    path = tmp_path / "county.md"
    path.write_text("# 彭水苗族土家族自治县旅游条例\n\n第一条 为了促进旅游业发展，制定本条例。\n", encoding="utf-8")
    assert hashing_advisor.ingest([path]).ok
    (doc_id,) = [d.doc_id for d in hashing_advisor.documents() if d.doc_id != "ningbo-innovation-ecosystem"]
    stored = hashing_advisor.store.document_metadata()[doc_id]
    assert stored["county"] == "彭水苗族土家族自治县"
    # as an older version had read it: the city that approved it, not the county whose rule it is
    hashing_advisor.store._docs.update(ids=[doc_id], metadatas=[{**stored, "place_level": "city", "county": ""}])
    before = embedder.documents_embedded
    report = hashing_advisor.ingest([path])
    assert report.updated == [doc_id] and embedder.documents_embedded == before
    assert hashing_advisor.store.document_metadata()[doc_id]["place_level"] == "county"
    assert hashing_advisor.ingest([path]).unchanged == [doc_id]
