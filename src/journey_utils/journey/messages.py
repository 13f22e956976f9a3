"""Every report text of the journey stage (03) in English and Chinese: its message catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "journey",
    {
        # words the readings share ------------------------------------------------------------
        "clause_sep": {"en": "; ", "zh": "；"},
        "name_sep": {"en": ", ", "zh": "、"},
        "sentence_sep": {"en": " ", "zh": ""},
        "count.case": {"en": "{n} case", "zh": "{n} 个案件"},
        "count.cases": {"en": "{n} cases", "zh": "{n} 个案件"},
        "count.event": {"en": "{n} event", "zh": "{n} 条事件"},
        "count.events": {"en": "{n} events", "zh": "{n} 条事件"},
        "count.stage_event": {"en": "{n} stage event", "zh": "{n} 条阶段事件"},
        "count.stage_events": {"en": "{n} stage events", "zh": "{n} 条阶段事件"},
        "days": {"en": "{n} days", "zh": "{n} 天"},
        "days_unobserved": {
            "en": "more days than the data can show",
            "zh": "超出数据可观测范围的天数",
        },
        "points_difference": {"en": "{sign}{points:.1f} pp", "zh": "{sign}{points:.1f} 个百分点"},
        # readings: what the journey data holds ----------------------------------------------
        "event_log_reading": {
            "en": "This report reads a standard event log: **{events}** of **{cases}** {period}. "
            "{quarantined} were set aside by the input rules; the stage mapping set aside "
            "{ignored} of ignored activities and {lifecycle} lifecycle transitions that do not "
            "count; {outcome_only} only set the cases' outcomes; the other {staged} form {visits} "
            "stage visits, written as {rows} entered / completed rows. Every event is in exactly "
            "one of these groups.",
            "zh": "本报告读取一份标准事件日志：{period}，共 **{events}**，涉及 **{cases}**。"
            "输入规则剔除 {quarantined} 条；阶段映射剔除 {ignored} 条被忽略的活动和 "
            "{lifecycle} 条不计入的生命周期转换；{outcome_only} 条仅用于确定案件结果；"
            "其余 {staged} 条构成 {visits} 次阶段访问，记为 {rows} 行“进入 / 完成”记录。"
            "每条事件恰好属于其中一组。",
        },
        "unknown_activities_note": {
            "en": " **Activities the mapping does not name were quarantined:** {names}; map them "
            "under `event_log.stages` or `outcomes`, or list them under `ignore`.",
            "zh": "**映射中未列出的活动已被隔离：** {names}；请在 `event_log.stages` 或 `outcomes` "
            "中映射，或列入 `ignore`。",
        },
        "more_activities": {"en": "and {k} more", "zh": "+{k}"},
        "unused_activities_note": {
            "en": " Mapped in the params but absent from the log (check for a typo): {names}.",
            "zh": "参数中已映射但日志中不存在的活动（请检查拼写）：{names}。",
        },
        "portfolio_reading": {
            "en": "This report reads the integrated portfolio: **{cases}** with {events} {period}. "
            "The input rules set aside **{quarantined}** with a reason (table below); nothing "
            "else was dropped.",
            "zh": "本报告读取整合后的贷款组合数据：{period}，共 **{cases}**、{events}。输入规则剔除"
            "了 "
            "**{quarantined}** 并注明原因（见下表）；此外未删除任何数据。",
        },
        "data_period": {
            "en": "from {start:%d %b %Y} to {end:%d %b %Y}",
            "zh": "{start:%Y-%m-%d} 至 {end:%Y-%m-%d}",
        },
        "missing_stages_note": {
            "en": " The data records {k} of the six journey stages; {names} left no events, so "
            "they are absent from every chart below.",
            "zh": "数据记录了六个旅程阶段中的 {k} 个；{names}没有事件，因此不出现在下方任何图表中"
            "。",
        },
        "flagged_rule": {"en": "{rule}: {cases}", "zh": "{rule}：{cases}"},
        "flagged_rules_note": {
            "en": " Flagged but kept: {flags}.",
            "zh": "已标记但保留：{flags}。",
        },
        # readings: the funnel -----------------------------------------------------------------
        "single_stage_note": {
            "en": "The log has a single stage, so there is no funnel to read.",
            "zh": "日志只有一个阶段，无法解读漏斗。",
        },
        "funnel_reading": {
            "en": "Of **{first}** that began at {start}, **{end_share}** ended with the loan "
            "disbursed ({last}). The narrowest step is from {before} to {worst}: only {step} of "
            "cases get through (95% interval {low}–{high}).",
            "zh": "在从{start}开始的 **{first}**中，**{end_share}** 最终获得放款（{last}）。转化最"
            "窄的"
            "一步是从{before}到{worst}：仅 {step} 的案件通过（95% 置信区间 {low}–{high}）。",
        },
        "skipped_stages_note": {
            "en": "In this log more cases reach {names} than the stage before (cases skip stages), "
            "so those steps are counts, not conversions. ",
            "zh": "本日志中{names}的到达案件数多于上一阶段（案件会跳过阶段），这些步骤只显示案件数"
            "，"
            "不计算转化率。",
        },
        "no_outcome_note": {
            "en": "**The event-log mapping names no outcome**, so whether the **{first}** ended in "
            "a loan is unknown: the disbursement step is not read. ",
            "zh": "**事件日志映射未指定任何结果**，因此无法得知这 **{first}** 是否最终获得贷款；不"
            "解读"
            "放款这一步。",
        },
        "narrowest_step_note": {
            "en": "The narrowest step is from {before} to {worst}: {step} of cases get through. ",
            "zh": "转化最窄的一步是从{before}到{worst}：{step} 的案件通过。",
        },
        "disbursement_step": {"en": "disbursement", "zh": "放款"},
        "no_start_events_note": {
            "en": "This data set records no start and complete events per activity, so a stage's "
            "time cannot be split into working and waiting time.",
            "zh": "本数据集没有记录活动的开始和完成事件，因此无法把阶段用时拆分为作业时间和等待时间"
            "。",
        },
        # readings: two groups' funnels compared ----------------------------------------------
        "comparison_no_difference": {
            "en": "No step of the funnel differs significantly between {a} and {b} "
            "(Holm-corrected, 5% level).",
            "zh": "{a}与{b}之间，漏斗各步转化率均无显著差异（Holm 校正，5% 显著性水平）。",
        },
        "comparison_step": {
            "en": "{stage} {diff} (95% interval {low} to {high})",
            "zh": "{stage} {diff}（95% 置信区间 {low} 至 {high}）",
        },
        "comparison_reading": {
            "en": "Compared with {a}, cases of {b} convert differently at {k} step(s): {parts} "
            "(Holm-corrected, 5% level).",
            "zh": "与{a}相比，{b}的案件在 {k} 个步骤上转化率不同：{parts}"
            "（Holm 校正，5% 显著性水平）。",
        },
        # readings: drop-out -------------------------------------------------------------------
        "no_dropout_note": {
            "en": "No case has ended without a loan yet.",
            "zh": "尚无未获放款即结束的案件。",
        },
        "dropoff_reading": {
            "en": "{lost} ended without a loan. Most of them stopped at **{stage}** ({at_stage}, "
            "{share} of all drop-outs), mostly {outcome} ({outcome_cases}).",
            "zh": "{lost}未获放款即结束。其中最多停在**{stage}**（{at_stage}，占全部流失的 {share}"
            "），"
            "主要为{outcome}（{outcome_cases}）。",
        },
        "abandon_rule_note": {
            "en": " A case counts as abandoned after {days} days without activity.",
            "zh": "案件连续 {days} 天无活动即视为客户放弃。",
        },
        # readings: timing ---------------------------------------------------------------------
        "slowest_stage_note": {
            "en": "Before the decision, **{stage}** takes longest: median {median}, and one case "
            "in ten takes more than {p90}.",
            "zh": "在决策之前，**{stage}**用时最长：中位数 {median}，十分之一的案件超过 {p90}。",
        },
        "no_decision_median_note": {
            "en": "The median time from application to decision cannot be estimated yet: fewer "
            "than half of the cases have reached a decision.",
            "zh": "从申请到决策的中位用时尚无法估计：已作出决策的案件不足一半。",
        },
        "time_to_decision_note": {
            "en": "From application to decision takes a median of **{median}** (P75 {p75}, "
            "P90 {p90}).",
            "zh": "从申请到决策的中位用时为 **{median}**（P75 {p75}，P90 {p90}）。",
        },
        "censored_cases_note": {
            "en": "{censored} of {cases} had no decision yet or left first; they count as "
            "censored, not as lost.",
            "zh": "{cases}中有 {censored} 个尚无决策或已先行离开；它们按删失处理，不计为流失。",
        },
        "instant_stages_note": {
            "en": "The events of {names} are recorded in the same instant: 0 days there.",
            "zh": "{names}的事件记录在同一时刻：用时为 0 天。",
        },
        "survival_reading": {
            "en": "Time to decision {verdict} between {by} groups (log-rank χ² = {chi2:.1f}, "
            "{df} df, {p}).",
            "zh": "不同{by}组之间的决策用时{verdict}（log-rank χ² = {chi2:.1f}，自由度 {df}，{p}）"
            "。",
        },
        "survival_differs": {"en": "differs", "zh": "存在显著差异"},
        "survival_same": {"en": "does not differ significantly", "zh": "无显著差异"},
        "group_name.product": {"en": "product", "zh": "产品"},
        "group_name.channel": {"en": "channel", "zh": "渠道"},
        "group_name.form_version": {"en": "form version", "zh": "申请表版本"},
        # readings: paths and rework -----------------------------------------------------------
        "paths_reading": {
            "en": "The most common path ({variant}) covers {share} of cases; the top {k} paths "
            "cover {top_share}.",
            "zh": "最常见的路径（{variant}）覆盖 {share} 的案件；前 {k} 条路径合计覆盖 {top_share}"
            "。",
        },
        "no_rework_note": {
            "en": " No case went back to an earlier stage.",
            "zh": "没有案件退回到之前的阶段。",
        },
        "rework_note": {
            "en": " Rework is highest at **{stage}**: {share} of cases there go through it again, "
            "adding a median {days}.",
            "zh": "**{stage}**的返工率最高：该阶段 {share} 的案件需重新办理，中位多用 {days}。",
        },
        "other_paths": {"en": "other variants", "zh": "其他路径"},
        # readings: cohorts --------------------------------------------------------------------
        "cohort_return_share": {
            "en": "{share} within {k} months ({n} cohorts observed)",
            "zh": "{k} 个月内 {share}（观察到 {n} 个客户群）",
        },
        "cohort_reading": {
            "en": "Clients who come back for new financing after their first loan: {parts}.",
            "zh": "首笔贷款后再次申请新融资的客户比例：{parts}。",
        },
        "no_cohort_note": {
            "en": "No cohort has been followed long enough to read a return rate yet.",
            "zh": "尚无客户群的跟踪期足以计算回头率。",
        },
        # readings: drivers of drop-out --------------------------------------------------------
        "driver_effect": {
            "en": "{driver} {direction} the odds of dropping out by {effect:.0f}% (95% interval "
            "{low} to {high})",
            "zh": "{driver}使流失优势{direction} {effect:.0f}%（95% 置信区间 {low} 至 {high}）",
        },
        "driver_raises": {"en": "raises", "zh": "提高"},
        "driver_lowers": {"en": "lowers", "zh": "降低"},
        "driver_maturity": {
            "en": ", started at least {days} days before the as-of date",
            "zh": "，均在数据截止日前至少 {days} 天开始",
        },
        "unit_days": {"en": " (days)", "zh": "（天）"},
        "drivers_reading": {
            "en": "{parts}. Each driver is estimated with the others held fixed, by a logistic "
            "model of {n} mature cases ({events} drop-outs{age}).",
            "zh": "{parts}。各驱动因素的影响在其他因素不变的情况下估计，所用逻辑回归模型基于 {n} "
            "个成熟案件（{events} 个流失{age}）。",
        },
        # readings: satisfaction ---------------------------------------------------------------
        "satisfaction_reading": {
            "en": "Satisfaction is lowest at **{stage}** (mean CSAT {csat:.2f} of 5, NPS "
            "{nps:.0f}).",
            "zh": "客户满意度在**{stage}**最低（CSAT 均值 {csat:.2f}，满分 5；NPS {nps:.0f}）。",
        },
        "satisfaction_gap": {
            "en": " Clients whose loan was disbursed rate the journey {gap:.2f} points higher than"
            " declined clients.",
            "zh": "获得放款的客户对旅程的评分比被银行拒绝的客户高 {gap:.2f} 分。",
        },
        # funnel charts ------------------------------------------------------------------------
        "funnel_title": {"en": "Journey funnel", "zh": "客户旅程漏斗"},
        "funnel_axis_cases": {"en": "cases", "zh": "案件数"},
        "funnel_axis_cumulative": {
            "en": "share of cases reaching the first stage",
            "zh": "累计转化率",
        },
        "funnel_step_disbursed": {"en": "Disbursed", "zh": "已放款"},
        "funnel_bar_skipped": {
            "en": "  (more than previous)",
            "zh": "  （多于上一步：有阶段被跳过）",
        },
        "funnel_bar_step": {"en": "  ({share} of previous)", "zh": "  （上一步的 {share}）"},
        "funnel_legend.channel": {"en": "channel", "zh": "渠道"},
        "funnel_legend.product": {"en": "product", "zh": "产品"},
        "funnel_legend.form_version": {"en": "form_version", "zh": "申请表版本"},
        "funnel_legend.region": {"en": "region", "zh": "地区"},
        "comparison_title": {"en": "Funnel comparison", "zh": "漏斗对比"},
        "points_change": {"en": "{points:+.1f} pp{star}", "zh": "{points:+.1f} 个百分点{star}"},
        "comparison_groups": {"en": "{b} vs {a}", "zh": "{b} 对比 {a}"},
        "comparison_masks": {"en": "b vs a", "zh": "b 对比 a"},
        "comparison_axis.step": {
            "en": "difference in step conversion, {who}",
            "zh": "逐步转化率差异，{who}",
        },
        "comparison_axis.cumulative": {
            "en": "difference in cumulative conversion, {who}",
            "zh": "累计转化率差异，{who}",
        },
        "funnel_matrix_title": {
            "en": "Share of each group's cases reaching the stage",
            "zh": "各组到达各阶段的比例",
        },
        # flow chart ---------------------------------------------------------------------------
        "flow_title": {"en": "How cases move through the journey", "zh": "客户旅程流向"},
        # drop-off chart -----------------------------------------------------------------------
        "dropoff_axis_share": {
            "en": "Share of cases that reached the stage",
            "zh": "占到达该阶段案件的比例",
        },
        "dropoff_axis_stage": {"en": "Furthest stage reached", "zh": "到达的最远阶段"},
        # timing charts ------------------------------------------------------------------------
        "survival_axis_days": {"en": "Days", "zh": "天数"},
        "survival_axis_waiting": {"en": "Share still waiting", "zh": "仍在等待的比例"},
        "survival_median": {"en": "median {days:.1f}", "zh": "中位数 {days:.1f}"},
        "survival_legend_median": {
            "en": "{name} · median {days:.1f} days",
            "zh": "{name} · 中位数 {days:.1f} 天",
        },
        "survival_legend_open": {
            "en": "{name} · median not reached",
            "zh": "{name} · 未降至一半（无中位数）",
        },
        "stage_days_axis": {
            "en": "Days in stage (KM median, 95% CI; ◇ P90)",
            "zh": "阶段天数（KM 中位数，95% 置信区间；◇ P90）",
        },
        # cohort chart -------------------------------------------------------------------------
        "cohort_axis_months": {"en": "Months since first disbursement", "zh": "首次放款后的月数"},
        "cohort_axis_cohort": {
            "en": "Cohort (month of first disbursement)",
            "zh": "客户群（首次放款月份）",
        },
        "cohort_share": {"en": "Share come back for new financing", "zh": "再次申请融资的比例"},
        # drivers: names and chart -------------------------------------------------------------
        "driver_name.n_form_fields_per_10": {"en": "+10 form fields", "zh": "表单字段 +10 个"},
        "driver_name.first_response_days": {
            "en": "+1 day to first response",
            "zh": "首次响应 +1 天",
        },
        "driver_name.personalised": {"en": "personalised offer", "zh": "个性化报价"},
        "driver_name.used_rate_calculator": {"en": "used rate calculator", "zh": "使用利率计算器"},
        "driver_name.documents_requested": {"en": "+1 document requested", "zh": "要求文件 +1 份"},
        "drivers_title": {
            "en": "What drives drop-out: odds ratio ({pct}% CI)",
            "zh": "流失驱动因素：优势比（{pct}% 置信区间）",
        },
        "drivers_axis": {
            "en": "odds ratio of drop-out (log scale, 1 = no effect)",
            "zh": "流失优势比（对数刻度，1 = 无影响）",
        },
        # satisfaction chart -------------------------------------------------------------------
        "satisfaction_axis.csat": {"en": "mean CSAT (1–5)", "zh": "平均满意度（1–5）"},
        "satisfaction_axis.satisfied": {
            "en": "satisfied (CSAT ≥ 4)",
            "zh": "满意占比（CSAT ≥ 4）",
        },
        "satisfaction_axis.nps": {"en": "NPS (−100 to 100)", "zh": "净推荐值 NPS"},
        "satisfaction_title": {
            "en": "Client satisfaction by {what} ({pct}% CI)",
            "zh": "{what}的客户满意度（{pct}% 置信区间）",
        },
        "satisfaction_by.stage": {"en": "journey stage", "zh": "各旅程阶段"},
        "satisfaction_by.outcome": {"en": "outcome", "zh": "不同结果"},
        "satisfaction_by_column": {"en": "{by}", "zh": "按 {by}"},
        "unknown_group": {"en": "unknown", "zh": "未知"},
        # sections the data set may not offer (notebook 03) ------------------------------------
        "no_published_figures_note": {
            "en": "This data set states no published figures to compare against.",
            "zh": "本数据集没有可供对照的公开数据。",
        },
        "published_source": {"en": "Source: {source}", "zh": "来源: {source}"},
        "no_channel_note": {
            "en": "This data set records no channel.",
            "zh": "本数据集未记录渠道。",
        },
        "no_segments_note": {
            "en": "No client segments have been saved for this data set yet.",
            "zh": "本数据集尚未保存客户分群。",
        },
        "no_form_versions_note": {
            "en": "This data set has no two form versions to compare.",
            "zh": "本数据集没有可比较的两个申请表版本。",
        },
        "no_returning_clients_note": {
            "en": "Each client has a single case in this data set, so there are no returning "
            "clients to follow.",
            "zh": "本数据集中每位客户只有一个案件，没有可跟踪的回头客户。",
        },
        "no_driver_data_note": {
            "en": "This data set has no application details or digital events, so the pain-point "
            "drivers cannot be measured.",
            "zh": "本数据集没有申请明细或线上行为事件，无法测量痛点驱动因素。",
        },
        "driver_model_not_fitted": {
            "en": "The driver model was not fitted: {reason}",
            "zh": "驱动因素模型未能拟合: {reason}",
        },
        "no_surveys_note": {
            "en": "This data set has no satisfaction surveys.",
            "zh": "本数据集没有满意度调查。",
        },
    },
)
"""The journey stage's report text by key, each in every report language (ADR 0028)."""
