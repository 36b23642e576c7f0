"""The program catalog (knowledge/programs.yaml) and matching an enterprise profile against it.

Every condition carries a verbatim quote of its document; what the documents do not state
(amounts, deadlines, thresholds, contacts) is reported as not stated, never filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.documents.citations import make_citation
from assistant.errors import CatalogError
from assistant.models import Citation, SourceDocument
from assistant.programs.profile import BOOLEAN_FIELDS, FIELD_LABELS, FIELDS, TIERS

CATEGORIES = ("funding", "standards", "ip", "talent", "platform", "ai", "quality", "finance", "tier")
OPS = ("is_true", "is_false", "eq", "gte", "lte", "tier_in", "industry_any")
NOT_STATED = ("amount", "deadline", "threshold", "contact", "application")
FIT_ORDER = {"fits": 0, "may fit": 1, "does not fit": 2}
FIT_LABELS = {"fits": ("符合", "fits"), "may fit": ("可能适用", "may fit"), "does not fit": ("不符合", "does not fit")}
NOT_STATED_LABELS = {
    "amount": ("金额", "amount"), "deadline": ("截止时间", "deadline"), "threshold": ("量化门槛", "thresholds"),
    "contact": ("受理单位和联系方式", "contact office"), "application": ("申报方式", "how to apply"),
}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any
    label_zh: str
    label_en: str
    quote: str


@dataclass(frozen=True)
class Program:
    program_id: str
    name_zh: str
    name_en: str
    category: str
    doc_id: str
    offers_quote: str
    offers_en: str
    targets_quote: str
    targets_en: str
    conditions: tuple[Condition, ...]
    signals: tuple[tuple[str, Any], ...]
    not_stated: tuple[str, ...]
    next_step_zh: str
    next_step_en: str


@dataclass(frozen=True)
class ConditionResult:
    condition: str
    field: str
    expected: str
    actual: Any
    citation: int  # n of the citation that states the condition

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ProgramMatch:
    program_id: str
    name: str
    name_en: str
    category: str
    fit: str
    met: tuple[ConditionResult, ...]
    missing: tuple[ConditionResult, ...]
    unknown: tuple[ConditionResult, ...]
    next_step: str
    citations: tuple[Citation, ...]
    relevance: float
    not_stated: tuple[str, ...]
    gives: tuple[str, ...] = ()  # what it gives, for the company's own tier when the clause is tiered
    jurisdiction: str = ""  # 全国, 上海市 … where the document applies
    needed: tuple[str, ...] = ()  # the facts to add before it can be decided ("研发投入占比")
    source: str = "catalog"  # "catalog" (programs.yaml) or "measure" (read from a document)

    def to_dict(self) -> dict[str, Any]:
        return {
            "program_id": self.program_id, "name": self.name, "name_en": self.name_en,
            "category": self.category, "fit": self.fit, "gives": list(self.gives),
            "jurisdiction": self.jurisdiction, "needed": list(self.needed), "source": self.source,
            "met": [c.to_dict() for c in self.met], "missing": [c.to_dict() for c in self.missing],
            "unknown": [c.to_dict() for c in self.unknown], "next_step": self.next_step,
            "not_stated": list(self.not_stated), "citations": [c.to_dict() for c in self.citations],
        }


def load_catalog(path: Path) -> list[Program]:
    """Parse and validate the catalog; an error names the entry and the field at fault."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the program catalog ({exc})") from exc
    defaults = raw.get("defaults", {})
    programs: list[Program] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("programs") or []):
        where = f"{path.name}: programs[{index}]"
        if not isinstance(entry, dict):
            raise CatalogError(f"{where}: each entry must be a mapping")
        pid = entry.get("id")
        where = f"{where} (id {pid!r})"
        if not isinstance(pid, str) or not pid:
            raise CatalogError(f"{where}: field 'id' is missing")
        if pid in seen:
            raise CatalogError(f"{where}: field 'id' repeats an earlier entry")
        seen.add(pid)
        programs.append(_program(entry, defaults, where))
    if not programs:
        raise CatalogError(f"{path}: no programs listed under 'programs'")
    return programs


def _need(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) in (None, ""):
        raise CatalogError(f"{where}: field {key!r} is missing")
    return mapping[key]


def _bilingual(mapping: Any, key: str, where: str) -> dict[str, str]:
    """A {zh, en} pair; an extra key usually means an unquoted comma in a YAML flow mapping."""
    value = _need(mapping, key, where)
    if not isinstance(value, dict) or set(value) != {"zh", "en"} or not all(value.values()):
        raise CatalogError(f"{where}: field {key!r} must have exactly 'zh' and 'en' texts (quote values with commas)")
    return value


def _program(entry: dict[str, Any], defaults: dict[str, Any], where: str) -> Program:
    name = _bilingual(entry, "name", where)
    category = _need(entry, "category", where)
    if category not in CATEGORIES:
        raise CatalogError(f"{where}: field 'category' is {category!r}; use one of {', '.join(CATEGORIES)}")
    offers = _need(entry, "offers", where)
    targets = _need(entry, "targets", where)
    conditions = []
    for number, cond in enumerate(entry.get("conditions") or []):
        at = f"{where} conditions[{number}]"
        field = _need(cond, "field", at)
        op = _need(cond, "op", at)
        if field not in FIELDS:
            raise CatalogError(f"{at}: field 'field' is {field!r}; use a profile field: {', '.join(FIELDS)}")
        if op not in OPS:
            raise CatalogError(f"{at}: field 'op' is {op!r}; use one of {', '.join(OPS)}")
        if op in ("is_true", "is_false") and field not in BOOLEAN_FIELDS:
            raise CatalogError(f"{at}: op {op!r} needs a true/false field, not {field!r}")
        if op in ("eq", "gte", "lte") and field not in ("employees", "invention_patents", "annual_revenue_cny"):
            raise CatalogError(f"{at}: op {op!r} needs a numeric field, not {field!r}")
        if op == "tier_in" and (field != "tier" or not set(cond.get("value") or []) <= set(TIERS)):
            raise CatalogError(f"{at}: field 'value' must list tiers from {', '.join(TIERS)}")
        if op in ("eq", "gte", "lte") and not isinstance(cond.get("value"), (int, float)):
            raise CatalogError(f"{at}: field 'value' must be a number for op {op!r}")
        label = _bilingual(cond, "label", at)
        conditions.append(Condition(field, op, cond.get("value"), _need(label, "zh", at), _need(label, "en", at),
                                    _need(cond, "quote", at)))
    not_stated = tuple(entry.get("not_stated", defaults.get("not_stated", ())))
    if not set(not_stated) <= set(NOT_STATED):
        raise CatalogError(f"{where}: field 'not_stated' may list only {', '.join(NOT_STATED)}")
    signals = entry.get("signals") or {}
    for key in signals:
        if key not in FIELDS:
            raise CatalogError(f"{where}: field 'signals' names {key!r}, not a profile field")
    step = entry.get("next_step", defaults.get("next_step", {}))
    return Program(
        program_id=entry["id"], name_zh=_need(name, "zh", where), name_en=_need(name, "en", where),
        category=category, doc_id=str(entry.get("doc") or _need(defaults, "doc", where)),
        offers_quote=_need(offers, "quote", where), offers_en=str(offers.get("en", "")),
        targets_quote=_need(targets, "quote", where), targets_en=str(targets.get("en", "")),
        conditions=tuple(conditions), signals=tuple(sorted(signals.items())), not_stated=not_stated,
        next_step_zh=_need(step, "zh", where + " next_step"), next_step_en=_need(step, "en", where + " next_step"),
    )


def evaluate_condition(condition: Condition, profile: Mapping[str, Any]) -> str:
    """"met", "missing" or "unknown" (the profile does not say)."""
    if condition.field not in profile:
        return "unknown"
    actual = profile[condition.field]
    op, value = condition.op, condition.value
    if op == "is_true":
        ok = actual is True
    elif op == "is_false":
        ok = actual is False
    elif op == "eq":
        ok = actual == value
    elif op == "gte":
        ok = actual >= value
    elif op == "lte":
        ok = actual <= value
    elif op == "tier_in":
        ok = actual in value
    else:  # industry_any
        ok = any(str(v).lower() in str(actual).lower() for v in value)
    return "met" if ok else "missing"


def _expected(condition: Condition) -> str:
    if condition.op in ("is_true", "is_false"):
        return "true" if condition.op == "is_true" else "false"
    if condition.op in ("tier_in", "industry_any"):
        return " | ".join(map(str, condition.value))
    return {"eq": "=", "gte": ">=", "lte": "<="}[condition.op] + f" {condition.value}"


class Matcher:
    """Matches profiles against the catalog; quotes are located in the stored document text."""

    def __init__(self, programs: list[Program], lookup: Callable[[str], SourceDocument | None],
                 section_at: Callable[[str, int], str],
                 extra: Callable[[Mapping[str, Any], str], list[ProgramMatch]] | None = None) -> None:
        self.programs = programs
        self.lookup = lookup
        self.section_at = section_at
        self.extra = extra  # matches over the measures read from the documents

    def available(self) -> bool:
        return bool(self.programs) or self.extra is not None
    def match(self, profile: Mapping[str, Any], language: str = "zh") -> list[ProgramMatch]:
        zh = language == "zh"
        out: list[tuple[int, ProgramMatch]] = []
        for order, program in enumerate(self.programs):
            doc = self.lookup(program.doc_id)
            if doc is None:  # its document was removed from the knowledge base
                continue
            citations: list[Citation] = []

            def cite(quote: str, doc: SourceDocument = doc, citations: list[Citation] = citations) -> int:
                for c in citations:
                    if c.quote == quote:
                        return c.n
                start = doc.text.find(quote)
                if start < 0:
                    return 0
                n = len(citations) + 1
                section = self.section_at(doc.doc_id, start)
                citations.append(make_citation(n, doc, start, start + len(quote), section, 1.0))
                return n

            cite(program.offers_quote)
            cite(program.targets_quote)
            groups: dict[str, list[ConditionResult]] = {"met": [], "missing": [], "unknown": []}
            for condition in program.conditions:
                status = evaluate_condition(condition, profile)
                groups[status].append(ConditionResult(
                    condition.label_zh if zh else condition.label_en, condition.field, _expected(condition),
                    profile.get(condition.field), cite(condition.quote),
                ))
            if not program.conditions:
                groups["unknown"].append(ConditionResult(
                    "文件未规定具体适用条件" if zh else "the documents set no specific eligibility conditions",
                    "", "", None, 1,
                ))
            fit = "does not fit" if groups["missing"] else ("fits" if program.conditions and not groups["unknown"]
                                                            else "may fit")
            signals = sum(1 for key, value in program.signals if profile.get(key) == value)
            relevance = 3.0 * len(groups["met"]) + 2.0 * signals
            labels = [NOT_STATED_LABELS[k][0 if zh else 1] for k in program.not_stated]
            out.append((order, ProgramMatch(
                program.program_id, program.name_zh, program.name_en, program.category, fit,
                tuple(groups["met"]), tuple(groups["missing"]), tuple(groups["unknown"]),
                program.next_step_zh if zh else program.next_step_en, tuple(citations), relevance, tuple(labels),
                jurisdiction=doc.place,
                needed=tuple(dict.fromkeys(FIELD_LABELS[c.field][0 if zh else 1] for c in groups["unknown"]
                                           if c.field in FIELD_LABELS)),
            )))
        if self.extra is not None:
            out += [(len(self.programs) + i, m) for i, m in enumerate(self.extra(profile, language))]
        out.sort(key=lambda item: (FIT_ORDER[item[1].fit], -item[1].relevance, item[0]))
        return [m for _o, m in out]
