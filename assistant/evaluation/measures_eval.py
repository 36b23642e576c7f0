"""Measure extraction, condition parsing and "fits" judged against hand labels, per split.

Gold: `tests/programs/measures_gold.jsonl` (one granting clause per line: doc, a distinctive part of its
quote, gives, the conditions with the parse expected) and `tests/programs/measures_profiles.jsonl` (company
profiles with the measures each truly qualifies for). Documents are read from the corpus folder, the
synthetic policy folder and the seed, exactly as ingest prepares them (no index needed).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.index.ingest import ManifestEntry, prepare
from assistant.models import SourceDocument
from assistant.programs.clauses import Requirement, fact_key, tier_key
from assistant.programs.fit import match_measure
from assistant.programs.measures import Measure, extract_measures
from assistant.programs.profile import validate_profile

ROOT = Path(__file__).resolve().parents[2]
# the held-out sets, each a folder of documents with its own granting-clause labels and profiles
HELDOUT_SETS = tuple(ROOT / "tests" / name for name in (
    "heldout", *(f"heldout{n}" for n in range(2, 19))))
GOLD = (ROOT / "tests" / "programs" / "measures_gold.jsonl", *(d / "measures_gold.jsonl" for d in HELDOUT_SETS))
PROFILES = (ROOT / "tests" / "programs" / "measures_profiles.jsonl",
            *(d / "measures_profiles.jsonl" for d in HELDOUT_SETS))
DOC_DIRS = (ROOT / "tests" / "corpus" / "docs", ROOT / "tests" / "programs" / "docs", ROOT / "seeds",
            *(d / "docs" for d in HELDOUT_SETS))
# every document of a split, including those with no granting clause (false positives count there)
SPLITS = {
    "dev": ("chengguozhuanhua_2015", "gtgsh_2022", "kejijinbu_2021", "lingang_pv_2023", "shanghai_sme_2018",
            "sh_renewable_apply_2025", "shangbiao_2019", "000_5508e2fbdddb18ff", "dev_xiangshan_industry"),
    "test": ("fanbuzhengdang_2019", "guangdong_ip_2022", "sh_quality_award_2022", "sh_renewable_fund_2022",
             "yingshang_2019", "zhejiang_chengguo_2021", "zhuanli_shishixize_2023", "test_wujiang_innovation"),
    # written and labelled after the first test run, kept untouched until the end
    "test2": ("test_jiaxing_sme",),
    # six real documents sourced and labelled by another hand in session 4 (tests/heldout): part a was
    # measured first and its failure classes fixed; part b stayed untouched until the end
    "heldout_a": ("jingan_jienengjiantan_2026", "zhongxiaoqiye_2017", "kuanxiang_zhifu_2025"),
    "heldout_b": ("beijing_sme_2020", "jingan_chuhai_2026", "sh_hangyun_2026"),
    # six more, sourced and labelled by another hand in session 5 (tests/heldout2), measured once at its end
    "heldout2_a": ("biaozhunhua_2017", "changning_jiantan_2024", "fengxian_haigui_2025"),
    "heldout2_b": ("huzhou_lvsejinrong_2021", "zhejiang_minying_2020", "zhuanli_daili_2018"),
    # six more, sourced and labelled by another hand in session 6 (tests/heldout3), measured once when it landed
    "heldout3_a": ("qingjie_shengchan_2012", "shandong_rencai_2020", "shichang_zhuti_dengji_2021"),
    "heldout3_b": ("songjiang_lvse_ditan_2025", "songjiang_zhuanye_fuwu_2025", "zibo_zhuanli_2014"),
    # six more, sourced and labelled by another hand in session 8 (tests/heldout4), measured once when it landed
    "heldout4_a": ("henan_zhuanli_2005", "huangpu_daikuan_tiexi_2026", "huangpu_jienengjiantan_2022"),
    "heldout4_b": ("jishu_jinchukou_2020", "shangqiu_yingshang_2020", "xunhuan_jingji_2018"),
    # six more, sourced and labelled by another hand in session 10 (tests/heldout5), measured once when it landed
    "heldout5_a": ("changning_cailanzi_2024", "chongqing_zhuanli_2011", "fengxian_fuwuye_2023"),
    "heldout5_b": ("jieyue_nengyuan_2018", "ningbo_keji_chuangxin_2011", "zhishichanquan_haiguan_2018"),
    # six more, sourced and labelled by another hand later in session 10 (tests/heldout6), measured once at its end
    "heldout6_a": ("beijing_zhuanli_2013", "dianzi_shangwu_2018", "jingan_fuwuye_2023"),
    "heldout6_b": ("jingan_touzi_butie_2025", "shangye_texu_2007", "shantou_keji_chuangxin_2022"),
    # six more, sourced and labelled by another hand in session 11 (tests/heldout7), measured once when it landed
    "heldout7_a": ("chongqing_qiye_fudan_2010", "jiuye_cujin_2015", "qiye_xinxi_gongshi_2014"),
    "heldout7_b": ("sh_feiludao_jixie_2024", "sh_zhengfu_caigou_zhongxiao_2022", "taizhou_qiye_xinyong_2020"),
    # five more, sourced and labelled by another hand later in session 11 (tests/heldout8), measured once when it landed
    "heldout8_a": ("henan_chanpin_zhiliang_2012", "qiye_mingcheng_2020", "shandong_nongji_2020"),
    "heldout8_b": ("xiangzhen_qiye_1996", "yunfu_yingshang_2023"),
    # five more, sourced and labelled by another hand at the end of session 11 (tests/heldout9), measured once
    "heldout9_a": ("canjiren_jiuye_2007", "huanbao_shui_2018", "jiaxing_jiegan_2016"),
    "heldout9_b": ("pengshui_lvyou_2019", "shandong_kezaisheng_2020"),
    # five more, sourced and labelled by another hand in session 12 (tests/heldout10), measured once when it landed
    "heldout10_a": ("dezhou_paji_2020", "fapiao_2023", "geren_duzi_qiye_1999"),
    "heldout10_b": ("henan_jishu_shichang_2010", "laiwu_gangjiegou_2016"),
    # five more, sourced and labelled by another hand later in session 12 (tests/heldout11), measured when it landed
    "heldout11_a": ("guangdong_yingshang_2022", "jiliang_2018", "renzheng_renke_2020"),
    "heldout11_b": ("weihai_guojihua_2021", "zhejiang_dianzi_shangwu_2021"),
    # five more, sourced and labelled by another hand in session 13 (tests/heldout12), measured when it landed
    "heldout12_a": ("dongying_daqi_2019", "guangdong_waishang_touzi_2022", "shandong_zhuanli_2013"),
    "heldout12_b": ("wuzheng_wuzhao_2017", "xiaofeizhe_quanyi_2013"),
    # five more, sourced and labelled by another hand later in session 13 (tests/heldout13), measured when it landed
    "heldout13_a": ("chongqing_taibao_2010", "jiage_1997", "keji_jiangli_2020"),
    "heldout13_b": ("pingdingshan_jieshui_2021", "zhongguancun_2010"),
    # five more, sourced and labelled by another hand in session 14 (tests/heldout14), measured when it landed
    "heldout14_a": ("beijing_chengguo_zhuanhua_2019", "gongye_shengchan_xuke_2005", "hehuo_qiye_2006"),
    "heldout14_b": ("luohe_paiqi_2021", "youyang_chengzhen_2012"),
    # and five more later in session 14 (tests/heldout15), measured when it landed
    "heldout15_a": ("kuaiji_2017", "linyi_rongmao_2021", "nianxiujia_2007"),
    "heldout15_b": ("shandong_qiye_quanyi_2012", "shizhu_xituo_2013"),
    # five more in session 15 (tests/heldout16), chosen for their granting clauses, measured when it landed
    "heldout16_a": ("henan_jieneng_2017", "jingning_chengshi_2015", "nongye_jishu_tuiguang_2024"),
    "heldout16_b": ("shandong_xinxihua_2018", "zhejiang_keji_jinbu_2011"),
    # and five more later in session 15 (tests/heldout17), measured when it landed
    "heldout17_a": ("chongqing_hezuoshe_2022", "henan_minying_keji_2004", "ningbo_jishu_mimi_2010"),
    "heldout17_b": ("nongji_cujin_2018", "pengshui_kuangchan_2013"),
    # and five more in session 16 (tests/heldout18), measured when it landed
    "heldout18_a": ("jinan_sanzhuang_shuini_2010", "kezaisheng_nengyuan_2009", "ningbo_zaisheng_ziyuan_2009"),
    "heldout18_b": ("taibao_touzi_2019", "zhejiang_liangshi_anquan_2018"),
}
TODAY = dt.date(2026, 6, 1)  # "新认定" is judged against a fixed date so the labels stay true


@dataclass(frozen=True)
class SplitScores:
    split: str
    measures_gold: int
    measures_found: int
    measures_precision: float
    measures_recall: float
    conditions_precision: float
    conditions_recall: float
    gives_accuracy: float
    fits_precision: float
    fits_recall: float
    errors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 3) if isinstance(v, float) else list(v) if isinstance(v, tuple) else v)
                for k, v in self.__dict__.items()}


def _read(paths: Iterable[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def load_documents(names: Iterable[str]) -> dict[str, SourceDocument]:
    docs = {}
    for name in names:
        path = next((p for d in DOC_DIRS for p in d.glob(f"{name}.*")), None)
        if path is None:
            raise FileNotFoundError(f"no document named {name} under {', '.join(map(str, DOC_DIRS))}")
        doc, _blocks = prepare(ManifestEntry(path, doc_id=name), None)
        docs[name] = doc
    return docs


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _same_condition(gold: dict[str, Any], found: Requirement) -> bool:
    if gold["kind"] != found.kind:
        return False
    if gold["kind"] == "threshold":
        return (fact_key(gold["fact"]) == fact_key(found.fact) and gold["op"] == found.op
                and found.value is not None and abs(found.value - gold["value"]) < 1e-9)
    # a clause listing titles as alternatives ("绿色园区、绿色工厂") is read right when the gold title is one of them
    named = {tier_key(found.fact), *(tier_key(part) for part in found.fact.split("、"))}
    return (tier_key(gold["fact"]) in named and bool(gold.get("new")) == found.new
            and tuple(gold.get("levels", ())) == found.levels)


def _gives_ok(gold: list[Any], measure: Measure) -> bool:
    if gold == ["service"]:
        return all(g.kind == "service" for g in measure.gives)
    found = sorted((round(g.amount or 0.0, 6), g.cap, g.tier) for g in measure.gives if g.kind != "service")
    return found == sorted((round(float(a), 6), bool(c), t) for a, c, t in gold)


def evaluate_split(split: str) -> SplitScores:
    names = SPLITS[split]
    docs = load_documents(names)
    gold = [g for g in _read(GOLD) if g["split"] == split]
    found = {name: list(extract_measures(doc)) for name, doc in docs.items()}
    errors: list[str] = []
    matched: dict[int, Measure] = {}
    used: set[str] = set()
    for i, g in enumerate(gold):
        hit = next((m for m in found[g["doc"]] if g["quote"] in m.quote and m.measure_id not in used), None)
        if hit is None:
            errors.append(f"missed: {g['doc']}: {g['quote']}")
            continue
        matched[i] = hit
        used.add(hit.measure_id)
    extra = [m for ms in found.values() for m in ms if m.measure_id not in used]
    errors += [f"extra: {m.doc_id}: {m.quote[:60]}" for m in extra]
    total_found = sum(len(ms) for ms in found.values())
    cond_gold = cond_found = cond_right = 0
    gives_right = 0
    for i, m in matched.items():
        expected = gold[i]["conditions"]
        parsed = [c for c in m.conditions if c.kind != "text"]
        cond_gold += len(expected)
        cond_found += len(parsed)
        right = sum(1 for e in expected if any(_same_condition(e, c) for c in parsed))
        cond_right += right
        if right < len(expected) or len(parsed) > right:
            errors.append(f"conditions: {m.doc_id}: {gold[i]['quote']}: expected {expected}, parsed "
                          f"{[(c.kind, c.fact, c.op, c.value, c.levels, c.new) for c in parsed]}")
        if _gives_ok(gold[i]["gives"], m):
            gives_right += 1
        else:
            errors.append(f"gives: {m.doc_id}: {gold[i]['quote']}: expected {gold[i]['gives']}, found "
                          f"{[(g.kind, g.amount, g.cap, g.tier) for g in m.gives]}")
    key_of = {matched[i].measure_id: f"{g['doc']}|{g['quote']}" for i, g in enumerate(gold) if i in matched}
    fits_true = fits_said = fits_right = recalled = 0
    for row in (r for r in _read(PROFILES) if r["split"] == split):
        profile = validate_profile(row["profile"])
        truly = set(row["fits"])
        said_keys = set()
        for name, measures in found.items():
            for m in measures:
                if match_measure(m, docs[name], profile, "zh", lambda d, o: "", TODAY).fit != "fits":
                    continue
                fits_said += 1
                key = key_of.get(m.measure_id, "")
                said_keys.add(key)
                if key in truly:
                    fits_right += 1
                else:
                    errors.append(f"wrong fits: {row['note']}: {m.quote[:50]}")
        fits_true += len(truly)
        recalled += len(truly & said_keys)
        errors += [f"missed fits: {row['note']}: {key}" for key in sorted(truly - said_keys)]
    return SplitScores(
        split, len(gold), total_found, _ratio(len(matched), total_found), _ratio(len(matched), len(gold)),
        _ratio(cond_right, cond_found), _ratio(cond_right, cond_gold), _ratio(gives_right, len(matched)),
        _ratio(fits_right, fits_said), _ratio(recalled, fits_true), tuple(errors),
    )


def format_scores(scores: list[SplitScores], verbose: bool = False) -> str:
    lines = [f"{'split':6} {'gold':>5} {'found':>6} {'meas P':>7} {'meas R':>7} {'cond P':>7} {'cond R':>7} "
             f"{'gives':>6} {'fits P':>7} {'fits R':>7}"]
    for s in scores:
        lines.append(f"{s.split:6} {s.measures_gold:5d} {s.measures_found:6d} {s.measures_precision:7.2f} "
                     f"{s.measures_recall:7.2f} {s.conditions_precision:7.2f} {s.conditions_recall:7.2f} "
                     f"{s.gives_accuracy:6.2f} {s.fits_precision:7.2f} {s.fits_recall:7.2f}")
        if verbose:
            lines += [f"    {e}" for e in s.errors]
    return "\n".join(lines)
