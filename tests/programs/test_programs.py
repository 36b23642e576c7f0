"""The program catalog and the matcher (catalog quotes checked against the stored seed text)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import CatalogError, ProfileError
from assistant.programs.catalog import CATEGORIES, Condition, Program, evaluate_condition, load_catalog

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "knowledge" / "programs.yaml"


@pytest.fixture(scope="module")
def programs() -> list[Program]:
    return load_catalog(CATALOG)


def test_catalog_covers_the_seed(programs) -> None:
    assert len(programs) >= 20
    ids = {p.program_id for p in programs}
    for needed in ("patent-hosting", "patent-diagnosis", "patent-pool", "three-firsts-products",
                   "concept-and-pilot-platforms", "incubators-accelerators", "startup-contests",
                   "regional-ai-service-center", "chief-quality-officer", "standards-participation",
                   "overseas-ip-protection", "yongjiang-talent-program", "research-funding-reform",
                   "industry-innovation-consortium", "zhuanjingtexin-upgrading", "toward-leading-enterprise"):
        assert needed in ids
    assert {p.category for p in programs} <= set(CATEGORIES)


def test_every_quote_is_verbatim_in_its_document(programs, hashing_advisor) -> None:
    for program in programs:
        text = hashing_advisor.document(program.doc_id).text
        for quote in (program.offers_quote, program.targets_quote, *(c.quote for c in program.conditions)):
            assert quote in text, (program.program_id, quote)


def test_catalog_text_states_no_number_of_its_own(programs) -> None:
    """Names, labels and next steps carry no amount, deadline or threshold."""
    for p in programs:
        own = [p.name_zh, p.name_en, p.next_step_zh, p.next_step_en, p.offers_en, p.targets_en,
               *(c.label_zh for c in p.conditions), *(c.label_en for c in p.conditions)]
        for text in own:
            assert not re.search(r"\d", text), (p.program_id, text)
        assert set(p.not_stated) >= {"amount", "deadline"}


BAD = [
    ("programs:\n  - {id: x}\n", "programs[0] (id 'x'): field 'name' is missing"),
    ("programs:\n  - {id: x, name: {zh: a, en: b, c: d}, category: ip}\n", "field 'name' must have exactly"),
    ("programs:\n  - {id: x, name: {zh: a, en: b}, category: money, offers: {quote: q}, targets: {quote: q}}\n",
     "field 'category' is 'money'"),
    ("defaults: {doc: d, next_step: {zh: a, en: b}}\nprograms:\n  - {id: x, name: {zh: a, en: b}, category: ip, "
     "offers: {quote: q}, targets: {quote: q}, conditions: [{field: size, op: eq, value: 1, "
     "label: {zh: a, en: b}, quote: q}]}\n", "conditions[0]: field 'field' is 'size'"),
    ("defaults: {doc: d, next_step: {zh: a, en: b}}\nprograms:\n  - {id: x, name: {zh: a, en: b}, category: ip, "
     "offers: {quote: q}, targets: {quote: q}, conditions: [{field: exports, op: gte, value: 1, "
     "label: {zh: a, en: b}, quote: q}]}\n", "op 'gte' needs a numeric field, not 'exports'"),
    ("programs: []\n", "no programs"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_bad_catalog_names_entry_and_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "programs.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogError, match=re.escape(message)):
        load_catalog(path)


def cond(field: str, op: str, value: object = None) -> Condition:
    return Condition(field, op, value, "l", "l", "q")


@pytest.mark.parametrize(
    ("condition", "profile", "status"),
    [
        (cond("exports", "is_true"), {"exports": True}, "met"),
        (cond("exports", "is_true"), {"exports": False}, "missing"),
        (cond("exports", "is_true"), {}, "unknown"),
        (cond("is_startup", "is_false"), {"is_startup": False}, "met"),
        (cond("invention_patents", "eq", 0), {"invention_patents": 0}, "met"),
        (cond("invention_patents", "eq", 0), {"invention_patents": 4}, "missing"),
        (cond("invention_patents", "gte", 1), {"invention_patents": 4}, "met"),
        (cond("employees", "lte", 50), {"employees": 51}, "missing"),
        (cond("employees", "lte", 50), {"employees": 50}, "met"),
        (cond("tier", "tier_in", ["专精特新", "单项冠军"]), {"tier": "单项冠军"}, "met"),
        (cond("tier", "tier_in", ["专精特新"]), {"tier": "none"}, "missing"),
        (cond("industry", "industry_any", ["石墨烯", "graphene"]), {"industry": "Graphene films"}, "met"),
        (cond("industry", "industry_any", ["石墨烯"]), {"industry": "汽车零部件"}, "missing"),
    ],
)
def test_condition_kinds(condition: Condition, profile: dict, status: str) -> None:
    assert evaluate_condition(condition, profile) == status


def test_match_sorts_by_fit_and_cites_each_condition(hashing_advisor) -> None:
    profile = {"industry": "汽车零部件", "employees": 30, "invention_patents": 0, "exports": True}
    matches = hashing_advisor.match_programs(profile)
    fits = [m.fit for m in matches]
    assert fits == sorted(fits, key=["fits", "may fit", "does not fit"].index)
    top = {m.program_id: m for m in matches if m.fit == "fits"}
    assert set(top) == {"patent-diagnosis", "overseas-ip-protection"}
    no_fit = {m.program_id for m in matches if m.fit == "does not fit"}
    assert {"patent-second-development", "graphene-innovation-center"} <= no_fit
    doc = hashing_advisor.document("ningbo-innovation-ecosystem")
    for match in matches:
        data = match.to_dict()
        assert set(data) >= {"program_id", "name", "fit", "met", "missing", "unknown", "next_step", "citations"}
        numbers = {c["n"] for c in data["citations"]}
        for item in data["met"] + data["missing"] + data["unknown"]:
            assert item["citation"] in numbers
        for c in data["citations"]:
            assert doc.text[c["start"] : c["end"]] == c["quote"]


def test_honesty_no_number_unless_quoted(hashing_advisor) -> None:
    profile = {"tier": "专精特新小巨人", "invention_patents": 15, "has_rd_institute": True, "exports": True,
               "first_of_kind_product": True, "uses_ai": True, "is_startup": False, "in_standards_work": True}
    for match in hashing_advisor.match_programs(profile, "en") + hashing_advisor.match_programs(profile, "zh"):
        data = match.to_dict()
        quotes = " ".join(c["quote"] for c in data["citations"])
        words = [data["name"], data["name_en"], data["next_step"], *data["not_stated"]]
        words += [c["condition"] for c in data["met"] + data["missing"] + data["unknown"]]
        for text in words:
            for number in re.findall(r"\d+", text):
                assert number in quotes, (match.program_id, text)


def test_profile_errors_reach_the_caller(hashing_advisor) -> None:
    with pytest.raises(ProfileError, match="allowed fields"):
        hashing_advisor.match_programs({"size": "small"})


def test_removed_document_removes_its_programs(hashing_advisor) -> None:
    hashing_advisor.remove("ningbo-innovation-ecosystem")
    assert hashing_advisor.match_programs({"exports": True}) == []


def test_chat_question_describing_the_company_gets_the_match(hashing_advisor) -> None:
    question = "我们是一家做汽车零部件的小企业，30人，没有发明专利，想开拓海外市场，适合哪些政策？"
    answer = hashing_advisor.ask(question)
    data = answer.to_dict()
    assert data["mode"] == "match" and data["answerable"]
    assert data["profile"] == {"industry": "汽车零部件", "employees": 30, "invention_patents": 0, "exports": True}
    assert "员工人数：30" in data["answer"] and "如有误" in data["answer"]
    assert "海外知识产权协同保护与维权" in data["answer"]
    doc = hashing_advisor.document("ningbo-innovation-ecosystem")
    for c in data["citations"]:
        assert doc.text[c["start"] : c["end"]] == c["quote"]
        assert f"[{c['n']}]" in data["answer"]
    # numbers in the answer come from the question (the profile listed back) or from the quotes
    quotes = " ".join(c["quote"] for c in data["citations"])
    for number in re.findall(r"\d+", re.sub(r"\[\d+\]", "", data["answer"])):
        assert number in quotes or number in question


@pytest.mark.slow
def test_cli_match(cli_env, tmp_path: Path) -> None:
    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps({"is_startup": True, "first_of_kind_product": True}), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "assistant", "match", "--profile", str(profile), "--json"],
                            cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    fits = [m["program_id"] for m in data if m["fit"] == "fits"]
    assert {"three-firsts-products", "incubators-accelerators"} <= set(fits)
    profile.write_text(json.dumps({"tier": "gold"}), encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "assistant", "match", "--profile", str(profile)],
                         cwd=ROOT, env=cli_env, capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "'tier'" in bad.stderr and "专精特新" in bad.stderr
