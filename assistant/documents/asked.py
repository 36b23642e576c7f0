"""Which kind of quantity a question asks for, read from the question's form (Chinese or English).

"补贴多少" asks for money, "多少天" for a period in days, "几家" for a count of firms. A count word inside a
clause that asks something else ("和几家企业一起申报需要什么条件") or in a yes/no question ("几个部门联合发文吗")
asks for no quantity, and neither does a who-question ("找谁申请").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class AskedFact:
    """The kind of fact asked ("money" | "rate" | "period" | "date" | "count" | "measure"), its unit when the question
    names one ("日", "月", "家", "%", "吨标准煤", ...; "" otherwise), and the question words that decided it."""

    kind: str
    unit: str = ""
    words: tuple[str, ...] = ()
    bound: str = ""  # "max" for 最多/at most, "min" for 至少/at least: a sentence stating only the other bound misses


_MAX_ASKED = re.compile(r"最多|最高|最长|上限|封顶|不能超过|\bat most\b|\bmaximum\b|\bup to\b|\bthe most\b", re.I)
_MIN_ASKED = re.compile(r"至少|最少|最低|最短|下限|起码|\bat least\b|\bminimum\b", re.I)


def bound_asked(question: str) -> str:
    """Which bound of a quantity a question asks ("最多能用几个字" → max), or "" for either or both."""
    most, least = bool(_MAX_ASKED.search(question)), bool(_MIN_ASKED.search(question))
    return "max" if most and not least else "min" if least and not most else ""


_PERIOD_UNITS = {
    "天": "日", "日": "日", "工作日": "工作日", "个工作日": "工作日", "个月": "月", "月": "月", "年": "年",
    "周": "周", "个星期": "周", "星期": "周", "小时": "小时", "个小时": "小时"}
# physical measures as documents/quantities.py reads them ("超过多少吨标准煤", "装机多少千瓦")
_MEASURE_UNITS = {
    "吨标准煤": "吨标准煤", "吨二氧化碳": "吨二氧化碳", "吨": "吨", "千瓦时": "千瓦时", "度电": "千瓦时",
    "度": "千瓦时", "千瓦": "千瓦", "兆瓦": "千瓦", "平方米": "平方米", "亩": "亩", "分贝": "分贝",
    **dict.fromkeys(("米", "公里", "千米", "厘米"), "米")}
_ASKED_MEASURE = "|".join(sorted(_MEASURE_UNITS.keys() - {"度"}, key=len, reverse=True))  # 多少度: maybe degrees
MEASURE_WORDS = ("间", "层", "台", "辆", "套", "栋", "座")  # things counted by their own measure words: 客房五间, 三层
_COUNT_UNITS = {
    "个": "个", "家": "家", "人": "人", "名": "名", "件": "件", "项": "项", "次": "次", "户": "户", "位": "人",
    **{unit: unit for unit in MEASURE_WORDS}}
# (kind, pattern); the unit comes from the named group "u" when the pattern has one. Earlier rows win a tie.
_ZH: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",
        re.compile(r"什么时候|什么时间|什么日期|何时|何日|几时|截止|截至|哪一?天|几号|几月|哪个月|哪一?年"
                   r"|起止时间|时间节点|哪一?个?季度|几季度"),
    ),
    ("period", re.compile(r"(?:多少|几)(?P<u>个工作日|工作日|个月|个小时|小时|个星期|星期|天|日|年|周)")),
    (
        "period",
        re.compile(r"多长时间|多长期限|多久|期限(?:是|为|有)?多[长少]|有效期(?:是|为|有)?多[长少久]"
                   r"|多少时间|多长|什么期限|什么时限|期限是什么|时限是什么"),
    ),
    (
        "rate",
        re.compile(r"(?:比例|比率|[\u4e00-\u9fff]率)的?(?:上限|最高)(?:分别)?(?:是|为)?(?:多少|几)"
                   r"|比例|比率|费率|税率|利率|征收率|扣除率|[\u4e00-\u9fff]率(?:是|为|按)?(?:多少|几)|百分之几|百分之多少"
                   r"|多少[%％]|几成|百分比|占比"
                   # "拿出净收入的多少": a share of a sum
                   r"|(?:收入|利润|所得|收益|投资额?|资金|费用|股份|股权|出资额?|营业额|销售额)(?:中|里)?的(?:多少|几)(?![钱万元亿])"
                   r"|(?:多少|几)(?P<u>倍)"),
    ),
    (
        "money",
        re.compile(
            r"多少钱|多少(?:资金|经费|奖金|罚款|赔偿|补贴|补助|奖励|费用)|金额|额度"
            r"|几万|多少万|多少元|多少亿|几百万|几千万"
            r"|(?:补贴|补助|奖励|资助|扶持|罚款|赔偿|判赔|罚|赔|奖|补|给|拿|报销|报|领|支持|收费|帮)(?:了|给)?多少"
            r"(?![个家人名件项次户位天日年月周])"
            r"|(?:补贴|补助|奖励|资助|扶持|收费)标准|(?:上限|封顶|限额|总额|数额)(?:分别)?(?:是|为|有)?(?:多少|几)"
            r"|(?:罚款|罚金|赔偿|补贴|补助|奖励|资助)的?(?:范围|幅度)(?:是|为|有)?(?:多少|多大|几)"
            r"|(?:罚款|罚金|赔偿金?|奖金)(?:金额|数额)?(?:是|为|有)多少"
            r"|(?:收入|营收|投资|投资额|资金|费用|利润|产值|销售额|营业额|税收|资本|出资额|年薪|工资|薪酬|租金)"
            r"(?:要|应|需|须)?(?:达到|超过|是|为|有)?多少"
            r"|(?:免征|减免|减征|抵免|退还|退|返还|缴纳|交)多少|多少[\u4e00-\u9fff]{0,6}?税(?!率)"
        ),
    ),
    ("measure", re.compile(rf"(?:多少|几)(?P<u>{_ASKED_MEASURE})")),
    ("count", re.compile(r"(?:多少|几)(?:个(?=人))?"
                         rf"(?P<u>个(?!月|工作日|小时|星期)|家|人|名|件|项|次|户|位|{'|'.join(MEASURE_WORDS)})")),
]
# Interrogatives that ask something other than a quantity; one of these after the quantity word in the same
# clause means the quantity word sits inside a clause the question does not ask about.
_YES_NO = ("是否", "是不是", "有没有", "能否", "可否", "吗",  # and asked as A-not-A:
           "能不能", "可不可以", "行不行", "会不会", "要不要", "用不用", "该不该", "算不算")
_OTHER_ZH = re.compile(r"什么(?!上限|下限|限额|标准|期限|比例|时候|时间|日期|金额)|哪些|哪个|哪家|哪里|哪儿"
                       r"|怎么|怎样|如何|为什么|为何|谁|" + "|".join(_YES_NO))
ALLOWED_ASKED_ZH = "合规吗|合法吗|违法吗|违规吗|行不行|可不可以|可以吗|允许吗"  # whether something is allowed
# a clause that asks yes or no about what the clause before it said ("这样宣传可以吗", "这种做法合法吗")
_ABOUT_IT = re.compile(r"\s*(?:那么?)?(?:这样|这么|这种|那样|如此)[^，,。？?]{0,12}"
                       r"(?:吗|是否|能否|可否|行不行|可不可以|合法|违法)")
# after a topic noun (比例, 金额, 期限), these ask for its value: 比例有什么要求, 标准是什么
_VALUE_ASKED = re.compile(r"什么(?:要求|规定|标准)|怎么(?:算|计算)|如何计算")  # 怎么确定: a figure or a way
_INTERROGATIVE = re.compile(r"多少|几|什么|何|哪|多长|多久")
_CLAUSE = re.compile(r"[，,？?。；;！!]")

_EN_COUNT_UNITS = {
    "firm": "家", "compan": "家", "enterprise": "家", "business": "家", "people": "人", "person": "人",
    "employee": "人", "staff": "人", "worker": "人", "patent": "件", "item": "项", "project": "项", "time": "次",
    "storey": "层", "stories": "层", "floor": "层", "room": "间", "vehicle": "辆",
}
_EN_MEASURE_UNITS = (("kilowatt-hour", "千瓦时"), ("kwh", "千瓦时"), ("ton", "吨"), ("kilowatt", "千瓦"),
                     ("kw", "千瓦"), ("megawatt", "千瓦"), ("mw", "千瓦"), ("square", "平方米"), ("sq", "平方米"),
                     ("kilomet", "米"), ("km", "米"), ("met", "米"), ("decibel", "分贝"))
_EN: list[tuple[str, re.Pattern[str]]] = [
    (
        "date",
        re.compile(
            r"\bdeadline\b|\bby what date\b|\b(?:what|which) date\b|\bon what day\b|\buntil when\b|\bby when\b"
            r"|\bwhen (?:is|are|do|does|did|must|should|can|could|will|shall|would|was|were|has|have)\b"
            r"|\b(?:effective|closing|due|start|starting|expiry|expiration) date\b|\b(?:which|what) (?:quarter|month)\b"
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
            r"\bhow much (?:[\w'-]+ ){1,8}(?:fall|drop|decrease|decline|increase|grow|rise|be cut|be reduced)\b"
            r"|\bwhat (?:[\w-]+ ){0,4}(?:rate|percentage|percent|proportion|ratio|fraction)\b"
            r"|\bwhat (?:\w+ )?share\b|\bwhat percent\b"
            r"|\bhow many times (?:the|as)\b|\b(?:what|which)(?:'s| is| are) the (?:[\w-]+ ){0,4}"
            r"(?:rate|percentage|share|proportion|ratio)\b"
        ),
    ),
    (
        "money",
        re.compile(
            r"\bhow much\b(?! time| longer| of\b)|\bwhat (?:is the |'s the )?(?:maximum |minimum |total )?amount\b"
            r"|\bwhat(?:'s| is| are) (?:the |[\w'-]+'s )(?:[\w-]+ ){0,3}(?:reward|subsidy|award|grant|fine|bonus"
            r"|penalty|fee|compensation|damages|funding)s?\b"
            r"|\bwhat (?:[\w-]+ ){0,2}(?:fine|penalty|subsidy|award|reward|grant|fee|bonus)s?\b"
            r"|\bin (?:yuan|rmb|cny)\b|\bwhat(?:'s| is| are) the (?:[\w-]+ ){0,3}(?:cap|ceiling|upper limit)s?\b"
            r"|\bhow (?:large|big|high) (?:is |are |can )?(?:the |a |an |[\w'-]+'s )?(?:[\w-]+ )?"
            r"(?:subsidy|award|grant|fine|bonus|reward|funding|penalty|compensation|damages)\b"
        ),
    ),
    ("measure", re.compile(r"\bhow many (?P<u>tonnes?|tons?|kilowatt-hours?|kwh|kilowatts?|kw|megawatts?|mw"
                           r"|square met(?:re|er)s?|sq m|(?:kilo)?met(?:re|er)s?|km|decibels?)\b")),
    ("count", re.compile(r"\bhow many (?P<u>\w+)")),
]
_EN_UNIT_PERIOD = {"day": "日", "working day": "工作日", "business day": "工作日", "calendar day": "日",
                   "month": "月", "year": "年", "week": "周", "hour": "小时"}


def _zh_unit(kind: str, written: str | None) -> str:
    if not written:
        return ""
    units = {"period": _PERIOD_UNITS, "count": _COUNT_UNITS, "measure": _MEASURE_UNITS}.get(kind, {"倍": "倍"})
    return units.get(written, "")


def _en_unit(kind: str, written: str | None) -> str:
    if not written:
        return ""
    if kind == "period":
        return _EN_UNIT_PERIOD.get(written.rstrip("s"), "")
    if kind == "measure":
        return next((unit for stem, unit in _EN_MEASURE_UNITS if written.startswith(stem)), "")
    for stem, unit in _EN_COUNT_UNITS.items():
        if written.startswith(stem):
            return unit
    return ""


@lru_cache(maxsize=1024)
def _asked_zh(question: str) -> AskedFact | None:
    found: list[tuple[int, int, str, str, str]] = []  # start, end, kind, unit, words
    for kind, pattern in _ZH:
        for match in pattern.finditer(question):
            if any(match.start() < e and s < match.end() for s, e, *_ in found):
                continue
            unit = _zh_unit(kind, match.groupdict().get("u"))
            if kind == "rate" and re.search(r"百分|[%％]|成", match.group(0)):
                unit = "%"
            if kind == "date":  # the precision asked: 哪天 wants a day, 几月 a month, 何时 any date
                unit = "日" if re.search(r"天|号|何日|截止|截至", match.group(0)) else \
                    "月" if re.search(r"月|季度", match.group(0)) else ""
            found.append((match.start(), match.end(), kind, unit, match.group(0)))
    spans = [(s, e) for s, e, *_ in found]
    valid = []
    for start, end, kind, unit, words in sorted(found):
        if words.startswith("几") and (question[max(0, start - 1) : start] in ("好", "十", "这", "那") or (
                kind == "count" and question[max(0, start - 2) : start] in ("我们", "咱们", "他们", "你们"))):
            continue  # "招了好几个失业人员", "十几家", "我们几个人想合伙": an indefinite number told, not asked
        clause_end = next((m.start() for m in _CLAUSE.finditer(question, end)), len(question))
        clause_start = max((m.end() for m in _CLAUSE.finditer(question, 0, start)), default=0)
        others = [
            m for m in _OTHER_ZH.finditer(question, clause_start, clause_end)
            if not any(m.start() < e and s < m.end() for s, e in spans)
        ]
        if any(m.group(0) in _YES_NO for m in others):
            continue  # a yes/no question
        rest = question[clause_end:]
        if not _INTERROGATIVE.search(question[clause_start:clause_end]) and _OTHER_ZH.search(rest) \
                and not re.search(r"多少|几", rest) and not _VALUE_ASKED.search(rest):
            continue  # "没达到规定比例，会有什么后果": a topic noun told, and the question asks something else
        if question[clause_end : clause_end + 1] in ("，", ",") and _ABOUT_IT.match(question, clause_end + 1):
            continue  # "…说加盟一年就能赚多少钱，这样宣传可以吗": the next clause asks about what was said
        later = [m for m in others if m.start() >= end]
        within = kind == "period" and re.match(r"[之以]?内", question[end : end + 2])  # "几天之内要定下来…什么票"
        if later and not within and \
                (_INTERROGATIVE.search(words) or not all(_VALUE_ASKED.match(question, m.start()) for m in later)):
            continue  # 和几家企业一起申报需要什么条件: the quantity word sits in a clause asking something else
        valid.append((kind, unit, words))
    if not valid:
        return None
    # an interrogative (多少%, 百分之几) says more than a topic noun (奖励标准, 比例) met before it
    asking = [v for v in valid if _INTERROGATIVE.search(v[2])]
    kind, unit, words = (asking or valid)[0]
    unit = unit or next((u for k, u, _ in valid if k == kind and u), "")
    return AskedFact(kind, unit, tuple(w for k, _, w in valid if k == kind), bound_asked(question))


_WHO_DECIDES = re.compile(r"\bwho (?:decides|determines|sets|fixes|stipulates|lays down)\b")


def _asked_en(question: str) -> AskedFact | None:
    text = question.lower()
    if _WHO_DECIDES.search(text):
        return None  # "Who decides which taxes, for how long and by how much?": the authority is asked
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
    return AskedFact(kind, unit, (words,), bound_asked(text))


def asked_fact(question: str) -> AskedFact | None:
    """The kind of quantity the question asks for, or None when it asks for none (by its form, not its topic)."""
    if re.search(r"[\u4e00-\u9fff]", question):
        found = _asked_zh(question)
        if found is not None or not re.search(r"[A-Za-z]{3,}", question):
            return found
    return _asked_en(question)


# words that name the kind of value asked (比例, 金额, 期限), not the thing it is of; and the verbs, auxiliaries and
# bounds that stand between that thing and the interrogative ("年营业收入要达到多少", "补贴比例最高是多少")
_VALUE_NOUNS = frozenset("比例 比率 金额 数额 额度 标准 上限 下限 限额 期限 时限 时间 日期 天数 年限 数量 人数 幅度 "
                         "截止 截至 多少 总额 总计 合计 分别 每年 每家 单个 最高 最多 最低 最少".split())
_NOT_SUBJECTS = frozenset("区里 市里 省里 县里 这里 那里 这个 那个 对方 我们 你们 他们 我方 最晚 最早 最长 最短 时候 "
                          "需要 多大 多高 多长 多久 一共 现在 目前 一般 大概 规定 政府 国家".split())
_BETWEEN = re.compile(r"(?:要|应|需|须|必须|应当|需要|可以|可|能|能够|最高|最多|最低|最少|最晚|最早|最长|一共|总共|"
                      r"大概|大约|分别|达到|满足|不低于|不少于|不超过|超过|高于|低于|少于|多于|不|是|为|有|在|的|按|按照|给|给予|得|从|自|到|至)+$")
_AFTER_FILLER = re.compile(r"^(?:开始|起|以内|之内|内|以前|之前|前|以后|之后|后|要|应|应当|必须|需|须|得|就|才|能|"
                           r"可以|可)+")


def asked_clause(question: str) -> str:
    """The clause of a question that holds its interrogative ("…奖励20万元，那区级奖励多少？" → "那区级奖励多少")."""
    clauses = [c for c in _CLAUSE.split(question) if c.strip()]
    asking = [c for c in clauses if _INTERROGATIVE.search(c)]
    return asking[0] if asking else (clauses[-1] if clauses else question)


@lru_cache(maxsize=1024)
def asked_subject(question: str) -> str:
    """The word a Chinese quantity question asks the value of: the last content word before its interrogative
    ("年营业收入要达到多少" → 收入, "补贴比例是多少" → 补贴), or "" when none can be read."""
    asked = _asked_zh(question) if re.search(r"[\u4e00-\u9fff]", question) else None
    if asked is None or not asked.words:
        return ""
    import jieba  # loaded by the keyword index before any question is read

    def content(word: str) -> bool:
        return len(word) >= 2 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word)) and word not in _VALUE_NOUNS \
            and word not in _NOT_SUBJECTS and not _INTERROGATIVE.search(word) and word[0] not in "一二两三几每"

    words = asked.words[0]
    at = max(question.find(words), 0)
    clause_start = max((m.end() for m in _CLAUSE.finditer(question, 0, at)), default=0)
    clause_end = next((m.start() for m in _CLAUSE.finditer(question, at + len(words))), len(question))
    inside = [w for w in jieba.lcut(words) if content(w)]  # "奖励多少": the thing asked is in the words
    object_ = asked_object(question)
    if object_:  # "减免多少房产税": the thing asked follows the interrogative
        return object_
    if inside:
        return inside[0]
    if asked.kind in ("date", "period"):  # "从哪天开始施行", "多少日内支付": the event after the interrogative
        after = _AFTER_FILLER.sub("", question[at + len(words) : clause_end])
        # a verb with its result ("改完", "办好") says the event in the owner's words, not the document's
        found = next((w for w in jieba.lcut(after) if content(w) and not re.fullmatch(r".[完好掉清]", w)), "")
        if found:
            return found
    before = _BETWEEN.sub("", question[clause_start:at])
    return next((w for w in reversed(jieba.lcut(before)) if content(w)), "")


_PENALTIES = frozenset("罚款 罚金 处罚 罚".split())
_ANYONE = frozenset("企业 公司 单位 个人 我们 我司 如果 要是 的话 会被 被查".split())


def _offence(question: str, subject: str) -> list[str]:
    """The words of what was done, before the penalty asked ("企业没按时报年报，会被罚款多少" → 按时, 年报)."""
    import jieba

    before = question[: question.find(subject)]
    return [w for w in jieba.lcut(before) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)
            and w not in _ANYONE and w not in _NOT_SUBJECTS and w not in _VALUE_NOUNS]


_OBJECT = re.compile(r"(?:多少|几)(?P<object>[\u4e00-\u9fff]{1,8}?税)")


def asked_object(question: str) -> str:
    """The tax an amount is asked of, written after the interrogative ("能减免多少房产税" → 房产税), or ""."""
    match = _OBJECT.search(question)
    return match.group("object") if match and len(match.group("object")) >= 2 else ""


_LEVEL = re.compile(r"(?:国家|省|市|区|县)级")
_UNIT_PRICED = r"千瓦时|千瓦|兆瓦|瓦|度电|度|平方米|吨标准煤|吨二氧化碳|吨|亩|台|套"  # what an amount is paid per
_PER_UNIT = re.compile(rf"(?:元/|每)(?P<u>{_UNIT_PRICED})(?:补贴|奖励|补助|给予|按|为|是|可|能)?(?:多少|几)|"
                       rf"(?:多少|几)元/(?P<v>{_UNIT_PRICED})")


def levels_asked(question: str) -> tuple[str, ...]:
    """The administrative levels (国家级, 省级 …) named in the clause that asks ("那区级示范试点奖励多少" → 区级)."""
    return tuple(dict.fromkeys(_LEVEL.findall(asked_clause(question))))


def per_unit_asked(question: str) -> str:
    """The unit an amount is asked per ("按每千瓦时多少元" → 千瓦时), or ""."""
    match = _PER_UNIT.search(question)
    return (match.group("u") or match.group("v") or "") if match else ""


_POSSESSOR = re.compile(r"([\u4e00-\u9fff]{2,14})的(?:[\u4e00-\u9fff]{0,4})$")
_GENERIC_OWNERS = frozenset("企业 公司 项目 单位 我们 你们 本市 本区 全市 全区 政府 国家 新的 这种 这类 那种 每个 每家 "
                            "单个 一般 普通 相关 有关 申报 申请".split())


@lru_cache(maxsize=1024)
def asked_possessor(question: str) -> tuple[str, ...]:
    """The words naming whose value a question asks ("储能项目的奖励标准是多少" → 储能; "海上光伏项目的度电奖励标准"
    → 海上, 光伏): content words of the phrase joined by 的 to the thing asked, places and generic words aside."""
    asked = _asked_zh(question) if re.search(r"[\u4e00-\u9fff]", question) else None
    subject = asked_subject(question)
    if asked is None or asked.kind not in ("money", "rate") or not subject:
        return ()
    at = question.find(subject)
    clause_start = max((m.end() for m in _CLAUSE.finditer(question, 0, at)), default=0)
    match = _POSSESSOR.search(question[clause_start:at])
    if match is None:
        return ()
    import jieba

    from assistant.documents.places import resolve_place

    words = [w for w in jieba.lcut(match.group(1)) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    return tuple(w for w in words if w not in _GENERIC_OWNERS and w not in _NOT_SUBJECTS
                 and w not in _VALUE_NOUNS and resolve_place(w) is None)


# the asker's firm as the one a sum is of ("公司会被罚多少钱"): documents name it as 单位, 企业, 经营者 …
_PARTY_WORDS = frozenset("公司 企业 单位 商家 店铺 厂家 工厂".split())
_PARTY = re.compile(r"单位|企业|公司|经营者|商家|市场主体")


def answers_the_asked(sentence: str, question: str, context: str = "", known: Callable[[str], bool] | None = None
                      ) -> bool:
    """Whether a sentence that states the asked kind of amount or rate is about what was asked: it names the
    asked thing (in the sentence or its `context`) when the documents know that word at all (`known`), one of the
    levels asked when it lists levels, and the unit an amount is asked per."""
    asked = _asked_zh(question) if re.search(r"[\u4e00-\u9fff]", question) else None
    if asked is not None and asked.kind in ("money", "rate") and known is not None:
        subject = asked_subject(question)
        if subject and known(subject) and subject not in sentence and subject not in context and \
                not (subject in _PARTY_WORDS and _PARTY.search(f"{sentence}{context}")):
            return False  # the thing asked is not named; a firm fined ("公司会被罚多少") is any firm named (对单位)
        if subject and subject == asked_object(question) and not known(subject):
            return False  # "多少房产税" where the documents never name 房产税: no sentence states it
        owners = asked_possessor(question)
        if owners and not known(owners[-1]):
            return False  # "储能项目的奖励标准" where the documents never name 储能: no sentence states it
        if any(known(w) and w not in sentence and w not in context for w in owners):
            return False  # "海上光伏项目的度电奖励标准": a sum for PV projects on land is not one for offshore PV
        offence = _offence(question, subject) if subject in _PENALTIES else []
        if offence and not any(w in sentence or w in context for w in offence):
            return False  # "没按时报年报，会被罚款多少": a fine for another breach is no answer
    levels = levels_asked(question)
    listed = _LEVEL.findall(sentence)
    if levels and listed and not set(levels) & set(listed):
        return False
    unit = per_unit_asked(question)
    return not unit or bool(re.search(rf"[/每]{re.escape(unit)}", sentence))


_EN_PART = re.compile(r"(?<=[?？])|,?\s+and\s+(?:with\s+|for\s+|in\s+)?(?=(?:what|how|which|when)\b)", re.I)


def asked_parts(question: str) -> list[tuple[str, AskedFact]]:
    """The parts of a question that each ask a quantity ("补贴比例是多少？单个项目最多补多少？" asks two, and so does
    "how much per square metre, and what is the cap per project?")."""
    parts = [p for p in _EN_PART.split(question) if p and p.strip()]
    found = [(p, asked_fact(p)) for p in parts]
    return [(p, a) for p, a in found if a is not None]
