"""The sentence that states the fact asked is found and quoted first, however the owner words the question."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.advisor import Advisor, build_advisor
from assistant.settings import Settings
from assistant.testing import HashingEmbeddings

GUIDE = """某区打造服务平台专项资金申报指南（第一批）

为助力企业拓展市场，现开展某区打造服务平台专项资金（第一批）申报工作。

一、支持内容

对企业采购专业服务的，给予单个项目最高200万元支持。

二、材料提交

1．本专项资金提交材料时间为即日起至2026年6月30日。

2．某区打造服务平台专项资金（第一批）提交材料的邮件标题统一格式为“申报主体名称+申报事项名称”。
"""

PAYMENTS = """# 保障中小企业款项支付条例

第八条 机关、事业单位从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起30日内支付款项。

第十六条 中小企业以应收账款融资的，大型企业应当自中小企业提出确权请求之日起30日内确认债权债务关系。

第十七条 大型企业迟延支付中小企业款项的，应当支付逾期利息。
"""


def _candidates(advisor: Advisor, question: str):  # noqa: ANN202
    """The analysed question and its candidate sentences, best first."""
    from assistant.answering.query import analyse, load_lexicon

    query = analyse(question, None, load_lexicon())
    return query, advisor.answerer.candidates(query, advisor.retrieve(query))


def _ingest(advisor: Advisor, folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = advisor.ingest([folder / name for name in files])
    assert report.ok, report.failed


def test_a_deadline_asked_beside_a_funds_name_quotes_the_deadline_first(hashing_advisor: Advisor,
                                                                       tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"guide.txt": GUIDE})
    answer = hashing_advisor.ask("某区打造服务平台专项资金（第一批）提交材料截止到什么时候？", record=False)
    assert answer.answerable, answer.answer
    assert "2026年6月30日" in answer.citations[0].quote, answer.answer


def test_the_best_sentence_answers_an_owners_wording_when_it_names_the_thing_asked(hashing_advisor: Advisor,
                                                                                   tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"payments.md": PAYMENTS})
    # an owner's words: only 确认 (the thing asked) is shared with the clause that answers
    owner = "我拿大客户欠我的账去银行贷款，银行要对方确认欠款，对方最晚多久得给我确认？"
    query, candidates = _candidates(hashing_advisor, owner)
    answerer = hashing_advisor.answerer
    clause = next(c for c in candidates if "确权请求" in c.text)
    other = next(c for c in candidates if "交付之日起" in c.text)
    assert clause.lexical < 0.05  # below the share of words a fact-stating sentence must otherwise hold
    assert answerer._states("period", clause, query, top=clause)  # as the best sentence, it answers
    assert not answerer._states("period", clause, query, top=other)  # below another, it must share more words
    assert not answerer._states("period", other, query, top=other)  # 支付 is not the 确认 asked


RULES = """关于印发《某市促进航运服务业创新资金管理实施细则》的通知

第一条 为促进航运服务业创新发展，制定本实施细则。

第五条 市交通委于每年二季度公布项目申报指南，明确支持方向等要求。

第六条 示范项目和重点项目的支持标准分别为50万元和20万元。

第十二条 本实施细则自2026年3月1日起施行，有效期至2030年12月31日止。
"""


def test_a_fund_named_without_its_guides_kind_word_names_the_guide() -> None:
    from assistant.answering.query import analyse, load_lexicon
    from assistant.answering.scope import named_documents, without_names

    documents = {"guide": {"title": "2026年某区打造出海服务平台专项资金申报指南（第一批）"},
                 "rules": {"title": "关于印发《某市促进航运服务业创新资金管理实施细则》的通知"}}
    question = "某区出海服务平台专项资金对企业采购专业服务的支持，单个项目的上限是多少？"
    assert named_documents(question, documents) == frozenset({"guide"})
    focus = without_names(analyse(question, None, load_lexicon()), [documents["guide"]["title"]]).focus
    assert "出海服务平台专项资金" not in focus and "单个项目的上限" in focus  # the name ranks nothing inside it
    assert named_documents("某区的企业采购专业服务有什么支持？", documents) == frozenset()
    policy = {"policy": {"title": "某区发展改革委关于印发《关于支持某区海归小镇建设的若干政策》的通知"}}
    assert named_documents("《关于支持某区海归小镇建设的若干政策》试行期多长？", policy) == frozenset({"policy"})


def test_a_deadline_is_not_answered_by_the_date_a_rule_takes_effect(hashing_advisor: Advisor,
                                                                   tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"rules.txt": RULES})
    query = analyse("2026年某市促进航运服务业创新项目的申报截止日期是哪天？", None, load_lexicon())
    query, _scope = hashing_advisor._prepared(query)
    candidates = hashing_advisor.answerer.candidates(query, hashing_advisor.retrieve(query))
    effective = next(c for c in candidates if "起施行" in c.text)
    assert not hashing_advisor.answerer._states("date", effective, query, top=effective)  # 申报 is not named
    effect = hashing_advisor.ask("某市促进航运服务业创新资金管理实施细则什么时候开始施行？", record=False)
    assert effect.answerable and "2026年3月1日" in effect.citations[0].quote, effect.answer


def test_only_a_question_about_taking_effect_gets_the_effective_clause_first(hashing_advisor: Advisor,
                                                                            tmp_path: Path) -> None:
    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"rules.txt": RULES})

    def effective_first(question: str) -> bool:
        query, _scope = hashing_advisor._prepared(analyse(question, None, load_lexicon()))
        return ("effective", 1) in hashing_advisor.retrieve(query).chunks[0].ranks

    assert effective_first("某市促进航运服务业创新资金管理实施细则什么时候开始施行？")
    assert not effective_first("某市促进航运服务业创新资金管理实施细则的申报截止日期是哪天？")  # 实施 of its title


NOTICE = """某区扶持光伏发电项目操作办法

一、对于列入奖励目录的分布式光伏项目，奖励电量的起始时间以并网时间为准。

二、对于列入奖励范围的光伏电站，奖励电量的起始时间以列入目录的当季度第一天为准。

三、光伏项目实施地在某区产城融合区范围内。

四、采用建筑光伏一体化技术等光伏新型技术的项目，奖励标准另行确定。

五、在某区节能减排专项资金中安排资金用于扶持光伏发展。

六、对光伏项目的奖励，按照项目类型分别确定。

七、对拟支持项目在某区管委会官网上公示，公示期限为5个工作日。
"""


def test_the_one_sentence_that_names_the_thing_asked_counts_below_the_best_few(hashing_advisor: Advisor,
                                                                              tmp_path: Path) -> None:
    from dataclasses import replace

    _ingest(hashing_advisor, tmp_path, {"notice.txt": NOTICE})
    query, found = _candidates(hashing_advisor, "某区的光伏奖励名单公示几天？")
    answerer = hashing_advisor.answerer
    notice = next(c for c in found if "公示期限" in c.text)
    others = [c for c in found if c is not notice][:9]
    assert len(others) >= 8
    # ranked ninth, as close to the best as the rest, and the only one that says 公示
    ranked = [replace(c, score=0.6, lexical=0.2) for c in others] + [replace(notice, score=0.55, lexical=0.2)]
    assert answerer._unmet(query, ranked) == ()
    assert answerer._unmet(replace(query, text="某区的光伏奖励名单要几天？"), ranked) == ("period",)  # none named


IMPORTS = """# 某技术进出口管理条例

第一条 为规范技术进出口管理，维护技术进出口秩序，制定本条例。

第二条 技术进口合同自技术进口许可证颁发之日起生效。

第三条 以欺骗手段获取技术进出口许可的，吊销其技术进出口许可证。
"""


class _FlatEmbeddings(HashingEmbeddings):
    """Every text the same vector: sentences are told apart by their words alone."""

    def _vector(self, text: str) -> list[float]:
        return [1.0] + [0.0] * (self.dimension - 1)


def test_an_english_questions_dictionary_translations_weigh_in_its_sentences_scores(tmp_path: Path) -> None:
    # "deception" is in no glossary entry: CC-CEDICT's 欺骗 (deceive) is what tells 第三条 from 第二条
    from assistant.answering.query import analyse, load_lexicon

    advisor = build_advisor(Settings(data_dir=tmp_path / "data"), embeddings=_FlatEmbeddings())
    _ingest(advisor, tmp_path, {"imports.md": IMPORTS})
    question = "What happens if a firm obtains the licence by deception?"
    query = advisor.with_names(analyse(question, None, load_lexicon()))
    assert "欺骗" in query.translations
    retrieval = advisor.retriever.retrieve(query, allow=lambda doc_id: doc_id == "imports")
    scores = {c.text[:3]: c.score for c in advisor.answerer.candidates(query, retrieval)}
    assert scores["第三条"] > scores["第二条"], scores


FRANCHISE = ("# 某特许经营管理条例\n\n"
             "第二十五条 特许人未依照本条例第八条的规定向商务主管部门备案的，"
             "由商务主管部门责令限期备案，处1万元以下的罚款；"
             "逾期仍不备案的，处5万元以上10万元以下的罚款，并予以公告。\n")


def test_the_best_sentence_answers_an_owners_wording_that_shares_few_of_its_words(tmp_path: Path) -> None:
    # most of the owner's words (直营店, 招加盟商, 查到) are in no passage, so the clause holds a small share of them
    advisor = build_advisor(Settings(data_dir=tmp_path / "data"), embeddings=_FlatEmbeddings())
    _ingest(advisor, tmp_path, {"franchise.md": FRANCHISE})
    answer = advisor.ask("我们有两家直营店，已经开始招加盟商了，但一直没去备案，被查到会罚多少？", record=False)
    assert answer.answerable, answer.answer
    assert any("罚款" in c.quote and c.article == "第二十五条" for c in answer.citations), answer.answer


REWARDS = ("# 某市专利促进条例\n\n"
           "第二十九条 单位未与发明人约定奖励的，应当按照下列标准给予奖励：\n\n"
           "（一）转让专利权的，奖金不低于转让净收入的5%；\n\n"
           "（二）以专利权入股的，不低于股份或者股权收益的20%。\n")


def test_an_elliptical_follow_up_of_an_amount_question_is_answered_by_a_share(tmp_path: Path) -> None:
    advisor = build_advisor(Settings(data_dir=tmp_path / "data"), embeddings=_FlatEmbeddings())
    _ingest(advisor, tmp_path, {"rewards.md": REWARDS})
    history = ["某市的单位转让专利，没约定给发明人多少奖金，至少要给多少钱？"]
    answer = advisor.ask("那如果是用专利权入股呢？", history=history, record=False)
    assert answer.answerable, answer.answer
    assert any("20%" in c.quote for c in answer.citations), answer.answer


PENALTIES = """# 某省产品质量条例

## 第三章 生产者的责任

第二十七条 生产者不得伪造、涂改产品质量检验机构的检验报告。

第二十八条 生产者应当建立产品质量档案。

## 第四章 法律责任

第三十四条 生产者违反本条例第二十七条规定的，责令改正，处三千元以上一万元以下罚款。

第三十五条 生产者违反本条例第二十八条规定的，责令改正，处一千元以下罚款。
"""


PRICES = """# 某价格法

## 第二章 经营者的价格行为

第十四条 经营者不得有下列不正当价格行为：

（一）相互串通，操纵市场价格，损害其他经营者或者消费者的合法权益；

（二）捏造、散布涨价信息，哄抬价格。

## 第六章 法律责任

第四十条 经营者有本法第十四条所列行为之一的，责令改正，没收违法所得，可以并处违法所得五倍以下的罚款。

第四十二条 经营者违反明码标价规定的，责令改正，可以并处五千元以下的罚款。
"""


@pytest.mark.parametrize(("text", "question", "article", "fine"), [
    (PENALTIES, "生产者伪造、涂改检验报告的，罚多少钱？", "第三十四条", "三千元以上一万元以下"),  # 违反本条例第二十七条
    (PRICES, "经营者相互串通操纵市场价格的，最多罚违法所得的几倍？", "第四十条", "五倍以下"),  # 有本法第十四条所列行为
])
def test_a_fine_is_found_through_the_article_number_its_penalty_clause_names(
        hashing_advisor: Advisor, tmp_path: Path, text: str, question: str, article: str, fine: str) -> None:
    _ingest(hashing_advisor, tmp_path, {"law.md": text})
    answer = hashing_advisor.ask(question, record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == article and fine in answer.answer, answer.answer


MINING = """# 某县矿产资源管理条例

第十一条 严禁无证和越界勘查、开采矿产资源。

禁止擅自转让、倒卖探矿权、采矿权。

第十四条 开采矿产资源应当遵守开采设计。禁止滥采乱挖矿产资源。

第二十二条 有下列行为之一的，依法给予行政处罚。

（一）违反本条例第十一条规定的，责令停止违法行为，没收违法所得，并处五万元以上十万元以下的罚款。

（二）违反本条例第十四条第二款规定，滥采乱挖矿产资源的，责令停止违法行为，并处二万元以上五万元以下的罚款；\
采取破坏性开采方法开采矿产资源的，责令限期改正，并处矿产资源损失价值一倍以下的罚款。
"""


def test_a_penalty_that_names_only_a_rule_is_read_with_that_rules_words(hashing_advisor: Advisor,
                                                                          tmp_path: Path) -> None:
    from assistant.answering.candidates import read_with_rules

    # item (一) names no offence of its own: 第十一条 says what it fines; item (二) names its own, and shares
    # more of the question's words as it stands
    _ingest(hashing_advisor, tmp_path, {"mining.md": MINING})
    answer = hashing_advisor.ask("无证或者越界开采矿产资源的，罚款多少？", record=False)
    assert answer.answerable, answer.answer
    assert "第十一条规定的" in answer.citations[0].quote, answer.answer
    assert "五万元以上十万元以下" in answer.answer
    query, candidates = _candidates(hashing_advisor, "无证开采矿产资源的，罚款多少？")
    index, doc_id = hashing_advisor.answerer.index, candidates[0].chunk.doc_id
    own = "违反本条例第十四条第二款规定，滥采乱挖矿产资源的，责令停止违法行为"  # names its own offence
    assert read_with_rules(index, doc_id, own, query) == own
    assert "严禁无证和越界" in read_with_rules(index, doc_id, "违反本条例第十一条规定的，责令停止违法行为", query)


def test_fined_names_a_fine() -> None:
    from assistant.answering.query import FINE_ASKED

    assert FINE_ASKED.search("Up to how many times the gains can an operator be fined for colluding?")


BANS = """# 某市特产保护条例

## 第二章 保护与传承

第九条 本市设立特产保护专项资金。

第十条 从事特产生产经营活动，禁止使用病死的原料。

## 第四章 法律责任

第二十四条 违反本条例第十条规定的行为，依据《中华人民共和国食品安全法》等有关法律、法规处理。
"""


def test_what_follows_breaking_a_rule_is_found_through_the_clause_that_names_its_article(
        hashing_advisor: Advisor, tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"bans.md": BANS})
    for question in ("从事特产生产经营活动，使用了病死的原料，会被怎么处理？",
                     "特产生产经营使用病死的原料，会有什么后果？",
                     "做特产生意用了病死的原料，会被怎么罚？"):
        answer = hashing_advisor.ask(question, record=False)
        assert answer.answerable, answer.answer
        first = answer.citations[0]
        assert first.article == "第二十四条" and "食品安全法" in first.quote, (question, answer.answer)


INVOICES = ("# 某发票管理办法\n\n"
            "第十五条 需要领用发票的单位和个人，应当持设立登记证件向主管税务机关办理发票领用手续。"
            "主管税务机关在5个工作日内确认领用发票的种类、数量以及领用方式。\n")


def test_a_sentence_closer_in_meaning_than_the_best_states_the_fact_of_a_wordy_owners_question(
        hashing_advisor: Advisor, tmp_path: Path) -> None:
    from dataclasses import replace

    from assistant.answering.query import analyse, load_lexicon

    _ingest(hashing_advisor, tmp_path, {"invoices.md": INVOICES})
    # few of the owner's words are the clause's (注册, 小公司, 定下来 …): its word share is small
    question = "我刚注册了一家小公司，去税务局申请领发票，他们几天之内要定下来给我们什么票、给多少？"
    query, _scope = hashing_advisor._prepared(analyse(question, None, load_lexicon()))
    assert query.fact_kinds[0] == "period"  # 几天之内 asks how long, though 什么票 follows it
    candidates = hashing_advisor.answerer.candidates(query, hashing_advisor.retrieve(query))
    days = next(c for c in candidates if "5个工作日" in c.text)
    best = replace(next(c for c in candidates if c.chunk.doc_id == "invoices" and "5个工作日" not in c.text),
                   dense=0.90, lexical=0.03)
    closer = replace(days, dense=0.93, lexical=0.03, score=best.score)
    assert hashing_advisor.answerer._states("period", closer, query, top=best)
    assert not hashing_advisor.answerer._states("period", replace(closer, dense=0.89), query, top=best)
    # a closer sentence counts only in the document of the best one
    elsewhere = replace(best, chunk=replace(best.chunk, chunk=replace(best.chunk.chunk, doc_id="another")))
    assert not hashing_advisor.answerer._states("period", closer, query, top=elsewhere)


_STEEL_ITEMS = (
    "市财政部门将钢结构装配式建筑纳入建筑节能与绿色建筑发展专项资金扶持范围，给予一定的资金补贴，用于弥补增量成本",
    "对采用钢结构装配式建筑建造形式的建设项目，依法落实相应的税费优惠政策",
    "支持具有工程总承包资质的钢结构企业采取项目总承包、政府和社会资本合作模式开展项目建设",
    "对符合条件的国有投资工程建设项目，具备采用钢结构条件的，应当优先采用钢结构",
    "鼓励钢结构及其部品配套企业申报高新技术企业，享受相关扶持政策",
    "国有投资的钢结构试点项目符合邀请招标条件的，经依法批准后可采用邀请招标方式确定承包单位",
)
STEEL_SUPPORT = ("# 某市钢结构建筑应用促进条例\n\n第十四条 本市推广钢结构建筑。\n\n"
                 "第十五条 对钢结构建筑应用实行政策扶持：\n\n"
                 + "".join(f"（{n}）{body}；\n\n" for n, body in zip("一二三四五六", _STEEL_ITEMS, strict=True))
                 + "第十六条 本条例自公布之日起施行。\n")


def test_which_article_lists_measures_quotes_the_lead_in_of_its_list_first(hashing_advisor: Advisor,
                                                                          tmp_path: Path) -> None:
    _ingest(hashing_advisor, tmp_path, {"steel.md": STEEL_SUPPORT})
    answer = hashing_advisor.ask("哪一条规定了对采用钢结构装配式建筑建造形式的建设项目落实税费优惠政策？", record=False)
    assert answer.answerable, answer.answer
    first = answer.citations[0]
    assert first.article == "第十五条" and first.quote.startswith("对钢结构建筑应用实行政策扶持"), answer.answer
    assert any("税费优惠政策" in c.quote for c in answer.citations[1:])  # and the item asked after it
    stored = hashing_advisor.answerer.lookup(first.doc_id)
    assert stored is not None and stored.text[first.start : first.end] == first.quote  # verbatim, at its place


PARTNERSHIP = ("# 中华人民共和国合伙企业法\n\n"
               "第八十六条 合伙企业解散，应当由清算人进行清算。\n\n"
               "第八十八条 清算人自被确定之日起十日内将合伙企业解散事项通知债权人，并于六十日内在报纸上公告。\n")


def test_an_english_questions_best_sentence_states_its_fact_through_translated_words(tmp_path: Path) -> None:
    # no glossary term: the English words reach 清算人, 通知, 债权人 only through the dictionary
    from assistant.answering.query import analyse, load_lexicon

    advisor = build_advisor(Settings(data_dir=tmp_path / "data"), embeddings=_FlatEmbeddings())
    _ingest(advisor, tmp_path, {"partnership.md": PARTNERSHIP})
    question = "Within how many days must the liquidator notify creditors that the partnership is being dissolved?"
    query = advisor.with_names(analyse(question, None, load_lexicon()))
    candidates = advisor.answerer.candidates(query, advisor.retrieve(query))
    clause = next(c for c in candidates if "十日内" in c.text)
    other = next(c for c in candidates if "第八十六条" in c.text)
    assert clause.lexical < 0.05 < clause.translated
    assert advisor.answerer._states("period", clause, query, top=clause)  # the best sentence states the period
    # below another sentence, it states the fact when it shares at least as many of the question's translated words
    assert advisor.answerer._states("period", clause, query, top=other)
    assert not advisor.answerer._states("period", clause, query, top=replace(other, translated=2 * clause.translated))
    # further below, only a sentence holding more of the question's words than the best one still states it
    far = clause.score + 0.4
    assert advisor.answerer._states("period", clause, query,
                                    top=replace(other, score=far, translated=clause.translated / 2))
    assert not advisor.answerer._states("period", clause, query,
                                        top=replace(other, score=far, translated=clause.translated))


LICENSING = """# 某省信息化促进条例

第二十八条 电子认证服务机构应当依法取得电子认证服务许可证。

第四十条 违反本条例规定，未取得电子认证服务许可证从事电子认证服务活动的，由省信息化主管部门根据国家有关规定处理。\
有违法所得的，没收违法所得；违法所得三十万元以上的，处以违法所得一倍以上三倍以下的罚款；\
没有违法所得或者违法所得不足三十万元的，处以十万元以上三十万元以下的罚款。

第四十一条 监督管理人员玩忽职守的，依法给予处分。
"""


def test_the_fines_of_the_best_articles_offence_answer_a_fine_question(hashing_advisor: Advisor,
                                                                       tmp_path: Path) -> None:
    # the offence is named in the article's first sentence, its fines in the sentences after it
    _ingest(hashing_advisor, tmp_path, {"licensing.md": LICENSING})
    asked = "未取得电子认证服务许可证从事电子认证服务活动，没有违法所得的，罚多少？"
    query, candidates = _candidates(hashing_advisor, asked)
    top = next(c for c in candidates if "根据国家有关规定处理" in c.text)
    fine = next(c for c in candidates if "十万元以上三十万元以下" in c.text)
    elsewhere = replace(fine, chunk=next(c for c in candidates if "第二十八条" in c.text).chunk)
    assert hashing_advisor.answerer._states("money", fine, query, top=top)
    assert not hashing_advisor.answerer._states("money", elsewhere, query, top=top)  # not in the best article


INVESTMENT = """# 某省台湾同胞投资保护条例

第六条 台湾同胞投资者可以委托亲友作为其投资的代理人。

第七条 台湾同胞投资者投资的财产、投资收益和其他合法权益，可以依法转让和继承。

第十四条 当事人未在合同中订立仲裁条款，事后又未达成书面仲裁协议的，可以向人民法院提起诉讼。
"""


def test_an_article_is_read_under_its_laws_title(hashing_advisor: Advisor, tmp_path: Path) -> None:
    # every article of the law is about 台湾同胞投资: the words its title names do not single out one article
    _ingest(hashing_advisor, tmp_path, {"investment.md": INVESTMENT})
    _query, candidates = _candidates(hashing_advisor, "台湾同胞投资者没有仲裁协议的，可以去哪里解决？")
    court = next(c for c in candidates if "人民法院" in c.text)
    agent = next(c for c in candidates if "代理人" in c.text)
    assert court.translated > agent.translated  # the share of the question's words it is ranked by


RECYCLING = """# 某市再生资源回收利用管理条例

第十二条 经营者领取营业执照，可以从事再生资源回收经营活动。

经营者应当在取得营业执照后三十日内，向再生资源回收管理部门备案。

第十五条 经营者不得回收无合法来源证明的生产性废旧金属。

第二十五条 经营者违反本条例第十二条第二款规定未备案的，由再生资源回收管理部门责令限期改正。

第二十七条 经营者违反本条例第十五条规定，回收禁止回收的物品的，由公安机关依法处理，并处五千元以下的罚款。
"""


def test_an_order_to_correct_is_what_follows_a_breach(hashing_advisor: Advisor, tmp_path: Path) -> None:
    # 责令限期改正 is the consequence of not filing, though it names no fine
    _ingest(hashing_advisor, tmp_path, {"recycling.md": RECYCLING})
    answer = hashing_advisor.ask("经营者取得营业执照后一直没去备案，会怎么处理？", record=False)
    assert answer.answerable, answer.answer
    assert answer.citations[0].article == "第二十五条", answer.answer
