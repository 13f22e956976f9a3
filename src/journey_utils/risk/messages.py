"""The risk reports' text in English and Chinese (readings, charts, step names): one catalog."""

from __future__ import annotations

from journey_utils.i18n import Messages

MESSAGES = Messages(
    "risk",
    {
        # report.py: step names (as a refusal note shows them)
        "step_name.pd_model": {"en": "PD model", "zh": "违约概率模型"},
        "step_name.demand_model": {"en": "Demand model", "zh": "融资需求模型"},
        "step_name.scorecard": {"en": "Scorecard and challenger", "zh": "评分卡与挑战模型"},
        "step_name.segment_pd": {"en": "Segment PD", "zh": "分群违约概率"},
        "step_name.pricing": {"en": "Pricing table", "zh": "定价表"},
        "step_name.startups": {"en": "Start-up comparison", "zh": "初创企业对比"},
        # book_study.py: the loan-book scorecard report
        "book_answer": {
            "en": "**Answer.** On {val} validation loans ({window}), the scorecard ranks defaults "
            "with an AUC of {auc} (Gini {gini}); the gradient-boosting challenger reaches {auc_c}, "
            "so the scorecard leaves {gap} AUC points on the table. It predicts a mean PD of "
            "{mean_pd} against {observed} observed ({calibration}). {grades}",
            "zh": "**结论。** 在 {val} 笔验证贷款（{window}）上，评分卡对违约排序的 AUC 为 {auc}"
            "（基尼系数 {gini}）；梯度提升挑战模型为 {auc_c}，评分卡与之相差 {gap} 个 AUC 点。"
            "预测平均违约概率为 {mean_pd}，实际为 {observed}（{calibration}）。{grades}",
        },
        "book_window.oot": {
            "en": "applied from {cut}, out of time",
            "zh": "{cut} 起申请，跨时间验证",
        },
        "book_window.random": {
            "en": "a seeded random 30%: the book has no date, so not out of time",
            "zh": "随机抽取的 30%：数据无日期，非跨时间验证",
        },
        "book_calibrated": {"en": "calibrated in the large, p = {p}", "zh": "总体校准，p = {p}"},
        "book_miscalibrated": {
            "en": "off in the large, p = {p}: recalibrate the intercept before use",
            "zh": "总体校准偏差显著，p = {p}：使用前需重新校准截距",
        },
        "book_recalibrated": {
            "en": "Shifted to the stated recent default rate of {rate} (ranks unchanged), the "
            "mean PD is {mean_pd} against {observed} observed (p = {p}).",
            "zh": "按设定的近期违约率 {rate} 调整水平后（排序不变），平均预测违约概率为 {mean_pd}，"
            "实际为 {observed}（p = {p}）。",
        },
        "list_separator": {"en": ", ", "zh": "、"},
        "book_grades_ordered": {
            "en": "Observed default rates rise with every grade.",
            "zh": "各等级的实际违约率随等级依次上升。",
        },
        "book_grades_broken": {
            "en": "Grade(s) {grades} break the order of observed default rates; pooled with "
            "their neighbours they read as {pooled}.",
            "zh": "等级 {grades} 的实际违约率不符合等级顺序；与相邻等级合并后为 {pooled}。",
        },
        "book_intake": {
            "en": "{rows} rows read: {accepted} loans accepted ({defaults} defaults), "
            "{quarantined} quarantined for the reasons below; {features} features, "
            "{selected} kept by the variable screen (information value, stability, "
            "correlation, sign).",
            "zh": "共读取 {rows} 行：接受 {accepted} 笔贷款（违约 {defaults} 笔），因下列原因隔离 "
            "{quarantined} 行；特征 {features} 个，"
            "经变量筛选（信息值、稳定性、相关性、符号）保留 {selected} 个。",
        },
        "screen.iv_below": {"en": "IV below {line}", "zh": "信息值低于 {line}"},
        "screen.thin": {
            "en": "every level under {share} of loans",
            "zh": "各类别的贷款占比均低于 {share}",
        },
        "screen.unstable_time": {
            "en": "unstable: its bins from the earlier half do not order the later half's risk "
            "(one-sided p ≥ 0.05)",
            "zh": "不稳定：按前一半贷款所分的箱无法对后一半贷款的风险保持同一排序（单侧 p ≥ 0.05）",
        },
        "screen.unstable_random": {
            "en": "unstable: its bins from one random half do not order the other half's risk "
            "(one-sided p ≥ 0.05)",
            "zh": "不稳定：按随机一半贷款所分的箱无法对另一半贷款的风险保持同一排序"
            "（单侧 p ≥ 0.05）",
        },
        "screen.correlated": {
            "en": "WoE correlates {r} with {partner} (stronger)",
            "zh": "WoE 与 {partner}（较强者）的相关系数为 {r}",
        },
        "screen.wrong_sign": {
            "en": "weight of the wrong sign ({w}) beside correlated features",
            "zh": "与相关特征并存时权重符号相反（{w}）",
        },
        "book_inferred": {
            "en": " Read as categories because their values are mostly text "
            "(loan_book.categorical was not given): {names}.",
            "zh": " 因取值多为文本而按类别处理（未给出 loan_book.categorical）：{names}。",
        },
        # report.py: readings
        "loan_book_reading": {
            "en": "{total} loans read, {left_out} left out for the reasons below, {modelled} "
            "modelled; {defaults} were charged off ({rate}). Approvals run from {first} to "
            "{last}.",
            "zh": "共读取 {total} 笔贷款，因下列原因剔除 {left_out} 笔，纳入模型 {modelled} 笔；"
            "其中 {defaults} 笔已核销（{rate}）。审批年份为 {first} 年至 {last} 年。",
        },
        "pd_model_reading": {
            "en": "Trained on {train} loans applied for before {cut}, the model ranks the {test} "
            "later loans with an AUC of {auc} (Gini {gini}, KS {ks}). It predicts a mean PD of "
            "{mean_pd} against {observed} observed; the largest decile gap is {gap} percentage "
            "points (decile {decile}).",
            "zh": "模型以 {cut} 之前申请的 {train} 笔贷款训练，对其后的 {test} 笔贷款排序的 AUC 为 "
            "{auc}（基尼系数 {gini}，KS {ks}）。预测平均违约概率为 {mean_pd}，实际违约率为 "
            "{observed}；各十分位中最大偏差为 {gap} 个百分点（第 {decile} 十分位）。",
        },
        "psi_reading": {
            "en": "Population stability index between training and later loans: {total} ({band}).",
            "zh": "训练样本与其后贷款之间的群体稳定性指数（PSI）：{total}（{band}）。",
        },
        "psi_band.stable": {"en": "stable", "zh": "稳定"},
        "psi_band.worth_watching": {"en": "worth watching", "zh": "值得关注"},
        "psi_band.shifted": {"en": "shifted: re-develop", "zh": "已发生偏移：需重新开发模型"},
        "downgraded_reading": {
            "en": "{n} clients were downgraded at the latest review.",
            "zh": "最近一次评级复核中共有 {n} 户客户被下调评级。",
        },
        # demand.py
        "demand_calibration_reading": {
            "en": "Predicted and observed 12-month application rates agree within {gap} "
            "percentage points in every decile (largest gap in decile {decile}: observed "
            "{observed}, predicted {predicted}).",
            "zh": "各十分位中，预测与实际的 12 个月申请率相差均不超过 {gap} 个百分点（最大偏差在第 "
            "{decile} 十分位：实际 {observed}，预测 {predicted}）。",
        },
        "demand_fit_reading": {
            "en": "The model learns from the quarterly snapshots of {fitted} clients; the "
            "snapshots of {held} other clients were held out to check its calibration.",
            "zh": "模型基于 {fitted} 户客户的季度快照拟合；另有 {held} 户客户的快照留作校准检验。",
        },
        "demand_check_note": {
            "en": " At this size the calibration check uses a seeded random sample of {held} "
            "clients rather than 30% of them (params `risk.demand_check_clients`).",
            "zh": "数据量较大时，校准检验按固定随机种子抽取 {held} 户客户，而非 30% 的客户"
            "（参数 `risk.demand_check_clients`）。",
        },
        "demand_sample_note": {
            "en": " At this size the fit uses a seeded random sample of {fitted} of the {train} "
            "training clients (params `risk.demand_fit_clients`); the other {rows} snapshots "
            "are left out of the fit but every client is scored.",
            "zh": "数据量较大时，模型从 {train} 户训练客户中按固定随机种子抽取 {fitted} 户拟合"
            "（参数 `risk.demand_fit_clients`）；其余 {rows} 条快照不参与拟合，"
            "但所有客户均参与评分。",
        },
        # loan_book.py
        "startup_more": {"en": "Start-ups default more", "zh": "初创企业违约更多"},
        "startup_less": {"en": "Start-ups default less", "zh": "初创企业违约更少"},
        "startup_no_difference": {
            "en": "No clear difference between start-ups and existing businesses",
            "zh": "初创企业与存续企业之间无明显差异",
        },
        "startup_reading": {
            "en": "{verdict}: {new_rate} of {new_loans} start-up loans charged off vs {old_rate} "
            "of {old_loans} existing-business loans, {diff} points ({level} interval {low} to "
            "{high}).",
            "zh": "{verdict}：{new_loans} 笔初创企业贷款中 {new_rate} 已核销，{old_loans} 笔存续"
            "企业贷款中为 {old_rate}，相差 {diff} 个百分点（{level} 置信区间 {low} 至 {high}）。",
        },
        # pd_model.py: calibration chart
        "calibration_diagonal": {"en": "calibrated", "zh": "完全校准"},
        "calibration_observed": {
            "en": "observed (95% interval)",
            "zh": "实际违约率（95% 置信区间）",
        },
        "calibration_x": {"en": "Predicted PD (decile mean)", "zh": "预测违约概率（十分位均值）"},
        "calibration_y": {"en": "Observed default rate", "zh": "实际违约率"},
        # pricing.py
        "pricing_in_line": {
            "en": "Today's offered rates are in line with the risk-based price in every group.",
            "zh": "各组当前报价利率均与风险定价相符。",
        },
        "pricing_under": {
            "en": "Priced below their risk (offered minus risk-based price): {groups}.",
            "zh": "定价低于其风险（报价利率减风险定价）：{groups}。",
        },
        "pricing_over": {
            "en": "Priced above their risk: {groups}.",
            "zh": "定价高于其风险：{groups}。",
        },
        "pricing_group": {"en": "{name} ({gap} bp)", "zh": "{name}（{gap} 基点）"},
        "pricing_group_sep": {"en": ", ", "zh": "、"},
        "pricing_sentence_sep": {"en": " ", "zh": ""},
        # rates.py: acceptance chart and elasticity reading
        "acceptance_x": {"en": "Spread over LPR (bp)", "zh": "相对LPR的利差(基点)"},
        "acceptance_y": {"en": "Predicted acceptance", "zh": "预测接受率"},
        "acceptance_group": {"en": "This group", "zh": "本组"},
        "acceptance_band": {"en": "95% interval", "zh": "95% 置信区间"},
        "acceptance_portfolio": {
            "en": "All fitted groups (weighted by offers)",
            "zh": "全部已拟合组（按报价数加权）",
        },
        "elasticity_none": {
            "en": "No group had enough offers with both answers to measure rate sensitivity.",
            "zh": "没有任何一组有足够的接受与拒绝报价来衡量利率敏感性。",
        },
        "elasticity_group": {
            "en": "{name} ({ame} pp per +10 bp, 95% CI {low} to {high})",
            "zh": "{name}（利差每 +10 基点接受率变化 {ame} 个百分点，95% 置信区间 {low} 至 "
            "{high}）",
        },
        "elasticity_one": {
            "en": "Only one group could be fitted: {most}.",
            "zh": "仅有一组可以拟合：{most}。",
        },
        "elasticity_two": {
            "en": "Most rate-sensitive: {most}; least: {least}.",
            "zh": "对利率最敏感：{most}；最不敏感：{least}。",
        },
        "elasticity_significant": {
            "en": " {n} of {fitted} fitted groups show a clearly negative slope.",
            "zh": "已拟合的 {fitted} 组中有 {n} 组斜率明显为负。",
        },
        "elasticity_skipped": {
            "en": " {n} group(s) not fitted (see the note column).",
            "zh": "{n} 组未拟合（见备注列）。",
        },
        # migration.py: chart
        "migration_x": {"en": "Class after", "zh": "期末等级"},
        "migration_y": {"en": "Class before", "zh": "期初等级"},
        "migration_title": {
            "en": "Rating migration (share of each row)",
            "zh": "等级迁移（行占比）",
        },
        # migration.py: reading
        "migration_span": {"en": "from {start} to {end}", "zh": "（{start} 至 {end}）"},
        "migration_share": {"en": "{share} {direction}", "zh": "{direction} {share}"},
        "migration_share_sep": {"en": ", ", "zh": "，"},
        "migration_first": {
            "en": "Across {n} re-assessments {span}: {parts}.",
            "zh": "共 {n} 次重新评级{span}：{parts}。",
        },
        "migration_down": {"en": " Downgrades outnumber upgrades.", "zh": "下调多于上调。"},
        "migration_up": {"en": " Upgrades outnumber downgrades.", "zh": "上调多于下调。"},
        "migration_new": {
            "en": " {new} first assessments (not in the earlier period) are not counted.",
            "zh": "另有 {new} 次首次评级（前一期没有）未计入。",
        },
        "direction.upgraded": {"en": "upgraded", "zh": "上调"},
        "direction.stable": {"en": "stable", "zh": "不变"},
        "direction.downgraded": {"en": "downgraded", "zh": "下调"},
        # watchlist.py: the grouping columns as words
        "group_noun.industry": {"en": "industry", "zh": "行业"},
        "group_noun.region": {"en": "region", "zh": "地区"},
        "group_noun.lifecycle_stage": {"en": "lifecycle stage", "zh": "生命周期阶段"},
        "group_noun.segment_name": {"en": "segment name", "zh": "客群"},
        "group_noun.segment": {"en": "segment", "zh": "客群"},
        "group_noun.grade_band": {"en": "grade band", "zh": "评级档次"},
        "group_noun.size_band": {"en": "size band", "zh": "企业规模"},
        "group_noun.ownership": {"en": "ownership", "zh": "所有制"},
        "group_noun.product": {"en": "product", "zh": "产品"},
        "group_noun.channel": {"en": "channel", "zh": "渠道"},
        # watchlist.py: reading
        "watchlist_tail": {
            "en": " {masked} {noun} group(s) with fewer than {limit} loans are not shown.",
            "zh": "此外，{masked} 个{noun}分组的贷款少于 {limit} 笔，未予展示。",
        },
        "watchlist_none_shown": {
            "en": "No {noun} group is large enough to publish.",
            "zh": "没有任何{noun}分组的规模足以公布。",
        },
        "watchlist_none_above": {
            "en": "No {noun} has an NPL rate credibly above the portfolio's {rate}; the highest "
            "is {top}.",
            "zh": "没有{noun}的不良贷款率显著高于全行的 {rate}；最高的是{top}。",
        },
        "watchlist_above": {
            "en": "{k} of {n} {noun} groups have an NPL rate credibly above the portfolio's "
            "{rate}: {groups}{more}.",
            "zh": "{n} 个{noun}分组中有 {k} 个的不良贷款率显著高于全行的 {rate}：{groups}{more}。",
        },
        "watchlist_more": {"en": " and {n} more", "zh": "；以及其他 {n} 个分组"},
        "watchlist_group_sep": {"en": "; ", "zh": "；"},
        "watchlist_describe": {
            "en": "{name} {rate} ({low}–{high}, {n} loans, {lift:.1f}× the portfolio)",
            "zh": "{name} {rate}（{low}–{high}，{n} 笔贷款，为全行的 {lift:.1f} 倍）",
        },
        # watchlist.py: chart
        "watchlist_portfolio_line": {"en": "Portfolio {rate}", "zh": "全行 {rate}"},
        "watchlist_x": {"en": "NPL rate (95% interval)", "zh": "不良贷款率（95% 置信区间）"},
        "watchlist_title": {"en": "NPL rate by {noun}", "zh": "不良贷款率：按{noun}"},
    },
)
"""Every text of the risk package in both report languages (ADR 0028)."""
