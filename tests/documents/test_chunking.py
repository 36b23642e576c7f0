from __future__ import annotations

import json
from pathlib import Path

from assistant.documents.chunking import chunk_document, chunk_id, chunk_sentences, split_sentences
from assistant.documents.cleaning import clean_text

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seed_chunks.json"


def test_seed_chunk_boundaries_match_golden(seed_raw: str) -> None:
    clean = clean_text(seed_raw)
    chunks = chunk_document("ningbo-innovation-ecosystem", clean)
    got = [{"start": c.start, "end": c.end, "section": c.section, "head": c.text[:12], "chunk_id": c.chunk_id}
           for c in chunks]
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_chunks_are_sized_and_offsets_exact(seed_raw: str) -> None:
    clean = clean_text(seed_raw)
    chunks = chunk_document("d", clean)
    sizes = [len(c.text) for c in chunks]
    assert min(sizes) >= 90 and max(sizes) <= 450
    assert sum(1 for s in sizes if 150 <= s <= 400) / len(sizes) >= 0.8
    for chunk in chunks:
        assert clean.text[chunk.start : chunk.end] == chunk.text
        assert chunk.text[-1] in "。！？；）”", "chunks end at sentence ends"
        assert list(chunk.sentences) == chunk_sentences(chunk.text, chunk.start)
    assert not any(c.text.startswith("■") for c in chunks), "headings are metadata, not chunks"


def test_ids_are_stable_hashes_of_document_and_text() -> None:
    assert chunk_id("a", "文本") == chunk_id("a", "文本")
    assert chunk_id("a", "文本") != chunk_id("b", "文本")


def test_sentence_split_chinese_and_english() -> None:
    text = "第一句。第二句！“第三句？”Fourth one. Fifth one\n第六句；"
    parts = [text[s.start : s.end] for s in split_sentences(text)]
    assert parts == ["第一句。", "第二句！", "“第三句？”", "Fourth one.", "Fifth one", "第六句；"]


def test_long_sentence_is_cut_at_commas() -> None:
    sentence = "，".join(["这是一个很长的分句用来测试切分功能"] * 40) + "。"
    clean = clean_text(sentence)
    chunks = chunk_document("d", clean)
    assert all(len(c.text) <= 450 for c in chunks)
    assert "".join(c.text for c in chunks) == clean.text
