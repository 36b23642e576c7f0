"""Build tests/corpus/questions.jsonl from the 40 given questions and the hand-written additions.

    python tests/corpus/build_questions.py

The given questions (questions_source.jsonl) are adapted to the corpus fields and all marked dev; the additions
(questions_added.jsonl) carry everything but the article label and the split. For every answerable question the
article is read from the document (the nearest 第X条 heading before the first evidence string; a label written by
hand must agree), and the split is drawn per kind with a fixed seed (one random stream per kind) so that about
60% of each kind is dev.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SEED = 20261130
DEV_SHARE = 0.6
ARTICLE_HEADING = re.compile(r"^(第[一二三四五六七八九十百千零〇两0-9]+条)", re.MULTILINE)
FIELDS = ("id", "lang", "question", "history", "answerable", "doc", "evidence", "article",
          "answer_must_contain", "kind", "split")

# Kinds of the given questions: English in-scope ones are "english", plain owner wording is "owner",
# out-of-scope ones are the tempting kind they fall under; the rest are facts.
GIVEN_KINDS = {
    "dev-014": "owner", "dev-020": "owner",
    "dev-034": "tempting_threshold", "dev-035": "tempting_tax", "dev-036": "tempting_tax",
    "dev-037": "tempting_threshold", "dev-038": "tempting_threshold", "dev-039": "tempting_threshold",
    "dev-040": "tempting_threshold",
}
# The given set left answer_must_contain empty where the answer is a list; name the phrase the answer must quote.
GIVEN_MUST = {"dev-031": "中介服务费用"}


def article_at(text: str, offset: int) -> str:
    """The 第X条 heading nearest before offset, or "" when none precedes it."""
    label = ""
    for match in ARTICLE_HEADING.finditer(text):
        if match.start() > offset:
            break
        label = match.group(1)
    return label


def adapt_given(item: dict[str, Any]) -> dict[str, Any]:
    answerable = bool(item["in_scope"])
    kind = GIVEN_KINDS.get(item["id"]) or ("english" if item["lang"] == "en" and answerable else "fact")
    must = item.get("answer_must_contain") or GIVEN_MUST.get(item["id"])
    return {
        "id": item["id"], "lang": item["lang"], "question": item["question"], "history": [],
        "answerable": answerable, "doc": item.get("doc") or "", "evidence": list(item.get("evidence") or []),
        "article": "", "answer_must_contain": [must] if must else [], "kind": kind, "split": "dev",
    }


def adapt_added(item: dict[str, Any]) -> dict[str, Any]:
    row = dict(item)
    row["answerable"] = bool(item.get("evidence"))
    row["split"] = ""
    return row


def label_articles(rows: list[dict[str, Any]], docs: Path) -> None:
    for row in rows:
        if not row["answerable"]:
            continue
        text = (docs / row["doc"]).read_text(encoding="utf-8")
        found = article_at(text, text.index(row["evidence"][0]))
        if row["article"] and row["article"] != found:
            raise ValueError(f"{row['id']}: labelled {row['article']} but the evidence sits in {found or 'no article'}")
        row["article"] = found


def split(rows: list[dict[str, Any]]) -> None:
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    for kind in sorted(by_kind):
        rng = random.Random(f"{SEED}-{kind}")  # one stream per kind: adding to one kind leaves the others' split
        group = by_kind[kind]
        open_rows = sorted((r for r in group if not r["split"]), key=lambda r: r["id"])
        fixed_dev = len(group) - len(open_rows)
        wanted = max(round(DEV_SHARE * len(group)) - fixed_dev, 0)
        dev_ids = {r["id"] for r in rng.sample(open_rows, min(wanted, len(open_rows)))}
        for row in open_rows:
            row["split"] = "dev" if row["id"] in dev_ids else "test"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build(here: Path = HERE) -> list[dict[str, Any]]:
    rows = [adapt_given(item) for item in read_jsonl(here / "questions_source.jsonl")]
    rows += [adapt_added(item) for item in read_jsonl(here / "questions_added.jsonl")]
    label_articles(rows, here / "docs")
    split(rows)
    return [{field: row[field] for field in FIELDS} for row in rows]


def main() -> None:
    rows = build()
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    (HERE / "questions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} questions")


if __name__ == "__main__":
    main()
