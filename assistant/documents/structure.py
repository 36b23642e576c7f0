"""The structure of Chinese laws, regulations and notices, line by line.

编/章/节 headings, 第X条 articles (Chinese or Arabic numerals, also with the stray spaces PDFs print:
"第 1 1 条"), a notice's 一、二、 parts and 附件, Markdown headings and the lines that are not body text:
HTML comments, front matter, an addressee line (各区人民政府：), a signature (the issuing body) and a
date line. Pure functions over one line of text; `cleaning` applies them and `chunking` reads the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMERAL = r"[一二三四五六七八九十百千零〇两\d]"
# "第十一条", "第11条", "第 1 1 条", "第一百零二条之一"; then a space, a bracketed title or the body
ARTICLE = re.compile(rf"^\s*第\s*({_NUMERAL}(?:[\s]*{_NUMERAL})*)\s*条(?:\s*之\s*[一二三四五六七八九十])?")
_DIVISION = re.compile(rf"^\s*第\s*({_NUMERAL}(?:\s*{_NUMERAL})*)\s*(编|章|节)(?=[\s\u3000]|$|[\u4e00-\u9fff])")
_DIVISION_LEVEL = {"编": 2, "章": 3, "节": 4}
ARTICLE_LEVEL = 5
# a notice's parts: "一、总体要求", "二、支持内容" (short, no sentence end)
_PART = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*[:：]?")
_ADDRESSEE = re.compile(
    r"^(?:各|有关|全市|全省|全区|全县)[^。；;！？]{0,60}(?:单位|企业|部门|机构|人民政府|委、办、局|局|委|办|公司|院所|高校|"
    r"街道|乡镇|镇|管委会|平台|个人|组织|会员)[^。；;！？]{0,20}[:：]$"
)
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$"
)
_ISSUER_ENDINGS = ("人民政府", "办公厅", "办公室", "委员会", "管理委员会", "管委会", "局", "厅", "部", "委", "中心",
                   "协会", "政府", "常务委员会", "国务院", "法院", "检察院", "联合会", "总局", "署")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRONT_MATTER = re.compile(r"\A\ufeff?---\s*\n.*?\n---\s*(?:\n|\Z)", re.S)
_LIST_INTRO = re.compile(r"下列|以下|如下|包括|具体|分别|主要有|应当|[，,。；;]")


@dataclass(frozen=True)
class Article:
    """An article label as the document numbers it: 第十一条 -> (11, "第十一条")."""

    number: int
    label: str


def chinese_number(text: str) -> int | None:
    """The value of a Chinese or Arabic numeral ("一百零二", "102", "1 0 2"); None if it is not one."""
    digits = re.sub(r"\s+", "", text)
    if not digits:
        return None
    if digits.isdigit():
        return int(digits)
    import cn2an

    try:
        return int(cn2an.cn2an(digits.replace("〇", "零").replace("两", "二"), "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def article_label(number: int) -> str:
    """第{number}条 in Chinese numerals, the form laws print and users quote."""
    import cn2an

    return f"第{cn2an.an2cn(str(number))}条"


def article_at_start(line: str) -> Article | None:
    """The article a line opens ("第九条 ……" or "第9条（标题）"), or None."""
    match = ARTICLE.match(line)
    if not match:
        return None
    number = chinese_number(match[1])
    if number is None or number <= 0:
        return None
    return Article(number, article_label(number))


def division_level(line: str) -> int:
    """2 for 第X编, 3 for 第X章, 4 for 第X节 heading lines; 0 otherwise."""
    match = _DIVISION.match(line)
    if not match or len(line) > 40 or re.search(r"[。；;！？]", line):
        return 0
    return _DIVISION_LEVEL[match[2]]


def is_part_heading(line: str) -> bool:
    """A notice's "一、做好服务保障" part heading: short, no sentence end."""
    return bool(_PART.match(line)) and len(line) <= 40 and not re.search(r"[。；;！？]", line)


def is_attachment(line: str) -> bool:
    return bool(_ATTACHMENT.match(line)) and len(line) <= 60


def is_addressee(line: str) -> bool:
    """"各区人民政府，市政府各委、办、局：", "各有关企业：": whom a notice is sent to, not a heading."""
    return len(line) <= 80 and bool(_ADDRESSEE.match(line))


def is_date_line(line: str) -> bool:
    """A line that is only a date ("2022年8月29日", "二〇二二年八月二十九日")."""
    return bool(_DATE_LINE.match(line))


def is_issuer_line(line: str) -> bool:
    """A short line naming an issuing body ("上海市人民政府办公厅"), as printed above a date."""
    stripped = line.strip()
    return (
        2 <= len(stripped) <= 40
        and not re.search(r"[。；;！？，,：:《》“”]", stripped)
        and stripped.endswith(_ISSUER_ENDINGS)
    )


def introduces_list(line: str) -> bool:
    """"…符合下列条件：" introduces what follows; it is body text, never a heading."""
    return line.rstrip().endswith(("：", ":")) and bool(_LIST_INTRO.search(line.rstrip()[:-1]))


def mask_comments(raw: str) -> str:
    """HTML comments and a leading YAML front-matter block replaced by blank lines (offsets of the
    rest unchanged): they are structure or metadata, never body text."""
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match[0])

    return _COMMENT.sub(blank, _FRONT_MATTER.sub(blank, raw))


def front_matter(raw: str) -> str:
    """The leading YAML front-matter block of a Markdown file ('' if none)."""
    match = _FRONT_MATTER.match(raw)
    return match[0] if match else ""


def article_of(section: str) -> str:
    """The article label ("第九条") at the end of a heading path, or '' where there is none."""
    last = section.rsplit(" › ", 1)[-1] if section else ""
    found = article_at_start(last)
    return found.label if found else ""
