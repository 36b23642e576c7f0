"""Hybrid retrieval: BM25 and dense rankings fused by reciprocal rank fusion."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.answering.query import FINE_ASKED, Query
from assistant.documents.metadata import EFFECTIVE_CLAUSE
from assistant.documents.structure import article_of
from assistant.index.embeddings import NamedEmbeddings
from assistant.index.indexer import LiveIndex
from assistant.models import Chunk, ScoredChunk

RRF_K = 60
DENSE_CANDIDATES = 70
_EFFECT = re.compile(r"施行|生效|实施|有效期|\b(?:appl(?:y|ies|ied)|effect|effective|force|valid|expires?)\b", re.I)
# a question about when a document took effect or how long it is valid, whichever words name the document
_VALIDITY = re.compile(r"有效期|施行|生效|\b(?:valid|expires?|in force|(?:come|comes|came) into (?:force|effect)"
                       r"|(?:take|takes|took) effect|effective (?:date|from|since))\b", re.I)
_OWN_EFFECT = re.compile(r"本[\u4e00-\u9fff]{1,4}" + EFFECTIVE_CLAUSE.pattern)  # 本条例自…起施行
KEYWORD_CANDIDATES = 200  # BM25 hits fused; a chunk below this rank adds under 1/260 to its RRF score


def rrf(rankings: Sequence[Sequence[str]], k: int = RRF_K,
        weights: Sequence[float] | None = None) -> list[tuple[str, float]]:
    """Reciprocal rank fusion over full ranked lists: score(d) = sum_i w_i / (k + rank_i(d))."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def bm25_rank(scored: Sequence[tuple[str, float]]) -> list[str]:
    """Ids with a positive keyword score, best first (zero-score hits carry no evidence)."""
    return [i for i, s in sorted(scored, key=lambda kv: -kv[1]) if s > 0]


def dense_rank(scored: Sequence[tuple[str, float]], live: set[str] | dict) -> list[str]:
    """Ids by similarity, best first, keeping only committed chunks."""
    return [i for i, _s in sorted(scored, key=lambda kv: -kv[1]) if i in live]


def max_by_parent(hits: Sequence[tuple[str, str, float]]) -> list[tuple[str, float]]:
    """Sentence hits (sentence id, chunk id, similarity) -> chunks by their best sentence."""
    best: dict[str, float] = {}
    for _sid, parent, sim in hits:
        best[parent] = max(best.get(parent, -1.0), sim)
    return sorted(best.items(), key=lambda kv: -kv[1])


@dataclass(frozen=True)
class Retrieval:
    chunks: tuple[ScoredChunk, ...]
    query_vector: tuple[float, ...]
    rankings: dict[str, list[str]]
    elsewhere: tuple[ScoredChunk, ...] = ()  # best chunks of documents the `allow` filter kept out


class HybridRetriever:
    """mode: "hybrid" (default), "bm25" or "dense"; used by eval to compare them."""

    def __init__(self, index: LiveIndex, embeddings: NamedEmbeddings, mode: str = "hybrid") -> None:
        self.index = index
        self.embeddings = embeddings
        self.mode = mode

    def retrieve(self, query: Query, k: int = 10, allow: Callable[[str], bool] | None = None) -> Retrieval:
        """The best k chunks; with `allow` (doc id -> bool), only of allowed documents, and the best
        three of the others under `elsewhere` (a question about one place, answered by another's rules).
        "When does <a named document> take effect" gets that document's 施行 clause first."""
        index = self.index
        chunks = index.chunks
        rankings: dict[str, list[str]] = {}
        if self.mode in ("hybrid", "bm25"):
            keyword_tokens = [t for term in (*query.expansions, *query.translations) for t in index.tokenizer(term)]
            rankings["bm25"] = bm25_rank(index.keyword.rank(query.searched, keyword_tokens, KEYWORD_CANDIDATES))
        vector = self.embeddings.embed_query(query.searched)  # the answerer ranks sentences with it too
        if self.mode in ("hybrid", "dense"):
            rankings["dense"] = dense_rank(index.store.query_chunks(vector, DENSE_CANDIDATES), chunks)
            sentence_hits = index.store.query_sentences(vector, DENSE_CANDIDATES * 2)
            rankings["dense_sentences"] = dense_rank(max_by_parent(sentence_hits), chunks)
        fused = rrf(list(rankings.values()))
        positions = {name: {cid: r for r, cid in enumerate(ranking[: k * 20], start=1)}
                     for name, ranking in rankings.items()}
        out: list[ScoredChunk] = []
        elsewhere: list[ScoredChunk] = []
        for chunk_id, score in fused:
            if len(out) >= k and (allow is None or len(elsewhere) >= 3):
                break
            kept = allow is None or allow(chunks[chunk_id].doc_id)
            if (kept and len(out) >= k) or (not kept and len(elsewhere) >= 3):
                continue
            chunk = index.with_sentences(chunks[chunk_id])  # instruction-like sentences left out
            meta = index.documents.get(chunk.doc_id, {})
            ranks = tuple((name, pos[chunk_id]) for name, pos in positions.items() if chunk_id in pos)
            scored = ScoredChunk(chunk, score, str(meta.get("title", "")), str(meta.get("source", "")), ranks)
            (out if kept else elsewhere).append(scored)
        if {"money", "rate"} & set(query.fact_kinds) and FINE_ASKED.search(query.searched):  # 罚多少, 几倍
            out = _with_penalties(index, out)
        elif consequence_asked(query.searched):  # "违反了…禁止行为，依据什么法律来处理"
            out = _with_penalties(index, out, asked_from=5)  # the duties of the best few passages
        named = query.named
        if not named and out and _VALIDITY.search(query.searched):
            named = frozenset({out[0].doc_id})  # "When did the Laiwu regulation on … come into force?": the one found
        if named and "date" in query.fact_kinds and _EFFECT.search(query.searched):  # not a title's 实施细则
            effective = [c for c in index.chunks.values() if c.doc_id in named and EFFECTIVE_CLAUSE.search(c.text)]
            own = [c for c in effective if _OWN_EFFECT.search(c.text)]  # 本条例自…, not a contract's 自…之日起生效
            out = _put_first(index, own or effective, out, "effective")[:k]
        if term := defined_term_asked(query.question):  # "…里说的可再生能源都包括哪些": the clause defining it
            defining = [c for c in index.chunks.values()
                        if (not named or c.doc_id in named) and (allow is None or allow(c.doc_id))
                        and "指" in c.text and defines(c.text, term)]
            out = _put_first(index, defining, out, "definition")[:k]
        return Retrieval(tuple(out), tuple(vector), rankings, tuple(elsewhere))


# what follows breaking a rule, asked without a fine: the clause that names the rule's article says it
_CONSEQUENCE = re.compile(r"(?:违反|违规|违法)[^。？?]{0,30}"
                          r"(?:怎么|如何|依据什么|依照什么|按什么|按照什么|会被|会有|有什么|什么)"
                          r"(?:法律|规定)?(?:来|去)?(?:处理|处罚|处分|后果|责任)"
                          r"|(?:会有|有|承担)什么(?:后果|责任)|会(?:被)?(?:怎么|如何)(?:处理|处罚|罚)"  # "会被怎么罚"
                          r"|\b(?:consequences?|punish(?:ed|ment)?)\b", re.I)
_PENALTY = re.compile(r"罚|处理|处分|追究|法律责任|责令|吊销|没收|取缔")
# a penalty clause naming the rule it enforces: "违反本条例第二十七条规定的", "经营者有本法第十四条所列行为之一的"
_REFERS = re.compile(r"(?:违反|有)本[\u4e00-\u9fff]{1,4}")


def _scored(index: LiveIndex, chunk: Chunk, score: float, marker: str) -> ScoredChunk:
    """A chunk the retriever adds for what the question points to, marked so the answerer knows why."""
    meta = index.documents.get(chunk.doc_id, {})
    return ScoredChunk(index.with_sentences(chunk), score, str(meta.get("title", "")), str(meta.get("source", "")),
                       ((marker, 1),))


def _put_first(index: LiveIndex, chunks: list[Chunk], found: list[ScoredChunk], marker: str) -> list[ScoredChunk]:
    """The passages with (at most two of) the chunks the question points to first: a named document's 施行 clause,
    the clause defining the term asked."""
    first = [_scored(index, c, found[0].score if found else 0.0, marker) for c in chunks[:2]]
    return first + [c for c in found if c.chunk_id not in {f.chunk_id for f in first}]


def consequence_asked(question: str) -> bool:
    """Whether a question asks what follows breaking a rule ("…使用了病死的原料，会被怎么处理？")."""
    return bool(_CONSEQUENCE.search(question))


def _with_penalties(index: LiveIndex, found: list[ScoredChunk], asked_from: int = 1) -> list[ScoredChunk]:
    """The passages with the penalty clauses that name the best passage's article marked (and added when not
    found): "违反本条例第二十七条规定的，…罚款" for a question about what 第二十七条 forbids; a law's fines refer to its
    duties by number."""
    asked = {(c.doc_id, article_of(c.chunk.section)) for c in found[:asked_from] if article_of(c.chunk.section)}
    docs = {doc for doc, _article in asked}

    def refers(chunk: Chunk) -> bool:  # the cheap test first: every chunk of the index is looked at
        return chunk.doc_id in docs and bool(_PENALTY.search(chunk.text)) and any(
            chunk.doc_id == doc and re.search(_REFERS.pattern + article, chunk.text)
            for doc, article in asked)

    marked = [replace(c, ranks=(*c.ranks, ("reference", 1))) if refers(c.chunk) else c for c in found]
    have = {c.chunk_id for c in found}
    for chunk in index.chunks.values():
        if len(marked) - len(found) >= 2:
            break
        if chunk.chunk_id not in have and refers(chunk):
            marked.insert(1, _scored(index, chunk, found[-1].score, "reference"))
    return marked


def penalty_reference(chunk: ScoredChunk, text: str) -> bool:
    """Whether a sentence is a penalty clause this retriever added for the article it names."""
    return ("reference", 1) in chunk.ranks and bool(_PENALTY.search(text)) and bool(_REFERS.search(text))


_FROM_EVENT = re.compile(r"自[^。；\n]{0,12}(?:公布|发布|印发|颁布)之日起")
_UNTIL = re.compile(r"有效期|到期|\b(?:valid|expires?|until)\b", re.I)


def states_effect(text: str, question: str) -> bool:
    """A 施行 clause states when its document took effect by an event rather than a date ("本条例自公布之日起施行"):
    that answers when it came into force, not until when it is valid."""
    return bool(_FROM_EVENT.search(text)) and not _UNTIL.search(question)


def effective_clause(chunk: ScoredChunk, text: str) -> bool:
    """Whether a sentence is the 自…起施行 clause this retriever put first for a "when does <the document it
    names> take effect" question."""
    return ("effective", 1) in chunk.ranks and bool(EFFECTIVE_CLAUSE.search(text))


# a question asking what a term means: "什么是专精特新企业", "…条例里说的可再生能源都包括哪些"
_DEFINITION_ASKED = re.compile(
    r"(?:什么是|何为|何谓|什么叫做?)(?P<a>[\u4e00-\u9fff]{2,16}?)(?:[？?，,。]|$)"
    r"|(?P<b>[\u4e00-\u9fff]{2,16}?)(?:到底|究竟)?(?:是指|指的是|是什么意思|指什么|的定义|的范围|(?:都|具体|主要)?包[括含](?:哪些|什么))")
_TERM_LEAD = re.compile(r"^.*(?:说的|讲的|提到的|所称的?|规定的|里的|中的)")
# the clause defining a term: "本条例所称农村可再生能源，是指…", "中小企业，是指…"
DEFINES = re.compile(r"所称([^，,。；：:\s]{2,30}?)[，,]?(?:是指|指|包括)"
                      r"|(?:^|[。\n]|条\s)\s*([^，,。；：:\s]{2,20})[，,]?是指")


def defined_term_asked(question: str) -> str:
    """The term a question asks the meaning of ("" when it asks no meaning)."""
    found = _DEFINITION_ASKED.search(question)
    if not found:
        return ""
    term = _TERM_LEAD.sub("", found.group("a") or found.group("b"))
    return term if len(term) >= 2 else ""


def defines(text: str, term: str) -> bool:
    """Whether a sentence defines the term (or a term naming it: 农村可再生能源 for 可再生能源)."""
    return any(term in defined or defined in term
               for found in DEFINES.finditer(text) for defined in found.groups() if defined)


def pointed_to(chunk: ScoredChunk, text: str) -> bool:
    """A sentence the retriever put first for what the question points to: the named document's 施行 clause, the
    penalty clause of the rule asked, the clause defining the term asked."""
    return effective_clause(chunk, text) or penalty_reference(chunk, text) or definition_clause(chunk, text)


def definition_clause(chunk: ScoredChunk, text: str) -> bool:
    """Whether a sentence is a definition this retriever put first for the term a question asks about."""
    return ("definition", 1) in chunk.ranks and bool(DEFINES.search(text))
