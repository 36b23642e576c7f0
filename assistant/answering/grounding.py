"""Grounding checks for a generated sentence: every number and every program-like name it states must
occur in the text it cites; a passage sentence that addresses the model is never grounding."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from assistant.answering.query import Lexicon
from assistant.documents.instructions import is_instruction as document_instruction
from assistant.models import Answer

_ANSWER_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# numbers: digits (with thousands separators and decimals), an optional scale word and percent sign
_NUMBER = re.compile(
    r"(?<![0-9.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![0-9])"
    r"\s*(万|亿|千|thousand|million|billion)?\s*(%|％|percent|per cent)?",
    re.I,
)
_SCALE = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "thousand": 1_000, "million": 1_000_000,
          "billion": 1_000_000_000}
_CN_QUANTITY = re.compile(
    r"[一二三四五六七八九十]+分之[一二三四五六七八九十]+|"
    r"(?:[两三四五六七八九十百千]|[一二三四五六七八九十]{2,})[一二三四五六七八九十百千万亿]*(?:成|倍|项|家|件|万|亿|元|年)"
)

# named programs: quoted names, Chinese terms ending in a program-like word, English Title Case names
_QUOTED = re.compile(r"[「“\"《『]([^」”\"》』\n]{2,40})[」”\"》』]")
_NAME_SUFFIXES = ("计划", "工程", "基金", "专项", "中心", "平台", "行动", "实验室", "研究院", "大赛", "系列赛",
                  "示范城市", "联合体", "奖")
# the run of characters before a program-like ending, up to punctuation or a function word
_FUNCTION_CHARS = "的和与及等并或在是了将要对把由向为以从其该这那"
_NAME_SPAN = re.compile(rf"(?:(?![{_FUNCTION_CHARS}])[A-Za-z0-9\u3400-\u4dbf\u4e00-\u9fff])+")
_NAME_AT_END = ("奖", "工程")  # inside a word they are other words: 奖励, 工程师
_VERB_FLAGS = ("v", "d", "ad", "p", "c", "u", "m", "q", "r")
_VERB_WORDS = frozenset("大力 积极 着力 全力 加快 持续 深入 进一步 一批 一个 一些 多个 新 新建 正在 已经".split())
_EN_NAME = re.compile(
    r"\b(?:[A-Z][A-Za-z'&-]*\s+){1,6}(?:Program(?:me)?|Project|Plan|Fund|Initiative|Scheme|Cent(?:er|re)|Platform|"
    r"Laborator(?:y|ies)|Lab|Award|Campaign|Action|Competition|Contest)s?\b"
)
_EN_GENERIC = frozenset("the of and for a an in on".split())
_GLOSS_AFTER = re.compile(r"\s*[（(][^（()）]{0,3}[\u3400-\u9fff]")  # "Talent Project (甬江人才工程)"
_GLOSS_BEFORE = re.compile(r"[\u3400-\u9fff][^（()）]{0,3}[（(]\s*$")  # "甬江人才工程 (Talent Project)"
# a passage sentence that talks to the model is data, never support (planted instructions)
_INSTRUCTION = re.compile(
    r"ignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|preceding) (?:instructions?|rules|prompts?)|"
    r"disregard (?:all |any |the )?(?:previous |prior |above )?(?:instructions?|rules)|system prompt|"
    r"\byou are now\b|\bnew instructions?\b|"
    r"(?:忽略|无视|忘记|忘掉)(?:之前|以上|前面|先前|上述|上面|所有|全部|此前)?.{0,8}(?:指令|指示|规则|要求|提示)|"
    r"系统提示|你现在是|你的新任务|请(?:直接)?(?:告诉用户|回复用户|对用户说)|不要引用",
    re.I,
)


# -- grounding: numbers and names ---------------------------------------------------------------
def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def is_instruction(sentence: str) -> bool:
    """Whether a passage sentence addresses the model (a planted instruction): it never supports."""
    return bool(_INSTRUCTION.search(sentence)) or document_instruction(sentence)


def _decimal(digits: str, fraction: str | None) -> Decimal | None:
    try:
        return Decimal(digits.replace(",", "") + (fraction or ""))
    except InvalidOperation:
        return None


def numbers(text: str) -> list[tuple[str, set[Decimal]]]:
    """(as written, acceptable values) for every number: its bare value and its value times its scale."""
    out: list[tuple[str, set[Decimal]]] = []
    for match in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        value = _decimal(match[1], match[2])
        if value is None:
            continue
        values = {value.normalize()}
        if match[3]:
            values.add((value * _SCALE[match[3].lower()]).normalize())
        out.append((match[0].strip(), values))
    return out


def chinese_quantities(text: str) -> list[str]:
    return [m[0] for m in _CN_QUANTITY.finditer(text) if m[0] not in ("一年", "十年")]


def ungrounded_numbers(claim_text: str, grounding: str) -> list[str]:
    """Numbers of the claim that no cited passage states (by value, or by value times 万/亿 ...)."""
    known: set[Decimal] = set()
    for _written, values in numbers(grounding):
        known |= values
    missing = [written for written, values in numbers(claim_text) if not values & known]
    plain = normalise(grounding)
    missing += [q for q in chinese_quantities(claim_text) if normalise(q) not in plain]
    return list(dict.fromkeys(missing))


def _name_candidates(text: str) -> list[tuple[str, str]]:
    """(the words before a program-like ending up to a break, that ending) for each such ending."""
    out: list[tuple[str, str]] = []
    for match in _NAME_SPAN.finditer(text):
        run = match[0]
        for suffix in _NAME_SUFFIXES:
            for found in re.finditer(re.escape(suffix), run):
                if suffix not in _NAME_AT_END or found.end() == len(run):
                    out.append((run[: found.end()], suffix))
    return out


def _verb_like(head: str) -> bool:
    """Whether what precedes a name is only verbs and adverbs ("加快建设", "积极推广"), not a modifier."""
    if not head:
        return True
    import jieba.posseg as pseg

    return all(t.flag.startswith(_VERB_FLAGS) or t.word in _VERB_WORDS for t in pseg.lcut(head))


def ungrounded_names(claim_text: str, grounding: str, lexicon: Lexicon) -> list[str]:
    """Program-like names of the claim that do not occur in a cited passage."""
    plain = normalise(grounding)
    missing: list[str] = []
    for match in _QUOTED.finditer(claim_text):
        name = match[1].strip()
        if _CJK.search(name) and normalise(name) not in plain:
            missing.append(name)
    for candidate, suffix in _name_candidates(claim_text):
        # "加快建设中试平台": the passage has "中试平台" and "加快建设" is verbs; "星火人才工程": the
        # passage has "人才工程" but "星火" is a made-up modifier
        for k in range(len(candidate) - len(suffix) + 1):
            tail = candidate[k:]
            if (tail == suffix or normalise(tail) in plain) and _verb_like(candidate[:k]):
                break
        else:
            missing.append(candidate)
    for match in _EN_NAME.finditer(claim_text):
        # an English name cannot occur in a Chinese passage: it needs its Chinese original beside it
        # ("Yongjiang Talent Project (甬江人才工程)", checked above), to be the name the passage uses
        # (English documents), or to be one glossary phrase whose Chinese term the passage has
        name = match[0]
        after, before = claim_text[match.end() :], claim_text[: match.start()]
        if _GLOSS_AFTER.match(after) or _GLOSS_BEFORE.search(before):
            continue
        if normalise(name) in plain:
            continue
        bare = " ".join(w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _EN_GENERIC)
        groups = lexicon.english_groups(bare)
        if any(len(p.split()) == len(bare.split()) and any(normalise(t) in plain for t in zh) for p, zh in groups):
            continue
        missing.append(name)
    return list(dict.fromkeys(missing))


def numbers_grounded(answer: Answer) -> bool:
    """Every number in the answer text occurs in one of its quotes or cited titles (markers aside).

    A program match lists the user's own profile back, so numbers of the question count too, and says how many
    measures do not fit."""
    text = re.sub(r"\[\d+\]", "", answer.answer)
    quotes = " ".join(f"{c.quote} {c.title}" for c in (*answer.citations, *answer.related))
    if answer.mode == "match":
        quotes += " " + answer.question
        # the count of measures that do not fit is the matcher's own tally, not a fact of any document
        text = re.sub(r"另有\d+项措施不符合条件|\b\d+ other measures do not fit", "", text)
    return all(number in quotes for number in _ANSWER_DIGITS.findall(text))
