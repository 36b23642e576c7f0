from __future__ import annotations

from pathlib import Path

import pytest

from assistant.keyword import KeywordIndex, Tokenizer

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
    assert not KeywordIndex(Tokenizer("bigram")).load(tmp_path, "another-fingerprint")
