"""Everything the web app shows, as escaped HTML: pure functions over answer and trace dicts,
the interface labels in Chinese and English, and the page's CSS and small click handlers.

No gradio here (the UI module wires these into components); every piece of document or user
text goes through `html.escape`."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from assistant.app.memo import own_markers
from assistant.app.review import Review
from assistant.messages import format_time, render, render_reason, render_stage
from assistant.programs.catalog import FIT_LABELS


class LoaderState(Protocol):
    """What the status line needs to know about the background advisor build."""

    error: str
    advisor: Any
    progress: tuple[str, int, int]

HISTORY_TURNS = 6  # earlier turns sent with a follow-up question
MAX_TURNS = 50
DOC_WINDOW = 30_000  # characters shown either side of a quote in a long document
TRACE_LIMIT = 200
UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md", ".html", ".htm"]
_MARKER = re.compile(r"\[(\d+)\]")

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "title": "中小企业政策咨询助手", "subtitle": "只依据知识库中的政策文件作答，每句答复都标明出处。",
        "tab_chat": "咨询", "tab_memo": "指导备忘录", "tab_kb": "知识库", "tab_review": "评审",
        "question": "您的问题", "placeholder": "用中文或英文提问，例如：宁波如何支持中小企业创新？",
        "ask": "提问", "clear": "新对话", "you": "问", "sources": "引用来源", "related": "相关段落（不构成答复）",
        "not_stated": "文件中未说明", "score": "相关度", "welcome": "您好！请提出与知识库中政策文件有关的问题。",
        "starters": "可以从这些问题开始：", "panel": "点击答复中的 [n] 标记或引用卡片，即可在此查看原文并高亮引文。",
        "doc_missing": "该文件已不在知识库中。", "quote_moved": "文件已更新，原引文位置不再对应；以下显示现有文本。",
        "chars": "字符位置", "omitted": "……（省略 {n} 字）……",
        "loading": "正在加载知识库（首次启动要先建立索引，约需十几秒）：", "ready": "知识库已就绪：{n} 份文件。",
        "failed": "知识库未能加载：",
        "memo_intro": "根据当前对话生成备忘录：包括问题、答复，以及带完整引文和出处的编号来源列表。",
        "memo_draft": "生成备忘录", "memo_md": "下载 Markdown", "memo_docx": "下载 DOCX",
        "memo_empty": "对话中还没有问题；请先在“咨询”页提问。",
        "kb_disabled": "知识库管理未启用。要启用，请设置管理令牌后重启，例如："
                       "`ADVISOR_ADMIN_TOKEN=<口令> python app.py`。在此之前本页只能查看，不能更改任何内容。",
        "kb_enabled": "上传、删除和重建索引需要管理令牌（ADVISOR_ADMIN_TOKEN）。",
        "token": "管理令牌", "files": "上传文件（PDF、DOCX、TXT、MD、HTML，可多选）", "upload": "上传并建立索引",
        "remove_pick": "选择要删除的文件", "remove": "删除文件", "reindex": "重建索引",
        "bad_token": "管理令牌不正确。", "no_token": "未设置 ADVISOR_ADMIN_TOKEN，知识库不能更改。",
        "no_files": "请先选择要上传的文件。", "no_doc": "请先选择要删除的文件。",
        "added": "新增", "updated": "更新", "unchanged": "未变", "failed_files": "失败", "removed": "已删除：{d}",
        "reindexed": "索引已检查并修复：{n} 份文件重新建立。", "docs": "知识库中的文件",
        "instruction_flag": "含 {n} 句疑似写给AI的指令（已保留原文，不作为依据）",
        "review_token": "评审令牌", "bad_review_token": "评审令牌不正确：请填写 ADVISOR_REVIEW_TOKEN（或管理令牌）。",
        "review_locked": "评审页已锁定：服务监听非本机地址时须设置 ADVISOR_REVIEW_TOKEN。",
        "col_doc": "文件", "col_chunks": "分块数", "col_added": "加入时间", "col_lang": "语言",
        "col_source": "来源文件",
        "refresh": "刷新", "traces": "最近的问题", "verdict": "评价", "up": "✓ 有帮助", "down": "✗ 没有帮助",
        "unsupported": "某条引文不支持这一答复", "which": "哪一条引文", "comment": "评语",
        "save": "保存评审", "saved": "评审已保存。", "no_citations": "这条答复没有引文，不能标记“引文不支持”。",
        "pick_trace": "请先从列表中选择一个问题。",
        "export": "导出追踪和评审", "jsonl": "下载 JSONL", "csv": "下载 CSV", "no_traces": "还没有追踪记录。",
        "answer": "答复", "retrieved": "检索到的段落", "reviews": "已有评审", "answerable": "有依据",
        "unanswerable": "文件中未说明", "lang": "界面语言",
        "removed_claims": "已删除的无依据语句",
    },
    "en": {
        "title": "SME Policy Advisor", "subtitle": "Answers only from the policy documents in the knowledge base, "
                                                  "every sentence cited.",
        "tab_chat": "Ask", "tab_memo": "Guidance memo", "tab_kb": "Knowledge base", "tab_review": "Review",
        "question": "Your question",
        "placeholder": "Ask in Chinese or English, e.g. How does Ningbo support SME innovation?",
        "ask": "Ask", "clear": "New conversation", "you": "Q", "sources": "Sources",
        "related": "Related passages (not an answer)", "not_stated": "Not stated in the documents", "score": "score",
        "welcome": "Hello! Ask a question about the policy documents in the knowledge base.",
        "starters": "Try one of these:", "panel": "Click an [n] marker or a citation card to see the quote "
                                                  "highlighted in its document here.",
        "doc_missing": "This document is no longer in the knowledge base.",
        "quote_moved": "The document has changed since this answer; the cited offsets no longer match.",
        "chars": "characters", "omitted": "… ({n} characters omitted) …",
        "loading": "Loading the knowledge base (the first start builds its index, about ten seconds): ",
        "ready": "Knowledge base ready: {n} document(s).", "failed": "The knowledge base could not be loaded: ",
        "memo_intro": "Draft a memo from this conversation: the questions, the answers and a numbered source list "
                      "with full quotes and where they come from.",
        "memo_draft": "Draft memo", "memo_md": "Download Markdown", "memo_docx": "Download DOCX",
        "memo_empty": "The conversation has no questions yet; ask one on the Ask tab first.",
        "kb_disabled": "Knowledge-base changes are off. To enable them, set an admin token and restart, e.g. "
                       "`ADVISOR_ADMIN_TOKEN=<secret> python app.py`. Until then this tab only shows the documents "
                       "and changes nothing.",
        "kb_enabled": "Uploading, removing and re-indexing need the admin token (ADVISOR_ADMIN_TOKEN).",
        "token": "Admin token", "files": "Upload files (PDF, DOCX, TXT, MD, HTML; several at once)",
        "upload": "Upload and index", "remove_pick": "Document to remove", "remove": "Remove document",
        "reindex": "Re-index", "bad_token": "The admin token is not correct.",
        "no_token": "ADVISOR_ADMIN_TOKEN is not set; the knowledge base cannot be changed.",
        "no_files": "Choose files to upload first.", "no_doc": "Choose a document to remove first.",
        "added": "Added", "updated": "Updated", "unchanged": "Unchanged", "failed_files": "Failed",
        "removed": "Removed: {d}", "reindexed": "Index checked and repaired: {n} documents re-indexed.",
        "docs": "Documents in the knowledge base",
        "instruction_flag": "contains {n} instruction-like sentences (kept, never used as evidence)",
        "review_token": "Review token", "bad_review_token": "Wrong review token: enter ADVISOR_REVIEW_TOKEN "
        "(or the admin token).",
        "review_locked": "The review tab is locked: set ADVISOR_REVIEW_TOKEN when the app listens beyond localhost.",
        "col_doc": "Document", "col_chunks": "Chunks",
        "col_added": "Added", "col_lang": "Language", "col_source": "Source file",
        "refresh": "Refresh", "traces": "Recent questions", "verdict": "Verdict", "up": "✓ Helpful",
        "down": "✗ Not helpful", "unsupported": "A citation does not support this answer",
        "which": "Which citation", "comment": "Comment", "save": "Save review", "saved": "Review saved.",
        "no_citations": "This answer has no citations, so no citation can be marked as not supporting it.",
        "pick_trace": "Pick a question from the list first.", "export": "Export traces and reviews",
        "jsonl": "Download JSONL", "csv": "Download CSV", "no_traces": "No traces yet.", "answer": "Answer",
        "retrieved": "Retrieved passages", "reviews": "Reviews so far", "answerable": "supported",
        "unanswerable": "not stated in the documents", "lang": "Interface language",
        "removed_claims": "Statements removed as unsupported",
    },
}

STARTERS = {
    "zh": ["宁波的企业梯队是怎样的？", "如何提升企业知识产权创造水平？", "宁波如何推动人工智能赋能企业？"],
    "en": ["How can small companies get access to large AI models?",
           "How does Ningbo plan to grow its enterprise tiers?", "How can firms improve their patent quality?"],
}

def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# -- rendering: pure functions over the answer / trace dicts, everything escaped ------------------
def render_answer_text(answer: Mapping[str, Any], turn: int) -> str:
    """The answer text with each [n] that names one of its citations turned into a clickable marker."""
    numbers = {int(c.get("n", 0)) for c in answer.get("citations") or []}
    quotes = [str(c.get("quote", "")) for c in answer.get("citations") or []]
    text, out, pos = str(answer.get("answer", "")), [], 0
    for match in own_markers(text, numbers, quotes):  # a "[1]" inside a quote is the document's text
        n = int(match[1])
        out.append(esc(text[pos : match.start()]))
        out.append(f'<button type="button" class="adv-marker" id="marker-{turn}-{n}" data-turn="{turn}" '
                   f'data-kind="citations" data-n="{n}">[{n}]</button>')
        pos = match.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def render_card(cite: Mapping[str, Any], turn: int, kind: str, t: Mapping[str, str]) -> str:
    n = int(cite.get("n", 0))
    section = f'<div class="adv-meta">{esc(cite.get("section"))}</div>' if cite.get("section") else ""
    return (
        f'<div class="adv-card" role="button" tabindex="0" id="card-{turn}-{kind}-{n}" data-turn="{turn}" '
        f'data-kind="{kind}" data-n="{n}"><div class="adv-card-head">[{n}] '
        f'{esc(cite.get("title") or cite.get("doc_id"))}</div>{section}'
        f'<div class="adv-card-quote">“{esc(cite.get("quote"))}”</div>'
        f'<div class="adv-meta">{esc(t["score"])} {float(cite.get("score") or 0):.4f} · {esc(cite.get("source"))}'
        f"</div></div>"
    )


def render_conversation(turns: Sequence[Mapping[str, Any]], lang: str) -> str:
    t = TEXT[lang]
    if not turns:
        chips = "".join(f'<button type="button" class="adv-starter" data-starter="{esc(q)}">{esc(q)}</button>'
                        for q in STARTERS[lang])
        return (f'<div class="adv-empty"><p>{esc(t["welcome"])}</p><div class="adv-muted">{esc(t["starters"])}</div>'
                f'<div class="adv-starters">{chips}</div></div>')
    parts = []
    for i, turn in enumerate(turns):
        ok = bool(turn.get("answerable"))
        badge = "" if ok else f'<div class="adv-badge">{esc(t["not_stated"])}</div>\n'
        if turn.get("notice"):  # e.g. the LLM was unreachable and this is the extractive answer
            badge = f'<div class="adv-notice adv-warn" id="notice-{i}">{esc(turn["notice"])}</div>\n' + badge
        removed = turn.get("unsupported") or []
        cards = "".join(render_card(c, i, "citations", t) for c in turn.get("citations") or [])
        related = "".join(render_card(c, i, "related", t) for c in turn.get("related") or [])
        extra = ""
        if cards:
            extra += f'<div class="adv-cards-title">{esc(t["sources"])}</div><div class="adv-cards">{cards}</div>'
        if related:
            extra += f'<div class="adv-cards-title">{esc(t["related"])}</div><div class="adv-cards">{related}</div>'
        if removed:
            # the removed text is for reviewers (the trace), never shown: it may carry a planted message
            reasons = "、".join(dict.fromkeys(str(u.get("reason", "")) for u in removed))
            extra += (f'<div class="adv-removed adv-meta">{esc(t["removed_claims"])} ({len(removed)}): '
                      f"{esc(reasons)}</div>")
        parts.append(
            f'<div class="adv-turn" id="turn-{i}" data-answerable="{str(ok).lower()}">'
            f'<div class="adv-q">{esc(t["you"])}: {esc(turn.get("question"))}</div>'
            f'<div class="adv-a {"adv-answered" if ok else "adv-unanswerable"}">{badge}'
            f"{render_answer_text(turn, i)}</div>{extra}</div>"
        )
    return "".join(parts)


def render_document(doc: Any, cite: Mapping[str, Any] | None, lang: str) -> str:
    """The source document with the cited quote highlighted; `doc` is a SourceDocument or None."""
    t = TEXT[lang]
    if cite is None:
        return f'<div class="adv-muted">{esc(t["panel"])}</div>'
    head = (f'<div class="adv-doc-head"><strong>[{int(cite.get("n", 0))}] {esc(cite.get("title"))}</strong>'
            f'<div class="adv-meta">{esc(cite.get("section"))}</div><div class="adv-meta">{esc(cite.get("source"))} · '
            f'{esc(t["chars"])} {int(cite.get("start", 0))}–{int(cite.get("end", 0))}</div></div>')
    if doc is None:
        return head + f'<p class="adv-warn">{esc(t["doc_missing"])}</p>'
    text, quote = doc.text, str(cite.get("quote", ""))
    start, end = int(cite.get("start", 0)), int(cite.get("end", 0))
    warning = ""
    if text[start:end] != quote:
        start = text.find(quote) if quote else -1
        end = start + len(quote)
        if start < 0:
            warning = f'<p class="adv-warn">{esc(t["quote_moved"])}</p>'
            start = end = 0
    lo, hi = max(0, start - DOC_WINDOW), min(len(text), end + DOC_WINDOW)
    before = esc(t["omitted"].format(n=lo)) + "\n" if lo else ""
    after = "\n" + esc(t["omitted"].format(n=len(text) - hi)) if hi < len(text) else ""
    mark = f'<mark class="adv-quote" id="adv-quote">{esc(text[start:end])}</mark>' if end > start else ""
    return (f'{head}{warning}<div class="adv-doc-text">{before}{esc(text[lo:start])}{mark}{esc(text[end:hi])}'
            f"{after}</div>")


_NO_PATHS = re.compile(r"(^|[\s'\"(=])((?:/[^\s/'\"():;,]+){2,})")


def render_status(loader: LoaderState, lang: str) -> str:
    t = TEXT[lang]
    if loader.error:
        shown = _NO_PATHS.sub(lambda m: m[1] + "…/" + m[2].rsplit("/", 1)[-1], loader.error)  # server paths stay
        return (f'<div class="adv-status adv-warn" data-state="failed">'
                f'{esc(render("load_failed", lang, {"reason": shown}))}</div>')
    if loader.advisor is not None:
        count = len(loader.advisor.documents())
        return f'<div class="adv-status adv-muted" data-state="ready">{esc(t["ready"].format(n=count))}</div>'
    stage, done, total = loader.progress
    bar = f'<progress value="{done}" max="{total}"></progress> {done}/{total}' if total else ""
    return (f'<div class="adv-status" data-state="loading">{esc(t["loading"])}{esc(render_stage(stage, lang))} '
            f'{bar}</div>')


def _instruction_flag(info: Any, t: Mapping[str, str]) -> str:
    n = int(getattr(info, "instructions", 0) or 0)
    return f'<div class="adv-warn adv-flag">⚠ {esc(t["instruction_flag"].format(n=n))}</div>' if n else ""


def render_documents(infos: Sequence[Any], lang: str) -> str:
    t = TEXT[lang]
    rows = "".join(
        f'<tr data-doc="{esc(d.doc_id)}"><td><strong>{esc(d.title or d.doc_id)}</strong><div class="adv-meta">'
        f"{esc(d.doc_id)}</div>{_instruction_flag(d, t)}</td><td>{int(d.chunks)}</td>"
        f"<td>{esc(format_time(d.added_at))}</td>"
        f"<td>{esc(d.language)}</td>"
        f"<td>{esc(d.source)}</td></tr>"
        for d in infos
    )
    cols = "".join(f"<th>{esc(t[k])}</th>" for k in ("col_doc", "col_chunks", "col_added", "col_lang", "col_source"))
    return (f'<div><strong>{esc(t["docs"])} ({len(infos)})</strong></div>'
            f'<table class="adv-table" id="doc-table"><thead><tr>{cols}</tr></thead><tbody>{rows}</tbody></table>')


def render_report(report: Any, lang: str) -> str:
    t = TEXT[lang]
    lines = [f"{esc(t[key])}: {esc(', '.join(getattr(report, key)) or '—')}"
             for key in ("added", "updated", "unchanged")]
    fails = "".join(f"<li><strong>{esc(name)}</strong>: {esc(render_reason(reason, lang))}</li>"
                    for name, reason in report.failed)
    failed = f'<div class="adv-warn">{esc(t["failed_files"])}:<ul>{fails}</ul></div>' if fails else ""
    return f'<div id="kb-report">{"<br>".join(lines)}{failed}</div>'


def render_trace(trace: Mapping[str, Any] | None, reviews: Sequence[Review], lookup: Callable[[str], Any],
                 lang: str) -> str:
    t = TEXT[lang]
    if trace is None:
        return f'<div class="adv-muted">{esc(t["pick_trace"])}</div>'
    state = t["answerable"] if trace.get("answerable") else t["unanswerable"]
    cites = "".join(
        f'<li>[{int(c.get("n", 0))}] {esc(c.get("title"))} · {esc(c.get("section"))}<br>“{esc(c.get("quote"))}”</li>'
        for c in (trace.get("citations") or []) + (trace.get("related") or [])
    )
    rows = []
    for rank, r in enumerate(trace.get("retrieved") or [], 1):
        doc = lookup(str(r.get("doc_id", "")))
        passage = doc.text[int(r.get("start", 0)) : int(r.get("end", 0))][:400] if doc is not None else "—"
        ranks = ", ".join(f"{k} {v}" for k, v in (r.get("ranks") or {}).items())
        title = (getattr(doc, "title", "") if doc is not None else "") or r.get("doc_id")
        rows.append(f"<tr><td>{rank}</td><td>{esc(title)}<div class='adv-meta'>{esc(r.get('section'))} · "
                    f"{esc(r.get('doc_id'))}</div>"
                    f"</td><td>{float(r.get('score') or 0):.4f}<div class='adv-meta'>{esc(ranks)}</div></td>"
                    f"<td>{esc(passage)}</td></tr>")
    done = "".join(f"<li>{esc(format_time(r.time))} · {esc(t.get(r.verdict, '—') if r.verdict else '—')}"
                   f"{' · ⚠ ' + esc(t['unsupported']) if r.unsupported else ''}"
                   f"{f' [{r.citation}]' if r.citation else ''} {esc(r.comment)}</li>" for r in reviews)
    return (
        f'<div id="trace-detail" data-trace="{esc(trace.get("trace_id"))}">'
        f'<p><strong>{esc(trace.get("question"))}</strong>'
        f' <span class="adv-meta">({esc(state)} · {esc(format_time(str(trace.get("time") or "")))} · '
        f'{esc(trace.get("latency_ms"))} ms)</span></p>'
        f'<div class="adv-a">{esc(trace.get("answer"))}</div><ul>{cites}</ul>'
        f'<div class="adv-cards-title">{esc(t["retrieved"])}</div><table class="adv-table"><tbody>{"".join(rows)}'
        f'</tbody></table><div class="adv-cards-title">{esc(t["reviews"])}</div><ul>{done or "<li>—</li>"}</ul></div>'
    )


MATCH_TEXT = {
    "zh": {**{fit: zh for fit, (zh, _en) in FIT_LABELS.items()}, "met": "已满足", "missing": "不满足",
           "unknown": "未知", "sources": "原文依据", "not_stated": "文件未写明", "next": "下一步",
           "profile": "据此匹配的企业情况", "none": "尚未匹配。填写企业情况后点击“匹配”。",
           "gives": "给予", "where": "适用地域", "needs": "要求", "yours": "贵企业", "others": "项不符合条件"},
    "en": {**{fit: en for fit, (_zh, en) in FIT_LABELS.items()}, "met": "met", "missing": "not met",
           "unknown": "unknown", "sources": "Sources", "not_stated": "Not stated in the documents",
           "next": "Next step", "profile": "Profile used",
           "none": "No match yet. Fill in the profile and press Match.",
           "gives": "Gives", "where": "Applies in", "needs": "needs", "yours": "yours", "others": "others do not fit"},
}


def _match_card(match: Mapping[str, Any], t: Mapping[str, str], lang: str) -> str:
    fit = str(match.get("fit", ""))
    quotes = {int(c.get("n", 0)): c for c in match.get("citations") or []}
    items = []
    for key in ("met", "missing", "unknown"):
        for cond in match.get(key) or []:
            ref = int(cond.get("citation") or 0)
            numbers = ""
            if cond.get("expected") and cond.get("actual") not in (None, ""):
                numbers = f' <span class="adv-meta">({esc(t["needs"])} {esc(cond.get("expected"))}; ' \
                          f'{esc(t["yours"])}: {esc(cond.get("actual"))})</span>'
            items.append(f'<li data-status="{esc(key)}"><strong>{esc(t[key])}</strong>: '
                         f'{esc(cond.get("condition"))}{f" [{ref}]" if ref in quotes else ""}{numbers}</li>')
    sources = "".join(
        f'<li>[{n}] “{esc(c.get("quote"))}” <span class="adv-meta">{esc(c.get("title"))} · '
        f'{esc(c.get("article") or c.get("section"))} · {esc(c.get("doc_id"))} '
        f'{int(c.get("start", 0))}–{int(c.get("end", 0))}</span></li>' for n, c in sorted(quotes.items())
    )
    name = match.get("name") if lang == "zh" else match.get("name_en") or match.get("name")
    gives = "；".join(str(g) for g in match.get("gives") or [])
    facts = "".join(f'<div class="adv-meta">{esc(label)}: {esc(value)}</div>'
                    for label, value in ((t["gives"], gives), (t["where"], match.get("jurisdiction"))) if value)
    return (
        f'<div class="adv-match" data-program="{esc(match.get("program_id"))}" data-fit="{esc(fit)}">'
        f'<span class="adv-fit adv-fit-{esc(fit.replace(" ", "-"))}">{esc(t.get(fit, fit))}</span>'
        f"<strong>{esc(name)}</strong>{facts}<ul>{''.join(items)}</ul>"
        f'<div class="adv-cards-title">{esc(t["sources"])}</div><ul>{sources}</ul></div>'
    )


def render_matches(answer: Mapping[str, Any] | None, lang: str) -> str:
    """The short answer first, then cards for what fits and may fit (conditions with the company's figure
    beside the clause's, each quoted), and the ones that do not fit behind an expander."""
    t = MATCH_TEXT[lang]
    if not answer:
        return f'<div class="adv-muted" id="match-empty">{esc(t["none"])}</div>'
    matches = list(answer.get("matches") or [])
    shown = "".join(_match_card(m, t, lang) for m in matches if m.get("fit") != "does not fit")
    others = [m for m in matches if m.get("fit") == "does not fit"]
    hidden = (f'<details id="match-others"><summary>{len(others)} {esc(t["others"])}</summary>'
              f'{"".join(_match_card(m, t, lang) for m in others)}</details>') if others else ""
    not_stated = sorted({str(x) for m in matches for x in m.get("not_stated") or []})
    note = (f'<div class="adv-meta">{esc(t["not_stated"])}: {esc("、".join(not_stated))}</div>'
            if not_stated else "")
    summary = f'<div class="adv-a" id="match-summary">{esc(answer.get("answer", ""))}</div>'
    profile = esc(answer.get("question", ""))
    return (f'<div id="match-results"><p class="adv-meta">{esc(t["profile"])} — {profile}</p>{summary}'
            f'{shown}{hidden}{note}</div>')
