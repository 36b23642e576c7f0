"""Chinese abbreviations an owner writes for the documents' full terms: 商票 for 商业汇票, 质保金 for 质量保证金.

A Chinese abbreviation keeps characters of the full term in their order, first and last among them. A word of
the question that the knowledge base never contains is looked up as such: the most frequent run of Chinese
characters in the documents that starts with its first character, ends with its last, and holds the others in
order, a little longer than the word. What is found only widens the search; it is never shown as a fact.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

_CJK = "\u4e00-\u9fff"
MAX_GAP = 2  # characters the full term may hold between two kept ones
# a word holding a function character (应从, 可在) is grammar, not an abbreviated name
_FUNCTION_CHARS = frozenset("的了在从应可被把将对于与和及或而也都就还要会能是为有给让向往按据以")


_ALL_CJK = re.compile(f"[{_CJK}]+")


@lru_cache(maxsize=4096)
def _pattern(word: str) -> re.Pattern[str]:
    # any character in the gaps (a CJK class costs milliseconds to compile); non-Chinese runs are dropped after
    return re.compile(f".{{0,{MAX_GAP}}}".join(re.escape(ch) for ch in word))


_FOUND: dict[str, str] = {}  # word -> full term, for the corpus below (a new corpus starts it afresh)
_FOUND_IN: list[str] = [""]


def full_form(word: str, corpus: str) -> str:
    """The documents' most frequent full term for an abbreviation, or "" when none is found."""
    if not 2 <= len(word) <= 4 or not _ALL_CJK.fullmatch(word) or set(word) & _FUNCTION_CHARS:
        return ""
    if _FOUND_IN[0] is not corpus:  # the knowledge base changed: what was found may be gone
        _FOUND.clear()
        _FOUND_IN[0] = corpus
    if word not in _FOUND:
        found = Counter(term for m in _pattern(word).finditer(corpus)
                        if len(term := m.group(0)) > len(word) and _ALL_CJK.fullmatch(term))
        _FOUND[word] = max(found.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] if found else ""
    return _FOUND[word]


def full_forms(words: Iterable[str], known: Callable[[str], bool], corpus: str) -> dict[str, str]:
    """Full terms for the words the knowledge base does not contain (word -> term)."""
    out: dict[str, str] = {}
    for word in dict.fromkeys(words):
        if len(word) >= 2 and not known(word):
            term = full_form(word, corpus)
            if term:
                out[word] = term
    return out


def abbreviates(word: str, term: str) -> bool:
    """Whether `word` keeps characters of `term` in order, first and last among them."""
    return len(term) > len(word) >= 2 and _pattern(word).fullmatch(term) is not None and bool(_ALL_CJK.fullmatch(term))
