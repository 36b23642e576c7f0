"""Understand a question before retrieval: language, follow-ups, glossary expansion, and the
kind of fact it asks for (an amount, a rate, a deadline, application materials ...)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from assistant.answering.followup import en_subjects, is_followup, zh_subjects
from assistant.documents.asked import AskedFact, asked_fact
from assistant.documents.language import detect_language
from assistant.documents.quantities import FINE_WORD, asked_verb, states
from assistant.errors import QuestionError

_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[&'\-][a-z0-9]+)*")

# kind -> (question patterns zh/en, evidence pattern a quoted sentence must contain)
FACT_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "amount": (
        re.compile(
            r"多少钱|金额|多少万|多少元|多少资金|多少补贴|补贴多少|奖励多少|资助多少|补助多少|给多少|拿多少|"
            r"能拿到多少|额度|最高.{0,4}(?:万|元)|补贴标准|奖励标准|"
            r"how much|amount of|what amount|maximum (?:grant|subsidy|award|funding)|how many (?:yuan|rmb|dollars)",
            re.I,
        ),
        re.compile(r"\d[\d,.]*\s*(?:万|亿|千)?元|人民币|[￥¥]|\bRMB\b|\bCNY\b", re.I),
    ),
    "subsidy": (
        re.compile(
            r"补贴|补助|资助|奖补|奖励资金|扶持资金|专项资金|subsid|funding|financial support|\bcash\b"
            r"|(?<!to )\bgrants?\b(?!\s+(?:or\s+(?:refuse|deny|reject)|the|a|an|it|them|approval|permission)\b)",
            re.I,
        ),
        re.compile(r"补贴|补助|资助|奖补|奖励|资金|经费|\d[\d,.]*\s*(?:万|亿|千)?元"),
    ),
    "rate": (
        re.compile(
            r"税率|利率|费率|贴息率|(?:比例|占比)(?:是|为)?多少|多大比例|补贴比例|资助比例|按.{0,6}比例|百分之几|"
            r"\btax rate\b|interest rate|\brate\b",
            re.I,
        ),
        re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之|[一二三四五六七八九]成"),
    ),
    "quantity": (
        re.compile(
            r"多少|几(?:年|个|家|件|项|月|天|名|人|次|倍)|how many|what number of|what percentage|how old", re.I
        ),
        re.compile(r"\d|[一二三四五六七八九十百千万亿两半]+(?:年|个|家|件|项|月|天|名|人|次|倍|成|分之)"),
    ),
    "deadline": (
        re.compile(
            r"截止|期限|截至哪|什么时候|何时|哪天|几月|几号|申报时间|申请时间|时间节点|有效期|"
            r"deadline|\bdue\b|\bwhen\b|what date|which date|by when|how long (?:is|does)",
            re.I,
        ),
        re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}\s*年\s*\d{1,2}\s*月|截止|期限|有效期|deadline", re.I),
    ),
    "materials": (
        re.compile(
            r"材料清单|申报材料|申请材料|需要提交|提交哪些|提交什么|要准备|需要准备|带什么|哪些材料|什么材料|"
            r"what documents|which documents|documents (?:do|are|should)|(?:what|which) paperwork"
            r"|paperwork (?:do|is|are|should)|application materials|"
            r"what (?:do|should) (?:i|we) (?:submit|prepare)",
            re.I,
        ),
        re.compile(r"(?:申报|申请|提交|证明)材料|申请表|申报书|营业执照|复印件|证明文件|承诺函|确认单"
                   r"|(?:报送|提交|提供|报)[^。；，]{0,16}(?:报告|报表|说明书|清单|证明)"
                   r"|《[^《》]{2,30}(?:表|报告|申请书|申报书|承诺书)》"),  # a form named: 填写《…质量绩效报告》
    ),
    "criteria": (
        re.compile(
            r"条件|门槛|资格|认定标准|申报要求|需要满足|要满足|符合什么|达到什么|要达到|需要达到|够格|"
            r"eligib|qualif|criteria|criterion|requirements?\b|threshold|conditions",
            re.I,
        ),
        re.compile(r"条件|门槛|资格|资质|不低于|不少于|不超过|须具备|应当具备|应具备|认定标准"
                   r"|(?:符合|满足|具备)(?:以下|下列)(?:要求|规定)"  # "必须符合以下要求：（一）…"
                   r"|(?:后|的)，?方可"),  # "取得相应的资质证书后，方可承担…业务"
    ),
    "procedure": (
        re.compile(
            r"如何申请|怎么申请|怎样申请|如何申报|怎么申报|申请流程|申报流程|办理流程|去哪里申请|在哪申请|"
            r"how (?:do|can|should) (?:i|we) apply|how to apply|application process|"
            r"where (?:do|can) (?:i|we) apply",
            re.I,
        ),
        re.compile(r"申报流程|申请流程|办理流程|(?:申请|申报|办理)程序|向.{0,12}(?:提出|提交)申请|网上申报|受理|申报系统"),
    ),
    "contact": (
        re.compile(
            r"联系方式|联系人|联系电话|咨询电话|(?:电话|地址|邮箱)(?:号码)?(?:是|在)?(?:多少|什么|哪)"
            r"|(?:什么|哪个|哪)(?:电话|地址|邮箱)|(?:电话|地址|邮箱)[？?]|(?:给|告诉|提供)[^，。？?]{0,12}(?:电话|地址|邮箱)|"
            r"contact|(?:tele)?phone(?! accessor| case| shop| store| repair)|e-?mail"
            r"|address(?!es)(?! (?:the|this|that|it|these|those|our|their|a|an) )|which office|where is the", re.I
        ),
        re.compile(r"\d{3,4}-\d{7,8}|电话|邮箱|@|地址|联系人"),
    ),
}

# kinds of quantity, typed (documents/quantities.py): asked from the question's form, stated by a sentence
# only when it holds a quantity of that kind and unit; the regex kinds above for these stay for wording only
TYPED_KINDS = ("money", "rate", "period", "date", "count", "measure")
_LEGACY = {"amount": "money", "rate": "rate", "quantity": "count", "deadline": "date"}

FACT_LABELS = {
    "money": ("具体金额", "the amount of money"),
    "period": ("具体期限或天数", "how long it is"),
    "date": ("截止时间或日期", "a deadline or date"),
    "count": ("具体数量", "that number"),
    "measure": ("具体数量（吨、千瓦、平方米等）", "that quantity (tonnes, kW, square metres …)"),
    "amount": ("具体金额", "the amount of money"),
    "subsidy": ("补贴或资金支持", "subsidies or funding"),
    "rate": ("具体比例或费率", "a rate or percentage"),
    "quantity": ("具体数量", "that number"),
    "deadline": ("截止时间或日期", "a deadline or date"),
    "materials": ("申报材料清单", "a list of application materials"),
    "criteria": ("具体申报条件或门槛", "eligibility conditions or thresholds"),
    "procedure": ("申请流程", "how to apply"),
    "contact": ("联系方式", "contact details"),
}


@dataclass(frozen=True)
class Lexicon:
    """English phrase -> Chinese terms, and everyday Chinese -> policy wording."""

    terms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    synonyms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def english_groups(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(matched English phrase, its Chinese terms) for each phrase found as whole words, with or without its
        hyphens ("individually owned businesses" for "individually-owned businesses")."""
        written = " " + " ".join(_WORD.findall(text.lower())) + " "
        padded = written.replace("-", " ")
        found: list[tuple[str, tuple[str, ...]]] = []
        for phrases, zh in self.terms:
            hits = [phrase for phrase in phrases if f" {phrase.replace('-', ' ')} " in padded]
            if hits:  # the longest, as written when the glossary has both spellings
                found.append((max(hits, key=lambda p: (len(p), f" {p} " in written)), zh))
        return found

    def outermost_groups(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """english_groups without the phrases inside a longer one found ("corporate income tax", not also
        "income tax" and "tax"; "the regulations apply", not also "apply")."""
        found = self.english_groups(text)
        return [(p, zh) for p, zh in found if not any(p != q and f" {p} " in f" {q} " for q, _zh in found)]

    def chinese_groups(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(the longest Chinese term of a group found in `text`, the group's terms), without the terms inside a
        longer one found ("企业所得税", not also "所得税", "税" and "企业")."""
        found = [(max(hits, key=len), zh) for zh in (zh for _p, zh in self.terms)
                 if (hits := [z for z in zh if _CJK.search(z) and len(z) >= 2 and z in text])]
        return [(t, zh) for t, zh in found if not any(t != u and t in u for u, _zh in found)]

    def expansions(self, text: str) -> list[str]:
        out: list[str] = english_quantities(text)
        for _phrase, zh in self.english_groups(text):
            out.extend(zh)
        for triggers, add in self.synonyms:
            if any(t in text for t in triggers):
                out.extend(add)
        return list(dict.fromkeys(out))

    def chinese_terms(self) -> list[str]:
        words = {w for _p, zh in self.terms for w in zh} | {w for _t, add in self.synonyms for w in add}
        return sorted(w for w in words if _CJK.search(w) and len(w) >= 2)


_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_UNITS = {"year": "年", "month": "个月", "day": "日", "working day": "个工作日", "business day": "个工作日",
             "week": "周", "hour": "小时", "percent": "%", "times": "倍"}
_EN_QUANTITY = re.compile(
    r"\b(\d{1,4}|" + "|".join(_EN_NUMBERS) + r")[\s-]+"
    r"(working day|business day|year|month|day|week|hour|percent|times)s?\b",
    re.I,
)


def english_quantities(text: str) -> list[str]:
    """"three years" -> 三年 and 3年, "15 days" -> 十五日 and 15日: the forms a Chinese document prints."""
    import cn2an

    out: list[str] = []
    for number, unit in _EN_QUANTITY.findall(text):
        value = int(number) if number.isdigit() else _EN_NUMBERS[number.lower()]
        suffix = _EN_UNITS[unit.lower()]
        chinese = cn2an.an2cn(str(value)) if value else "零"
        out += [f"{chinese}{suffix}", f"{value}{suffix}"]
        if value == 2 and suffix not in ("日", "%"):  # 两年, 两个月, 两倍: 2 before a measure word
            out.append(f"两{suffix}")
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("assistant.answering").joinpath("glossary.yaml").read_text(encoding="utf-8")
    )
    terms = tuple((tuple(e["en"]), tuple(str(z) for z in e["zh"])) for e in raw.get("terms", []))
    synonyms = tuple((tuple(e["when"]), tuple(e["add"])) for e in raw.get("synonyms", []))
    return Lexicon(terms, synonyms)


@dataclass(frozen=True)
class Query:
    """A question ready for retrieval."""

    question: str  # as asked
    text: str  # standalone (follow-ups resolved)
    language: str  # "zh" | "en"
    expansions: tuple[str, ...]
    fact_kinds: tuple[str, ...]
    is_followup: bool = False
    translations: tuple[str, ...] = ()  # dictionary translations of an English question: keyword search only
    focus: str = ""  # what to search with, when not the whole text (a named document's name taken out)
    named: frozenset[str] = frozenset()  # documents the question names (Chinese or English title)

    @property
    def searched(self) -> str:
        return self.focus or self.text

    @property
    def search_text(self) -> str:
        return " ".join((self.text, *self.expansions))


def check_question(question: object, max_chars: int) -> str:
    if not isinstance(question, str) or not question.strip():
        raise QuestionError("the question is empty; type a question, e.g. 专精特新企业有哪些培育措施？",
                            code="question_empty")
    cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
    if not cleaned:
        raise QuestionError("the question has no readable characters; type a question in Chinese or English",
                            code="question_unreadable")
    if len(cleaned) > max_chars:
        raise QuestionError(
            f"the question is {len(cleaned)} characters long, over the {max_chars}-character limit; "
            "ask about one topic at a time",
            code="question_too_long", params={"length": len(cleaned), "limit": max_chars},
        )
    return cleaned


_ARTICLE_QUESTION = re.compile(
    r"哪一?条|第几条|哪个条款|什么条款|哪些条款|哪一款|依据.{0,12}(?:条|规定)|根据哪|哪部法|哪个文件|出处|"
    r"which (?:article|provision|clause|section)|what (?:article|provision|clause)|under which|legal basis",
    re.I,
)


def asks_article(question: str) -> bool:
    """"依据哪一条", "which article says …": the answer must name the article."""
    return bool(_ARTICLE_QUESTION.search(question))


def fact_kinds(question: str) -> tuple[str, ...]:
    """The kinds of fact a question asks for: at most one typed quantity (money, rate, period, date,
    count), decided by the question's form, then materials, criteria, procedure, contact, subsidy."""
    main = _EN_SUBORDINATE.split(question, maxsplit=1)[0]  # "who pays … when goods that fail requirements …"
    # "what happens if … within the time limit?" asks what happens, not a period
    case = _EN_CASE.split(question, maxsplit=1)[0]
    asked = asked_fact(case) if not asks_article(question) else None  # "…五万元上限的规定在第几条" asks an article
    kinds = [asked.kind] if asked else []
    main = _ASSUMED.sub("", main)  # "如果符合条件，我们能享受什么": the conditions are assumed, not asked
    kinds += [kind for kind, (asks, _evidence) in FACT_KINDS.items() if kind not in _LEGACY
              and asks.search(main if kind == "criteria" else question)]
    return tuple(kinds)


_ASSUMED = re.compile(r"(?:如果|假如|若|要是|只要)?(?:我们|我|公司|企业)?(?:都|也)?符合(?:相关|有关|规定的?|申报)?条件"
                      r"(?:的话|的情况下|时|的|[，,])")


# where an English question's main clause ends: what follows describes the case, it does not ask
_EN_SUBORDINATE = re.compile(r"\s(?:when|whenever|if|that|which|whose|after|because|once)\s", re.I)
# the case an English question puts ("… if …", "what happens to a plant that … after its deadline"): it asks nothing
_EN_CASE = re.compile(r"\s(?:if|unless)\s|\bwhat (?:happens|will happen|would happen) to\s", re.I)


_COUNT_UNIT = re.compile(r"几\s*(年|个|家|件|项|月|天|名|人|次|倍)|多少\s*(年|个|家|件|项|月|天|名|人|次|倍)")
_NUMERAL = r"(?:\d[\d,.]*|[一二三四五六七八九十百千万亿两半]+)\s*"


# a question about a fine, or about what breaking a rule costs ("被查到要交多少钱")
FINE_ASKED = re.compile(FINE_WORD.pattern + r"|违反|违规|违法|被查|查到|查处|后果|\bviolat|\bcaught\b", re.I)


# a question asking from when something holds ("从什么时候起取得专用权", "from when is it protected") and the event a
# rule counts it from ("自初步审定公告三个月期满之日起计算"): a start fixed by an event is the date asked
_START_ASKED = re.compile(r"(?:从|自)(?:什么时候|何时|哪天|哪一天|什么时间)起?|(?:什么时候|何时|哪天)(?:起|开始)"
                          r"|\b(?:from|since) when\b|\bwhen does [^?]{0,60}\b(?:start|begin)", re.I)
_FROM_EVENT = re.compile(r"自[^。；;\n]{1,40}?(?:之日|之时|当日|次日)起")


def has_evidence(kind: str, text: str, question: str) -> bool:
    """Whether `text` states the kind of fact asked for: a typed quantity of that kind (and of the unit
    asked: 多少天 is answered by N日, 几家 only by N家); other kinds by their evidence pattern."""
    if kind == "date" and _START_ASKED.search(question) and _FROM_EVENT.search(text):
        return True
    if kind in TYPED_KINDS:
        asked = asked_fact(question)
        own = asked is not None and asked.kind == kind  # not a kind a follow-up inherits ("情节严重的呢？")
        fact, fine = (asked if own and asked else AskedFact(kind)), bool(FINE_ASKED.search(question)) or not own
        verb = asked_verb(question) if kind == "period" and own else ""
        # "最多能延长多少个工作日": the period of the clause naming 延长, not the one before the ；
        parts = [p for p in re.split(r"[；;]", text) if verb in p] if verb and verb in text else [text]
        return any(states(part, fact, fine_asked=fine) for part in parts)
    if kind == "quantity" and (unit := _COUNT_UNIT.search(question)):
        return bool(re.search(_NUMERAL + "(?:多|余)?" + (unit.group(1) or unit.group(2)), text))
    return bool(FACT_KINDS[kind][1].search(text))


def previous_questions(history: Sequence[Any] | None) -> list[str]:
    """User turns of a history given as messages, (user, assistant) pairs, or plain strings."""
    out: list[str] = []
    for turn in history or []:
        if isinstance(turn, dict):
            if turn.get("role") == "user" and isinstance(turn.get("content"), str):
                out.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            out.append(turn[0])
        elif isinstance(turn, str):
            out.append(turn)
    return [q for q in out if q.strip()]


def resolve_followup(question: str, history: Sequence[Any] | None, lexicon: Lexicon) -> tuple[str, bool]:
    """Make a follow-up standalone by carrying the earlier topic forward; a question that can stand alone
    (its own subject, no pronoun or ellipsis) is returned as asked, however short."""
    previous = previous_questions(history)
    if not previous or not is_followup_question(question, previous, lexicon):
        return question, False
    if elliptical(question) and not fact_kinds(question):  # "那大企业呢？": the earlier question, of something else
        earlier, _ = resolve_followup(previous[-1], previous[:-1], lexicon)
        return f"{earlier} {question}", True
    topic = _earlier_topic(previous, lexicon)
    if not topic or all(part in question for part in topic.split()):
        return question, True
    return f"{topic} {question}", True


# "那大企业呢？", "如果是买下办公物业呢？", "单位自己实施转化的话呢？": a short question that asks nothing of its own
_ELLIPTICAL = re.compile(r"(?:那么?|那如果|如果是?|要是|换成|若是?)?[^？?，,。]{2,24}?(?:的话)?呢\s*[？?]?")


def elliptical(question: str) -> bool:
    """"那大企业呢？": a short question that asks nothing of its own."""
    return _ELLIPTICAL.fullmatch(question.strip()) is not None


def is_followup_question(question: str, previous: Sequence[str], lexicon: Lexicon) -> bool:
    """Whether `question` leans on the earlier questions (the same test for the extractive and the LLM path)."""
    if not previous:
        return False
    return is_followup(question, detect_language(question), lexicon.chinese_terms())


def _earlier_topic(previous: Sequence[str], lexicon: Lexicon) -> str:
    """The topic of the latest earlier question that has one, itself resolved if it was a follow-up."""
    for i in range(len(previous) - 1, -1, -1):
        standalone, _ = resolve_followup(previous[i], previous[:i], lexicon)
        if topic := _topic_of(standalone, lexicon):
            return topic
    return ""


def _topic_of(question: str, lexicon: Lexicon) -> str:
    if detect_language(question) == "en":
        phrases = [p for p, _zh in lexicon.english_groups(question) if p not in _EN_GENERIC_TOPICS]
        words = phrases or en_subjects(question)
        return " ".join(dict.fromkeys(words[:3]))
    terms = zh_subjects(question, lexicon.chinese_terms())
    # the most specific terms first; drop terms contained in a longer one; keep the question's order
    by_length = sorted(terms, key=len, reverse=True)
    kept = [t for i, t in enumerate(by_length) if not any(t in longer for longer in by_length[:i])][:3]
    return " ".join(sorted(kept, key=question.find))


_EN_GENERIC_TOPICS = frozenset({"enterprise", "enterprises", "company", "companies", "firm", "firms", "business",
                                "businesses", "subsidy", "subsidies", "grant", "grants", "funding", "money",
                                "deadline", "application materials", "documents required", "paperwork",
                                "materials", "department", "departments", "small and medium enterprises",
                                "smes", "sme", "small business", "small businesses", "small companies",
                                "small company", "small firms"})


def analyse(question: str, history: Sequence[Any] | None, lexicon: Lexicon) -> Query:
    text, is_followup = resolve_followup(question, history, lexicon)
    return Query(
        question=question,
        text=text,
        language=detect_language(question),
        expansions=tuple(lexicon.expansions(text)),
        # "那大企业呢？" asks what the earlier question asked
        fact_kinds=fact_kinds(question) or (fact_kinds(text) if is_followup and elliptical(question) else ()),
        is_followup=is_followup,
    )
