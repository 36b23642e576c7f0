"""Typed quantities in Chinese policy text: money, rates, periods, dates and counts, with their bounds.

`find_quantities` reads every quantity a text states, with offsets into that text. `asked_fact` decides from a
question's form (Chinese or English) which kind of quantity it asks for, and `states` tells whether a sentence
states a quantity of that kind and unit family. Chinese numerals go through `cn2an` (imported on first use).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.documents.asked import MEASURE_WORDS, AskedFact, asked_fact

__all__ = ["AskedFact", "Quantity", "asked_fact", "find_quantities", "states"]

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
# An Arabic number (with an optional 万/亿 multiplier) or a run of Chinese numerals.
_NUM = rf"(?:\d+(?:\.\d+)?(?:千万|百万|万亿|万|亿|千)?|[{_CN_DIGITS}]+)"
_RANGE_SEP = r"[-－–—~～至到]"
_MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "万亿": 1e12, "万": 1e4, "亿": 1e8, "千": 1e3}

# unit as written -> (kind, normalised unit, factor to the base unit)
_UNITS: dict[str, tuple[str, str, float]] = {
    "元": ("money", "元", 1.0),
    "块钱": ("money", "元", 1.0),
    "个工作日": ("period", "工作日", 1.0),
    "工作日": ("period", "工作日", 1.0),
    "个自然日": ("period", "日", 1.0),
    "个小时": ("period", "小时", 1 / 24),
    "个星期": ("period", "周", 7.0),
    "自然日": ("period", "日", 1.0),
    "日": ("period", "日", 1.0),
    "天": ("period", "日", 1.0),
    "个月": ("period", "月", 30.0),
    # years counted as 年度 ("可以跨1个年度安排", "连续两个会计年度"): a period, not a count of things
    **{f"个{kind}": ("period", "年", 365.0) for kind in ("会计年度", "纳税年度", "自然年度", "自然年", "年度")},
    "周": ("period", "周", 7.0),
    "星期": ("period", "周", 7.0),
    "年": ("period", "年", 365.0),
    "小时": ("period", "小时", 1 / 24),
    "倍": ("rate", "倍", 1.0),
    "%": ("rate", "%", 0.01),
    "％": ("rate", "%", 0.01),
    "家": ("count", "家", 1.0),
    "人次": ("count", "人次", 1.0),
    "人": ("count", "人", 1.0),
    "名": ("count", "名", 1.0),
    "件": ("count", "件", 1.0),
    "项": ("count", "项", 1.0),
    "个": ("count", "个", 1.0),
    "次": ("count", "次", 1.0),
    "户": ("count", "户", 1.0),
    # things counted by their own measure words: 客房五间, 不超过三层, 两台设备
    **{unit: ("count", unit, 1.0) for unit in MEASURE_WORDS},
    # physical measures a threshold may use ("年节能量20吨标准煤以上", "并网规模10千瓦以上")
    "吨标准煤": ("measure", "吨标准煤", 1.0),
    "吨二氧化碳": ("measure", "吨二氧化碳", 1.0),
    "吨": ("measure", "吨", 1.0),
    "千瓦时": ("measure", "千瓦时", 1.0),
    "兆瓦": ("measure", "千瓦", 1000.0),
    "千瓦": ("measure", "千瓦", 1.0),
    "平方米": ("measure", "平方米", 1.0),
    "亩": ("measure", "亩", 1.0),
    # lengths and loudness ("距离…五十米以内", "不得超过六十分贝")
    "米": ("measure", "米", 1.0), "公里": ("measure", "米", 1000.0), "千米": ("measure", "米", 1000.0),
    "厘米": ("measure", "米", 0.01), "分贝": ("measure", "分贝", 1.0),
    # the same measures as notices print them in Latin letters ("装机容量在400KW及以上")
    **dict.fromkeys(("kWh", "KWh", "kwh", "KWH"), ("measure", "千瓦时", 1.0)),
    **dict.fromkeys(("kW", "KW", "kw"), ("measure", "千瓦", 1.0)),
    **dict.fromkeys(("MW", "mw"), ("measure", "千瓦", 1000.0)),
    **dict.fromkeys(("m²", "㎡", "平米"), ("measure", "平方米", 1.0)),
}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
# "0.25元/千瓦时": a money rate per unit
_PER = r"(?:/|每)(?:千瓦时|千瓦|兆瓦|瓦|度|平方米|吨|人|户|家|件|项|年|月|日|天|次|个)"
_AMOUNT = re.compile(
    rf"(?P<a>{_NUM})(?:(?P<sep>{_RANGE_SEP})(?P<b>{_NUM}))?(?P<unit>{_UNIT_ALT})(?P<per>{_PER})?"
)
_FRACTION = re.compile(rf"(?P<den>百|千|万|{_NUM})分之(?P<a>{_NUM})")
# "按照3:7的比例负担", "按1:0.5配套", "2:1的比例予以区级配套": a ratio of two parties' shares, valued as the
# second's share per unit of the first's ("市级支持资金1:0.5…配套": the district adds half of the city's sum)
_RATIO = re.compile(r"(?<![\d.:：])(?P<a>\d+(?:\.\d+)?)\s*[:：]\s*(?P<b>\d+(?:\.\d+)?)(?![\d:：])"
                    r"(?=\s*(?:的)?(?:比例|比率|配套|匹配|负担|分担|承担|出资))")
_TENTHS = re.compile(r"(?P<a>[一二三四五六七八九1-9])成(?![果功为立员本交长熟型品绩就效不])")
_YMD = re.compile(
    rf"(?:(?P<y>\d{{4}}|[{_CN_DIGITS}]{{4}})年度?)?(?:(?P<m>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月"
    rf"(?:(?P<d>\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号]|底|末|初|上旬|中旬|下旬|份)?)?"
)
_QUARTER = re.compile(
    rf"(?:(?:\d{{4}}|[{_CN_DIGITS}]{{4}})年度?)?(?:第?[一二三四1-4]季度|[上下]半年|年底|年初|年末)"
)
_BEFORE = {
    **dict.fromkeys(("不低于", "不少于", "不得低于", "不得少于", "不小于", "至少", "超过", "大于"), "min"),
    **dict.fromkeys(("高于", "满", "最低", "起码"), "min"),
    **dict.fromkeys(("不超过", "不得超过", "不高于", "不得高于", "不多于", "不大于", "最高", "最多"), "max"),
    **dict.fromkeys(("最长", "低于", "少于", "小于", "上限"), "max"),
}
_CAPS = ("不超过", "不低于", "不少于", "最高", "最多", "最低", "至少", "上限")
_AFTER = {
    **dict.fromkeys(("以上", "及以上", "起", "以后", "之后"), "min"),
    **dict.fromkeys(("以下", "及以下", "以内", "之内", "内", "为限", "前", "之前", "以前", "止"), "max"),
}
_ORDINAL_BEFORE = "第"
_WORD_BEFORE_ONE = set("同统唯单某任逐每其之万上下")


@dataclass(frozen=True)
class Quantity:
    """One quantity as stated: `text[start:end] == text` of the input; value in base units or None."""

    kind: str  # "money" | "rate" | "period" | "date" | "count" | "measure" (吨, 千瓦, 平方米 …)
    value: float | None
    unit: str
    bound: str  # "min" | "max" | ""
    text: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _cn2an():  # type: ignore[no-untyped-def]
    import cn2an  # imported lazily: about 0.4 s

    return cn2an


def parse_number(written: str) -> float | None:
    """A number written in Arabic or Chinese numerals, with an optional 万/亿/千 multiplier; None if unreadable."""
    written = written.strip()
    if not written:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(千万|百万|万亿|万|亿|千)?", written)
    if match:
        return float(match.group(1)) * _MULTIPLIERS.get(match.group(2) or "", 1.0)
    if not re.search(r"[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]", written):
        return None  # a bare 万 or 千 is a word, not a number
    try:
        return float(_cn2an().cn2an(written, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _bound(text: str, start: int, end: int, default: str = "") -> str:
    """min for 以上/不低于/超过/至少/起, max for 以下/不超过/最高/以内/前; the longest cue word wins."""
    after = text[end : end + 3]
    for word in sorted(_AFTER, key=len, reverse=True):
        if after.startswith(word) and not (word == "内" and after[1:2] in "容部涵在地外"):
            return _AFTER[word]
    before = text[max(0, start - 4) : start]
    for word in sorted(_BEFORE, key=len, reverse=True):
        if before.endswith(word):
            return _BEFORE[word]
    clause = re.split(r"[，。；、,;：:（(]", text[max(0, start - 10) : start])[-1]
    for word in _CAPS:  # 最高奖励50万元, 不超过项目投资的30%
        if word in clause:
            return _BEFORE[word]
    return default


def _word_internal(text: str, start: int, number: str) -> bool:
    """A numeral that belongs to a word or an ordinal (第十九次, 同一项目, 统一) rather than a quantity."""
    before = text[start - 1] if start else ""
    if re.search(r"\d\s+$", text[max(0, start - 4) : start]):
        return True  # "5 0 万元" as printed from a PDF: the digits before the space are part of it
    return before == _ORDINAL_BEFORE or (number == "一" and before in _WORD_BEFORE_ONE)


def _dates(text: str) -> list[Quantity]:
    found = []
    for match in _QUARTER.finditer(text):
        start, end = match.span()
        found.append(Quantity("date", None, "日期", _bound(text, start, end), match.group(0), start, end))
    for match in _YMD.finditer(text):
        year, month = match.group("y"), match.group("m")
        if not match.group(0) or (year is None and month is None):
            continue
        if year is not None:
            value = parse_number(year)
            if value is None or not 1900 <= value <= 2100:
                continue
        if month is not None and (parse_number(month) or 0) > 12:
            continue
        start, end = match.span()
        if _overlaps(start, end, [(q.start, q.end) for q in found]):
            continue
        found.append(Quantity("date", None, "日期", _bound(text, start, end), text[start:end], start, end))
    return [_date_bound(text, q) for q in found]


def _date_bound(text: str, date: Quantity) -> Quantity:
    """有效期至2027年8月31日 is a last day; 自2022年1月1日 a first day."""
    if date.bound:
        return date
    before = text[max(0, date.start - 2) : date.start]
    bound = "max" if before.endswith(("至", "截至", "截止", "到")) else "min" if before.endswith(("自", "从")) else ""
    return Quantity(date.kind, date.value, date.unit, bound, date.text, date.start, date.end)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _amounts(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    for match in _AMOUNT.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, taken) or _word_internal(text, start, match.group("a")):
            continue
        kind, unit, factor = _UNITS[match.group("unit")]
        per = match.group("per")
        if per:
            if kind != "money":
                continue
            unit = f"元/{per.lstrip('/每')}"
        if kind == "period" and unit == "年" and text.startswith("度", end):
            continue  # 下一年度, 2025年度: a year, not a term
        if kind == "period" and unit == "年":
            year = parse_number(match.group("b") or match.group("a"))
            if year is not None and year >= 1900:
                continue  # a calendar year is a date (handled above), never a term of years
        values = [parse_number(match.group("a"))]
        spans = [(start, match.end("a"))]
        if match.group("b"):
            values.append(parse_number(match.group("b")))
            spans.append((match.start("b"), end))
        else:
            spans = [(start, end)]
        if any(v is None for v in values):
            continue
        if len(spans) == 2 and re.search(r"[万亿千]$", match.group("a")) is None:
            # "10-100万元": a multiplier written once applies to both ends
            tail = re.search(r"(千万|百万|万亿|万|亿|千)$", match.group("b"))
            values[0] = (values[0] or 0.0) * (_MULTIPLIERS[tail.group(1)] if tail else 1.0)
        bounds = ["min", _bound(text, spans[1][0], end, "max")] if len(spans) == 2 else [_bound(text, start, end)]
        for value, (s, e), bound in zip(values, spans, bounds, strict=True):
            found.append(Quantity(kind, (value or 0.0) * factor, unit, bound, text[s:e], s, e))
    return found


def _rates(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    found = []
    for match in _FRACTION.finditer(text):
        start, end = match.span()
        den = {"百": 100.0, "千": 1000.0, "万": 10000.0}.get(match.group("den")) or parse_number(match.group("den"))
        num = parse_number(match.group("a"))
        if _overlaps(start, end, taken) or not den or num is None:
            continue
        found.append(Quantity("rate", num / den, "%", _bound(text, start, end), match.group(0), start, end))
    for match in _RATIO.finditer(text):
        start, end = match.span()
        first, second = float(match.group("a")), float(match.group("b"))
        if not _overlaps(start, end, taken) and first > 0:
            found.append(Quantity("rate", second / first, "比", _bound(text, start, end), match.group(0), start, end))
    for match in _TENTHS.finditer(text):
        start, end = match.span()
        if _overlaps(start, end, taken) or _word_internal(text, start, match.group("a")):
            continue
        num = parse_number(match.group("a"))
        if num is not None:
            found.append(Quantity("rate", num / 10, "%", _bound(text, start, end), match.group(0), start, end))
    return found


_BARE = re.compile(rf"(?P<a>{_NUM})(?:(?P<sep>{_RANGE_SEP})(?P<b>{_NUM}))?")
_MEASURE_AFTER = re.compile(r"[元人家件项个次户名年月日天周倍%％平吨千公米亩台套辆股册余多瓦度]")
_MONEY_CUE = re.compile(r"罚款|奖励|补贴|补助|资助|赔偿|奖金|资金|金额|扶持|投资|收入|利润|资本|经费|费用|罚|奖")


def _bare_money(text: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """"奖励50万" or "处10万–100万罚款": an amount in 万/亿 written without 元, read as money when a money word
    stands next to it."""
    found = []
    for match in _BARE.finditer(text):
        start, end = match.span()
        last = match.group("b") or match.group("a")
        if not last.endswith(("万", "亿")) or _overlaps(start, end, taken) or _MEASURE_AFTER.match(text, end):
            continue
        if not _MONEY_CUE.search(text[max(0, start - 8) : start] + "|" + text[end : end + 4]):
            continue
        values = [parse_number(g) for g in (match.group("a"), match.group("b")) if g]
        if any(v is None for v in values) or _word_internal(text, start, match.group("a")):
            continue
        if len(values) == 2 and not match.group("a").endswith(("万", "亿")):
            values[0] = (values[0] or 0.0) * (1e4 if last.endswith("万") else 1e8)
        spans = [(start, match.end("a")), (match.start("b"), end)] if len(values) == 2 else [(start, end)]
        bounds = ["min", _bound(text, spans[1][0], end, "max")] if len(values) == 2 else [_bound(text, start, end)]
        for value, (s, e), bound in zip(values, spans, bounds, strict=True):
            found.append(Quantity("money", value, "元", bound, text[s:e], s, e))
    return found


def find_quantities(text: str) -> list[Quantity]:
    """Every money amount, rate, period, date and count the text states, in reading order."""
    found = _dates(text)
    taken = [(q.start, q.end) for q in found]
    rates = _rates(text, taken)
    taken += [(q.start, q.end) for q in rates]
    amounts = _amounts(text, taken)
    taken += [(q.start, q.end) for q in amounts]
    found += rates + amounts + _bare_money(text, taken)
    return sorted(found, key=lambda q: (q.start, q.end))


# what a date must show to answer a question asking for a day, a month, or any date
_DATE_PRECISION = {"日": re.compile(r"[日号旬底末初]"), "月": re.compile(r"[月季旬底末初]|半年"), "": re.compile(r"")}
_FAMILIES = {"工作日": "日", "天": "日", "个月": "月"}


def _family(unit: str) -> str:
    return _FAMILIES.get(unit, unit)


FINE_WORD = re.compile(r"罚|\bfine[sd]?\b|\bpenalt", re.I)  # a fine named
_FINE_AFTER = re.compile(r"[^，。；]{0,12}?(?:的)?(?:罚款|罚金)")


_TIME_ASKED = re.compile(r"多少|几|多久|多长")
_MODALS_BEFORE = re.compile(r"(?:最多|最长|最少|至少|还|再|能|可以|可|要|得|需要|需)+$")


@lru_cache(maxsize=256)
def asked_verb(question: str) -> str:
    """The verb right before a time question's asked words, the thing whose length it asks ("最多能延长多少个工作日":
    延长); "" when a preposition or a noun stands there ("应在多少日内备案", "这东西多久")."""
    asked = _TIME_ASKED.search(question)
    before = _MODALS_BEFORE.sub("", question[: asked.start()]) if asked else ""
    if not before:
        return ""
    import jieba.posseg  # loaded by the keyword index before any question is read

    last = jieba.posseg.lcut(before)[-1]
    return last.word if len(last.word) == 2 and last.flag == "v" else ""


# how often: "每季度至少进行一次清洗维护", "每半年检测一次" answer "多久清洗一回"
_FREQUENCY = re.compile(r"每(?P<n>[一二两三四五六\d]+个?|半)?(?P<unit>季度|个月|月|年|周|星期|天|日)"
                        r"[^，。；]{0,12}?[一二两三\d]+次")
_FREQUENCY_DAYS = {"季度": 90, "个月": 30, "月": 30, "年": 365, "周": 7, "星期": 7, "天": 1, "日": 1}
_FREQUENCY_UNIT = {"季度": "月", "个月": "月", "周": "日", "星期": "日", "天": "日"}


def _frequencies(text: str) -> list[Quantity]:
    """How often something must be done, as a period: 每季度…一次 is a period of three months."""
    out = []
    for match in _FREQUENCY.finditer(text):
        written, unit = match.group("n") or "", match.group("unit")
        count = 0.5 if written == "半" else parse_number(written.rstrip("个")) if written else 1.0
        days = None if count is None else count * _FREQUENCY_DAYS[unit]
        out.append(Quantity("period", days, _FREQUENCY_UNIT.get(unit, unit), "", match.group(0), match.start(),
                            match.end()))
    return out


def states(sentence: str, asked: AskedFact, fine_asked: bool = False) -> list[Quantity]:
    """The quantities of the asked kind (and unit family, when the question names a unit) the sentence states.
    A date question is also answered by a deadline counted from an event ("自收到通知之日起三十日内"), and a
    question about a fine (`fine_asked`) by a fine counted as a multiple or share of a sum, and only such a question
    by a fine."""
    result = []
    fine_asked = fine_asked or any(FINE_WORD.search(w) for w in asked.words)  # "罚多少" asks a fine itself
    found = find_quantities(sentence) + (_frequencies(sentence) if asked.kind == "period" else [])
    for quantity in found:
        relative_deadline = asked.kind == "date" and quantity.kind == "period" and quantity.bound == "max"
        # "处违法经营额二倍以上五倍以下罚款": a fine counted as a multiple or share of a sum answers "罚多少"
        relative_fine = fine_asked and asked.kind == "money" and quantity.kind == "rate" and \
            bool(_FINE_AFTER.match(sentence, quantity.end))
        if quantity.kind != asked.kind and not relative_deadline and not relative_fine:
            continue
        if asked.kind == "money" and not fine_asked and _FINE_AFTER.match(sentence, quantity.end):
            continue  # "一年卖多少钱以下可以不办执照" is not answered by "处五万元以上二十万元以下罚款"
        if asked.unit and asked.kind in ("period", "count", "rate", "measure") and \
                _family(quantity.unit) != _family(asked.unit) and \
                not (asked.kind == "count" and "个" in (quantity.unit, asked.unit)):  # 个, the general measure word
            continue
        if asked.kind == "date" and quantity.kind == "date" and not _DATE_PRECISION[asked.unit].search(quantity.text):
            continue  # "哪天截止" is not answered by a bare year ("2026年度")
        if asked.bound and quantity.bound and quantity.bound != asked.bound and asked.kind == "count":
            continue  # "最多能用几个字" is not answered by "两个以上汉字" (a sum's limit is often written as a ban:
            # "不得…最高奖的金额超过五万元")
        result.append(quantity)
    return result
