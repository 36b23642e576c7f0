"""User-facing messages in the user's language: errors by code and parameters, progress stages, times.

A bottom-layer leaf (no imports from the package): the web app and the HTTP API choose the language (the UI
switch, else the question's language) and call `render_error`, `render_stage`, `format_time`. `str(exc)` stays
English for the CLI and the logs; an error without a catalogued code falls back to it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# code -> (Chinese, English); `{name}` fields come from the error's params
CATALOGUE: dict[str, tuple[str, str]] = {
    "question_empty": ("问题为空，请输入一个问题，例如：专精特新企业有哪些培育措施？",
                       "The question is empty; type a question, e.g. 专精特新企业有哪些培育措施？"),
    "question_unreadable": ("问题中没有可识别的文字，请用中文或英文提问。",
                            "The question has no readable characters; type a question in Chinese or English."),
    "question_too_long": ("问题有 {length} 个字符，超过了 {limit} 字符的上限；请一次只问一个主题。",
                          "The question is {length} characters long, over the {limit}-character limit; "
                          "ask about one topic at a time."),
    "profile_not_object": ("企业情况必须是包含以下字段的对象：{fields}",
                           "The profile must be a JSON object with fields {fields}."),
    "profile_unknown_field": ("企业情况中没有“{field}”这一项；可填写的字段：{fields}",
                              "Unknown profile field '{field}'; allowed fields: {fields}."),
    "profile_bad_value": ("“{label_zh}”填写的是“{value}”，应为{kind_zh}。",
                          "The profile field '{label_en}' has the value '{value}'; it must be {kind_en}."),
    "loading": ("知识库仍在建立，请稍后再试。", "The knowledge base is still loading; try again in a moment."),
    "load_failed": ("知识库未能加载：{reason}", "The knowledge base could not be loaded: {reason}"),
    "document_not_found": ("知识库中没有编号为 {doc_id} 的文件。", "No document {doc_id} is in the knowledge base."),
    "file_too_large": ("文件 {path} 有 {size_mb} MB，超过 {limit_mb} MB 的上限。",
                       "{path} is {size_mb} MB, over the {limit_mb} MB limit."),
    "unsupported_format": ("{path}：不支持该文件类型，请上传 PDF、DOCX、TXT、MD 或 HTML。",
                           "{path}: unsupported file type; upload PDF, DOCX, TXT, MD or HTML."),
    "duplicate_document": ("{path}：相同内容的文件已在知识库中。", "{path}: the same content is already indexed."),
    "ingest_failed": ("{path}：无法读取（{reason}）", "{path}: could not be read ({reason})"),
    "internal": ("出现了问题，详情见服务器日志。", "Something went wrong; the server log has the details."),
}

# field kinds of the profile check (programs/profile.py FIELDS) in Chinese
_KINDS_ZH = {
    "text": "文字", "whole number >= 0": "不小于 0 的整数", "number >= 0 (yuan)": "不小于 0 的数字（元）",
    "list of text": "文字列表", "true or false": "是或否",
}

_STAGES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"^reading (.+)$"), "正在读取 {0}", "reading {0}"),
    (re.compile(r"^embedding (.+)$"), "正在建立向量索引 {0}", "embedding {0}"),
    (re.compile(r"^keyword index$|^bm25"), "正在建立关键词索引", "building the keyword index"),
    (re.compile(r"^done$"), "完成", "done"),
]


# why a file could not be read (the loaders' English reasons) -> Chinese; the English text is kept for "en"
_REASONS_ZH: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^unsupported file type '?([^';]*)'?"), "不支持的文件类型 {0}；请上传 PDF、DOCX、TXT、MD 或 HTML。"),
    (re.compile(r"^cannot read the file"), "无法读取该文件，请检查文件路径和权限。"),
    (re.compile(r"^the file is empty"), "文件是空的（0 字节），请上传有文字内容的文件。"),
    (re.compile(r"^the file is ([\d.]+) MB, over the (\d+) MB limit"), "文件有 {0} MB，超过了 {1} MB 的上限。"),
    (re.compile(r"^no text could be extracted"), "没有提取到文字；如果是扫描版 PDF，请先做文字识别（OCR）。"),
    (re.compile(r"^the file looks binary"), "文件看起来是二进制文件而不是文本，请检查文件类型。"),
    (re.compile(r"^the text encoding could not be recognised"), "无法识别文本编码，请另存为 UTF-8 后重新上传。"),
    (re.compile(r"^the file is not a PDF"), "文件不是 PDF（缺少 %PDF 文件头），请确认保存格式。"),
    (re.compile(r"^the PDF is password-protected"), "PDF 设有密码，请去除密码后重新上传。"),
    (re.compile(r"^the PDF is damaged"), "PDF 已损坏，无法读取，请重新导出。"),
    (re.compile(r"^the DOCX"), "DOCX 文件已损坏或不是 Word 文档，请另存为 .docx。"),
    (re.compile(r"^the file has headings but no paragraphs"), "文件只有标题，没有可建立索引的正文段落。"),
    (re.compile(r"the same (?:text|content) is already (?:in the knowledge base|indexed)(?: as (.*?);)?"),
     "相同内容的文件已在知识库中（{0}）。"),
]


def render_reason(reason: str, lang: str) -> str:
    """Why a file failed to load, in the user's language (English as the loaders wrote it)."""
    if lang != "zh":
        return reason
    for pattern, zh in _REASONS_ZH:
        if match := pattern.search(reason):
            return zh.format(*match.groups())
    return reason


def render(code: str, lang: str, params: Mapping[str, Any] | None = None) -> str:
    """The catalogued message `code` in `lang` ("zh" or "en"), its fields filled from `params`."""
    zh, en = CATALOGUE[code]
    values = dict(params or {})
    if code == "profile_bad_value":
        kind = str(values.get("kind", ""))
        values.setdefault("kind_en", kind)
        values.setdefault("kind_zh", _KINDS_ZH.get(kind, kind.replace("one of ", "以下之一：")))
        values.setdefault("label_zh", values.get("field", ""))
        values.setdefault("label_en", values.get("field", ""))
    try:
        return (zh if lang == "zh" else en).format(**values)
    except (KeyError, IndexError, ValueError):
        return en if lang != "zh" else zh.split("{")[0].rstrip("：:（(") or zh


def render_error(exc: BaseException, lang: str) -> str:
    """An advisor error in the user's language; an error with no catalogued code keeps its English text."""
    code = getattr(exc, "code", "")
    if code in CATALOGUE:
        return render(code, lang, getattr(exc, "params", {}))
    return str(exc)


def render_stage(stage: str, lang: str) -> str:
    """A progress stage ("reading x.pdf", "embedding doc", "done") in the user's language."""
    for pattern, zh, en in _STAGES:
        if match := pattern.search(stage):
            return (zh if lang == "zh" else en).format(*match.groups())
    return stage


def format_time(stamp: str) -> str:
    """An ISO time ("2026-11-30T19:42:46+0000") as local time "2026-11-30 19:42"; other text as given."""
    text = (stamp or "").strip()
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S"):
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if moment.tzinfo is not None:
            moment = datetime.fromtimestamp(moment.timestamp())
        return moment.strftime("%Y-%m-%d %H:%M")
    return text


def language_of(text: str, default: str = "zh") -> str:
    """"zh" when the text has Chinese characters, "en" when it has Latin letters only, else `default`."""
    if re.search(r"[\u3400-\u9fff]", text or ""):
        return "zh"
    return "en" if re.search(r"[A-Za-z]", text or "") else default

