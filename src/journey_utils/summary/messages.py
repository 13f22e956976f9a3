"""The summary page's text in English and Chinese (KPI names and notes, changes): one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "summary",
    {
        # page.py: a case-study finding in the verdict table
        "finding_interval": {
            "en": "{estimate} {unit} (95% interval {low} to {high})",
            "zh": "{estimate} {unit}（95%置信区间 {low} 至 {high}）",
        },
        # kpis.py, journey_kpis.py, history.py: the headline figures' names (the English is the
        # KPI's label, saved with the history; a Chinese report names a known KPI by its key)
        "kpi_label.clients": {"en": "Clients", "zh": "客户数"},
        "kpi_label.applications": {"en": "Applications", "zh": "申请数"},
        "kpi_label.disbursed": {"en": "Loans disbursed", "zh": "放款笔数"},
        "kpi_label.disbursed_amount": {"en": "Amount disbursed", "zh": "放款金额"},
        "kpi_label.stage_events": {"en": "Journey events", "zh": "旅程事件"},
        "kpi_label.npl_share": {"en": "NPL ratio", "zh": "不良贷款占比"},
        "kpi_label.csat": {"en": "CSAT", "zh": "客户满意度"},
        "kpi_label.rows_in": {"en": "Rows received", "zh": "接收行数"},
        "kpi_label.quarantine_share": {"en": "Quarantined", "zh": "隔离占比"},
        "kpi_label.journey_conversion": {"en": "Journey conversion", "zh": "旅程转化率"},
        "kpi_label.median_days_to_decision": {"en": "Time to decision", "zh": "审批用时"},
        "kpi_label.largest_dropoff_stage": {"en": "Largest drop-out", "zh": "最大流失环节"},
        # kpis.py: what each headline tile counts
        "kpi_note.clients": {"en": "enterprise clients accepted", "zh": "已接收的企业客户"},
        "kpi_note.applications": {"en": "cases opened", "zh": "已受理的申请"},
        "kpi_note.disbursed": {"en": "{share} of applications", "zh": "占申请的 {share}"},
        "kpi_note.disbursed_amount": {
            "en": "approved amount of disbursed loans",
            "zh": "已放款贷款的批准金额",
        },
        "kpi_note.stage_events": {"en": "stage events", "zh": "旅程阶段事件"},
        "kpi_note.npl_share": {
            "en": "loans on the book classified substandard or worse",
            "zh": "在贷贷款中次级及以下占比",
        },
        "kpi_note.csat": {"en": "mean satisfaction, last 12 months", "zh": "近 12 个月平均满意度"},
        "kpi_note.rows_in": {"en": "all nine sources", "zh": "九个数据源合计"},
        "kpi_note.quarantine_share": {
            "en": "{n} rows set aside with a reason",
            "zh": "{n} 行因故隔离",
        },
        # journey_kpis.py: what each journey tile counts
        "kpi_note.journey_conversion": {
            "en": "of cases starting at {stage} end disbursed",
            "zh": "从{stage}开始的案件最终放款",
        },
        "kpi_value.median_days_to_decision": {"en": "{days} days", "zh": "{days} 天"},
        "kpi_note.median_days_to_decision": {
            "en": "median from application to decision (open cases censored)",
            "zh": "从申请到决策的中位天数（未结案件按删失处理）",
        },
        "kpi_note.largest_dropoff_stage": {
            "en": "{share} of cases ending without a loan stop here",
            "zh": "未获贷款而结束的案件中 {share} 止步于此",
        },
        # history.py: the change since the previous scheduled run
        "change_pp": {"en": "{pp} pp", "zh": "{pp}个百分点"},
        "change_days": {"en": "{days} days", "zh": "{days}天"},
        "change_unchanged": {"en": "unchanged", "zh": "持平"},
        "change_was": {"en": "was {previous}", "zh": "此前为 {previous}"},
        "change_vs": {"en": "vs ", "zh": "上次 "},
        "change_first_run": {
            "en": "First scheduled run: no earlier run to compare.",
            "zh": "首次定期运行：尚无可比较的早前运行。",
        },
        "change_better": {"en": " (better)", "zh": "（改善）"},
        "change_worse": {"en": " (worse)", "zh": "（恶化）"},
        "change_sep": {"en": ", ", "zh": "，"},
        "change_others_unchanged": {
            "en": "; {n} other figure(s) unchanged",
            "zh": "；其余 {n} 项持平",
        },
        "change_all_unchanged": {"en": "every figure unchanged", "zh": "各项指标均持平"},
        "change_reading": {
            "en": "Since the previous scheduled run on {when}: {items}{tail}.",
            "zh": "与上一次定期运行（{when}）相比：{items}{tail}。",
        },
        # page.py: the segment map
        "segment_map_x": {
            "en": "Conversion (loans disbursed per application)",
            "zh": "转化率（每笔申请的放款笔数）",
        },
        "segment_map_y": {"en": "NPL rate of borrowers", "zh": "借款客户不良贷款率"},
        "segment_map_title": {
            "en": "Segment map: size, conversion and credit quality",
            "zh": "分群地图：规模、转化率与信贷质量",
        },
    },
)
"""Every text of the summary package in both report languages (ADR 0028)."""
