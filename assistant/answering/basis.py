"""Is there a basis to answer at all? Terms the knowledge base never mentions, the share of the
question's words it covers, and per-language similarity thresholds."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.answering.abbreviations import abbreviates
from assistant.answering.query import Query, load_lexicon
from assistant.answering.scope import english_titles
from assistant.answering.translate import common_word, defines_only_verbs, in_dictionary, translations
from assistant.documents.places import resolve_place
from assistant.index.indexer import LiveIndex
from assistant.index.keyword import STOP_WORDS, general_frequency


class Candidate(Protocol):
    """A candidate sentence as the basis check sees it: its similarity and word coverage."""

    @property
    def dense(self) -> float: ...

    @property
    def lexical(self) -> float: ...

    @property
    def translated(self) -> float: ...

# calibrated on tests/golden/questions.jsonl (see `python -m assistant eval`)
MIN_DENSE_ZH = 0.84
MIN_DENSE_EN = 0.765
MIN_DENSE = MIN_DENSE_EN
# a Chinese question none of whose words the documents use is answered only by a passage this close in meaning
# (on every set, unanswerable questions of that sort reach at most 0.887, the one answerable 0.923)
MIN_DENSE_UNWORDED = 0.91
MIN_LEXICAL = 0.34
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_GENERIC_ZH = frozenset("企业 公司 我们 你们 政策 哪些 什么 怎么 怎样 如何 可以 能够 需要 有没有 一下 情况 问题 "
                        "时候 开始 方面 相关 目前 现在 这个 那个 他们 帮助 帮忙 获得 得到 提供 支持 有关 请问 "
                        "介绍".split())
_GENERIC_EN = frozenset("please tell about company companies firm firms business businesses get help need want there "
                        "any kind kinds available offer offers provide provides does doing done should would could "
                        "like much many also have has had will way ways make made know give given being some "
                        "type types ours your yours their them they"
                        .split())
_PROPER_EN = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]{2,}\b")
_ENGLISH_PLACE_WORDS = {"province", "city", "county", "district", "municipality", "area", "zone", "new", "town",
                        "township", "village"}
_COMMON_CAPITALISED = {"what", "which", "who", "how", "does", "the", "can", "are", "is", "china", "chinese", "english"}


# -- grounding ----------------------------------------------------------------------
def absent_terms(index: LiveIndex, query: Query, ignore: Sequence[str] = ()) -> list[str]:
    """Specific terms of the question (places, organisations, taxes, loans ...) that occur
    nowhere in the knowledge base: the documents cannot be about them."""
    mentions = index.mentions
    missing: list[str] = [year for year in _YEAR.findall(query.question) if not mentions(year)]
    if query.language == "en":
        titled = {w.lower() for _kind, words in english_titles(query.question) for w in words.split()}
        groups = load_lexicon().outermost_groups(query.question)
        for phrase, zh in groups:
            if not any(mentions(term) for term in zh) and not set(phrase.split()) <= titled:
                missing.append(phrase)  # words of a document's English name ("Production") are no topic
        placed = " ".join(ignore).lower()
        in_phrases = {w for phrase, _zh in groups for w in re.findall(r"[a-z]+", phrase)}
        for word in _PROPER_EN.findall(query.question):
            if word.lower() in in_phrases or word.lower() in titled:
                continue  # part of a glossary phrase ("Anti-Unfair Competition") or of a document's English name
            known = load_lexicon().english_groups(word)
            if word.lower() in placed or word.lower() in _ENGLISH_PLACE_WORDS or resolve_place(word) is not None:
                continue  # a place: its documents are chosen by jurisdiction, not by the word
            if word.lower() not in _COMMON_CAPITALISED and not known and not mentions(word) \
                    and not translations(word, mentions):  # "Payments" of a law's English name: 支付
                missing.append(word)
        missing += [word for word in _requested_en(query.question)  # "Can you recommend a hotel …?"
                    if word not in placed and not load_lexicon().english_groups(word)
                    and not translations(word, mentions)]
    else:  # a specific glossary term none of whose group the documents name ("要不要交企业所得税", no tax law)
        missing += [term for term, group in load_lexicon().chinese_groups(query.searched)
                    if _specific(term) and not any(mentions(t) for t in group)
                    and not any(term in place for place in ignore)]
        import jieba.posseg as pseg

        tokens = pseg.lcut(query.question)
        # a tax the documents never name ("作为不征税收入处理": 征税): taxes are topics of their own
        taxed = any(map(mentions, _TAX_MATTERS))
        missing += [t.word for t in tokens if _names_a_tax(t.word) and not mentions(t.word)
                    and t.word not in index.corpus_text and not (t.word in _PAYING_TAX and taxed)]
        if not _ASKS.search(query.question) or _RECOMMEND_ZH.search(query.question):  # "推荐一款…记账软件。"
            missing += [w for w in _requested(tokens) if _specific(w) and not mentions(w)]
            for asked in _RECOMMEND_ZH.finditer(query.question):  # "有什么特色菜推荐": the thing between
                thing = asked.group("thing") or ""
                missing += [t.word for t in pseg.lcut(thing) if t.flag.startswith("n") and len(t.word) >= 2
                            and _specific(t.word) and not mentions(t.word)]
        for i, token in enumerate(tokens):
            word, flag = token.word, token.flag
            # jieba tags a few verbs as places (回国 "to return to one's country"): the dictionary tells them apart
            specific = len(word) >= 2 and flag in ("ns", "nt") and not _not_a_place(word)
            # a kind of settlement after a place the documents name ("西沱古镇"): that place described, no other
            described = i > 0 and word[-1] in _SETTLEMENT and mentions(tokens[i - 1].word)
            if specific and not described and word not in ignore and not any(word in place for place in ignore) \
                    and not mentions(word) and not _place_and_known(word, ignore, mentions) \
                    and not _body_known(word, mentions) \
                    and not any(abbreviates(word, term) for term in query.expansions):
                missing.append(word)
    missing += [m.group("zh") or m.group("en") for m in _WRITE.finditer(query.question)]
    return list(dict.fromkeys(missing))


# a thing asked for rather than asked about: "Can you recommend a hotel for …?", "What is a good gift for …?",
# "Can you give me a good recipe for …?"
_EN_REQUEST = re.compile(r"\b(?:recommend|suggest"
                         r"|(?:what(?:'s|\s+is|\s+are|\s+would\s+be)|(?:give|find|show|get)\s+(?:me|us))"
                         r"(?=\s+\w+\s+(?:good|best|nice|ideal)\b))"
                         r"\s+(?:me\s+|us\s+)?(?:(?:a|an|some|any|the|good|best|nice|ideal|new|cheap|reliable)\s+)+"
                         r"(?P<thing>[a-z][a-z' -]*?)(?=[.?!,;]|$)", re.I)
_REQUEST_STOP = frozenset("near your their next".split())  # beside the keyword index's STOP_WORDS


def _requested_en(question: str) -> list[str]:
    """The words of each thing an English question asks to be recommended or chosen ("a good birthday gift for an
    important client" → birthday, gift, important, client): a topic of its own when no document names it."""
    words: list[str] = []
    for match in _EN_REQUEST.finditer(question):
        words += [w for w in re.findall(r"[a-z]+", match.group("thing").lower())
                  if len(w) >= 3 and w not in _REQUEST_STOP and w not in STOP_WORDS and w not in _GENERIC_EN
                  and w not in _ENGLISH_PLACE_WORDS and resolve_place(w.capitalize()) is None]
    return words


_PAYING_TAX = frozenset("交税 缴税 纳税 报税".split())  # paying or filing a tax: no tax of its own
_TAX_MATTERS = ("纳税", "税务", "税收", "税前")  # a knowledge base that speaks of taxes at all (税前列支并加计扣除)


def _names_a_tax(word: str) -> bool:
    """A word naming a tax (增值税, 含税, 交税), not a cut of the tagger's (环保税能少交: 税能) nor a law's name
    (…税法)."""
    return len(word) >= 2 and word.endswith("税")


# a request for a thing, asked as a question ("去彭水玩有什么特色菜推荐？") or to be written ("帮我写一份…启事")
_RECOMMEND_ZH = re.compile(r"有什么(?P<thing>[^，。？?]{1,12})推荐"
                           r"|推荐(?:一下|几[个家款种])?[^，。？?]{0,16}[？?。！!]?$")
# a text to be written for the asker ("帮我写一份招聘启事"): the documents can be quoted, not composed into it
_WRITE = re.compile(r"(?:(?:写|起草|拟)(?:一份|一篇|一封|个)"
                    r"|帮我[^，。？?]{0,12}?(?:设计|画|制作)(?:一个|一份|一套|个)?)"  # "帮我给我们的店设计一个包装盒"
                    r"(?P<zh>[^，。？?]{2,30})"
                    r"|\b(?:write|draft)\s+(?:me\s+|us\s+)?(?:a|an)\s+(?P<en>[a-z][a-z -]{2,40}?)(?=\s+for\b|[.?!,]|$)",
                    re.I)
_ASKS = re.compile(r"[？?]|什么|怎么|怎样|如何|哪|多少|几|谁|吗|呢|是否|能否|可否|有没有|是不是|能不能|可不可以|会不会")


def _requested(tokens: Sequence[Any]) -> list[str]:
    """The nouns a request ends with ("推荐一款适合小公司用的记账软件。" → 记账, 软件): the thing asked for."""
    words = [(t.word, t.flag) for t in tokens if t.flag != "x" and t.word not in ("吧", "呀", "啊")]
    run: list[str] = []
    for word, flag in reversed(words):
        if not flag.startswith(("n", "vn")) or flag.startswith("nr") or len(word) < 2:
            break
        run.append(word)
    return run[::-1]


def _not_a_place(word: str) -> bool:
    """A word jieba took for a place that is none: a verb (回国 "to return to one's country"), a dictionary word
    with no proper-noun sense that no gazetteer knows (加盟 "to join; franchising"), or a phrase no gazetteer knows
    that starts with a verb (花钱买: 花钱 "to spend money" + 买), or a two-character guess no list knows."""
    common = common_word(word) and resolve_place(word) is None and not _AUTHORITY_END.search(word)  # 海关 is a body
    if defines_only_verbs(word) or common or _RELATIVE_PLACE.match(word):
        return True  # a relative place ("外国朋友", "外省"): where from the asker, no place the documents could name
    if len(word) == 2 and general_frequency(word) == 0 and not in_dictionary(word) and resolve_place(word) is None:
        return True  # a pair the tagger guessed ("有台国二的叉车": 台国) that no dictionary or gazetteer knows
    if len(word) == 4 and not in_dictionary(word) and common_word(word[:2]) and common_word(word[2:]) \
            and resolve_place(word) is None and not _AUTHORITY_END.search(word):
        return True  # two common words no list knows as one name ("园区统一安排的地址": 统一 + 安排)
    return len(word) >= 3 and not in_dictionary(word) and defines_only_verbs(word[:2]) and resolve_place(word) is None


_SETTLEMENT = frozenset("镇城村乡街寨")
_AUTHORITY_END = re.compile(r"(?:关|局|厅|委|院|署|部|处|所|站|行|会)$")  # an authority or body, which documents name
_RELATIVE_PLACE = re.compile(r"^(?:外(?:国|省|市|县|区|地)|国外|境外|海外|异地|本地|当地|外籍)$")
SPECIFIC_FREQUENCY = 1000  # jieba's general-text count below which a word names a topic (增值税 123, 规定 24568)


def _specific(word: str) -> bool:
    """A word rare in general text: a topic the documents would name (增值税), not common wording (规定)."""
    return general_frequency(word) < SPECIFIC_FREQUENCY


_BODY = re.compile(r"(?:局|厅|委|委员会|办|部门|机关)$")
_BODY_FORMS = ("机关", "部门", "主管部门", "局")
_FIRM = re.compile(r"(?:工厂|厂|店|公司|企业|单位|作坊)$")
_FIRM_FORMS = ("企业", "单位", "性单位", "工厂", "公司")


def _body_known(word: str, mentions: Callable[[str], bool]) -> bool:
    """An authority or a kind of firm named as people call it ("税务局", "福利厂") that the documents name in their
    own way (税务机关, 税务部门; 福利企业)."""
    for suffix, forms in ((_BODY, _BODY_FORMS), (_FIRM, _FIRM_FORMS)):
        stem = suffix.sub("", word)
        if len(stem) >= 2 and stem != word and any(mentions(stem + form) for form in forms):
            return True
    return False


def _place_and_known(word: str, places: Sequence[str], mentions: Callable[[str], bool]) -> bool:
    """"北京市政府" = a place asked + a word the knowledge base knows (政府): no term it lacks."""
    for place in places:
        if place and word.startswith(place):
            rest = word[len(place):]
            return len(rest) < 2 or mentions(rest)
    return False


def coverage(index: LiveIndex, query: Query) -> float:
    """Share of the question's content words that the knowledge base mentions at all."""
    mentions = index.mentions
    if query.language == "zh":
        words = [w for w in index.tokenizer.words(query.searched) if len(w) >= 2 and w not in _GENERIC_ZH]
        covered = [w for w in words if mentions(w) or any(abbreviates(w, t) for t in query.expansions)]
    else:
        lexicon = load_lexicon()
        words = [w for w in re.findall(r"[a-z]+", query.text.lower())
                 if len(w) >= 3 and w not in STOP_WORDS and w not in _GENERIC_EN]
        covered = [w for w in words if mentions(w) or any(
            any(mentions(t) for t in zh) for _p, zh in lexicon.english_groups(w)) or translations(w, mentions)]
        glossary_phrases = lexicon.english_groups(query.text)
        covered += [w for w in words if w not in covered and any(
            w in phrase.split() and any(mentions(t) for t in zh) for phrase, zh in glossary_phrases)]
    return len(covered) / len(words) if words else 1.0


BASIS_TOP_EN = 3  # the best sentences that must hold a word of an English question, through any translation


def has_basis(index: LiveIndex, query: Query, candidates: Sequence[Candidate]) -> bool:
    """Whether the best passages are about the question at all (thresholds per language:
    the model's English-to-Chinese similarities run lower than Chinese-to-Chinese ones)."""
    dense = max(c.dense for c in candidates)
    lexical = max(c.lexical for c in candidates)
    ratio = coverage(index, query)
    if ratio == 0.0 and query.language == "zh":  # not one of the question's words is in the knowledge base,
        return dense >= MIN_DENSE_UNWORDED  # unless a passage means what it says in other words (沼气池 for 可再生能源)
    if query.language == "zh":
        return not (
            (ratio < 0.5 and dense < 0.88 and lexical < 0.5) or (dense < MIN_DENSE_ZH and lexical < MIN_LEXICAL)
        )
    if lexical >= 0.5:  # the question's terms, through the glossary, are in the passage
        return True
    if lexical == 0.0 and max(c.translated for c in candidates[:BASIS_TOP_EN]) == 0.0:
        return False  # not one of its words, through the glossary and the dictionary, is in the best passages
    return not (dense < MIN_DENSE_EN or (ratio < 0.34 and dense < 0.79))
