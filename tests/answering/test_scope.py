"""A question about one place is answered only from documents whose jurisdiction covers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.advisor import Advisor

COUNTY = """关于印发《象山县促进企业技术创新若干政策》的通知

各乡镇人民政府，县级各部门：

现将《象山县促进企业技术创新若干政策》印发给你们，请认真贯彻执行。

象山县人民政府

2024年3月1日

第一条 对新认定的国家级专精特新“小巨人”企业，给予一次性奖励50万元。

第二条 对企业购置研发设备的，按设备投资额的10%给予补助，最高不超过100万元。

第三条 本政策自2024年4月1日起施行，有效期至2026年12月31日。
"""

NATIONAL = """# 中华人民共和国中小企业促进法

第一条 为了改善中小企业经营环境，保障中小企业公平参与市场竞争，制定本法。

第二十条 中小企业申请专利的，国家鼓励提供专利申请辅导服务。

第六十一条 本法自2018年1月1日起施行。
"""


def _ingest(advisor: Advisor, folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = advisor.ingest([folder / name for name in files])
    assert report.ok, report.failed


def test_documents_know_their_place_and_articles(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    infos = {d.doc_id: d for d in hashing_advisor.documents()}
    county, law = infos["county"], infos["law"]
    assert county.title == "关于印发《象山县促进企业技术创新若干政策》的通知"  # the text's title, not the file name
    assert (county.jurisdiction, county.place) == ("county", "浙江省宁波市象山县")
    assert (county.issuer, county.issued, county.expires) == ("象山县人民政府", "2024-03-01", "2026-12-31")
    assert law.jurisdiction == "national" and law.title == "中华人民共和国中小企业促进法"


def test_another_places_award_never_answers(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("杭州市对新认定的国家级专精特新小巨人企业奖励多少钱？", record=False)
    assert not answer.answerable
    assert "杭州" in answer.answer and "50万" not in answer.answer
    assert any(c.doc_id == "county" for c in answer.related), "the other place's rule is shown as related"
    assert "宁波市象山县" in answer.answer or "象山县" in answer.answer, "related passages carry their place"


def test_the_place_itself_and_english_names_are_answered_with_the_article(hashing_advisor: Advisor,
                                                                         tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("象山县对新认定的国家级专精特新小巨人企业奖励多少钱？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第一条"
    assert "第一条：“" in answer.answer and "50万元" in answer.answer
    english = hashing_advisor.ask("In Xiangshan County, how much is the award for a newly recognised national "
                                  "little giant enterprise?", record=False)
    assert english.answerable, english.answer
    assert english.citations[0].doc_id == "county"


def test_a_national_law_covers_every_place(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("杭州的中小企业申请专利，国家鼓励提供什么服务？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].doc_id == "law"


def test_a_rate_question_is_not_answered_by_an_amount(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("象山县对新认定的国家级小巨人企业的奖励比例是多少？", record=False)
    assert not answer.answerable or all("%" in c.quote for c in answer.citations)


EXPIRED = """关于印发《某县光伏发电项目扶持办法》的通知

象山县发展和改革局

2021年1月5日

第一条 对新建分布式光伏项目，按0.25元/千瓦时给予运营补贴，连续补贴5年。

第二条 本办法自2021年2月1日起施行，有效期至2023年12月31日。
"""


def test_an_answer_quoting_an_expired_document_says_so(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"pv.txt": EXPIRED})
    info = next(d for d in hashing_advisor.documents() if d.doc_id == "pv")
    assert info.status == "expired" and info.to_dict()["status"] == "expired"
    answer = hashing_advisor.ask("象山县分布式光伏项目的运营补贴标准是多少？", record=False)
    assert answer.answerable, answer.answer
    assert "已过有效期" in answer.answer and "《某县光伏发电项目扶持办法》" in answer.answer


def test_a_long_document_without_structure_is_indexed_as_paragraphs_and_says_so(hashing_advisor: Advisor,
                                                                                tmp_path: Path) -> None:
    sentence = "这是第{i}段第{j}句关于企业创新服务的说明文字，用于测试没有结构的文件。"
    plain = "\n\n".join("".join(sentence.format(i=i, j=j) for j in range(3)) for i in range(30))
    (tmp_path / "plain.txt").write_text(plain, encoding="utf-8")
    report = hashing_advisor.ingest([tmp_path / "plain.txt"])
    assert report.ok and report.added == ["plain"]
    assert report.notes and "plain paragraphs" in report.notes[0][1]


def test_a_question_naming_a_document_is_answered_from_it(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("中小企业促进法哪一条规定了专利申请辅导服务？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].doc_id == "law"
    assert answer.answer.startswith("规定见《中华人民共和国中小企业促进法》第二十条")


FINES = ("""# 中华人民共和国某某法

第二十一条 经营者违反本法第九条规定侵犯商业秘密的，由监督检查部门责令停止违法行为，"""
         """处十万元以上一百万元以下的罚款；情节严重的，处五十万元以上五百万元以下的罚款。

第二十二条 经营者违反本法第十条规定进行有奖销售的，由监督检查部门责令停止违法行为，处五万元以上五十万元以下的罚款。
""")


def test_a_clause_cut_at_a_semicolon_is_quoted_with_its_whole_paragraph(hashing_advisor: Advisor,
                                                                      tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"fines.md": FINES})
    answer = hashing_advisor.ask("侵犯商业秘密情节严重的，可以处多少罚款？", record=False)
    assert answer.answerable, answer.answer
    first = answer.citations[0]
    assert "处五十万元以上五百万元以下的罚款" in first.quote
    assert first.quote.startswith("经营者违反本法第九条"), "the article label is named, not quoted"
    assert first.article == "第二十一条" and "第二十一条：“经营者" in answer.answer
    doc = hashing_advisor.document(first.doc_id)
    assert doc.text[first.start:first.end] == first.quote


CITY = """宁波市人民政府关于支持企业研发的若干意见

各区（县、市）人民政府，市直各部门：

第一条 对企业购置研发设备的，按设备投资额的5%给予补助，最高不超过30万元。

第二条 本意见自2024年1月1日起施行。
"""

PROVINCE_ON_PATENTS = """浙江省专利促进条例

第一条 中小企业申请专利的，可以获得专利申请辅导服务。

第二条 本条例自2024年1月1日起施行。
"""


def test_a_part_of_the_place_asked_neither_answers_nor_refuses(hashing_advisor: Advisor, tmp_path: Path) -> None:
    """A county's rule ranking first does not make a question about its city "another place's": the city's
    own rule answers, and the county's is never quoted for the whole city."""
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "city.txt": CITY})
    answer = hashing_advisor.ask("宁波市对企业购置研发设备的补助按设备投资额的多少比例给？", record=False)
    assert answer.answerable, answer.answer
    assert {c.doc_id for c in answer.citations} == {"city"}
    assert "5%" in answer.answer and "10%" not in answer.answer


def test_the_place_asked_gets_its_own_rule_before_a_national_one(hashing_advisor: Advisor, tmp_path: Path) -> None:
    """The same sentence in a national law and a provincial regulation: the province's own rule comes first
    when the province is asked."""
    law = NATIONAL.replace("国家鼓励提供专利申请辅导服务", "可以获得专利申请辅导服务")
    _ingest(hashing_advisor, tmp_path, {"law.md": law, "province.md": PROVINCE_ON_PATENTS})
    asked = hashing_advisor.ask("浙江的中小企业申请专利，可以获得什么专利申请辅导服务？", record=False)
    assert asked.answerable and asked.citations[0].doc_id == "province", asked.answer


def test_scope_tells_the_places_own_rules_and_its_parts() -> None:
    from assistant.answering.scope import scope_for

    documents = {
        "law": {"place_level": "national"},
        "province": {"place_level": "province", "province": "浙江省"},
        "city": {"place_level": "city", "province": "浙江省", "city": "宁波市"},
        "county": {"place_level": "county", "province": "浙江省", "city": "宁波市", "county": "象山县"},
        "other": {"place_level": "city", "province": "江苏省", "city": "苏州市"},
    }
    city = scope_for("宁波市的研发补助是多少？", documents)
    assert [d for d in documents if city.local(d)] == ["province", "city"]
    assert [d for d in documents if city.inside(d)] == ["county"]
    assert not scope_for("研发补助是多少？", documents).inside("county")


def test_an_apostrophe_pinyin_name_resolves_to_the_knowledge_bases_place() -> None:
    from assistant.answering.scope import scope_for

    documents = {"jingan": {"place_level": "county", "province": "上海市", "city": "上海市", "county": "静安区"}}
    (asked,) = scope_for("Under Jing'an's 2026 fund, what is the reward?", documents).asked
    assert asked.county == "静安区"
    assert not scope_for("Under Jing'an's 2026 fund, what is the reward?", {}).asked, "ambiguous without context"
    assert not scope_for("the company's fund", documents).asked


def test_a_place_and_a_known_word_is_no_term_the_documents_lack() -> None:
    from assistant.answering.basis import _place_and_known

    known = {"政府", "担保机构"}.__contains__
    assert _place_and_known("北京市政府", ["北京市"], known)
    assert not _place_and_known("北京市财政局", ["北京市"], known), "财政局 itself is unknown"
    assert not _place_and_known("财政局", ["北京市"], known)


def test_inside_a_named_document_its_name_does_not_rank_passages(hashing_advisor: Advisor, tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon
    from assistant.answering.scope import without_names

    query = analyse("修订后的中小企业促进法从哪天开始施行？", None, load_lexicon())
    focused = without_names(query, ["中华人民共和国中小企业促进法"])
    assert focused.searched == "修订后的 从哪天开始施行？" and focused.text == query.text
    assert without_names(analyse("中小企业促进法？", None, load_lexicon()), ["中小企业促进法"]).searched == \
        "中小企业促进法？", "nothing would be left to search with"
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    answer = hashing_advisor.ask("中小企业促进法自哪天起施行？", record=False)
    assert answer.answerable and answer.citations[0].article == "第六十一条", answer.answer


def test_an_english_name_word_with_a_dictionary_translation_is_not_absent(hashing_advisor: Advisor,
                                                                        tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"law.md": NATIONAL})
    query = analyse("When does the Law on Ensuring Fair Competition take effect?", None, load_lexicon())
    assert "Ensuring" not in hashing_advisor.answerer.absent_terms(query), "ensure: 保障"


def test_an_english_title_names_its_document_and_when_it_took_effect(hashing_advisor: Advisor,
                                                                       tmp_path: Path) -> None:
    from assistant.answering.scope import english_named_documents

    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    docs = hashing_advisor.index.documents
    assert english_named_documents("When did the SME Promotion Law take effect?", ["中小企业", "促进"], docs) \
        == frozenset({"law"})
    assert english_named_documents("When did the law take effect?", ["法律"], docs) == frozenset()  # names nothing
    answer = hashing_advisor.ask("When did the Law on Promoting SMEs take effect?", record=False)
    assert answer.answerable and answer.citations[0].article == "第六十一条", answer.answer
    from assistant.answering.query import analyse, load_lexicon

    chinese = hashing_advisor.retrieve(analyse("中小企业促进法什么时候开始施行？", None, load_lexicon()))
    assert "第六十一条" in chinese.chunks[0].chunk.text  # the 施行 clause of the document named comes first


def test_a_trial_measure_is_named_with_or_without_its_trial_mark() -> None:
    from assistant.answering.scope import document_names

    name = "松江区关于支持经济社会绿色低碳发展的若干措施"
    names = document_names(f"上海市松江区发展和改革委员会关于印发《{name}（试行）》的通知")
    assert {f"{name}（试行）", name} <= names


CONTRACTS = """# 中华人民共和国技术进出口管理条例

第十六条 技术进口经许可的，颁发技术进口许可证。技术进口合同自技术进口许可证颁发之日起生效。

第三十五条 技术出口经许可的，颁发技术出口许可证。技术出口合同自技术出口许可证颁发之日起生效。

第五十二条 本条例自2002年1月1日起施行。
"""


def test_when_a_document_took_effect_is_its_own_clause_not_a_contracts(hashing_advisor: Advisor,
                                                                        tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "trade.md": CONTRACTS})
    answer = hashing_advisor.ask("When did the Regulations on the Administration of Technology Import and Export come "
                                 "into force?", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第五十二条" and "2002年1月1日" in answer.answer
    # a place's name before a kind word in lower case names the document too
    (tmp_path / "rules.md").write_text("# 象山县技术创新促进办法\n\n第一条 为促进企业技术创新，制定本办法。\n\n"
                                       "第九条 本办法自2024年4月1日起施行。\n", encoding="utf-8")
    assert hashing_advisor.ingest([tmp_path / "rules.md"]).ok
    local = hashing_advisor.ask("From what date did the Xiangshan measures on technology innovation promotion "
                                "apply?", record=False)
    assert local.answerable and local.citations[0].article == "第九条", local.answer


def test_a_specific_term_the_documents_never_name_refuses_a_chinese_question(hashing_advisor: Advisor,
                                                                              tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    refused = hashing_advisor.ask("象山县给小巨人企业的50万元奖励要不要交企业所得税？", record=False)
    assert not refused.answerable and "企业所得税" in refused.answer
    # common wording the documents happen not to use ("规定") refuses nothing
    answered = hashing_advisor.ask("中小企业促进法哪一条规定了专利申请辅导服务？", record=False)
    assert answered.answerable, answered.answer


def test_the_subject_of_a_threshold_asked_is_read_past_its_comparison() -> None:
    from assistant.documents.asked import answers_the_asked, asked_subject

    question = "申请贷款贴息，企业年营业收入不能超过多少万元？"
    assert asked_subject(question) == "收入"
    assert not answers_the_asked("单户企业贷款额度最高不超过2000万元。", question, "", lambda w: True)


def test_an_english_question_none_of_whose_words_the_passages_hold_is_refused(hashing_advisor: Advisor,
                                                                               tmp_path: Path) -> None:
    from dataclasses import dataclass

    from assistant.answering.basis import has_basis
    from assistant.answering.query import analyse, load_lexicon

    @dataclass(frozen=True)
    class Sentence:
        dense: float
        lexical: float
        translated: float = 0.0

    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    query = analyse("Can you recommend a good patent service for our accountant?", None, load_lexicon())
    close = 0.80  # as similar as an English question to a Chinese passage gets for a real model
    assert not has_basis(hashing_advisor.index, query, [Sentence(close, 0.0)])  # no word of it in any passage
    assert has_basis(hashing_advisor.index, query, [Sentence(close, 0.2)])
    # no glossary term, but dictionary translations of its words ("accident insurance": 意外, 保险) in the passage
    assert has_basis(hashing_advisor.index, query, [Sentence(close, 0.0, 0.3)])
    # a word reached only far down ("few" in a clause on vouchers) is no basis: the best sentences hold none of it
    best, far = [Sentence(close, 0.0)] * 3, Sentence(close - 0.01, 0.0, 0.2)
    assert not has_basis(hashing_advisor.index, query, [*best, far])
    assert has_basis(hashing_advisor.index, query, [*best[:2], far])


def test_a_chinese_question_none_of_whose_words_the_documents_use_needs_a_passage_very_close_in_meaning(
        hashing_advisor: Advisor, tmp_path: Path) -> None:
    from dataclasses import dataclass

    from assistant.answering.basis import MIN_DENSE_UNWORDED, coverage, has_basis
    from assistant.answering.query import analyse, load_lexicon

    @dataclass(frozen=True)
    class Sentence:
        dense: float
        lexical: float = 0.0
        translated: float = 0.0

    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    query = analyse("山村里搞了个沼气池和小水电站，钱上有没有着落？", None, load_lexicon())
    assert coverage(hashing_advisor.index, query) == 0.0
    assert not has_basis(hashing_advisor.index, query, [Sentence(0.887)])  # as close as a recipe question gets
    assert has_basis(hashing_advisor.index, query, [Sentence(MIN_DENSE_UNWORDED + 0.01)])


def test_an_english_questions_translated_words_are_counted_for_each_sentence(hashing_advisor: Advisor,
                                                                             tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    rule = ("# 某县旅游条例\n\n第二十二条 旅游经营者应当协助旅游者办理人身意外伤害保险。\n\n"
            "第二十三条 本条例自公布之日起施行。\n")
    _ingest(hashing_advisor, tmp_path, {"rule.md": rule})
    query, _scope = hashing_advisor._prepared(analyse(
        "We run rafting trips. Do we have to help our customers get accident insurance?", None, load_lexicon()))
    candidates = hashing_advisor.answerer.candidates(query, hashing_advisor.retrieve(query))
    insurance = next(c for c in candidates if "保险" in c.text)
    assert insurance.lexical == 0.0  # no glossary term of the question is in it
    assert insurance.translated > 0.0  # 意外, 保险 are
    assert insurance.translated > max(c.translated for c in candidates if "保险" not in c.text)


PENALTIES = """# 中华人民共和国某某促进法

第四十条 销售的翻新产品应当在显著位置标识为翻新产品。

第五十六条 违反本法规定，有下列行为之一的，责令改正，可以处五千元以上五万元以下的罚款；逾期不改正的，吊销执照：

（一）销售没有再利用产品标识的再利用电器电子产品的；

（二）销售没有翻新产品标识的翻新产品的。
"""


def test_a_list_item_asked_for_an_amount_is_quoted_with_the_lead_in_that_states_it(hashing_advisor: Advisor,
                                                                                   tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"law.md": PENALTIES})
    answer = hashing_advisor.ask("销售翻新产品没有标识翻新产品标识的，罚款是多少？", record=False)
    assert answer.answerable, answer.answer
    first = answer.citations[0]
    assert first.article == "第五十六条" and first.quote.startswith("违反本法规定")
    assert "五千元以上五万元以下" in first.quote
    assert first.quote.rstrip("。").endswith("销售没有翻新产品标识的翻新产品的")


def test_whose_sum_is_asked_must_be_named_where_the_sum_is_stated() -> None:
    from assistant.documents.asked import answers_the_asked, asked_possessor

    pv = "（二）常规光伏项目，分布式光伏奖励标准0.05元/千瓦时。"
    known = {"光伏", "海上", "奖励"}.__contains__
    assert asked_possessor("上海海上光伏项目的度电奖励标准是多少？") == ("海上", "光伏")
    assert not answers_the_asked(pv, "上海海上光伏项目的度电奖励标准是多少？", "", known)  # offshore is not named
    assert answers_the_asked(pv, "上海光伏项目的度电奖励标准是多少？", "", known)
    assert not answers_the_asked(pv, "上海对储能项目的奖励标准是多少？", "", known)  # 储能 is named nowhere


def test_a_verb_jieba_tags_as_a_place_is_no_term_the_documents_lack(hashing_advisor: Advisor, tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    returned = analyse("我是留学回国的，在象山开了家公司，能享受哪些扶持？", None, load_lexicon())
    assert "回国" not in hashing_advisor.answerer.absent_terms(returned)  # 回国 "to return to one's country"
    bought = analyse("我们公司花钱买了外地一所大学的专利，能算进研发费用吗？", None, load_lexicon())
    assert "花钱买" not in hashing_advisor.answerer.absent_terms(bought)  # 花钱 "to spend money" + 买
    joining = analyse("我们想加盟一个连锁餐饮品牌，加盟合同的期限最短是多久？", None, load_lexicon())
    assert "加盟" not in hashing_advisor.answerer.absent_terms(joining)  # "to join; franchising", no place
    arranged = analyse("能不能用园区统一安排的共享办公地址去注册公司？", None, load_lexicon())
    assert "统一安排" not in hashing_advisor.answerer.absent_terms(arranged)  # 统一 + 安排, tagged nt
    machine = analyse("我们有台国二的叉车，报废后换新能拿补贴吗？", None, load_lexicon())
    assert "台国" not in hashing_advisor.answerer.absent_terms(machine)  # 台 counts the 叉车; no list knows 台国
    elsewhere = analyse("美国的企业能享受哪些扶持？", None, load_lexicon())
    assert "美国" in hashing_advisor.answerer.absent_terms(elsewhere)  # a place the documents never name
    pointed = analyse("后厨装了油烟净化器，这东西多久得清洗一回？", None, load_lexicon())
    assert "东西" not in hashing_advisor.answerer.absent_terms(pointed)  # what 这 points at: "thing", no place
    those = analyse("能让他把那些东西从展位上撤下来吗？", None, load_lexicon())
    assert "东西" not in hashing_advisor.answerer.absent_terms(those)


def test_a_follow_up_keeps_the_earlier_place_unless_it_names_another(hashing_advisor: Advisor,
                                                                   tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon
    from assistant.answering.scope import query_scope

    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    documents = hashing_advisor.index.documents
    history = ["象山县对新认定的小巨人企业奖励多少？"]

    def places(question: str) -> set[str]:
        query = analyse(question, history, load_lexicon())
        return {p.county or p.city or p.province for p in query_scope(query, documents).asked}

    assert "象山县" in places("那获得国家和浙江省荣誉的企业呢？")  # a wider place: still the county asked before
    assert "象山县" in places("那购置研发设备的呢？")  # no place named: the earlier one
    assert "象山县" not in places("那北京市的企业呢？")  # another place replaces it


def test_a_request_for_a_thing_the_documents_never_name_has_no_basis(hashing_advisor: Advisor) -> None:
    from assistant.answering.query import analyse, load_lexicon

    answerer = hashing_advisor.answerer
    software = analyse("推荐一款适合小公司用的记账软件。", None, load_lexicon())
    assert "记账" in answerer.absent_terms(software)  # the seed page names no bookkeeping software
    assert not hashing_advisor.ask("推荐一款适合小公司用的记账软件。", record=False).answerable
    covered = analyse("介绍一下专利托管服务。", None, load_lexicon())
    assert answerer.absent_terms(covered) == []  # a thing the page names
    asked = analyse("小公司用的记账软件有补贴吗？", None, load_lexicon())
    assert "记账" not in answerer.absent_terms(asked)  # a question, not a request: judged by its passages
    several = analyse("推荐几款适合小超市用的收银机品牌。", None, load_lexicon())
    assert "收银机" in answerer.absent_terms(several)  # 几款 asks for things, not a number


def test_a_tax_word_the_documents_never_name_has_no_basis(hashing_advisor: Advisor, tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    answerer = hashing_advisor.answerer
    untaxed = analyse("专利托管服务的费用能不能作为不征税收入处理？", None, load_lexicon())
    assert "征税" in answerer.absent_terms(untaxed)  # the seed page names no tax
    _ingest(hashing_advisor, tmp_path, {"tax.md": "# 某税法\n\n第一条 对下列收入不征税：财政拨款。\n"})
    assert "征税" not in answerer.absent_terms(untaxed)  # once a document does, its passages decide


SHANTOU = ("# 汕头经济特区科技创新条例\n\n"
           "（2022年5月30日汕头市第十五届人民代表大会常务委员会第五次会议通过）\n\n"
           "第三十九条 对探索性强、风险高的科研项目，原始记录证明承担项目的科研人员已履行勤勉尽责义务仍未完成的，"
           "可以允许该项目结题。\n")
ELSEWHERE = ("# 宁波市科研项目管理办法\n\n宁波市人民政府\n\n"
             "第五条 科研项目失败的，科研项目团队应当总结科研项目失败原因，"
             "科研项目团队勤勉尽责的，不影响其再次申报科研项目。\n")


def test_a_places_own_rule_answers_even_when_another_places_passage_ranks_above_it(tmp_path: Path) -> None:
    from assistant.advisor import build_advisor
    from assistant.answering.query import analyse, load_lexicon
    from assistant.settings import Settings
    from tests.answering.test_stated_fact import _FlatEmbeddings

    advisor = build_advisor(Settings(data_dir=tmp_path / "data"), embeddings=_FlatEmbeddings())
    _ingest(advisor, tmp_path, {"shantou.md": SHANTOU, "ningbo.md": ELSEWHERE})
    question = "汕头的科研项目失败了，团队勤勉尽责的话能结题吗？"
    retrieval = advisor.retrieve(advisor.with_names(analyse(question, None, load_lexicon())))
    assert retrieval.elsewhere and retrieval.elsewhere[0].score > retrieval.chunks[0].score  # the setting tested
    answer = advisor.ask(question, record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第三十九条", answer.answer


def test_a_half_named_title_needs_the_embedding_models_agreement() -> None:
    from assistant.answering.scope import agreed_name, english_name_shares, english_named_documents

    docs = {"disclosure": {"title": "企业信息公示暂行条例"},
            "credit": {"title": "台州市企业信用促进条例", "city": "台州市"},
            "procurement": {"title": "上海市政府采购促进中小企业发展实施办法", "province": "上海市"}}
    question = "When did the Interim Regulations on Enterprise Information Disclosure come into force?"
    shares = english_name_shares(question, ["企业", "信息"], docs)  # no dictionary word for 公示
    assert shares["disclosure"] == 4 / 6  # 暂行 is the kind ("Interim Regulations"), not the name
    assert english_named_documents(question, ["企业", "信息"], docs) == frozenset()  # too little held alone
    assert agreed_name(shares, "disclosure") == frozenset({"disclosure"})
    assert agreed_name(shares, "credit") == frozenset()  # the two readings disagree: nothing is named
    # "Shanghai's measure on …": a place and a lower-case singular kind word name a 办法 too
    measure = "Until when is Shanghai's measure on government procurement promoting SMEs valid?"
    held = ["政府采购", "促进", "中小企业", "发展"]
    assert english_named_documents(measure, held, docs) == frozenset({"procurement"})


def test_how_long_a_document_is_valid_is_its_own_clause_whatever_names_it(hashing_advisor: Advisor,
                                                                          tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    # "象山县专精特新奖励政策" names no title exactly: the document the question retrieves is the one asked about
    answer = hashing_advisor.ask("象山县专精特新和研发设备的奖励政策有效期到哪天？", record=False)
    assert answer.answerable and "2026年12月31日" in answer.answer, answer.answer
    assert answer.citations[0].article == "第三条"


STEEL = """# 某市钢结构建筑应用促进条例

第九条 开展创建钢结构建筑试点示范城市活动。

第十五条 对钢结构建筑应用实行政策扶持。

第二十条 本条例自公布之日起施行。
"""


def test_a_document_that_took_effect_on_publication_says_so_when_asked_when_it_came_into_force(
        hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"steel.md": STEEL, "law.md": NATIONAL})
    # no title named exactly: the document the question retrieves is the one asked about
    answer = hashing_advisor.ask("这个钢结构建筑的条例是从哪天开始施行的？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第二十条" and "公布之日" in answer.citations[0].quote
    until = hashing_advisor.ask("这个钢结构建筑的条例有效期到哪天？", record=False)
    assert not until.answerable  # taking effect on publication says nothing of when it ends


def test_a_places_own_rule_is_not_a_national_one(hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "law.md": NATIONAL})
    own = hashing_advisor.ask("南宁有没有自己的规定，中小企业申请专利有什么辅导服务？", record=False)
    assert not own.answerable and "南宁" in own.answer, own.answer  # the national law applies, but is not its own
    covered = hashing_advisor.ask("南宁的中小企业申请专利有什么辅导服务？", record=False)
    assert covered.answerable and covered.citations[0].article == "第二十条", covered.answer
    english = hashing_advisor.ask("Does Nanning have its own rule on patent application coaching?", record=False)
    assert not english.answerable


def test_an_english_request_for_a_thing_no_document_names_has_no_basis(hashing_advisor: Advisor,
                                                                        tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    loans = "# 某县乡镇企业扶持办法\n\n第一条 对有发展前途的乡镇企业优先给予贷款支持。\n"
    _ingest(hashing_advisor, tmp_path, {"county.txt": COUNTY, "loans.md": loans})
    hotel = analyse("Can you recommend a hotel near the Xiangshan government for our visit?", None, load_lexicon())
    assert "hotel" in hashing_advisor.answerer.absent_terms(hotel)
    assert "xiangshan" not in hashing_advisor.answerer.absent_terms(hotel)  # a place, chosen by jurisdiction
    gift = analyse("What is a good birthday gift for an important client?", None, load_lexicon())
    assert {"birthday", "gift"} <= set(hashing_advisor.answerer.absent_terms(gift))
    recipe = analyse("Can you give me a good recipe for braised chicken?", None, load_lexicon())
    assert "recipe" in hashing_advisor.answerer.absent_terms(recipe)
    shop = analyse("Can you suggest a good name for my coffee shop?", None, load_lexicon())
    assert "coffee" in hashing_advisor.answerer.absent_terms(shop)  # the thing it is for counts too
    which = analyse("Can you suggest which loans a township enterprise can get?", None, load_lexicon())
    assert hashing_advisor.answerer.absent_terms(which) == []  # a question, not a request for a thing
    priority = analyse("Besides priority, can a township enterprise get a loan?", None, load_lexicon())
    assert "priority" not in hashing_advisor.answerer.absent_terms(priority)  # 优先 as well as 优先权


def test_tax_words_a_tax_law_names_are_no_missing_terms_and_texts_to_write_have_no_basis(hashing_advisor: Advisor,
                                                                                          tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    law = ("# 中华人民共和国环境保护税法\n\n"
           "第二条 直接向环境排放应税污染物的企业事业单位和其他生产经营者为环境保护税的纳税人。\n\n"
           "第十七条 纳税人应当向应税污染物排放地的税务机关申报缴纳环境保护税。\n\n"
           "第十八条 纳税人按季申报缴纳的，应当自季度终了之日起十五日内办理纳税申报并缴纳税款。\n\n"
           "第二十条 安置残疾人的福利企业，按照国家规定享受税收优惠。\n\n"
           "第二十八条 本法自2018年1月1日起施行。\n")
    _ingest(hashing_advisor, tmp_path, {"tax.md": law})

    def absent(question: str) -> list[str]:
        return hashing_advisor.answerer.absent_terms(analyse(question, None, load_lexicon()))

    assert absent("环境保护税法是从哪天开始施行的？") == []  # the law's name, not a tax it lacks
    assert absent("按季度申报环保税的，几天内要报完并交税？") == []  # 交税: the law says 纳税
    assert "增值税" in absent("增值税按季度申报要几天内交？")  # a tax it never names
    assert absent("税务局说我们环保税申报晚了，几天内要交？") == []  # 税务局: the law's 税务机关
    assert "海关" in absent("海关说我们环保税申报晚了，几天内要交？")  # an authority it never names
    assert absent("我们是福利厂，国家在环保税上有没有照顾？") == []  # 福利厂: the law's 福利企业
    assert absent("外国朋友来投资办厂，也要交环保税吗？") == []  # a place relative to the asker names no place
    assert "美国" in absent("美国企业来投资办厂，也要交环保税吗？")
    assert absent("帮我写一份环境保护税纳税申报的通知。")  # a text to write, not a fact to quote
    assert absent("帮我给我们的工厂设计一个包装盒和logo。")  # a thing to design, not a fact to quote
    assert absent("我们想设计一个新的排放装置，能少交环保税吗？") == []  # a plan told, not a request
    assert "特色菜" in absent("去那边出差有什么特色菜推荐？")


def test_a_word_of_a_registered_title_is_still_an_english_name_the_documents_use() -> None:
    from assistant.answering.scope import english_names, register_names

    documents = {"zgc": {"title": "中关村国家自主创新示范区条例"}}
    register_names(documents)  # jieba now cuts the whole title as one word
    assert english_names("We run a small startup in Zhongguancun. Will the city help?", documents) == \
        {"Zhongguancun": "中关村"}


def test_a_word_for_a_places_people_is_an_english_name_of_that_place() -> None:
    from assistant.answering.scope import english_names

    documents = {"tw": {"title": "中华人民共和国台湾同胞投资保护法"}, "sh": {"title": "上海市促进中小企业发展条例"}}
    assert english_names("Can Taiwanese investors use patents as their investment?", documents) == {"Taiwanese": "台湾"}
    assert english_names("Do Shanghainese firms get the same support?", documents) == {"Shanghainese": "上海"}
    assert english_names("Do Japanese firms get the same support?", documents) == {}  # no title names 日本


def test_paperwork_is_the_formalities_a_document_names(hashing_advisor: Advisor, tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    stay = "# 某市投资保护条例\n\n第二十条 投资者需要在本市停留三个月以上的，应当办理暂住手续。\n"
    _ingest(hashing_advisor, tmp_path, {"stay.md": stay})
    query = analyse("If we stay longer than three months, what paperwork do we need?", None, load_lexicon())
    assert "paperwork" not in hashing_advisor.answerer.absent_terms(query)


@pytest.mark.parametrize(("question", "title"), [
    ("Under the Beijing regulation on commercialising scientific results, what share goes to the contributors?",
     "Beijing regulation on commercialising scientific results"),
    ("When did Zhejiang's Regulation on Promoting the Development of Private Enterprises come into force?",
     "Zhejiang's Regulation on Promoting the Development of Private Enterprises"),
    ("According to the Weihai regulation, which markets?", "Weihai regulation"),
])
def test_an_english_title_runs_on_through_what_it_is_on(question: str, title: str) -> None:
    from assistant.answering.scope import english_titles

    assert [words.strip() for _kind, words in english_titles(question)] == [title]


LICENCES = """# 产品生产许可证条例

第二条 国家对生产下列重要工业产品的企业实行生产许可证制度。
"""

TRANSFER = """# 北京市促进科技成果转化条例

第十二条 将职务科技成果转让、许可给他人实施的，从该项科技成果转让净收入或者许可净收入中提取不低于百分之七十的比例。
"""


def test_a_document_is_named_by_its_english_titles_words_not_by_the_rest_of_the_question(hashing_advisor: Advisor,
                                                                                         tmp_path: Path) -> None:
    # the words after the title (industrial, product, production licence) make up the other regulation's name
    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"licences.md": LICENCES, "transfer.md": TRANSFER})
    question = ("Under the Beijing regulation on commercialising scientific results, may an industrial firm "
                "transfer its product production licence?")
    query, _scope = hashing_advisor._prepared(analyse(question, None, load_lexicon()))
    assert "licences" not in query.named


def test_a_kind_of_settlement_after_a_place_the_documents_name_describes_it(hashing_advisor: Advisor,
                                                                           tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    town = "# 某县西沱历史名镇保护条例\n\n第十条 西沱历史名镇保护范围内禁止燃烧原煤。\n"
    _ingest(hashing_advisor, tmp_path, {"town.md": town})
    described = analyse("我在西沱古镇开了家小饭馆，后厨的灶能不能烧煤？", None, load_lexicon())
    assert "古镇" not in hashing_advisor.answerer.absent_terms(described)  # the old town of 西沱, named
    elsewhere = analyse("我在周庄古镇开了家小饭馆，后厨的灶能不能烧煤？", None, load_lexicon())
    assert hashing_advisor.answerer.absent_terms(elsewhere)  # 周庄, no place the documents name


def test_filing_taxes_is_known_to_a_knowledge_base_that_speaks_of_taxes_at_all(hashing_advisor: Advisor,
                                                                              tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    rule = ("# 某省科学技术进步条例\n\n"
            "第二十四条 企业开发新技术、新产品、新工艺发生的研究开发费用可以按照国家有关规定，税前列支并加计扣除。\n")
    _ingest(hashing_advisor, tmp_path, {"rule.md": rule})

    def absent(question: str) -> list[str]:
        return hashing_advisor.answerer.absent_terms(analyse(question, None, load_lexicon()))

    assert absent("今年投了不少研发的钱，这笔钱报税的时候能不能多抵一些？") == []  # 报税: the rule's 税前列支
    assert "增值税" in absent("研发的钱能不能少交增值税？")  # a tax it never names
