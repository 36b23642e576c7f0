"""An owner's abbreviation of a term the documents use (商票, 质保金) is searched as the full term."""

from __future__ import annotations

from assistant.answering.abbreviations import abbreviates, full_form, full_forms

CORPUS = ("不得强制中小企业接受商业汇票、应收账款电子凭证等非现金支付方式。"
          "除投标保证金、履约保证金、工程质量保证金外，不得收取其他保证金。商业汇票到期应当兑付。")


def test_an_abbreviation_finds_the_documents_full_term() -> None:
    assert full_form("商票", CORPUS) == "商业汇票"
    assert full_form("质保金", CORPUS) == "质量保证金"
    assert full_form("押金", CORPUS) == ""  # a synonym, not an abbreviation: nothing is made up
    assert full_form("商业汇票", CORPUS) == ""  # the term itself is no abbreviation of anything longer here


def test_only_words_the_documents_lack_are_looked_up() -> None:
    def known(word: str) -> bool:
        return word in CORPUS

    assert full_forms(["商票", "保证金", "甲方"], known, CORPUS) == {"商票": "商业汇票"}


def test_abbreviates_keeps_first_last_and_order() -> None:
    assert abbreviates("商票", "商业汇票")
    assert not abbreviates("票商", "商业汇票")
    assert not abbreviates("商票", "商票")
