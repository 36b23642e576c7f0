"""Whether a sentence that states an amount or rate is about what an English question asks the value of.

The Chinese path reads the asked thing from the question itself (documents/asked.py: asked_subject). An
English question names it in English ("What corporate income tax rate …", "the fine for bribery …"), so its
words are put into the knowledge base's Chinese (glossary phrases, then dictionary translations the documents
contain) and a stating sentence, or the paragraph and headings it stands in, must name one of them. Words
the documents never contain decide nothing: an owner's own wording must not make an answer impossible."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.query import load_lexicon
from assistant.answering.translate import translations, verbs_in

_EN_KIND_NOUN = (r"(?:rates?|percentages?|percent|proportions?|ratios?|rewards?|subsid(?:y|ies)|awards?|grants?|fines?"
                 r"|bonus(?:es)?|penalt(?:y|ies)|fees?|caps?|deductions?|taxe?s?|pay|paid|paying)")
_EN_SUBJECT = (
    # "what corporate income tax rate", "what is Shanghai's investment reward": the words before the kind
    re.compile(rf"\bwhat (?:is |are |'s )?(?:the )?(?:[\w'-]+'s )?(?P<s>(?:[\w-]+ ){{1,4}}){_EN_KIND_NOUN}\b"),
    # "what percentage super-deduction can …", "what share of net licensing income goes …"
    re.compile(r"\bwhat (?:percentage|percent|share|proportion)(?: of)? (?P<s>[\w -]+?)"
               r"(?= can| could| does| do| is| are| will| should| must| goes| go| may|\?|,|$)"),
    # "the fine for bribery to win business", "pay per kWh for energy storage projects"
    re.compile(rf"\b{_EN_KIND_NOUN} (?:per [\w-]+ )?(?:for|on) (?P<s>[\w -]+?)(?= under| in | at | if | when|\?|,|$)"),
)
_EN_GENERIC_SUBJECT = frozenset(
    "a an the of to its their our my this that these each per new existing ordinary maximum minimum total annual "
    "one-off first project projects company companies enterprise enterprises business businesses sme smes firm "
    "firms organisation organization organisations organizations".split()
)


def asked_subjects_en(question: str) -> tuple[str, ...]:
    """What an English amount or rate question asks the value of ("What corporate income tax rate …" → "corporate
    income tax"; "the fine for bribery to win business" → "bribery to win business"), without generic words."""
    text = question.lower()
    found = []
    for pattern in _EN_SUBJECT:
        for match in pattern.finditer(text):
            words = [w for w in match.group("s").split() if w not in _EN_GENERIC_SUBJECT]
            if words:
                found.append(" ".join(words))
    return tuple(dict.fromkeys(found))


def subject_groups(question: str, known: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """For each thing an English amount or rate question asks about, the Chinese words that stand for it and
    that the knowledge base contains (empty groups are dropped)."""
    groups: list[tuple[str, ...]] = []
    lexicon = load_lexicon()
    verbs = verbs_in(question)
    for phrase in asked_subjects_en(question):
        found = lexicon.outermost_groups(phrase)
        covered = [p for p, _zh in found]
        words = [zh for _p, group in found for zh in group if known(zh)]
        words += translations(phrase, known, covered=covered)
        # "energy storage": a head word the dictionary translates but whose every translation the documents
        # lack names a thing they never mention (储能), so no sentence states its amount (as 的 in Chinese)
        head = [w for w in _unglossed(phrase, covered) if w not in verbs][-1:]  # "bribery to win": bribery
        if any(translations(word, lambda _w: True) and not translations(word, known) for word in head):
            groups.append(NEVER_NAMED)
        elif words:
            groups.append(tuple(dict.fromkeys(words)))
    return groups


NEVER_NAMED: tuple[str, ...] = ("\x00",)  # a group no sentence names


def _unglossed(phrase: str, covered: list[str]) -> list[str]:
    """The words of a phrase outside its glossary phrases; a glossary phrase ending it leaves no head word."""
    if any(phrase.endswith(p) for p in covered):
        return []
    inside = {w for p in covered for w in (*p.split(), *p.replace("-", " ").split())}  # with or without hyphens
    return [w for w in phrase.split() if w not in inside and len(w) >= 3]


def about_asked(sentence: str, context: str, groups: list[tuple[str, ...]]) -> bool:
    """One of the asked things is named by the sentence or by what it is read with ("investment reward … for
    offshore wind": a sentence on offshore wind's reward that does not repeat 投资 still answers)."""
    return not groups or any(word in sentence or word in context for group in groups for word in group)
