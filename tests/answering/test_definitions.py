"""A question asking what a term means is answered by the clause that defines it ("本条例所称…，是指…")."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.advisor import Advisor
from assistant.answering.retrieve import defined_term_asked, defines

FILLER = "\n\n".join(f"第{n}条 县级以上人民政府应当支持农村沼气开发利用，鼓励单位和个人投资建设农村沼气设施。"
                     for n in "三四五六七八九十")
REGULATION = f"""# 某某省农村沼气条例

第一条 为了推进农村沼气开发利用，改善农村生态环境，制定本条例。

第二条 本条例所称农村沼气，是指利用秸秆、畜禽粪便等有机物在农村生产的可燃气体。

{FILLER}

第十一条 本条例自2008年3月1日起施行。
"""


@pytest.mark.parametrize(("question", "term"), [
    ("山东的农村可再生能源条例里说的可再生能源都包括哪些？", "可再生能源"),
    ("什么是专精特新企业？", "专精特新企业"),
    ("中小企业是指什么", "中小企业"),
    ("申报专精特新要多少钱？", ""),
])
def test_the_term_whose_meaning_is_asked(question: str, term: str) -> None:
    assert defined_term_asked(question) == term


def test_a_clause_defines_its_term_and_the_terms_it_names() -> None:
    clause = "第二条 本条例所称农村可再生能源，是指主要用于农业生产的生物质能、太阳能等非化石能源。"
    assert defines(clause, "可再生能源") and defines(clause, "农村可再生能源")
    assert defines("中小企业，是指在中华人民共和国境内依法设立的企业。", "中小企业")
    assert not defines(clause, "沼气")


def test_a_meaning_asked_is_answered_by_the_defining_clause(hashing_advisor: Advisor, tmp_path: Path) -> None:
    (tmp_path / "biogas.md").write_text(REGULATION, encoding="utf-8")
    assert hashing_advisor.ingest([tmp_path / "biogas.md"]).ok
    answer = hashing_advisor.ask("某某省农村沼气条例里说的农村沼气都包括哪些？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第二条", answer.answer
    assert "是指利用秸秆" in answer.citations[0].quote
