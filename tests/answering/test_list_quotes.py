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


UNNUMBERED = ("第二十九条 下列新建项目，应当配套建设建筑中水设施系统:\n\n"
              "单体建筑面积在二万平方米以上的宾馆、商场;\n\n"
              "地上总建筑面积在三万平方米以上的机关、学校;\n\n"
              "规划人口在三万人以上的住宅小区。\n\n"
              "第三十条 新建市政基础设施工程应当配套建设雨水收集利用设施。")


def _spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^。；;：:\n]+[。；;：:]?", text) if m.group(0).strip()]


def test_items_that_lost_their_numbers_are_quoted_with_their_lead_in_up_to_the_one_ending_the_list() -> None:
    spans = _spans(UNNUMBERED)
    scored = ScoredChunk(Chunk("c1", "law", UNNUMBERED, 0, len(UNNUMBERED), "第二十九条", 0, tuple(spans)), 1.0)
    quote = UNNUMBERED[slice(*_range(with_items(scored, spans, 0, (), 360)))]
    assert quote.startswith("第二十九条") and "二万平方米以上" in quote and quote.endswith("住宅小区。")
    assert "第三十条" not in quote


def test_a_paragraph_after_a_lead_in_that_is_no_item_is_not_quoted_with_it() -> None:
    text = "现将有关事项通知如下：\n\n本通知自发布之日起施行。\n\n各区要加强组织领导；"
    spans = _spans(text)
    scored = ScoredChunk(Chunk("c1", "notice", text, 0, len(text), "", 0, tuple(spans)), 1.0)
    assert text[slice(*_range(with_items(scored, spans, 0, (), 360)))] == "现将有关事项通知如下："


def _range(span: Span) -> tuple[int, int]:
    return span.start, span.end


PENALTY = ("第四十七条 违反本条例规定，未按照审批的位置、规格设置大型户外广告的，由主管部门责令限期改正；"
           "逾期不改正的，处二千元以上二万元以下的罚款。\n\n第四十八条 设置门店招牌应当符合规划。")


def test_a_clause_cut_at_a_semicolon_is_completed_by_the_rest_that_states_the_fact() -> None:
    from assistant.answering.candidates import completed

    spans = _spans(PENALTY)
    scored = ScoredChunk(Chunk("c1", "law", PENALTY, 0, len(PENALTY), "第四十七条", 0, tuple(spans)), 1.0)
    fined = completed(scored, spans, 0, (), 360, lambda text: "罚款" in text)
    assert PENALTY[fined.start : fined.end].endswith("二万元以下的罚款。")
    assert completed(scored, spans, 0, (), 360, lambda text: "年" in text) == spans[0]  # the rest states nothing
    last = len(spans) - 1
    assert completed(scored, spans, last, (), 360, lambda text: True) == spans[last]  # nothing follows


AWARDS = ("第十三条 对下列单位和个人,由市主管部门给予表彰奖励:\n\n(一)研究推广新技术取得重大成果的;\n\n"
          "(二)使用散装水泥连续三年达到规定比例的;\n\n第十四条 各单位应当按照规定比例使用散装水泥。")


def test_a_list_item_that_is_only_a_condition_is_quoted_from_its_lead_in() -> None:
    from assistant.answering.candidates import condition_item, introduced

    candidates = _candidates(AWARDS)
    item = next(c for c in candidates if c.text.startswith("(二)"))
    assert condition_item(item.text) and not condition_item("（一）企业通信地址、联系电话等信息；")
    quoted = introduced(item, (), 360)
    assert quoted.text.startswith("第十三条") and quoted.text.endswith("达到规定比例的;")  # what follows, then the item
    assert introduced(item, (), 40) is item  # too long a quote: the item as it stands
    rule = next(c for c in candidates if c.text.startswith("第十四条"))
    assert introduced(rule, (), 360) is rule  # no list item
