"""Which kind of quantity a question asks for, read from the question's form (Chinese or English).

"补贴多少" asks for money, "多少天" for a period in days, "几家" for a count of firms. A count word inside a
clause that asks something else ("和几家企业一起申报需要什么条件") or in a yes/no question ("几个部门联合发文吗")
asks for no quantity, and neither does a who-question ("找谁申请").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AskedFact:
    """The kind of fact asked ("money" | "rate" | "period" | "date" | "count"), its unit when the question names
    one ("日", "月", "家", "%", ...; "" otherwise), and the question words that decided it."""

    kind: str
    unit: str = ""
    words: tuple[str, ...] = ()


_PERIOD_UNITS = {
    "天": "日", "日": "日", "工作日": "工作日", "个工作日": "工作日", "个月": "月", "月": "月", "年": "年",
    "周": "周", "个星期": "周", "星期": "周", "小时": "小时", "个小时": "小时",
}
_COUNT_UNITS = {
    "个": "个", "家": "家", "人": "人", "名": "名", "件": "件", "项": "项", "次": "次", "户": "户", "位": "人",
}

# (kind, pattern); the unit comes from the named group "u" when the pattern has one. Earlier rows win a tie.
_ZH: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",
        re.compile(r"什么时候|什么时间|什么日期|何时|何日|几时|截止|截至|哪一?天|几号|几月|哪个月|哪一?年"
                   r"|起止时间|时间节点"),
    ),
    ("period", re.compile(r"(?:多少|几)(?P<u>个工作日|工作日|个月|个小时|小时|个星期|星期|天|日|年|周)")),
    (
        "period",
        re.compile(r"多长时间|多长期限|多久|期限(?:是|为|有)?多[长少]|有效期(?:是|为|有)?多[长少久]"
                   r"|多少时间|多长|什么期限|什么时限|期限是什么|时限是什么"),
    ),
    (
        "rate",
        re.compile(r"比例|比率|费率|税率|利率|征收率|扣除率|[\u4e00-\u9fff]率(?:是|为|按)?(?:多少|几)|百分之几|百分之多少"
                   r"|多少[%％]|几成|百分比|占比"
                   r"|(?:多少|几)(?P<u>倍)"),
    ),
    (
        "money",
        re.compile(
            r"多少钱|多少(?:资金|经费|奖金|罚款|赔偿|补贴|补助|奖励|费用)|金额|额度"
            r"|几万|多少万|多少元|多少亿|几百万|几千万"
            r"|(?:补贴|补助|奖励|资助|扶持|罚款|赔偿|判赔|罚|赔|奖|补|给|拿|报销|支持|收费)(?:了|给)?多少"
            r"|(?:补贴|补助|奖励|资助|扶持|收费)标准"
        ),
    ),
    ("count", re.compile(r"(?:多少|几)(?P<u>个(?!月|工作日|小时|星期)|家|人|名|件|项|次|户|位)")),
]
# Interrogatives that ask something other than a quantity; one of these after the quantity word in the same
# clause means the quantity word sits inside a clause the question does not ask about.
_OTHER_ZH = re.compile(
    r"什么(?!上限|下限|限额|标准|期限|比例|时候|时间|日期|金额)|哪些|哪个|哪家|哪里|哪儿|怎么|怎样|如何"
    r"|为什么|为何|谁|是否|是不是|有没有|能否|可否|吗"
)
_YES_NO = ("是否", "是不是", "有没有", "能否", "可否", "吗")
# after a topic noun (比例, 金额, 期限), these ask for its value: 比例有什么要求, 标准是什么
_VALUE_ASKED = re.compile(r"什么(?:要求|规定|标准)|怎么(?:算|计算|确定)|如何(?:计算|确定)")
_INTERROGATIVE = re.compile(r"多少|几|什么|何|哪|多长|多久")
_CLAUSE = re.compile(r"[，,？?。；;！!]")

_EN_COUNT_UNITS = {
    "firm": "家", "compan": "家", "enterprise": "家", "business": "家", "people": "人", "person": "人",
    "employee": "人", "staff": "人", "worker": "人", "patent": "件", "item": "项", "project": "项", "time": "次",
}
_EN: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",
        re.compile(
            r"\bdeadline\b|\bby what date\b|\b(?:what|which) date\b|\bon what day\b|\buntil when\b|\bby when\b"
            r"|\bwhen (?:is|are|do|does|did|must|should|can|could|will|shall|would|was|were|has|have)\b"
            r"|\b(?:effective|closing|due|start|starting|expiry|expiration) date\b"
        ),
    ),
    ("period", re.compile(r"\bhow many (?P<u>(?:working |business |calendar )?days|months|years|weeks|hours)\b")),
    (
        "period",
        re.compile(
            r"\bhow long\b|\bhow much time\b|\bwithin what (?:period|time)\b|\btime limit\b"
            r"|\bwhat(?:'s| is| are) the (?:[\w-]+ ){0,3}(?:period|term|duration)\b"
        ),
    ),
    (
        "rate",
        re.compile(
            r"\bwhat (?:\w+ )?(?:rate|percentage|percent|share|proportion|ratio|fraction)\b|\bwhat percent\b"
            r"|\bhow many times (?:the|as)\b|\b(?:what|which)(?:'s| is| are) the (?:\w+ ){0,2}"
            r"(?:rate|percentage|share|proportion|ratio)\b"
        ),
    ),
    (
        "money",
        re.compile(
            r"\bhow much\b(?! time| longer| of\b)|\bwhat (?:is the |'s the )?(?:maximum |minimum |total )?amount\b"
            r"|\bwhat(?:'s| is| are) the (?:[\w-]+ ){0,3}(?:reward|subsidy|award|grant|fine|bonus|penalty|fee"
            r"|compensation|damages|funding)s?\b|\bwhat (?:fine|penalty|subsidy|award|reward|grant|fee|bonus)s?\b"
            r"|\bin (?:yuan|rmb|cny)\b"
            r"|\bhow (?:large|big|high) (?:is |are )?(?:the |a |an )?(?:\w+ )?(?:subsidy|award|grant|fine|bonus"
            r"|reward|funding|penalty|compensation|damages)\b"
        ),
    ),
    ("count", re.compile(r"\bhow many (?P<u>\w+)")),
]
_EN_UNIT_PERIOD = {"day": "日", "working day": "工作日", "business day": "工作日", "calendar day": "日",
                   "month": "月", "year": "年", "week": "周", "hour": "小时"}


def _zh_unit(kind: str, written: str | None) -> str:
    if not written:
        return ""
    return (_PERIOD_UNITS if kind == "period" else _COUNT_UNITS if kind == "count" else {"倍": "倍"}).get(written, "")


def _en_unit(kind: str, written: str | None) -> str:
    if not written:
        return ""
    if kind == "period":
        return _EN_UNIT_PERIOD.get(written.rstrip("s"), "")
    for stem, unit in _EN_COUNT_UNITS.items():
        if written.startswith(stem):
            return unit
    return ""


def _asked_zh(question: str) -> AskedFact | None:
    found: list[tuple[int, int, str, str, str]] = []  # start, end, kind, unit, words
    for kind, pattern in _ZH:
        for match in pattern.finditer(question):
            if any(match.start() < e and s < match.end() for s, e, *_ in found):
                continue
            unit = _zh_unit(kind, match.groupdict().get("u"))
            if kind == "rate" and re.search(r"百分|[%％]|成", match.group(0)):
                unit = "%"
            found.append((match.start(), match.end(), kind, unit, match.group(0)))
    spans = [(s, e) for s, e, *_ in found]
    valid = []
    for start, end, kind, unit, words in sorted(found):
        clause_end = next((m.start() for m in _CLAUSE.finditer(question, end)), len(question))
        clause_start = max((m.end() for m in _CLAUSE.finditer(question, 0, start)), default=0)
        others = [
            m for m in _OTHER_ZH.finditer(question, clause_start, clause_end)
            if not any(m.start() < e and s < m.end() for s, e in spans)
        ]
        if any(m.group(0) in _YES_NO for m in others):
            continue  # a yes/no question
        later = [m for m in others if m.start() >= end]
        if later and (_INTERROGATIVE.search(words) or not all(_VALUE_ASKED.match(question, m.start()) for m in later)):
            continue  # 和几家企业一起申报需要什么条件: the quantity word sits in a clause asking something else
        valid.append((kind, unit, words))
    if not valid:
        return None
    # an interrogative (多少%, 百分之几) says more than a topic noun (奖励标准, 比例) met before it
    asking = [v for v in valid if _INTERROGATIVE.search(v[2])]
    kind, unit, words = (asking or valid)[0]
    unit = unit or next((u for k, u, _ in valid if k == kind and u), "")
    return AskedFact(kind, unit, tuple(w for k, _, w in valid if k == kind))


def _asked_en(question: str) -> AskedFact | None:
    text = question.lower()
    best: tuple[int, str, str, str] | None = None
    for kind, pattern in _EN:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            unit = _en_unit(kind, match.groupdict().get("u"))
            if kind == "count" and not unit and match.group("u") in ("days", "months", "years", "weeks", "hours"):
                continue
            best = (match.start(), kind, unit, match.group(0))
    if best is None:
        return None
    _, kind, unit, words = best
    return AskedFact(kind, unit, (words,))


def asked_fact(question: str) -> AskedFact | None:
    """The kind of quantity the question asks for, or None when it asks for none (by its form, not its topic)."""
    if re.search(r"[\u4e00-\u9fff]", question):
        found = _asked_zh(question)
        if found is not None or not re.search(r"[A-Za-z]{3,}", question):
            return found
    return _asked_en(question)
