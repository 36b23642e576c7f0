from __future__ import annotations

from pathlib import Path

import pytest

from assistant.index.keyword import KeywordIndex, Tokenizer

TEXTS = ["推广专利托管服务，建设专利共享池。", "推行企业首席质量官制度。", "建设区域级AI共享服务中心。"]


@pytest.mark.parametrize("mode", ["bigram", "jieba", "both"])
def test_each_tokenizer_finds_the_passage(mode: str) -> None:
    index = KeywordIndex(Tokenizer(mode))
    index.build(["a", "b", "c"], TEXTS)
    ranked = index.rank("专利托管是什么")
    assert ranked[0][0] == "a"
    assert all(score > 0 for _i, score in ranked)


def test_bigrams_and_latin_words() -> None:
    tokens = Tokenizer("bigram")("AI共享服务 and LLM")
    assert "ai" in tokens and "llm" in tokens and "共享" in tokens and "and" not in tokens


def test_unknown_query_returns_nothing() -> None:
    index = KeywordIndex(Tokenizer("bigram"))
    index.build(["a"], TEXTS[:1])
    assert index.rank("天气预报") == []


def test_saved_index_loads_only_for_the_same_chunks(tmp_path: Path) -> None:
    index = KeywordIndex(Tokenizer("bigram"))
    index.build(["a", "b", "c"], TEXTS)
    index.save(tmp_path)
    again = KeywordIndex(Tokenizer("bigram"))
    assert again.load(tmp_path, index.fingerprint)
    assert again.rank("首席质量官")[0][0] == "b"
    assert again.idf("质量") > 0
    assert again.texts == list(TEXTS)  # the chunk texts travel with the index
    assert not KeywordIndex(Tokenizer("bigram")).load(tmp_path, "another-fingerprint")


def test_postings_list_exactly_the_chunks_holding_a_token() -> None:
    index = KeywordIndex(Tokenizer("bigram"))
    index.build(["a", "b", "c"], TEXTS)
    for token in ["质量", "企业", "专利"]:
        expected = [i for i, text in enumerate(TEXTS) if token in text]
        assert sorted(index.postings(token).tolist()) == expected, token
    assert index.postings("天气") is None


def test_rank_limit_keeps_the_best_in_order() -> None:
    index = KeywordIndex(Tokenizer("bigram"))
    index.build(["a", "b", "c"], TEXTS)
    full = index.rank("企业质量专利")
    assert index.rank("企业质量专利", limit=2) == full[:2]
    assert [s for _i, s in full] == sorted((s for _i, s in full), reverse=True)


def test_index_built_from_token_ids_scores_like_bm25s_from_tokens() -> None:
    import bm25s

    tokenizer = Tokenizer("bigram")
    index = KeywordIndex(tokenizer)
    index.build(["a", "b", "c"], TEXTS)
    reference = bm25s.BM25()
    reference.index([tokenizer(t) for t in TEXTS], show_progress=False)
    for query in ["专利托管", "企业首席质量官", "共享服务中心 AI"]:
        known = [t for t in tokenizer(query) if t in reference.vocab_dict]
        expected = {i: float(s) for i, s in zip("abc", reference.get_scores(known), strict=True) if s > 0}
        assert dict(index.rank(query)) == pytest.approx(expected), query
