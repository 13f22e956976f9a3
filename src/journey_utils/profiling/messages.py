"""The client-profiling stage's report text in English and Chinese (ADR 0028), one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "profiling",
    {
        # shared separators
        "list_sep": {"en": ", ", "zh": "、"},
        "clause_sep": {"en": "; ", "zh": "；"},
        # groupings (`by`): portfolio.dimension_label
        "dimension.grade_band": {"en": "grade band", "zh": "信用等级"},
        "dimension.lifecycle_stage": {"en": "lifecycle stage", "zh": "生命周期阶段"},
        "dimension.size_band": {"en": "size band", "zh": "企业规模"},
        "dimension.industry": {"en": "industry", "zh": "行业"},
        "dimension.region": {"en": "region", "zh": "区域"},
        "dimension.ownership": {"en": "ownership", "zh": "所有制"},
        # portfolio.py: the opening line and credit grade bands
        "client_360_intro": {
            "en": "**{n} clients** in the client 360 (one row per client, as of {as_of}).",
            "zh": "客户 360 视图共 **{n} 户客户**（每户一行，数据截至 {as_of}）。",
        },
        "grade_rule": {
            "en": "Band from the internal rating (AAA–BBB investment grade, BB–B standard, CCC "
            "watch, CC–C sub-standard); without a rating, from the bureau score (≥ 740, "
            "670–739, 635–669, < 635); a bureau score two or more bands worse than the rating "
            "lowers the band by one.",
            "zh": "按行内评级划定等级（AAA–BBB 为投资级，BB–B 为标准，CCC 为关注，CC–C 为次级）；"
            "无行内评级的，按征信评分划定（≥ 740、670–739、635–669、< 635）；征信评分所对应等级"
            "比行内评级差两档或以上的，等级下调一档。",
        },
        "grade_rule_note": {"en": "*Rule:* {rule}", "zh": "*规则：* {rule}"},
        "ratings_none": {"en": "none", "zh": "无"},
        "grade_title": {"en": "Clients by credit grade band", "zh": "客户信用等级分布"},
        "grade_part": {"en": "{share} {band}", "zh": "{band}占 {share}"},
        "grade_reading": {
            "en": "Of {n} clients, {parts}. {weak} sit on watch or below: the clients whose next "
            "application needs the closest credit look.",
            "zh": "在 {n} 户客户中，{parts}。{weak} 的客户处于关注或更差等级：这些客户的下一笔申请"
            "需要最审慎的授信审查。",
        },
        # portfolio.py: industry × region
        "heat_map_title": {
            "en": "Industry × region: {what}{hidden}",
            "zh": "行业 × 区域：{what}{hidden}",
        },
        "heat_map_clients": {"en": "clients", "zh": "客户数"},
        "heat_map_hidden": {
            "en": " (cells < {n} hidden)",
            "zh": "（少于 {n} 户的单元格已隐藏）",
        },
        "value_name.npl": {"en": "npl", "zh": "不良贷款客户占比"},
        "industry_region_reading": {
            "en": "The largest industry is {industry} ({industry_share} of clients) and the "
            "largest region {region} ({region_share}); the biggest single cell is "
            "{cell_industry} in {cell_region} with {cell} clients. {hidden} cell(s) are hidden "
            "because they hold fewer than {n_min} clients.",
            "zh": "客户最多的行业是{industry}（占客户的 {industry_share}），最多的区域是{region}"
            "（{region_share}）；最大的单一单元格是{cell_region}的{cell_industry}，共 {cell} "
            "户客户。有 {hidden} 个单元格因客户少于 {n_min} 户而隐藏。",
        },
        # portfolio.py: lifecycle stage (rules first match wins: start-up, decline, growth,
        # mature; thresholds filled in from portfolio's constants)
        "lifecycle_rule.start_up": {
            "en": "younger than {age} years and fewer than {employees} employees",
            "zh": "成立不满 {age} 年且员工少于 {employees} 人",
        },
        "lifecycle_rule.decline": {
            "en": "otherwise, revenue growth ≤ {decline}",
            "zh": "其余企业中，营收增长 ≤ {decline}",
        },
        "lifecycle_rule.growth": {
            "en": "otherwise, revenue growth ≥ {growth}, or younger than {age} years (already "
            "past small size)",
            "zh": "其余企业中，营收增长 ≥ {growth}，或成立不满 {age} 年（已超过小型规模）",
        },
        "lifecycle_rule.mature": {
            "en": "the rest: {age} years or older with revenue growth between {decline} and "
            "{growth} (or unknown growth)",
            "zh": "其余企业：成立 {age} 年及以上，营收增长介于 {decline} 与 {growth} 之间"
            "（或增长未知）",
        },
        "lifecycle_title": {"en": "Clients by lifecycle stage", "zh": "客户生命周期阶段"},
        "lifecycle_part": {
            "en": "{stage} {share} (median {age} years, growth {growth})",
            "zh": "{stage} {share}（企业年龄中位数 {age} 年，营收增长 {growth}）",
        },
        "lifecycle_reading": {"en": "Lifecycle mix: {parts}.", "zh": "生命周期结构：{parts}。"},
        "lifecycle_growth_missing": {
            "en": " {n} clients have no prior-year revenue.",
            "zh": "另有 {n} 户客户缺少上一年营收数据。",
        },
        # financial_health.py: ratios, their warning lines and the reading
        "ratio_label.leverage": {
            "en": "Leverage (liabilities / assets)",
            "zh": "资产负债率（负债 / 资产）",
        },
        "ratio_label.current_ratio": {"en": "Current ratio", "zh": "流动比率"},
        "ratio_label.interest_cover": {"en": "Interest cover (×)", "zh": "利息保障倍数（×）"},
        "ratio_label.net_margin": {"en": "Net margin", "zh": "净利润率"},
        "ratio_name.leverage": {"en": "leverage", "zh": "资产负债率"},
        "ratio_name.current_ratio": {"en": "current ratio", "zh": "流动比率"},
        "ratio_name.interest_cover": {"en": "interest cover", "zh": "利息保障倍数"},
        "ratio_name.net_margin": {"en": "net margin", "zh": "净利润率"},
        "ratio_warning.leverage": {
            "en": "liabilities above 70% of assets",
            "zh": "负债超过资产的 70%",
        },
        "ratio_warning.current_ratio": {
            "en": "current liabilities exceed current assets",
            "zh": "流动负债超过流动资产",
        },
        "ratio_warning.interest_cover": {
            "en": "operating profit below 1.5× interest",
            "zh": "营业利润低于利息的 1.5 倍",
        },
        "ratio_warning.net_margin": {"en": "loss-making", "zh": "亏损"},
        "warning_line": {"en": "{op} {limit} ({meaning})", "zh": "{op} {limit}（{meaning}）"},
        "ratio_plot_title": {
            "en": "Financial ratios by {by} (box P25–P75, whiskers P5–P95)",
            "zh": "按{by}划分的财务比率（箱体 P25–P75，须线 P5–P95）",
        },
        "ratio_part": {
            "en": "**{ratio}** {warning}: from {best} ({best_group}) to {worst} ({worst_group})",
            "zh": "**{ratio}** {warning}：从 {best}（{best_group}）到 {worst}（{worst_group}）",
        },
        "ratio_reading": {
            "en": "Share of clients beyond each warning line, across {by} groups — {parts}.",
            "zh": "各{by}组中超出各项预警线的客户占比——{parts}。",
        },
        # pain_points.py: definitions (thresholds filled in), short names, chart and reading
        "pain_definition.dropout_before_decision": {
            "en": "applications withdrawn or abandoned before a decision (of applications no "
            "longer in progress)",
            "zh": "在银行作出审批决定前撤回或放弃的申请（占已结束申请）",
        },
        "pain_definition.slow_first_response": {
            "en": "submitted applications first answered after more than {days} days",
            "zh": "提交后超过 {days} 天才获得银行首次响应的申请",
        },
        "pain_definition.dissatisfied": {
            "en": "surveyed clients with mean CSAT below {csat} (1–5)",
            "zh": "平均满意度（1–5）低于 {csat} 的受访客户",
        },
        "pain_name.dropout_before_decision": {
            "en": "dropout before decision",
            "zh": "决策前流失",
        },
        "pain_name.slow_first_response": {"en": "slow first response", "zh": "首次响应慢"},
        "pain_name.dissatisfied": {"en": "dissatisfied", "zh": "不满意"},
        "pain_plot_group": {"en": "group", "zh": "客户群"},
        "pain_plot_portfolio": {"en": "portfolio", "zh": "全行"},
        "pain_plot_title": {"en": "Groups with the sharpest pain points", "zh": "重点痛点客户群"},
        "pain_none": {
            "en": "No group is large enough to report.",
            "zh": "没有客户群达到可披露的规模。",
        },
        "pain_part": {
            "en": "**{group}** ({by}): {pain} {rate} against {overall} overall ({lift}×, 95% CI "
            "{low}–{high})",
            "zh": "**{group}**（{by}）：{pain} {rate}，全行为 {overall}（{lift}×，95% 置信区间 "
            "{low}–{high}）",
        },
        "pain_reading": {
            "en": "Sharpest pain points: {parts}. {clear} of {n} group × pain-point rates lie "
            "wholly above the portfolio rate (their 95% interval does not reach it).",
            "zh": "痛点最突出的客户群：{parts}。在 {n} 个客户群 × 痛点比率中，有 {clear} 个整体高于"
            "全行水平（其 95% 置信区间不含全行比率）。",
        },
    },
)
"""Every report sentence, label and heading of profiling/, by key."""
