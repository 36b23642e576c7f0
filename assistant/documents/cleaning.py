"""Turn an extraction into stored text without inventing any: classify headings and bylines,
drop repeated passages, and join paragraph pieces that the page layout broke apart."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents.structure import (
    ARTICLE_LEVEL,
    article_at_start,
    division_level,
    introduces_list,
    is_addressee,
    is_attachment,
    is_date_line,
    is_issuer_line,
    is_part_heading,
    mask_comments,
)
from assistant.models import Block, BlockKind, CleanText

TERMINAL = "。！？；!?;…:："
CLOSERS = "”’」』）)】》\"'"
_ORDINAL_HEADING = re.compile(r"^[一二三四五六七八九十]+是\S")
_MARKED_HEADING = re.compile(r"^(■|□|●|◆|▲|#{1,6}\s)")
_BYLINE = re.compile(r"^(作者|记者|通讯员|文／|文/|撰稿)[:：]?|^[\u4e00-\u9fff·]{2,4}$")
_SENTENCE_END = re.compile(r"[。！？；!?;]")
MAX_HEADING_CHARS = 40
# a line that opens with a date (an adoption record) or a list number ("1.", "2、") is never a heading
_NOT_HEADING = re.compile(r"^(?:\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*[.、．](?!\d)|\|)")  # … or a table row
# an adoption or revision record ("2019年4月23日 第十三届……会议……第四次修正") is a line of its own
_RECORD = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,160}(?:通过|修正|修订|公布|发布|批准|施行)$")
# the first line of a document that names its kind is its title ("……关于……的通知", "……条例")
_TITLE = re.compile(r"(?:关于.{1,60}的(?:通知|意见|决定|批复|公告|通告|函|报告)|"
                    r"(?:法|条例|办法|规定|细则|规则|决定|意见|方案|公告|通告|指南|规划|计划|措施|实施意见|通知))$")
MIN_DUPLICATE_CHARS = 40
LOOKAHEAD_PARAGRAPHS = 8


@dataclass
class _Piece:
    kind: BlockKind
    text: str
    level: int = 0


def clean_text(raw: str) -> CleanText:
    """Classify, de-duplicate and re-join the paragraphs of `raw`; offsets index the result.

    HTML comments and front matter are dropped; a document with 第X条 articles keeps repeated
    sentences (laws repeat clauses on purpose; only a page layout prints a passage twice)."""
    pieces = _classify(_paragraphs(mask_comments(raw)))
    articles = sum(1 for p in pieces if article_at_start(p.text))
    if articles < 2:
        pieces, dropped = _drop_repeats(pieces)
    else:
        dropped = 0
    pieces, joined = _join_broken(pieces)
    return _assemble(pieces, dropped, joined)


def ends_sentence(text: str) -> bool:
    """True when `text` ends at a sentence boundary (closing quotes and brackets allowed)."""
    stripped = text.rstrip()
    if not stripped:
        return True
    last = stripped[-1]
    if last in TERMINAL or last in "）)】":
        return True
    if last in CLOSERS and len(stripped) > 1:
        return stripped[-2] in TERMINAL
    return last == "." and not stripped[-2:-1].isdigit()


def _paragraphs(raw: str) -> list[tuple[str, bool]]:
    """Non-empty lines, each with whether it stood alone between blank lines.

    Lines inside a block of consecutive lines that end mid-sentence are hard wraps and are joined."""
    blocks = re.split(r"\n\s*\n", raw.replace("\r\n", "\n"))
    out: list[tuple[str, bool]] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1:
            out.append((lines[0], True))
            continue
        width = max(len(line) for line in lines)
        current, heading = "", False
        for line in lines:
            if line.startswith("|"):  # a Markdown table row is a line of its own, never glued to the next
                if current:
                    out.append((current, heading))
                out.append((line, False))
                current, heading = "", False
                continue
            line_heading = len(line) <= min(30, int(0.6 * width)) and _looks_like_heading(line) and (
                not current or heading or ends_sentence(current)
            )
            if current and not heading and not line_heading and not ends_sentence(current):
                current = _glue(current, line)
                continue
            if current:
                out.append((current, heading))
            current, heading = line, line_heading
        if current:
            out.append((current, heading))
    return out


def _looks_like_heading(text: str) -> bool:
    if _MARKED_HEADING.match(text) or division_level(text) or is_part_heading(text):
        return True
    if introduces_list(text) or is_addressee(text) or is_date_line(text) or _NOT_HEADING.match(text):
        return False
    if article_at_start(text):  # "第一条（目的和依据）" alone is the article's heading; with a body it is text
        return len(text) <= 30 and not _SENTENCE_END.search(text)
    if len(text) > MAX_HEADING_CHARS or _SENTENCE_END.search(text):
        return False
    return not ends_sentence(text) or text.endswith(("：", ":"))


def _classify(paragraphs: list[tuple[str, bool]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    seen_text = False
    for text, alone in paragraphs:
        if text.startswith(">") and not seen_text:
            pieces.append(_Piece("note", text))  # a publisher's note above the document itself
            continue
        first = not seen_text
        seen_text = True
        if first and (text.startswith("# ") or (len(text) <= 80 and _TITLE.search(text)
                                                 and not _SENTENCE_END.search(text))):
            pieces.append(_Piece("title", text))
        elif (level := division_level(text.lstrip("# "))) and not text.startswith("■"):
            pieces.append(_Piece("heading", text, level))
        elif _MARKED_HEADING.match(text):
            level = 1 if text[0] in "■□●◆▲" else min(len(text) - len(text.lstrip("#")), 2)
            pieces.append(_Piece("heading", text, level))
        elif article_at_start(text) and _looks_like_heading(text):
            pieces.append(_Piece("heading", text, ARTICLE_LEVEL))
        elif is_addressee(text):
            pieces.append(_Piece("addressee", text))
        elif is_date_line(text):
            pieces.append(_Piece("date", text))
        elif is_attachment(text):
            pieces.append(_Piece("heading", text, 2))
        elif (
            alone
            and pieces
            and pieces[-1].kind == "heading"
            and pieces[-1].level == 1
            and _BYLINE.match(text)
            and len(text) <= 12
        ):
            pieces.append(_Piece("byline", text))
        elif _ORDINAL_HEADING.match(text) and len(text) <= MAX_HEADING_CHARS and not _SENTENCE_END.search(text):
            pieces.append(_Piece("heading", text, 2))
        elif alone and _looks_like_heading(text) and not article_at_start(text):
            pieces.append(_Piece("heading", text, 2))
        else:
            pieces.append(_Piece("body", text))
    # an issuing body printed right above a date line is a signature, not a heading
    # (several bodies sign jointly: each on its own line)
    for i, piece in enumerate(pieces):
        j = i - 1
        while piece.kind == "date" and j >= 0 and pieces[j].kind in ("heading", "body") \
                and is_issuer_line(pieces[j].text):
            pieces[j].kind, pieces[j].level = "signature", 0
            j -= 1
    return pieces


def _drop_repeats(pieces: list[_Piece]) -> tuple[list[_Piece], int]:
    """Index a repeated passage once: keep the copy that stands as its own paragraph."""
    dropped = 0
    bodies = [p for p in pieces if p.kind == "body"]
    for small in bodies:
        if len(small.text) < MIN_DUPLICATE_CHARS or not small.text:
            continue
        for big in bodies:
            if big is small or not big.text:
                continue
            if big.text == small.text:
                if pieces.index(big) > pieces.index(small):
                    big.text = ""
                    dropped += 1
            elif small.text in big.text:
                big.text = big.text.replace(small.text, "", 1).strip()
                dropped += 1
    seen: set[str] = set()
    for piece in pieces:
        if piece.kind != "body" or not piece.text:
            continue
        kept: list[str] = []
        for sentence in split_sentence_texts(piece.text):
            key = sentence.strip()
            if len(key) >= 25 and key in seen:
                dropped += 1
                continue
            seen.add(key)
            kept.append(sentence)
        piece.text = "".join(kept).strip()
    return [p for p in pieces if p.text], dropped


def split_sentence_texts(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？；!?;])(?![”’」』）)])|(?<=[。！？；!?;][”’」』）)])", text)
    return [p for p in parts if p]


def _join_broken(pieces: list[_Piece]) -> tuple[list[_Piece], int]:
    """Join a paragraph that ends mid-sentence with the piece that continues it.

    The next paragraph is the default; a later one (the layout may have moved it past other
    columns) wins only when a word runs across the seam, e.g. "提" + "升中小企业" = "提升"."""
    joined = 0
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece.kind != "body" or ends_sentence(piece.text) or _RECORD.match(piece.text) or piece.text.startswith("|"):
            i += 1
            continue
        choice = _continuation(pieces, i)
        if choice is None:
            i += 1
            continue
        piece.text = _glue(piece.text, pieces[choice].text)
        del pieces[choice]
        joined += 1
        # the joined paragraph may still end mid-sentence: look again from the same place
    return pieces, joined


def _continuation(pieces: list[_Piece], i: int) -> int | None:
    head = pieces[i].text
    candidates: list[tuple[int, bool]] = []  # (index, directly follows)
    direct = True
    for j in range(i + 1, min(len(pieces), i + 1 + LOOKAHEAD_PARAGRAPHS)):
        candidate = pieces[j]
        if candidate.kind == "heading" and candidate.level == 1 and not candidates:
            direct = False
        if candidate.kind != "body" or candidate.text.startswith("|"):
            direct = False
            continue
        if _ORDINAL_HEADING.match(candidate.text):
            direct = False
            continue
        candidates.append((j, direct))
        direct = False
    for j, _direct in candidates:
        if _word_crosses_seam(head, pieces[j].text):
            return j
    for j, is_direct in candidates:
        if is_direct and not _starts_with_orphan_tail(pieces[j].text):
            return j
    return None


def _starts_with_orphan_tail(text: str) -> bool:
    """A piece such as "台。前瞻布局……" begins with the end of a sentence whose start is lost."""
    match = _SENTENCE_END.search(text)
    return match is not None and match.start() <= 2


def _word_crosses_seam(left: str, right: str) -> bool:
    if not (_is_cjk(left[-1:]) and _is_cjk(right[:1])):
        return False
    import jieba

    tail, head = left[-6:], right[:6]
    position = 0
    for word in jieba.lcut(tail + head, HMM=False):
        end = position + len(word)
        if position < len(tail) < end and len(word) >= 2:
            return True
        position = end
    return False


def _glue(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


def _assemble(pieces: list[_Piece], dropped: int, joined: int) -> CleanText:
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for piece in pieces:
        if parts:
            parts.append("\n\n")
            offset += 2
        blocks.append(Block(piece.kind, piece.text, offset, offset + len(piece.text), piece.level))
        parts.append(piece.text)
        offset += len(piece.text)
    return CleanText("".join(parts), tuple(blocks), dropped, joined)
