from __future__ import annotations

import pytest

from assistant.answering.query import (
    analyse,
    check_question,
    detect_language,
    fact_kinds,
    has_evidence,
    load_lexicon,
    resolve_followup,
)
from assistant.errors import QuestionError


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("三首产品能拿到多少补贴？", "money"),
        ("How much money can we get?", "money"),
        ("申报截止时间是什么时候？", "date"),
        ("What is the deadline?", "date"),
        ("需要提交哪些材料？", "materials"),
        ("贷款贴息比例是多少？", "rate"),
        ("认定需要满足什么条件？", "criteria"),
        ("Who is eligible?", "criteria"),
        ("怎么申请专利托管？", "procedure"),
        ("有什么补贴？", "subsidy"),
    ],
)
def test_fact_kinds(question: str, kind: str) -> None:
    assert kind in fact_kinds(question)


def test_plain_questions_ask_for_no_special_fact() -> None:
    assert fact_kinds("什么是“三首”产品？") == ()
    assert fact_kinds("What is the chief quality officer system?") == ()


def test_language() -> None:
    assert detect_language("专精特新是什么") == "zh"
    assert detect_language("What is 专精特新 in plain English words please?") == "en"


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None])
def test_empty_questions_are_rejected(bad: object) -> None:
    with pytest.raises(QuestionError, match="empty"):
        check_question(bad, 2000)


def test_long_questions_are_rejected_with_the_limit() -> None:
    with pytest.raises(QuestionError, match="2000-character limit"):
        check_question("专" * 10_000, 2000)


def test_followup_carries_the_topic() -> None:
    history = [{"role": "user", "content": "专精特新企业有哪些培育措施？"}, {"role": "assistant", "content": "…"}]
    text, is_followup = resolve_followup("它的上一级是什么？", history, load_lexicon())
    assert is_followup and "专精特新" in text
    query = analyse("它的上一级是什么？", history, load_lexicon())
    assert "梯度培育" in query.expansions


def test_standalone_question_is_left_alone() -> None:
    history = [("专精特新企业有哪些培育措施？", "…")]
    text, is_followup = resolve_followup("区域级AI共享服务中心为中小企业提供什么服务？", history, load_lexicon())
    assert not is_followup and text.startswith("区域级")


def test_english_glossary_maps_to_chinese_terms() -> None:
    groups = dict(load_lexicon().english_groups("We have no invention patents; what about the patent pool?"))
    assert "无专利" in groups["no invention patents"]
    assert "专利共享池" in groups["patent pool"]


def test_paperwork_told_is_not_paperwork_asked() -> None:
    assert "materials" not in fact_kinds("He hints that our paperwork depends on it. Is he allowed to do that?")
    assert "materials" in fact_kinds("What paperwork do we need to apply for the subsidy?")


def test_cash_is_a_word_not_the_start_of_cashiers() -> None:
    assert "subsidy" not in fact_kinds("Which article says that cashiers may not also keep the accounting archives?")
    assert "subsidy" in fact_kinds("Can a small firm get cash support for new equipment?")


def test_a_stake_is_a_share_held_not_a_ratio_of_contributions() -> None:
    (zh,) = [zh for _p, zh in load_lexicon().english_groups("Can my partner sell his stake in our partnership?")]
    assert "财产份额" in zh and "出资比例" not in zh  # 合伙人…转让其在合伙企业中的财产份额


def test_an_english_phrase_matches_with_or_without_its_hyphens() -> None:
    lexicon = load_lexicon()
    for text in ("Do individually owned businesses need a licence?", "Do individually-owned businesses need one?"):
        assert any("个体工商户" in zh for _phrase, zh in lexicon.english_groups(text)), text
    assert any("营商环境" in zh for _p, zh in lexicon.english_groups("Who is in charge of business-environment work?"))


def test_a_count_must_be_stated_in_the_unit_asked() -> None:


    assert "count" in fact_kinds("宁波有多少家单项冠军企业？")
    assert has_evidence("count", "规模以上企业中涌现了230家出口名牌。", "有多少家出口名牌？")
    assert not has_evidence("count", "企业发明专利数分别达到109.27件和16.06件。", "有多少家单项冠军企业？")
    # a sentence that introduces the list of requirements states the criteria
    assert has_evidence("criteria", "申请更新补贴必须符合以下要求：", "哪一条列了申请补贴必须满足的条件？")
    assert not has_evidence("criteria", "按照以下程序办理：", "哪一条列了申请补贴必须满足的条件？")
    # a qualification required before one may act is a criterion
    licence = "从事工程设计的单位，应当按照国家有关规定取得相应的资质证书后，方可承担设计业务。"
    assert has_evidence("criteria", licence, "Do we need a qualification certificate for that work?")
    assert not has_evidence("criteria", "设计单位应当按照要求提供相应的设计方案。", "Do we need a qualification?")
    assert has_evidence("procedure", "补贴机具目录、申请程序等内容，由主管部门制定。", "怎么申请，是谁定的？")
    assert has_evidence("quantity", "数量均超全国三分之一。", "占全国多少？")
    # a form the rule names is a material to hand in; a law it names is not
    assert has_evidence("materials", "获奖后3年内，应每年如实填写《质量绩效报告》。", "每年还要交什么材料？")
    assert not has_evidence("materials", "依照《中华人民共和国产品质量法》处理。", "要交什么材料？")
    assert not has_evidence("date", "自登记公告之日起享有专用权。", "登记最晚什么时候要办？")  # a deadline asked
    assert not has_evidence("quantity", "推行企业首席质量官制度。", "How many incubators are there?")


@pytest.mark.parametrize(("question", "kind", "states", "not_states"), [
    ("申报奖励最高多少钱？", "money", "给予最高不超过200万元的奖励。", "企业发明专利数分别达到109.27件和16.06件。"),
    ("贴息比例是多少？", "rate", "按照贷款利息的50%给予贴息。", "专利授权量占全省41.5件。"),
    ("审查需要多少天？", "period", "应当自收到申请之日起三十日内作出决定。", "需要提交申请表和营业执照复印件。"),
    ("申报截止到什么时候？", "date", "申报截止时间为2025年3月10日。", "每家企业最高奖励50万元。"),
    # a start fixed by an event answers "from when", not "until when"
    ("取得许可以后，从什么时候起可以使用这个标志？", "date", "被许可人自许可决定送达之日起可以使用该标志。",
     "许可证应当载明使用范围。"),
    ("From when is the holder protected?", "date", "权利人自登记公告之日起享有专用权。", "登记应当提交申请书。"),
])
def test_a_kind_of_fact_is_answered_only_by_a_sentence_stating_it(question: str, kind: str, states: str,
                                                                   not_states: str) -> None:
    assert kind in fact_kinds(question)
    assert has_evidence(kind, states, question)
    assert not has_evidence(kind, not_states, question)


def test_the_case_an_english_question_puts_asks_no_quantity() -> None:
    # "what happens if … within the time limit": the time limit is the case, not the fact asked
    assert "period" not in fact_kinds("What happens if a mine is not restored within the time limit?")
    assert "period" in fact_kinds("How many days do we have if the office rejects the application?")
    assert "date" in fact_kinds("Until when is the measure on district investment subsidies valid?")
    # "what happens to a plant that … after its deadline" asks what happens to it
    assert "date" not in fact_kinds("In Jinan, what happens to a cement plant that still lacks the capacity after its "
                                    "deadline?")
    assert "date" in fact_kinds("What is the deadline for filing the application?")


def test_conditions_assumed_are_not_asked() -> None:
    assert "criteria" not in fact_kinds("我们办了个孵化器，如果符合条件，我们能享受什么？")
    assert "criteria" not in fact_kinds("符合条件的企业有哪些支持？")
    assert fact_kinds("符合条件的话能拿多少钱？") == ("money",)
    assert "criteria" in fact_kinds("企业要符合哪些条件才能申请？")
    assert "criteria" in fact_kinds("申请需要符合什么条件？")


def test_forms_that_ask_no_quantity_or_contact() -> None:
    assert not {"count", "contact"} & set(fact_kinds("和几家企业一起申报需要什么条件？"))
    assert "contact" not in fact_kinds("找谁申请专利托管？")
    assert "contact" not in fact_kinds("I sell phone accessories at a counter. Must I show my own name there?")
    assert "contact" not in fact_kinds("Which article addresses the problem of late payment?")
    assert "contact" not in fact_kinds("能不能用园区统一安排的共享办公地址去注册？")  # an address used, not asked
    assert "contact" in fact_kinds("申报窗口的电话是多少？") and "contact" in fact_kinds("请给我专利中心的地址")
    assert "contact" in fact_kinds("What is the phone number of the patent office?")
    assert "contact" in fact_kinds("What is the address of the service centre?")


def test_requirements_named_in_a_clause_describing_the_case_are_not_asked() -> None:
    assert "criteria" not in fact_kinds("Who pays the transport costs when goods that fail quality requirements are "
                                        "returned?")
    assert "criteria" in fact_kinds("What are the requirements that a firm must meet?")
    assert "criteria" in fact_kinds("Do we need to meet any conditions if we apply?")


def test_a_time_question_takes_the_period_of_the_clause_naming_what_it_asks_about() -> None:
    limits = "应当在受理投诉之日起二十个工作日内办结；事项复杂确需延期的，可以依照国家规定适当延长处理期限。"
    assert not has_evidence("period", limits, "事项复杂需要延期的，最多能延长多少个工作日？")  # 延长 states none
    assert has_evidence("period", limits, "受理投诉后多少个工作日内要办结？")
    assert has_evidence("period", "延长期限最长不得超过十个工作日；逾期的，不予受理。", "最多能延长多少个工作日？")


@pytest.mark.parametrize("question", ["这是商标法的哪一条规定的？", "依据哪一条可以申请宽展期？",
                                      "Which article sets the renewal period?"])
def test_article_questions(question: str) -> None:
    from assistant.answering.query import asks_article

    assert asks_article(question)


def test_repeal_words_find_the_repeal_clause() -> None:
    groups = dict(load_lexicon().english_groups("Which earlier document do the measures repeal?"))
    assert "废止" in groups["repeal"]


def test_design_as_a_verb_is_not_only_a_design_patent() -> None:
    groups = dict(load_lexicon().english_groups("We design biogas plants for villages."))
    assert "设计" in groups["design"]
    patent = dict(load_lexicon().english_groups("How long does a design patent last?"))
    assert patent["design patent"] == ("外观设计",)


def test_fees_find_the_documents_words_for_charges() -> None:
    groups = dict(load_lexicon().english_groups("Am I exempt from administrative fees?"))
    assert "行政事业性收费" in groups["administrative fees"]  # the dictionary has no entry for "fee"


def test_forms_of_a_count_a_range_and_a_verb_grant() -> None:
    from assistant.answering.query import fact_kinds
    from assistant.documents.asked import asked_fact

    asked = asked_fact("执法人员来企业检查，至少要来几个人？")
    assert asked is not None and (asked.kind, asked.unit) == ("count", "人")  # 几个人 counts 人, not 个
    assert fact_kinds("循环经济促进法规定的罚款范围是多少？")[0] == "money"
    assert "subsidy" not in fact_kinds("How many working days does the authority have to grant or refuse the licence?")
    assert "subsidy" in fact_kinds("Is there a grant for patent filings?")


def test_english_quantities_take_the_forms_a_chinese_document_prints() -> None:
    from assistant.answering.query import english_quantities

    assert english_quantities("unused for two years") == ["二年", "2年", "两年"]  # 两 before a measure word
    assert english_quantities("within 2 months") == ["二个月", "2个月", "两个月"]
    assert english_quantities("within two days") == ["二日", "2日"]  # 二日, never 两日
    assert english_quantities("fifteen days") == ["十五日", "15日"]


def test_a_sentence_saying_what_to_report_states_materials() -> None:
    report = "重点用能单位应当每年向管理节能工作的部门报送上年度的能源利用状况报告。"
    assert has_evidence("materials", report, "报什么材料？")
    assert has_evidence("materials", "（三）投资主体信用及材料真实性承诺函", "要交哪些材料？")
    assert not has_evidence("materials", "管理节能工作的部门应当对报告进行审查。", "报什么材料？")
