"""The extractive answerer: choose the sentences that answer, cite each verbatim, or refuse."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.prompts import render
from assistant.answering.query import FACT_LABELS, Query, has_evidence, load_lexicon
from assistant.answering.retrieve import Retrieval
from assistant.documents.citations import make_citation
from assistant.index.indexer import LiveIndex, sentence_ids
from assistant.index.keyword import STOP_WORDS
from assistant.models import Answer, Citation, ScoredChunk, SourceDocument, Span

TOP_CHUNKS = 6
MAX_POINTS = 3
# calibrated on tests/golden/questions.jsonl (see `python -m assistant eval`)
MIN_DENSE_ZH = 0.84
MIN_DENSE_EN = 0.765
MIN_DENSE = MIN_DENSE_EN
MIN_LEXICAL = 0.34
_ATTRIBUTION = re.compile(r"[（(][^（()）]*[）)]")  # "（作者单位：……）" is not an answer
EVIDENCE_WINDOW = {"quantity": 3}  # a count must be in one of the best sentences, not anywhere nearby
_ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+是")
_HOW = re.compile(
    r"怎样|怎么|如何|措施|举措|办法|政策|支持|帮助|\bhow\b|measures?|polic|support|help|what is being done", re.I
)
_ACTION = re.compile(r"要|支持|推动|鼓励|加快|推广|建立|建设|实施|完善|强化|深化|引导|探索|组织|设立|推行|争取|"
                     r"培育|提升|优化|健全|加强|促进|大力")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_CJK_TOKEN = re.compile(r"[\u4e00-\u9fff]+")
_QUESTION_CHARS = frozenset("什么怎样哪吗呢如何是否能可以吧啊呀请问谁些多少几")
_GENERIC_ZH = frozenset("企业 公司 我们 你们 政策 哪些 什么 怎么 怎样 如何 可以 能够 需要 有没有 一下 情况 问题 "
                        "方面 相关 目前 现在 现在 这个 那个 他们 帮助 帮忙 获得 得到 提供 支持 有关 请问 介绍".split())
_GENERIC_EN = frozenset("please tell about company companies firm firms business businesses get help need want there "
                        "any kind kinds available offer offers provide provides does doing done should would could "
                        "like much many also have has had will way ways make made know give given being some "
                        "type types ours your yours their them they"
                        .split())
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_OUT_OF_SCOPE_ZH = re.compile(r"税|保险|社保|医保|公积金|贷款|贴息|上市|股权|融资|租金|房租")
_PROPER_EN = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]{2,}\b")
_COMMON_CAPITALISED = {"what", "which", "who", "how", "does", "the", "can", "are", "is", "china", "chinese", "english"}
_SUPPORT_QUESTION = re.compile(
    r"支持|政策|扶持|帮助|帮扶|措施|服务|适合|申请|申报|得到|获得|享受|有什么用|"
    r"support|help|program|policy|policies|apply|eligible|get|benefit|service|offer", re.I
)


@dataclass(frozen=True)
class Candidate:
    chunk: ScoredChunk
    span: Span
    text: str
    dense: float
    lexical: float
    score: float


class ExtractiveAnswerer:
    def __init__(self, index: LiveIndex, lookup: Callable[[str], SourceDocument | None]) -> None:
        self.index = index
        self.lookup = lookup

    # -- sentence choice ----------------------------------------------------------------
    def candidates(self, query: Query, retrieval: Retrieval) -> list[Candidate]:
        top = list(retrieval.chunks[:TOP_CHUNKS])
        if not top:
            return []
        vectors = {
            (rec.chunk_id, rec.rel_start, rec.rel_end): vec
            for rec, vec in self.index.store.sentence_vectors(sentence_ids(c.chunk for c in top))
        }
        q = np.asarray(retrieval.query_vector, dtype=np.float32)
        weights = self._query_weights(query)
        raw: list[tuple[ScoredChunk, Span, str, float, float, int]] = []
        for rank, scored in enumerate(top):
            for span in scored.chunk.sentences:
                text = scored.chunk.text[span.start - scored.start : span.end - scored.start]
                key = (scored.chunk_id, span.start - scored.start, span.end - scored.start)
                vec = vectors.get(key)
                dense = float(np.dot(q, np.asarray(vec, dtype=np.float32))) if vec is not None else 0.0
                raw.append((scored, span, text, dense, self._lexical(text, weights), rank))
        if not raw:
            return []
        wants_action = bool(_HOW.search(query.question))
        dense_values = [r[3] for r in raw]
        low, high = min(dense_values), max(dense_values)
        spread = max(high - low, 1e-6)
        out: list[Candidate] = []
        for scored, span, text, dense, lexical, rank in raw:
            score = 0.5 * (dense - low) / spread + 0.5 * lexical + 0.15 / (1 + rank)
            if len(text) < 12 or _ATTRIBUTION.fullmatch(text):
                score -= 0.3
            elif len(text) < 28 and _ORDINAL_LEAD.match(text):
                score -= 0.3  # "四是健全服务体系，强化专业人才支撑。" names a topic, it does not answer
            if wants_action and _ACTION.search(text[:12]):
                score += 0.1
            out.append(Candidate(scored, span, text, dense, lexical, score))
        return sorted(out, key=lambda c: -c.score)

    def _query_weights(self, query: Query) -> dict[str, float]:
        tokenizer, keyword = self.index.tokenizer, self.index.keyword
        asked = set(tokenizer(query.text))
        tokens = set(asked)
        for term in query.expansions:
            tokens.update(tokenizer(term))
        weights = {t: keyword.idf(t) for t in tokens if keyword.idf(t) > 0}
        if query.language == "zh" and weights:
            # Chinese words of the question that no chunk contains count against coverage
            ceiling = max(weights.values())
            for token in asked - set(weights):
                bare = token.removeprefix("w:")
                if _CJK_TOKEN.fullmatch(bare) and not set(bare) & _QUESTION_CHARS:
                    weights[token] = ceiling
        return weights

    def _lexical(self, text: str, weights: dict[str, float]) -> float:
        if not weights:
            return 0.0
        present = set(self.index.tokenizer(text))
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in present) / total

    # -- grounding ----------------------------------------------------------------------
    def absent_terms(self, query: Query) -> list[str]:
        """Specific terms of the question (places, organisations, taxes, loans ...) that occur
        nowhere in the knowledge base: the documents cannot be about them."""
        mentions = self.index.mentions
        missing: list[str] = [year for year in _YEAR.findall(query.question) if not mentions(year)]
        if query.language == "en":
            for phrase, zh in load_lexicon().english_groups(query.question):
                if not any(mentions(term) for term in zh):
                    missing.append(phrase)
            for word in _PROPER_EN.findall(query.question):
                known = load_lexicon().english_groups(word)
                if word.lower() not in _COMMON_CAPITALISED and not known and not mentions(word):
                    missing.append(word)
        else:
            import jieba.posseg as pseg

            for token in pseg.lcut(query.question):
                word, flag = token.word, token.flag
                specific = (len(word) >= 2 and flag in ("ns", "nt")) or _OUT_OF_SCOPE_ZH.search(word)
                if specific and not mentions(word):
                    missing.append(word)
        return list(dict.fromkeys(missing))

    def coverage(self, query: Query) -> float:
        """Share of the question's content words that the knowledge base mentions at all."""
        mentions = self.index.mentions
        if query.language == "zh":
            words = [w for w in self.index.tokenizer.words(query.text) if len(w) >= 2 and w not in _GENERIC_ZH]
            covered = [w for w in words if mentions(w)]
        else:
            lexicon = load_lexicon()
            words = [w for w in re.findall(r"[a-z]+", query.text.lower())
                     if len(w) >= 3 and w not in STOP_WORDS and w not in _GENERIC_EN]
            covered = [w for w in words if mentions(w) or any(
                any(mentions(t) for t in zh) for _p, zh in lexicon.english_groups(w))]
            glossary_phrases = lexicon.english_groups(query.text)
            covered += [w for w in words if w not in covered and any(
                w in phrase.split() and any(mentions(t) for t in zh) for phrase, zh in glossary_phrases)]
        return len(covered) / len(words) if words else 1.0

    def has_basis(self, query: Query, candidates: list[Candidate]) -> bool:
        """Whether the best passages are about the question at all (thresholds per language:
        the model's English-to-Chinese similarities run lower than Chinese-to-Chinese ones)."""
        dense = max(c.dense for c in candidates)
        lexical = max(c.lexical for c in candidates)
        ratio = self.coverage(query)
        if query.language == "zh":
            return not (
                (ratio < 0.5 and dense < 0.88 and lexical < 0.5) or (dense < MIN_DENSE_ZH and lexical < MIN_LEXICAL)
            )
        if lexical >= 0.5:  # the question's terms, through the glossary, are in the passage
            return True
        return not (dense < MIN_DENSE_EN or (ratio < 0.34 and dense < 0.79))

    def answer(self, query: Query, retrieval: Retrieval) -> Answer:
        candidates = self.candidates(query, retrieval)
        missing_terms = self.absent_terms(query)
        if not candidates or missing_terms:
            return self._refuse(query, retrieval, missing_terms, ())
        relevant = [c for c in candidates[:8] if c.lexical > 0.15 or c.dense >= MIN_DENSE]
        unmet = tuple(
            kind for kind in query.fact_kinds
            if not any(has_evidence(kind, c.text, query.question)
                       for c in (candidates[: EVIDENCE_WINDOW[kind]] if kind in EVIDENCE_WINDOW else relevant[:6]))
        )
        if unmet:
            return self._refuse(query, retrieval, (), unmet)
        if not self.has_basis(query, candidates):
            return self._refuse(query, retrieval, (), ())
        if query.fact_kinds:  # put the sentences that carry the asked-for fact first
            candidates = sorted(
                candidates,
                key=lambda c: (not any(has_evidence(k, c.text, query.question) for k in query.fact_kinds), -c.score),
            )
        chosen = self._choose(candidates)
        citations = self._cite(chosen)
        return self._compose(query, citations)

    def _choose(self, candidates: list[Candidate]) -> list[Candidate]:
        best = candidates[0]
        chosen = [best]
        chunks = {best.chunk.chunk_id}
        for cand in candidates[1:]:
            if len(chosen) >= MAX_POINTS:
                break
            if cand.score < best.score - 0.25 or cand.score <= 0:
                continue
            if cand.chunk.chunk_id not in chunks and len(chunks) >= 3:
                continue
            if any(cand.text in c.text or c.text in cand.text for c in chosen):
                continue
            chosen.append(cand)
            chunks.add(cand.chunk.chunk_id)
        return chosen

    def _cite(self, chosen: list[Candidate]) -> list[Citation]:
        """One citation per point; neighbouring sentences of one chunk become one quote."""
        groups: list[list[Candidate]] = []
        for cand in chosen:
            for group in groups:
                same = group[0].chunk.chunk_id == cand.chunk.chunk_id
                if same and any(_adjacent(cand.span, g.span, cand.chunk) for g in group):
                    group.append(cand)
                    break
            else:
                groups.append([cand])
        citations: list[Citation] = []
        for group in groups:
            doc = self.lookup(group[0].chunk.doc_id)
            if doc is None:
                continue
            start = min(c.span.start for c in group)
            end = max(c.span.end for c in group)
            score = max(c.score for c in group)
            citations.append(make_citation(len(citations) + 1, doc, start, end, group[0].chunk.section, score))
        return citations

    # -- wording ------------------------------------------------------------------------
    def _compose(self, query: Query, citations: list[Citation]) -> Answer:
        zh = query.language == "zh"
        titles = {c.title for c in citations if c.title}
        title = next(iter(titles)) if len(titles) == 1 else ""
        if title and not _DIGITS.search(title):
            sources = f"《{title}》" if zh else f"the document “{title}” says"
        else:
            sources = "知识库中的文件" if zh else "the documents say"
        points = "\n".join(f"• {c.quote} [{c.n}]" for c in citations)
        quoted = " ".join(c.quote for c in citations)
        caveat = ""
        if _SUPPORT_QUESTION.search(query.question) and not (
            has_evidence("amount", quoted, "") or has_evidence("deadline", quoted, "")
        ):
            caveat = (
                "\n（所引原文未写明具体金额、申报条件或截止时间，请以主管部门发布的申报通知为准。）"
                if zh else
                "\n(The quoted text does not state amounts, eligibility conditions or deadlines; "
                "check the official call for applications.)"
            )
        text = render("answer_zh" if zh else "answer_en", sources=sources, points=points, caveat=caveat)
        return Answer(query.question, text, True, tuple(citations), (), "extractive", 0.0, query.language,
                      query.text)

    def _refuse(self, query: Query, retrieval: Retrieval, terms: Sequence[str], kinds: tuple[str, ...]) -> Answer:
        zh = query.language == "zh"
        related = self._related(retrieval)
        if terms:
            # a number from the question is never echoed: no number appears unless a quote has it
            shown = list(dict.fromkeys(
                t if not _DIGITS.search(t) else ("所问的年份" if zh else "the year asked about") for t in terms
            ))
            quoted = "、".join(f"“{t}”" for t in shown) if zh else ", ".join(f"“{t}”" for t in shown)
            missing = f"关于{quoted}的内容" if zh else f"anything about {quoted}"
        elif kinds:
            labels = [FACT_LABELS[k][0 if zh else 1] for k in kinds]
            missing = "、".join(labels) if zh else " or ".join(labels)
        else:
            missing = "与这个问题相关的内容" if zh else "anything that answers this question"
        topics = []
        for cite in related:
            topic = cite.section.split(" › ")[-1] if cite.section else cite.title
            if topic and not _DIGITS.search(topic) and topic not in topics:
                topics.append(topic)
        if topics:
            listing = "；".join(f"“{t}”" for t in topics) if zh else "; ".join(f"“{t}”" for t in topics)
            topic_text = f"知识库涵盖的相近主题有：{listing}（见下方相关段落）。" if zh else (
                f"Nearest topics the documents do cover: {listing} (see the related passages)."
            )
        else:
            topic_text = ""
        text = render("refusal_zh" if zh else "refusal_en", missing=missing, topics=topic_text)
        kinds_out = tuple(kinds) if kinds else (("terms",) if terms else ("basis",))
        return Answer(query.question, text, False, (), tuple(related), "extractive", 0.0, query.language,
                      query.text, kinds_out)

    def _related(self, retrieval: Retrieval) -> list[Citation]:
        out: list[Citation] = []
        q = np.asarray(retrieval.query_vector, dtype=np.float32)
        top = list(retrieval.chunks[:3])
        vectors = {
            (rec.chunk_id, rec.rel_start): vec
            for rec, vec in self.index.store.sentence_vectors(sentence_ids(c.chunk for c in top))
        }
        for scored in top:
            doc = self.lookup(scored.doc_id)
            if doc is None or not scored.chunk.sentences:
                continue
            best = max(
                scored.chunk.sentences,
                key=lambda s: float(np.dot(q, np.asarray(
                    vectors.get((scored.chunk_id, s.start - scored.start), np.zeros_like(q)), dtype=np.float32))),
            )
            out.append(make_citation(len(out) + 1, doc, best.start, best.end, scored.section, scored.score))
        return out


def _adjacent(a: Span, b: Span, chunk: ScoredChunk) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return not chunk.text[first.end - chunk.start : second.start - chunk.start].strip()


def numbers_grounded(answer: Answer) -> bool:
    """Every number in the answer text occurs in one of its quotes (citation markers aside).

    A program match lists the user's own profile back, so numbers of the question count too."""
    text = re.sub(r"\[\d+\]", "", answer.answer)
    quotes = " ".join(c.quote for c in (*answer.citations, *answer.related))
    if answer.mode == "match":
        quotes += " " + answer.question
    return all(number in quotes for number in _DIGITS.findall(text))


def with_latency(answer: Answer, latency_ms: float) -> Answer:
    return replace(answer, latency_ms=latency_ms)
