from __future__ import annotations

import pytest

from assistant.answering.retrieve import bm25_rank, dense_rank, max_by_parent, rrf


def test_rrf_rewards_agreement_over_one_top_rank() -> None:
    fused = dict(rrf([["a", "b", "c"], ["b", "c", "a"], ["b", "a"]], k=60))
    assert max(fused, key=fused.__getitem__) == "b"
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61 + 1 / 61)


def test_rrf_uses_full_lists_and_weights() -> None:
    fused = rrf([["x"], ["y", "z"]], k=1, weights=[1.0, 3.0])
    assert [i for i, _ in fused] == ["y", "z", "x"]


def test_bm25_rank_drops_zero_scores() -> None:
    assert bm25_rank([("a", 0.0), ("b", 2.0), ("c", 1.0)]) == ["b", "c"]


def test_dense_rank_keeps_committed_chunks_only() -> None:
    assert dense_rank([("a", 0.9), ("orphan", 0.95), ("b", 0.5)], {"a", "b"}) == ["a", "b"]


def test_sentence_hits_rank_chunks_by_best_sentence() -> None:
    hits = [("s1", "c1", 0.7), ("s2", "c2", 0.9), ("s3", "c1", 0.95)]
    assert max_by_parent(hits) == [("c1", 0.95), ("c2", 0.9)]
