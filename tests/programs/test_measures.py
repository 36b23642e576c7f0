"""Granting clauses read into measures: gives (amounts, caps, tiers), targets and parsed conditions."""

from __future__ import annotations

import hashlib

from assistant.models import SourceDocument
from assistant.programs.clauses import fact_key, is_granting, tier_key
from assistant.programs.measures import extract_measures


def _doc(text: str, doc_id: str = "d1", **place: str) -> SourceDocument:
    return SourceDocument(doc_id, "t", "t.md", text, hashlib.sha256(text.encode()).hexdigest(), **place)


def test_threshold_rate_and_cap_with_offsets() -> None:
    text = "第五条 对当年设备投资500万元及以上的企业，按投资额的10%给予补助，最高不超过200万元。"
    (m,) = extract_measures(_doc(text))
    assert m.article == "第五条" and text[m.start:m.end] == m.quote
    (cond,) = [c for c in m.conditions if c.kind == "threshold"]
    assert (fact_key(cond.fact), cond.op, cond.value) == ("设备投资", "gte", 5_000_000)
    assert text[cond.start:cond.end] == cond.text
    kinds = {(g.kind, g.amount, g.cap) for g in m.gives}
    assert ("rate", 0.1, False) in kinds and ("money", 2_000_000, True) in kinds
    for g in m.gives:
        assert text[g.start:g.end] == g.text


def test_tiers_split_per_level() -> None:
    text = "二、对新认定为国家级、省级专精特新中小企业的，分别给予50万元、20万元的一次性奖励。"
    (m,) = extract_measures(_doc(text))
    (tier,) = [c for c in m.conditions if c.kind == "tier"]
    assert tier.levels == ("国家级", "省级") and tier.new and tier_key(tier.fact) == "专精特新"
    assert {(g.tier, g.amount) for g in m.gives} == {("国家级", 500_000), ("省级", 200_000)}
    assert "专精特新" in m.name and m.name.endswith("奖励")


def test_rate_share_and_growth_conditions() -> None:
    text = "对研发投入占营业收入比例不低于5%且出口额同比增长超过20%的企业，给予30万元奖励。"
    (m,) = extract_measures(_doc(text))
    facts = {fact_key(c.fact): (c.op, c.value) for c in m.conditions if c.kind == "threshold"}
    assert facts == {"研发投入占比": ("gte", 0.05), fact_key("出口额同比增长"): ("gt", 0.2)}


def test_penalties_and_staff_rewards_are_not_measures() -> None:
    assert not is_granting("对直接负责的主管人员依法给予处分。")
    assert not is_granting("由监督检查部门责令改正，给予警告。")
    assert not is_granting("由科技成果完成单位对做出重要贡献的人员给予奖励和报酬。")
    assert is_granting("符合条件的小型微利企业，减按20%的税率征收企业所得税。")


def test_cache_follows_the_text() -> None:
    first = extract_measures(_doc("对首次认定为高新技术企业的，给予10万元奖励。"))
    second = extract_measures(_doc("对首次认定为高新技术企业的，给予20万元奖励。"))
    assert first[0].gives[0].amount == 100_000 and second[0].gives[0].amount == 200_000
    assert first[0].conditions[0].kind == "qualification" and first[0].conditions[0].new
