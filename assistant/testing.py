"""Fakes shipped with the library: deterministic, offline, fast."""

from __future__ import annotations

import hashlib
import math

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

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        grams = [text[i : i + 2] for i in range(max(len(text) - 1, 1))]
        grams += [w.lower() for w in text.split() if w.isascii()]
        for gram in grams:
            digest = hashlib.md5(gram.encode("utf-8")).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimension
            vector[index] += 1.0 if digest[4] % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.queries_embedded += 1
        return self._vector(text)
