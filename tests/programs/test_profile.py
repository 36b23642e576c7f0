from __future__ import annotations

import pytest

from assistant.errors import ProfileError
from assistant.programs.profile import describes_company, extract_profile, validate_profile

# (description, expected fields: each must be extracted with exactly this value)
DESCRIPTIONS = [
    ("我们是一家做汽车零部件的小企业，30人，没有发明专利，想开拓海外市场，适合哪些政策？",
     {"industry": "汽车零部件", "employees": 30, "invention_patents": 0, "exports": True}),
    ("我公司是专精特新小巨人企业，有研发中心，参与制定行业标准，年营收2亿元，有15件发明专利。",
     {"tier": "专精特新小巨人", "has_rd_institute": True, "in_standards_work": True,
      "annual_revenue_cny": 2e8, "invention_patents": 15}),
    ("我们是刚成立的初创企业，做工业软件的，团队12人，还没有专利。",
     {"is_startup": True, "employees": 12, "invention_patents": 0, "industry": "工业软件"}),
    ("我们是科技型中小企业，员工80人，营业收入5000万元，能申请什么？",
     {"tier": "科技型中小企业", "employees": 80, "annual_revenue_cny": 5e7}),
    ("我们研发了首台套数控机床装备，有3件发明专利，在北仑区。",
     {"first_of_kind_product": True, "invention_patents": 3, "district": "北仑区"}),
    ("我们是单项冠军企业，产品出口欧洲，已经在用大模型做质检。",
     {"tier": "单项冠军", "exports": True, "uses_ai": True}),
    ("我们是高新技术企业，主营磁性材料，200名员工。",
     {"tier": "高新技术企业", "industry": "磁性材料", "employees": 200}),
    ("我们是老牌的传统企业，成立三十多年了，不做外贸，只做国内。",
     {"is_startup": False, "exports": False}),
    ("我们专注于石墨烯的研发，有企业研究院。", {"industry": "石墨烯", "has_rd_institute": True}),
    ("我们是一家做纺织服装的企业，约150人，年销售额8000万元，没有研发机构。",
     {"industry": "纺织服装", "employees": 150, "annual_revenue_cny": 8e7, "has_rd_institute": False}),
    ("我们的员工有45人，有2件发明专利，主持起草过团体标准。",
     {"employees": 45, "invention_patents": 2, "in_standards_work": True}),
    ("我们在鄞州区，做智能家电产品，想用人工智能改造生产线。",
     {"district": "鄞州区", "industry": "智能家电", "uses_ai": True}),
    ("We are an auto parts maker with 30 employees and no invention patents; we export to Europe. "
     "Which programs fit us?",
     {"employees": 30, "invention_patents": 0, "exports": True}),
    ("We are a 12-person startup making industrial sensors with a first-of-its-kind product and 2 invention patents.",
     {"employees": 12, "is_startup": True, "first_of_kind_product": True, "invention_patents": 2}),
    ("Our company is a specialized and sophisticated SME with an R&D center and 120 staff.",
     {"tier": "专精特新", "has_rd_institute": True, "employees": 120}),
    ("We are a high-tech enterprise with annual revenue of 50 million yuan and we sell abroad.",
     {"tier": "高新技术企业", "annual_revenue_cny": 5e7, "exports": True}),
    ("We are a little giant firm and we take part in drafting standards for our industry.",
     {"tier": "专精特新小巨人", "in_standards_work": True}),
    ("Our firm uses machine learning in production and has 8 invention patents.",
     {"uses_ai": True, "invention_patents": 8}),
    ("We are a newly founded company in the graphene industry with 6 employees.",
     {"is_startup": True, "employees": 6, "industry": "graphene"}),
    ("We do not export and we don't use AI; we have 40 workers.",
     {"exports": False, "uses_ai": False, "employees": 40}),
    ("We are a single-item champion with revenue of 2 billion and an R&D institute.",
     {"tier": "单项冠军", "annual_revenue_cny": 2e9, "has_rd_institute": True}),
    ("我们是领航企业，想牵头组建创新联合体。", {"tier": "领航企业"}),
]


@pytest.mark.parametrize(("text", "expected"), DESCRIPTIONS, ids=[str(i) for i in range(len(DESCRIPTIONS))])
def test_profile_fields_are_read_from_descriptions(text: str, expected: dict) -> None:
    profile = extract_profile(text)
    for key, value in expected.items():
        assert profile.get(key) == value, (key, profile)


def test_nothing_is_invented_for_unstated_fields() -> None:
    profile = extract_profile("我们是一家做汽车零部件的小企业，适合哪些政策？")
    assert set(profile) == {"industry"}


def test_company_descriptions_are_recognised() -> None:
    text = DESCRIPTIONS[0][0]
    assert describes_company(text, extract_profile(text))
    plain = "什么是“三首”产品？"
    assert not describes_company(plain, extract_profile(plain))
    general = "没有发明专利的中小企业可以得到哪些帮助？"
    assert not describes_company(general, extract_profile(general))
    # "才做的申报登记": 做 is a verb there, what follows 的 names no industry
    asked = "我们上海那台旧挖掘机是2024年才做的申报登记，还能申请更新补贴吗？"
    assert "industry" not in extract_profile(asked) and not describes_company(asked, extract_profile(asked))


def test_a_question_whether_something_is_allowed_is_no_match_request() -> None:
    # three facts of the company, then a question about a rule: answered from the clause, not by a match
    text = "我们是北京一家做首台套装备的小企业，去投政府采购，对方说我们成立时间太短不让参加，这样合规吗？"
    profile = extract_profile(text)
    assert len(profile) >= 3 and not describes_company(text, profile)
    asked = "我们是北京一家做首台套装备的小企业，有哪些政策适合我们，这样可以吗？"
    assert describes_company(asked, extract_profile(asked))  # it asks what fits too


def test_a_lab_the_company_borrows_is_not_its_own() -> None:
    assert "has_rd_institute" not in extract_profile("我们是一家小公司，想借用大学实验室的大型仪器做测试")
    assert extract_profile("我们公司自建了实验室，做传感器")["has_rd_institute"] is True


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ({"staff": 3}, "unknown profile field 'staff'; allowed fields: industry, employees"),
        ({"tier": "gold"}, "one of none, 科技型中小企业"),
        ({"employees": -1}, "whole number"),
        ({"employees": "30"}, "whole number"),
        ({"exports": "yes"}, "true or false"),
        ({"qualifications": "ISO9001"}, "list of text"),
        ({"annual_revenue_cny": True}, "number"),
    ],
)
def test_bad_profiles_name_the_field_and_allowed_values(profile: dict, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        validate_profile(profile)


def test_valid_profile_passes_through() -> None:
    profile = {"industry": "汽车零部件", "employees": 30, "tier": "none", "qualifications": ["ISO9001"],
               "exports": True, "annual_revenue_cny": 1.5e7, "district": None}
    assert validate_profile(profile) == {k: v for k, v in profile.items() if v is not None}


def test_a_company_abroad_is_located_in_its_country_and_an_unknown_place_is_still_refused() -> None:
    assert validate_profile({"location": "德国"})["location"] == {"country": "德国"}
    assert validate_profile({"location": "慕尼黑"})["location"] == {"country": "德国"}  # a city abroad: its country
    assert validate_profile({"location": {"country": "日本"}})["location"] == {"country": "日本"}
    assert validate_profile({"location": "宁波市"})["location"] == {"province": "浙江省", "city": "宁波市"}
    with pytest.raises(ProfileError, match="names '火星'"):
        validate_profile({"location": "火星"})
