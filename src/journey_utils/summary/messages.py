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
        # tiles.py: a figure's status against its target (params `targets`)
        "rag.green": {"en": "On target", "zh": "达标"},
        "rag.amber": {"en": "Watch", "zh": "关注"},
        "rag.red": {"en": "Off target", "zh": "未达标"},
        "rag.none": {"en": "No figure", "zh": "暂无数据"},
        "target_lower": {
            "en": "target ≤ {target}, alarm above {alarm}",
            "zh": "目标 ≤ {target}，超过 {alarm} 告警",
        },
        "target_higher": {
            "en": "target ≥ {target}, alarm below {alarm}",
            "zh": "目标 ≥ {target}，低于 {alarm} 告警",
        },
        # trend.py: the monthly trend of four figures
        "trend_points": {"en": "{points} points", "zh": "{points} 分"},
        "trend_description": {
            "en": "{figure} by month, {start} to {end}: {values}",
            "zh": "{figure}按月变化，{start} 至 {end}：{values}",
        },
        "trend_reading": {
            "en": "Month by month from the data's own dates, {start} to {end} (the last complete "
            "month): each figure's latest month against the month before and the same month a "
            "year earlier. The NPL ratio is the one defined above.",
            "zh": "按数据自身日期逐月统计，{start} 至 {end}（最近一个完整月份）："
            "各指标最近一个月与上月及上年同月相比。不良贷款占比采用上文的同一定义。",
        },
        # act_on.py: the findings that need an owner
        "act_on_title": {"en": "Act on", "zh": "需要行动"},
        "act_on_none": {
            "en": "Nothing needs an owner this run: no figure is beyond its alarm level and no "
            "group, price or intervention stands out.",
            "zh": "本次运行没有需要指派负责人的事项："
            "没有指标超过告警线，也没有突出的分群、定价或干预结果。",
        },
        "act_on_missing": {
            "en": "Not checked, because its report has not run on this data: {sources}.",
            "zh": "以下内容未检查，因为相应报告尚未在本数据上运行：{sources}。",
        },
        "act_on_source.risk": {"en": "pricing and downgrades", "zh": "定价与评级下调"},
        "act_on_source.watchlist": {"en": "segments to watch", "zh": "需关注的分群"},
        "act_on_source.case_study": {"en": "case studies", "zh": "案例研究"},
        "list_sep": {"en": "; ", "zh": "；"},
        "and_more": {"en": " and {n} more", "zh": "等另 {n} 个"},
        "act_figure": {
            "en": "{figure} {value} (target {target})",
            "zh": "{figure} {value}（目标 {target}）",
        },
        "act_group_rate": {
            "en": "{group} {rate} ({n} loans)",
            "zh": "{group} {rate}（{n} 笔贷款）",
        },
        "act_group_gap": {
            "en": "{group} {gap} bp ({n} offers)",
            "zh": "{group} {gap} 基点（{n} 笔报价）",
        },
        "act_owner.targets": {"en": "Management", "zh": "管理层"},
        "act.targets": {
            "en": "Beyond the alarm level: {items}.",
            "zh": "超过告警线的指标：{items}。",
        },
        "act_owner.credit": {"en": "Credit risk", "zh": "信贷风险管理"},
        "act.credit": {
            "en": "{n} segment(s) carry an NPL ratio credibly above the book's {book}: {groups}. "
            "Review their limits and terms.",
            "zh": "{n} 个分群的不良贷款占比显著高于全行的 {book}："
            "{groups}。请复核其授信额度与条件。",
        },
        "act_owner.pricing": {"en": "Pricing", "zh": "定价"},
        "act.pricing": {
            "en": "{n} segment(s) are priced below their risk (offered rate minus risk-based "
            "price): {groups}. Reprice or tighten terms.",
            "zh": "{n} 个分群的定价低于其风险（报价利率减风险定价）"
            "：{groups}。请重新定价或收紧条件。",
        },
        "act_owner.monitoring": {"en": "Post-loan monitoring", "zh": "贷后管理"},
        "act.monitoring": {
            "en": "{n} of {compared} clients were downgraded at the latest rating review "
            "({date}). Put them on the review list.",
            "zh": "最近一次评级复核（{date}）中，{compared} 户客户里有 {n} 户被下调评级。"
            "请列入复核名单。",
        },
        "act_owner.journey": {"en": "Journey owner", "zh": "流程负责人"},
        "act.journey": {
            "en": "Most cases that end without a loan stop at {stage}: {n} cases ({share} of "
            "drop-outs). Start there.",
            "zh": "未获贷款而结束的案件大多止步于{stage}："
            "{n} 件（占流失的 {share}）。应优先从这里着手。",
        },
        "act_owner.roll_out": {"en": "Product and channels", "zh": "产品与渠道"},
        "act.roll_out": {
            "en": "{study}: {outcome} {estimate} {unit} (95% interval {low} to {high}), an "
            "established effect. Consider a wider roll-out.",
            "zh": "{study}：{outcome} {estimate} {unit}（95%置信区间 {low} 至 {high}）"
            "，效应已确立。"
            "可考虑扩大推广。",
        },
        "npl_definition": {
            "en": "**NPL ratio on this page:** loans on the book at the month-end (balance above "
            "zero) classified substandard, doubtful or loss, as a share of those loans by count. "
            "The other definitions are compared in the risk report.",
            "zh": "**本页不良贷款占比的定义**：月末在贷贷款（余额大于零）"
            "中被划为次级、可疑或损失类的笔数占比。"
            "其他口径的对比见风险报告。",
        },
        # page.py: the segment map
        "segment_map_x": {
            "en": "Conversion (loans disbursed per application)",
            "zh": "转化率（每笔申请的放款笔数）",
        },
        "segment_map_y": {
            "en": "NPL ratio (loans on the book)",
            "zh": "不良贷款占比（在贷贷款）",
        },
        "segment_map_title": {
            "en": "Segment map: size, conversion and credit quality",
            "zh": "分群地图：规模、转化率与信贷质量",
        },
    },
)
"""Every text of the summary package in both report languages (ADR 0028)."""
