"""A list-introducing sentence is quoted with its items, and only them; a list item with the rule that names it."""

from __future__ import annotations

import re

from assistant.answering.candidates import with_items
from assistant.models import Chunk, ScoredChunk, Span

ARTICLE = ("第二十五条 经营者采用网络方式销售商品，消费者有权自收到商品之日起七日内退货，"
           "且无需说明理由，但下列商品除外：\n\n"
           "（一）消费者定作的；\n\n（二）鲜活易腐的；\n\n"
           "消费者退货的商品应当完好。经营者应当自收到退回商品之日起七日内返还消费者支付的商品价款。")
OFFSET = 1000  # the chunk's place in its document: spans are absolute


def _chunk() -> tuple[ScoredChunk, list[Span]]:
    spans = [Span(OFFSET + m.start(), OFFSET + m.end()) for m in re.finditer(r"[^。；：\n]+[。；：]?", ARTICLE)
             if m.group(0).strip()]
    chunk = Chunk("c1", "law", ARTICLE, OFFSET, OFFSET + len(ARTICLE), "第二十五条", 0, tuple(spans))
    return ScoredChunk(chunk, 1.0), spans


def _quoted(span: Span) -> str:
    return ARTICLE[span.start - OFFSET : span.end - OFFSET]


def test_the_items_after_a_lead_in_are_quoted_with_it_and_the_paragraph_after_the_list_is_not() -> None:
    scored, spans = _chunk()
    quote = _quoted(with_items(scored, spans, 0, (), 360))
    assert quote.startswith("第二十五条") and quote.endswith("（二）鲜活易腐的；")
    assert "应当完好" not in quote  # a sentence of its own, to be chosen or not on its merits


def test_a_quote_stops_at_the_length_limit_and_before_a_left_out_sentence() -> None:
    scored, spans = _chunk()
    assert _quoted(with_items(scored, spans, 0, (), len(_quoted(spans[0])) + 3)).endswith("除外：")
    second = spans[2]
    assert _quoted(with_items(scored, spans, 0, [(second.start, second.end)], 360)).endswith("（一）消费者定作的；")


REPORT = ("第九条 企业年度报告内容包括：\n\n（一）企业通信地址、联系电话等信息；\n\n"
          "（二）企业开业、歇业等存续状态信息；\n\n"
          "（三）企业资产总额、利润总额、纳税总额信息。\n\n"
          "前款第一项至第二项规定的信息应当向社会公示，第三项规定的信息由企业选择是否向社会公示。")


def _candidates(text: str) -> list:  # noqa: ANN001
    from assistant.answering.candidates import Candidate

    spans = [Span(m.start(), m.end()) for m in re.finditer(r"[^。；：\n]+[。；：]?", text) if m.group(0).strip()]
    scored = ScoredChunk(Chunk("c1", "law", text, 0, len(text), "第九条", 0, tuple(spans)), 1.0)
    return [Candidate(scored, s, text[s.start : s.end], 0.9, 0.5, 1.0 - n / 10) for n, s in enumerate(spans)]


def test_a_list_item_chosen_is_followed_by_the_sentence_saying_what_holds_for_it() -> None:
    from assistant.answering.candidates import with_references

    candidates = _candidates(REPORT)
    third = next(c for c in candidates if c.text.startswith("（三）"))
    second = next(c for c in candidates if c.text.startswith("（二）"))
    rule = candidates[-1]
    assert with_references([third], candidates, 3) == [third, rule]  # 第三项
    assert with_references([second], candidates, 3) == [second, rule]  # inside 第一项至第二项
    assert with_references([rule], candidates, 3) == [rule]  # no item chosen: nothing added
    assert with_references([third, second, candidates[0]], candidates, 3) == [third, rule, second]  # most points
