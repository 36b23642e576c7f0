"""Whether a company fits a measure: every condition checked against the company's facts.

fits: every condition met, each shown with the company's figure beside the clause's threshold;
may fit: no condition fails but some fact is unknown (named: "请补充：研发投入占比") or must be checked
by the owner; does not fit: a condition fails (both numbers shown), or the measure is another
place's. Nothing is "fits" while a condition is unknown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from assistant.documents.citations import make_citation
from assistant.documents.places import Place, covers, resolve_place
from assistant.models import Citation, SourceDocument
from assistant.programs.catalog import ConditionResult, ProgramMatch
from assistant.programs.clauses import Give, Requirement, fact_key, tier_key
from assistant.programs.measures import Measure, describe_give

_OPS = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}
_LEGACY_FIGURES = {  # today's profile keys that are named quantities
    "annual_revenue_cny": ("营业收入", "销售收入", "营收", "主营业务收入", "年收入", "销售额"),
    "employees": ("从业人员", "职工", "员工", "职工人数", "从业人数", "员工人数", "人数"),
    "invention_patents": ("发明专利", "有效发明专利", "发明专利数"),
}


def show_value(value: float | None, unit: str) -> str:
    if value is None:
        return "?"
    if unit == "%":
        return f"{value * 100:g}%"
    if unit == "元":
        return f"{value / 1e4:g}万元" if value >= 1e4 else f"{value:g}元"
    return f"{value:g}{unit}"


def same_fact(clause: str, company: str) -> bool:
    """The company's figure measures the clause's quantity: the same canonical name, or the clause's name
    narrowing it by a modifier ("生产性设备投资" for "设备投资") that is not per-unit or incremental."""
    c, k = fact_key(clause), fact_key(company)
    if c == k:
        return True
    return len(k) >= 3 and c.endswith(k) and not re.search(r"均|每|单|新增|增量|增长|净|累计|人均", c[: -len(k)])


def _figure(profile: Mapping[str, Any], fact: str) -> float | None:
    key = fact_key(fact)
    for name, value in (profile.get("figures") or {}).items():
        if same_fact(fact, name):
            return float(value)
    for field, names in _LEGACY_FIGURES.items():
        if key in names and field in profile:
            return float(profile[field])
    return None


def _compare(actual: float, op: str, threshold: float) -> bool:
    return {"gte": actual >= threshold, "gt": actual > threshold, "lte": actual <= threshold,
            "lt": actual < threshold}[op]


def same_tier(held: str, named: str) -> bool:
    """Whether a title the company holds is the one a clause names: the same canonical name, or one inside
    the other ("优秀出海项目" in "优秀出海项目或实践"), when the shorter still names something (4+ characters);
    a clause listing titles ("绿色园区、绿色工厂") names each of them."""
    if "、" in named:  # titles listed as alternatives: any one of them
        return any(same_tier(held, part) for part in named.split("、") if part)
    a, b = tier_key(held), tier_key(named)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and short in long


def _held(profile: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The tiers and titles the company holds; None when the profile says nothing about them."""
    if not any(k in profile for k in ("tiers", "tier", "qualifications")):
        return None
    held = [dict(t) for t in profile.get("tiers") or []]
    if profile.get("tier") not in (None, "none"):
        held.append({"name": profile["tier"]})
    held += [{"name": q} for q in profile.get("qualifications") or []]
    return held


def check(req: Requirement, profile: Mapping[str, Any], today: dt.date, zh: bool) -> tuple[str, str, Any, str]:
    """(status, expected, actual, needed fact) for one condition; status is met / missing / unknown."""
    if req.kind == "threshold" and req.value is not None:
        expected = f"{req.fact} {_OPS.get(req.op, req.op)} {show_value(req.value, req.unit)}"
        actual = _figure(profile, req.fact)
        if actual is None:
            return "unknown", expected, None, req.fact
        return ("met" if _compare(actual, req.op, req.value) else "missing"), expected, show_value(actual, req.unit), ""
    if req.kind in ("tier", "qualification"):
        levels = "/".join(req.levels)
        expected = f"{'新' if req.new else ''}{levels}{req.fact}".strip()
        held = _held(profile)
        if held is None:
            return "unknown", expected, None, f"{levels}{req.fact}"
        same = [t for t in held if same_tier(t["name"], req.fact)]
        if not same:
            return "missing", expected, "、".join(t["name"] for t in held) or ("无" if zh else "none"), ""
        if req.levels:
            known = [t for t in same if t.get("level")]
            if not known:
                return "unknown", expected, same[0]["name"], f"{req.fact}的级别"
            same = [t for t in known if t["level"] in req.levels]
            if not same:
                return "missing", expected, "、".join(t["level"] + t["name"] for t in known), ""
        if req.new:
            dated = [t for t in same if t.get("year")]
            if not dated:
                return "unknown", expected, same[0]["name"], f"{req.fact}的认定年份"
            if not any(t["year"] >= today.year - 1 for t in dated):
                return "missing", expected, f"{max(t['year'] for t in dated)}年认定", ""
        best = same[0]
        return "met", expected, f"{best.get('level', '')}{best['name']}", ""
    stated = _stated_target(req.text, profile)
    if stated:  # "对引进高层次人才的市场主体" and the company says it 引进高层次人才
        return "met", req.text, stated, ""
    return "unknown", "请自行核对" if zh else "check yourself", None, ""


_TARGET_EDGES = re.compile(r"^(?:（含）)?(?:的|对于|对)|的(?:企业|单位|市场主体|主体|个人|机构)?$")
_QUALIFIED = re.compile(r"^(?:符合(?:条件|规定|要求|标准)|经(?:认定|审核|评审|批准))的?")
_BUILT = re.compile(r"^[^，。；]{0,12}?(?:建设|建立|设立|创建|组建)(?=[\u4e00-\u9fff]{4})")
STATED_SHARE = 0.6  # of a target phrase's characters that a title the company states must cover
# after a title the company states, what a clause's target may add and still be that title: its kind, or the others
# listed beside it; anything else restricts it ("农民专业合作社贷款", "农民专业合作社培育与引进新品种…的项目")
_KIND = r"(?:其他)?[\u4e00-\u9fff]{0,4}?(?:企业|单位|市场主体|主体|机构|公司|个人|组织|项目)"
_OWN_TAIL = re.compile(rf"(?:的)?(?:{_KIND})?(?:(?:、|和|及其?|或者?|以及|与).*)?"
                       r"(?:按照?(?:有关)?规定|依法|可以|应当)?")


def _stated_target(text: str, profile: Mapping[str, Any]) -> str:
    """A qualification the company states that is most of a clause's target phrase as written (not one word
    of a longer condition: "示范项目" does not meet "获得市有关部门补贴的示范项目"), or ""."""
    written = _TARGET_EDGES.sub("", text.strip())
    core = _QUALIFIED.sub("", written)  # "符合条件的科技企业孵化器": 科技企业孵化器
    built = _BUILT.search(core)  # "企业和社会资本建设创新创业服务平台": what is built is the target
    core = core[built.end():] if built else core
    stated = [str(q) for q in profile.get("qualifications") or []]
    for name in stated:
        rest = core[core.find(name) + len(name):] if name in core else ""
        if rest and not _OWN_TAIL.fullmatch(rest):  # what follows the title restricts it, unless the company says
            # that too ("农民专业合作社" and "创办农产品加工企业、农资超市…" for "农民专业合作社创办农产品加工企业…")
            if any(other != name and len(rest) >= 2 and rest[:6] in other for other in stated):
                return name
            continue
        if len(name) >= 4 and name in core and len(name) >= STATED_SHARE * len(core):
            return name
        # "经认定登记的技术合同" is named by "技术合同经认定登记" as written, 经认定 and all
        if len(name) >= 6 and any(_reworded(name, c) or _named_in(name, c) for c in dict.fromkeys((core, written))):
            return name
    return ""


WORDED_SHARE = 0.75  # of a stated qualification's character pairs the clause's target must hold


def _reworded(name: str, core: str) -> bool:
    """The company's words for a clause's target, reworded ("新建或整体改建标准化菜市场" for "新建和完成整体改建的标准化
    菜市场"): most of its character pairs are the target's, it ends as the target does (the same thing), and it
    covers most of the target's own pairs (not one word of a longer condition)."""
    pairs = [name[i : i + 2] for i in range(len(name) - 1)]
    target = {core[i : i + 2] for i in range(len(core) - 1)}
    held = sum(p in target for p in pairs)
    return core[-2:] == name[-2:] and held >= WORDED_SHARE * len(pairs) and held >= STATED_SHARE * len(target)


NAMED_SHARE = 0.3  # of a target's characters that the words of a title the company states must cover
# a negated target ("未获得…的") or one that points at conditions written elsewhere ("符合上述…条件的单位")
_NOT_A_NAME = re.compile(r"未|不|非|无|没有|上述|前述|前款|本条|符合[^，。；]{0,20}?(?:条件|标准|要求)")


def _named_in(name: str, core: str) -> bool:
    """The company's title names the clause's target word by word ("专利转让或许可合同认定登记" in "专利权转让合同、
    专利实施许可合同经依法认定登记的"): every content word of it is in the target, they cover a fair part of the
    target, not only its head noun, and the target is not negated ("未获得…的") nor a pointer to conditions
    stated elsewhere."""
    import jieba

    words = [w for part in re.split(r"或者|或|和|及|与|的|、", name) for w in jieba.lcut(part)  # 或许可: 或 | 许可
             if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    chars = set("".join(words))
    target = re.findall(r"[\u4e00-\u9fff]", core)
    head = core.rsplit("的", 1)[-1]
    if head != core and all(w in head for w in words):
        return False  # "标准化菜市场" for "新建和完成整体改建的标准化菜市场": what restricts it is not said
    return bool(words) and not _NOT_A_NAME.search(core) and all(w in core for w in words) \
        and sum(c in chars for c in target) >= NAMED_SHARE * len(target)


def _location_text(profile: Mapping[str, Any]) -> str:
    loc = profile.get("location")
    if isinstance(loc, Mapping):
        return "".join(str(loc.get(k, "")) for k in ("province", "city", "district", "area"))
    return str(loc or profile.get("district") or "")


def in_area(location: str, area: str) -> bool:
    """Whether a company's stated location lies in the area a policy names: most of the area's wording is
    in it, its own last word (小镇, 园区) included ("上海市奉贤区海归小镇" is in "上海奉贤海归小镇")."""
    grams = {area[i : i + 2] for i in range(len(area) - 1)}
    have = {location[i : i + 2] for i in range(len(location) - 1)}
    return area[-2:] in location and len(grams & have) >= 0.6 * len(grams)


def _abroad(profile: Mapping[str, Any]) -> str:
    """The foreign country a company is in ({"location": {"country": "德国"}}), or ""."""
    loc = profile.get("location")
    return str(loc.get("country", "")) if isinstance(loc, Mapping) else ""


def _location(profile: Mapping[str, Any]) -> Place | None:
    loc = profile.get("location")
    if isinstance(loc, Mapping):
        name = "".join(str(loc.get(k, "")) for k in ("province", "city", "district"))
    else:
        name = str(loc or profile.get("district") or "")
    return resolve_place(name) if name else None


def _own_tier_gives(gives: Sequence[Give], profile: Mapping[str, Any], conditions: Sequence[Requirement]) -> list[str]:
    tiered = [g for g in gives if g.tier]
    if not tiered:
        return [describe_give(g) for g in gives]
    names = [c.fact for c in conditions if c.kind == "tier"]
    levels = {t.get("level") for t in profile.get("tiers") or [] if any(same_tier(t["name"], n) for n in names)}
    own = [g for g in gives if not g.tier or g.tier in levels]
    if any(g.tier for g in own):
        return [g.text for g in own]
    return [describe_give(g) for g in gives]


def match_measure(measure: Measure, doc: SourceDocument, profile: Mapping[str, Any], language: str,
                  section_at: Callable[[str, int], str], today: dt.date | None = None) -> ProgramMatch:
    zh = language == "zh"
    today = today or dt.date.today()
    citations: list[Citation] = []

    def cite(start: int, end: int) -> int:
        for c in citations:
            if c.start == start and c.end == end:
                return c.n
        citations.append(make_citation(len(citations) + 1, doc, start, end, section_at(doc.doc_id, start), 1.0))
        return len(citations)

    whole = cite(measure.start, measure.end)
    groups: dict[str, list[ConditionResult]] = {"met": [], "missing": [], "unknown": []}
    needed: list[str] = []
    place = Place(measure.province, measure.city, measure.county, measure.place_level or "unknown", "")
    abroad = _abroad(profile)  # a company abroad is in no Chinese province, city, district or zone
    if place.level != "national":
        where = measure.jurisdiction or ("适用地域不详" if zh else "place not stated")
        label = f"适用于{where}" if zh else f"applies in {where}"
        own = _location(profile)
        if place.level == "unknown":
            groups["unknown"].append(ConditionResult(label, "location", where, None, whole))
        elif abroad:
            groups["missing"].append(ConditionResult(label, "location", where, abroad, whole))
        elif own is None:
            groups["unknown"].append(ConditionResult(label, "location", where, None, whole))
            needed.append("所在地" if zh else "location")
        else:
            status = "met" if covers(place, own) else "missing"
            shown = own.province + (own.city if own.city != own.province else "") + own.county
            groups[status].append(ConditionResult(label, "location", where, shown, whole))
    if measure.area:  # a policy for one part of its place: the company must be there
        label = f"适用于{measure.area}" if zh else f"applies in {measure.area}"
        own_text = _location_text(profile)
        at = doc.text.find(measure.area)
        where_cited = cite(at, at + len(measure.area)) if at >= 0 else whole
        if own_text and in_area(own_text, measure.area):
            groups["met"].append(ConditionResult(label, "location", measure.area, own_text, where_cited))
        elif abroad:
            groups["missing"].append(ConditionResult(label, "location", measure.area, abroad, where_cited))
        else:
            groups["unknown"].append(ConditionResult(label, "location", measure.area, own_text or None, where_cited))
            needed.append(f"是否位于{measure.area}" if zh else f"whether in {measure.area}")
    checked: list[tuple[str, ConditionResult, str]] = []
    for req in measure.conditions:
        status, expected, actual, fact = check(req, profile, today, zh)
        result = ConditionResult(req.text, req.kind if req.kind == "text" else fact_key(req.fact) or req.kind,
                                 expected, actual, cite(req.start, req.end))
        if req.either and checked:  # alternatives: met when either is, failed only when both fail
            first_status, first, first_fact = checked.pop()
            joined = ConditionResult(f"{first.condition}或{result.condition}", first.field,
                                     f"{first.expected}{' 或 ' if zh else ' or '}{result.expected}",
                                     first.actual if first_status == "met" else actual, first.citation)
            status = "met" if "met" in (status, first_status) else \
                "missing" if status == first_status == "missing" else "unknown"
            result, fact = joined, "" if status != "unknown" else "、".join(f for f in (first_fact, fact) if f)
        checked.append((status, result, fact))
    for status, result, fact in checked:
        groups[status].append(result)
        if fact:
            needed.append(fact)
    if not any(c.kind != "text" for c in measure.conditions) and not groups["unknown"] and not groups["missing"] \
            and not any(c.field == "text" for c in groups["met"]):
        # a clause whose target the parsers could not read: the owner must check it against the clause
        label = "文件未列明可核对的具体条件" if zh else "no checkable condition stated"
        groups["unknown"].append(ConditionResult(label, "text", "请自行核对" if zh else "check yourself", None, whole))
    fit = "does not fit" if groups["missing"] else ("may fit" if groups["unknown"] else "fits")
    gives = _own_tier_gives(measure.gives, profile, measure.conditions)
    next_step = ("请对照原文条款，向发文部门咨询申报方式。" if zh
                 else "Check the clause and ask the issuing office how to apply.")
    return ProgramMatch(
        measure.measure_id, measure.name, measure.name, "measure", fit, tuple(groups["met"]),
        tuple(groups["missing"]), tuple(groups["unknown"]), next_step, tuple(citations),
        3.0 * len(groups["met"]) - len(groups["unknown"]), (), tuple(gives), measure.jurisdiction,
        tuple(dict.fromkeys(needed)), "measure",
    )


def match_measures(measures: Sequence[Measure], lookup: Callable[[str], SourceDocument | None],
                   section_at: Callable[[str, int], str], profile: Mapping[str, Any],
                   language: str = "zh") -> list[ProgramMatch]:
    out = []
    for measure in measures:
        doc = lookup(measure.doc_id)
        if doc is not None:
            out.append(match_measure(measure, doc, profile, language, section_at))
    return out
