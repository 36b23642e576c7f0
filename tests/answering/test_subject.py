"""An English amount or rate question is answered only by a sentence about the thing it asks the value of."""

from __future__ import annotations

from pathlib import Path

from assistant.advisor import Advisor
from assistant.answering.subject import about_asked, subject_groups


def test_subject_groups_keep_only_words_the_documents_contain() -> None:
    known = {"加计扣除", "税", "税收", "研发"}.__contains__
    assert subject_groups("What percentage super-deduction can an SME claim?", known) == [("加计扣除",)]
    # the longest glossary phrase stands for the thing: not also "income tax" and "tax"
    assert subject_groups("What corporate income tax rate applies?", known) == []
    assert subject_groups("What corporate income tax rate applies?", {"企业所得税", "税"}.__contains__) == [
        ("企业所得税",)]


def test_a_sentence_is_about_the_asked_thing_when_it_or_its_paragraph_names_it() -> None:
    groups = [("加计扣除",)]
    assert about_asked("研发费用可以按规定享受税前加计扣除。", "", groups)
    assert about_asked("比例为百分之百。", "第五条 研发费用加计扣除", groups)
    assert not about_asked("按研发投入给予最高20%的补贴。", "第三条 节能产品", groups)
    assert about_asked("按研发投入给予最高20%的补贴。", "", [])


RULES = """关于印发《某区节能减排专项资金管理办法》的通知

第一条 开展节能产品研发，经认定的，按研发投入给予最高20%的补贴，单个项目最高不超过50万元。

第二条 中小企业开发新技术发生的研究开发费用，符合国家有关规定的，可以享受税前加计扣除政策。
"""


def test_a_subsidy_rate_does_not_answer_a_super_deduction_rate(hashing_advisor: Advisor, tmp_path: Path) -> None:
    for doc in hashing_advisor.documents():  # only the rules: the seed page says nothing of taxes
        hashing_advisor.remove(doc.doc_id)
    (tmp_path / "rules.txt").write_text(RULES, encoding="utf-8")
    assert hashing_advisor.ingest([tmp_path / "rules.txt"]).ok
    answer = hashing_advisor.ask("What percentage super-deduction can an SME claim on its R&D expenses?", record=False)
    assert not answer.answerable
    assert all("20%" not in c.quote for c in answer.citations)


LAW = """# 中华人民共和国清洁生产促进法

第一条 为了促进清洁生产，提高资源利用效率，制定本法。

第二条 企业用于清洁生产审核和培训的费用，可以列入企业经营成本。

第四十条 本法自2003年1月1日起施行。
"""


def test_an_english_law_title_names_its_document_and_its_effective_clause(hashing_advisor: Advisor,
                                                                          tmp_path: Path) -> None:
    for doc in hashing_advisor.documents():
        hashing_advisor.remove(doc.doc_id)
    (tmp_path / "law.md").write_text(LAW, encoding="utf-8")
    assert hashing_advisor.ingest([tmp_path / "law.md"]).ok
    for question in ("When did China's Cleaner Production Promotion Law originally take effect?",
                     "From what date did the Cleaner Production Promotion Law apply?"):
        answer = hashing_advisor.ask(question, record=False)
        assert answer.answerable, question
        assert "2003年1月1日" in answer.citations[0].quote and answer.citations[0].article == "第四十条"


def test_a_head_word_the_documents_never_name_leaves_no_sentence_about_it() -> None:
    from assistant.answering.subject import NEVER_NAMED

    known = {"千瓦时", "能源", "光伏", "奖励", "贿赂", "罚款"}.__contains__
    # "storage" (储存, 贮物 …): the documents name no such thing, so no stated amount is about energy storage
    assert subject_groups("How much does the new area pay per kWh for energy storage projects?", known) == [
        NEVER_NAMED]
    # "to win" is a verb, not the thing asked; "bribery" is found through its verb (bribe: 贿赂)
    assert subject_groups("What is the fine for bribery to win business under the law?", known) == [("贿赂",)]
    assert not about_asked("光伏项目奖励标准为0.3元/千瓦时。", "", [NEVER_NAMED])
