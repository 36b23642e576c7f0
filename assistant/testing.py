"""Fakes shipped with the library: deterministic, offline, fast."""

from __future__ import annotations

import hashlib

import numpy as np

from .embeddings import NamedEmbeddings


class HashingEmbeddings(NamedEmbeddings):
    """Hashes character bigrams (and ASCII words) into a fixed-size, L2-normalised vector.

    Texts that share characters get similar vectors; it counts its calls so tests can assert
    that nothing is embedded twice."""

    model_id = "hashing-256"
    dimension = 256

    def __init__(self) -> None:
        self.documents_embedded = 0
        self.queries_embedded = 0
        self._buckets: dict[str, tuple[int, float]] = {}  # gram -> (index, sign), memoised md5

    def _bucket(self, gram: str) -> tuple[int, float]:
        found = self._buckets.get(gram)
        if found is None:
            digest = hashlib.md5(gram.encode("utf-8")).digest()
            found = (int.from_bytes(digest[:4], "little") % self.dimension, 1.0 if digest[4] % 2 else -1.0)
            if len(self._buckets) < 1_000_000:
                self._buckets[gram] = found
        return found

    def _vector(self, text: str) -> list[float]:
        grams = [text[i : i + 2] for i in range(max(len(text) - 1, 1))]
        grams += [w.lower() for w in text.split() if w.isascii()]
        buckets = [self._bucket(gram) for gram in grams]
        vector = np.bincount([i for i, _s in buckets], weights=[s for _i, s in buckets], minlength=self.dimension)
        norm = float(np.sqrt(vector @ vector)) or 1.0
        return (vector / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.queries_embedded += 1
        return self._vector(text)
