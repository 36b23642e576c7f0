"""Check a held-out question set (questions.jsonl in a set folder) without running any project code.

Checks: fields and types, unique ids and questions, language, verbatim evidence, answer_must_contain inside the
evidence (the article label for "article" questions), article labels (the 第X条 heading nearest before the
evidence), and, for every unanswerable question, that no sentence of the documents of both held-out sets, the
corpus documents or the seed pages contains all terms of any of its term groups (the set's absent.json). Prints the
kind/lang/doc mix.

Run: python tests/heldout/check_questions.py [SET_FOLDER]   (default: tests/heldout; exits non-zero on problems)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HELDOUT_SETS = [ROOT / "tests" / "heldout", ROOT / "tests" / "heldout2", ROOT / "tests" / "heldout3",
                ROOT / "tests" / "heldout4", ROOT / "tests" / "heldout5", ROOT / "tests" / "heldout6",
                ROOT / "tests" / "heldout7", ROOT / "tests" / "heldout8",
                ROOT / "tests" / "heldout9", ROOT / "tests" / "heldout10", ROOT / "tests" / "heldout11",
                ROOT / "tests" / "heldout12", ROOT / "tests" / "heldout13",
                ROOT / "tests" / "heldout14", ROOT / "tests" / "heldout15",
                ROOT / "tests" / "heldout16", ROOT / "tests" / "heldout17", ROOT / "tests" / "heldout18"]
SHARED_TEXTS = [*sorted((ROOT / "tests" / "corpus" / "docs").glob("*.md")), *sorted((ROOT / "seeds").glob("*"))]

KINDS = {"fact", "owner", "english", "article", "followup", "tempting_place", "tempting_tax",
         "tempting_threshold", "out_of_scope"}
UNANSWERABLE = {"tempting_place", "tempting_tax", "tempting_threshold", "out_of_scope"}
FIELDS = {"id": str, "lang": str, "question": str, "history": list, "answerable": bool, "doc": str,
          "evidence": list, "article": str, "answer_must_contain": list, "kind": str, "split": str}
ARTICLE_HEADING = re.compile(r"^(第[一二三四五六七八九十百千零〇两0-9]+条)", re.MULTILINE)

# Why each unanswerable question is unanswerable lives in <set>/absent.json: for every question id, term groups
# such that no sentence of any document (both held-out sets, corpus, seed) contains all terms of a group (the asked
# place, the asked tax, or the asked figure next to its subject).


def other_texts(folder: Path) -> list[Path]:
    """Every text the absence scan covers besides the set's own documents."""
    held = [p for d in HELDOUT_SETS if d.resolve() != folder.resolve() for p in sorted((d / "docs").glob("*.md"))]
    return [*held, *SHARED_TEXTS]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article_before(text: str, offset: int) -> str:
    label = ""
    for match in ARTICLE_HEADING.finditer(text):
        if match.start() > offset:
            break
        label = match.group(1)
    return label


def check(questions: list[dict], texts: dict[str, str], others: list[str], absent: dict[str, list[list[str]]],
          split: str) -> list[str]:
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
        if q["kind"] not in KINDS or q["lang"] not in {"zh", "en"} or q["split"] != split:
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
    if unanswerable != set(absent):
        problems.append(f"absent.json does not list exactly the unanswerable ids: {sorted(unanswerable ^ set(absent))}")
    for qid, groups in absent.items():
        for terms in groups:
            hits = [s for s in sentences if all(term in s for term in terms)]
            if hits:
                problems.append(f"{qid}: a sentence states {terms}: {hits[0][:80]}")
    return problems


def main(folder: Path = HERE) -> int:
    questions = read_jsonl(folder / "questions.jsonl")
    absent = json.loads((folder / "absent.json").read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / "docs").glob("*.md"))}
    others = [p.read_text(encoding="utf-8", errors="replace") for p in other_texts(folder) if p.is_file()]
    problems = check(questions, texts, others, absent, folder.name)
    print(f"{folder.name}:", end=" ")
    print(f"{len(questions)} questions, {len(texts)} documents, {len(others)} other texts for absence checks")
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
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE))
