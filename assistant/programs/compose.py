"""A chat answer for "which programs fit a company like mine?": the profile read from the
question (listed back for correction) and the best matches, each with its verbatim source."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assistant.models import Answer, Citation
from assistant.programs.catalog import ProgramMatch
from assistant.programs.profile import FIELD_LABELS

MAX_LISTED = 5


def _shown(key: str, value: Any, zh: bool) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if zh else ("yes" if value else "no")
    if key == "annual_revenue_cny" and zh:
        return f"{value / 1e4:g}万元"
    if key == "location" and isinstance(value, Mapping):
        return "".join(str(v) for k, v in value.items() if not (k == "city" and v == value.get("province")))
    if key == "tiers":
        return ("、" if zh else ", ").join(
            f"{t.get('year', '')}{'年' if zh and t.get('year') else ' ' if t.get('year') else ''}"
            f"{t.get('level', '')}{t['name']}" for t in value)
    if key == "figures":
        return ("、" if zh else ", ").join(f"{k} {_figure(k, v)}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(map(str, value)) if zh else ", ".join(map(str, value))
    return str(value)


def _figure(name: str, value: float) -> str:
    if 0 < abs(value) < 1 and re.search(r"占比|比例|比重|增长|率", name):
        return f"{value * 100:g}%"
    return f"{value / 1e4:g}万元" if abs(value) >= 1e4 else f"{value:g}"


def describe_profile(profile: Mapping[str, Any], zh: bool) -> str:
    parts = []
    for key, value in profile.items():
        if key == "district" and "location" in profile:
            continue
        label = FIELD_LABELS[key][0 if zh else 1]
        shown = _shown(key, value, zh)
        parts.append(f"{label}：{shown}" if zh else f"{label}: {shown}")
    return ("；" if zh else "; ").join(parts)


def _line(match: ProgramMatch, n: int, zh: bool) -> str:
    """One short line: the name, what it gives (the company's own tier), why, and the source marker."""
    name = match.name if zh else match.name_en
    gives = ("、" if zh else ", ").join(g for g in match.gives if g and not name.endswith(g))
    shown = [(c.condition, "" if isinstance(c.actual, bool) or c.actual is None else str(c.actual))
             for c in match.met if c.field != "location"]
    why = "；".join(f"{text}（贵企业：{actual}）" if zh and actual else f"{text} (yours: {actual})" if actual
                   else text for text, actual in shown)
    if zh:
        return f"• {name}" + (f"：{gives}" if gives else "") + (f"（依据：{why}）" if why else "") + f" [{n}]"
    return f"• {name}" + (f": {gives}" if gives else "") + (f" (because: {why})" if why else "") + f" [{n}]"


def _need(match: ProgramMatch, zh: bool) -> str:
    if match.needed:
        return ("请补充：" if zh else "please add: ") + match.needed[0]
    open_ = [re.sub(r"^(?:对于|对|针对)|(?:的|者)$", "", c.condition) for c in match.unknown]
    if open_:
        return ("请核对：" if zh else "please check: ") + open_[0]
    return ""


def compose(question: str, profile: Mapping[str, Any], matches: list[ProgramMatch], language: str) -> Answer:
    """A short answer first: what fits and what it gives, then what may fit and the one fact needed,
    then how many others do not fit (the details carry every card)."""
    zh = language == "zh"
    fits = [m for m in matches if m.fit == "fits"][:MAX_LISTED]
    maybe = [m for m in matches if m.fit == "may fit"][:MAX_LISTED]
    excluded = [m for m in matches if m.fit == "does not fit"]
    citations: list[Citation] = []

    def cite(match: ProgramMatch) -> int:
        citations.append(replace(match.citations[0], n=len(citations) + 1, score=match.relevance))
        return len(citations)

    fit_lines = [_line(m, cite(m), zh) for m in fits]
    maybe_lines = []
    for m in maybe:
        need = _need(m, zh)
        line = _line(m, cite(m), zh)
        maybe_lines.append(f"{line} — {need}" if need else line)
    if zh:
        head = (f"根据您的描述，我理解的企业情况是：{describe_profile(profile, True)}（如有误，请更正后再问）。"
                if profile else "未提供企业情况；以下列出文件中的部分措施。")
        parts = [head]
        parts.append("符合条件的措施：\n" + "\n".join(fit_lines) if fit_lines else "暂未发现全部条件均已满足的措施。")
        if maybe_lines:
            parts.append("可能符合（补充或核对一项信息后可判断）：\n" + "\n".join(maybe_lines))
        if excluded:
            parts.append(f"另有{len(excluded)}项措施不符合条件（见匹配详情）。")
    else:
        head = (f"From your description I understood: {describe_profile(profile, False)} (correct me if wrong)."
                if profile else "No profile given; here are some of the measures the documents describe.")
        parts = [head]
        parts.append("Measures whose every condition you meet:\n" + "\n".join(fit_lines) if fit_lines
                     else "No measure has every condition met yet.")
        if maybe_lines:
            parts.append("May fit (one fact to add or check):\n" + "\n".join(maybe_lines))
        if excluded:
            parts.append(f"{len(excluded)} other measures do not fit (see the match details).")
    details = {"profile": dict(profile), "matches": [m.to_dict() for m in matches]}
    return Answer(question, "\n".join(parts), bool(fit_lines or maybe_lines), tuple(citations), (), "match", 0.0,
                  language, question, (), details=details)
