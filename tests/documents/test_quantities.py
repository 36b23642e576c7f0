"""Quantities in real policy sentences (copied from ../shared/corpus/docs and the seed) and question forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.documents.quantities import AskedFact, Quantity, asked_fact, find_quantities, states


def _found(text: str) -> list[tuple[str, float | None, str, str, str]]:
    return [(q.kind, None if q.value is None else round(q.value, 6), q.unit, q.bound, q.text)
            for q in find_quantities(text)]


# (sentence from the corpus or seed, expected (kind, value, unit, bound, text) in reading order)
SENTENCES: list[tuple[str, list[tuple[str, float | None, str, str, str]]]] = [
    # laws: amounts and ranges in Chinese numerals
    ("由人民法院根据侵权行为的情节判决给予权利人五百万元以下的赔偿。",
     [("money", 5_000_000, "元", "max", "五百万元")]),
    ("情节严重的，处五十万元以上五百万元以下的罚款。",
     [("money", 500_000, "元", "min", "五十万元"), ("money", 5_000_000, "元", "max", "五百万元")]),
    ("（三）抽奖式的有奖销售，最高奖的金额超过五万元。", [("money", 50_000, "元", "min", "五万元")]),
    ("对个人可以处五千元以下的罚款，对单位可以处五万元以下的罚款",
     [("money", 5_000, "元", "max", "五千元"), ("money", 50_000, "元", "max", "五万元")]),
    ("没有违法经营额或者违法经营额不足五万元的，可以并处二十五万元以下的罚款。",
     [("money", 50_000, "元", "", "五万元"), ("money", 250_000, "元", "max", "二十五万元")]),
    # Arabic numerals, money rates per unit, caps
    ("单个项目年度奖励金额不超过5000万元。", [("money", 50_000_000, "元", "max", "5000万元")]),
    ("深远海海上风电项目奖励标准为500元/千瓦。", [("money", 500, "元/千瓦", "", "500元/千瓦")]),
    ("常规光伏项目，光伏电站奖励标准0.1元/千瓦时，执行居民用户电价的学校分布式光伏奖励标准0.12元/千瓦时",
     [("money", 0.1, "元/千瓦时", "", "0.1元/千瓦时"), ("money", 0.12, "元/千瓦时", "", "0.12元/千瓦时")]),
    ("存量屋顶业主：0.2元/瓦(按并网容量)", [("money", 0.2, "元/瓦", "", "0.2元/瓦")]),
    ("处10万–100万元罚款", [("money", 100_000, "元", "min", "10万"), ("money", 1_000_000, "元", "max", "100万元")]),
    ("补助10-100万元", [("money", 100_000, "元", "min", "10"), ("money", 1_000_000, "元", "max", "100万元")]),
    ("最高不超过200万元", [("money", 2_000_000, "元", "max", "200万元")]),
    # 万/亿 without 元 next to a money word; a cap word earlier in the clause
    ("处10万–100万罚款", [("money", 100_000, "元", "min", "10万"), ("money", 1_000_000, "元", "max", "100万")]),
    ("对认定的企业最高奖励50万", [("money", 500_000, "元", "max", "50万")]),
    ("按不超过项目总投资的30%给予补助", [("rate", 0.3, "%", "max", "30%")]),
    ("新建5万平方米的厂房", [("measure", 50_000, "平方米", "", "5万平方米")]),
    ("年节能量20吨标准煤以上", [("measure", 20, "吨标准煤", "min", "20吨标准煤")]),
    # lengths in metres, whatever unit is printed, and loudness in decibels
    ("距离不少于1.5公里", [("measure", 1500, "米", "min", "1.5公里")]),
    ("店门外十米以内", [("measure", 10, "米", "max", "十米")]),
    ("夜间不得超过五十分贝", [("measure", 50, "分贝", "max", "五十分贝")]),
    ("服务10万人次", [("count", 100_000, "人次", "", "10万人次")]),
    ("营业收入10亿元以上的323家工业企业",
     [("money", 1e9, "元", "min", "10亿元"), ("count", 323, "家", "", "323家")]),
    # rates
    ("从该项科技成果转让净收入或者许可净收入中提取不低于百分之五十的比例",
     [("rate", 0.5, "%", "min", "百分之五十")]),
    ("市中小企业发展专项资金用于小企业的资金比例应当不低于三分之一。",
     [("rate", 0.333333, "%", "min", "三分之一")]),
    ("分5年拨付，每年拨付20%。", [("period", 1825, "年", "", "5年"), ("rate", 0.2, "%", "", "20%")]),
    ("调整幅度不超过15%。", [("rate", 0.15, "%", "max", "15%")]),
    ("按万分之五缴纳", [("rate", 0.0005, "%", "", "万分之五")]),
    ("滞纳金按千分之三计算", [("rate", 0.003, "%", "", "千分之三")]),
    # a ratio of two parties' shares, read where a ratio word follows it (never a clock time or a score)
    ("由区、镇(开发区)两级按照3:7的比例负担。", [("rate", 2.333333, "比", "", "3:7")]),
    ("按照市级支持资金1：0.5的比例安排区级配套资金", [("rate", 0.5, "比", "", "1：0.5")]),
    ("会议于10:30开始，比分3:2。", []),
    ("利润增长３０％以上", [("rate", 0.3, "%", "min", "３０％")]),  # full-width digits too
    ("利润增长30％以上", [("rate", 0.3, "%", "min", "30％")]),
    ("可以在按照上述方法确定数额的一倍以上五倍以下确定赔偿数额",
     [("rate", 1, "倍", "min", "一倍"), ("rate", 5, "倍", "max", "五倍")]),
    ("产值提高三成", [("rate", 0.3, "%", "", "三成")]),
    ("形成一批成果，完成组成", []),
    # periods: 日 and 天 are one unit; 工作日 stays its own
    ("自收到商标注册申请文件之日起九个月内审查完毕", [("period", 270, "月", "max", "九个月")]),
    ("商标注册人应当在期满前十二个月内按照规定办理续展手续；在此期间未能办理的，可以给予六个月的宽展期。",
     [("period", 360, "月", "max", "十二个月"), ("period", 180, "月", "", "六个月")]),
    ("注册商标的有效期为十年", [("period", 3650, "年", "", "十年")]),
    ("公示期限为5个工作日", [("period", 5, "工作日", "", "5个工作日")]),
    ("应当在三十日内作出决定", [("period", 30, "日", "max", "三十日")]),
    ("应当在15天内答复", [("period", 15, "日", "max", "15天")]),
    ("在实施转化成功投产后连续三至五年，每年从实施该项科技成果的营业利润中提取不低于百分之五的比例",
     [("period", 1095, "年", "min", "三"), ("period", 1825, "年", "max", "五年"),
      ("rate", 0.05, "%", "min", "百分之五")]),
    ("本市创立十八个月内的小企业", [("period", 540, "月", "max", "十八个月")]),
    ("当项目发电量利用小时达到6050小时或者奖励期满5年，奖励结束。",
     [("period", 252.083333, "小时", "", "6050小时"), ("period", 1825, "年", "min", "5年")]),
    ("电网企业收到财政拨付的奖励资金后，应在一个月内转付给项目投资主体。", [("period", 30, "月", "max", "一个月")]),
    ("光伏项目投资主体应在项目并网投产后一年以内", [("period", 365, "年", "max", "一年")]),
    ("在本市行政区域内登记注册，生产经营3年以上", [("period", 1095, "年", "min", "3年")]),
    # dates and deadlines
    ("本法自2022年1月1日起施行。", [("date", None, "日期", "min", "2022年1月1日")]),
    ("于2025年3月10日和8月底前将截至申报日的可再生能源项目进行线上初审",
     [("date", None, "日期", "", "2025年3月10日"), ("date", None, "日期", "max", "8月底")]),
    ("各区发展改革委应认真梳理并于每年8月底前编制下一年度专项资金申请计划", [("date", None, "日期", "max", "8月底")]),
    ("其中，2022年并网投产项目应在2023年四季度进行申报",
     [("date", None, "日期", "", "2022年"), ("date", None, "日期", "", "2023年四季度")]),
    ("当年第四季度为集中申报期", [("date", None, "日期", "", "第四季度")]),
    ("本办法自2022年9月1日起施行，有效期至2027年8月31日。",
     [("date", None, "日期", "min", "2022年9月1日"), ("date", None, "日期", "max", "2027年8月31日")]),
    ("3月10日前提交", [("date", None, "日期", "max", "3月10日")]),
    # counts in their unit; ordinals and words are not counts
    ("单项冠军企业和专精特新“小巨人”企业成为创新中坚力量，企业发明专利数分别达到109.27件和16.06件",
     [("count", 109.27, "件", "", "109.27件"), ("count", 16.06, "件", "", "16.06件")]),
    ("其发明专利数量占到规模以上企业总量的41.5%", [("rate", 0.415, "%", "", "41.5%")]),
    ("全市规模以上企业累计主持及参与国际标准24项", [("count", 24, "项", "", "24项")]),
    ("规模以上企业中涌现了230家出口名牌", [("count", 230, "家", "", "230家")]),
    ("每次上海市市长质量奖先进质量管理模式和成果总数均不超过4个", [("count", 4, "个", "max", "4个")]),
    ("2011年4月12日 上海市第十三届人民代表大会常务委员会第二十六次会议通过",
     [("date", None, "日期", "", "2011年4月12日")]),
    ("同一项目只能选择本办法支持方式中的一项给予支持。", [("count", 1, "项", "", "一项")]),
    ("依照前款第一项至第三项规定的标准", []),
    ("同一外观设计申请中包括的相似外观设计不得超过10项。", [("count", 10, "项", "max", "10项")]),
    ("变更名称中的一项或者两项内容的", [("count", 1, "项", "", "一项"), ("count", 2, "项", "", "两项")]),
    ("国家鼓励企业申请专利，条件和文件齐全", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES, ids=[s[:12] for s, _ in SENTENCES])
def test_quantities_in_real_sentences(sentence: str, expected: list[tuple[str, float | None, str, str, str]]) -> None:
    assert _found(sentence) == expected


def test_offsets_point_at_the_text() -> None:
    text = "".join(sentence for sentence, _ in SENTENCES)
    quantities = find_quantities(text)
    assert len(quantities) >= 60
    for q in quantities:
        assert text[q.start : q.end] == q.text


def test_pdf_spaces_do_not_crash_or_invent_a_number() -> None:
    assert [q for q in find_quantities("处 5 0 万元罚款") if q.kind == "money"] == []
    find_quantities("第 1 1 条  5 0 万 元 ， 百 分 之 五")


_ALPHABET = "0123456789.%％年月日天个万亿元千百十一二三四五六七八九零两之分倍成以上下内前起第 -–至"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_never_crashes_and_offsets_hold(text: str) -> None:
    for q in find_quantities(text):
        assert isinstance(q, Quantity)
        assert text[q.start : q.end] == q.text


# (question, expected (kind, unit) or None)
QUESTIONS: list[tuple[str, tuple[str, str] | None]] = [
    # money
    ("商标侵权时，权利人损失、侵权获利和许可使用费都难以确定，法院最多可以判赔多少？", ("money", "")),
    ("企业搞抽奖式有奖销售，最高奖金额有什么上限？", ("money", "")),
    ("侵犯商业秘密情节严重的，监督检查部门可以处多少罚款？", ("money", "")),
    ("专精特新企业能拿到多少钱？", ("money", "")),
    ("获评单项冠军奖励多少？", ("money", "")),
    ("首台套补贴多少", ("money", "")),
    ("研发费用补助最高多少万？", ("money", "")),
    ("海上风电项目的奖励标准是多少？", ("money", "")),
    ("资助金额是多少", ("money", "")),
    ("How much is the award for a national single-item champion?", ("money", "")),
    ("What is the maximum amount of the subsidy?", ("money", "")),
    ("How large is the fine for false advertising?", ("money", "")),
    # rates
    ("科技成果转让净收入中提取奖励的比例是多少？", ("rate", "")),
    ("小企业资金比例不低于百分之几？", ("rate", "%")),
    ("增值税税率是多少", ("rate", "")),
    ("奖励人员能分到几成？", ("rate", "%")),
    ("恶意侵权最多赔几倍？", ("rate", "倍")),
    ("奖励标准调整幅度不超过多少%？", ("rate", "%")),
    ("What rate applies to distributed solar?", ("rate", "")),
    ("What percentage of the net income goes to the inventors?", ("rate", "")),
    ("What share of the fund must go to small firms?", ("rate", "")),
    ("What is the tax rate for small firms?", ("rate", "")),
    # periods, with the unit asked
    ("商标局收到商标注册申请后，应在多长时间内审查完毕？", ("period", "")),
    ("宽展期有几个月？", ("period", "月")),
    ("公示几天？", ("period", "日")),
    ("公示期是多少个工作日", ("period", "工作日")),
    ("注册商标有效期是几年？", ("period", "年")),
    ("审查需要多少天", ("period", "日")),
    ("奖励期多久？", ("period", "")),
    ("奖励资金多久能拿到？", ("period", "")),
    ("有效期多长", ("period", "")),
    ("How long is the trademark valid?", ("period", "")),
    ("How many days does the publicity last?", ("period", "日")),
    ("How many working days is the publicity period?", ("period", "工作日")),
    ("How many years must a firm have operated?", ("period", "年")),
    ("What is the validity period of a registered trademark?", ("period", "")),
    # dates
    ("注册商标有效期满后要继续使用，应在什么时候办理续展？", ("date", "")),
    ("这个条例何时施行？", ("date", "")),
    ("申报截止到哪天？", ("date", "日")),
    ("2025年的申报几号截止", ("date", "日")),
    ("初审意见哪个月报送？", ("date", "月")),
    ("When does the regulation take effect?", ("date", "")),
    ("What is the deadline for the 2025 application?", ("date", "")),
    ("By what date must the district submit its plan?", ("date", "")),
    ("What is the effective date of the regulation?", ("date", "")),
    # counts, in the unit asked
    ("市长质量奖每次最多评几个？", ("count", "个")),
    ("宁波有多少家出口名牌企业？", ("count", "家")),
    ("每年评选几家企业", ("count", "家")),
    ("需要多少人参保", ("count", "人")),
    ("单项冠军企业平均有几件发明专利？", ("count", "件")),
    ("参与了多少项国际标准", ("count", "项")),
    ("How many firms can be recognised each year?", ("count", "家")),
    ("How many people must the company employ?", ("count", "人")),
    ("How many patents does a champion firm hold?", ("count", "件")),
    ("门前责任区要管到店门外多少米？", ("measure", "米")),
    ("离学校多少公里以内不能开网吧？", ("measure", "米")),
    ("How many metres from a school must it be?", ("measure", "米")),
    ("噪声不能超过多少分贝？", ("measure", "分贝")),
    # forms from the shared development questions
    ("浙江的科技成果完成单位如果没有规定奖励支付期限，应在什么期限内发放奖励？", ("period", "")),
    ("上海市中小企业发展专项资金中用于小企业的比例有什么要求？", ("rate", "")),
    ("各区发展改革委上半年初审的截止时间是哪天？", ("date", "日")),
    ("上海市创业场地房租补贴的具体标准是每平方米每天多少元？", ("money", "")),
    ("Under Shanghai's renewable-energy special fund measures, what is the per-kWh reward for BIPV projects?",
     ("money", "")),
    ("If a company has no agreed rule for rewarding inventors, what is the minimum bonus for a patent?", ("money", "")),
    ("What fine can a business face for false or misleading commercial advertising?", ("money", "")),
    ("What is the annual fee in yuan for keeping an invention patent in force?", ("money", "")),
    ("After the Trademark Office rejects an application, within how many days can the applicant request a review?",
     ("period", "日")),
    ("补贴比例怎么计算？", ("rate", "")),
    # no quantity asked
    ("专利年费逾期补缴时，滞纳金怎么计算？", None),
    ("以知识产权作价出资占注册资本的比例怎么确定？", None),  # by a figure or a way (由出资各方协商约定)
    ("上海的中小企业招用本市就业困难人员，满足什么条件可以申请资金支持？", None),
    ("申报截止后还能补交材料吗？", None),
    ("截止日期前需要准备哪些材料？", None),
    ("和几家企业一起申报需要什么条件", None),
    ("找谁申请", None),
    ("几个部门联合发文吗", None),
    ("是否需要几个部门联合审批", None),
    ("专利托管是什么？", None),
    ("申请需要哪些材料？", None),
    ("我们没有发明专利，谁能帮我们？", None),
    ("什么是“三首”产品？", None),
    ("Who can help us with patents?", None),
    ("When applying, what documents do we need?", None),
    ("Which department handles the application?", None),
    ("What is patent custody?", None),
]


@pytest.mark.parametrize(("question", "expected"), QUESTIONS, ids=[q[:14] for q, _ in QUESTIONS])
def test_asked_fact_reads_the_question_form(question: str, expected: tuple[str, str] | None) -> None:
    found = asked_fact(question)
    assert (None if found is None else (found.kind, found.unit)) == expected
    if found is not None:
        assert found.words and all(w.lower() in question.lower() for w in found.words)


def test_there_are_enough_question_forms() -> None:
    assert len(QUESTIONS) >= 60
    assert sum(1 for q, _ in QUESTIONS if q.isascii()) >= 15


SEED_COUNT = "单项冠军企业和专精特新“小巨人”企业成为创新中坚力量，企业发明专利数分别达到109.27件和16.06件"
SEED_SHARE = "营业收入10亿元以上的323家工业企业，其发明专利数量占到规模以上企业总量的41.5%"


def test_an_award_question_is_not_answered_by_a_patent_count_or_a_share() -> None:
    money = asked_fact("单项冠军企业奖励多少？")
    assert money == AskedFact("money", "", ("奖励多少",))
    assert states(SEED_COUNT, money) == []
    assert [q.text for q in states(SEED_SHARE, money)] == ["10亿元"]  # an amount, though not an award
    assert states("其发明专利数量占到规模以上企业总量的41.5%", money) == []


def test_a_rate_question_is_not_answered_by_a_count() -> None:
    rate = asked_fact("奖励比例是多少？")
    assert rate is not None
    assert states(SEED_COUNT, rate) == []
    assert [q.text for q in states(SEED_SHARE, rate)] == ["41.5%"]


def test_days_asked_match_days_written_either_way() -> None:
    days = asked_fact("审查需要多少天？")
    assert days is not None
    assert [q.text for q in states("应当在三十日内作出决定", days)] == ["三十日"]
    assert [q.text for q in states("公示期限为5个工作日", days)] == ["5个工作日"]
    assert states("自收到之日起九个月内审查完毕", days) == []


def test_months_asked_match_months_and_counts_keep_their_unit() -> None:
    months = asked_fact("宽展期几个月？")
    assert months is not None
    assert [q.text for q in states("可以给予六个月的宽展期", months)] == ["六个月"]
    firms = asked_fact("有多少家企业？")
    assert firms is not None
    assert states(SEED_COUNT, firms) == []
    assert [q.text for q in states("规模以上企业中涌现了230家出口名牌", firms)] == ["230家"]


def test_years_counted_as_nian_du_are_a_period_not_a_count_of_people() -> None:
    people = asked_fact("公司员工人数达到多少人以上，才必须安排带薪年休假？")
    assert people is not None and (people.kind, people.unit) == ("count", "人")
    assert states("单位确有必要跨年度安排职工年休假的，可以跨1个年度安排。", people) == []
    years = asked_fact("最多可以跨几年安排？")
    assert years is not None and [q.text for q in states("可以跨1个年度安排。", years)] == ["1个年度"]


def test_a_period_question_is_not_answered_by_a_date() -> None:
    period = asked_fact("有效期多长？")
    assert period is not None
    assert states("本法自2022年1月1日起施行。", period) == []
    date = asked_fact("什么时候施行？")
    assert date is not None
    assert [q.text for q in states("本法自2022年1月1日起施行。", date)] == ["2022年1月1日"]


def test_how_often_a_thing_must_be_done_answers_how_long_between_times() -> None:
    often = asked_fact("这东西多久得清洗一回？")
    assert often is not None and often.kind == "period"
    assert [q.text for q in states("油烟净化设施每季度至少进行一次清洗维护。", often)] == ["每季度至少进行一次"]
    assert [q.value for q in states("每半年检测一次。", often)] == [182.5]
    assert states("每季度至少进行一次清洗维护。", AskedFact("count", "次")) != []  # still a count of times
    assert states("油烟净化设施应当定期清洗维护。", often) == []  # no frequency stated


def test_the_verb_a_time_question_asks_the_length_of() -> None:
    from assistant.documents.quantities import asked_verb

    assert asked_verb("事项复杂的，最多能延长多少个工作日？") == "延长"
    assert asked_verb("商标局收到申请后，应在多长时间内审查完毕？") == ""  # a preposition: the verb comes later
    assert asked_verb("这东西多久得清洗一回？") == ""  # a noun


def test_importing_the_modules_loads_no_heavy_library() -> None:
    import subprocess
    import sys

    code = (
        "import sys, assistant.documents.quantities, assistant.documents.places;"
        "print(sorted(m for m in ('cn2an', 'jionlp', 'pypinyin') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_date_question_is_answered_by_a_deadline_counted_from_an_event() -> None:
    when = asked_fact("注册商标有效期满后要继续使用，应在什么时候办理续展？")
    assert when is not None and when.kind == "date"
    sentence = "商标注册人应当在期满前十二个月内按照规定办理续展手续；在此期间未能办理的，可以给予六个月的宽展期。"
    assert [q.text for q in states(sentence, when)] == ["十二个月"]
    assert states("注册商标的有效期为十年", when) == []


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("装机容量在400KW及以上的", 400.0, "千瓦"),
    ("装机规模2MW以上", 2000.0, "千瓦"),
    ("建筑面积5000㎡以上", 5000.0, "平方米"),
    ("年发电量10000kWh", 10000.0, "千瓦时"),
])
def test_measures_in_latin_letters_read_as_their_chinese_units(text: str, value: float, unit: str) -> None:
    found = [q for q in find_quantities(text) if q.kind == "measure"]
    assert [(q.value, q.unit) for q in found] == [(value, unit)]


def test_a_latin_letter_after_a_number_is_no_unit_by_itself() -> None:
    assert find_quantities("支持5G基站建设") == []


def test_a_fine_answers_only_a_question_about_a_fine_or_breaking_a_rule() -> None:
    from assistant.answering.query import has_evidence

    fine = "违反本条例规定的，由市场监督管理部门责令限期改正，可以并处五万元以上二十万元以下罚款。"
    assert not states(fine, AskedFact("money"))  # "一年卖多少钱以下可以不办执照" asks a threshold
    assert states(fine, AskedFact("money"), fine_asked=True)
    assert not has_evidence("money", fine, "在浙江网上卖东西，一年卖多少钱以下可以不办营业执照？")
    assert has_evidence("money", fine, "没按规定公示，被查到要交多少钱？")  # what breaking the rule costs
    assert has_evidence("money", fine, "不公示的话最多罚多少？")
    assert has_evidence("money", fine, "如果责令改正以后还是不改呢？")  # a follow-up inherits "罚多少"
    assert has_evidence("money", "对新认定的企业给予二十万元奖励。", "新认定的企业能拿多少钱？")
