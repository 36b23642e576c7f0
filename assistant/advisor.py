"""The advisor: ask, search, documents, ingest and remove over one wired pipeline."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.answering.abbreviations import full_forms
from assistant.answering.answer import ExtractiveAnswerer, with_latency
from assistant.answering.query import Query, analyse, check_question, detect_language, load_lexicon
from assistant.answering.retrieve import HybridRetriever
from assistant.answering.scope import (
    AGREED_NAME_SHARE,
    PlaceScope,
    agreed_name,
    best_named,
    document_names,
    english_name_shares,
    english_names,
    english_titles,
    query_scope,
    scope_for,
    without_names,
)
from assistant.answering.selector import SentenceModel, load_model
from assistant.answering.trace import TraceLog
from assistant.answering.translate import load as load_dictionary
from assistant.answering.translate import translations
from assistant.documents.metadata import status as document_status
from assistant.errors import ConfigError, DocumentNotFoundError
from assistant.index.embeddings import NamedEmbeddings
from assistant.index.indexer import Indexer, LiveIndex, Progress, _quiet
from assistant.index.ingest import Ingestor, IngestReport, ManifestEntry, expand_paths, read_manifest
from assistant.index.store import ChromaStore
from assistant.models import Answer, ScoredChunk, SourceDocument
from assistant.programs.catalog import Matcher, ProgramMatch, load_catalog
from assistant.programs.compose import compose as compose_match_answer
from assistant.programs.compose import describe_profile
from assistant.programs.fit import match_measures
from assistant.programs.measures import Measure, apply_overlay, extract_measures, load_overlay
from assistant.programs.profile import describes_company, extract_profile, speaks_of_own_company, validate_profile
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.answering.llm import LLMAnswerer
    from assistant.answering.retrieve import Retrieval

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentInfo:
    doc_id: str
    title: str
    source: str
    chunks: int
    added_at: str
    language: str
    issuer: str
    doc_number: str = ""
    issued: str = ""
    effective: str = ""
    expires: str = ""
    jurisdiction: str = ""  # national | province | city | county | "" (unknown)
    place: str = ""  # 全国, 上海市, 浙江省 ...
    instructions: int = 0  # instruction-like sentences (kept in the text, never used as evidence)

    @property
    def status(self) -> str:
        """In force, expired, not yet in force or unknown, against today's date."""
        return document_status(None, effective=self.effective, expires=self.expires)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "status": self.status}


def _place_label(meta: dict[str, Any]) -> str:
    fields = {k: str(meta.get(k, "")) for k in ("place_level", "province", "city", "county")}
    return SourceDocument("", "", "", "", "", **fields).place


class Advisor:
    def __init__(self, settings: Settings, store: ChromaStore, embeddings: NamedEmbeddings,
                 index: LiveIndex, retriever: HybridRetriever, answerer: ExtractiveAnswerer,
                 ingestor: Ingestor, trace: TraceLog) -> None:
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.index = index
        self.retriever = retriever
        self.answerer = answerer
        self.ingestor = ingestor
        self.trace = trace
        self._docs: dict[str, SourceDocument] = {}
        self._matcher: Matcher | None = None
        self.llm: LLMAnswerer | None = None  # set by build_advisor when ADVISOR_LLM is configured
        self._write_lock = threading.Lock()
        self._name_vectors: dict[str, list[float]] = {}  # documents' names, by name

    # -- reading -----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[Any] | None = None, record: bool = True) -> Answer:
        """Answer with citations (or refuse); the same as the last item of `ask_stream`."""
        answer: Answer | None = None
        for item in self.ask_stream(question, history, record):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def ask_stream(self, question: str, history: Sequence[Any] | None = None,
                   record: bool = True) -> Iterator[str | Answer]:
        """Checked text pieces as an LLM writes them (when one is configured), then the final Answer."""
        started = time.perf_counter()
        text = check_question(question, self.settings.max_question_chars)
        self.index.refresh_if_stale(self.settings.refresh_seconds)
        profile = extract_profile(text) if speaks_of_own_company(text) else {}
        retrieval: Retrieval | None = None
        if describes_company(text, profile) and self.matcher().available():
            language = detect_language(text)
            answer = compose_match_answer(text, profile, self.matcher().match(profile, language), language)
        elif self.llm is not None:
            final: Answer | None = None
            for item in self.llm.stream(text, history):
                if isinstance(item, Answer):
                    final = item
                else:
                    yield item
            assert final is not None
            answer, retrieval = final, getattr(final, "retrieval", None)
        else:
            query, scope = self._prepared(analyse(text, history, load_lexicon()))
            retrieval = self._search(query, scope)
            answer = self.answerer.answer(query, retrieval)
        answer = with_latency(answer, (time.perf_counter() - started) * 1000)
        if record:
            retrieved = [
                {"chunk_id": c.chunk_id, "doc_id": c.doc_id, "start": c.start, "end": c.end,
                 "score": round(c.score, 5), "section": c.section, "ranks": dict(c.ranks)}
                for c in (retrieval.chunks if retrieval is not None else ())
            ]
            self.trace.append(answer, retrieved)
        yield answer

    def retrieve(self, query: Query, k: int = 10) -> Retrieval:
        """The best chunks for a question; a question naming a place gets documents that cover it, and
        English spellings of the documents' own names ("Lingang") search in Chinese too."""
        query, scope = self._prepared(query)
        return self._search(query, scope, k)

    def _prepared(self, query: Query) -> tuple[Query, PlaceScope]:
        """The query with its English names and translations, and its scope; inside a document the question
        names, the words of that name rank nothing and weigh nothing."""
        query = self.with_names(query)
        scope = query_scope(query, self.index.documents)
        named = scope.named
        if query.language == "en" and not named:  # "When did the revised Standardization Law take effect?"
            titles = " ".join(words for _kind, words in english_titles(query.question))
            every = translations(titles, self.index.mentions)  # "Registration" is 登记 here, not 注册
            glossary = [zh for _phrase, group in load_lexicon().english_groups(titles) for zh in group]
            chinese = (*glossary, *english_names(titles, self.index.documents).values(), *every)
            shares = english_name_shares(query.question, chinese, self.index.documents)
            named = best_named(shares)
            if not named and shares and max(shares.values()) >= AGREED_NAME_SHARE:
                named = agreed_name(shares, self._closest_name(query.question))
            title = set("".join(str(self.index.documents[d].get("title", "")) for d in named))
            query = replace(query, expansions=tuple(w for w in query.expansions if not set(w) <= title),
                            translations=tuple(w for w in query.translations if not set(w) <= title))
        elif named:
            query = without_names(query, [str(self.index.documents[d].get("title", "")) for d in named])
        if named:
            query, scope = replace(query, named=named), replace(scope, named=named)
        return query, scope

    def _closest_name(self, question: str) -> str:
        """The document whose name the embedding model finds closest to the question's English title (each
        name embedded once, when first needed)."""
        title = max((words for _kind, words in english_titles(question)), key=len, default="")
        names = [(d, n) for d, meta in self.index.documents.items()
                 for n in sorted(document_names(str(meta.get("title", ""))))]
        if not title or not names:
            return ""
        new = sorted({n for _d, n in names if n not in self._name_vectors})
        if new:
            self._name_vectors.update(zip(new, self.embeddings.embed_documents(new), strict=True))
        asked = self.embeddings.embed_query(title)
        return max(names, key=lambda dn: float(np.dot(asked, self._name_vectors[dn[1]])))[0]  # unit vectors

    def _search(self, query: Query, scope: PlaceScope, k: int = 10) -> Retrieval:
        return self.retriever.retrieve(query, k=k, allow=scope.allows if scope.active else None)

    def with_names(self, query: Query) -> Query:
        """The query with the Chinese names its English spellings stand for ("Lingang" -> 临港), and, for an
        English question, dictionary translations of its other words for keyword search."""
        names = [n for n in english_names(query.question, self.index.documents).values()
                 if n not in query.expansions]
        if query.language == "zh":  # 商票 → 商业汇票: an owner's abbreviation of a term the documents use
            words = self.index.tokenizer.words(query.searched)
            names += [t for t in full_forms(words, self.index.mentions, self.index.corpus_text).values()
                      if t not in query.expansions and t not in names]
        if query.language == "en" and not query.translations:
            covered = [phrase for phrase, _zh in load_lexicon().english_groups(query.text)]
            found = tuple(t for t in translations(query.text, self.index.mentions, covered)
                          if t not in query.expansions and t not in names)
            query = replace(query, translations=found)
        return replace(query, expansions=(*query.expansions, *names)) if names else query

    def matcher(self) -> Matcher:
        """The program catalog of the knowledge folder, loaded (and validated) on first use."""
        if self._matcher is None:
            path = self.settings.knowledge_dir / "programs.yaml"
            programs = load_catalog(path) if path.exists() else []
            self._matcher = Matcher(programs, self.lookup, self.section_at, lambda profile, language: match_measures(
                self.measures(), self.lookup, self.section_at, profile, language))
        return self._matcher

    def measures(self, doc_id: str | None = None) -> list[Measure]:
        """The measures read from every document (or one), in document order; a removed document has none."""
        ids = [doc_id] if doc_id else sorted(self.index.documents)
        found: list[Measure] = []
        for did in ids:
            doc = self.document(did) if doc_id else self.lookup(did)
            if doc is not None:
                found.extend(extract_measures(doc))
        return apply_overlay(found, load_overlay(self.settings.knowledge_dir / "programs.yaml"))

    def match_programs(self, profile: Mapping[str, Any], language: str = "zh") -> list[ProgramMatch]:
        """Programs for an enterprise profile, sorted by fit, then relevance (ProfileError on bad input)."""
        return self.matcher().match(validate_profile(profile), language)

    def match_answer(self, profile: Mapping[str, Any], language: str = "zh", record: bool = True) -> Answer:
        """The match as a cited answer (mode "match"), e.g. for a profile form; traced like a question."""
        started = time.perf_counter()
        clean = validate_profile(profile)
        zh = language == "zh"
        summary = describe_profile(clean, zh) if clean else ("未填写" if zh else "empty")
        question = ("企业情况：" if zh else "Enterprise profile: ") + summary
        answer = compose_match_answer(question, clean, self.matcher().match(clean, language), language)
        answer = with_latency(answer, (time.perf_counter() - started) * 1000)
        if record:
            self.trace.append(answer, [])
        return answer

    def section_at(self, doc_id: str, offset: int) -> str:
        return self.index.section_at(doc_id, offset)

    def search(self, query: str, k: int = 10) -> list[ScoredChunk]:
        text = check_question(query, self.settings.max_question_chars)
        self.index.refresh_if_stale(self.settings.refresh_seconds)
        searched = self.with_names(analyse(text, None, load_lexicon()))  # the words `ask` searches with
        return list(self.retriever.retrieve(searched, k=k).chunks)

    def document(self, doc_id: str) -> SourceDocument:
        doc = self._docs.get(doc_id)
        meta = self.index.documents.get(doc_id)
        if doc is None or meta is None or doc.sha256 != meta.get("sha256"):
            doc = self.store.get_document(doc_id) if meta is not None else None
            if doc is None:
                raise DocumentNotFoundError(
                    f"no document {doc_id!r} in the knowledge base; list them with: python -m assistant sources list"
                )
            self._docs[doc_id] = doc
        return doc

    def lookup(self, doc_id: str) -> SourceDocument | None:
        try:
            return self.document(doc_id)
        except DocumentNotFoundError:
            return None

    def documents(self) -> list[DocumentInfo]:
        counts = self.index.chunk_counts()
        return sorted(
            (DocumentInfo(d, str(m.get("title", "")), str(m.get("source", "")), counts.get(d, 0),
                          str(m.get("added_at", "")), str(m.get("language", "")), str(m.get("issuer", "")),
                          str(m.get("doc_number", "")), str(m.get("date", "")), str(m.get("effective", "")),
                          str(m.get("expires", "")), str(m.get("place_level", "")), _place_label(m),
                          len(self.index.flagged.get(d, ())))
             for d, m in self.index.documents.items()),
            key=lambda info: info.doc_id,
        )

    # -- writing -----------------------------------------------------------------------
    def ingest(self, paths: Sequence[Path | str], progress: Progress = _quiet,
               names: dict[Path, str] | None = None) -> IngestReport:
        files = expand_paths(Path(p) for p in paths)
        entries = [ManifestEntry(p.resolve() if p.exists() else p) for p in files]
        resolved = {ManifestEntry(p.resolve() if p.exists() else p).path: n for p, n in (names or {}).items()}
        with self._write_lock:
            try:
                return self.ingestor.ingest(entries, progress, resolved or None)
            finally:
                self.index.refresh()

    def ingest_default(self, progress: Progress = _quiet) -> IngestReport:
        with self._write_lock:
            try:
                return self.ingestor.ingest(read_manifest(self.settings.knowledge_dir), progress)
            finally:
                self.index.refresh()

    def remove(self, doc_id: str) -> None:
        with self._write_lock:
            try:
                if not self.ingestor.remove(doc_id):
                    raise DocumentNotFoundError(
                        f"no document {doc_id!r} to remove; list them with: python -m assistant sources list"
                    )
            finally:
                self._docs.pop(doc_id, None)
                self.index.refresh()

    def reindex(self, progress: Progress = _quiet) -> list[str]:
        with self._write_lock:
            try:
                return self.ingestor.repair(progress)
            finally:
                self.index.refresh()

    def ensure_ready(self, progress: Progress = _quiet) -> None:
        """Complete interrupted work, and build the default knowledge base on first use.

        Once built, documents a user removed stay removed: the store remembers the first build."""
        if self.index.stale:  # as of the index's last read of the store (a second read costs ~1 s at 100k)
            self.reindex(progress)
        if not self.store.is_initialised():
            report = self.ingest_default(progress)
            for name, reason in report.failed:
                log.warning("default knowledge base: %s: %s", name, reason)
            if not report.failed or report.added or report.unchanged:
                self.store.mark_initialised()
        self.warm_up()

    def warm_up(self) -> None:
        """Load lazily initialised parts (jieba's tagger, the place index) before the first real question.
        The English place index and the English-Chinese dictionary (about 3 s together) load in the
        background, so the first answer does not wait for them unless it is in English."""
        if self.index.chunks:
            self.answerer.absent_terms(analyse("预热", None, load_lexicon()))
            scope_for("上海", self.index.documents)
            threading.Thread(target=_load_english, args=(self.index.documents,), daemon=True,
                             name="english-warm-up").start()


def _load_english(documents: Mapping[str, Any]) -> None:
    scope_for("Shanghai", documents)
    load_dictionary()


def selector_for(settings: Settings) -> SentenceModel | None:
    """The fitted sentence classifier when settings ask for it (a clear error when its file is missing)."""
    if settings.selector != "classifier":
        return None
    model = load_model()
    if model is None:
        raise ConfigError("ADVISOR_SELECTOR=classifier but assistant/answering/selector.json is missing; "
                          "fit it with `python -m assistant fit-selector --corpus tests/corpus/docs`")
    return model


def build_advisor(settings: Settings | None = None, embeddings: NamedEmbeddings | None = None,
                  progress: Progress = _quiet, ensure_index: bool = True) -> Advisor:
    """The one place that chooses concrete parts. Settings default to the environment."""
    import os

    from assistant.index.embeddings import make_embeddings
    from assistant.index.keyword import Tokenizer

    settings = settings or Settings.from_env(os.environ)
    embeddings = embeddings or make_embeddings(settings.embeddings)
    namespace = embeddings.model_id
    store = ChromaStore.open(
        namespace, path=settings.data_dir / "chroma", host=settings.chroma_host, port=settings.chroma_port,
        prefix=settings.collection_prefix,
    )
    tokenizer = Tokenizer(settings.tokenizer, load_lexicon().chinese_terms())
    index = LiveIndex(store, tokenizer, settings.data_dir / "keyword" / namespace)
    index.refresh()
    indexer = Indexer(store, embeddings, chunk_vectors=settings.chunk_vectors)
    advisor = Advisor(
        settings, store, embeddings, index, HybridRetriever(index, embeddings),
        ExtractiveAnswerer(index, lambda d: advisor.lookup(d), selector_for(settings)),
        Ingestor(store, indexer, settings.max_file_mb),
        TraceLog(settings.data_dir / "traces.jsonl", int(settings.trace_max_mb * 1_000_000), settings.traces),
    )
    if settings.llm.enabled:
        from assistant.answering.llm import LLMAnswerer, stored_sentence_vectors
        from assistant.llm_config import make_chat_model

        advisor.llm = LLMAnswerer(
            make_chat_model(settings.llm), lambda q: advisor.retrieve(q, k=10), advisor.answerer.answer,
            embeddings, settings.llm, known_vectors=stored_sentence_vectors(store),
        )
    if ensure_index:
        advisor.ensure_ready(progress)
    return advisor
