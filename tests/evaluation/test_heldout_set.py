"""The held-out sets stay well formed: verbatim evidence, article labels, unanswerable questions that no
document answers, granting-clause labels inside one sentence each (the checks beside the first set, which run no
project code on the sets' documents). Every test runs for each set: tests/heldout, tests/heldout2, tests/heldout3,
tests/heldout4, tests/heldout5, tests/heldout6, tests/heldout7, tests/heldout8, tests/heldout9, tests/heldout10,
tests/heldout11, tests/heldout12, tests/heldout13, tests/heldout14, tests/heldout15, tests/heldout16,
tests/heldout17 and tests/heldout18."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

TESTS = Path(__file__).resolve().parents[1]
CHECKS = TESTS / "heldout"
SETS = [TESTS / "heldout", *(TESTS / f"heldout{n}" for n in range(2, 19))]


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, CHECKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", ["check_questions", "check_measures"])
def test_heldout_labels_pass_their_checks(name: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _module(name).main(folder) == 0, capsys.readouterr().out


@pytest.mark.parametrize("folder", SETS, ids=lambda p: p.name)
def test_heldout_questions_keep_the_corpus_schema_and_mix(folder: Path) -> None:
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    keys = {"id", "lang", "question", "history", "answerable", "doc", "evidence", "article",
            "answer_must_contain", "kind", "split"}
    assert all(set(r) == keys and r["split"] == folder.name for r in rows)
    assert len(rows) >= 60 and sum(not r["answerable"] for r in rows) >= 15
    assert sum(r["lang"] == "en" for r in rows) >= 10
