from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.documents.loaders import load_file
from assistant.errors import IngestError, UnsupportedFormatError

TEXT = "推广“专利托管”服务，探索建设区域性“专利共享池”。"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with an ASCII text line (Helvetica), assembled by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "policy.txt"
    path.write_bytes(TEXT.encode(encoding))
    loaded = load_file(path)
    assert loaded.text == TEXT


def test_markdown_keeps_text(tmp_path: Path) -> None:
    path = tmp_path / "guide.md"
    path.write_text("# 标题\n\n" + TEXT, encoding="utf-8")
    assert TEXT in load_file(path).text


def test_pdf_text_is_extracted(tmp_path: Path) -> None:
    path = tmp_path / "notice.pdf"
    path.write_bytes(minimal_pdf("Patent hosting service for small firms."))
    assert "Patent hosting service" in load_file(path).text


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TEXT)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "内容"
    table.cell(1, 0).text = "专利托管"
    table.cell(1, 1).text = "降低专利获取成本"
    path = tmp_path / "memo.docx"
    document.save(str(path))
    text = load_file(path).text
    assert TEXT in text
    assert "专利托管 | 降低专利获取成本" in text


def test_html_visible_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>T</title><style>p{color:red}</style></head><body><p>" + TEXT
        + "</p><script>alert('x')</script></body></html>", encoding="utf-8",
    )
    text = load_file(path).text
    assert TEXT in text and "alert" not in text and "color" not in text


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("data.xlsx", b"PK\x03\x04", "supported formats: PDF, DOCX, TXT, MD, HTML"),
        ("empty.txt", b"", "empty"),
        ("fake.pdf", b"this is not a pdf", "not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "DOCX"),
        ("binary.txt", b"\x00\x01\x02\x03" * 10, "binary"),
        ("blank.txt", b"   \n\n  ", "no text"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        load_file(path)
    assert name in str(info.value)
    assert reason in str(info.value)


def test_unsupported_is_its_own_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError):
        load_file(path)


def test_size_limit_rejects_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(IngestError, match="limit"):
        load_file(path, max_bytes=1000)
