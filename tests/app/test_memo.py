"""Guidance memo: numbering, escaping, Markdown and DOCX output."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from assistant.app.memo import build_memo, to_markdown, write_docx, write_markdown


def _cite(n: int, quote: str, start: int, doc_id: str = "policy-a", section: str = "第一章") -> dict:
    return {"n": n, "doc_id": doc_id, "source": f"{doc_id}.txt", "title": "中小企业政策", "section": section,
            "quote": quote, "start": start, "end": start + len(quote), "score": 0.05}


ANSWERED = {
    "question": "小微企业有哪些支持？", "answerable": True, "language": "zh",
    "answer": "根据文件：\n• 支持甲。 [1]\n• 支持乙。 [2]",
    "citations": [_cite(1, "支持甲。", 10), _cite(2, "支持乙。", 40)], "related": [],
}
FOLLOW_UP = {  # cites the same passage as ANSWERED's [2] under its own number [1]
    "question": "那乙呢？", "answerable": True, "language": "zh",
    "answer": "• 支持乙。 [1]", "citations": [_cite(1, "支持乙。", 40)], "related": [],
}
UNANSWERABLE = {
    "question": "深圳有什么专精特新补贴？", "answerable": False, "language": "zh",
    "answer": "文件中没有说明关于“深圳”的内容。", "citations": [],
    "related": [_cite(1, "相关段落。", 70, doc_id="policy-b")],
}


def test_sources_are_numbered_once_and_markers_renumbered() -> None:
    memo = build_memo([ANSWERED, FOLLOW_UP, UNANSWERABLE], language="zh", created="2025-01-01 09:00")
    assert [s.n for s in memo.sources] == [1, 2, 3]
    assert [s.quote for s in memo.sources] == ["支持甲。", "支持乙。", "相关段落。"]
    assert memo.items[1].answer == "• 支持乙。 [2]"  # the follow-up's [1] is the memo's [2]
    assert memo.items[1].cited == (2,)
    assert memo.items[2].answerable is False and memo.items[2].related == (3,)


def test_markdown_has_questions_answers_and_full_sources() -> None:
    text = to_markdown(build_memo([ANSWERED, UNANSWERABLE], language="zh", created="2025-01-01 09:00"))
    assert text.startswith("# 政策咨询备忘录\n")
    assert "## 问题 1: 小微企业有哪些支持？" in text
    assert "• 支持甲。 [1]" in text
    assert "文件中未说明" in text
    assert "相关段落: [3]" in text
    assert "**[1]** 《中小企业政策》 · 章节: 第一章 · 文件: policy-a.txt (policy-a) · 字符位置 10–14" in text
    assert "> 支持乙。" in text


def test_english_labels() -> None:
    text = to_markdown(build_memo([UNANSWERABLE], language="en"))
    assert text.startswith("# Guidance memo\n")
    assert "Not stated in the documents" in text
    assert "Related passages: [1]" in text


def test_markdown_escapes_document_text() -> None:
    hostile = dict(ANSWERED, question="<img src=x onerror=alert(1)>",
                   citations=[_cite(1, "<script>alert(1)</script> *bold*", 10)], answer="x [1]")
    text = to_markdown(build_memo([hostile]))
    assert not re.search(r"(?<!\\)<", text)  # every "<" is escaped
    assert r"\<script\>alert(1)\</script\> \*bold\*" in text
    assert "x [1]" in text


def test_empty_conversation_still_makes_a_memo(tmp_path: Path) -> None:
    memo = build_memo([], language="en")
    assert "No questions" in to_markdown(memo)
    assert docx.Document(str(write_docx(memo, tmp_path / "empty.docx"))).paragraphs


def test_docx_opens_and_holds_everything(tmp_path: Path) -> None:
    memo = build_memo([ANSWERED, UNANSWERABLE], language="zh")
    path = write_docx(memo, tmp_path / "out" / "memo.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    expected_bits = ("政策咨询备忘录", "问题 1: 小微企业有哪些支持？", "支持甲。 [1]",
                     "[3] 《中小企业政策》", "相关段落。", "文件中未说明")
    for expected in expected_bits:
        assert expected in text


def test_docx_drops_characters_xml_cannot_hold(tmp_path: Path) -> None:
    broken = dict(ANSWERED, question="控制\x01字符", citations=[_cite(1, "引文\x0b内容", 1)], answer="x [1]")
    path = write_docx(build_memo([broken]), tmp_path / "memo.docx")
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "控制字符" in text and "引文内容" in text


def test_write_markdown(tmp_path: Path) -> None:
    path = write_markdown(build_memo([ANSWERED]), tmp_path / "a" / "memo.md")
    assert path.read_text(encoding="utf-8").count("支持甲。") == 2  # in the answer and in the source list


@pytest.mark.parametrize("language", ["fr", ""])
def test_unknown_language_falls_back_to_chinese(language: str) -> None:
    assert build_memo([ANSWERED], language=language).language == "zh"
