"""What a document states about itself: title, issuer, 文号, dates, status against today's date."""

from __future__ import annotations

import datetime as dt

from assistant.documents.cleaning import clean_text
from assistant.documents.metadata import (
    STATUS_EXPIRED,
    STATUS_IN_FORCE,
    STATUS_PENDING,
    STATUS_UNKNOWN,
    read_facts,
    status,
)
from tests.documents.test_structure import LAW, NOTICE

DECREE = """# 优化营商环境条例

2019年10月8日 国务院第66次常务会议通过2019年10月22日 中华人民共和国国务院令第722号公布

第一条 为了持续优化营商环境，制定本条例。

第七十二条 本条例自2020年1月1日起施行。
"""

JOINT = """关于印发《某市新能源发展专项资金扶持办法》的通知

某发改规范〔2022〕14号

各区发展改革委、财政局：

现将《某市新能源发展专项资金扶持办法》印发给你们，请认真按照执行。

某市发展和改革委员会

某市财政局

2022年11月18日

第一条 为推动新能源发展，制定本办法。

第十三条 本办法自2022年12月15日起实施，有效期至2026年12月31日。
"""


def facts_of(raw: str):  # noqa: ANN201
    return read_facts(clean_text(raw), raw)


def test_a_law_names_its_title_its_congress_and_its_dates() -> None:
    facts = facts_of(LAW)
    assert facts.title == "中华人民共和国商标法"
    assert facts.issuer == "全国人民代表大会常务委员会"
    assert facts.issued == "2019-04-23"  # the latest record
    assert facts.doc_number == ""


def test_a_decree_gives_its_number_and_the_state_council() -> None:
    facts = facts_of(DECREE)
    assert facts.issuer == "国务院"
    assert facts.doc_number == "中华人民共和国国务院令第722号"
    assert facts.effective == "2020-01-01"


def test_a_notice_is_signed_jointly_and_numbered_on_its_own_line() -> None:
    facts = facts_of(JOINT)
    assert facts.title == "关于印发《某市新能源发展专项资金扶持办法》的通知"
    assert facts.issuer == "某市发展和改革委员会、某市财政局"
    assert facts.doc_number == "某发改规范〔2022〕14号"
    assert (facts.issued, facts.effective, facts.expires) == ("2022-11-18", "2022-12-15", "2026-12-31")


def test_front_matter_only_fills_what_the_text_leaves_open() -> None:
    facts = facts_of(NOTICE)
    assert facts.title.startswith("某市人民政府办公厅关于印发")  # the text's own title line wins
    assert facts.doc_number == "某府办规〔2022〕9号"  # the text prints none on its own line
    assert facts.issuer == "某市人民政府办公厅"


def test_a_number_quoted_inside_a_sentence_is_not_the_documents_own() -> None:
    text = "关于某事的通知\n\n原《某办法》（某府办规〔2019〕8号）同时废止。\n\n第一条 为了某事，制定本办法。\n"
    assert facts_of(text).doc_number == ""


def test_status_against_today() -> None:
    today = dt.date(2026, 11, 30)
    assert status(None, today, effective="2022-12-15", expires="2026-12-31") == STATUS_IN_FORCE
    assert status(None, today, effective="2023-04-19", expires="2025-12-31") == STATUS_EXPIRED
    assert status(None, today, effective="2027-01-01") == STATUS_PENDING
    assert status(None, today) == STATUS_UNKNOWN
