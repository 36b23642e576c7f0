"""Measures read from a document's own text: every clause that grants something becomes a `Measure`.

Measures live and die with their document: they are recomputed from the stored text (cached by its
sha256), so removing a document removes its measures and re-ingesting a changed one re-reads them.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.documents.structure import article_at_start
from assistant.errors import CatalogError
from assistant.models import SourceDocument
from assistant.programs.clauses import (
    AREAS,
    MODAL_END,
    Give,
    Requirement,
    benefit_noun,
    give_start,
    is_granting,
    parse_conditions,
    parse_gives,
)

_SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")
_NOT_BODY = re.compile(r"^\s*(?:#|<!--|[A-Za-z_\u4e00-\u9fff]{1,8}:\s|---)")
_CACHE: OrderedDict[tuple[str, str], tuple[Measure, ...]] = OrderedDict()
_CACHE_SIZE = 512


@dataclass(frozen=True)
class Measure:
    """One granting clause: its name, what it gives, whom it targets and its conditions, each with offsets
    into the document's stored text; `quote` is the whole clause."""

    measure_id: str
    doc_id: str
    article: str
    name: str
    gives: tuple[Give, ...]
    target: str
    target_start: int
    target_end: int
    conditions: tuple[Requirement, ...]
    quote: str
    start: int
    end: int
    place_level: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    area: str = ""  # a part of the jurisdiction the document is for (its title names it: 海归小镇, 临港新片区)

    @property
    def jurisdiction(self) -> str:
        if self.place_level == "national":
            return "全国"
        parts = [self.province, self.city if self.city != self.province else "", self.county]
        return "".join(p for p in parts if p)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure_id": self.measure_id, "doc_id": self.doc_id, "article": self.article, "name": self.name,
            "gives": [g.__dict__ for g in self.gives], "target": self.target,
            "conditions": [c.__dict__ for c in self.conditions], "quote": self.quote, "start": self.start,
            "end": self.end, "jurisdiction": self.jurisdiction, "place_level": self.place_level,
        }


def _articles(text: str) -> list[tuple[int, str]]:
    """(offset, 第X条) for every line that opens an article."""
    out = []
    pos = 0
    for line in text.split("\n"):
        found = article_at_start(line.lstrip("#* "))
        if found:
            out.append((pos, found.label))
        pos += len(line) + 1
    return out


def _article_at(articles: list[tuple[int, str]], offset: int) -> str:
    label = ""
    for start, name in articles:
        if start > offset:
            break
        label = name
    return label


def _name(target: str, sentence: str, conditions: list[Requirement], listed: str = "") -> str:
    """A short name from the clause: the target phrase (or the condition part) and what is given."""
    core = re.sub(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[.、]|[一二三四五六七八九十]+、)", "", target).strip()
    core = re.sub(r"^(?:对于|对|凡)", "", core)
    core = re.sub(r"[，,]?(?:的|者)$", "", core)
    if not core:
        core = next((re.sub(r"^.*?对", "", c.text) for c in reversed(conditions) if c.kind == "text"), "")
        core = re.sub(r"(?:的|者)$", "", core)
    if not core:
        head = sentence[: give_start(sentence)]
        head = re.sub(r"^(?:第[^条]{1,8}条\s*|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、])", "", head).strip("，, ")
        core = re.split(r"[，,]", head)[-1] if head else ""
    noun = listed or benefit_noun(sentence)
    core = core.rstrip("：: ")
    if len(core) > 28:
        core = core[:28] + "…"
    return f"{core}{noun}" if core and not core.endswith(noun) else (core or noun)


_OPENS_CLAUSE = re.compile(r"^\s*(?:第[^条]{1,12}条|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．）)]"
                           r"|[一二三四五六七八九十]+、)")
_ITEM = re.compile(r"^\s*(?:\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])")


def _listed_rates(text: str) -> list[tuple[int, int, str]]:
    """Spans of the items listed under "…奖励标准如下：" (each item states an amount granted), with the noun."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    open_at = -1
    noun = ""
    for line in text.split("\n"):
        stripped = line.strip()
        intro = re.search(r"奖励|补助|补贴|资助|扶持|支持", stripped)
        if stripped.endswith(("如下：", "如下:")) and intro:
            open_at, noun = pos + len(line) + 1, intro.group(0)
        elif open_at >= 0 and stripped and not _ITEM.match(stripped):
            spans.append((open_at, pos, noun))
            open_at = -1
        pos += len(line) + 1
    if open_at >= 0:
        spans.append((open_at, pos, noun))
    return spans


_AIMED = re.compile(r"等(?:多种)?(?:方式|形式|措施)，(?:重点)?(?:支持|引导|扶持)([^，。；]{4,40})")
# whom a preference goes to: "优先安排集中使用残疾人的用人单位生产", "优先选择信用较好的企业提供的货物"
_PREFERRED = re.compile(r"优先(?:安排|选择|购买|采购|扶持|支持|推荐|表彰奖励|表彰)(?:或者?(?:推荐|表彰|奖励|支持))?"
                        r"(?P<who>[^，。；]{2,30}?(?:企业|单位|机构|组织|市场主体|经营者|产品))"
                        # the one preferred named first: "将科技成果许可他人实施的，中小微企业优先实施"
                        r"|(?:^|[，、])(?P<first>[^，。；、]{2,16}?(?:企业|创业者|经营者))(?:可以)?优先"
                        r"(?:实施|受让|承接|使用|录用)")


def _target(region: str, offset: int) -> tuple[str, int]:
    """The 对…的 phrase: from the first 对 of the condition part to the next comma, without its 的."""
    found = list(re.finditer(r"对于|对|凡|针对", region))
    if not found:
        return "", 0
    opened = found[-1]  # the last 对 before what is given: "…加强指导，并对中小企业申请专利给予…"
    rest = region[opened.end():]
    phrase = re.split(r"[，,]", rest, maxsplit=1)[0]
    phrase = AREAS.sub("", phrase)  # "对扒鸡生产经营者在技术改造、…等方面给予政策支持": whom, not where
    phrase = re.sub(r"(?:的|者)$", "", MODAL_END.sub("", phrase.rstrip()))
    return phrase, offset + opened.end()


_LISTED_BELOW = re.compile(r"(?:符合)?下列(?:条件|情形)?(?:之一)?的?")
_LISTED_ITEM = re.compile(r"[ \t]*[（(][一二三四五六七八九十]+[）)][ \t]*(?P<item>[^\n]+?)(?:的)?[；;。]?[ \t]*$")


def _with_listed(conditions: list[Requirement], text: str, end: int) -> list[Requirement]:
    """"对符合下列条件之一的中小型乡镇企业…：（一）…（二）…": the listed items are alternatives (any one meets the
    condition), and what is left of the target once "符合下列条件之一的" is taken out is a condition of its own."""
    items: list[Requirement] = []
    offset = end
    for line in text[end : end + 3000].splitlines(keepends=True):
        here, offset = offset, offset + len(line)
        if not line.strip():
            continue  # items stand one per paragraph
        item = _LISTED_ITEM.fullmatch(line.rstrip("\n"))
        if item is None or len(items) >= 12:
            break
        start, written = here + item.start("item"), item.group("item")
        items.append(Requirement("text", written, start, start + len(written), either=bool(items)))
    if not items:
        return conditions
    kept: list[Requirement] = []
    for c in conditions:
        listed = _LISTED_BELOW.search(c.text)
        if c.kind != "text" or listed is None:
            kept.append(c)
            continue
        rest = c.text[listed.end():]  # "中小型乡镇企业"; "企业、人员" says nothing more
        if len(rest) >= 4 and not re.fullmatch(r"(?:企业|人员|单位|个人|组织|、|和|或者?)+", rest):
            kept.append(Requirement("text", rest, c.start + listed.end(), c.end))
    return kept + items


def read_measures(doc: SourceDocument) -> tuple[Measure, ...]:
    """Every granting clause of a document as a Measure (uncached; see `extract_measures`)."""
    text = doc.text
    articles = _articles(text)
    tables = _listed_rates(text)
    area = area_of(doc.title)
    measures: list[Measure] = []
    previous: Measure | None = None  # the granting clause just before (at a ；, or at a 。 in the same paragraph)
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        lead = len(sentence) - len(sentence.lstrip())
        start = match.start() + lead
        sentence = sentence.strip()
        listed_under = [noun for a, b, noun in tables if a <= start < b]
        listed = bool(listed_under)
        if len(sentence) < 5 or _NOT_BODY.match(sentence):
            continue
        carried, previous = previous, None
        if not is_granting(sentence) and not (listed and re.search(r"\d(?:\.\d+)?(?:万|亿)?元", sentence)):
            continue
        label = article_at_start(sentence)
        if label:  # "第九条 对…": the condition part starts after the article number
            opened = re.match(r"^\s*第[^条]{1,12}条(?:（[^）]{1,12}）)?\s*", sentence)
            cut = opened.end() if opened else 0
        else:
            cut = 0
        body = sentence[cut:]
        body_start = start + cut
        begin = give_start(body)
        if listed and begin == len(body) and (amount := re.search(r"\d(?:\.\d+)?(?:万|亿)?元", body)):
            begin = amount.start()  # "1、分布式光伏：0.25元/千瓦时": the item names what the amount is for
        target, t_start = _target(body[:begin], body_start)
        conditions = parse_conditions(body, body_start, begin)
        if _LISTED_BELOW.search(body[:begin]) and sentence.endswith(("：", ":")):
            conditions = _with_listed(conditions, text, match.end())
        if carried is not None and not target and not _OPENS_CLAUSE.match(body) \
                and all(c.kind == "threshold" for c in conditions) \
                and (carried.quote.endswith(("；", ";")) or (carried.target and "\n" not in text[carried.end : start])):
            # "对A项目，X达到20%，给予…；X达到10%，给予…": a second grant that only changes a figure keeps
            # the first one's target and every condition it does not restate
            target, t_start = carried.target, carried.target_start
            own = {c.fact for c in conditions if c.kind == "threshold"}
            conditions = sorted([*conditions, *(c for c in carried.conditions
                                                if c.kind != "threshold" or c.fact not in own)],
                                key=lambda c: c.start)
        aimed = _AIMED.search(body, begin)
        if not conditions and aimed:  # "通过…补助等方式，支持中小微企业购买科技成果": whom it supports is the target
            conditions = [Requirement("text", aimed.group(1), body_start + aimed.start(1), body_start + aimed.end(1))]
        preferred = _PREFERRED.search(body)
        if preferred and not target and all(c.kind == "text" for c in conditions):
            # a preference ("政府采购，在同等条件下，应当优先购买X的产品"): whom it prefers is the target, and the
            # text before it says when the preference applies, not what the company must be
            group = "who" if preferred.group("who") else "first"
            who = preferred.group(group)
            target, t_start = who, body_start + preferred.start(group)
            conditions = [Requirement("text", who, t_start, t_start + len(who))]
        levels = tuple(lv for c in conditions if c.kind == "tier" for lv in c.levels)
        gives = parse_gives(body, body_start, begin, levels)
        digest = hashlib.sha256(f"{doc.doc_id}\n{start}\n{sentence}".encode()).hexdigest()[:12]
        measure = Measure(
            measure_id=f"{doc.doc_id}#{digest}", doc_id=doc.doc_id, article=_article_at(articles, start),
            name=_name(target, body, conditions, listed_under[0] if listed_under else ""), gives=tuple(gives),
            target=target, target_start=t_start,
            target_end=t_start + len(target), conditions=tuple(conditions), quote=sentence, start=start,
            end=start + len(sentence), place_level=doc.place_level, province=doc.province, city=doc.city,
            county=doc.county, area=area,
        )
        measures.append(measure)
        # "对新建…菜市场给予资金补贴。按…50%给予补贴": one grant in two sentences
        if sentence.endswith(("；", ";", "。")):
            previous = measure
    return tuple(measures)


# a part of a district or city a policy is written for: 海归小镇, 临港新片区, 张江科学城, 某某产业园
_AREA = re.compile(r"(?P<lead>[\u4e00-\u9fff（）()]{2,10}?)"
                   r"(?P<kind>小镇|新片区|片区|产业园区?|园区|开发区|高新区|示范区|功能区|新城|科学城|自贸区)")
_VERBS = "关于|支持|推进|促进|加快|加强|推动|做好|印发"
_AREA_LEAD = re.compile(rf"^.*?(?:{_VERBS})(?!.*(?:{_VERBS}))")


def area_of(title: str) -> str:
    """The part of its place a document's title says it is for, without the larger places before it
    ("关于支持上海奉贤海归小镇建设的若干政策" → 上海奉贤海归小镇, "…自由贸易试验区临港新片区…" → 临港新片区), or ""."""
    match = _AREA.search(_AREA_LEAD.sub("", title))
    if not match:
        return ""
    lead = re.sub(r"^.*[区市县省）)]", "", match.group("lead"))
    return lead + match.group("kind") if len(lead) >= 2 else ""


def extract_measures(doc: SourceDocument) -> tuple[Measure, ...]:
    """The measures of a document, cached by (doc_id, sha256) so a changed text is read again."""
    key = (doc.doc_id, doc.sha256 or hashlib.sha256(doc.text.encode()).hexdigest())
    cached = _CACHE.get(key)
    if cached is None:
        cached = read_measures(doc)
        _CACHE[key] = cached
        if len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return cached


def describe_give(give: Give) -> str:
    """"50万元", "投资额的10%", "最高不超过200万元", "国家级：50万元", or the service, as written."""
    return f"{give.tier}：{give.text}" if give.tier else give.text


def load_overlay(path: Path) -> dict[str, dict[str, Any]]:
    """Staff corrections under `measures:` in programs.yaml, by measure id: {hide: true} or {name: "…"}."""
    if not path.exists():
        return {}
    return _overlay(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _overlay(path: Path, _mtime: int) -> dict[str, dict[str, Any]]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the overlay ({exc})") from exc
    overlay: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(raw.get("measures") or []):
        where = f"{path.name}: measures[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise CatalogError(f"{where}: each entry needs an 'id' (see: python -m assistant measures list)")
        unknown = set(entry) - {"id", "hide", "name"}
        if unknown:
            raise CatalogError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; use hide or name")
        overlay[entry["id"]] = entry
    return overlay


def apply_overlay(measures: list[Measure], overlay: dict[str, dict[str, Any]]) -> list[Measure]:
    """Hide or rename extracted measures as staff decided; everything else stays as read."""
    out = []
    for measure in measures:
        entry = overlay.get(measure.measure_id)
        if entry is None:
            out.append(measure)
        elif not entry.get("hide"):
            out.append(replace(measure, name=str(entry.get("name") or measure.name)))
    return out
