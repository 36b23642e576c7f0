"""The program-match tab: a profile form, and fit cards with the clause behind each condition."""

from __future__ import annotations

import re
from typing import Any

import gradio as gr

from assistant.app.guards import form_number, guard
from assistant.app.loader import AdvisorLoader
from assistant.app.render import MAX_TURNS, render_conversation, render_matches
from assistant.programs.profile import BOOLEAN_FIELDS, FIELD_LABELS, TIERS


def build_match_tab(loader: AdvisorLoader, turns: gr.State, lang: gr.Radio, conversation: gr.HTML) -> None:
    with gr.Tab("企业画像匹配 · Program match", id="match", elem_id="tab-match"):
        gr.Markdown("填写已知的企业情况（不填即为未知），查看文件中哪些措施适合贵企业、依据哪句原文。 · "
                    "Fill in what you know (blank = unknown) to see which measures fit, and the clause "
                    "behind each condition.")
        with gr.Row():
            m_industry = gr.Textbox(label="行业 · Industry", elem_id="m-industry")
            m_district = gr.Textbox(label="所在区县 · District", elem_id="m-district")
            m_tier = gr.Dropdown([("未填 · not given", ""), *[(x, x) for x in TIERS]], value="",
                                 label="企业梯队 · Tier", elem_id="m-tier")
        with gr.Row():
            # text boxes, not gr.Number: an empty Number submits 0, and 0 patents is a claim
            m_employees = gr.Textbox(label="员工人数 · Employees", elem_id="m-employees")
            m_revenue = gr.Textbox(label="年营业收入（元）· Annual revenue (CNY)", elem_id="m-revenue")
            m_patents = gr.Textbox(label="发明专利数 · Invention patents", elem_id="m-patents")
        m_quals = gr.Textbox(label="资质（逗号分隔）· Qualifications (comma-separated)", elem_id="m-quals")
        m_flags = []
        with gr.Row():
            for name in BOOLEAN_FIELDS:
                zh_label, en_label = FIELD_LABELS[name]
                m_flags.append(gr.Radio([("未知", ""), ("是 yes", "yes"), ("否 no", "no")], value="",
                                        label=f"{zh_label} · {en_label}", elem_id=f"m-{name}", min_width=160))
        m_button = gr.Button("匹配 · Match", variant="primary", elem_id="m-match")
        m_result = gr.HTML(render_matches(None, "zh"), elem_id="m-result", js_on_load=None)

    @guard
    def on_match(industry: str, district: str, tier: str, employees: str, revenue: str, patents: str,
                 quals: str, *rest: Any) -> tuple[Any, ...]:
        *flags, state, code = rest
        profile: dict[str, Any] = {
            "industry": (industry or "").strip() or None, "district": (district or "").strip() or None,
            "tier": tier or None,
            "employees": form_number(employees, whole=True),
            "annual_revenue_cny": form_number(revenue, whole=False),
            "invention_patents": form_number(patents, whole=True),
            "qualifications": [q.strip() for q in re.split(r"[,，、;；]", quals or "") if q.strip()] or None,
        }
        for name, flag in zip(BOOLEAN_FIELDS, flags, strict=True):
            profile[name] = {"yes": True, "no": False}.get(flag or "")
        answer = loader.get().match_answer({k: v for k, v in profile.items() if v is not None}, code).to_dict()
        state = [*state, answer][-MAX_TURNS:]
        return render_matches(answer, code), render_conversation(state, code), state

    m_button.click(on_match, [m_industry, m_district, m_tier, m_employees, m_revenue, m_patents, m_quals,
                              *m_flags, turns, lang], [m_result, conversation, turns],
                   api_visibility="private")
