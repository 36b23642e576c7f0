"""A sentence earns a little for answering the question's form: what is done for "怎么支持", a rule for "合规吗"."""

from __future__ import annotations

import pytest

from assistant.answering.candidates import FORM_BONUS, bonus_for_form

RULE = "核查人员对企业进行实地核查，不得刁难企业，不得索取、收受企业的财物。"
REPORT = "主管部门接到举报，应当及时调查处理，并为举报人保密。"


@pytest.mark.parametrize("question", [
    "来厂里核查的人话里话外要我们送点东西，他们这样做合规吗？",
    "我们公司想自己去申请专利，不找代理机构可以吗？",
    "May the representative office of a foreign certification body carry out certification itself?",
])
def test_whether_something_is_allowed_is_answered_by_a_rule_that_forbids_or_permits(question: str) -> None:
    bonus = bonus_for_form(question)
    assert bonus(RULE) == pytest.approx(FORM_BONUS) and bonus(REPORT) == 0


def test_a_question_of_another_form_gives_a_rule_nothing_for_it() -> None:
    assert bonus_for_form("核查人员要提前几天通知企业？")(RULE) == 0


def test_how_something_is_supported_is_answered_by_what_is_done() -> None:
    bonus = bonus_for_form("市里怎么支持小企业创新？")
    assert bonus("支持中小企业建设研发机构。") == pytest.approx(FORM_BONUS)
    assert bonus("中小企业的划型标准由国务院规定。") == 0


@pytest.mark.parametrize("question", [
    "How does the Laiwu regulation define a steel-structure building?",
    "What counts as a small enterprise under this law?",
])
def test_what_a_term_means_is_answered_by_the_clause_defining_it(question: str) -> None:
    bonus = bonus_for_form(question)
    assert bonus("本条例所称钢结构建筑，是指结构以钢构件受力为主的建筑。") == pytest.approx(FORM_BONUS)
    assert bonus("开展创建钢结构建筑试点示范城市活动。") == 0
    assert bonus_for_form("Which body builds steel-structure buildings?")("本条例所称钢结构建筑，是指…。") == 0
