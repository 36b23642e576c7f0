"""Validity of the corpus question set (tests/corpus/questions.jsonl): fields, mix of kinds, split, verbatim
evidence, article labels read from the documents, and absence checks for the questions the corpus cannot answer."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus"
DOCS = CORPUS / "docs"
SEED = ROOT / "seeds" / "000_5508e2fbdddb18ff.txt"

KINDS = {"fact", "owner", "english", "article", "followup", "tempting_place", "tempting_tax",
         "tempting_threshold", "out_of_scope"}
TEMPTING = {"tempting_place", "tempting_tax", "tempting_threshold"}
UNANSWERABLE_KINDS = TEMPTING | {"out_of_scope"}
FIELDS = {"id": str, "lang": str, "question": str, "history": list, "answerable": bool, "doc": str,
          "evidence": list, "article": str, "answer_must_contain": list, "kind": str, "split": str}
ARTICLE_HEADING = re.compile(r"^(第[一二三四五六七八九十百千零〇两0-9]+条)", re.MULTILINE)

# Why each unanswerable question is unanswerable: for every group of terms, no sentence of the 14 documents or the
# seed page contains all of them (the asked place, tax, or a figure next to the asked subject).
ABSENT: dict[str, list[list[str]]] = {
    "dev-034": [["房租补贴", "元"]],
    "dev-035": [["加计扣除", "%"], ["加计扣除", "百分之"]],
    "dev-036": [["税率"]],
    "dev-037": [["小巨人", "万元"], ["小巨人", "奖励"]],
    "dev-038": [["商标", "申请费"]],
    "dev-039": [["年费", "元"]],
    "dev-040": [["奖金", "万元"]],
    "q-135": [["杭州"]], "q-136": [["北京"]], "q-137": [["苏州"]], "q-138": [["深圳"]],
    "q-139": [["杭州"], ["浙江省", "质量奖"]], "q-140": [["广州"]], "q-141": [["杭州"]], "q-142": [["江苏"]],
    "q-143": [["天津"]], "q-144": [["宁波", "光伏"]], "q-145": [["深圳"]], "q-146": [["杭州"]],
    "q-147": [["北京"]], "q-148": [["江苏"]],
    "q-149": [["增值税"]], "q-150": [["税率"], ["所得税"]], "q-151": [["所得税"]], "q-152": [["所得税"]],
    "q-153": [["加计扣除", "%"], ["加计扣除", "百分之"]], "q-154": [["印花税"]], "q-155": [["折旧", "万元"]],
    "q-156": [["所得税"]], "q-157": [["税率"], ["所得税"]], "q-158": [["增值税"]], "q-159": [["所得税"]],
    "q-160": [["就业困难人员", "元"]], "q-161": [["开业贷款", "万元"]], "q-162": [["预算总额", "元"]],
    "q-163": [["海上光伏", "元"]], "q-164": [["储能"]], "q-165": [["附赠"]], "q-166": [["续展", "元"]],
    "q-167": [["基金", "万元"]], "q-168": [["预算金额", "万元"]], "q-169": [["开办", "工作日"]],
    "q-170": [["开业贷款", "万元"]], "q-171": [["储能"]],
    "q-172": [["年假"]], "q-173": [["退税"]], "q-174": [["天气"]], "q-175": [["咖啡"]], "q-176": [["记账"]],
}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    return read_jsonl(CORPUS / "questions.jsonl")


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md"))}


def article_before(text: str, offset: int) -> str:
    label = ""
    for match in ARTICLE_HEADING.finditer(text):
        if match.start() > offset:
            break
        label = match.group(1)
    return label


def offsets(text: str, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), text)]


def test_corpus_is_the_shared_copy(texts) -> None:
    assert len(texts) == 14
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for name, raw in ((n, (DOCS / n).read_bytes()) for n in texts):
        assert name in sources
        blob = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        row = next(line for line in sources.splitlines() if line.startswith(f"| {name}"))
        listed = re.search(r"blob ([0-9a-f]{8})", row)
        if listed:  # the LawRefBook files name their git blob: the copy must be byte-identical
            assert blob.startswith(listed.group(1)), name
    assert len(read_jsonl(CORPUS / "questions_source.jsonl")) == 40


def test_fields_and_types(questions, texts) -> None:
    ids = [q["id"] for q in questions]
    assert len(ids) == len(set(ids))
    assert len({q["question"] for q in questions}) == len(questions)
    for q in questions:
        assert set(q) == set(FIELDS), q["id"]
        for field, kind in FIELDS.items():
            assert isinstance(q[field], kind), (q["id"], field)
        assert q["lang"] in {"zh", "en"} and q["kind"] in KINDS and q["split"] in {"dev", "test"}, q["id"]
        assert q["question"].strip() and all(isinstance(h, str) and h for h in q["history"]), q["id"]
        english = len(re.findall(r"[A-Za-z]", q["question"])) > len(re.findall(r"[\u4e00-\u9fff]", q["question"]))
        assert english == (q["lang"] == "en"), q["id"]
        assert q["answerable"] == (q["kind"] not in UNANSWERABLE_KINDS), q["id"]
        if q["answerable"]:
            assert q["doc"] in texts and q["evidence"] and q["answer_must_contain"], q["id"]
        else:
            assert q["doc"] == "" and q["evidence"] == [] and q["article"] == "" and q["answer_must_contain"] == []


def test_mix_of_kinds(questions) -> None:
    kinds = Counter(q["kind"] for q in questions)
    langs = Counter(q["lang"] for q in questions)
    assert len(questions) >= 170
    assert sum(1 for q in questions if not q["id"].startswith("dev-")) >= 130
    assert langs["en"] >= 30
    assert kinds["article"] >= 15
    assert kinds["followup"] >= 10
    assert sum(kinds[k] for k in TEMPTING) >= 40 and all(kinds[k] >= 8 for k in TEMPTING)
    owner_zh = sum(1 for q in questions if q["kind"] == "owner" and q["lang"] == "zh")
    assert 0.2 <= owner_zh / len(questions) <= 0.3
    assert kinds["fact"] >= 20 and kinds["out_of_scope"] >= 3
    assert all(q["history"] for q in questions if q["kind"] == "followup")
    assert not any(q["history"] for q in questions if q["kind"] != "followup")


def test_evidence_is_verbatim_and_answers_contain_it(questions, texts) -> None:
    for q in questions:
        if not q["answerable"]:
            continue
        text = texts[q["doc"]]
        for evidence in q["evidence"]:
            assert evidence in text, (q["id"], evidence)
        for must in q["answer_must_contain"]:
            if q["kind"] == "article":
                assert must == q["article"], q["id"]
            else:
                assert any(must in evidence for evidence in q["evidence"]), (q["id"], must)


def test_article_labels_precede_the_evidence(questions, texts) -> None:
    for q in questions:
        if not q["answerable"]:
            continue
        text = texts[q["doc"]]
        for evidence in q["evidence"]:
            labels = {article_before(text, start) for start in offsets(text, evidence)}
            assert q["article"] in labels, (q["id"], evidence, q["article"], labels)
        if q["kind"] == "article":
            assert q["article"], q["id"]


def test_unanswerable_questions_are_absent_from_the_texts(questions, texts, seed_raw) -> None:
    sentences = [s for text in [*texts.values(), seed_raw] for s in re.split(r"[。；\n]", text)]
    unanswerable = {q["id"] for q in questions if not q["answerable"]}
    assert unanswerable == set(ABSENT)
    for qid, groups in ABSENT.items():
        for terms in groups:
            hits = [s for s in sentences if all(term in s for term in terms)]
            assert not hits, (qid, terms, hits[:1])


def test_split_is_stratified_and_reproducible(questions) -> None:
    assert all(q["split"] == "dev" for q in questions if q["id"].startswith("dev-"))
    dev_share = sum(q["split"] == "dev" for q in questions) / len(questions)
    assert 0.55 <= dev_share <= 0.65
    for kind in KINDS:
        group = [q for q in questions if q["kind"] == kind]
        share = sum(q["split"] == "dev" for q in group) / len(group)
        assert 0.4 <= share <= 0.8, (kind, share)
    spec = importlib.util.spec_from_file_location("build_questions", CORPUS / "build_questions.py")
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.build() == questions
