"""Check a held-out set's granting-clause labels (set folder: tests/heldout, tests/heldout2, tests/heldout3) without
running any project code.

measures_gold.jsonl: every quote is verbatim inside exactly one sentence of its document (sentences cut as the
measure reader cuts them: at 。；;！？ and line ends), no two rows share a sentence, gives and conditions have the
label format of tests/programs/measures_gold.jsonl. measures_profiles.jsonl: profile fields are known ones, every
"fits" key names a gold row. Prints counts per document.

Split names are "<set>_a" / "<set>_b" and the source is "<set>", where <set> is the folder's name ("heldout",
"heldout2").

Run: python tests/heldout/check_measures.py [SET_FOLDER]   (default: tests/heldout)
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SENTENCE = re.compile(r"[^。；;！？\n]+[。；;！？]?")  # as in the measure reader
PROFILE_FIELDS = {"industry", "employees", "annual_revenue_cny", "tier", "qualifications", "invention_patents",
                  "has_rd_institute", "in_standards_work", "exports", "uses_ai", "first_of_kind_product",
                  "is_startup", "district", "location", "tiers", "figures"}
LEVELS = {"国家级", "省级", "市级", "区级", "县级"}
OPS = {"gte", "gt", "lte", "lt"}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(folder: Path = HERE) -> int:
    source = folder.name
    splits = (f"{source}_a", f"{source}_b")
    gold = read_jsonl(folder / "measures_gold.jsonl")
    profiles = read_jsonl(folder / "measures_profiles.jsonl")
    problems: list[str] = []
    sentences: dict[str, list[tuple[int, str]]] = {}
    for path in sorted((folder / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        sentences[path.stem] = [(m.start(), m.group(0).strip()) for m in SENTENCE.finditer(text)]
    used: dict[tuple[str, int], str] = {}
    for row in gold:
        key = f"{row.get('doc')}|{row.get('quote')}"
        if set(row) != {"split", "doc", "source", "quote", "name", "gives", "conditions"}:
            problems.append(f"{key}: fields")
        if row["split"] not in splits or row["source"] != source or row["doc"] not in sentences:
            problems.append(f"{key}: split/source/doc")
            continue
        hits = [(start, s) for start, s in sentences[row["doc"]] if row["quote"] in s]
        if len(hits) != 1:
            problems.append(f"{key}: quote in {len(hits)} sentences")
            continue
        if (row["doc"], hits[0][0]) in used:
            problems.append(f"{key}: same sentence as {used[(row['doc'], hits[0][0])]}")
        used[(row["doc"], hits[0][0])] = row["quote"]
        gives = row["gives"]
        if gives != ["service"] and not (gives and all(
                isinstance(g, list) and len(g) == 3 and isinstance(g[0], (int, float)) and isinstance(g[1], bool)
                and isinstance(g[2], str) for g in gives)):
            problems.append(f"{key}: gives format")
        for c in row["conditions"]:
            if c.get("kind") == "threshold":
                ok = (set(c) == {"kind", "fact", "op", "value"} and c["op"] in OPS
                      and isinstance(c["value"], (int, float)))
            elif c.get("kind") in ("tier", "qualification"):
                ok = isinstance(c.get("fact"), str) and isinstance(c.get("new"), bool) and (
                    c["kind"] == "qualification" or isinstance(c.get("levels"), list))
            else:
                ok = False
            if not ok:
                problems.append(f"{key}: condition format {c}")
    keys = {f"{g['doc']}|{g['quote']}" for g in gold}
    for i, row in enumerate(profiles, 1):
        if set(row) != {"split", "profile", "fits", "note"} or row["split"] not in splits:
            problems.append(f"profile {i}: fields/split")
        if set(row["profile"]) - PROFILE_FIELDS:
            problems.append(f"profile {i}: unknown profile fields {set(row['profile']) - PROFILE_FIELDS}")
        for t in row["profile"].get("tiers", []):
            if set(t) - {"name", "level", "year"} or ("level" in t and t["level"] not in LEVELS):
                problems.append(f"profile {i}: tier {t}")
        for key in row["fits"]:
            if key not in keys:
                problems.append(f"profile {i}: fits key not in gold: {key}")
    print(f"{source}: {len(gold)} gold clauses:", dict(Counter(g["doc"] for g in gold)))
    print("  with amounts/rates:", sum(g["gives"] != ["service"] for g in gold),
          " with parsed conditions:", sum(bool(g["conditions"]) for g in gold))
    print(f"{len(profiles)} profiles, {sum(len(p['fits']) for p in profiles)} fits labels,",
          sum(not p["fits"] for p in profiles), "profiles with nothing that fits")
    for p in problems:
        print("PROBLEM", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE))
