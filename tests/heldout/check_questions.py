"""Check the held-out question set (tests/heldout/questions.jsonl) without running any project code.

Checks: fields and types, unique ids and questions, language, verbatim evidence, answer_must_contain inside the
evidence (the article label for "article" questions), article labels (the 第X条 heading nearest before the
evidence), and, for every unanswerable question, that no sentence of the held-out documents, the corpus documents
or the seed pages contains all terms of any of its term groups. Prints the kind/lang/doc mix.

Run: python tests/heldout/check_questions.py   (exits non-zero on the first list of problems)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCS = HERE / "docs"
OTHER_TEXTS = [*sorted((ROOT / "tests" / "corpus" / "docs").glob("*.md")), *sorted((ROOT / "seeds").glob("*"))]

KINDS = {"fact", "owner", "english", "article", "followup", "tempting_place", "tempting_tax",
         "tempting_threshold", "out_of_scope"}
UNANSWERABLE = {"tempting_place", "tempting_tax", "tempting_threshold", "out_of_scope"}
FIELDS = {"id": str, "lang": str, "question": str, "history": list, "answerable": bool, "doc": str,
          "evidence": list, "article": str, "answer_must_contain": list, "kind": str, "split": str}
ARTICLE_HEADING = re.compile(r"^(第[一二三四五六七八九十百千零〇两0-9]+条)", re.MULTILINE)

# Why each unanswerable question is unanswerable: for every group, no sentence of any document (held-out,
# corpus, seed) contains all of its terms (the asked place, the asked tax, or the asked figure next to its subject).
ABSENT: dict[str, list[list[str]]] = {
    "ho-051": [["徐汇"]],
    "ho-052": [["浦东"]],
    "ho-053": [["深圳"]],
    "ho-054": [["杭州"]],
    "ho-055": [["宁波", "航运"], ["宁波", "万元"]],
    "ho-056": [["苏州"]],
    "ho-057": [["税率"], ["所得税", "%"], ["所得税", "％"], ["所得税", "百分之"]],
    "ho-058": [["技术转让", "万元"], ["所得税", "万元"], ["技术转让", "免征"]],
    "ho-059": [["增值税", "元"], ["增值税", "扣减"]],
    "ho-060": [["抵免"], ["股息", "所得税"]],
    "ho-061": [["加计扣除", "%"], ["加计扣除", "％"], ["加计扣除", "百分之"]],
    "ho-062": [["总部", "营业收入"], ["总部", "营收"], ["总部", "收入"]],
    "ho-063": [["储能", "千瓦时"], ["储能", "元/"]],
    "ho-064": [["截止"], ["航运", "申报", "月"]],
    "ho-065": [["担保", "万元"], ["反担保", "奖励", "元"]],
    "ho-066": [["区级", "示范试点"]],
    "ho-067": [["加班"]],
    "ho-068": [["离职", "提前"], ["离职", "通知"], ["离职", "日"], ["解除劳动合同"]],
    "ho-069": [["奶茶"], ["茶饮"]],
}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_before(text: str, offset: int) -> str:
    label = ""
    for match in ARTICLE_HEADING.finditer(text):
        if match.start() > offset:
            break
        label = match.group(1)
    return label


def check(questions: list[dict], texts: dict[str, str], others: list[str]) -> list[str]:
    problems: list[str] = []
    ids = [q["id"] for q in questions]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ids")
    if len({q["question"] for q in questions}) != len(questions):
        problems.append("duplicate questions")
    for q in questions:
        qid = q.get("id", "?")
        if set(q) != set(FIELDS) or any(not isinstance(q[f], t) for f, t in FIELDS.items()):
            problems.append(f"{qid}: fields or types")
            continue
        if q["kind"] not in KINDS or q["lang"] not in {"zh", "en"} or q["split"] != "heldout":
            problems.append(f"{qid}: kind/lang/split")
        latin = len(re.findall(r"[A-Za-z]", q["question"]))
        cjk = len(re.findall(r"[\u4e00-\u9fff]", q["question"]))
        if (latin > cjk) != (q["lang"] == "en"):
            problems.append(f"{qid}: lang does not match the question")
        if bool(q["history"]) != (q["kind"] == "followup"):
            problems.append(f"{qid}: history only for followups")
        if q["answerable"] != (q["kind"] not in UNANSWERABLE):
            problems.append(f"{qid}: answerable does not match kind")
        if not q["answerable"]:
            if q["doc"] or q["evidence"] or q["article"] or q["answer_must_contain"]:
                problems.append(f"{qid}: unanswerable rows carry no doc, evidence, article or answer")
            continue
        text = texts.get(q["doc"])
        if text is None:
            problems.append(f"{qid}: unknown doc {q['doc']}")
            continue
        if not q["evidence"] or not q["answer_must_contain"]:
            problems.append(f"{qid}: evidence and answer_must_contain are required")
        for evidence in q["evidence"]:
            starts = [m.start() for m in re.finditer(re.escape(evidence), text)]
            if not starts:
                problems.append(f"{qid}: evidence not verbatim in {q['doc']}: {evidence}")
                continue
            labels = {article_before(text, s) for s in starts}
            if q["article"] not in labels:
                problems.append(f"{qid}: article {q['article']!r} but the evidence follows {labels}")
        for must in q["answer_must_contain"]:
            if must not in text:
                problems.append(f"{qid}: answer_must_contain not in doc: {must}")
            if q["kind"] == "article":
                if must != q["article"] or not q["article"]:
                    problems.append(f"{qid}: an article question must contain its article label")
            elif not any(must in e for e in q["evidence"]):
                problems.append(f"{qid}: answer_must_contain not inside the evidence: {must}")
    sentences = [s for t in [*texts.values(), *others] for s in re.split(r"[。；\n]", t)]
    unanswerable = {q["id"] for q in questions if not q["answerable"]}
    if unanswerable != set(ABSENT):
        problems.append(f"ABSENT does not list exactly the unanswerable ids: {sorted(unanswerable ^ set(ABSENT))}")
    for qid, groups in ABSENT.items():
        for terms in groups:
            hits = [s for s in sentences if all(term in s for term in terms)]
            if hits:
                problems.append(f"{qid}: a sentence states {terms}: {hits[0][:80]}")
    return problems


def main() -> int:
    questions = read_jsonl(HERE / "questions.jsonl")
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}
    others = [p.read_text(encoding="utf-8", errors="replace") for p in OTHER_TEXTS if p.is_file()]
    problems = check(questions, texts, others)
    print(f"{len(questions)} questions, {len(texts)} held-out documents, {len(others)} other texts for absence checks")
    print("kinds:", dict(sorted(Counter(q["kind"] for q in questions).items())))
    print("langs:", dict(Counter(q["lang"] for q in questions)))
    print("docs: ", dict(Counter(q["doc"] or "(none)" for q in questions)))
    print("answerable:", sum(q["answerable"] for q in questions), "unanswerable:",
          sum(not q["answerable"] for q in questions))
    for p in problems:
        print("PROBLEM", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
