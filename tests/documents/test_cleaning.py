from __future__ import annotations

from collections import Counter

from assistant.documents.cleaning import clean_text, ends_sentence

DUPLICATE = "四是健全服务体系，强化专业人才支撑。"


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def test_no_text_is_invented(seed_raw: str) -> None:
    clean = clean_text(seed_raw)
    assert not (_chars(clean.text) - _chars(seed_raw)), "cleaning added characters"


def test_repeated_passage_is_kept_once(seed_raw: str) -> None:
    assert seed_raw.count(DUPLICATE) == 2
    clean = clean_text(seed_raw)
    assert clean.text.count(DUPLICATE) == 1
    assert clean.dropped_duplicates >= 1
    # the copy glued to the end of the 三是 paragraph is the one removed
    assert "角色转变。四是" not in clean.text


def test_layout_breaks_are_joined(seed_raw: str) -> None:
    text = clean_text(seed_raw).text
    assert "为提升创新策源能力提供核心支撑。" in text  # "核" + "心支撑"
    assert "推动源头创新应用落地生根" in text  # "应用" + "落地生根"
    assert "开展关键共性技术攻关。提升中小企业配套支撑能力" in text  # "提" ... "升", two columns apart
    assert "提台" not in text


def test_headings_and_bylines_are_blocks_not_body(seed_raw: str) -> None:
    clean = clean_text(seed_raw)
    kinds = {b.text: b.kind for b in clean.blocks}
    assert kinds["■ 锻强科技创新策源能力"] == "heading"
    assert kinds["一是以多元孵化筑牢企业梯队发展根基"] == "heading"
    assert kinds["聚焦“第一资源”，打造人才引领的强引擎"] == "heading"
    assert kinds["刘尚海"] == "byline"
    assert kinds["罗丽"] == "byline"
    for block in clean.blocks:
        assert clean.text[block.start : block.end] == block.text


def test_body_paragraph_starting_with_ordinal_stays_body(seed_raw: str) -> None:
    clean = clean_text(seed_raw)
    body = [b for b in clean.blocks if b.kind == "body" and b.text.startswith("一是强化协同治理")]
    assert body, "a long 一是… paragraph is text, not a heading"


def test_hard_wrapped_lines_are_joined() -> None:
    raw = "第一章 总则\n为了支持中小企业创新发展，根据有关规定，\n制定本办法。\n第二条 本办法适用于全市。"
    clean = clean_text(raw)
    assert "根据有关规定，制定本办法。" in clean.text
    assert clean.blocks[0].kind == "heading"


def test_ends_sentence() -> None:
    assert ends_sentence("完成。")
    assert ends_sentence("他说“好。”")
    assert ends_sentence("（作者单位：研究院）")
    assert not ends_sentence("提供核")
    assert not ends_sentence("“三首”")
