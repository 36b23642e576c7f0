"""Chinese-aware BM25 (bm25s) over character bigrams and/or jieba words, persisted on disk."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN = re.compile(r"[a-z0-9]+(?:[.%][0-9]+)?%?")
STOP_WORDS = frozenset(
    "的 了 和 与 及 是 在 有 对 为 把 被 也 都 就 还 而 或 等 之 其 这 那 哪 吗 呢 吧 啊 么 "
    "什么 哪些 哪个 怎么 怎样 如何 是否 能否 可以 可否 我们 我 你 你们 他们 它 它们 请问 一下 "
    "a an the of to in on for and or is are was be do does can what which who how why when "
    "where with by from at as it its this that these those there i we you our my me us".split()
)

_jieba_lock = threading.Lock()
_jieba_ready = False


def _jieba(extra_words: Iterable[str] = ()) -> object:
    global _jieba_ready
    import jieba

    with _jieba_lock:
        if not _jieba_ready:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_ready = True
        for word in extra_words:
            _GENERAL.setdefault(word, jieba.get_FREQ(word) or 0)
            jieba.add_word(word, freq=20000)
    return jieba


_GENERAL: dict[str, int] = {}  # jieba's own counts of the words given a high count above


def general_frequency(word: str) -> int:
    """How often jieba's general dictionary saw a word (0: never), before this index taught it any."""
    jieba = _jieba()
    return _GENERAL[word] if word in _GENERAL else int(jieba.get_FREQ(word) or 0)  # type: ignore[attr-defined]


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


class Tokenizer:
    """mode: "bigram", "jieba" or "both" (bigrams plus jieba words, kept apart by a prefix)."""

    def __init__(self, mode: str = "both", user_words: Iterable[str] = ()) -> None:
        if mode not in ("bigram", "jieba", "both"):
            raise ValueError(f"tokenizer mode {mode!r}: use bigram, jieba or both")
        self.mode = mode
        self._user_words = tuple(user_words)
        _jieba(self._user_words)  # the answerer reads question words with jieba in every mode

    def __call__(self, text: str) -> list[str]:
        text = normalise(text)
        tokens = LATIN.findall(text)
        tokens = [t for t in tokens if t not in STOP_WORDS]
        if self.mode in ("bigram", "both"):
            tokens.extend(cjk_bigrams(text))
        if self.mode in ("jieba", "both"):
            prefix = "w:" if self.mode == "both" else ""
            tokens.extend(prefix + w for w in self.words(text) if len(w) > 1 or self.mode == "jieba")
        return tokens

    def words(self, text: str) -> list[str]:
        """Chinese content words of `text` (jieba), stop words removed."""
        import jieba

        _jieba(())
        return [w for w in jieba.lcut(normalise(text)) if CJK_RUN.fullmatch(w) and w not in STOP_WORDS]


def cjk_bigrams(text: str) -> list[str]:
    """Character bigrams of each run of Chinese characters (a one-character run is kept whole)."""
    tokens: list[str] = []
    for run in CJK_RUN.findall(text):
        tokens.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return tokens


def fingerprint(ids: Iterable[str], mode: str) -> str:
    digest = hashlib.sha256(mode.encode())
    for chunk_id in sorted(ids):
        digest.update(chunk_id.encode())
    return digest.hexdigest()[:32]


class KeywordIndex:
    """BM25 over chunk texts; `rank` returns every chunk with a positive score, best first."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.ids: list[str] = []
        self.texts: list[str] | None = None  # chunk texts in `ids` order, saved with the index
        self.fingerprint = ""
        self._bm25: object | None = None

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token over the indexed chunks (0 if absent)."""
        postings = self.postings(token)
        df = 0 if postings is None else len(postings)
        if not df:
            return 0.0
        n = len(self.ids)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def build(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on itself at import

        self.ids = list(ids)
        self.texts = list(texts)
        self.fingerprint = fingerprint(ids, self.tokenizer.mode)
        if not ids:
            self._bm25 = None
            return
        # token ids, not token strings: at 100k chunks the string lists took ~3 GB while bm25s indexed
        vocab: dict[str, int] = {}
        corpus: list[list[int]] = []
        for text in texts:
            tokens = self.tokenizer(text) or ["\x00empty"]
            corpus.append([vocab.setdefault(token, len(vocab)) for token in tokens])
        bm25 = bm25s.BM25()
        bm25.index((corpus, vocab), show_progress=False)
        self._bm25 = bm25

    def rank(self, query: str, extra_tokens: Sequence[str] = (), limit: int = 0) -> list[tuple[str, float]]:
        """Chunks with a positive score, best first; only the best `limit` when it is set (a
        partial sort keeps this cheap at 100k chunks)."""
        if self._bm25 is None:
            return []
        tokens = self.tokenizer(query) + list(extra_tokens)
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in tokens if t in vocab]
        if not known:
            return []
        scores = self._bm25.get_scores(known)  # type: ignore[attr-defined]
        positive = np.flatnonzero(scores > 0)
        if limit and len(positive) > limit:
            positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
        order = positive[np.lexsort((positive, -scores[positive]))]  # ties keep index order
        return [(self.ids[i], float(scores[i])) for i in order]

    def postings(self, token: str) -> np.ndarray | None:
        """Positions (in `ids`) of the chunks that contain `token`, from the BM25 matrix; None if
        the token is not in the vocabulary."""
        if self._bm25 is None:
            return None
        column = self._bm25.vocab_dict.get(token)  # type: ignore[attr-defined]
        if column is None:
            return None
        scores = self._bm25.scores  # type: ignore[attr-defined]
        return np.asarray(scores["indices"][scores["indptr"][column] : scores["indptr"][column + 1]])

    def latin_vocabulary(self) -> list[str]:
        if self._bm25 is None:
            return []
        return [t for t in self._bm25.vocab_dict if t.isascii() and LATIN.fullmatch(t)]  # type: ignore[attr-defined]

    def save(self, folder: Path) -> None:
        if self._bm25 is None:
            return
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"bm25.tmp-{os.getpid()}"  # workers sharing a data folder never write into one another's
        self._bm25.save(str(tmp))  # type: ignore[attr-defined]
        meta = {"fingerprint": self.fingerprint, "ids": self.ids}
        (tmp / "ids.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if self.texts is not None:  # chunk ids hash their text, so these stay true for these ids
            (tmp / "texts.json").write_text(json.dumps(self.texts, ensure_ascii=False), encoding="utf-8")
        final = folder / "bm25"
        if final.exists():
            import shutil

            shutil.rmtree(final)
        tmp.rename(final)

    def load(self, folder: Path, expected_fingerprint: str) -> bool:
        """Load a saved index if it was built from exactly the expected chunks."""
        import bm25s

        meta_path = folder / "bm25" / "ids.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if meta.get("fingerprint") != expected_fingerprint:
            return False
        try:
            # memory-mapped: a question reads only the postings of its own tokens
            self._bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
        except Exception as exc:  # a damaged cache is rebuilt, never trusted
            log.warning("keyword index cache in %s is unreadable (%s); rebuilding", folder, exc)
            return False
        self.ids = list(meta["ids"])
        self.fingerprint = expected_fingerprint
        try:
            texts = json.loads((folder / "bm25" / "texts.json").read_text(encoding="utf-8"))
            self.texts = texts if isinstance(texts, list) and len(texts) == len(self.ids) else None
        except (OSError, ValueError):
            self.texts = None  # an older cache: the texts are read from the store
        return True
