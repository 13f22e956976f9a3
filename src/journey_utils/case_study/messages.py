"""The case-study report's text in English and Chinese (verdicts, readings, charts): one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "case_study",
    {
        # outcomes.py: outcome names and the units of their values
        "outcome_name.completion": {"en": "Application completion", "zh": "申请完成率"},
        "outcome_name.time_to_decision": {"en": "Time to decision", "zh": "审批决定用时"},
        "outcome_name.csat_application": {"en": "CSAT at application", "zh": "申请阶段满意度"},
        "outcome_name.approval_time": {"en": "Approval time", "zh": "审批用时"},
        "outcome_name.acceptance": {"en": "Offer acceptance", "zh": "要约接受率"},
        "outcome_name.npl_12m": {"en": "NPL by 12 months on book", "zh": "放款后12个月内不良率"},
        "outcome_name.npl_6m": {"en": "NPL by 6 months on book", "zh": "放款后6个月内不良率"},
        "outcome_unit.pp": {"en": "pp", "zh": "个百分点"},
        "outcome_unit.days": {"en": "days", "zh": "天"},
        "outcome_unit.points": {"en": "points", "zh": "分"},
        # verdict.py: verdict words and sentences
        "verdict_kind.found": {"en": "effect found", "zh": "发现效应"},
        "verdict_kind.none": {"en": "no detectable effect", "zh": "未发现可检测的效应"},
        "verdict_kind.unmeasurable": {"en": "cannot be measured", "zh": "无法衡量"},
        "verdict_kind.uncertain": {
            "en": "effect uncertain: pre-trends",
            "zh": "效应不确定：事前趋势",
        },
        "verdict_uncertain": {
            "en": "{name}: effect uncertain, {est} {unit} (95% interval {lo} to {hi}), because the "
            "treated and control units already moved apart before the start (pre-trend test "
            "p = {p}): the estimate cannot be told apart from that drift.",
            "zh": "{name}：效应不确定，估计 {est} {unit}（95%区间 {lo} 至 {hi}），"
            "因为实施组与对照组在开始之前已出现分化（事前趋势检验 p = {p}），"
            "估计值无法与这种分化区分开。",
        },
        "verdict_unmeasurable": {
            "en": "{name}: cannot be measured — {reason}.",
            "zh": "{name}：无法衡量——{reason}。",
        },
        "verdict_found": {
            "en": "{name}: effect found, {est} {unit} (95% interval {lo} to {hi}).",
            "zh": "{name}：发现效应，估计 {est} {unit}（95%区间 {lo} 至 {hi}）。",
        },
        "verdict_none": {
            "en": "{name}: no detectable effect, {est} {unit}; the 95% interval {lo} to {hi} "
            "includes zero.",
            "zh": "{name}：未发现可检测的效应，估计 {est} {unit}，95%区间 {lo} 至 {hi} 包含零。",
        },
        # verdict.py: why an outcome cannot be measured (the English is the CaseStudyError's
        # message, matched by verdict.REASON_PATTERNS; the fields are the pattern's groups)
        "reason.no_cases": {
            "en": "no cases of this outcome in the data",
            "zh": "数据中没有该结果指标的案件",
        },
        "reason.start_outside": {
            "en": "start {start} is outside the data (cases from {lo} to {hi})",
            "zh": "开始日期 {start} 不在数据范围内（案件日期为 {lo} 至 {hi}）",
        },
        "reason.no_treated_case": {
            "en": "no case of the treated units {units}",
            "zh": "实施单位 {units} 没有任何案件",
        },
        "reason.unknown_treated_unit": {
            "en": "treated unit {value} matches no unit in the data (valid: {units})",
            "zh": "实施单位 {value} 在数据中不存在（有效值：{units}）",
        },
        "reason.unknown_control_unit": {
            "en": "control unit {value} matches no unit in the data (valid: {units})",
            "zh": "对照单位 {value} 在数据中不存在（有效值：{units}）",
        },
        "reason.no_control_cases": {
            "en": "no control units with cases: give control units or use design its",
            "zh": "对照单位没有案件：请指定对照单位或改用中断时间序列设计",
        },
        "reason.few_pre_periods": {
            "en": "only {n} pre-periods with treated cases (minimum {m})",
            "zh": "实施组仅有 {n} 个干预前期有案件（至少需要 {m} 个）",
        },
        "reason.not_mature": {
            "en": "no treated case after the start is mature by as_of (a case counts {d} days "
            "after it starts)",
            "zh": "截至数据日期，干预开始后的实施组案件尚未成熟（案件在开始 {d} 天后才计入）",
        },
        "reason.npl_not_mature": {
            "en": "no loan of a treated case after the start is {m} months on book by as_of "
            "(the early credit outcome reads it sooner)",
            "zh": "截至数据日期，干预开始后的实施组贷款均未满 {m} 个月账龄"
            "（早期信用结果可更早读出）",
        },
        "reason.few_first_events": {
            "en": "only {n} first NPLs among comparable loans (need {m})",
            "zh": "可比贷款中仅有 {n} 笔首次不良（至少需要 {m} 笔）",
        },
        "reason.no_loan_on_book": {
            "en": "no treated loan after the start has a month on book yet",
            "zh": "干预开始后的实施组贷款尚无账龄数据",
        },
        "reason.segment_table_needed": {
            "en": "unit 'segment' needs the segment table (client_id, segment)",
            "zh": "以客户分群为单位需要分群表（client_id、segment）",
        },
        "reason.no_saved_segments": {
            "en": "no saved segments: run the segmentation report first",
            "zh": "尚无已保存的客户分群：请先运行客户分群报告",
        },
        "reason.did_needs_both": {
            "en": "DiD needs cases of both treated and control units",
            "zh": "双重差分需要实施组和对照组两方的案件",
        },
        "reason.no_treated_after": {
            "en": "no treated case after the start",
            "zh": "干预开始后没有实施组案件",
        },
        "reason.too_few_cases": {
            "en": "too few cases: {n} for {k} unit and period effects (need at least {m} more "
            "cases than effects)",
            "zh": "案件太少：{n} 个案件对应 {k} 个单位和期间效应（案件数需比效应数至少多 {m} 个）",
        },
        "reason.no_pre_period": {
            "en": "no pre-period besides the reference: cannot test pre-trends",
            "zh": "除参照期外没有干预前期：无法检验事前趋势",
        },
        "reason.before_after_needs_both": {
            "en": "before/after needs treated cases both before and after",
            "zh": "前后对比需要实施组在干预前后都有案件",
        },
        "reason.its_needs_periods": {
            "en": "ITS needs {m}+ pre-periods and a post-period (has {n} pre)",
            "zh": "中断时间序列需要至少 {m} 个干预前期和一个干预后期（现有 {n} 个干预前期）",
        },
        # naive.py: the methods compared and why they differ
        "method.naive": {"en": "Naive before/after", "zh": "简单前后对比"},
        "method.did": {"en": "Difference-in-differences", "zh": "双重差分"},
        "method.twfe": {
            "en": "Two-way fixed effects (one start assumed per unit)",
            "zh": "双向固定效应（按各单位自身开始时间）",
        },
        "method.imputation": {
            "en": "Imputation (robust to staggered starts)",
            "zh": "插补估计（适用于分批实施）",
        },
        "method.its": {"en": "Interrupted time series", "zh": "中断时间序列"},
        "method.did_wild": {
            "en": "Difference-in-differences (wild cluster bootstrap)",
            "zh": "双重差分（野聚类自助法）",
        },
        "method.did_analytic": {
            "en": "Difference-in-differences (clustered standard errors)",
            "zh": "双重差分（聚类稳健标准误）",
        },
        "few_clusters_note": {
            "en": "With only {clusters} units, clustered standard errors are too narrow, so the "
            "interval and p-value of the verdict come from a wild cluster bootstrap ({draws} "
            "draws, Webb weights, the null imposed). Moving the treatment across the units "
            "({assignments} assignments) gives a randomization p-value of {ri_p}.",
            "zh": "仅有 {clusters} 个单位时，聚类稳健标准误会偏窄，"
            "因此结论中的区间和 p 值来自野聚类自助法"
            "（{draws} 次抽样，Webb 权重，施加原假设）。"
            "在各单位之间重新分配处理（{assignments} 种分配）"
            "得到的随机化推断 p 值为 {ri_p}。",
        },
        "naive_vs_did": {
            "en": "The naive before/after ({naive}{u}) includes the change every unit saw over "
            "the same time ({common}{u}, e.g. trends); DiD removes it using the control units, "
            "leaving {did}{u}.",
            "zh": "简单前后对比为 {naive}{u}，其中包含同期所有单位共有的变化"
            "（{common}{u}，如时间趋势）；双重差分用对照组扣除这部分后为 {did}{u}。",
        },
        "staggered_note": {
            "en": "The intervention reached the units in {waves} waves ({starts}). Two-way fixed "
            "effects would compare later waves with units already treated: {share} of its "
            "weight rests on such comparisons (Goodman-Bacon decomposition of the timing of "
            "{units} units), which misleads when the effect grows or fades with "
            "time. The verdict therefore rests on the imputation estimate: each treated case is "
            "compared with the outcome predicted for it from units and periods not yet treated.",
            "zh": "该干预分 {waves} 批推开（{starts}）。"
            "双向固定效应会拿较晚批次与已实施的单位比较："
            "其权重中有 {share} 来自这类比较（基于 {units} 个单位实施时间的 Goodman-Bacon "
            "分解），当效应随时间增减时会产生偏差。因此结论采用插补估计：每个已实施案件与根据"
            "尚未实施的单位和时期预测的结果相比较。",
        },
        # did.py: the pre-trend check
        "parallel_trends": {
            "en": "Parallel trends {verdict}: {tested}, gap drifting {slope} per period before "
            "the start",
            "zh": "平行趋势假设{verdict}：{tested}；干预前两组差距每期变动 {slope}",
        },
        "parallel_trends_violated": {"en": "look violated", "zh": "可能不成立"},
        "parallel_trends_plausible": {"en": "look plausible", "zh": "基本成立"},
        "pre_trend_joint_test": {
            "en": "pre-period effects jointly p = {p} ({n_pre} periods)",
            "zh": "干预前各期效应联合检验 p = {p}（{n_pre} 期）",
        },
        "pre_trend_slope_test": {
            "en": "{n_units} units: too few for a joint test; pre-trend slope p = {p}",
            "zh": "仅 {n_units} 个单位，不足以做联合检验；干预前趋势斜率 p = {p}",
        },
        # did.py: event-study chart
        "event_study_x": {
            "en": "Periods since the start (reference: {ref})",
            "zh": "相对干预开始的期数（参照期：{ref}）",
        },
        "event_study_x_own_start": {
            "en": "Periods since each unit's own start (effect against the imputed path)",
            "zh": "相对各单位自身开始时间的期数（相对插补路径的效应）",
        },
        "effect_axis": {"en": "Effect", "zh": "效应"},
        "units_used": {
            "en": "Measured on {treated} treated and {control} control {noun}, {cases} cases.",
            "zh": "基于实施组 {treated} 个{noun}和对照组 {control} 个{noun}，共 {cases} 个案件。",
        },
        "no_pre_trend_test": {
            "en": "Pre-trends cannot be tested: no treated unit has enough months before its "
            "start.",
            "zh": "无法检验事前趋势：没有实施单位在其开始前有足够的月份。",
        },
        "imputation_left_out": {
            "en": "{n} treated cases are left out: their unit or month has fewer than two "
            "untreated cases to predict their untreated outcome from.",
            "zh": "{n} 个实施组案件未纳入：其所在单位或月份的未实施案件少于两个，无法据以预测。",
        },
        "covariates_used": {
            "en": "Compared like with like: adjusted for {names} at each case's start; {left} "
            "cases without them are left out.",
            "zh": "同类相比：已按每个案件开始时的{names}调整；缺少这些信息的 {left} 个案件未纳入。",
        },
        "list_separator": {"en": ", ", "zh": "、"},
        "covariate_name.firm_age_years": {"en": "firm age", "zh": "企业年龄"},
        "covariate_name.employees_log": {"en": "employees", "zh": "员工人数"},
        "covariate_name.leverage": {"en": "leverage", "zh": "资产负债率"},
        "covariate_name.interest_cover_log": {"en": "interest cover", "zh": "利息保障倍数"},
        "unit_suffix": {"en": " ({unit})", "zh": "（{unit}）"},
        "event_study_title": {
            "en": "Event study: effect by period, 95% interval",
            "zh": "事件研究：各期效应及95%区间",
        },
        # its.py: interrupted-time-series chart
        "its_means": {"en": "Treated units, period mean", "zh": "实施组各期均值"},
        "its_fit": {"en": "Segmented fit", "zh": "分段回归"},
        "its_pre_trend": {"en": "Pre-trend carried on", "zh": "无干预的延续"},
        "its_x": {"en": "Periods since the start", "zh": "相对干预开始的期数"},
        "its_title": {"en": "Interrupted time series", "zh": "中断时间序列"},
        # report.py: table headers (the English is what `humanise` makes of the column)
        "header.outcome": {"en": "Outcome", "zh": "结果指标"},
        "header.verdict": {"en": "Verdict", "zh": "结论"},
        "header.estimate": {"en": "Estimate", "zh": "估计值"},
        "header.ci_low": {"en": "CI low", "zh": "95%区间下限"},
        "header.ci_high": {"en": "CI high", "zh": "95%区间上限"},
        "header.unit": {"en": "Unit", "zh": "单位"},
        "header.method": {"en": "Method", "zh": "方法"},
        "header.p_value": {"en": "P value", "zh": "p 值"},
        "header.n_cases": {"en": "N cases", "zh": "案件数"},
        # report.py: what was done, where and when
        "intervention_reading": {
            "en": "**{title}** started on {start} in {n} treated {noun}; compared with {base}, by "
            "{period}, {window}.",
            "zh": "**{title}** 于 {start} 在 {n}{noun}实施；{base}，按{period}比较，{window}。",
        },
        "unit_noun.branch_id": {"en": "branches", "zh": "家分行"},
        "unit_noun.segment": {"en": "segments", "zh": "个客户分群"},
        "control_all.branch_id": {"en": "all other branches", "zh": "对照组为其余全部分行"},
        "control_all.segment": {"en": "all other segments", "zh": "对照组为其余全部客户分群"},
        "control_some.branch_id": {"en": "{n} control branches", "zh": "对照组为 {n}家分行"},
        "control_some.segment": {"en": "{n} control segments", "zh": "对照组为 {n}个客户分群"},
        # credit.py: the early credit outcome (vintages, hazard)
        "early_credit": {"en": "early credit outcome", "zh": "早期信用结果"},
        "early_credit_none": {
            "en": "This intervention has no credit outcome (no NPL among its outcomes).",
            "zh": "该干预的结果指标中没有不良率，因此不做信用结果分析。",
        },
        "early_credit_error": {
            "en": "The first-NPL hazard cannot be estimated: {reason}.",
            "zh": "无法估计首次不良的风险比：{reason}。",
        },
        "hazard_reading": {
            "en": "**Hazard of a first NPL:** after the start, loans of the treated {noun} "
            "became NPL at **{ratio}** times the monthly rate their own trend and the change "
            "in the control {noun} imply (95% interval {low} to {high}, p = {p}; below 1 "
            "means fewer defaults). Treated loans after the start have been followed for up "
            "to {months} months on book, so this reads the credit effect before loans are a "
            "year old. Based on {loans} loans ({treated} treated and {control} control {noun}) "
            "and {events} first NPLs.",
            "zh": "**首次不良风险率：** 干预开始后，实施组{noun}的贷款每月成为不良的比率是按其"
            "自身趋势和对照组{noun}同期变化推算值的 **{ratio}** 倍（95%置信区间 {low} 至 "
            "{high}，p = {p}；小于1表示不良更少）。干预开始后的实施组贷款最长已观察 {months} "
            "个月账龄，因此可在贷款满一年之前读出信用影响。基于 {loans} 笔贷款（实施组 "
            "{treated} 个{noun}、对照组 {control} 个{noun}）和 {events} 笔首次不良。",
        },
        "hazard_method": {
            "en": "*Method: a discrete-time hazard (complementary log-log) over the months each "
            "loan was at risk, with effects for month on book, unit and start month{cov}; "
            "{used} of the loans sit in months on book, units and start months with at least "
            "one NPL (the rest carry no information on the ratio). Errors clustered by unit, "
            "t with (units − 1) degrees of freedom.*",
            "zh": "*方法：对每笔贷款处于风险中的各月做离散时间风险模型（互补双对数），控制账龄、"
            "单位和申请月份的效应{cov}；其中 {used} 笔贷款位于至少有一笔不良的账龄、单位和"
            "申请月份中（其余对风险比不提供信息）。标准误按单位聚类，自由度为单位数减一。*",
        },
        "hazard_covariates": {"en": " and {names}", "zh": "以及{names}"},
        "vintage_curve_note": {
            "en": "*Curves stop where fewer than {n} loans remain on the book, so a last jump "
            "never rests on a handful of loans.*",
            "zh": "*在账贷款少于 {n} 笔时曲线即截止，避免末端跳动只由少数贷款造成。*",
        },
        "months_on_book": {
            "en": "Months on book (0 = month of disbursement)",
            "zh": "账龄（月，0 = 放款当月）",
        },
        "vintage_axis.npl": {"en": "Loans that became NPL (%)", "zh": "已成为不良的贷款（%）"},
        "vintage_axis.dpd30": {
            "en": "Loans 30+ days past due (%)",
            "zh": "逾期30天以上的贷款（%）",
        },
        "vintage_title.npl": {
            "en": "Vintage curves: cumulative NPL by month on book",
            "zh": "账龄曲线：按账龄累计不良率",
        },
        "vintage_title.dpd30": {
            "en": "Vintage curves: cumulative 30+ days past due by month on book",
            "zh": "账龄曲线：按账龄累计逾期30天以上比例",
        },
        "vintage_title.quarter": {
            "en": "Vintage curves by disbursement quarter: cumulative NPL",
            "zh": "按放款季度的账龄曲线：累计不良率",
        },
        "vintage_legend.quarter": {"en": "Disbursed", "zh": "放款季度"},
        "vintage_group.treated_post": {
            "en": "treated {noun}, applied from {start}",
            "zh": "实施组{noun}，{start}起申请",
        },
        "vintage_group.treated_pre": {
            "en": "treated {noun}, applied before",
            "zh": "实施组{noun}，此前申请",
        },
        "vintage_group.control_post": {
            "en": "control {noun}, applied from {start}",
            "zh": "对照组{noun}，{start}起申请",
        },
        "vintage_group.control_pre": {
            "en": "control {noun}, applied before",
            "zh": "对照组{noun}，此前申请",
        },
        "unit_word.branch_id": {"en": "branches", "zh": "分行"},
        "unit_word.segment": {"en": "segments", "zh": "客户分群"},
        "unit_word.industry": {"en": "industries", "zh": "行业"},
        "unit_word.region": {"en": "regions", "zh": "区域"},
        "unit_word.ownership": {"en": "ownership types", "zh": "所有制类型"},
        "unit_noun.industry": {"en": "industries", "zh": "个行业"},
        "control_all.industry": {"en": "all other industries", "zh": "对照组为其余全部行业"},
        "control_some.industry": {"en": "{n} control industries", "zh": "对照组为 {n}个行业"},
        "unit_noun.region": {"en": "regions", "zh": "个区域"},
        "control_all.region": {"en": "all other regions", "zh": "对照组为其余全部区域"},
        "control_some.region": {"en": "{n} control regions", "zh": "对照组为 {n}个区域"},
        "unit_noun.ownership": {"en": "ownership types", "zh": "类所有制"},
        "control_all.ownership": {
            "en": "all other ownership types",
            "zh": "对照组为其余全部所有制类型",
        },
        "control_some.ownership": {
            "en": "{n} control ownership types",
            "zh": "对照组为 {n}类所有制",
        },
        "no_control_group": {
            "en": "no control group (interrupted time series)",
            "zh": "无对照组（中断时间序列）",
        },
        "period.month": {"en": "month", "zh": "月"},
        "period.quarter": {"en": "quarter", "zh": "季度"},
        "window_periods": {
            "en": "{pre} {period}s before and {post} from the start",
            "zh": "开始前 {pre} 个{period}、开始后 {post} 个{period}",
        },
        "window_dates": {"en": "from {first} to {last}", "zh": "自 {first} 至 {last}"},
    },
)
"""Every text of the case-study package in both report languages (ADR 0028)."""
