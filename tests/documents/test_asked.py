"""What a quantity question asks about: the thing or event, the level, the unit an amount is paid per, and its
parts; a sentence stating another thing's amount does not answer it."""

from __future__ import annotations

import pytest

from assistant.answering.subject import asked_subjects_en
from assistant.documents.asked import (
    answers_the_asked,
    asked_parts,
    asked_subject,
    levels_asked,
    per_unit_asked,
)
from assistant.documents.quantities import asked_fact, states


@pytest.mark.parametrize(("question", "subject"), [
    ("申请的总部企业年营业收入要达到多少？", "收入"),
    ("那区级示范试点奖励多少？", "奖励"),
    ("年节能率达到20%的补贴比例是多少？", "补贴"),
    ("应当在交付后多少日内支付款项？", "支付"),
    ("申报材料原则上要在哪天前报送受理部门？", "报送"),
    ("对方最晚多久得给我确认？", "确认"),
    ("专项资金（第一批）提交材料截止到什么时候？", "材料"),
    ("我在小镇租了办公室，房租政府能帮多少？", "房租"),
    ("光伏奖励每年的预算总额是多少？", "预算"),
    ("会计法规定的会计年度是从哪天到哪天？", "会计年度"),  # 是从: the copula and a preposition, no subject
    ("这个政策怎么样？", ""),
    ("表格填错了，最晚什么时候要改完？", ""),  # 改完 is the owner's verb with its result, not the document's event
])
def test_asked_subject_is_the_thing_or_event_asked(question: str, subject: str) -> None:
    assert asked_subject(question) == subject


def test_levels_and_units_asked_come_from_the_asking_clause() -> None:
    assert levels_asked("对国家级示范试点奖励20万元，那区级示范试点奖励多少？") == ("区级",)
    assert per_unit_asked("对储能项目的补贴，按每千瓦时多少元计算？") == "千瓦时"
    assert per_unit_asked("单个项目每年最多奖励多少？") == ""


def test_a_sentence_about_another_level_unit_or_thing_does_not_answer() -> None:
    def known(word: str) -> bool:
        return True

    tiers = "对获得国家级、市级的示范试点项目，分别给予一次性奖励20万元、10万元。"
    assert not answers_the_asked(tiers, "那区级示范试点奖励多少？", "", known)
    assert answers_the_asked(tiers, "市级示范试点奖励多少？", "", known)
    assert not answers_the_asked("奖励标准为800元/千瓦。", "按每千瓦时多少元计算？", "", known)
    assert answers_the_asked("奖励标准为0.1元/千瓦时。", "按每千瓦时多少元计算？", "", known)
    award = "经认定，给予最高不超过500万元的奖励。"
    assert not answers_the_asked(award, "总部企业年营业收入要达到多少？", "", known)
    assert answers_the_asked(award, "总部企业年营业收入要达到多少？", "", lambda word: word != "收入")


def test_a_two_part_question_has_two_asked_facts() -> None:
    parts = asked_parts("年节能率达到20%的补贴比例是多少？单个项目最多补多少？")
    assert [a.kind for _p, a in parts] == ["rate", "money"]
    assert len(asked_parts("申报材料交到哪里？")) == 0


def test_a_day_asked_is_not_answered_by_a_bare_year() -> None:
    asked = asked_fact("材料截止到哪天？")
    assert asked is not None and asked.unit == "日"
    assert not states("2026年静安区专项资金申报指南", asked)
    assert states("提交材料时间为即日起至2026年6月30日。", asked)
    quarter = asked_fact("每年几季度公布申报指南？")
    assert quarter is not None and quarter.kind == "date"
    assert states("市交通委于每年二季度公布项目申报指南。", quarter)


def test_a_tax_asked_after_the_interrogative_must_be_one_the_documents_name() -> None:
    question = "对做节能降碳项目的企业能减免多少房产税？"
    assert asked_fact(question) is not None and asked_subject(question) == "房产税"
    relief = "对节能降碳项目，给予最高100万元补贴。"
    assert not answers_the_asked(relief, question, "", lambda word: word != "房产税")
    assert answers_the_asked("减免房产税10万元。", question, "", lambda word: True)


@pytest.mark.parametrize(("question", "kind"), [
    ("What corporate income tax rate does a technology-based SME pay?", "rate"),
    ("What income tax rate applies to the profits of a sole trader?", "rate"),
    ("What is Shanghai's investment reward per kilowatt for offshore wind projects?", "money"),
    ("How large is Jing'an's one-off reward for a certified organisation?", "money"),
    ("For serious false advertising, how high can the fine go?", "money"),
    ("What rooftop-owner subsidy per watt does the city pay?", "money"),
])
def test_english_amount_and_rate_questions_are_read_with_the_words_between(question: str, kind: str) -> None:
    asked = asked_fact(question)
    assert asked is not None and asked.kind == kind


def test_english_questions_that_ask_no_quantity_stay_unread() -> None:
    assert asked_fact("What support does the city give an SME that gets its first bank loan?") is None
    assert asked_fact("Which trade fairs must set up an IP dispute handling body?") is None


@pytest.mark.parametrize(("question", "subjects"), [
    ("What corporate income tax rate does a technology-based SME pay?", ("corporate income tax",)),
    ("What percentage super-deduction can an SME claim on its R&D expenses?", ("super-deduction",)),
    ("What is the fine for bribery under the Anti-Unfair Competition Law?", ("bribery",)),
    ("How much does the new area pay per kWh for energy storage projects?", ("energy storage",)),
    ("What is the minimum bonus for an invention patent?", ("invention patent",)),
    ("How long is a registered trademark valid?", ()),
])
def test_the_thing_an_english_quantity_question_asks_about(question: str, subjects: tuple[str, ...]) -> None:
    assert asked_subjects_en(question) == subjects


@pytest.mark.parametrize(("question", "kind", "unit"), [
    ("企业年综合能耗超过多少吨标准煤，就必须实施强制性清洁生产审核？", "measure", "吨标准煤"),
    ("屋顶光伏装机容量要多少千瓦才能申请？", "measure", "千瓦"),
    ("How many kilowatts must a rooftop PV project have?", "measure", "千瓦"),
    ("利用废物生产产品的企业增值税能退多少？", "money", ""),
    ("开一家有限公司最低注册资本是多少？", "money", ""),
    ("我在小镇租了办公室，房租政府能帮多少？", "money", ""),
    ("单位转让成果后，至少要拿出净收入的多少奖励有贡献的人员？", "rate", ""),  # a share of a sum
    ("区和镇按什么比例分担？", "rate", ""),
])
def test_measures_refunds_and_capital_are_quantities_asked(question: str, kind: str, unit: str) -> None:
    asked = asked_fact(question)
    assert asked is not None and (asked.kind, asked.unit) == (kind, unit)


def test_a_measure_is_answered_only_in_its_unit() -> None:
    asked = asked_fact("年综合能耗超过多少吨标准煤的企业要审核？")
    assert asked is not None
    assert states("年综合能耗5000吨标准煤以上的企业，应当实施审核。", asked)
    assert not states("装机容量在400千瓦及以上的项目，给予补贴。", asked)
    assert not states("给予最高50万元奖励。", asked)


def test_how_much_a_figure_must_fall_or_grow_asks_a_rate() -> None:
    for question in ("How much must energy use per square metre fall to count as a demonstration project?",
                     "How much must revenue grow to qualify?"):
        asked = asked_fact(question)
        assert asked is not None and asked.kind == "rate", question
    money = asked_fact("How much does the district pay per square metre?")
    assert money is not None and money.kind == "money"


def test_a_quantity_inside_what_someone_said_is_not_asked() -> None:
    assert asked_fact("加盟总部在广告里说加盟一年就能回本赚多少钱，这样宣传可以吗？") is None
    assert asked_fact("对方说要罚我十万元，这样合法吗？") is None
    assert asked_fact("补贴多少，有上限吗？").kind == "money"  # type: ignore[union-attr]  # the cap of the sum asked
    assert asked_fact("能补贴多少钱？这样算下来划算吗？").kind == "money"  # type: ignore[union-attr]  # two questions


def test_the_general_measure_word_counts_in_any_count_unit() -> None:
    asked = asked_fact("特许人至少要有几家直营店？")
    assert asked is not None and (asked.kind, asked.unit) == ("count", "家")
    assert states("特许人从事特许经营活动应当拥有至少2个直营店。", asked)
    assert not states("特许人应当拥有至少2名员工。", asked)


def test_things_counted_by_their_own_measure_words_are_counts_in_that_unit() -> None:
    rooms = asked_fact("古镇里开客栈，一家最多能有多少间客房？")
    assert rooms is not None and (rooms.kind, rooms.unit, rooms.bound) == ("count", "间", "max")
    assert states("每户经营客栈的客房不得超过十间。", rooms) and not states("建筑高度不得超过三层。", rooms)
    storeys = asked_fact("How many storeys may buildings in the core zone have?")
    assert storeys is not None and (storeys.kind, storeys.unit) == ("count", "层")
    assert states("核心保护区内的建筑不得超过三层。", storeys)


def test_the_firm_fined_is_any_firm_the_clause_names() -> None:
    question = "要是被财政部门查到、还够不上犯罪，公司会被罚多少钱？"
    known = {"公司", "单位", "罚款"}.__contains__
    assert answers_the_asked("尚不构成犯罪的，可以对单位并处五千元以上十万元以下的罚款。", question, "", known)
    assert not answers_the_asked("对个人可以处三千元以上五万元以下的罚款。", question, "", known)


def test_a_sum_told_before_an_a_not_a_question_is_not_asked() -> None:
    assert asked_fact("供应商开给我们的单据上金额写错了，我们的会计能不能自己拿笔在上面改一下？") is None
    assert asked_fact("这个项目要不要交材料？补贴金额是多少？") is not None  # its own clause asks the sum


def test_an_indefinite_number_told_is_not_asked() -> None:
    assert asked_fact("我们今年招了好几个残疾人，有没有税收优惠？") is None
    assert asked_fact("园区里有十几家企业，能联合申报吗？") is None
    asked = asked_fact("要招几个人才能申请？")
    assert asked is not None and asked.kind == "count"
    asked = asked_fact("我们几个人想合伙开一家公司，申请受理以后主管部门最多多少天要给答复？")  # "a few of us"
    assert asked is not None and (asked.kind, asked.unit) == ("period", "日")


def test_a_time_limit_asked_holds_though_another_question_follows_in_its_clause() -> None:
    asked = asked_fact("他们几天之内要定下来给我们什么票、给多少？")
    assert asked is not None and (asked.kind, asked.unit) == ("period", "日")
    assert asked_fact("和几家企业一起申报需要什么条件？") is None  # a count inside a clause that asks for conditions


def test_a_topic_noun_told_is_not_asked_when_another_clause_asks_something_else() -> None:
    assert asked_fact("我们公司招的残疾员工没达到规定比例，会有什么后果？") is None
    assert asked_fact("达到规定比例的，有没有奖励？") is None
    asked = asked_fact("申请补贴的比例，有什么规定？")  # the rule on the rate is its value
    assert asked is not None and asked.kind == "rate"
    asked = asked_fact("补贴比例，最高是多少？")
    assert asked is not None and asked.kind == "rate"


def test_a_fine_asked_for_one_breach_is_not_answered_by_a_fine_for_another() -> None:
    known = {"罚款", "年度报告", "职业中介", "备案"}.__contains__
    other = "擅自从事职业中介活动的，并处一万元以上五万元以下的罚款。"
    assert not answers_the_asked(other, "企业没按时报年报，会被罚款多少钱？", "", known)
    filed = "未依照本条例规定备案的，处一万元以上五万元以下的罚款。"
    assert answers_the_asked(filed, "我们一直没去备案，被查到会罚款多少？", "", known)
    assert answers_the_asked(other, "罚款是多少？", "", known)  # no breach named: any fine asked


def test_the_bound_asked_is_the_bound_stated() -> None:
    most = asked_fact("企业名称的字号最多能用几个字？")
    assert most is not None and most.bound == "max"
    assert not states("企业名称中的字号应当由两个以上汉字组成。", most)  # only a lower bound is written
    least = asked_fact("字号至少要几个字？")
    assert least is not None and states("企业名称中的字号应当由两个以上汉字组成。", least)
    fine = asked_fact("最多罚多少钱？")
    assert fine is not None and states("处一万元以上五万元以下的罚款。", fine)  # a range holds both bounds
    assert states("给予20万元奖励。", asked_fact("奖励最高多少钱？"))  # type: ignore[arg-type]  # no bound written


def test_a_fine_counted_as_a_multiple_of_a_sum_answers_how_much_the_fine_is() -> None:
    asked = asked_fact("拼装农机被查出来，拒不改正的话罚多少？")
    assert asked is not None and asked.kind == "money"
    assert states("拒不改正的，处违法经营额二倍以上五倍以下罚款。", asked, fine_asked=True)
    assert not states("按投资额的10%给予补贴。", asked, fine_asked=True)  # a share that is no fine
    capital = asked_fact("开一家有限公司最低注册资本是多少？")
    assert capital is not None and not states("处虚报注册资本金额5%以上15%以下的罚款。", capital)  # no fine asked


def test_who_decides_the_figures_asks_the_authority_not_a_figure() -> None:
    assert asked_fact("Who decides which taxes, for how long and by how much?") is None
    assert asked_fact("For how long is the tax cut granted?") is not None
