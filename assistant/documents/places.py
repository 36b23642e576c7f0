"""Places and jurisdictions: Chinese and English place names resolved to province / city / county.

The administrative divisions come from `jionlp`'s own data (its `china_location_loader`), read once per process
on first use (about 3 s: importing jionlp and reading its table, plus a scan of jieba's dictionary for the short
names it tags as places). English names match through the pinyin of each name without its 省/市/县/区 suffix
(`pypinyin`, built on the first English name, about 1 s), with the suffix words Province, City, County, District
and New Area. There is no hand table of places. `warm_up()` pays all of this up front.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_LEVELS = ("national", "province", "city", "county")
_NATIONAL_ZH = re.compile(
    r"中华人民共和国|全国人民代表大会|全国人大|国务院|中国(?![（(])|全国|国家[\u4e00-\u9fff]{0,8}?(?:局|部|委|署)(?![\u4e00-\u9fff]{0,2}[校所])"
)
_NATIONAL_EN = re.compile(r"\b(?:China|PRC|People's Republic of China|nationwide|State Council|NPC)\b")
_EN_SUFFIX = {
    "province": "province", "city": "city", "municipality": "city", "county": "county", "district": "county",
    "new area": "county", "new district": "county", "prefecture": "city", "autonomous region": "province",
}
_EN_SUFFIX_RE = re.compile(r"\s*\b(province|city|municipality|county|district|new area|new district|prefecture"
                           r"|autonomous region)\b", re.IGNORECASE)
_ZONE = re.compile(r"(?:^|[）)区市省县])([\u4e00-\u9fff]{2,4}?(?:新片区|高新区|开发区|新区|园区|示范区|综合保税区))")
_EN_COUNTY_SUFFIX = {"county": "县", "district": "区", "new area": "新区", "new district": "新区", "city": "市"}


@dataclass(frozen=True)
class Place:
    """A place as named: province / city / county full names ("" where not applicable) and its level
    ("national" | "province" | "city" | "county" | "unknown"). A municipality has province == city."""

    province: str
    city: str
    county: str
    level: str
    name: str

    def with_name(self, name: str) -> Place:
        return Place(self.province, self.city, self.county, self.level, name)


NATIONAL = Place("", "", "", "national", "中国")
UNKNOWN = Place("", "", "", "unknown", "")


@dataclass(frozen=True)
class _Index:
    zh: dict[str, tuple[Place, ...]]  # Chinese full name or alias -> candidates, highest level first
    short_names: tuple[tuple[Place, str], ...]  # each place with its name without suffix (宁波), for pinyin
    aliases: frozenset[str]  # the keys of `zh` that are aliases, not full names
    named_places: frozenset[str]  # aliases that jieba's dictionary tags as place names (ns): 宁波, not 白银
    longest: int


@lru_cache(maxsize=1)
def _index() -> _Index:
    import contextlib
    import sys

    with contextlib.redirect_stdout(sys.stderr):  # jionlp prints a banner on import: stdout stays the caller's
        import jionlp

    zh: dict[str, list[Place]] = defaultdict(list)
    short_names: list[tuple[Place, str]] = []
    aliases: set[str] = set()

    def add(place: Place, full: str, alias_names: list[str]) -> None:
        zh[full].append(place)
        for kind, suffix in (("自治县", "县"), ("自治州", "州"), ("自治旗", "旗")):  # 酉阳县 for 酉阳土家族苗族自治县
            if full.endswith(kind) and alias_names and alias_names[0]:
                zh[alias_names[0] + suffix].append(place)
        for alias in alias_names:
            if alias.endswith(("省", "市", "县", "区")):
                continue  # 新区 is a kind of place, not the short name of one
            if len(alias) >= 2 and alias != full:
                zh[alias].append(place)
                aliases.add(alias)
            if len(alias) >= 2:
                short_names.append((place, alias))

    data = jionlp.china_location_loader()
    for province, cities in data.items():
        if province.startswith("_"):
            continue
        p_alias = cities["_alias"]
        municipality = any(c == province for c in cities if not c.startswith("_"))
        if not municipality:
            add(Place(province, "", "", "province", province), province, [p_alias])
        for city, counties in cities.items():
            if city.startswith("_") or "直辖" in city:
                continue
            add(Place(province, city, "", "city", city), city, list(counties["_alias"]))
            for county, info in counties.items():
                if county.startswith("_") or "直辖" in county:
                    continue
                add(Place(province, city, county, "county", county), county, [info["_alias"]])
    return _Index(_by_level(zh), tuple(short_names), frozenset(aliases), _place_words(aliases), max(map(len, zh)))


def _by_level(places: dict[str, list[Place]]) -> dict[str, tuple[Place, ...]]:
    rank = {level: i for i, level in enumerate(_LEVELS)}
    return {k: tuple(sorted(v, key=lambda p: rank[p.level])) for k, v in places.items()}


@lru_cache(maxsize=1)
def _en_index() -> dict[str, tuple[Place, ...]]:
    """Pinyin key ("ningbo", "chaoyang") -> candidates, highest level first; built on the first English name."""
    en: dict[str, list[Place]] = defaultdict(list)
    for place, name in _index().short_names:
        for key in _pinyin_keys(name):
            en[key].append(place)
    return _by_level(en)


@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(pinyin(char, style=Style.NORMAL, heteronym=True)[0][:4])


def _pinyin_keys(name: str) -> set[str]:
    """Every reading of a name in toneless pinyin: 朝阳 is both zhaoyang and chaoyang (bounded to 16)."""
    keys = {""}
    for char in name:
        keys = {k + r for k in keys for r in _readings(char)}
        if len(keys) > 16:
            keys = set(list(keys)[:16])
    return {k.lower() for k in keys if k.isascii() and k}


def _place_words(words: set[str]) -> frozenset[str]:
    """The words that jieba's dictionary tags as place names (ns), among `words`."""
    import jieba

    with jieba.dt.get_dict_file() as handle:
        lines = handle.read().decode("utf-8").splitlines()
    tagged = set()
    for line in lines:
        word, _, rest = line.partition(" ")
        if word in words and rest.endswith(" ns"):
            tagged.add(word)
    return frozenset(tagged)


def _pick(candidates: tuple[Place, ...], context: list[Place], level: str = "") -> Place | None:
    if level:
        candidates = tuple(p for p in candidates if p.level == level) or candidates
    if len(candidates) == 1:
        return candidates[0]
    for place in candidates:  # the one inside a place also named
        if any(c.province == place.province and (not c.city or c.city == place.city) for c in context):
            return place
    top = {(p.province, p.city, p.county): p for p in candidates if p.level == candidates[0].level}
    return next(iter(top.values())) if len(top) == 1 else None  # 朝阳区 alone: Beijing's or Changchun's


def _zh_hits(text: str) -> list[tuple[int, int, tuple[Place, ...], bool]]:
    """Longest-first matches of full names and aliases; the flag is True for a strong hit: a full name, or an
    alias that jieba tags as a place name, or one of three characters or more (石家庄, tagged as a person's name),
    that stands as a word of its own (not 大理石, 朝阳产业)."""
    index = _index()
    hits = []
    i = 0
    while i < len(text):
        for length in range(min(index.longest, len(text) - i), 1, -1):
            word = text[i : i + length]
            if word in index.zh:
                strong = word not in index.aliases or (
                    (word in index.named_places or len(word) >= 3 or index.zh[word][0].level == "province")
                    and _stands_alone(text, i, i + length)
                )
                hits.append((i, i + length, index.zh[word], strong))
                i += length
                break
        else:
            i += 1
    return hits


def _stands_alone(text: str, start: int, end: int) -> bool:
    import jieba

    position = 0
    for word in jieba.lcut(text[max(0, start - 6) : end + 6], HMM=False):
        word_start = max(0, start - 6) + position
        position += len(word)
        if word_start <= start < word_start + len(word):
            return word_start == start and (word_start + len(word) == end or word[end - start :] in ("省", "市"))
    return False


def _en_hits(text: str, known: Sequence[Place] = ()) -> list[tuple[int, int, Place]]:
    """English names: the pinyin of a name (one to three capitalised words), with an optional suffix word. A
    county-level name needs its suffix (Xiangshan County), its city named too, or documents of its own (`known`):
    bare pinyin is too often a word."""
    if not re.search(r"[A-Z]", text):
        return []
    index = _en_index()
    # "Jing'an's": the apostrophe inside a pinyin name separates syllables; a possessive 's is not part of it
    words = list(re.finditer(r"[A-Za-z][a-z]*(?:'(?!s\b)[a-z]+)*", text))
    spans: list[tuple[int, int, tuple[Place, ...], str]] = []
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            group = words[i : i + size]
            if len(group) < size or not group[0].group(0)[0].isupper():
                continue
            start, end = group[0].start(), group[-1].end()
            key = "".join(w.group(0) for w in group).lower().replace("'", "")
            if key not in index or text[start - 1 : start] == "-" or text[end : end + 1] == "-":
                continue
            candidates = index[key]
            suffix = _EN_SUFFIX_RE.match(text, end)
            written = suffix.group(1).lower() if suffix else ""
            level = _EN_SUFFIX.get(written, "")
            if written in _EN_COUNTY_SUFFIX:  # Xiangshan County is 象山县, not 象山区
                zh_suffix = _EN_COUNTY_SUFFIX[written]
                candidates = tuple(p for p in candidates if (p.county or p.city).endswith(zh_suffix)) or candidates
            if suffix and any(p.level == level for p in candidates):
                end = suffix.end()
            else:
                written = ""  # "a Shanghai district" is Shanghai
            spans.append((start, end, candidates, written))
            i += size - 1
            break
        i += 1
    # a name spelt with a syllable apostrophe ("Jing'an") is pinyin, never an English word
    spans = [(a, b, c, w or ("'" in text[a:b] and "pinyin") or "") for a, b, c, w in spans]
    named = [c[0] for _, _, c, w in spans if len(c) == 1 and (w or c[0].level != "county")]
    hits = []
    for start, end, candidates, written in spans:  # "Chaoyang District, Beijing": Beijing's 朝阳区
        if not written:  # a bare county name counts inside a place named, or as a jurisdiction the documents have
            candidates = tuple(p for p in candidates if p.level != "county" or any(_inside(p, c) for c in named)
                               or any(_same(p, k) for k in known))
        place = _pick(candidates, named, _EN_SUFFIX.get(written, "")) or _pick(candidates, [*named, *known],
                                                                               _EN_SUFFIX.get(written, ""))
        if place is not None:
            hits.append((start, end, place.with_name(text[start:end])))
    return hits


def places_in(text: str, known: Sequence[Place] = ()) -> list[Place]:
    """The places a question or title names, in order (Chinese and English); 中国/全国/China name the nation.

    `known`: places that settle an ambiguous name (the knowledge base's jurisdictions: "Jing'an" is Shanghai's
    静安区, not Jiangxi's 靖安县, when only the former has documents)."""
    found: list[tuple[int, Place]] = []
    for match in _NATIONAL_ZH.finditer(text):
        found.append((match.start(), NATIONAL.with_name(match.group(0))))
    for match in _NATIONAL_EN.finditer(text):
        found.append((match.start(), NATIONAL.with_name(match.group(0))))
    zh_hits = _zh_hits(text)
    # unambiguous strong names first, as context for the ambiguous ones and for weak aliases (宁波…象山)
    context = [hit[2][0] for hit in zh_hits if hit[3] and len(hit[2]) == 1]
    for start, end, candidates, strong in zh_hits:
        if not strong:
            candidates = tuple(p for p in candidates if any(_inside(p, c) for c in context))
            if not candidates:
                continue
        place = _pick(candidates, context)
        if place is not None:
            found.append((start, place.with_name(text[start:end])))
    found += [(start, place) for start, _, place in _en_hits(text, known)]
    places = [place for _, place in sorted(found, key=lambda item: item[0])]
    return _merge(places)


def _merge(places: list[Place]) -> list[Place]:
    """宁波市象山县 names one place, not two: keep the finest of places that lie inside one another."""
    result: list[Place] = []
    for place in places:
        if result and _inside(place, result[-1]):
            result[-1] = place.with_name(result[-1].name + place.name)  # written together: one name
        elif not any(_same(place, p) for p in result):
            result.append(place)
    return [p for p in result if not any(_inside(q, p) for q in result)]


def _same(a: Place, b: Place) -> bool:
    return (a.province, a.city, a.county, a.level) == (b.province, b.city, b.county, b.level)


def _inside(inner: Place, outer: Place) -> bool:
    order = {level: i for i, level in enumerate(_LEVELS)}
    if outer.level not in order or inner.level not in order or order[inner.level] <= order[outer.level]:
        return False
    if outer.level == "province":
        return inner.province == outer.province
    if outer.level == "city":
        return inner.province == outer.province and inner.city == outer.city
    return False


def warm_up() -> None:
    """Load the division table and jieba's dictionary now (a few seconds) rather than on the first question."""
    places_in("宁波市象山县 Ningbo")
    places_in("宁波象山")  # builds jieba's prefix dictionary


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Every foreign country's short name, full name, capital and main cities -> its short name (jionlp's world
    table, offline)."""
    import jionlp

    names: dict[str, str] = {}
    for continent in jionlp.world_location_loader().values():
        for short, facts in continent.items():
            if short == "中国":
                continue
            for name in (short, facts.get("full_name", ""), facts.get("capital", ""), *facts.get("main_city", [])):
                if name and len(name) >= 2:
                    names.setdefault(name, short)
    return names


def foreign_country(name: str) -> str:
    """The foreign country a place name is in ("德国", "德意志联邦共和国", "慕尼黑" → 德国), or "" (a Chinese place,
    or a name no table knows)."""
    return _countries().get(name.strip(), "")


def resolve_place(name: str) -> Place | None:
    """One place name, Chinese or English ("象山县", "Xiangshan County", "Shanghai"); None when unknown."""
    name = name.strip()
    if not name:
        return None
    found = places_in(name)
    return found[-1].with_name(name) if found else None


def _zone(text: str, around: Place) -> Place | None:
    """A 新片区 / 高新区 inside a known city that the division table does not list, as a county-level place."""
    match = _ZONE.search(text)
    if match is None or around.level not in ("city", "province"):
        return None
    return Place(around.province, around.city or around.province, match.group(1), "county", match.group(1))


def jurisdiction(title: str, issuer: str = "", text: str = "") -> Place:
    """Whose rules a document sets: the place its issuer names, else the place its title names, else the
    first place named in the opening of its text; national for 国务院, 全国人大, 国家…局 and 中华人民共和国…法.
    A title naming no place ("促进个体工商户发展条例") with no issuer is read from the text's opening."""
    law = re.search(r"(?<!办)法$|条例$", title.strip()) is not None
    named = [p for p in places_in(title) if p.level not in ("national", "unknown")] if title else []
    by = [p for p in places_in(issuer) if p.level not in ("national", "unknown")] if issuer else []
    finest = max(named, key=lambda p: _LEVELS.index(p.level)) if named else None
    if finest is not None and by and any(_inside(finest, p) for p in by):
        return finest  # "彭水苗族土家族自治县旅游条例", approved by 重庆市人大常委会: the county's own rule
    for step, source in enumerate((issuer, title, text[:400])):
        if step == 2 and law:
            return NATIONAL.with_name("")  # a local law or regulation always names its place in its title
        places = [p for p in places_in(source) if p.level != "national"] if source else []
        if places:
            finest = max(places, key=lambda p: _LEVELS.index(p.level))
            zone = _zone(source, finest) if finest.level != "county" else None
            return zone or finest
        national = [p for p in places_in(source) if p.level == "national"] if source else []
        if national:
            return national[0]
    return UNKNOWN


def covers(jurisdiction: Place, asked: Place) -> bool:
    """Whether rules of `jurisdiction` apply in `asked`: the nation covers everywhere, a province its cities and
    counties, a city its counties, a place itself; an unknown jurisdiction covers nothing."""
    if jurisdiction.level == "national":
        return asked.level != "unknown"
    if jurisdiction.level == "unknown" or asked.level in ("unknown", "national"):
        return False
    if jurisdiction.province != asked.province:
        return False
    if jurisdiction.level == "province":
        return True
    if jurisdiction.city != asked.city:
        return False
    if jurisdiction.level == "city":
        return True
    return jurisdiction.county == asked.county
