"""Fakes shipped with the library: deterministic, offline, fast."""

from __future__ import annotations

from assistant.index.embeddings import HashingEmbeddings

__all__ = ["HashingEmbeddings"]
