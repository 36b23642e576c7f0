"""What a policy document says about itself: title, issuer, 文号, dates and whether it is in force.

Read from the cleaned text (the title line, the signature and date lines, adoption records, the
施行 and 有效期 clauses); a Markdown front-matter block only fills what the text leaves open, and a
manifest or ingest option overrides both (in `index.ingest`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from assistant.models import Block, CleanText

_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,14}[〔\[［（(]\s*\d{4}\s*[〕\]］）)]\s*第?\s*\d{1,4}\s*号")
_DECREE = re.compile(r"(?:[\u4e00-\u9fff]{0,12}?(?:国务院|人民政府|部|委员会|局))令\s*(?:第\s*)?\d{1,4}\s*号")
_EFFECTIVE = re.compile(rf"自\s*{_DATE}\s*起(?:施行|实施|执行|生效)")
# the clause that says when a document takes effect, however its date is written (二〇二〇年, 公布之日)
EFFECTIVE_CLAUSE = re.compile(r"自[^。；\n]{4,30}起(?:施行|实施|执行|生效)")
_EXPIRES = re.compile(rf"有效期(?:至|到|截至)\s*{_DATE}")
_RECORD = re.compile(rf"^{_DATE}\s*(.{{0,160}}?)(通过|修正|修订|公布|发布|批准)")
# a whole line of a document's legislative history ("2007年11月23日 …常务委员会第三十一次会议通过"), not a rule
ADOPTION_RECORD = re.compile(rf"[（(]?\s*{_DATE}\s*[^。；]{{0,160}}?(?:会议|委员会|人民代表大会|令|公告)"
                             r"[^。；]{0,120}?(?:通过|修正|修订|公布|发布|批准)\s*[）)]?")
HISTORY_ASKED = re.compile(r"通过|修正|修订|修改|公布|颁布|批准|制定|\badopt|\bamend|\brevis|\bpass|promulgat", re.I)
_CONGRESS = re.compile(
    r"((?:[\u4e00-\u9fff]{2,8}?(?:省|市|自治区)))?第[一二三四五六七八九十]+届(全国)?人民代表大会常务委员会"
)
_ISSUER_IN_TITLE = re.compile(r"^([\u4e00-\u9fff、]{2,40}?)关于")
STATUS_IN_FORCE, STATUS_EXPIRED, STATUS_PENDING, STATUS_UNKNOWN = "in force", "expired", "not yet in force", "unknown"


@dataclass(frozen=True)
class DocumentFacts:
    """Fields a document states about itself ('' where it does not); dates are ISO (YYYY-MM-DD)."""

    title: str = ""
    issuer: str = ""
    doc_number: str = ""
    issued: str = ""
    effective: str = ""
    expires: str = ""


def _iso(year: str, month: str, day: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


def read_facts(clean: CleanText, raw: str = "") -> DocumentFacts:
    """The facts of a cleaned document; `raw` (the text before cleaning) supplies a front matter."""
    blocks = clean.blocks
    title = next((b.text.lstrip("# ").strip() for b in blocks if b.kind == "title"), "")
    signature = "、".join(_last_signature(blocks))
    dates = [b.text for b in blocks if b.kind == "date"]
    records = [m for b in blocks if b.kind in ("body", "heading") for m in [_RECORD.match(b.text)] if m]

    issuer = signature or _issuer_from_title(title) or _issuer_from_records(clean.text[:3000])
    issued = ""
    if dates:
        found = re.search(_DATE, dates[-1])
        issued = _iso(*found.groups()) if found else ""
    if not issued and records:
        issued = max(_iso(m[1], m[2], m[3]) for m in records)
    doc_number = _own_number(clean)
    effective = _last_date(_EFFECTIVE, clean.text)
    expires = _last_date(_EXPIRES, clean.text)
    facts = DocumentFacts(title, issuer, doc_number, issued, effective, expires)
    return _fill_from_front_matter(facts, raw)


def status(facts: DocumentFacts | None, today: dt.date | None = None, effective: str = "",
           expires: str = "") -> str:
    """In force, expired, not yet in force, or unknown, against today's date."""
    today = today or dt.date.today()
    effective = effective or (facts.effective if facts else "")
    expires = expires or (facts.expires if facts else "")
    if expires and dt.date.fromisoformat(expires) < today:
        return STATUS_EXPIRED
    if effective:
        return STATUS_IN_FORCE if dt.date.fromisoformat(effective) <= today else STATUS_PENDING
    return STATUS_UNKNOWN


def _last_signature(blocks: tuple[Block, ...]) -> list[str]:
    """The signing bodies of the last signature (consecutive signature lines)."""
    names: list[str] = []
    for block in reversed(blocks):
        if block.kind == "signature":
            names.insert(0, block.text.strip())
        elif names:
            break
    return names


def _last_date(pattern: re.Pattern[str], text: str) -> str:
    found = [_iso(m[1], m[2], m[3]) for m in pattern.finditer(text)]
    return next((d for d in reversed(found) if d), "")


def _issuer_from_title(title: str) -> str:
    match = _ISSUER_IN_TITLE.match(title)
    return match[1] if match and not match[1].startswith(("印发", "做好", "开展")) else ""


def _issuer_from_records(head: str) -> str:
    """国务院令 → 国务院; "浙江省第十届人民代表大会常务委员会" → 浙江省人民代表大会常务委员会."""
    if re.search(r"国务院令|国务院第\s*\d+\s*次常务会议", head):
        return "国务院"
    match = _CONGRESS.search(head)
    if match:
        return f"{match[1] or ''}{match[2] or ''}人民代表大会常务委员会"
    return ""


def _own_number(clean: CleanText) -> str:
    """A 文号 printed on a line of its own (under the title), or a decree number in the records.

    Numbers quoted inside sentences name other documents (the one it replaces, the one it implements)."""
    for block in clean.blocks[:12]:
        text = block.text.strip()
        found = _DOC_NUMBER.fullmatch(text) or _DECREE.fullmatch(text)
        if found:
            return re.sub(r"\s+", "", found[0])
    head = clean.text[:3000]
    decree = _DECREE.search(head)
    if decree and _RECORD.search(head[max(0, decree.start() - 120): decree.end() + 10].split("\n")[-1]):
        return re.sub(r"\s+", "", decree[0])
    for block in clean.blocks[:12]:
        if block.kind in ("body", "heading") and _RECORD.match(block.text) and (found := _DECREE.search(block.text)):
            return re.sub(r"\s+", "", found[0])
    return ""


_FRONT_KEYS = {"title": ("标题", "title"), "issuer": ("发布单位", "发文机关", "issuer"),
               "doc_number": ("文号", "发文字号", "doc_number"), "issued": ("发布日期", "成文日期", "date")}


def _fill_from_front_matter(facts: DocumentFacts, raw: str) -> DocumentFacts:
    from assistant.documents.structure import front_matter

    block = front_matter(raw)
    if not block:
        return facts
    try:
        data = yaml.safe_load(block.strip().strip("-").strip("\ufeff")) or {}
    except yaml.YAMLError:
        return facts
    if not isinstance(data, dict):
        return facts
    values = {}
    for field, keys in _FRONT_KEYS.items():
        value = next((str(data[k]).strip() for k in keys if data.get(k)), "")
        if field == "issued" and value:
            value = value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""
        if value and not getattr(facts, field):
            values[field] = value
    return DocumentFacts(**{**facts.__dict__, **values}) if values else facts


def jurisdiction_of(title: str, issuer: str, text: str) -> dict[str, str]:
    """Where a document applies, as SourceDocument fields (place_level, province, city, county)."""
    from assistant.documents.places import jurisdiction

    place = jurisdiction(title, issuer, text)
    level = "" if place.level == "unknown" else place.level
    return {"place_level": level, "province": place.province, "city": place.city, "county": place.county}
