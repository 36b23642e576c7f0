"""Read files into plain text: TXT/MD (encoding detected), PDF, DOCX (tables included), HTML."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import IngestError, UnsupportedFormatError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
SUPPORTED_TEXT = "PDF, DOCX, TXT, MD, HTML"


@dataclass(frozen=True)
class LoadedText:
    text: str
    fmt: str
    encoding: str = ""
    title: str = ""


def load_file(path: Path, max_bytes: int | None = None) -> LoadedText:
    """Read `path` into text, or raise IngestError naming the file and the reason."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(
            name, f"unsupported file type {suffix or '(none)'!r}; supported formats: {SUPPORTED_TEXT}"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(name, f"cannot read the file ({exc.strerror}); check the path and permissions") from exc
    if size == 0:
        raise IngestError(name, "the file is empty (0 bytes); upload a file with text in it")
    if max_bytes is not None and size > max_bytes:
        raise IngestError(
            name,
            f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
            "split it or raise ADVISOR_MAX_FILE_MB",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"cannot read the file ({exc.strerror}); check permissions") from exc
    loaded = _within(PARSE_SECONDS, name, _READERS[suffix], data)
    if not loaded.text.strip():
        raise IngestError(name, "no text could be extracted; if it is a scanned PDF, run OCR on it first")
    return loaded


PARSE_SECONDS = 120.0  # a file whose parsing takes longer fails (the archive limits bound the work left)


def _within(seconds: float, name: str, reader: Callable[[str, bytes], LoadedText], data: bytes) -> LoadedText:
    """Run a reader with a time limit: past it the file fails and the batch goes on (the parser
    finishes on its daemon thread; Python cannot stop it)."""
    import threading

    result: list[LoadedText] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(reader(name, data))
        except BaseException as exc:  # handed to the caller's thread
            error.append(exc)

    worker = threading.Thread(target=run, name=f"parse-{Path(name).name}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise IngestError(name, f"解析超过 {seconds:g} 秒，已放弃 / parsing took over {seconds:g} s and was "
                                "abandoned; simplify or split the file")
    if error:
        raise error[0]
    return result[0]


def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), else GB18030, else the detected charset.
    A byte-order mark promises an encoding: broken bytes after it are an error, never a crash."""
    for bom, encoding, label in ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"), (b"\xff\xfe", "utf-16", "UTF-16"),
                                 (b"\xfe\xff", "utf-16", "UTF-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise IngestError(
                    name, f"文件以 {label} 标记开头，但第 {exc.start} 字节处不是有效的 {label} 编码，"
                          "请另存为 UTF-8 后重新上传 / "
                          f"the file starts with a {label} byte-order mark but byte {exc.start} is not valid {label}; "
                          "save it as UTF-8 and upload it again",
                ) from exc
    if b"\x00" in data:  # anywhere in the file: a NUL after the first 4 KB is binary too
        raise IngestError(name, "文件含有 NUL 字节，像是二进制文件而不是文本，请检查文件类型 / "
                                "the file looks binary (it contains NUL bytes), not text; check its type")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(
            name, "the text encoding could not be recognised; save the file as UTF-8 and upload it again"
        )
    return str(best), best.encoding


def _read_text(name: str, data: bytes) -> LoadedText:
    text, encoding = decode_text(name, data)
    return LoadedText(text=_normalise_newlines(text), fmt="txt", encoding=encoding)


def _read_markdown(name: str, data: bytes) -> LoadedText:
    loaded = _read_text(name, data)
    return LoadedText(text=loaded.text, fmt="md", encoding=loaded.encoding)


def _read_pdf(name: str, data: bytes) -> LoadedText:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IngestError(name, "the file is not a PDF (no %PDF header); check that it was saved as PDF")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IngestError(name, "the PDF is password-protected; remove the password and upload it again")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(name, f"the PDF is damaged and cannot be read ({exc}); re-export it") from exc
    title = ""
    try:
        if reader.metadata and reader.metadata.title:
            title = str(reader.metadata.title)
    except (PdfReadError, ValueError, KeyError, TypeError):
        title = ""
    return LoadedText(text=_normalise_newlines("\n\n".join(pages)), fmt="pdf", title=title)


def _read_docx(name: str, data: bytes) -> LoadedText:
    import io
    import zipfile

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_archive(name, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(name, "the DOCX is damaged or not a Word document; re-save it as .docx") from exc
    except Exception as exc:  # python-docx raises assorted errors on malformed packages
        raise IngestError(name, f"the DOCX cannot be opened ({type(exc).__name__}); re-save it as .docx") from exc
    parts: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            parts.append(item.text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    parts.append(" | ".join(cells))
    title = document.core_properties.title or ""
    return LoadedText(text=_normalise_newlines("\n\n".join(parts)), fmt="docx", title=title)


MAX_UNPACKED_BYTES = 100_000_000  # all parts of a DOCX together, uncompressed
MAX_PART_RATIO = 100  # uncompressed : compressed, for parts over RATIO_FROM_BYTES
RATIO_FROM_BYTES = 2_000_000


def check_archive(name: str, data: bytes, max_unpacked: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a ZIP package (DOCX) whose parts would unpack to too much (a decompression bomb),
    reading only its directory. zipfile never reads a part past its declared size, so the
    declared sizes bound what parsing can unpack."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise IngestError(name, "DOCX 文件已损坏或不是 Word 文档，请重新另存为 .docx / "
                                "the DOCX is damaged or not a Word document; re-save it as .docx") from exc
    total = sum(p.file_size for p in parts)
    if total > max_unpacked:
        raise IngestError(name, f"DOCX 解压后共 {total / 1e6:.0f} MB，超过 {max_unpacked / 1e6:.0f} MB 的上限 / "
                                f"the DOCX unpacks to {total / 1e6:.0f} MB, over the {max_unpacked / 1e6:.0f} MB "
                                "limit; split the document")
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_PART_RATIO * max(part.compress_size, 1):
            raise IngestError(name, f"DOCX 中的 {part.filename} 压缩比异常（疑似压缩炸弹）/ the DOCX part "
                                    f"{part.filename} is compressed over {MAX_PART_RATIO}:1 (a decompression "
                                    "bomb?); re-save the document")


_BLOCK_TAGS = (
    "p", "div", "section", "article", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "ul", "ol", "blockquote", "pre", "header", "footer", "td", "th", "dd", "dt",
)


def _read_html(name: str, data: bytes) -> LoadedText:
    from bs4 import BeautifulSoup

    text, _encoding = decode_text(name, data)
    soup = BeautifulSoup(text, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "noscript", "template", "head", "iframe", "svg", "object"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    visible = soup.get_text()
    return LoadedText(text=_normalise_newlines(visible), fmt="html", title=title)


_READERS: dict[str, Callable[[str, bytes], LoadedText]] = {
    ".txt": _read_text,
    ".md": _read_markdown,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
}


def _normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"[\u200b\ufeff]", "", text)
