"""Granting clauses read into measures: gives (amounts, caps, tiers), targets and parsed conditions."""

from __future__ import annotations

import hashlib

from assistant.models import SourceDocument
from assistant.programs.clauses import fact_key, is_granting, tier_key
from assistant.programs.measures import extract_measures


def _doc(text: str, doc_id: str = "d1", **place: str) -> SourceDocument:
    return SourceDocument(doc_id, "t", "t.md", text, hashlib.sha256(text.encode()).hexdigest(), **place)


def test_threshold_rate_and_cap_with_offsets() -> None:
    text = "第五条 对当年设备投资500万元及以上的企业，按投资额的10%给予补助，最高不超过200万元。"
    (m,) = extract_measures(_doc(text))
    assert m.article == "第五条" and text[m.start:m.end] == m.quote
    (cond,) = [c for c in m.conditions if c.kind == "threshold"]
    assert (fact_key(cond.fact), cond.op, cond.value) == ("设备投资", "gte", 5_000_000)
    assert text[cond.start:cond.end] == cond.text
    kinds = {(g.kind, g.amount, g.cap) for g in m.gives}
    assert ("rate", 0.1, False) in kinds and ("money", 2_000_000, True) in kinds
    for g in m.gives:
        assert text[g.start:g.end] == g.text


def test_tiers_split_per_level() -> None:
    text = "二、对新认定为国家级、省级专精特新中小企业的，分别给予50万元、20万元的一次性奖励。"
    (m,) = extract_measures(_doc(text))
    (tier,) = [c for c in m.conditions if c.kind == "tier"]
    assert tier.levels == ("国家级", "省级") and tier.new and tier_key(tier.fact) == "专精特新"
    assert {(g.tier, g.amount) for g in m.gives} == {("国家级", 500_000), ("省级", 200_000)}
    assert "专精特新" in m.name and m.name.endswith("奖励")


def test_rate_share_and_growth_conditions() -> None:
    text = "对研发投入占营业收入比例不低于5%且出口额同比增长超过20%的企业，给予30万元奖励。"
    (m,) = extract_measures(_doc(text))
    facts = {fact_key(c.fact): (c.op, c.value) for c in m.conditions if c.kind == "threshold"}
    assert facts == {"研发投入占比": ("gte", 0.05), fact_key("出口额同比增长"): ("gt", 0.2)}


def test_penalties_and_staff_rewards_are_not_measures() -> None:
    assert not is_granting("对直接负责的主管人员依法给予处分。")
    assert not is_granting("由监督检查部门责令改正，给予警告。")
    assert not is_granting("由科技成果完成单位对做出重要贡献的人员给予奖励和报酬。")
    # what the public or civil society is encouraged to give is no measure a company can apply for
    assert not is_granting("鼓励公众在信息工程建设采购活动中，优先选择具有自主知识产权的电子信息产品及软件产品。")
    assert not is_granting("鼓励企业事业组织、社会团体对在科学技术进步活动中做出贡献的组织和个人给予奖励。")
    assert is_granting("县级以上人民政府在信息工程建设采购活动中，应当优先采购具有自主知识产权的电子信息产品。")
    assert is_granting("符合条件的小型微利企业，减按20%的税率征收企业所得税。")


def test_cache_follows_the_text() -> None:
    first = extract_measures(_doc("对首次认定为高新技术企业的，给予10万元奖励。"))
    second = extract_measures(_doc("对首次认定为高新技术企业的，给予20万元奖励。"))
    assert first[0].gives[0].amount == 100_000 and second[0].gives[0].amount == 200_000
    assert first[0].conditions[0].kind == "qualification" and first[0].conditions[0].new


def test_levels_named_bare_in_a_list_and_titles_won_by_obtaining() -> None:
    text = "对取得国家、本市各类绿色工厂称号的企业，分别给予一次性奖励20万元、10万元。"
    (m,) = extract_measures(_doc(text))
    (tier,) = [c for c in m.conditions if c.kind == "tier"]
    assert tier.levels == ("国家级", "市级") and tier.fact == "绿色工厂称号"
    assert {(g.tier, g.amount) for g in m.gives} == {("国家级", 200_000), ("市级", 100_000)}


def test_a_certification_held_is_a_qualification() -> None:
    (m,) = extract_measures(_doc("获得质量管理体系等认证的企事业单位，给予5万元一次性奖励。"))
    assert [(c.kind, c.fact) for c in m.conditions] == [("qualification", "质量管理体系认证")]


def test_a_matching_ratio_is_a_rate() -> None:
    (m,) = extract_measures(_doc("对通过验收的示范项目，按照所获得市级扶持资金给予1:0.5配套支持。"))
    assert [(g.kind, g.amount) for g in m.gives] == [("rate", 0.5)]


def test_thresholds_over_physical_measures_and_a_range() -> None:
    text = "对既有建筑光伏项目，并网规模不低于10千瓦且不高于800千瓦（含800千瓦），奖励标准为800元/千瓦。"
    (m,) = extract_measures(_doc(text))
    assert [(c.kind, c.fact, c.op, c.value) for c in m.conditions if c.kind != "text"] == [
        ("threshold", "并网规模", "gte", 10), ("threshold", "并网规模", "lte", 800)]
    assert not any("含800" in c.text for c in m.conditions)


def test_a_second_grant_after_a_semicolon_keeps_the_first_ones_conditions() -> None:
    text = ("由服务机构全额投资的节能项目，年节能量50吨标准煤以上的，年节能率达到20%，给予投资额30%的补贴；"
            "年节能率达到10%，给予投资额20%的补贴。")
    first, second = extract_measures(_doc(text))
    assert {c.fact for c in second.conditions if c.kind == "threshold"} == {"年节能量", "年节能率"}
    assert any(c.kind == "text" and "全额投资" in c.text for c in second.conditions), "the target is carried"
    assert next(c.value for c in second.conditions if c.fact == "年节能率") == 0.1
    restating = "对首次通过高新技术企业认定的企业，给予15万元奖励；重新认定通过的，给予5万元奖励。"
    _first, again = extract_measures(_doc(restating))
    assert not any(c.kind == "qualification" for c in again.conditions), "its own condition replaces the first's"


def test_a_limit_after_the_grant_is_no_penalty_and_tax_relief_is_granted() -> None:
    assert is_granting("对节能技术项目，按不超过设备投资额20%给予补贴，单个项目只能享受一次补贴。")
    assert is_granting("符合条件的中小企业，可以享受投标保证金等费用减免。")
    assert not is_granting("对骗取补贴的，追回已给予的补贴。")


def test_a_title_list_with_or_and_the_applicant_are_no_extra_conditions() -> None:
    from assistant.programs.fit import same_tier

    text = "对入选国家级、市级、区级优秀出海项目或实践的申报主体，给予每个项目最高不超过20万元奖励。"
    (m,) = extract_measures(_doc(text))
    assert [(c.kind, c.levels) for c in m.conditions] == [("tier", ("国家级", "市级", "区级"))]
    assert same_tier("优秀出海项目", m.conditions[0].fact) and not same_tier("出海", m.conditions[0].fact)
    assert is_granting("支持中小企业享受技术转让企业所得税先行先试政策。")
    assert not is_granting("依照规定给予专利权期限补偿的，补偿期限按照实际天数计算。")


def test_certifications_listed_in_one_phrase_are_alternatives() -> None:
    (m,) = extract_measures(_doc("对首次获得能源管理体系、碳排放管理体系等认证的企业，给予最高20万元奖励。"))
    (cond,) = [c for c in m.conditions if c.kind == "qualification"]
    assert cond.new and cond.fact.split("、") == ["能源管理体系认证", "碳排放管理体系认证"]


def test_an_authoritys_judgement_of_a_case_is_no_title_held() -> None:
    text = "对首次获得能源管理体系等认证的企业，经认定具有示范引领作用的，给予不超过20万元的补贴。"
    (m,) = extract_measures(_doc(text))
    assert [c.fact for c in m.conditions if c.kind in ("tier", "qualification")] == ["能源管理体系认证"]
    assert any("示范引领" in c.text for c in m.conditions if c.kind == "text")  # the owner checks it


def test_grants_made_by_a_procedure_a_matching_budget_or_a_procurement_preference() -> None:
    stall = "对每个平价蔬菜摊位根据具体销售情况进行补贴，补贴金额每月不超过5000元。"
    (m,) = extract_measures(_doc(stall))
    assert ("money", 5000, True) in {(g.kind, g.amount, g.cap) for g in m.gives}
    (matched,) = extract_measures(_doc("获得市引导资金支持的项目，按照市级支持资金1:0.5的比例安排区级配套资金。"))
    assert [(g.kind, g.amount) for g in matched.gives] == [("rate", 0.5)]
    assert is_granting("政府采购在同等条件下优先选择具有自主知识产权的产品。")
    assert is_granting("优先安排高新技术产业发展所需用地。")
    assert not is_granting("产品的设计应当优先选择易于降解或者便于回收利用的方案。")  # a duty, no preference
    assert not is_granting("对于有2个以上权属方的，按照份额比例进行拆分补贴。")  # how a grant is split
    assert is_granting("改造后，单位建筑面积能耗下降15%及以上，依据节能改造投资额给予补贴。")  # 依据 a sum: its basis
    assert not is_granting("依据有关法律法规给予处分。")
    assert is_granting("企业购买专利所发生的费用，可以按照规定列入成本。")  # a tax treatment granted
    assert not is_granting("其中研究开发科技成果所用财政资金不列入成本。")


def test_an_amount_sentence_after_a_grant_in_its_paragraph_keeps_the_grants_target() -> None:
    text = "对新建和完成整体改建的标准化菜市场给予资金补贴。按建设投入资金总额的50%给予补贴，最高不超过100万元。"
    first, second = extract_measures(_doc(text))
    assert second.target == first.target and "菜市场" in second.target
    apart = "对新建的标准化菜市场给予资金补贴。\n\n按建设投入资金总额的50%给予补贴。"
    _first, alone = extract_measures(_doc(apart))
    assert not alone.target  # another paragraph: its own


def test_tax_deductions_means_of_support_for_firms_and_levels_before_the_verb() -> None:
    assert is_granting("企业的研究开发费用，可以在计算应纳税所得额时按照规定加计扣除。")
    assert is_granting("企业从事基础研究的，按照有关规定享受研究开发费用税前加计扣除、科研仪器设备加速折旧等优惠政策。")
    assert is_granting("区科技部门通过经费支持、创新券后补助等方式，支持小微企业购买技术服务。")
    assert not is_granting("县级以上人民政府可以通过风险补偿、贷款贴息等方式，鼓励和支持银行开展质押贷款业务。")
    assert not is_granting("有关部门应当保障中小企业平等享受国家鼓励技术创新的各项政策。")  # a duty of the authority
    (m,) = extract_measures(_doc("企业设立的研发机构被国家或者本省认定为企业技术中心的，享受财政支持政策。"))
    (tier,) = [c for c in m.conditions if c.kind == "tier"]
    assert tier.levels == ("国家级", "省级") and tier.fact == "企业技术中心"


def test_titles_a_class_names_in_brackets_are_alternatives() -> None:
    text = "对取得国家、本省各类质量品牌称号（质量标杆、品牌示范等）的企业，分别给予奖励20万元、10万元。"
    (m,) = extract_measures(_doc(text))
    (tier,) = [c for c in m.conditions if c.kind == "tier"]
    assert {"质量标杆", "品牌示范"} <= set(tier.fact.split("、")) and tier.levels == ("国家级", "省级")
    assert not [c for c in m.conditions if c.kind == "text"]  # the bracket is part of the title, not a condition


def test_what_third_parties_are_encouraged_to_give_or_a_restriction_is_no_grant() -> None:
    assert not is_granting("鼓励金融机构对信用良好的企业在贷款额度、利率等方面给予优惠。")
    assert not is_granting("限制失信企业享受财政资金补助等政策扶持。")
    assert not is_granting("与大企业存在控股关系的中小企业，不享受中小企业扶持政策。")
    assert is_granting("在评审时对小微企业均应执行价格评审优惠政策。")
    assert is_granting("对小微企业报价给予一定比例的扣除。")
    assert is_granting("实施财政资金支持，应当在同等条件下优先选择信用较好的企业。")
    # a method the projects use is which projects, not how the grant is made
    (m,) = extract_measures(_doc("采用综合评分法的采购项目，对小微企业报价给予一定比例的扣除。"))
    assert any(c.kind == "text" and "综合评分法" in c.text for c in m.conditions)


def test_a_preference_naming_the_preferred_first_targets_them() -> None:
    text = "根据本条例第十四条第二款规定将科技成果许可他人实施的，中小微企业优先实施。"
    (m,) = extract_measures(_doc(text))
    assert m.target == "中小微企业"
    # the ones asked to act first are no beneficiaries: they transfer to SMEs, nobody transfers to them
    assert not is_granting("本市鼓励研发机构、高等院校优先向中小微企业转移科技成果。")


def test_tax_reductions_and_fee_exemptions_are_grants_but_who_sets_them_is_not() -> None:
    assert is_granting("在一定时期内对乡镇企业减征一定比例的税收。")
    assert is_granting("进行跨区作业的农业机械，免交车辆通行费。")
    assert not is_granting("减征税收的税种、期限和比例由国务院规定。")  # 减征 names the relief, nobody is given it


def test_where_support_goes_and_what_the_authority_does_first_are_no_conditions() -> None:
    text = ("第十六条 市人民政府应当根据法律、法规的有关规定，制定具体措施，"
            "对特产生产经营者在技术改造、电子商务、人才培养等方面给予政策支持。")
    (m,) = extract_measures(_doc(text))
    assert m.target == "特产生产经营"  # whom it supports, not where
    assert [c.text for c in m.conditions] == ["对特产生产经营者"]
    contracts = "经认定登记的技术合同，当事人可以按国家和省有关规定，在科技贷款、减免税收等方面申请优惠。"
    (m,) = extract_measures(_doc(contracts))
    assert [c.text for c in m.conditions] == ["经认定登记的技术合同"]
    (m,) = extract_measures(_doc("在享受省级补贴资金的基础上，对钢结构建筑项目给予一定的资金补贴。"))
    assert [c.text for c in m.conditions] == ["对钢结构建筑项目"]  # on top of another grant, not if


def test_putting_a_preference_into_effect_for_a_target_grants_it_but_a_duty_to_do_so_does_not() -> None:
    assert is_granting("对采用钢结构装配式建筑建造形式的建设项目，依法落实相应的税费优惠政策。")
    assert not is_granting("省和设区的市人民政府应当定期组织人才交流活动，简化引进手续，落实优惠政策。")


def test_units_and_individuals_are_applicants_and_a_modal_is_no_part_of_the_target() -> None:
    assert is_granting("单位和个人从事专利技术转让、咨询等业务，依法享受税收优惠。")  # not a unit rewarding its staff
    assert not is_granting("单位应当给予发明人奖励。")
    (m,) = extract_measures(_doc("在评审时对小微企业均应执行价格评审优惠政策。"))
    assert m.target == "小微企业" and [c.text for c in m.conditions] == ["对小微企业"]
    assert m.name == "小微企业优惠"


def test_support_given_by_named_means_is_a_grant_to_whom_it_supports() -> None:
    means = "市财政资金采取股权投资、贴息、补助等方式，重点支持示范区内的重大科技研发、成果转化项目。"
    (m,) = extract_measures(_doc(means))
    assert [c.text for c in m.conditions] == ["示范区内的重大科技研发、成果转化项目"]
    assert is_granting("通过补贴、奖励等措施，支持区内的企业及相关人员获得专利权。")
    assert is_granting("采取阶段参股、风险补助等多种方式，支持创业投资机构在区内开展投资业务。")
    # what a fund is spent on, and whom it guides elsewhere, are no grant to an applicant
    assert not is_granting("专项资金通过补助、奖励等方式，重点支持中小企业公共服务体系建设等事项。")
    assert not is_granting("有关部门应当采取补贴、培训等措施，引导高等学校毕业生到中小企业就业。")


def test_a_project_carried_out_a_stated_way_encouraged_firms_and_preferred_products() -> None:
    # "采用…方式实施的…项目" names the projects that get it, not how the grant is made
    (m,) = extract_measures(_doc("采用合同能源管理方式实施的节能改造项目，按照有关规定享受税收优惠和资金支持。"))
    assert [c.text for c in m.conditions] == ["采用合同能源管理方式实施的节能改造项目"]
    # what the authority encourages first is a policy of its own: the 对 phrase names whom the grant goes to
    text = "县政府应当鼓励和引导企业增加信息技术开发投入，对具有自主知识产权的信息技术和信息产品给予重点扶持。"
    (m,) = extract_measures(_doc(text))
    assert [c.text for c in m.conditions] == ["对具有自主知识产权的信息技术和信息产品"]
    # a procurement preference for products targets the firms whose products they are
    (m,) = extract_measures(_doc("县级以上人民政府在采购活动中，应当优先采购具有自主知识产权的电子信息产品。"))
    assert m.target == "具有自主知识产权的电子信息产品"


def test_deductions_and_accelerated_depreciation_allowed_after_a_comma_are_grants() -> None:
    assert is_granting("企业开发新产品发生的研究开发费用可以按照国家有关规定，税前列支并加计扣除。")
    assert is_granting("企业科学技术研究开发的仪器、设备可以按照国家有关规定，加速折旧。")
    assert is_granting("确需加速折旧的，可以依法缩短折旧年限或者采取加速折旧方法。")
    assert not is_granting("企业应当按照国家有关规定，计提折旧。")


def test_whom_a_grant_goes_to_is_read_past_the_rule_it_acts_under() -> None:
    # "依照国务院…的有关规定" names the rule, not the one who grants: the subject before it is whom it goes to
    (m,) = extract_measures(_doc("台湾同胞投资企业依照国务院关于鼓励台湾同胞投资的有关规定，享受优惠待遇。"))
    assert [c.text for c in m.conditions] == ["台湾同胞投资企业"]
