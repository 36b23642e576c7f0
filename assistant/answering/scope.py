"""Whose rules answer a question: a question that names a place is answered only from documents
whose jurisdiction covers it (national documents cover everywhere, a province its cities), and a
question that names a document ("商标法第几条…", "《优化营商环境条例》…") only from that document."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.documents.places import Place, covers, places_in


def document_place(meta: Mapping[str, Any]) -> Place:
    """A document's jurisdiction from its stored fields (level '' means unknown)."""
    level = str(meta.get("place_level", "")) or "unknown"
    return Place(str(meta.get("province", "")), str(meta.get("city", "")), str(meta.get("county", "")), level,
                 "")


def place_label(place: Place, language: str) -> str:
    """"上海市", "浙江省", "象山县" as the question or document names it."""
    if place.level == "national":
        return "全国" if language == "zh" else "the whole country"
    if place.name and language == "zh" and any("\u4e00" <= ch <= "\u9fff" for ch in place.name):
        return place.name
    return place.county or place.city or place.province or place.name


@dataclass(frozen=True)
class PlaceScope:
    """The places and documents a question names; `allows(doc_id)` says whether a document may answer."""

    asked: tuple[Place, ...]
    documents: Mapping[str, Mapping[str, Any]]
    named: frozenset[str] = frozenset()  # ids of documents the question names by title
    own_only: bool = False  # "Does Nanning have its own rule …?": a national or provincial rule is no answer

    @property
    def active(self) -> bool:
        return bool(self.asked or self.named)

    def allows(self, doc_id: str) -> bool:
        if self.named and doc_id not in self.named:
            return False
        if not self.asked:
            return True
        if self.own_only:
            return self.own(doc_id) or self.inside(doc_id)
        place = document_place(self.documents.get(doc_id, {}))
        return any(covers(place, asked) for asked in self.asked)

    def inside(self, doc_id: str) -> bool:
        """A document of a part of a place asked (临港新片区 for 上海): not another place's rule, though it
        does not apply to the whole place either."""
        place = document_place(self.documents.get(doc_id, {}))
        return place.level not in ("national", "unknown") and any(
            covers(asked, place) and asked.level != place.level for asked in self.asked)

    def local(self, doc_id: str) -> bool:
        """A covering document issued below the national level: the place's own, more specific rule."""
        place = document_place(self.documents.get(doc_id, {}))
        return place.level not in ("national", "unknown") and self.allows(doc_id)

    def own(self, doc_id: str) -> bool:
        """A document of exactly a place asked (the 汕头 regulation for a question about 汕头, not the 浙江 one
        for 杭州): that place's own rule."""
        place = document_place(self.documents.get(doc_id, {}))
        return place.level not in ("national", "unknown") and any(
            covers(place, asked) and place.level == asked.level for asked in self.asked)

    def label(self, language: str) -> str:
        return "、".join(place_label(p, language) for p in self.asked)

    def place_of(self, language: str) -> Callable[[str], str]:
        """doc id -> a label of the document's own place, for listing related passages."""
        def label(doc_id: str) -> str:
            place = document_place(self.documents.get(doc_id, {}))
            return "" if place.level == "unknown" else place_label(place, language)
        return label


# a question asking for a place's own rule, not any rule that applies there
_OWN_RULE = re.compile(r"\b(?:its|their) own (?:local )?(?:rules?|regulations?|measures?|polic(?:y|ies)|law)\b"
                       r"|(?:自己|本地|当地|专门)的?(?:规定|政策|条例|办法|措施)", re.I)


def scope_for(question: str, documents: Mapping[str, Mapping[str, Any]]) -> PlaceScope:
    """The places a question names (the whole country restricts nothing) and the documents it names."""
    asked = tuple(p for p in places_in(question, known_places(documents)) if p.level not in ("national", "unknown"))
    return PlaceScope(asked, documents, named_documents(question, documents), bool(_OWN_RULE.search(question)))


def query_scope(query: Any, documents: Mapping[str, Mapping[str, Any]]) -> PlaceScope:
    """The scope of a question as asked; a follow-up also keeps the earlier question's places when it names
    none, or names a wider one ("长宁区…给多少？" then "那获得国家和上海市荣誉的单位呢？": still 长宁区)."""
    scope = scope_for(query.question, documents)
    if not query.is_followup or query.text == query.question:
        return scope
    earlier = scope_for(query.text, documents).asked
    kept = tuple(p for p in earlier if p not in scope.asked
                 and (not scope.asked or any(covers(wider, p) for wider in scope.asked)))
    return replace(scope, asked=scope.asked + kept) if kept else scope


_NATION = re.compile(r"^中华人民共和国")
_ISSUED_IN = re.compile(r"关于(?:印发|修订|发布)《([^》]{2,60})》")
_TRIAL = re.compile(r"[（(][^（）()]{1,12}[）)]$")  # （试行）, （暂行）, （2025年修订）
_KIND = re.compile(r"(法|条例|办法|细则|规定|规则|意见|通知|决定|方案|措施|指南|政策)$")
# what a notice is about, without its year and kind ("2026年静安区…专项资金申报指南" -> "静安区…专项资金")
_YEAR_LEAD = re.compile(r"^\d{4}年度?")
_KIND_TAIL = re.compile(r"(?:申报|管理|操作|工作)?(?:实施)?(?:指南|办法|细则|规定|规则|意见|通知|决定|方案|措施|政策)$")


def document_names(title: str) -> set[str]:
    """The names a user calls a document by: its title, the measure a notice issues or revises, and
    either without the 中华人民共和国 prefix ("中华人民共和国商标法" -> "商标法")."""
    names = {title.strip()}
    names.update(m[1] for m in _ISSUED_IN.finditer(title))
    names |= {_NATION.sub("", n) for n in names}
    names |= {_TRIAL.sub("", n) for n in names}  # "…若干措施（试行）" is also called "…若干措施"
    return {n for n in names if len(n) >= 3 and _KIND.search(_TRIAL.sub("", n))}


# "Green Finance Promotion Regulation", "Regulation on Ensuring Payments": a document's English name
ENGLISH_TITLE = re.compile(
    r"(?:\b[A-Z][\w'-]*\s+(?:(?:of|on|for|the|and|to|in)\s+)*)*"
    r"(?P<kind>Law|Laws|Regulations?|Measures|Rules|Provisions|Act|Code|Guidelines?|Policy|Policies|Opinions|Notice)\b"
    r"(?:\s+(?:of|on|for)\s+(?:the\s+)?(?:[A-Z][\w'-]*(?:\s+(?:of|the|and|on|for|in|to|with)(?=\s+[A-Z]))*\s*)+)?")
# "the Shangqiu regulation on …": a place's name before a kind word written in lower case
_PLACED_TITLE = re.compile(r"\b[A-Z][\w'-]{2,}\s+(?P<kind>law|regulations?|measures?|rules|provisions)\b"
                           r"(?:\s+(?:on|for|of|concerning)\s+[\w' -]+?(?=\s*[,;:?.]|$))?")  # "… regulation on X,"


def english_titles(question: str) -> list[tuple[str, str]]:
    """(kind word, the words naming it) for each English document name in a question."""
    found = [*ENGLISH_TITLE.finditer(question), *_PLACED_TITLE.finditer(question)]
    return [(m.group("kind").lower(), m.group(0)) for m in found]
_KIND_WORDS = {"law": ("法",), "laws": ("法",), "act": ("法",), "code": ("法",),
               "regulation": ("条例", "规定", "办法"), "regulations": ("条例", "规定", "办法"),
               "measures": ("办法", "措施"), "measure": ("办法", "措施"), "rules": ("规则", "细则", "办法"),
               "provisions": ("规定",),
               "guideline": ("意见",), "guidelines": ("意见",), "policy": ("措施", "意见"),
               "policies": ("措施", "意见"), "opinions": ("意见",), "notice": ("通知",)}
ENGLISH_NAME_SHARE = 0.75  # of a name's characters (kind word aside) the question's Chinese words must hold
ENGLISH_NAME_MARGIN = 0.15  # and by this much more than any other document's name


def english_named_documents(question: str, chinese: Sequence[str],
                            documents: Mapping[str, Mapping[str, Any]]) -> frozenset[str]:
    """Documents an English question names by an English title ("the revised Standardization Law"): the
    document of that kind whose name's characters the question's Chinese words (glossary, dictionary,
    place names) nearly all hold, well ahead of every other document."""
    return best_named(english_name_shares(question, chinese, documents))


def best_named(scores: Mapping[str, float]) -> frozenset[str]:
    """The documents whose name an English title nearly all holds, well ahead of every other (`english_name_shares`)."""
    if not scores:
        return frozenset()
    ranked = sorted(scores.values(), reverse=True)
    best = ranked[0]
    if best < ENGLISH_NAME_SHARE or (len(ranked) > 1 and ranked[1] > best - ENGLISH_NAME_MARGIN):
        return frozenset()
    return frozenset(d for d, v in scores.items() if v == best)


AGREED_NAME_SHARE = 0.5  # a name half held by the question's words, when the embedding model agrees on it


def agreed_name(shares: Mapping[str, float], closest: str) -> frozenset[str]:
    """The document an English title names when the dictionary holds only part of its name ("Interim
    Regulations on Enterprise Information Disclosure": 企业信息 of 企业信息公示, no word for 公示): the best by
    characters, well ahead of every other, and the document whose name the embedding model finds closest."""
    ranked = sorted(shares.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][0] != closest or ranked[0][1] < AGREED_NAME_SHARE:
        return frozenset()
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - ENGLISH_NAME_MARGIN:
        return frozenset()
    return frozenset({closest})


def english_name_shares(question: str, chinese: Sequence[str],
                        documents: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    """Per document of the kind an English title names: the share of its name's characters (kind word, place
    and 暂行/试行/实施 aside) that the question's Chinese words hold."""
    kinds = {k for kind, _words in english_titles(question) for k in _KIND_WORDS.get(kind, ())}
    if not kinds:
        return {}
    held = set("".join(chinese))
    scores: dict[str, float] = {}
    for doc_id, meta in documents.items():
        places = [str(meta.get(k) or "") for k in ("province", "city", "county")]
        for name in document_names(str(meta.get("title", ""))):
            kind = _KIND.search(name)
            core = name[: kind.start()] if kind else name
            for place in places:  # the place is the scope's to judge, not the name's
                core = core.replace(place, "") if place else core
            core = re.sub(r"(?:暂行|试行|实施)$", "", core)  # "暂行条例": Interim Regulations, the kind
            if not kind or kind[1] not in kinds or len(core) < 2:
                continue
            share = len(set(core) & held) / len(set(core))
            scores[doc_id] = max(scores.get(doc_id, 0.0), share)
    return scores


def without_names(query: Any, titles: Sequence[str]) -> Any:
    """The query with the names of the documents it names taken out of what it searches with ("商标法第几条…"
    searches "第几条…" inside 商标法), unless too little would be left to search with."""
    text = query.text
    names = sorted({n for t in titles for n in document_names(t)}, key=len, reverse=True)
    for name in names:
        text = text.replace(name, " ")
    for name in names:  # a name given nearly ("静安区出海服务平台专项资金" for "…打造出海服务平台专项资金申报指南")
        text = _without_runs(text, _bigrams(name))
    text = re.sub(r"《\s*》", " ", text)
    if len(re.sub(r"[\s\W]", "", text)) < 4:
        return query
    return replace(query, focus=text.strip())


def _without_runs(text: str, grams: set[str], shortest: int = 4) -> str:
    """`text` without its runs of at least `shortest` characters whose every bigram is one of `grams`."""
    out, start = [], 0
    i = 0
    while i < len(text) - 1:
        j = i
        while j < len(text) - 1 and text[j : j + 2] in grams:
            j += 1
        if j - i + 1 >= shortest:
            out.append(text[start:i] + " ")
            start = j + 1
            i = j + 1
        else:
            i += 1
    return "".join(out) + text[start:]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _names_match(name: str, question: str) -> float:
    """How well a question names a document: the name's length when the question contains it, else, for
    a long name whose kind word (办法, 条例 …) the question uses, its share of the name's character
    bigrams ("上海市可再生能源专项资金扶持办法" names "上海市可再生能源和新能源发展专项资金扶持办法")."""
    if name in question:
        return float(len(name))
    kind = _KIND.search(name)
    if len(name) < 8 or not kind:
        return 0.0
    if kind[1] not in question:  # "静安区出海服务平台专项资金" names the fund a guide is about, without 指南
        core = _KIND_TAIL.sub("", _YEAR_LEAD.sub("", name))
        if len(core) < CORE_LENGTH or core == name:
            return 0.0
        share = _share(core, question)
        return share * len(core) if share >= CORE_SHARE else 0.0
    share = _share(name, question)
    return share * len(name) if share >= NAME_SHARE else 0.0


def _share(name: str, question: str) -> float:
    """The share of a name's character bigrams that the question holds."""
    grams = _bigrams(name)
    return len(grams & _bigrams(question)) / len(grams)


NAME_SHARE = 0.6
CORE_SHARE = 0.75  # without the kind word, more of what the document is about must be named
CORE_LENGTH = 8


def named_documents(question: str, documents: Mapping[str, Mapping[str, Any]]) -> frozenset[str]:
    """Documents whose name the question contains (or nearly: most of a long name's wording); when one
    name contains another ("专利法实施细则" and "专利法"), the longest match wins."""
    plain = question.replace(" ", "")
    hits: dict[str, float] = {}
    for doc_id, meta in documents.items():
        longest = max((_names_match(n, plain) for n in document_names(str(meta.get("title", "")))), default=0.0)
        if longest:
            hits[doc_id] = longest
    if not hits:
        return frozenset()
    best = max(hits.values())
    return frozenset(d for d, n in hits.items() if n == best)


def place_words(question: str, documents: Mapping[str, Mapping[str, Any]] | None = None) -> Sequence[str]:
    """The words of a question that name a place (never counted as terms the documents lack)."""
    return [p.name for p in places_in(question, known_places(documents or {})) if p.name]


def known_places(documents: Mapping[str, Mapping[str, Any]]) -> tuple[Place, ...]:
    """The jurisdictions of the knowledge base's documents (below the nation)."""
    places = {document_place(meta) for meta in documents.values()}
    return tuple(p for p in places if p.level not in ("national", "unknown"))


_CAPITALISED = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NAME_CACHE: dict[frozenset[str], dict[str, str]] = {}


def _title_words(titles: frozenset[str]) -> dict[str, str]:
    """pinyin -> Chinese word, for the words of the knowledge base's titles (临港 -> "lingang")."""
    if titles not in _NAME_CACHE:
        import jieba
        from pypinyin import lazy_pinyin

        words: dict[str, str] = {}
        for title in titles:
            for word in jieba.lcut_for_search(title):  # the parts of a name register_names taught jieba whole
                if len(word) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in word):
                    words.setdefault("".join(lazy_pinyin(word)).lower(), word)
        _NAME_CACHE.clear()  # one knowledge base at a time
        _NAME_CACHE[titles] = words
    return _NAME_CACHE[titles]


def english_names(question: str, documents: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """English spellings of names the documents' titles use ("Lingang" -> 临港): a capitalised word,
    or two in a row, whose lower-case letters are the pinyin of a title word, or a word for its people
    ("Taiwanese")."""
    found = _CAPITALISED.findall(question)
    if not found or not documents:
        return {}
    words = _title_words(frozenset(str(m.get("title", "")) for m in documents.values()))
    out: dict[str, str] = {}
    for first, second in zip(found, [*found[1:], ""], strict=True):
        people = (first.removesuffix("ese"), first.removesuffix("nese")) if first.endswith("ese") else ()
        for key, spelled in ((first + second, first + second), (first, first), *((first, p) for p in people)):
            if key and spelled.lower() in words:  # "Taiwanese", "Shanghainese": of 台湾, 上海
                out[key] = words[spelled.lower()]
                break
    return out


_REGISTERED: set[str] = set()


def register_names(documents: Mapping[str, Mapping[str, Any]]) -> None:
    """Teach jieba the documents' own names ("反不正当竞争法", "专利法实施细则"), so that a question
    naming one is not cut into odd words at its edges; each name is added once per process."""
    names = {n for m in documents.values() for n in document_names(str(m.get("title", "")))} - _REGISTERED
    if not names:
        return
    import jieba

    for name in names:
        if len(name) <= 20:
            jieba.add_word(name)
    _REGISTERED.update(names)
