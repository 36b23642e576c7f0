"""The words around the quotes: an answer lists verbatim points, each with its document and article
(《某某条例》第九条：“…”[n]); a refusal says what the documents do not state and the nearest topics.

No number is written here: every number in an answer comes from a quote or a cited document's title."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from assistant.answering.prompts import render
from assistant.answering.query import FACT_LABELS, Query, asks_article, has_evidence
from assistant.answering.retrieve import Retrieval
from assistant.documents.citations import make_citation
from assistant.documents.metadata import STATUS_EXPIRED, status
from assistant.index.indexer import LiveIndex, sentence_ids
from assistant.models import Answer, Citation, ScoredChunk, SourceDocument

Lookup = Callable[[str], SourceDocument | None]

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SUPPORT_QUESTION = re.compile(
    r"支持|政策|扶持|帮助|帮扶|措施|服务|适合|申请|申报|得到|获得|享受|有什么用|"
    r"support|help|program|policy|policies|apply|eligible|get|benefit|service|offer", re.I
)
_ISSUED_IN = re.compile(r"关于印发《([^》]{2,60})》的通知$")


def document_name(title: str) -> str:
    """The name a reader cites: the measure a notice issues (关于印发《X》的通知 → X), else the title."""
    match = _ISSUED_IN.search(title)
    return match[1] if match else title


def point(cite: Citation, zh: bool) -> str:
    """One quoted point: 《name》第九条：“quote” [n] where the quote lies in an article."""
    if cite.article and cite.title:
        return f"• 《{document_name(cite.title)}》{cite.article}：“{cite.quote}” [{cite.n}]"
    return f"• {cite.quote} [{cite.n}]"


def compose(query: Query, citations: Sequence[Citation], lookup: Lookup) -> Answer:
    zh = query.language == "zh"
    titles = {c.title for c in citations if c.title}
    title = next(iter(titles)) if len(titles) == 1 else ""
    if title:
        sources = f"《{document_name(title)}》" if zh else f"the document “{document_name(title)}” says"
    else:
        sources = "知识库中的文件" if zh else "the documents say"
    points = "\n".join(point(c, zh) for c in citations)
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
    caveat += expired_notice(citations, lookup, zh)
    text = render("answer_zh" if zh else "answer_en", sources=sources, points=points, caveat=caveat)
    located = next((c for c in citations if c.article), None)
    if asks_article(query.question) and located is not None:  # "which article says …": name it first
        name = document_name(located.title)
        text = (f"规定见《{name}》{located.article}。\n" if zh else
                f"This is set out in {located.article} of “{name}”.\n") + text
    return Answer(query.question, text, True, tuple(citations), (), "extractive", 0.0, query.language, query.text)


def expired_notice(citations: Sequence[Citation], lookup: Lookup, zh: bool) -> str:
    """A line naming each cited document whose 有效期 has passed (no dates: they are in its text)."""
    expired: list[str] = []
    for cite in citations:
        doc = lookup(cite.doc_id)
        if doc is not None and status(None, effective=doc.effective, expires=doc.expires) == STATUS_EXPIRED:
            name = document_name(doc.title)
            if name not in expired:
                expired.append(name)
    if not expired:
        return ""
    names = "、".join(f"《{n}》" for n in expired)
    if zh:
        return f"\n（注意：{names}已过有效期，已失效；请向主管部门核实是否有新的规定。）"
    return f"\n(Note: {names} has expired; check with the responsible department whether a newer rule applies.)"


def refuse(query: Query, related: Sequence[Citation], terms: Sequence[str], kinds: tuple[str, ...],
           place: str = "", place_of: Callable[[str], str] | None = None) -> Answer:
    """Say what the documents do not state, and the nearest topics they do cover (with their place)."""
    zh = query.language == "zh"
    labels = [FACT_LABELS[k][0 if zh else 1] for k in kinds if k in FACT_LABELS]
    if place:
        missing = f"{place}的相应规定" if zh else f"a rule for {place}"
        if labels:
            missing += f"（{'、'.join(labels)}）" if zh else f" ({' or '.join(labels)})"
    elif terms:
        # a number from the question is never echoed: no number appears unless a quote has it
        shown = list(dict.fromkeys(
            t if not _DIGITS.search(t) else ("所问的年份" if zh else "the year asked about") for t in terms
        ))
        quoted = "、".join(f"“{t}”" for t in shown) if zh else ", ".join(f"“{t}”" for t in shown)
        missing = f"关于{quoted}的内容" if zh else f"anything about {quoted}"
    elif labels:
        missing = "、".join(labels) if zh else " or ".join(labels)
    else:
        missing = "与这个问题相关的内容" if zh else "anything that answers this question"
    topics: list[str] = []
    for cite in related:
        topic = cite.section.split(" › ")[-1] if cite.section else document_name(cite.title)
        if cite.article:  # an article label alone names no topic: say whose article it is
            topic = f"《{document_name(cite.title)}》{cite.article}"
        where = place_of(cite.doc_id) if place_of else ""
        label = f"{topic}（{where}）" if where and topic else topic
        if label and not _DIGITS.search(label) and label not in topics:
            topics.append(label)
    if topics:
        listing = "；".join(f"“{t}”" for t in topics) if zh else "; ".join(f"“{t}”" for t in topics)
        topic_text = f"知识库涵盖的相近主题有：{listing}（见下方相关段落）。" if zh else (
            f"Nearest topics the documents do cover: {listing} (see the related passages)."
        )
    else:
        topic_text = ""
    text = render("refusal_zh" if zh else "refusal_en", missing=missing, topics=topic_text)
    kinds_out = kinds if kinds else (("place",) if place else ("terms",) if terms else ("basis",))
    return Answer(query.question, text, False, (), tuple(related), "extractive", 0.0, query.language,
                  query.text, kinds_out)


def related_citations(index: LiveIndex, retrieval: Retrieval, lookup: Lookup,
                      chunks: Sequence[ScoredChunk] | None = None) -> list[Citation]:
    """The best sentence of each of the top three chunks, shown beside a refusal."""
    out: list[Citation] = []
    q = np.asarray(retrieval.query_vector, dtype=np.float32)
    top = list(chunks if chunks is not None else retrieval.chunks)[:3]
    vectors = {
        (rec.chunk_id, rec.rel_start): vec
        for rec, vec in index.store.sentence_vectors(sentence_ids(c.chunk for c in top))
    }
    for scored in top:
        doc = lookup(scored.doc_id)
        if doc is None or not scored.chunk.sentences:
            continue
        best = max(
            scored.chunk.sentences,
            key=lambda s: float(np.dot(q, np.asarray(
                vectors.get((scored.chunk_id, s.start - scored.start), np.zeros_like(q)), dtype=np.float32))),
        )
        out.append(make_citation(len(out) + 1, doc, best.start, best.end, scored.section, scored.score))
    return out
