"""The extractive answerer: choose the sentences that answer, cite each verbatim, or refuse."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from assistant.answering.basis import MIN_DENSE, MIN_DENSE_ZH, absent_terms, coverage, has_basis
from assistant.answering.candidates import (
    Candidate,
    adjacent,
    aside,
    bonus_for_form,
    choose,
    completed,
    context_of,
    dense_range,
    fine_beside,
    history_line,
    introduced,
    led_in,
    names_subject,
    names_word,
    query_weights,
    ranked_share,
    read_with_rules,
    same_paragraph,
    with_items,
    with_references,
    word_share,
)
from assistant.answering.query import TYPED_KINDS, Query, asks_article, fact_kinds, has_evidence, load_lexicon
from assistant.answering.retrieve import (
    Retrieval,
    consequence_asked,
    definition_clause,
    effective_clause,
    penalty_reference,
    pointed_to,
    states_effect,
)
from assistant.answering.scope import PlaceScope, english_names, place_words, query_scope, register_names
from assistant.answering.selector import QuestionSignals, SentenceModel, SentenceSignals, feature_rows
from assistant.answering.subject import about_asked, subject_groups
from assistant.answering.translate import translations
from assistant.answering.wording import compose, refuse, related_citations
from assistant.documents.asked import AskedFact, answers_the_asked, asked_parts, asked_subject
from assistant.documents.citations import make_citation, quote_span
from assistant.documents.quantities import find_quantities, states
from assistant.documents.structure import article_of
from assistant.index.indexer import LiveIndex, sentence_ids
from assistant.models import Answer, Citation, ScoredChunk, SourceDocument, Span

TOP_CHUNKS = 8
MAX_POINTS = 3
# a quantity-stating sentence must hold this share of the question's weighted words, and score within
# FACT_MARGIN of the best sentence (tuned on the dev split of tests/corpus/questions.jsonl)
MIN_FACT_LEXICAL = 0.05
FACT_MARGIN = 0.25
# a date, or a sentence in the best sentence's paragraph: within this of it when it names the event asked (报送)
SUBJECT_MARGIN = 0.65
SUBJECT_WINDOW, SUBJECT_RARE = 16, 2  # among so many best sentences, so few name the thing asked
ENGLISH_EXTRA_WINDOW = 4  # more of the best sentences searched for an English question's fact
PART_WINDOW = 24  # the candidate sentences searched for each part of a two-part question
PART_LEXICAL = 0.1  # the share of that part's weighted words its sentence must hold
PART_SAME_CHUNK = 0.4  # a part's sentence in the passage of the best sentence comes first among equals
QUANTITY_NAMED_BONUS = 0.2  # a sentence holding a quantity the question names
EFFECTIVE_BONUS = 0.5  # the 自…起施行 clause of the document a "when does it take effect" question names
NATIONAL_BONUS = 0.08  # a national rule beats a local one by this much when no place is asked
LOCAL_BONUS = 0.08  # and the place's own rule beats a national one by as much when a place is asked
LIST_QUOTE_MAX = 360  # a list-introducing sentence is read and quoted with its items up to this length
ONE_PROGRAMME_KINDS = {*TYPED_KINDS, "materials", "contact", "procedure", "criteria"}
EVIDENCE_WINDOW = {"count": 3, "money": 6, "rate": 6, "period": 6, "date": 6, "measure": 6}  # among the best sentences
_SUMS = ("money", "rate")
_ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]+是")


class ExtractiveAnswerer:
    def __init__(self, index: LiveIndex, lookup: Callable[[str], SourceDocument | None],
                 selector: SentenceModel | None = None) -> None:
        self.index = index
        self.lookup = lookup
        self.selector = selector  # None: the hand rules decide; else the fitted sentence classifier
        self._subjects: dict[tuple[str, str], list[tuple[str, ...]]] = {}  # the last English question's

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
        weights = query_weights(self.index, query)
        # an English question's dictionary translations rank its sentences; its glossary terms alone decide
        # whether any passage is about it (everyday words translate into words some passage contains)
        ranking = query_weights(self.index, query, translated=True) if query.translations else weights
        raw: list[tuple[ScoredChunk, Span, str, float, float, float, int]] = []
        typed = [k for k in query.fact_kinds if k in TYPED_KINDS]

        def states_asked(text: str) -> bool:
            return any(has_evidence(k, text, query.question) for k in typed)
        titles: dict[str, frozenset[str]] = {}
        for rank, scored in enumerate(top):
            sentences = scored.chunk.sentences
            flagged = self.index.flagged.get(scored.doc_id, ())
            for i, span in enumerate(sentences):
                text = scored.chunk.text[span.start - scored.start : span.end - scored.start]
                if history_line(text, query.question):
                    continue
                key = (scored.chunk_id, span.start - scored.start, span.end - scored.start)
                vec = vectors.get(key)
                dense = float(np.dot(q, np.asarray(vec, dtype=np.float32))) if vec is not None else 0.0
                if text.rstrip().endswith(("：", ":")):  # "…应符合以下条件：" is answered by the items after it
                    span = with_items(scored, sentences, i, flagged, LIST_QUOTE_MAX)
                    text = scored.chunk.text[span.start - scored.start : span.end - scored.start]
                lexical = word_share(self.index, read_with_rules(self.index, scored.doc_id, text, query), weights)
                if typed and span == sentences[i] and not states_asked(text):  # the lead-in or the rest that states it
                    span = completed(scored, sentences, i, flagged, LIST_QUOTE_MAX, states_asked)
                    text = scored.chunk.text[span.start - scored.start : span.end - scored.start]
                read = read_with_rules(self.index, scored.doc_id, text, query)  # a penalty with the rule it names
                title = titles.setdefault(scored.title, frozenset(self.index.tokenizer(scored.title))) \
                    if article_of(scored.section) else None  # an article is half read under its law's title
                raw.append((scored, span, text, dense, lexical, ranked_share(self.index, read, ranking, title), rank))
        if not raw:
            return []
        form_bonus = bonus_for_form(query.question)  # "怎么支持…" wants what is done, "合规吗" a rule
        # a quantity the question itself names ("五万元上限的规定") marks the clause it means
        named_quantities = [re.sub(r"\s+", "", q.text) for q in find_quantities(query.question)]
        low, spread = dense_range([r[3] for r in raw], query.language)
        out: list[Candidate] = []
        for scored, span, text, dense, lexical, ranked, rank in raw:
            score = 0.5 * (dense - low) / spread + 0.5 * ranked + 0.15 / (1 + rank)
            if aside(text):
                score -= 0.3
            elif len(text) < 28 and _ORDINAL_LEAD.match(text):
                score -= 0.3  # "四是健全服务体系，强化专业人才支撑。" names a topic, it does not answer
            score += form_bonus(text)
            if named_quantities and any(n in re.sub(r"\s+", "", text) for n in named_quantities):
                score += QUANTITY_NAMED_BONUS
            if pointed_to(scored, text):
                score += EFFECTIVE_BONUS  # the clause the question's document or article points to
            out.append(Candidate(scored, span, text, dense, lexical, score, ranked))
        return sorted(out, key=lambda c: -c.score)

    def prepare(self, query: Query, retrieval: Retrieval) -> tuple[PlaceScope, list[Candidate] | None]:
        """The place asked and the candidate sentences, best first; None when the place alone refuses."""
        scope = query_scope(query, self.index.documents)
        scope = replace(scope, named=query.named) if query.named else scope
        if scope.asked and not scope.named and (not retrieval.chunks or self._elsewhere_first(retrieval, scope)):
            # only other places' documents say it, or say it better than any rule that covers the place
            return scope, None
        candidates = self.candidates(query, retrieval)
        if not scope.asked:  # no place named: the rules that apply everywhere come first among equals
            candidates = sorted((replace(c, score=c.score + NATIONAL_BONUS) if self._national(c) else c
                                 for c in candidates), key=lambda c: -c.score)
        else:  # a place named: its own rules come first among equals
            candidates = sorted((replace(c, score=c.score + LOCAL_BONUS) if scope.local(c.chunk.doc_id) else c
                                 for c in candidates), key=lambda c: -c.score)
        if consequence_asked(query.searched):  # "…会被怎么处理": the clause saying what follows the rule comes first
            candidates = sorted(candidates, key=lambda c: not penalty_reference(c.chunk, c.text))
        return scope, candidates

    def answer(self, query: Query, retrieval: Retrieval) -> Answer:
        scope, prepared = self.prepare(query, retrieval)
        if prepared is None:
            return self._refuse(query, retrieval, (), (), scope)
        candidates = prepared
        missing_terms = self.absent_terms(query)
        if candidates and self.selector is not None:
            return self._answer_by_model(query, retrieval, candidates, missing_terms, scope, self.selector)
        if not candidates or missing_terms:
            return self._refuse(query, retrieval, missing_terms, (), scope)
        unmet = self._unmet(query, candidates)
        parts = asked_parts(query.searched)
        extra = [best for best in (self._part_answer(p, a, candidates) for p, a in parts) if best is not None] \
            if len(parts) >= 2 else []
        if unmet and not extra:  # a question of two parts is answered when one part is stated
            return self._refuse(query, retrieval, (), unmet, scope)
        # its 施行 date, the clause defining the term asked: what the question points to is its basis
        pointed = any(effective_clause(c.chunk, c.text) or definition_clause(c.chunk, c.text)
                      for c in candidates[:TOP_CHUNKS])
        if not has_basis(self.index, query, candidates) and not pointed:
            return self._refuse(query, retrieval, (), (), scope)
        if query.fact_kinds:  # put the sentences that carry the asked-for fact (about the thing asked) first
            best = candidates[0]
            subject = asked_subject(query.searched) if query.language == "zh" else ""
            typed = [k for k in query.fact_kinds if k in TYPED_KINDS]  # a date asked beside 专项资金: the date first
            candidates = sorted(
                candidates,
                key=lambda c: (not any(self._states(k, c, query, best) for k in typed),
                               not any(self._states(k, c, query, best) for k in query.fact_kinds),
                               not names_word(subject, c), -c.score),
            )
            # one answer, one programme: a deadline, amount, material or contact comes only from the
            # document of the best sentence, never from another programme's document beside it
            if set(query.fact_kinds) & ONE_PROGRAMME_KINDS:
                candidates = [c for c in candidates if c.chunk.doc_id == candidates[0].chunk.doc_id]
        if asks_article(query.question):  # "which article says …": sentences inside an article first
            candidates = sorted(candidates, key=lambda c: (not article_of(c.chunk.section), candidates.index(c)))
        # "（七）…" is followed by "第七项…由企业选择"
        chosen = with_references(choose(candidates, MAX_POINTS), candidates, MAX_POINTS)
        chosen = led_in(chosen, self.index, self.lookup) if asks_article(query.question) else chosen  # "…lists …"
        for part in extra:  # each part of a two-part question gets its own stated fact
            if not any(part.text in c.text or c.text in part.text for c in chosen):
                chosen.append(part)
        citations = self._cite(chosen)
        return compose(query, citations, self.lookup)

    def _part_answer(self, part: str, asked: AskedFact, candidates: list[Candidate]) -> Candidate | None:
        """The sentence that best states what one part of a question asks: a quantity of its kind, about the
        thing it asks, sharing its words."""
        if re.search(r"[\u4e00-\u9fff]", part):
            words = part
        else:  # an English part is weighed by the Chinese words it stands for (glossary, dictionary)
            chinese = [zh for _p, group in load_lexicon().english_groups(part) for zh in group]
            words = " ".join((*chinese, *translations(part, self.index.mentions)))
        weights = {t: self.index.keyword.idf(t) for t in set(self.index.tokenizer(words))}
        weights = {t: w for t, w in weights.items() if w > 0}
        best: tuple[float, Candidate] | None = None
        for c in candidates[:PART_WINDOW]:
            lexical = word_share(self.index, c.text, weights)
            if lexical < PART_LEXICAL or not states(c.text, asked) or \
                    not answers_the_asked(c.text, part, context_of(c), self.index.mentions):
                continue
            # the parts of one question are about one thing: the best sentence's passage comes first
            value = c.score + lexical + (PART_SAME_CHUNK if c.chunk.chunk_id == candidates[0].chunk.chunk_id else 0)
            if best is None or value > best[0]:
                best = (value, c)
        return best[1] if best else None

    def _unmet(self, query: Query, candidates: list[Candidate]) -> tuple[str, ...]:
        """The kinds of fact asked that no relevant sentence near the top states."""
        # an English question's words reach its sentences through translation: its fact may stand a little lower
        extra = ENGLISH_EXTRA_WINDOW if query.language == "en" else 0
        relevant = [c for c in candidates[: 8 + extra]
                    if c.lexical > 0.15 or c.dense >= MIN_DENSE or effective_clause(c.chunk, c.text)
                    or penalty_reference(c.chunk, c.text)]
        # the few sentences further down that name the thing asked ("公示几天": the one that says 公示) count too
        subject = asked_subject(query.searched) if query.language == "zh" else ""
        naming = [c for c in candidates[:SUBJECT_WINDOW] if subject and subject in c.text]
        rare = naming if naming and len(naming) <= SUBJECT_RARE and self.index.mentions(subject) else []
        # an elliptical follow-up ("那如果是用专利权入股呢？") asks how much of its own case: an amount or a share
        inherited = query.is_followup and not fact_kinds(query.question)
        return tuple(
            kind for kind in query.fact_kinds
            if not any(self._states(k, c, query, candidates[0])
                       for k in (_SUMS if inherited and kind in _SUMS else (kind,))
                       for c in [*relevant[: EVIDENCE_WINDOW.get(kind, 6) + extra], *rare])
        )

    def signals(self, query: Query, retrieval: Retrieval, candidates: Sequence[Candidate],
                missing_terms: Sequence[str]) -> tuple[QuestionSignals, list[SentenceSignals]]:
        """The classifier's view of a question and its candidate sentences (also what fitting records)."""
        ranked = list(candidates)
        unmet = self._unmet(query, ranked)
        question = QuestionSignals(
            missing_terms=bool(missing_terms), basis=has_basis(self.index, query, ranked),
            coverage=coverage(self.index, query), english=query.language == "en", followup=query.is_followup,
            asks_fact=bool(query.fact_kinds), asks_article=asks_article(query.question), kinds_unmet=bool(unmet),
        )
        chunk_rank = {c.chunk_id: i for i, c in enumerate(retrieval.chunks)}
        named = [re.sub(r"\s+", "", q.text) for q in find_quantities(query.question)]
        sentences: list[SentenceSignals] = []
        for position, c in enumerate(ranked):
            bare = re.sub(r"\s+", "", c.text)
            sentences.append(SentenceSignals(
                score=c.score, dense=c.dense, lexical=c.lexical, chunk_rank=chunk_rank.get(c.chunk.chunk_id, 9),
                position=position,
                states_fact=any(has_evidence(kind, c.text, query.question) for kind in query.fact_kinds),
                has_quantity=bool(find_quantities(c.text)), names_quantity=any(n in bare for n in named),
                length=len(c.text), in_article=bool(article_of(c.chunk.section)),
            ))
        return question, sentences

    def _answer_by_model(self, query: Query, retrieval: Retrieval, candidates: list[Candidate],
                         missing_terms: Sequence[str], scope: PlaceScope, model: SentenceModel) -> Answer:
        """Cite the sentences the classifier finds likeliest to answer; refuse below its threshold."""
        question, sentences = self.signals(query, retrieval, candidates, missing_terms)
        probabilities = model.probabilities(feature_rows(question, sentences))
        ranked = sorted((replace(c, score=p) for c, p in zip(candidates, probabilities, strict=True)),
                        key=lambda c: -c.score)
        if ranked[0].score < model.threshold:
            unmet = self._unmet(query, candidates) if question.kinds_unmet else ()
            return self._refuse(query, retrieval, missing_terms, unmet, scope)
        if query.fact_kinds:  # among likely sentences, the ones that state the fact asked come first
            ranked = sorted(ranked, key=lambda c: (
                not (c.score >= model.threshold
                     and any(has_evidence(k, c.text, query.question) for k in query.fact_kinds)), -c.score))
            if set(query.fact_kinds) & ONE_PROGRAMME_KINDS:
                ranked = [c for c in ranked if c.chunk.doc_id == ranked[0].chunk.doc_id]
        if asks_article(query.question):
            ranked = sorted(ranked, key=lambda c: (not article_of(c.chunk.section), ranked.index(c)))
        chosen = choose(ranked, MAX_POINTS, gap=model.gap, floor=model.threshold)
        return compose(query, self._cite(chosen), self.lookup)

    def _states(self, kind: str, candidate: Candidate, query: Query, top: Candidate) -> bool:
        """A sentence answers a kind of fact when it states one, and, for a quantity, when it is about
        the thing asked: nearly as relevant as the best sentence, and sharing some of the question's
        words (a patent share never answers a tax-rate question just because both are percentages)."""
        if kind == "date" and effective_clause(candidate.chunk, candidate.text):
            return has_evidence(kind, candidate.text, query.question) or states_effect(candidate.text, query.question)
        if kind in ("money", "rate") and penalty_reference(candidate.chunk, candidate.text) \
                or kind == "money" and fine_beside(candidate, top, query):  # the rule's own fines
            return has_evidence(kind, candidate.text, query.question)
        if kind == "date" and query.language == "zh" and not names_word(asked_subject(query.searched), candidate):
            return False  # "申报截止日期" is not answered by the date a rule takes effect
        leading = candidate is top or (candidate.dense > top.dense and candidate.chunk.doc_id == top.chunk.doc_id)
        if kind in TYPED_KINDS and candidate.lexical < MIN_FACT_LEXICAL and not (
                (leading and query.language == "zh" and (names_subject(candidate.text, query.searched,
                                                                       self.index.mentions)
                                                         or candidate.dense >= MIN_DENSE_ZH))
                or (query.language == "en" and (candidate is top or candidate.translated >= top.translated)
                    and candidate.translated >= MIN_FACT_LEXICAL)):
            # the best sentence may share few words with an owner's way of asking ("招加盟商…没去备案，被查到会罚多少"),
            # if it names the thing asked or means what the question means; an English question's words reach
            # the best sentence through their dictionary translations
            return False
        if kind in TYPED_KINDS and candidate.score < top.score - FACT_MARGIN and not (
            candidate.score >= top.score - SUBJECT_MARGIN and (
                (query.language == "en" and candidate.translated > top.translated)  # more of its words than the best
                or ((kind == "date" or same_paragraph(candidate, top)) and query.language == "zh"
                    and names_subject(candidate.text, query.searched, self.index.mentions)))):
            return False
        if kind in TYPED_KINDS and query.language == "zh" and \
                not answers_the_asked(candidate.text, query.searched, self._read_with(candidate), self.index.mentions):
            return False  # a sum for another level, another unit, or of another thing than the one asked
        asked_en = self._subject_groups(query) if query.language == "en" else []
        if kind in ("money", "rate") and not about_asked(candidate.text, context_of(candidate), asked_en):
            return False  # "What corporate income tax rate …" is not answered by a subsidy's rate
        return has_evidence(kind, candidate.text, query.question)

    def _read_with(self, candidate: Candidate) -> str:
        """A sentence's paragraph, heading path and document title: what names whose sum it states."""
        title = str(self.index.documents.get(candidate.chunk.doc_id, {}).get("title", ""))
        return f"{context_of(candidate)}\n{title}"

    def _subject_groups(self, query: Query) -> list[tuple[str, ...]]:
        key = (query.searched, self.index.generation)
        if key not in self._subjects:
            self._subjects = {key: subject_groups(query.searched, self.index.mentions)}
        return self._subjects[key]

    @staticmethod
    def _elsewhere_first(retrieval: Retrieval, scope: PlaceScope) -> bool:
        """Another place's passage ranks above every passage of a document that covers the place asked
        (a part of the place asked is no other place: its rules neither answer nor refuse), and none of the
        passages found is the place's own rule (then the question is about that rule, whatever ranks above it)."""
        if any(scope.own(c.doc_id) for c in retrieval.chunks):
            return False
        elsewhere = [c for c in retrieval.elsewhere if not scope.inside(c.doc_id)]
        return bool(elsewhere) and (not retrieval.chunks or elsewhere[0].score > retrieval.chunks[0].score)

    def _national(self, candidate: Candidate) -> bool:
        return self.index.documents.get(candidate.chunk.doc_id, {}).get("place_level") == "national"

    def absent_terms(self, query: Query) -> list[str]:
        register_names(self.index.documents)  # "反不正当竞争法里" is cut as 竞争法 + 里, never as a place 法里
        named = [*place_words(query.question, self.index.documents),
                 *english_names(query.question, self.index.documents)]
        return absent_terms(self.index, query, ignore=named)

    def _refuse(self, query: Query, retrieval: Retrieval, terms: Sequence[str], kinds: tuple[str, ...],
                scope: PlaceScope | None = None) -> Answer:
        """A refusal lists the nearest passages; when the question names a place, passages of other places
        are listed too, labelled with their place."""
        chunks = list(retrieval.chunks[:3])
        if scope is not None and scope.active:
            chunks = (chunks[:2] + list(retrieval.elsewhere[:2]))[:3]
            related = related_citations(self.index, retrieval, self.lookup, chunks)
            # the place is the reason only when nothing it covers was found, or another place's
            # passage ranks above every passage of a document that covers it
            elsewhere_first = self._elsewhere_first(retrieval, scope) and not scope.named
            place = scope.label(query.language) if not terms and (not retrieval.chunks or elsewhere_first) else ""
            return refuse(query, related, terms, kinds, place, scope.place_of(query.language))
        return refuse(query, related_citations(self.index, retrieval, self.lookup, chunks), terms, kinds)

    def _cite(self, chosen: list[Candidate]) -> list[Citation]:
        """One citation per point; neighbouring sentences of one chunk become one quote."""
        groups: list[list[Candidate]] = []
        for cand in (introduced(c, self.index.flagged.get(c.chunk.doc_id, ()), LIST_QUOTE_MAX) for c in chosen):
            for group in groups:
                same = group[0].chunk.chunk_id == cand.chunk.chunk_id
                if same and any(adjacent(cand.span, g.span, cand.chunk) for g in group):
                    group.append(cand)
                    break
            else:
                groups.append([cand])
        citations: list[Citation] = []
        spans: list[tuple[str, int, int]] = []
        for group in groups:
            doc = self.lookup(group[0].chunk.doc_id)
            if doc is None:
                continue
            start, end = quote_span(doc.text, group[0].chunk.chunk, min(c.span.start for c in group),
                                    max(c.span.end for c in group), self.index.flagged.get(doc.doc_id, ()))
            if any(d == doc.doc_id and s < end and start < e for d, s, e in spans):
                continue  # two points in one paragraph are one quote
            spans.append((doc.doc_id, start, end))
            score = max(c.score for c in group)
            citations.append(make_citation(len(citations) + 1, doc, start, end, group[0].chunk.section, score))
        return citations


def with_latency(answer: Answer, latency_ms: float) -> Answer:
    return replace(answer, latency_ms=latency_ms)
