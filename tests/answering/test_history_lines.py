"""A document's legislative history ("…会议通过", "…第一次修正") is quoted only when the question asks about it."""

from __future__ import annotations

from pathlib import Path

from assistant.advisor import Advisor

REGULATION = """# 某某省农村沼气条例

2007年11月23日 某某省第十届人民代表大会常务委员会第三十一次会议通过

2015年7月24日 某某省第十二届人民代表大会常务委员会第十五次会议\
《关于修改〈某某省农村沼气条例〉等十二件地方性法规的决定》第一次修正

第一条 为了推进农村沼气开发利用，改善农村生态环境，根据有关法律、行政法规，结合本省实际，制定本条例。

第二条 本条例所称农村沼气，是指利用秸秆、畜禽粪便等有机物在农村生产的可燃气体。

第三条 县级以上人民政府应当将农村沼气开发利用纳入国民经济和社会发展规划。

第二十条 本条例自2008年3月1日起施行。
"""


def _ingest(advisor: Advisor, folder: Path) -> None:
    (folder / "biogas.md").write_text(REGULATION, encoding="utf-8")
    report = advisor.ingest([folder / "biogas.md"])
    assert report.ok, report.failed


def test_a_question_about_the_rules_content_never_quotes_its_adoption_record(hashing_advisor: Advisor,
                                                                            tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path)
    answer = hashing_advisor.ask("某某省农村沼气条例规定了什么？", record=False)
    quotes = " ".join(c.quote for c in answer.citations)
    assert "会议通过" not in quotes and "第一次修正" not in quotes, answer.answer


def test_a_question_about_how_the_text_was_adopted_may_quote_the_record(hashing_advisor: Advisor,
                                                                       tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path)
    answer = hashing_advisor.ask("某某省农村沼气条例是哪次会议通过的？", record=False)
    assert answer.answerable, answer.answer
    assert any("会议通过" in c.quote for c in answer.citations), answer.answer
