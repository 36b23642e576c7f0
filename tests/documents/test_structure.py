"""Structure of laws, regulations and notices: articles, divisions, titles, addressees, signatures."""

from __future__ import annotations

import pytest

from assistant.documents.chunking import chunk_document
from assistant.documents.cleaning import clean_text
from assistant.documents.structure import (
    article_at_start,
    article_of,
    chinese_number,
    division_level,
    introduces_list,
    is_addressee,
    is_date_line,
    is_issuer_line,
    mask_comments,
)

LAW = ("""# 中华人民共和国商标法

1982年8月23日 第五届全国人民代表大会常务委员会第二十四次会议通过

2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议《关于修改<中华人民共和国建筑法>等八部法律的决定》第四次修正

<!-- INFO END -->

## 第一章 总 则

第一条 为了加强商标管理，保护商标专用权，特制定本法。

第二条 国务院工商行政管理部门商标局主管全国商标注册和管理的工作。

国务院工商行政管理部门设立商标评审委员会，负责处理商标争议事宜。

## 第三章 商标注册的审查和核准

第三十九条 注册商标的有效期为十年，自核准注册之日起计算。

第四十条 注册商标有效期满，需要继续使用的，商标注册人应当在期满前十二个月内按照规定办理续展手续；"""
       """在此期间未能办理的，可以给予六个月的宽展期。期满未办理续展手续的，注销其注册商标。
""")

NOTICE = """---
标题: 关于印发《某市专项资金管理办法》的通知
文号: 某府办规〔2022〕9号
---

> 本文正文由脚本提取，仅供检索查阅。

# 某市人民政府办公厅关于印发《某市专项资金管理办法》的通知

各区人民政府，市政府各委、办、局：

经市政府同意，现将《某市专项资金管理办法》印发给你们，请认真按照执行。

某市人民政府办公厅

2022年8月29日

某市专项资金管理办法

第一章　总则

第一条（目的和依据）

为支持企业创新，制定本办法。

第二条（申报条件）

申报单位应当符合下列条件：

（一）在本市注册的企业；

（二）近三年无严重失信记录。

第十一条（实施日期）

本办法自2022年9月1日起施行，有效期至2025年8月31日。
"""


@pytest.mark.parametrize(("line", "label"), [
    ("第一条 为了加强商标管理", "第一条"),
    ("第 1 1 条 本条例所称", "第十一条"),
    ("第11条（标题）", "第十一条"),
    ("第一百零二条 附则", "第一百零二条"),
    ("  第三十九条　注册商标的有效期为十年", "第三十九条"),
])
def test_articles_are_read_in_chinese_or_arabic_numerals_and_with_stray_spaces(line: str, label: str) -> None:
    found = article_at_start(line)
    assert found is not None and found.label == label


@pytest.mark.parametrize("line", ["依照本法第十条的规定", "第一章 总则", "第三方机构", "条件如下"])
def test_other_lines_open_no_article(line: str) -> None:
    assert article_at_start(line) is None


def test_numerals() -> None:
    assert chinese_number("一百四十九") == 149
    assert chinese_number("1 0 2") == 102
    assert chinese_number("两") == 2
    assert chinese_number("") is None


def test_divisions_and_line_kinds() -> None:
    assert division_level("第一编 总则") == 2
    assert division_level("## 第三章 商标注册的审查和核准".lstrip("# ")) == 3
    assert division_level("第二节　申请") == 4
    assert division_level("第一章规定的事项应当在三十日内办理完毕。") == 0
    assert is_addressee("各区人民政府，市政府各委、办、局：")
    assert is_addressee("各有关企业：")
    assert not is_addressee("申报单位应当符合下列条件：")
    assert introduces_list("申报单位应当符合下列条件：")
    assert is_date_line("2022年8月29日") and is_date_line("二〇二二年八月二十九日")
    assert not is_date_line("2022年8月29日起施行。")
    assert is_issuer_line("上海市人民政府办公厅") and not is_issuer_line("请各区人民政府认真执行。")


def test_comments_and_front_matter_are_masked_without_moving_offsets() -> None:
    masked = mask_comments(NOTICE + "<!-- note -->")
    assert len(masked) == len(NOTICE + "<!-- note -->")
    assert "标题:" not in masked and "<!--" not in masked
    assert masked.index("各区人民政府") == NOTICE.index("各区人民政府")


def test_a_law_is_chunked_by_article_with_its_heading_path() -> None:
    clean = clean_text(LAW)
    kinds = [(b.kind, b.text[:6]) for b in clean.blocks]
    assert kinds[0] == ("title", "# 中华人民")
    assert "INFO" not in clean.text, "HTML comments are structure, not text"
    chunks = chunk_document("law", clean)
    by_article = {article_of(c.section): c for c in chunks if article_of(c.section)}
    assert set(by_article) == {"第一条", "第二条", "第三十九条", "第四十条"}
    assert by_article["第二条"].section == "第一章 总 则 › 第二条"
    assert "商标评审委员会" in by_article["第二条"].text, "the second paragraph (款) stays with its article"
    assert by_article["第三十九条"].section.startswith("第三章 商标注册的审查和核准")
    for chunk in chunks:  # never two articles in one chunk
        assert sum(1 for line in chunk.text.split("\n") if article_at_start(line)) <= 1
    # the first article is not glued to the comment or the records above it
    assert by_article["第一条"].text.startswith("第一条")


def test_repeated_sentences_in_a_law_are_kept() -> None:
    repeated = "由县级以上人民政府市场监督管理部门责令改正，处一万元以上十万元以下的罚款。"
    law = f"第一条 违反本条例第三条规定的，{repeated}\n\n第二条 违反本条例第四条规定的，{repeated}\n"
    clean = clean_text(law)
    assert clean.text.count(repeated) == 2


def test_a_notice_has_a_title_an_addressee_a_signature_and_articles() -> None:
    clean = clean_text(NOTICE)
    kinds = {b.kind: b.text for b in clean.blocks}
    assert kinds["title"].endswith("关于印发《某市专项资金管理办法》的通知")
    assert kinds["addressee"] == "各区人民政府，市政府各委、办、局："
    assert kinds["signature"] == "某市人民政府办公厅"
    assert kinds["date"] == "2022年8月29日"
    assert kinds["note"].startswith(">")
    headings = [b.text for b in clean.blocks if b.kind == "heading"]
    assert "申报单位应当符合下列条件：" not in headings, "a list-introducing line is not a heading"
    chunks = chunk_document("notice", clean)
    sections = {article_of(c.section): c.section for c in chunks}
    assert sections["第二条"] == "某市专项资金管理办法 › 第一章　总则 › 第二条（申报条件）"
    assert not any("各区人民政府，市政府" in c.text for c in chunks), "the addressee line is not indexed"
