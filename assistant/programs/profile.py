"""The enterprise profile: validated fields, and reading them from a written description."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from assistant.documents.asked import ALLOWED_ASKED_ZH
from assistant.documents.places import foreign_country, places_in, resolve_place
from assistant.documents.quantities import find_quantities
from assistant.errors import ProfileError

TIERS = ("none", "科技型中小企业", "高新技术企业", "专精特新", "专精特新小巨人", "单项冠军", "领航企业")
BOOLEAN_FIELDS = ("has_rd_institute", "in_standards_work", "exports", "uses_ai", "first_of_kind_product", "is_startup")
FIELDS: dict[str, str] = {
    "industry": "text",
    "employees": "whole number >= 0",
    "annual_revenue_cny": "number >= 0 (yuan)",
    "tier": "one of " + ", ".join(TIERS),
    "qualifications": "list of text",
    "invention_patents": "whole number >= 0",
    **{name: "true or false" for name in BOOLEAN_FIELDS},
    "district": "text",
    "location": "a place name, or {province, city, district}",
    "tiers": "list of {name, level (国家级/省级/市级/区级/县级), year}",
    "figures": "mapping of a named quantity to a number in yuan, a fraction or units ({\"设备投资\": 4200000})",
}
LEVELS = ("国家级", "省级", "市级", "区级", "县级")
FIELD_LABELS = {
    "industry": ("行业", "industry"), "employees": ("员工人数", "employees"),
    "annual_revenue_cny": ("年营业收入（元）", "annual revenue (CNY)"), "tier": ("企业梯队", "tier"),
    "qualifications": ("资质", "qualifications"), "invention_patents": ("发明专利数", "invention patents"),
    "has_rd_institute": ("有研发机构", "has an R&D institute"),
    "in_standards_work": ("参与标准制定", "in standards work"),
    "exports": ("出口或开拓海外市场", "exports"), "uses_ai": ("使用人工智能", "uses AI"),
    "first_of_kind_product": ("有首台（套）等首创产品", "has a first-of-its-kind product"),
    "is_startup": ("初创企业", "start-up"), "district": ("所在区县", "district"),
    "location": ("所在地", "location"), "tiers": ("已获认定", "recognised tiers"), "figures": ("经营数据", "figures"),
}


def validate_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    """Check every key and value; an unknown key or a bad value names it and what is allowed."""
    if not isinstance(profile, Mapping):
        raise ProfileError(f"the profile must be a JSON object with fields {', '.join(FIELDS)}",
                           code="profile_not_object", params={"fields": ", ".join(FIELDS)})
    clean: dict[str, Any] = {}
    for key, value in profile.items():
        if key not in FIELDS:
            raise ProfileError(f"unknown profile field {key!r}; allowed fields: {', '.join(FIELDS)}",
                               code="profile_unknown_field", params={"field": key, "fields": ", ".join(FIELDS)})
        if value is None:
            continue
        clean[key] = _check(key, value)
    return clean


def _check(key: str, value: Any) -> Any:
    def bad() -> ProfileError:
        return ProfileError(f"profile field {key!r} has the value {value!r}; it must be {FIELDS[key]}",
                            code="profile_bad_value", params={"field": key, "value": value, "kind": FIELDS[key],
                                                              "label_zh": FIELD_LABELS[key][0],
                                                              "label_en": FIELD_LABELS[key][1]})

    if key in BOOLEAN_FIELDS:
        if not isinstance(value, bool):
            raise bad()
        return value
    if key in ("employees", "invention_patents"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise bad()
        return value
    if key == "annual_revenue_cny":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise bad()
        return value
    if key == "tier":
        if value not in TIERS:
            raise bad()
        return value
    if key == "location":
        return _location(value, bad)
    if key == "tiers":
        if not isinstance(value, list):
            raise bad()
        return [_tier(item, bad) for item in value]
    if key == "figures":
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, (int, float)) and not isinstance(v, bool)
            for k, v in value.items()
        ):
            raise bad()
        return {k.strip(): v for k, v in value.items()}
    if key == "qualifications":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad()
        return list(value)
    if not isinstance(value, str):
        raise bad()
    return value.strip()


def _location(value: Any, bad: Callable[[], ProfileError]) -> dict[str, str]:
    """A place name or {province, city, district}, resolved like a document's jurisdiction."""
    if isinstance(value, str):
        name = value.strip()
    elif isinstance(value, Mapping) and set(value) <= {"province", "city", "district", "area", "country"} and all(
            isinstance(v, str) for v in value.values()):
        name = "".join(str(value.get(k, "")) for k in ("country", "province", "city", "district", "area"))
    else:
        raise bad()
    place = resolve_place(name) if name else None
    if place is None or place.level in ("unknown", "national"):
        if country := foreign_country(name):
            return {"country": country}  # abroad: national measures may fit, local ones do not
        raise ProfileError(f"profile field 'location' names {name!r}, a place the division table does not know; "
                           "give a province, city or district name such as 宁波市鄞州区")
    # what the name says beyond its division ("…奉贤区海归小镇" → 海归小镇): a part some policies are written for
    area = name
    for part in (place.province, place.city, place.county):
        area = area.replace(part, "", 1) if part else area
    area = area if len(area) >= 2 and re.fullmatch(r"[\u4e00-\u9fff（）()]+", area) and area != name else ""
    return {k: v for k, v in (("province", place.province), ("city", place.city), ("district", place.county),
                              ("area", area)) if v}


def _tier(item: Any, bad: Callable[[], ProfileError]) -> dict[str, Any]:
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise bad()
    if not set(item) <= {"name", "level", "year"}:
        raise bad()
    level, year = item.get("level"), item.get("year")
    if level is not None and level not in LEVELS:
        raise bad()
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise bad()
    return {k: v for k, v in (("name", item["name"].strip()), ("level", level), ("year", year)) if v is not None}


# -- reading a description ---------------------------------------------------------------
_NUMBER = r"(\d+(?:\.\d+)?)"
_EMPLOYEES = [
    re.compile(_NUMBER + r"\s*(?:多|余|来)?\s*(?:人|名员工|个员工|名职工|位员工|名工人)"),
    re.compile(r"(?:员工|职工|人员)\s*(?:有|约|共)?\s*" + _NUMBER + r"\s*(?:多|余)?\s*(?:人|名)?"),
    re.compile(_NUMBER + r"[\s-]*(?:employees|staff|people|workers|persons?)\b", re.I),
]
_REVENUE = [
    re.compile(r"(?:营收|营业收入|年收入|销售额|产值|收入)\s*(?:约|大约|有|达|是|为)?\s*" + _NUMBER + r"\s*(万|亿)"),
    re.compile(_NUMBER + r"\s*(万|亿)\s*(?:元)?\s*(?:的)?\s*(?:营收|营业收入|年收入|销售额|产值|收入)"),
    re.compile(r"(?:revenue|turnover|sales)\D{0,20}?" + _NUMBER + r"\s*(million|billion|m\b|bn\b|k\b|thousand)?", re.I),
]
_PATENTS_NONE = re.compile(
    r"(?:没有|无|尚无|还没有|没)(?:任何)?(?:一件|一个)?(?:发明)?专利|专利(?:一件|一个)?都没有|"
    r"no (?:invention )?patents?|"
    r"without (?:any )?patents?|don't have (?:any )?patents?|do not have (?:any )?patents?|zero patents?",
    re.I,
)
_PATENTS_COUNT = [
    re.compile(_NUMBER + r"\s*(?:件|项|个)\s*(?:有效)?发明专利"),
    re.compile(r"发明专利\s*(?:有)?\s*" + _NUMBER + r"\s*(?:件|项|个)"),
    re.compile(_NUMBER + r"\s*invention patents?", re.I),
]
_TIER_WORDS = [
    ("专精特新小巨人", ("小巨人", "little giant")),
    ("单项冠军", ("单项冠军", "single champion", "single-item champion", "manufacturing champion")),
    ("领航企业", ("领航企业",)),
    ("专精特新", ("专精特新", "specialized and sophisticated", "specialised and sophisticated")),
    ("高新技术企业", ("高新技术企业", "高企", "high-tech enterprise", "high tech enterprise")),
    ("科技型中小企业", ("科技型中小企业", "tech-based sme", "technology-based sme")),
]
_BOOLEAN_WORDS: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {
    "exports": (
        re.compile(r"出口|外贸|海外市场|国外市场|出海|跨境|走出去|export|overseas|abroad|international markets?", re.I),
        re.compile(r"不出口|没有出口|不做外贸|只做国内|no exports?|do not export|don't export|domestic only", re.I),
    ),
    "uses_ai": (
        re.compile(r"人工智能|大模型|AI|机器学习|智能化改造|artificial intelligence|machine learning|large models?"),
        re.compile(r"没有用(?:过)?(?:AI|人工智能)|不用(?:AI|人工智能)|no AI|don't use AI|do not use AI", re.I),
    ),
    "first_of_kind_product": (
        re.compile(r"首台（套）|首台\(套\)|首台套|首批次|首版次|三首|首创产品|"
                   r"first[- ]of[- ]its[- ]kind|first[- ]of[- ]a[- ]kind|world[- ]first|first in china", re.I),
        None,
    ),
    "is_startup": (
        re.compile(r"初创|刚成立|新成立|创业公司|创业团队|成立不久|"
                   r"start-?up|newly (?:founded|established)|just founded", re.I),
        re.compile(r"老牌|成立.{0,4}(?:十|二十|三十|\d{2})多?年|传统企业|established (?:firm|company)|decades", re.I),
    ),
    "has_rd_institute": (
        re.compile(r"研发中心|研究院|研发机构|技术中心|工程中心|实验室|R&D (?:center|centre|institute|lab)", re.I),
        re.compile(r"没有研发(?:中心|机构|部门)|no R&D", re.I),
    ),
    "in_standards_work": (
        re.compile(r"(?:参与|主持|参加|牵头)(?:制定|起草|制修订)?.{0,6}标准|标准(?:制定|起草|制修订)|"
                   r"(?:drafting|setting|writing|developing) standards|standards? (?:work|committee|drafting)", re.I),
        None,
    ),
}
# a lab the company uses but does not have ("借用大学实验室的大型仪器"): no fact about its own R&D
_OTHERS_LAB = re.compile(r"(?:大学|高校|院校|科研院所|研究所|别人|其他单位|合作单位)的?"
                         r"(?:实验室|研发中心|研究院|技术中心|工程中心)"
                         r"|\b(?:a|the) (?:university|college|partner)'?s? (?:lab|laboratory)\b", re.I)
_INDUSTRY = [
    re.compile(r"(?:做|生产|制造|从事|专注于?|主营)(?!的)([\u4e00-\u9fffA-Za-z]{2,12}?)(?:的|业务|行业|产品|[，,。；;]|$)"),
    re.compile(r"(?:是一家|是个|是一个)([\u4e00-\u9fffA-Za-z]{2,12}?)(?:企业|公司|厂)"),
    re.compile(r"\b(?:we make|we produce|we manufacture|making|manufacturer of|maker of|in the)\s+([a-z][a-z -]{2,40}?)"
               r"(?:\s+(?:industry|sector|business|company|firm))?(?:[,.;]|\s+(?:with|and|for|in)\b|$)", re.I),
]
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2,4}(?:区|县))")
_DISTRICT_CUT = re.compile(r"在|位于|地处|落户|于|是")
_GENERIC_INDUSTRY = {"小", "小型", "中小", "小微", "民营", "科技型", "高新技术", "创新型", "初创", "新", "一家"}


def extract_profile(text: str) -> dict[str, Any]:
    """Profile fields stated in a description (Chinese or English); fields not stated are absent."""
    out: dict[str, Any] = {}
    for pattern in _EMPLOYEES:
        if m := pattern.search(text):
            out["employees"] = int(float(m.group(1)))
            break
    revenue = _revenue(text)
    if revenue is not None:
        out["annual_revenue_cny"] = revenue
    if _PATENTS_NONE.search(text):
        out["invention_patents"] = 0
    else:
        for pattern in _PATENTS_COUNT:
            if m := pattern.search(text):
                out["invention_patents"] = int(float(m.group(1)))
                break
    lowered = text.lower()
    for tier, words in _TIER_WORDS:
        if any(w.lower() in lowered for w in words):
            out["tier"] = tier
            break
    for name, (yes, no) in _BOOLEAN_WORDS.items():
        if no is not None and no.search(text):
            out[name] = False
        elif yes.search(_OTHERS_LAB.sub("", text) if name == "has_rd_institute" else text):
            out[name] = True
    industry = _industry(text)
    if industry:
        out["industry"] = industry
    if m := _DISTRICT.search(text):
        district = _DISTRICT_CUT.split(m.group(1))[-1]
        if len(district) >= 3:
            out["district"] = district
    places = [p for p in places_in(text) if p.level in ("province", "city", "county")]
    if places:
        finest = max(places, key=lambda p: ("province", "city", "county").index(p.level))
        out["location"] = finest.province + (finest.city if finest.city != finest.province else "") + finest.county
        if finest.county:
            out["district"] = finest.county
    tiers = _tiers(text)
    if tiers:
        out["tiers"] = tiers
    figures = _figures(text, out)
    if figures:
        out["figures"] = figures
    return validate_profile(out)


_TIER_STATED = re.compile(
    r"(?P<when>去年|今年|前年|(?:19|20)\d\d年)?(?:[^，。；]{0,6}?)(?:新)?(?:被|获)?(?:认定|评为|评定|列入|入选|获评|获批)"
    r"(?:为|了)?(?P<level>国家级|省级|市级|区级|县级)?(?P<name>[^，。；、的]{2,20}?(?:企业|称号)?)(?=[，。；、]|$)"
)
_FIGURE_CUT = re.compile(r"[，,、；;。：:（）()]|我们|我司|公司|企业|的|是|有|约|大约|达到?|为|在|去年|今年|前年"
                         r"|上年度?|年度")


def _year(word: str) -> int | None:
    today = dt.date.today().year
    return {"今年": today, "去年": today - 1, "前年": today - 2}.get(word) or (int(word[:4]) if word else None)


def _tiers(text: str) -> list[dict[str, Any]]:
    """Tiers stated with a level or a year: "去年被认定为省级专精特新中小企业"."""
    out = []
    for m in _TIER_STATED.finditer(text):
        if not (m.group("level") or m.group("when")):
            continue
        name = m.group("name").strip("“”\"")
        item: dict[str, Any] = {"name": name}
        if m.group("level"):
            item["level"] = m.group("level")
        if m.group("when"):
            item["year"] = _year(m.group("when"))
        out.append(item)
    return out


def _figures(text: str, taken: Mapping[str, Any]) -> dict[str, float]:
    """Named money amounts and rates: "去年设备投资420万元", "研发投入占比6.2%", "出口额同比增长25%"."""
    out: dict[str, float] = {}
    for q in find_quantities(text):
        if q.kind not in ("money", "rate") or q.value is None or "/" in q.unit or q.unit == "倍":
            continue
        head = text[max(0, q.start - 16): q.start]
        head = re.sub(r"(?:约|大约|达到?|为|是|有|超过|接近|将近|共计?|累计|合计)+$", "", head)
        name = _FIGURE_CUT.split(head)[-1].strip()
        if re.search(r"营收|收入|销售额|产值", name) and "annual_revenue_cny" in taken:
            continue  # the revenue has its own field
        if len(name) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", name):
            out[name] = round(q.value, 10)
    return out


def _revenue(text: str) -> float | None:
    scale = {"万": 1e4, "亿": 1e8, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3, "thousand": 1e3}
    for pattern in _REVENUE:
        if m := pattern.search(text):
            unit = (m.group(2) or "").lower()
            return float(m.group(1)) * scale.get(unit, 1.0)
    return None


def _industry(text: str) -> str:
    for pattern in _INDUSTRY:
        if m := pattern.search(text):
            value = m.group(1).strip()
            value = re.sub(r"^(?:一家|一个|家)", "", value)
            if value and value not in _GENERIC_INDUSTRY and not value.endswith(("小", "中小")):
                return value
    return ""


MATCH_INTENT = re.compile(
    r"适合|哪些政策|什么政策|哪些支持|什么支持|哪些项目|能申请|可以申请|能享受|可以享受|能得到|符合|匹配|有什么帮助|"
    r"which programs?|what programs?|what support|which support|eligible|qualify|fit (?:us|our)|apply for|"
    r"can we get|could we get|what can we get|suitable|what help",
    re.I,
)


_OWN = re.compile(r"我们|我司|本公司|我公司|我家|\bwe\b|\bour\b|\bus\b", re.I)


def speaks_of_own_company(text: str) -> bool:
    """"我们…", "our company …": the cheap test before reading a profile out of a question."""
    return bool(_OWN.search(text))


# whether something the company met is allowed: a question about a rule, however much it says of the company
_ALLOWED_ASKED = re.compile(ALLOWED_ASKED_ZH + r"|有没有问题|对不对"
                            r"|\bis (?:it|this|that) (?:legal|allowed|lawful|ok)\b|\ballowed to\b", re.I)


def describes_company(text: str, profile: Mapping[str, Any]) -> bool:
    """A question that describes the asking company and asks what fits it (not whether something is allowed)."""
    own = _OWN.search(text)
    facts = len(profile) - ("district" in profile and "location" in profile)  # one place, read twice
    intent = bool(MATCH_INTENT.search(text))
    if _ALLOWED_ASKED.search(text) and not intent:
        return False
    return bool(own) and (facts >= 3 or (facts >= 2 and intent))
