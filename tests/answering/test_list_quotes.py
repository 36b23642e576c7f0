"""A list-introducing sentence is quoted with its items, and only them."""

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
