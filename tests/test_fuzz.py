"""Hostile input, generated: questions of any Unicode and length, uploads with hostile names and
contents. No crash, a clear error, nothing written outside the data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant import AdvisorError, QuestionError, Settings, build_advisor
from assistant.testing import HashingEmbeddings

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def advisor(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("fuzz")
    return build_advisor(Settings(data_dir=root / "data", max_file_mb=1), embeddings=HashingEmbeddings())


@FUZZ
@given(st.text(alphabet=st.characters(), max_size=3000))
def test_any_question_is_answered_or_rejected_clearly(advisor, question: str) -> None:
    try:
        answer = advisor.ask(question, record=False)
    except QuestionError as exc:
        assert "question" in str(exc)
        return
    data = answer.to_dict()
    assert isinstance(data["answer"], str) and data["answer"]
    for c in data["citations"] + data["related"]:
        assert advisor.document(c["doc_id"]).text[c["start"] : c["end"]] == c["quote"]


HOSTILE_NAMES = st.one_of(
    st.sampled_from(["../../x.txt", "..\\..\\evil.txt", "/etc/passwd.txt", "a" * 300 + ".txt", "空 格.txt",
                     "nul\x00byte.txt", "%2e%2e%2fpasswd.md", "CON.txt", ".hidden.html", "x.PDF", "y.DocX"]),
    st.text(min_size=1, max_size=80).map(lambda s: s + ".txt"),
)
CONTENTS = st.one_of(
    st.binary(max_size=2000),
    st.just(b""),
    st.just(b"%PDF-1.7 not really"),
    st.just(b"PK\x03\x04broken zip"),
    st.text(max_size=500).map(lambda s: s.encode("gb18030", errors="ignore")),
    st.just("支持中小企业专利托管。".encode("utf-16")),
)


@FUZZ
@given(name=HOSTILE_NAMES, content=CONTENTS)
def test_hostile_uploads_fail_clearly_and_write_nothing_outside(advisor, tmp_path_factory, name: str,
                                                                content: bytes) -> None:
    upload_dir = tmp_path_factory.mktemp("upload")
    stored = upload_dir / "upload.bin"
    stored.write_bytes(content)
    suffix = Path(name.replace("\x00", "")).suffix or ".txt"
    upload = stored.with_suffix(suffix.lower() if len(suffix) < 10 else ".txt")
    stored.rename(upload)
    outside = upload_dir.parent
    before = set(os.listdir(outside))
    try:
        report = advisor.ingest([upload], names={upload: name})
    except AdvisorError as exc:
        pytest.fail(f"ingest raised instead of reporting: {exc}")
    for file_name, reason in report.failed:
        assert file_name and reason and "Traceback" not in reason
    assert set(os.listdir(outside)) - before <= {upload_dir.name}
    for doc_id in report.added + report.updated:
        assert "/" not in doc_id and ".." not in doc_id
        advisor.remove(doc_id)


def test_file_over_the_limit_is_rejected_before_parsing(advisor, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 1_200_000)
    report = advisor.ingest([big])
    assert report.failed and "over the 1 MB limit" in report.failed[0][1]
