"""A chat answer for "which programs fit a company like mine?": the profile read from the
question (listed back for correction) and the best matches, each with its verbatim source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from assistant.models import Answer, Citation
from assistant.programs.catalog import FIT_LABELS, ProgramMatch
from assistant.programs.profile import FIELD_LABELS

MAX_LISTED = 5


def describe_profile(profile: Mapping[str, Any], zh: bool) -> str:
    parts = []
    for key, value in profile.items():
        label = FIELD_LABELS[key][0 if zh else 1]
        if isinstance(value, bool):
            shown = ("是" if value else "否") if zh else ("yes" if value else "no")
        elif key == "annual_revenue_cny" and zh:
            shown = f"{value / 1e4:g}万元"
        elif isinstance(value, list):
            shown = "、".join(value) if zh else ", ".join(value)
        else:
            shown = str(value)
        parts.append(f"{label}：{shown}" if zh else f"{label}: {shown}")
    return ("；" if zh else "; ").join(parts)


def compose(question: str, profile: Mapping[str, Any], matches: list[ProgramMatch], language: str) -> Answer:
    zh = language == "zh"
    listed = [m for m in matches if m.fit != "does not fit"][:MAX_LISTED]
    citations: list[Citation] = []
    lines = []
    for match in listed:
        source = match.citations[0]
        n = len(citations) + 1
        citations.append(replace(source, n=n, score=match.relevance))
        fit = FIT_LABELS[match.fit][0 if zh else 1]
        reasons = [c.condition for c in match.met]
        if zh:
            why = f"（依据：{'；'.join(reasons)}）" if reasons else ""
            lines.append(f"• 【{fit}】{match.name}{why}：“{source.quote}” [{n}]")
        else:
            why = f" (because the firm {'; '.join(reasons)})" if reasons else ""
            lines.append(f"• [{fit}] {match.name_en}{why}: “{source.quote}” [{n}]")
    excluded = [m for m in matches if m.fit == "does not fit"]
    if zh:
        head = (f"根据您的描述，我理解的企业情况是：{describe_profile(profile, True)}（如有误，请更正后再问）。"
                if profile else "未提供企业情况；以下列出文件中的部分措施。")
        body = "文件中与贵企业相关的措施：\n" + "\n".join(lines) if lines else "文件中没有找到与该情况对应的措施。"
        tail = "\n所引文件均未写明金额、申报条件门槛和截止时间，请以主管部门的正式申报通知为准。"
        tail += "\n另有部分措施因条件不符未列出（见匹配详情）。" if excluded else ""
    else:
        head = (f"From your description I understood: {describe_profile(profile, False)} (correct me if wrong)."
                if profile else "No profile given; here are some of the measures the documents describe.")
        body = "Measures in the documents that concern your firm:\n" + "\n".join(lines) if lines else (
            "The documents describe no measure matching this profile.")
        tail = ("\nNone of the quoted documents states amounts, eligibility thresholds or deadlines; "
                "rely on the official call for applications.")
        if excluded:
            tail += "\nSome measures are not listed because a condition is not met (see the match details)."
    details = {"profile": dict(profile), "matches": [m.to_dict() for m in matches]}
    return Answer(question, f"{head}\n{body}{tail}", bool(lines), tuple(citations), (), "match", 0.0, language,
                  question, (), details=details)

