"""Places and jurisdictions over the real corpus titles and issuers (../shared/corpus/docs), English names, covers()."""

from __future__ import annotations

import pytest

from assistant.documents.places import Place, covers, jurisdiction, places_in, resolve_place

NINGBO = Place("浙江省", "宁波市", "", "city", "宁波市")
XIANGSHAN = Place("浙江省", "宁波市", "象山县", "county", "象山县")
ZHEJIANG = Place("浙江省", "", "", "province", "浙江省")
SHANGHAI = Place("上海市", "上海市", "", "city", "上海市")
PUDONG = Place("上海市", "上海市", "浦东新区", "county", "浦东新区")
HANGZHOU = Place("浙江省", "杭州市", "", "city", "杭州市")
GUANGDONG = Place("广东省", "", "", "province", "广东省")


def _where(place: Place | None) -> tuple[str, str, str, str] | None:
    return None if place is None else (place.level, place.province, place.city, place.county)


# (title, issuer, opening of the text, expected (level, province, city, county)); titles, issuers and opening
# lines as the 14 corpus documents print them (the front matter's 发布单位 is the issuer where there is one).
CORPUS = [
    ("中华人民共和国促进科技成果转化法", "", "1996年5月15日 第八届全国人民代表大会常务委员会第十九次会议通过",
     ("national", "", "", "")),
    ("中华人民共和国反不正当竞争法", "", "1993年9月2日 第八届全国人民代表大会常务委员会第三次会议通过",
     ("national", "", "", "")),
    ("促进个体工商户发展条例", "", "第一条 为了鼓励、支持和引导个体经济健康发展，维护个体工商户合法权益",
     ("national", "", "", "")),
    ("广东省知识产权保护条例", "", "2022年3月29日 广东省第十三届人民代表大会常务委员会第四十一次会议通过",
     ("province", "广东省", "", "")),
    ("中华人民共和国科学技术进步法", "", "1993年7月2日 第八届全国人民代表大会常务委员会第二次会议通过",
     ("national", "", "", "")),
    ("关于修订《中国（上海）自由贸易试验区临港新片区扶持光伏发电项目操作办法》的通知",
     "中国（上海）自由贸易试验区临港新片区管理委员会", "", ("county", "上海市", "上海市", "临港新片区")),
    ("上海市人民政府办公厅关于印发《上海市政府质量奖管理办法》的通知", "上海市人民政府办公厅", "",
     ("city", "上海市", "上海市", "")),
    ("关于做好2025年可再生能源和新能源专项资金奖励项目申报和资金拨付工作的通知", "上海市发展和改革委员会", "",
     ("city", "上海市", "上海市", "")),
    ("关于印发《上海市可再生能源和新能源发展专项资金扶持办法》的通知", "上海市发展和改革委员会", "",
     ("city", "上海市", "上海市", "")),
    ("中华人民共和国商标法", "", "1982年8月23日 第五届全国人民代表大会常务委员会第二十四次会议通过",
     ("national", "", "", "")),
    ("上海市促进中小企业发展条例", "", "2011年4月12日 上海市第十三届人民代表大会常务委员会第二十六次会议通过",
     ("city", "上海市", "上海市", "")),
    ("优化营商环境条例", "",
     "2019年10月8日 国务院第66次常务会议通过\n\n2019年10月22日 中华人民共和国国务院令第722号公布",
     ("national", "", "", "")),
    ("浙江省促进科技成果转化条例", "", "2004年1月16日 浙江省第十届人民代表大会常务委员会第七次会议通过",
     ("province", "浙江省", "", "")),
    ("中华人民共和国专利法实施细则", "", "2001年6月15日 中华人民共和国国务院令第306号公布",
     ("national", "", "", "")),
]


@pytest.mark.parametrize(("title", "issuer", "text", "expected"), CORPUS, ids=[c[0][:10] for c in CORPUS])
def test_jurisdiction_of_the_corpus_documents(title: str, issuer: str, text: str, expected: tuple) -> None:
    assert _where(jurisdiction(title, issuer, text)) == expected


def test_jurisdiction_from_the_issuer_and_the_text() -> None:
    assert _where(jurisdiction("关于做好申报工作的通知", "国家知识产权局")) == ("national", "", "", "")
    assert _where(jurisdiction("关于做好申报工作的通知", "宁波市象山县经济和信息化局")) == _where(XIANGSHAN)
    # a county's regulation approved by the provincial-level congress is the county's own rule
    assert _where(jurisdiction("彭水苗族土家族自治县旅游条例", "重庆市人民代表大会常务委员会")) == \
        ("county", "重庆市", "重庆市", "彭水苗族土家族自治县")
    assert _where(jurisdiction("象山县促进中小企业发展若干政策")) == _where(XIANGSHAN)
    assert _where(jurisdiction("关于做好申报工作的通知", "", "发布单位: 宁波市科学技术局\n各区县")) == _where(NINGBO)
    assert jurisdiction("关于做好申报工作的通知").level == "unknown"


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("国务院办公厅", ("national", "", "", "")),
        ("全国人民代表大会常务委员会", ("national", "", "", "")),
        ("慈溪市人民政府", ("county", "浙江省", "宁波市", "慈溪市")),  # a county-level city
        ("上海市浦东新区人民政府", ("county", "上海市", "上海市", "浦东新区")),
        ("深圳市南山区工业和信息化局", ("county", "广东省", "深圳市", "南山区")),
        ("中国（浙江）自由贸易试验区宁波片区管委会", ("city", "浙江省", "宁波市", "")),
    ],
)
def test_jurisdiction_from_issuers(issuer: str, expected: tuple) -> None:
    assert _where(jurisdiction("关于印发若干政策措施的通知", issuer)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("象山县", XIANGSHAN), ("宁波市象山县", XIANGSHAN), ("浙江省", ZHEJIANG), ("宁波", NINGBO),
        ("上海市", SHANGHAI), ("上海", SHANGHAI), ("浦东新区", PUDONG), ("广东", GUANGDONG),
        ("Shanghai", SHANGHAI), ("Zhejiang Province", ZHEJIANG), ("Ningbo City", NINGBO), ("Ningbo", NINGBO),
        ("Xiangshan County", XIANGSHAN), ("Pudong New Area", PUDONG), ("Guangdong", GUANGDONG),
        ("Hangzhou", HANGZHOU), ("Chaoyang District, Beijing", Place("北京市", "北京市", "朝阳区", "county", "")),
        # an autonomous county or prefecture as people call it: its short name and the plain level word
        ("酉阳县", Place("重庆市", "重庆市", "酉阳土家族苗族自治县", "county", "")),
        ("恩施州", Place("湖北省", "恩施土家族苗族自治州", "", "city", "")),
    ],
)
def test_resolve_place_in_chinese_and_english(name: str, expected: Place) -> None:
    found = resolve_place(name)
    assert _where(found) == _where(expected)
    assert found is not None and found.name == name


@pytest.mark.parametrize("name", ["", "中小企业", "高新区", "新区", "专利托管", "Patent custody", "Suzhou"])
def test_resolve_place_unknown_or_ambiguous(name: str) -> None:
    assert resolve_place(name) is None  # Suzhou is 苏州 or 宿州: no guess


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上海浦东新区的企业能申请吗？", [PUDONG]),
        ("浙江省宁波市有什么政策", [NINGBO]),
        ("我们在杭州，能享受上海的补贴吗？", [HANGZHOU, SHANGHAI]),
        ("宁波企业有哪些补贴", [NINGBO]),
        ("宁波象山的企业", [XIANGSHAN]),
        ("Can a firm in Ningbo apply?", [NINGBO]),
        ("Does the Zhejiang Province regulation apply in Xiangshan County?", [XIANGSHAN]),
        ("What does the Shanghai SME law say?", [SHANGHAI]),
        ("How much (in 10,000 yuan) does a Shanghai district award a company?", [SHANGHAI]),
        ("Is there a subsidy in Xiangshan, Ningbo?", [XIANGSHAN]),
        ("What fine applies under the Anti-Unfair Competition Law?", []),  # "Anti" reads as pinyin, not here
        ("Is Pudong covered?", []),  # a bare county-level name is too often a word: it needs New Area or its city
        ("How long is a registered trademark valid in China?", [Place("", "", "", "national", "China")]),
        ("中国的中小企业", [Place("", "", "", "national", "中国")]),
        # a city's name of three characters that jieba tags as a person's name is still the city
        ("石家庄的企业能申请吗", [Place("河北省", "石家庄市", "", "city", "石家庄")]),
        ("全国性的政策有哪些", [Place("", "", "", "national", "全国")]),
        # ordinary words are not places
        ("中小企业有哪些培育措施？", []),
        ("高新区企业可以申请吗", []),
        ("新区的政策", []),
        ("朝阳产业的补贴", []),
        ("大理石加工企业", []),
        ("白银价格上涨", []),
        ("专利托管是什么？", []),
        ("国家鼓励高等院校开展科技成果转化", []),
        ("How much is the subsidy for patents?", []),
        ("We have no invention patents. Who can help us?", []),
    ],
)
def test_places_in_questions(text: str, expected: list[Place]) -> None:
    assert [_where(p) for p in places_in(text)] == [_where(p) for p in expected]


def test_places_keep_the_name_as_written() -> None:
    assert [p.name for p in places_in("我们在杭州，能享受上海的补贴吗？")] == ["杭州", "上海"]
    assert [p.name for p in places_in("Can a firm in Ningbo City apply?")] == ["Ningbo City"]


NATIONAL = Place("", "", "", "national", "中国")
LINGANG = Place("上海市", "上海市", "临港新片区", "county", "临港新片区")
UNKNOWN = Place("", "", "", "unknown", "")


@pytest.mark.parametrize(
    ("rules", "asked", "expected"),
    [
        (NATIONAL, XIANGSHAN, True), (NATIONAL, SHANGHAI, True), (NATIONAL, NATIONAL, True),
        (ZHEJIANG, NINGBO, True), (ZHEJIANG, XIANGSHAN, True), (ZHEJIANG, ZHEJIANG, True),
        (NINGBO, XIANGSHAN, True), (NINGBO, NINGBO, True), (XIANGSHAN, XIANGSHAN, True),
        (SHANGHAI, PUDONG, True), (SHANGHAI, LINGANG, True),
        (XIANGSHAN, NINGBO, False), (NINGBO, ZHEJIANG, False), (HANGZHOU, NINGBO, False),
        (ZHEJIANG, SHANGHAI, False), (SHANGHAI, HANGZHOU, False), (LINGANG, SHANGHAI, False),
        (LINGANG, PUDONG, False), (GUANGDONG, XIANGSHAN, False), (SHANGHAI, NATIONAL, False),
        (UNKNOWN, XIANGSHAN, False), (UNKNOWN, NATIONAL, False), (NATIONAL, UNKNOWN, False),
    ],
)
def test_covers(rules: Place, asked: Place, expected: bool) -> None:
    assert covers(rules, asked) is expected


def test_a_question_place_against_the_corpus_jurisdictions() -> None:
    asked = places_in("Xiangshan County")[0]
    covering = [title for title, issuer, text, _ in CORPUS if covers(jurisdiction(title, issuer, text), asked)]
    assert "浙江省促进科技成果转化条例" in covering and "中华人民共和国商标法" in covering
    assert not any(title.startswith(("上海", "广东", "关于")) for title in covering)


def test_a_bare_county_name_counts_when_the_documents_have_that_county() -> None:
    songjiang = Place("上海市", "上海市", "松江区", "county", "松江区")
    assert places_in("In Songjiang, what subsidy can a firm get?") == []  # bare pinyin alone: too often a word
    found = places_in("In Songjiang, what subsidy can a firm get?", known=[songjiang])
    assert [(p.county, p.name) for p in found] == [("松江区", "Songjiang")]
