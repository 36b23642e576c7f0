"""Matching a company's facts against measures read from a document: fits / may fit / does not fit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest

from assistant.errors import ProfileError
from assistant.models import SourceDocument
from assistant.programs.fit import match_measure
from assistant.programs.measures import extract_measures
from assistant.programs.profile import extract_profile, validate_profile

TODAY = dt.date(2026, 6, 1)
TEXT = (
    "某市促进制造业高质量发展若干政策\n"
    "第三条 对当年设备投资500万元及以上的企业，按投资额的10%给予补助，最高不超过200万元。\n"
    "第四条 对新认定为国家级、省级专精特新中小企业的，分别给予50万元、20万元的一次性奖励。\n"
    "第五条 对研发投入占营业收入比例不低于5%的企业，给予10万元奖励。\n"
)


def _doc() -> SourceDocument:
    return SourceDocument("city-policy", "政策", "p.md", TEXT, hashlib.sha256(TEXT.encode()).hexdigest(),
                          place_level="city", province="浙江省", city="宁波市")


def _match(profile: dict, article: str):
    doc = _doc()
    (measure,) = [m for m in extract_measures(doc) if m.article == article]
    return match_measure(measure, doc, validate_profile(profile), "zh", lambda d, o: "", TODAY)


def test_fits_shows_the_figure_beside_the_threshold_and_cites_it() -> None:
    match = _match({"location": "宁波市鄞州区", "figures": {"设备投资": 6_000_000}}, "第三条")
    assert match.fit == "fits"
    figure = [c for c in match.met if c.field == "设备投资"][0]
    assert "500万元" in figure.expected and figure.actual == "600万元"
    quote = match.citations[figure.citation - 1].quote
    assert quote == TEXT[match.citations[figure.citation - 1].start:match.citations[figure.citation - 1].end]
    assert "设备投资500万元及以上" in quote
    assert "最高不超过200万元" in "；".join(match.gives)


def test_missing_fact_is_named_and_never_fits() -> None:
    match = _match({"location": "宁波市"}, "第五条")
    assert match.fit == "may fit" and match.needed == ("研发投入占营业收入比例",)


def test_failing_threshold_shows_both_numbers() -> None:
    match = _match({"location": "宁波市", "figures": {"研发投入占比": 0.03}}, "第五条")
    assert match.fit == "does not fit"
    (failed,) = match.missing
    assert failed.actual == "3%" and "5%" in failed.expected


def test_other_place_never_fits() -> None:
    match = _match({"location": "上海市浦东新区", "figures": {"设备投资": 6_000_000}}, "第三条")
    assert match.fit == "does not fit"
    assert any(c.field == "location" and c.actual == "上海市浦东新区" for c in match.missing)


def test_tiered_amount_is_the_companys_own_and_new_means_recent() -> None:
    tier = {"name": "专精特新中小企业", "level": "省级"}
    own = _match({"location": "宁波市", "tiers": [{**tier, "year": 2025}]}, "第四条")
    assert own.fit == "fits" and own.gives == ("20万元",)
    old = _match({"location": "宁波市", "tiers": [{**tier, "year": 2019}]}, "第四条")
    assert old.fit == "does not fit"
    undated = _match({"location": "宁波市", "tiers": [{"name": "专精特新", "level": "国家级"}]}, "第四条")
    assert undated.fit == "may fit" and undated.needed


def test_description_fills_location_tiers_and_figures() -> None:
    profile = extract_profile("我们在宁波市鄞州区，去年设备投资420万元，研发投入占比6.2%，出口额同比增长25%，"
                              "去年被认定为省级专精特新中小企业。")
    assert profile["location"] == {"province": "浙江省", "city": "宁波市", "district": "鄞州区"}
    assert profile["figures"] == {"设备投资": 4_200_000, "研发投入占比": 0.062, "出口额同比增长": 0.25}
    assert profile["tiers"] == [{"name": "专精特新中小企业", "level": "省级", "year": dt.date.today().year - 1}]


@pytest.mark.parametrize("bad", [{"figures": {"设备投资": "many"}}, {"tiers": [{"name": "x", "level": "金牌"}]},
                                 {"location": "不存在的地方"}, {"size": 3}])
def test_bad_new_fields_are_refused_with_their_name(bad: dict) -> None:
    with pytest.raises(ProfileError, match=repr(next(iter(bad)))):
        validate_profile(bad)


def test_a_place_read_twice_does_not_turn_a_question_into_a_match() -> None:
    from assistant.programs.profile import describes_company

    text = "我们在宁波市鄞州区，有10件发明专利，专利托管怎么办理？"
    assert not describes_company(text, extract_profile(text))


AREA_TEXT = ("关于支持宁波鄞州数字小镇建设的若干政策\n"
             "一、对设备投资1000万元以上(含1000万元)的项目，按设备投资额的10%给予扶持。\n")


def _area_match(location: str):
    doc = SourceDocument("town-policy", AREA_TEXT.splitlines()[0], "t.md", AREA_TEXT,
                         hashlib.sha256(AREA_TEXT.encode()).hexdigest(), place_level="county", province="浙江省",
                         city="宁波市", county="鄞州区")
    (measure,) = extract_measures(doc)
    assert measure.area == "宁波鄞州数字小镇"
    profile = validate_profile({"location": location, "figures": {"设备投资": 15_000_000}})
    return match_measure(measure, doc, profile, "zh", lambda d, o: "", TODAY)


def test_a_policy_for_part_of_a_district_fits_only_a_company_said_to_be_there() -> None:
    inside = _area_match("浙江省宁波市鄞州区数字小镇")
    assert inside.fit == "fits", inside
    elsewhere = _area_match("浙江省宁波市鄞州区")  # in the district, maybe not in the town: never "fits"
    assert elsewhere.fit == "may fit" and any("数字小镇" in n for n in elsewhere.needed)


def test_listed_alternatives_and_what_a_grant_pays_for_are_no_extra_conditions() -> None:
    from assistant.programs.clauses import give_start, parse_conditions

    sentence = "对获得国家级、市级部门认定的节能降碳示范试点项目，对前期费给予最高10万元补贴"
    (tier,) = parse_conditions(sentence, 0, give_start(sentence))
    assert (tier.kind, tier.fact, tier.levels) == ("tier", "节能降碳示范试点项目", ("国家级", "市级"))
    listed = "对于首次认定的低碳技术中心、重点实验室等研究机构，给予最高150万元支持"
    assert [r.kind for r in parse_conditions(listed, 0, give_start(listed))] == ["qualification"]


OR_TEXT = (
    "某区节能降碳专项资金管理办法\n"
    "第六条 对年节能量在20吨标准煤以上（含）或年降碳量30吨二氧化碳以上（含）的合同能源管理项目，给予节能降碳补贴。\n"
    "第七条 对获得市有关部门补贴的示范项目，给予1:1匹配补贴。\n"
    "第八条 企业自主投资落实节能技术改造，实现年节能量20吨标准煤以上（含），给予补贴。\n"
)


def _policy(doc_id: str, title: str, text: str, **place: str):  # noqa: ANN202
    """A policy document and its measures by article."""
    doc = SourceDocument(doc_id, title, f"{doc_id}.md", text, hashlib.sha256(text.encode()).hexdigest(), **place)
    return doc, {m.article: m for m in extract_measures(doc)}


def _match_in(doc: SourceDocument, measure, profile: dict):  # noqa: ANN001, ANN202
    return match_measure(measure, doc, validate_profile(profile), "zh", lambda d, o: "", TODAY)


def _titled(doc: SourceDocument, measure, location: str, *titles: str) -> str:  # noqa: ANN001
    """The fit of a measure for a company in `location` that states these titles."""
    return _match_in(doc, measure, {"location": location, "qualifications": list(titles)}).fit


def _title_fit(doc: SourceDocument, by_article: dict, location: str) -> Callable[[str, str], str]:
    """fit(article, title): the fit of that article's measure for a company in `location` stating that title."""
    return lambda article, title: _titled(doc, by_article[article], location, title)


def _or_match(profile: dict, article: str):
    doc, by_article = _policy("district", "办法", OR_TEXT, place_level="county", province="上海市", city="上海市",
                              county="黄浦区")
    return _match_in(doc, by_article[article], profile)


def test_either_of_two_thresholds_joined_by_or_meets_the_condition() -> None:
    base = {"location": "上海市黄浦区", "qualifications": ["合同能源管理项目"]}
    assert _or_match({**base, "figures": {"年节能量": 50}}, "第六条").fit == "fits"  # 年降碳量 not needed
    assert _or_match({**base, "figures": {"年降碳量": 40}}, "第六条").fit == "fits"
    assert _or_match({**base, "figures": {"年节能量": 10, "年降碳量": 10}}, "第六条").fit == "does not fit"
    unknown = _or_match({**base, "figures": {"年节能量": 10}}, "第六条")
    assert unknown.fit == "may fit" and "年降碳量" in unknown.needed
    # the target phrase is met only by the company saying it is one
    assert _or_match({"location": "上海市黄浦区", "figures": {"年节能量": 50}}, "第六条").fit == "may fit"


def test_a_stated_title_meets_a_target_only_when_it_is_most_of_it() -> None:
    partial = _or_match({"location": "上海市黄浦区", "qualifications": ["示范项目"]}, "第七条")
    assert partial.fit == "may fit"  # 获得市有关部门补贴 is still to check
    # what the applicant itself must have done is a condition to check, not the government's doing
    own = _or_match({"location": "上海市黄浦区", "figures": {"年节能量": 50}}, "第八条")
    assert own.fit == "may fit" and any("自主投资" in c.condition for c in own.unknown)


GREEN_TEXT = (
    "某区绿色低碳发展扶持办法\n"
    "第九条 对成功创建国家级或市级的绿色园区、绿色工厂、绿色供应链的企业，分别给予30万元、25万元的补贴。\n"
    "第十条 在获得市级财政补贴后，按照1:1的比例予以区级配套补贴。\n"
)


def test_any_title_of_a_list_a_level_is_named_for_meets_the_tier() -> None:
    doc, by_article = _policy("green", "办法", GREEN_TEXT, place_level="county", province="上海市", city="上海市",
                              county="松江区")
    (tier,) = [c for c in by_article["第九条"].conditions if c.kind == "tier"]
    assert tier.levels == ("国家级", "市级") and tier.fact.split("、") == ["绿色园区", "绿色工厂", "绿色供应链"]

    def fit(tiers: list[dict]) -> str:
        return _match_in(doc, by_article["第九条"], {"location": "上海市松江区", "tiers": tiers}).fit

    assert fit([{"name": "绿色工厂", "level": "国家级", "year": 2025}]) == "fits"
    assert fit([{"name": "绿色商场", "level": "国家级", "year": 2025}]) == "does not fit"
    # a grant won at a level is no title held
    assert not [c for c in by_article["第十条"].conditions if c.kind == "tier"]


BUILT_TEXT = (
    "某省人才发展促进条例\n"
    "第二十条 企业和社会资本建设创新创业服务平台，政府财政应当按照规定给予补贴。\n"
    "第二十一条 专精特新中小企业申请和维持发明专利的费用给予资助。\n"
)


def test_what_is_built_is_the_target_and_what_a_grant_pays_for_is_no_condition() -> None:
    doc, by_article = _policy("talent", "条例", BUILT_TEXT, place_level="province", province="山东省")

    def fit(article: str, profile: dict) -> str:
        return _match_in(doc, by_article[article], {"location": "山东省潍坊市", **profile}).fit

    assert fit("第二十条", {"qualifications": ["创新创业服务平台"]}) == "fits"
    assert fit("第二十条", {"qualifications": ["孵化器"]}) == "may fit"
    assert [c.kind for c in by_article["第二十一条"].conditions] == ["qualification"]  # 专精特新, not 费用
    assert fit("第二十一条", {"tiers": [{"name": "专精特新中小企业", "level": "省级", "year": 2024}]}) == "fits"


MARKET_TEXT = (
    "某区菜市场扶持办法\n"
    "第二条 对新建和完成整体改建的标准化菜市场给予资金补贴。\n"
    "第三条 符合条件的科技企业孵化器，依照规定享受相应的优惠政策。\n"
    "第四条 本办法所称投资补助，是指区级政府投资资金对符合条件的企业投资项目给予的投资资金补助。\n"
    "第五条 引导资金原则上采用先立项、后补助的方式，对服务业重点项目予以无偿资助。\n"
)


def _market_match(profile: dict, article: str):
    doc = SourceDocument("market", "办法", "m.md", MARKET_TEXT, hashlib.sha256(MARKET_TEXT.encode()).hexdigest(),
                         place_level="county", province="上海市", city="上海市", county="长宁区")
    (measure,) = [m for m in extract_measures(doc) if m.article == article]
    return match_measure(measure, doc, validate_profile(profile), "zh", lambda d, o: "", TODAY)


def test_a_target_in_the_companys_own_words_or_after_a_generic_lead_is_met() -> None:
    here = {"location": "上海市长宁区"}
    assert _market_match({**here, "qualifications": ["新建或整体改建标准化菜市场"]}, "第二条").fit == "fits"
    assert _market_match({**here, "qualifications": ["标准化菜市场局部改造"]}, "第二条").fit == "may fit"
    assert _market_match({**here, "qualifications": ["标准化菜市场"]}, "第二条").fit == "may fit"  # one word of it
    assert _market_match({**here, "qualifications": ["科技企业孵化器"]}, "第三条").fit == "fits"


def test_a_definition_or_the_way_a_grant_is_made_is_no_condition() -> None:
    here = {"location": "上海市长宁区"}
    assert _market_match({**here, "qualifications": ["企业投资项目"]}, "第四条").fit == "fits"  # 本办法所称…
    assert _market_match({**here, "qualifications": ["服务业重点项目"]}, "第五条").fit == "fits"  # 原则上采用…方式


NAMED_TEXT = (
    "某省技术市场条例\n"
    "第六条 技术转让合同、技术开发合同经依法认定登记的，当事人享受有关技术交易的税收优惠政策。\n"
    "第七条 对未获得其他财政资金支持的技术改造项目，给予贷款贴息。\n"
    "第八条 对符合上述技术改造项目支持条件的企业，给予补助。\n"
)


def test_a_title_naming_the_target_word_by_word_meets_it_unless_negated_or_pointing_elsewhere() -> None:
    doc, by_article = _policy("market-law", "条例", NAMED_TEXT, place_level="province", province="湖北省")

    fit = _title_fit(doc, by_article, "湖北省武汉市")

    assert fit("第六条", "技术转让或开发合同认定登记") == "fits"  # every word is the clause's, 或 split off
    assert fit("第六条", "技术合同免税备案") == "may fit"  # 免税备案 is not in the clause
    assert fit("第七条", "技术改造项目财政资金支持") == "may fit"  # the clause asks for the opposite
    assert fit("第八条", "技术改造项目支持") == "may fit"  # the conditions are written elsewhere


CONTRACTS_TEXT = (
    "某省技术市场条例\n"
    "第二十二条 经认定登记的技术合同，当事人可以按国家和省有关规定，在科技贷款、减免税收等方面申请优惠。\n"
    "第二十三条 对经认定的科技企业孵化器，给予政策支持。\n"
)


def test_a_title_names_a_target_that_starts_with_its_certification_as_written() -> None:
    doc, by_article = _policy("market", "条例", CONTRACTS_TEXT, place_level="province", province="河南省")

    fit = _title_fit(doc, by_article, "河南省新乡市")

    assert fit("第二十二条", "技术合同经认定登记") == "fits"  # 经认定 is part of what it names
    assert fit("第二十二条", "技术合同已签订") == "may fit"
    assert fit("第二十三条", "科技企业孵化器") == "fits"  # 经认定 is what the title means


SUPPORT_TEXT = (
    "某市科技创新条例\n"
    "第九条 市人民政府支持企业主导或者参与国家标准、行业标准和团体标准制定，并给予其奖励。\n"
    "第十条 科技部门通过经费支持、创新券后补助等方式，支持小微企业购买技术创新服务。\n"
    "第十一条 政府采购应当优先列入取得节能产品认证证书的产品、设备。\n"
)


def test_whom_an_authority_supports_is_the_target_a_title_can_name() -> None:
    doc, by_article = _policy("support", "条例", SUPPORT_TEXT, place_level="city", province="广东省", city="佛山市")

    fit = _title_fit(doc, by_article, "广东省佛山市")

    assert fit("第九条", "主导或参与团体标准制定") == "fits"  # 标准 is a word here, not "符合…标准"
    assert fit("第九条", "参与标准宣贯") == "may fit"
    assert fit("第十条", "小微企业购买技术创新服务") == "fits"  # the means named first, then whom it supports
    assert fit("第十条", "购买检测设备") == "may fit"
    # the certificate's product is what is listed, no second condition
    assert [c.kind for c in by_article["第十一条"].conditions] == ["qualification"]
    assert fit("第十一条", "节能产品认证") == "fits"


LISTED_TEXT = (
    "某省乡镇企业条例\n"
    "第十九条 对符合下列条件之一的中小型乡镇企业，实行一定期限的税收优惠：\n\n"
    "（一）设立在少数民族地区、边远地区和贫困地区的；\n\n"
    "（二）从事粮食、饲料、肉类的加工、贮存、运销经营的。\n\n"
    "第二十条 本条例自2026年1月1日起施行。\n"
)


def test_the_items_listed_under_a_clause_are_alternatives_and_the_target_is_still_checked() -> None:
    doc, by_article = _policy("township", "条例", LISTED_TEXT, place_level="province", province="湖南省")
    measure = by_article["第十九条"]
    assert [c.text for c in measure.conditions] == ["中小型乡镇企业", "设立在少数民族地区、边远地区和贫困地区",
                                                     "从事粮食、饲料、肉类的加工、贮存、运销经营"]

    def fit(*titles: str) -> str:
        return _titled(doc, measure, "湖南省邵阳市", *titles)

    assert fit("中小型乡镇企业", "从事粮食、饲料、肉类加工") == "fits"  # any one item
    assert fit("中小型乡镇企业", "从事建材生产") == "may fit"  # no item named
    assert fit("从事粮食、饲料、肉类加工") == "may fit"  # the target itself is still to check


PREFERENCE_TEXT = (
    "某省用人单位就业条例\n"
    "第八条 有关部门应当确定适合的产品、项目，优先安排集中招用退役军人的用人单位生产或者经营。\n"
    "第九条 政府采购，在同等条件下，应当优先购买集中招用退役军人的用人单位的产品或者服务。\n"
    "第十条 本条例自2026年1月1日起施行。\n"
)


def test_whom_a_preference_goes_to_is_its_target_and_the_context_before_it_is_no_condition() -> None:
    doc, by_article = _policy("prefer", "条例", PREFERENCE_TEXT, place_level="province", province="江西省")
    assert set(by_article) == {"第八条", "第九条"}  # 优先购买…单位 is a preference granted too
    for article in ("第八条", "第九条"):
        assert [c.text for c in by_article[article].conditions] == ["集中招用退役军人的用人单位"]
    fit = _title_fit(doc, by_article, "江西省南昌市")
    assert fit("第九条", "集中招用退役军人的用人单位") == "fits"  # 政府采购 and 同等条件下 are when, not who
    assert fit("第八条", "集中招用退役军人的用人单位") == "fits"
    assert fit("第九条", "高新技术企业") == "may fit"


def test_a_company_abroad_fits_no_local_measure_and_a_national_one_on_its_merits() -> None:
    match = _match({"location": "德国", "figures": {"设备投资": 6_000_000}}, "第三条")
    assert match.fit == "does not fit"  # a city's measure: not where the company is
    assert any(c.field == "location" and c.actual == "德国" for c in match.missing)
    text = "第九条 对外国组织的科研机构，给予奖励。"
    national = SourceDocument("law", "法", "law.md", text, "x", place_level="national")
    (measure,) = extract_measures(national)
    abroad = validate_profile({"location": "德国", "qualifications": ["外国组织的科研机构"]})
    assert match_measure(measure, national, abroad, "zh", lambda d, o: "", TODAY).fit == "fits"


COOP_TEXT = (
    "某市实施农民专业合作社法办法\n"
    "第二十条 市、区县人民政府应当对农民专业合作社贷款给予财政贴息。\n"
    "第二十一条 科技部门应当采取派出科技特派员等方式，对农民专业合作社培育与引进新品种的项目予以支持。\n"
    "第二十二条 对加入国际知名会展业组织的企业和其他组织给予支持。\n"
)


def test_a_title_stated_does_not_meet_a_target_that_restricts_it_unless_the_restriction_is_stated_too() -> None:
    doc, by_article = _policy("coop", "某市实施办法", COOP_TEXT, place_level="city", province="重庆市", city="重庆市")
    loan, variety, fair = by_article["第二十条"], by_article["第二十一条"], by_article["第二十二条"]
    where = "重庆市涪陵区"
    # what follows the title in the target (its loans, its projects) is a condition the company has not stated
    assert _titled(doc, loan, where, "农民专业合作社") == "may fit"
    assert _titled(doc, variety, where, "农民专业合作社") == "may fit"
    assert _titled(doc, loan, where, "农民专业合作社", "有贷款或参加农业保险") == "fits"
    # the kinds named after a title ("的企业和其他组织") add nothing to check
    assert _titled(doc, fair, "重庆市渝中区", "加入国际知名会展业组织") == "fits"
