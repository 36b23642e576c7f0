"""Measures through the advisor: read from an ingested document, matched in chat, gone with the document."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.app.render import render_matches
from assistant.programs.measures import apply_overlay

DOC = Path(__file__).parent / "docs" / "dev_xiangshan_industry.md"


def test_measures_live_and_die_with_their_document(hashing_advisor, tmp_path: Path) -> None:
    copy = tmp_path / "xiangshan.md"
    shutil.copy(DOC, copy)
    hashing_advisor.ingest([copy])
    (doc_id,) = [d.doc_id for d in hashing_advisor.documents() if d.source == "xiangshan.md"]
    measures = hashing_advisor.measures(doc_id)
    assert len(measures) == 8 and all(m.jurisdiction == "浙江省宁波市象山县" for m in measures)
    doc = hashing_advisor.document(doc_id)
    for m in measures:
        assert doc.text[m.start:m.end] == m.quote

    answer = hashing_advisor.ask("我们是宁波市象山县的一家企业，去年被认定为省级专精特新中小企业，"
                                 "研发投入占比2%，有哪些政策适合我们？").to_dict()
    assert answer["mode"] == "match"
    fits = [m for m in answer["matches"] if m["fit"] == "fits"]
    assert [m["gives"] for m in fits if m["source"] == "measure"] == [["20万元"]]
    assert "20万元" in answer["answer"] and "不符合" in answer["answer"]
    failed = [m for m in answer["matches"] if m["fit"] == "does not fit" and "研发投入" in m["name"]]
    assert failed and failed[0]["missing"][0]["actual"] == "2%"
    for match in answer["matches"]:
        assert set(match) >= {"program_id", "name", "fit", "gives", "met", "missing", "unknown", "jurisdiction",
                              "citations"}
        for c in match["citations"]:
            assert hashing_advisor.document(c["doc_id"]).text[c["start"]:c["end"]] == c["quote"]
            assert {"doc_id", "source", "title", "article", "quote", "start", "end"} <= set(c)

    html = render_matches(answer, "zh")
    assert 'id="match-summary"' in html and 'id="match-others"' in html and "(要求" in html
    assert html.index('data-fit="fits"') < html.index('id="match-others"')

    hidden = apply_overlay(measures, {measures[0].measure_id: {"id": measures[0].measure_id, "hide": True}})
    assert len(hidden) == 7
    hashing_advisor.remove(doc_id)
    assert hashing_advisor.measures() == [] or all(m.doc_id != doc_id for m in hashing_advisor.measures())
    assert all(m.program_id.split("#")[0] != doc_id for m in hashing_advisor.match_programs({"location": "象山县"}))
