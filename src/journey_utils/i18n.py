"""Report language: the words every notebook shares (headings, KPI names, verdicts) and display
names of codes, in English or Chinese, chosen by `params.lang`.

One dictionary, so a heading reads the same in every report and a translation is made once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from string import Formatter

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.vocabulary import (
    BAND_LABELS,
    CODE_WORDS,
    LIFECYCLE_LABELS,
    OUTCOME_LABELS,
    code_words,
    outcome_label,
    stage_label,
)

LANGS: tuple[str, ...] = ("en", "zh")
"""Report languages (RunParams.lang)."""

TEXT: dict[str, dict[str, str]] = {
    # sections used across notebooks
    "summary": {"en": "Run summary", "zh": "运行摘要"},
    "headline_figures": {"en": "Headline figures", "zh": "关键指标"},
    "trend": {"en": "The last 12 months", "zh": "近 12 个月走势"},
    "data_checks": {"en": "Data checks", "zh": "数据检查"},
    "data_quality": {"en": "Data quality", "zh": "数据质量"},
    "client_profile": {"en": "Client profile", "zh": "客户画像"},
    "client_journey": {"en": "Client journey", "zh": "客户旅程"},
    "funnel": {"en": "The funnel: how far cases get", "zh": "漏斗：案件走到哪一步"},
    "dropout": {"en": "Where and when cases drop out", "zh": "案件在何处、何时流失"},
    "timing": {"en": "How long each stage takes", "zh": "各阶段用时"},
    "satisfaction": {"en": "Satisfaction", "zh": "客户满意度"},
    "segments": {"en": "Client segments", "zh": "客户分群"},
    "segment_map": {"en": "The segment map", "zh": "分群地图"},
    "risk": {"en": "Risk", "zh": "风险"},
    "risk_watchlist": {"en": "Risk watchlist", "zh": "风险观察名单"},
    "case_study": {"en": "Case study", "zh": "案例研究"},
    "method": {"en": "Method", "zh": "方法"},
    "assumptions": {"en": "Assumptions", "zh": "假设"},
    "reading": {"en": "Reading", "zh": "解读"},
    "full_report": {"en": "Full report", "zh": "完整报告"},
    "in_short": {"en": "In short", "zh": "要点"},
    "no_case_study": {
        "en": "No case study has been run for this data set yet.",
        "zh": "本数据集尚未运行案例研究。",
    },
    "data_behind": {"en": "The numbers behind the chart", "zh": "图表背后的数据"},
    # phrases
    "masked": {"en": "masked: fewer than {n} clients", "zh": "已隐藏：客户少于 {n} 户"},
    "n_clients": {"en": "{n} clients", "zh": "{n} 户客户"},
    "as_of": {"en": "Data as of {date}", "zh": "数据截至 {date}"},
    "interval": {"en": "95% interval", "zh": "95% 置信区间"},
    "interval_range": {"en": "{low} to {high}", "zh": "{low} 至 {high}"},
    "estimate": {"en": "Estimate", "zh": "估计值"},
    "naive_difference": {"en": "Naive before/after difference", "zh": "简单前后差异"},
    "before": {"en": "Before", "zh": "实施前"},
    "after": {"en": "After", "zh": "实施后"},
    "treated": {"en": "Treated", "zh": "实施组"},
    "control": {"en": "Control", "zh": "对照组"},
    "effect_by_period": {"en": "Effect by period", "zh": "各期效应"},
    "pre_trend_warning": {
        "en": "Pre-trend check: treated and control units already moved apart before {date}, so "
        "the estimate may be biased",
        "zh": "事前趋势检验：实施组与对照组在 {date} 之前已出现分化，估计可能有偏",
    },
    "analysis_stopped": {"en": "This analysis stopped: {reason}", "zh": "此项分析已停止：{reason}"},
    "refusal_note": {
        "en": "> **{what} not shown.** {message}",
        "zh": "> **{what}未显示。** {message}",
    },
    "yes": {"en": "yes", "zh": "是"},
    "intercept": {"en": "Intercept", "zh": "截距"},
    "term_level": {"en": "{name}: {level}", "zh": "{name}为{level}"},
    "no": {"en": "no", "zh": "否"},
    "refusal_needs": {
        "en": "It needs the {what}, which was refused: {message}",
        "zh": "此步骤依赖的{what}未能完成：{message}",
    },
    "change_since_last_run": {"en": "Change since the previous run", "zh": "较上次运行的变化"},
    "no_previous_run": {"en": "No previous run to compare with", "zh": "没有可比较的上次运行"},
    # verdict words
    "verdict": {"en": "Verdict", "zh": "结论"},
    "verdict_improved": {"en": "improved", "zh": "改善"},
    "verdict_worsened": {"en": "worsened", "zh": "恶化"},
    "verdict_no_clear_change": {"en": "no clear change", "zh": "无明显变化"},
    "verdict_inconclusive": {"en": "inconclusive", "zh": "无法判断"},
    # KPI names
    "kpi_clients": {"en": "Clients", "zh": "客户数"},
    "kpi_applications": {"en": "Applications", "zh": "申请数"},
    "kpi_disbursed": {"en": "Loans disbursed", "zh": "放款笔数"},
    "kpi_disbursed_amount": {"en": "Amount disbursed", "zh": "放款金额"},
    "kpi_conversion": {"en": "Conversion", "zh": "转化率"},
    "kpi_completion_rate": {"en": "Application completion rate", "zh": "申请完成率"},
    "kpi_approval_rate": {"en": "Approval rate", "zh": "审批通过率"},
    "kpi_acceptance": {"en": "Acceptance rate", "zh": "接受率"},
    "kpi_time_to_decision": {"en": "Time to decision (median days)", "zh": "审批用时（中位天数）"},
    "kpi_npl_ratio": {"en": "NPL ratio", "zh": "不良贷款率"},
    "kpi_csat": {"en": "CSAT (1–5)", "zh": "客户满意度（1–5）"},
}
"""Report words by key, each in every language of LANGS."""

CODE_WORDS_ZH: dict[str, str] = {
    "scorecard": "评分卡",
    "challenger": "挑战模型（梯度提升）",
    # industries
    "manufacturing": "制造业",
    "wholesale_retail": "批发和零售业",
    "construction": "建筑业",
    "real_estate": "房地产业",
    "software_it": "软件和信息技术",
    "biotech_pharma": "生物医药",
    "electronics": "电子",
    "agriculture": "农业",
    "transport_logistics": "交通运输与物流",
    "energy_utilities": "能源与公用事业",
    "textiles": "纺织业",
    "hospitality": "住宿和餐饮业",
    # regions
    "north": "华北",
    "northeast": "东北",
    "east": "华东",
    "central": "华中",
    "south": "华南",
    "southwest": "西南",
    "northwest": "西北",
    # size bands
    "micro": "微型",
    "small": "小型",
    "medium": "中型",
    "large": "大型",
    "unknown": "未知",
    # ownership
    "state_owned": "国有",
    "private": "民营",
    "foreign": "外资",
    "collective": "集体",
    "mixed": "混合所有制",
    # products
    "working_capital": "流动资金贷款",
    "fixed_asset": "固定资产贷款",
    "project_finance": "项目融资",
    "trade_finance": "贸易融资",
    "sci_tech_loan": "科技贷款",
    "inclusive_micro": "普惠小微贷款",
    # channels
    "branch": "网点",
    "relationship_manager": "客户经理",
    "web": "网上银行",
    "app": "手机银行",
    "wechat": "微信",
    "call_centre": "客服中心",
    # five-tier loan classification
    "normal": "正常",
    "special_mention": "关注",
    "substandard": "次级",
    "doubtful": "可疑",
    "loss": "损失",
    "npl": "不良贷款",
    # application forms and pain points
    "v1_standard": "标准申请表",
    "v2_simplified": "简化申请表",
    "dropout_before_decision": "决策前流失",
    "slow_first_response": "首次响应慢",
    "dissatisfied": "不满意",
    # groupings (a pain point's `group_by`, a column named as a value)
    "industry": "行业",
    "region": "区域",
    "ownership": "所有制",
    "size_band": "企业规模",
    "grade_band": "信用等级",
    "lifecycle_stage": "生命周期阶段",
    # financial ratios
    "leverage": "资产负债率",
    "current_ratio": "流动比率",
    "interest_cover": "利息保障倍数",
    "net_margin": "净利润率",
    # the source tables and the conformed tables (as integration's catalog names them)
    "clients": "客户",
    "applications": "贷款申请",
    "credit_history": "信用记录",
    "financials": "财务报表",
    "stage_events": "旅程阶段事件",
    "loan_performance": "贷后表现",
    "surveys": "满意度调查",
    "interactions": "客户互动",
    "digital_events": "数字渠道行为",
    "client_360": "客户360视图",
    "journey_log": "旅程日志",
}
"""Chinese names of codes that no other module translates (industries, regions, size bands, ...)."""


def check_lang(lang: str) -> str:
    """`lang` when it is a report language, else stop with the valid ones named."""
    if lang not in LANGS:
        raise InputError(
            "params", f"unknown report language {lang!r} (valid: {', '.join(LANGS)})", column="lang"
        )
    return lang


def placeholders(template: str) -> set[str]:
    """The `{name}` fields a text template expects."""
    return {field for _, field, _, _ in Formatter().parse(template) if field}


class Messages:
    """One stage's message catalog: key -> {"en": template, "zh": template}.

    The one way report text is written in two languages (ADR 0028): readings, notes and the
    notebooks' narrative strings name a key and fill its `{fields}`; both languages must exist
    and expect the same fields, checked when the catalog is built, so a translation cannot
    silently drop a number.
    """

    def __init__(self, stage: str, entries: dict[str, dict[str, str]]) -> None:
        problems = [
            f"{key}: {why}" for key, forms in entries.items() if (why := _catalog_problem(forms))
        ]
        if problems:
            raise ValueError(f"message catalog {stage!r}: " + "; ".join(problems))
        self.stage = stage
        self.entries = entries
        CATALOGS[stage] = self

    def __call__(self, key: str, lang: str = "en", **fields: object) -> str:
        """The message `key` in `lang` with `fields` filled in."""
        template = self.template(key, lang)
        missing = placeholders(template) - fields.keys()
        if missing:
            raise InputError("report text", f"text {key!r} needs {', '.join(sorted(missing))}")
        return template.format(**fields) if fields else template

    def template(self, key: str, lang: str = "en") -> str:
        """The unfilled template of `key` in `lang` (for callers that fill it in steps)."""
        check_lang(lang)
        if key not in self.entries:
            raise InputError("report text", f"no text named {key!r} in the {self.stage} catalog")
        return self.entries[key][lang]

    def __contains__(self, key: object) -> bool:
        return key in self.entries


CATALOGS: dict[str, Messages] = {}
"""Every message catalog built so far, by stage (tests walk them)."""


def _catalog_problem(forms: dict[str, str]) -> str | None:
    if set(forms) != set(LANGS):
        return f"languages {sorted(forms)} (need {', '.join(LANGS)})"
    fields = {lang: placeholders(forms[lang]) for lang in LANGS}
    if len({frozenset(f) for f in fields.values()}) > 1:
        return "placeholders differ: " + ", ".join(
            f"{lang} {sorted(f)}" for lang, f in fields.items()
        )
    return None


COMMON = Messages("common", TEXT)
"""Words every report shares (headings, KPI names, verdict words)."""


def text(key: str, lang: str = "en", **fields: object) -> str:
    """A common report word or heading in `lang`, with `fields` filled in ({n}, {date}, ...)."""
    return COMMON(key, lang, **fields)


def label(code: object, lang: str = "en") -> object:
    """Display name of a code (outcome, journey stage, grade band, lifecycle stage, industry,
    region, ...) in `lang`; unknown codes become plain words, non-strings pass through."""
    check_lang(lang)
    if not isinstance(code, str) or not code:
        return code
    if code in OUTCOME_LABELS["en"]:
        return outcome_label(code, lang)
    if code in STAGES:
        return stage_label(code, lang)
    for names in (BAND_LABELS, LIFECYCLE_LABELS):
        if code in names[lang]:
            return names[lang][code]
    if lang == "zh" and code in CODE_WORDS_ZH:
        return CODE_WORDS_ZH[code]
    return code_words(code)


COLUMN_ZH: dict[str, str] = {
    "clients": "客户数",
    "loans": "贷款笔数",
    "applications": "申请数",
    "offers": "报价数",
    "defaults": "违约数",
    "default_rate": "违约率",
    "npl": "不良",
    "npl_rate": "不良率",
    "npl_rate_low": "不良率下限",
    "npl_rate_high": "不良率上限",
    "lift": "相对全行倍数",
    "above_portfolio": "显著高于全行",
    "n": "数量",
    "cases": "案件数",
    "share": "占比",
    "stage": "阶段",
    "outcome": "结果",
    "industry": "行业",
    "region": "区域",
    "segment_name": "客户分群",
    "segment": "分群",
    "estimate": "估计值",
    "ci_low": "区间下限",
    "ci_high": "区间上限",
    "p_value": "P 值",
    "unit": "单位",
    "verdict": "结论",
    "method": "方法",
    "n_cases": "案件数",
    "feature": "特征",
    "iv": "IV",
    "bins": "分箱数",
    "strength": "强度",
    "term": "变量",
    "std_error": "标准误",
    "odds_ratio": "优势比",
    "period": "期间",
    "auc": "AUC",
    "gini": "Gini",
    "ks": "KS",
    "mean_pd": "平均违约概率",
    "grade": "等级",
    "decile": "十分位",
    "predicted": "预测值",
    "observed": "观测值",
    "obs_low": "观测下限",
    "obs_high": "观测上限",
    "gap": "差距",
    "expected_applicants": "预计申请客户数",
    "expected_volume": "预计融资额",
    "volume_share": "融资额占比",
    "mean_probability": "平均概率",
    "mean_requested_amount": "平均申请金额（元）",
    "acceptance_rate": "接受率",
    "mean_spread_bp": "平均点差（基点）",
    "ame_pp_per_10bp": "每 +10 基点接受率变化（百分点）",
    "ame_low": "下限",
    "ame_high": "上限",
    "note": "说明",
    "risk_price": "风险定价（年化 %）",
    "offered_rate": "当前报价利率（年化 %）",
    "gap_bp": "差距（基点）",
    "pd": "违约概率",
    "expected_loss": "预期损失（年化 %）",
    "funding_cost": "资金成本（年化 %）",
    "capital_charge": "资本占用成本",
    "margin": "目标利润",
    "reason": "原因",
    "description": "说明",
    "direction": "方向",
    "units": "数量",
    "label": "指标",
    "current_text": "本次",
    "previous_text": "上次",
    "change_text": "变化",
    "assessment": "评价",
    "finding": "发现",
    "case_study": "案例研究",
    "lifecycle_stage": "生命周期阶段",
    "from_class": "原等级",
    "to_class": "新等级",
    "notches": "下调档数",
    "client_id": "客户编号",
    "conversion_rate": "转化率",
    "mean_csat": "平均满意度",
    "borrowers": "借款客户数",
    "masked": "已隐藏",
    "model": "模型",
    "kind": "类型",
    "selected": "入选",
    "points": "分数",
    "observed_rate": "实际违约率",
    "breaks_order": "不符合顺序",
    "pooled_grade": "合并后等级",
    "pooled_rate": "合并后违约率",
    "of_which_infinite": "其中无穷值",
    "csi": "CSI",
    "reading": "解读",
    "rows": "行数",
    "applied": "已申请",
    "loans_train": "训练期贷款",
    "loans_test": "检验期贷款",
    "defaults_test": "检验期违约",
    "observed_test": "检验期违约率",
    "mean_pd_test": "检验期平均违约概率",
    "score_low": "分数下限",
    "score_high": "分数上限",
    "pd_low": "违约概率下限",
    "pd_high": "违约概率上限",
    "expected_share": "基期占比",
    "actual_share": "当期占比",
    "psi": "PSI",
    "bin": "分箱",
    "low": "下限",
    "high": "上限",
    "event_rate": "违约率",
    "events": "事件数",
    "woe": "WoE",
    "rate": "比率",
    "group": "组别",
    "definition": "口径",
    "used_by": "用于",
    "npl_balance_share": "不良余额占比",
    "figure": "指标",
    "value": "数值",
    "last_12_months": "近 12 个月",
    "latest_month": "最近月份",
    "vs_previous_month": "较上月",
    "vs_year_earlier": "较上年同期",
}
"""Report table headers in Chinese; a column not listed keeps its English header."""


# Headers of the segmentation tables (model, feature audit, profiles).

_SEGMENTATION_COLUMNS_ZH: dict[str, str] = {
    "k": "分群数 k",
    "inertia_per_client": "人均簇内离差",
    "silhouette": "轮廓系数",
    "calinski_harabasz": "Calinski–Harabasz 指数",
    "bic": "BIC",
    "chosen": "本次采用",
    "resample": "重抽样",
    "adjusted_rand_index": "调整兰德指数",
}
"""Chinese headers of the diagnostics and stability tables (for i18n.COLUMN_ZH)."""

_AUDIT_COLUMNS_ZH: dict[str, str] = {
    "block": "特征类别",
    "theme": "主题",
    "missing": "缺失数",
    "missing_share": "缺失占比",
    "distinct": "不同取值数",
    "used": "是否使用",
    "rule": "处理规则",
}
"""Chinese headers of the feature audit table (for i18n.COLUMN_ZH)."""

_PROFILE_COLUMNS_ZH: dict[str, str] = {
    "key_features": "突出特征",
    "main_industry": "主要行业",
    "main_industry_share": "主要行业占比",
    "median_firm_age": "成立年限中位数",
    "median_employees": "员工人数中位数",
    "high_tech_share": "高新技术企业占比",
    "conversion": "放款转化率",
    "product": "产品",
    "limit_and_repayment": "额度与还款",
    "risk_model": "风险模型",
    "service_channel": "服务渠道",
    "seed_rule": "适用的源案例规则",
}
"""Chinese headers of the profile and strategy tables (for i18n.COLUMN_ZH)."""

_INTEGRATION_COLUMNS_ZH: dict[str, str] = {
    "source": "数据源",
    "rows_in": "接收行数",
    "accepted": "入库行数",
    "quarantined": "隔离行数",
    "reconciles": "行数对账一致",
    "columns": "列数",
    "required_with_gaps": "有缺失的必填列",
    "columns_with_invalid_values": "含无效值的列",
    "worst_validity": "最低有效值占比",
    "parent": "上级表",
    "foreign_key": "外键",
    "rows_checked": "检查行数",
    "orphans": "孤立记录数",
    "column": "列",
    "min": "最小值",
    "max": "最大值",
    "table": "数据表",
    "what_was_done": "处理方式",
}
"""Chinese headers of the data-integration tables (for i18n.COLUMN_ZH)."""

_PROFILING_COLUMNS_ZH: dict[str, str] = {
    "grade_band": "信用等级",
    "ratings": "对应行内评级",
    "median_bureau_score": "征信评分中位数",
    "median_age_years": "企业年龄中位数（年）",
    "median_revenue_growth": "营收增长中位数",
    "ratio": "财务比率",
    "median": "中位数",
    "warning_share": "超出预警线占比",
    "warning": "预警线",
    "rank": "排名",
    "pain_point": "痛点",
    "group_by": "分组维度",
    "base": "基数",
    "affected": "受影响数",
    "rate_low": "比率下限",
    "rate_high": "比率上限",
    "portfolio_rate": "全行比率",
    "dtype": "数据类型",
    "non_null": "非空值数",
    "range": "取值范围",
    "mean": "均值",
    "std": "标准差",
    "top_value": "最常见取值",
    "top_share": "最常见取值占比",
    "column_a": "列 A",
    "column_b": "列 B",
    "correlation": "相关系数",
    "pairs": "样本数",
}
"""Chinese headers of the client-profiling tables (for i18n.COLUMN_ZH)."""

_JOURNEY_COLUMNS_ZH: dict[str, str] = {
    # the data checks: the input rules, the published figures, the throughput recount
    "action": "处理方式",
    "published": "公布值",
    "ours": "本报告计数",
    "ours_minus_published": "差异（本报告 − 公布值）",
    "how_we_counted": "计数方法",
    "agrees": "一致",
    "counted_from": "计算依据",
    "median_days": "中位天数",
    "mean_days": "平均天数",
    "p90_days": "P90 天数",
    # the funnel and where cases drop out
    "stage_order": "阶段顺序",
    "step_conversion": "本步转化率",
    "step_low": "本步转化率下限",
    "step_high": "本步转化率上限",
    "cumulative_conversion": "累计转化率",
    "cum_low": "累计转化率下限",
    "cum_high": "累计转化率上限",
    "days_from_start_median": "距开始天数中位数",
    "days_from_start_p75": "距开始天数 P75",
    "days_from_start_p90": "距开始天数 P90",
    "days_in_stage_median": "本阶段天数中位数",
    "days_in_stage_p75": "本阶段天数 P75",
    "days_in_stage_p90": "本阶段天数 P90",
    "abandon_after_days": "无活动即视为放弃的天数",
    # how long stages take (Kaplan–Meier: open cases censored)
    "visits": "进入次数",
    "completed": "已完成",
    "censored": "删失数",
    "reached": "已到达",
    "decided": "已决策",
    "from_stage": "起始阶段",
    "to_stage": "目标阶段",
    "median_low": "中位数下限",
    "median_high": "中位数上限",
    "p75_low": "P75 下限",
    "p75_high": "P75 上限",
    "p90_low": "P90 下限",
    "p90_high": "P90 上限",
    "naive_median": "简单中位数（忽略删失）",
    "work_items": "工作项数",
    "median_working_hours": "工作时长中位数（小时）",
    "p90_working_hours": "工作时长 P90（小时）",
    "waits": "等待次数",
    "median_waiting_hours": "等待时长中位数（小时）",
    "p90_waiting_hours": "等待时长 P90（小时）",
    # paths, transitions and rework
    "variant": "路径",
    "n_steps": "步骤数",
    "cumulative_share": "累计占比",
    "n_variants": "路径数",
    "from": "上一步",
    "cases_reworked": "返工案件数",
    "rework_share": "返工占比",
    "extra_days_median": "额外天数中位数",
    "extra_days_mean": "额外天数均值",
    "extra_days_total": "额外天数合计",
    # drivers of drop-out and satisfaction
    "driver": "驱动因素",
    "or_low": "优势比下限",
    "or_high": "优势比上限",
    "effect_pct": "效应（%）",
    "responses": "回复数",
    "csat_mean": "平均满意度",
    "csat_low": "满意度下限",
    "csat_high": "满意度上限",
    "satisfied_share": "满意占比",
    "nps_low": "净推荐值下限",
    "nps_high": "净推荐值上限",
}
"""Chinese headers of the journey tables (for i18n.COLUMN_ZH)."""

_SUMMARY_COLUMNS_ZH: dict[str, str] = {
    "target": "目标",
    "alarm": "告警线",
}
"""Chinese headers of the summary's status table (for i18n.COLUMN_ZH; its other columns and the
trend table's are in COLUMN_ZH)."""

_RISK_COLUMNS_ZH: dict[str, str] = {
    "iv_earlier": "前半段 IV",
    "iv_later": "后半段 IV",
    "z_later": "后半段 z 值",
    "stable": "跨期稳定",
    "slope_per_10bp": "每 +10 基点斜率（对数几率）",
    "slope_low": "斜率下限",
    "slope_high": "斜率上限",
    "observed_low": "观测值下限",
    "observed_high": "观测值上限",
    "share_good": "正常贷款占比",
    "share_bad": "违约贷款占比",
}
"""Chinese headers of the risk tables (for i18n.COLUMN_ZH)."""

_DATA_COLUMNS_ZH: dict[str, str] = {
    # the source tables
    "uscc": "统一社会信用代码",
    "name": "名称",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "high_tech": "高新技术企业",
    "province": "省份",
    "founded_on": "成立日期",
    "employees": "员工人数",
    "ownership": "所有制",
    "listed": "上市",
    "home_branch_id": "开户网点编号",
    "fiscal_year": "财年",
    "revenue": "营业收入",
    "net_profit": "净利润",
    "total_assets": "总资产",
    "total_liabilities": "总负债",
    "current_assets": "流动资产",
    "current_liabilities": "流动负债",
    "operating_cash_flow": "经营现金流",
    "interest_expense": "利息支出",
    "as_of_date": "评估日期",
    "internal_rating": "行内评级",
    "bureau_score": "征信评分",
    "past_loans": "历史贷款笔数",
    "max_dpd_24m": "近 24 个月最长逾期天数",
    "defaulted_before": "曾违约",
    "inquiries_6m": "近 6 个月征信查询次数",
    "event_id": "事件编号",
    "ts": "时间",
    "channel": "渠道",
    "event_type": "事件类型",
    "session_id": "会话编号",
    "interaction_id": "互动编号",
    "staff_id": "员工编号",
    "duration_min": "时长（分钟）",
    "notes": "备注",
    "application_id": "申请编号",
    "product": "产品",
    "requested_amount": "申请金额",
    "term_months": "期限（月）",
    "branch_id": "网点编号",
    "form_version": "申请表版本",
    "n_form_fields": "申请表字段数",
    "documents_requested": "要求提供的材料数",
    "personalised": "个性化服务",
    "started_at": "开始时间",
    "submitted_at": "提交时间",
    "first_response_hours": "首次响应用时（小时）",
    "decided_at": "决定时间",
    "approved_amount": "批准金额",
    "offer_accepted": "接受报价",
    "disbursed_at": "放款时间",
    "status": "状态",
    "month": "月份",
    "balance": "余额",
    "dpd": "逾期天数",
    "classification": "五级分类",
    "response_id": "问卷编号",
    "csat": "满意度",
    "nps": "净推荐值",
    # the client 360 and the risk features built from it
    "firm_age_years": "企业年龄（年）",
    "leverage": "资产负债率",
    "current_ratio": "流动比率",
    "interest_cover": "利息保障倍数",
    "net_margin": "净利润率",
    "revenue_growth": "营收增长率",
    "credit_as_of": "信用记录日期",
    "n_digital_events_12m": "近 12 个月数字渠道事件数",
    "n_sessions_12m": "近 12 个月会话数",
    "share_web_12m": "近 12 个月网上银行占比",
    "share_app_12m": "近 12 个月手机银行占比",
    "share_wechat_12m": "近 12 个月微信占比",
    "share_call_centre_12m": "近 12 个月客服中心占比",
    "n_interactions": "互动次数",
    "n_interactions_12m": "近 12 个月互动次数",
    "interaction_minutes_12m": "近 12 个月互动时长（分钟）",
    "n_rm_meeting_12m": "近 12 个月客户经理会面次数",
    "n_branch_visit_12m": "近 12 个月网点到访次数",
    "n_phone_call_12m": "近 12 个月电话次数",
    "n_site_visit_12m": "近 12 个月实地走访次数",
    "n_applications": "申请次数",
    "n_disbursed": "放款次数",
    "n_declined": "被拒次数",
    "n_withdrawn": "撤回次数",
    "n_abandoned": "放弃次数",
    "n_in_progress": "进行中申请数",
    "first_application_at": "首次申请时间",
    "last_application_at": "最近申请时间",
    "n_loans": "贷款笔数",
    "outstanding_balance": "贷款余额",
    "worst_classification": "最差五级分类",
    "max_dpd": "最长逾期天数",
    "n_survey_responses": "问卷回复数",
    "mean_nps": "平均净推荐值",
    "interest_cover_log": "利息保障倍数（对数）",
    "employees_log": "员工人数（对数）",
    # the segmentation features (a feature audit's rows)
    "log_firm_age": "成立年限（对数）",
    "log_employees": "员工人数（对数）",
    "log_revenue": "营业收入（对数）",
    "log_revenue_per_employee": "人均营收（对数）",
    "log_assets_to_revenue": "资产营收比（对数）",
    "log_interest_cover": "利息保障倍数（对数）",
    "log_current_ratio": "流动比率（对数）",
    "rating_rank": "行内评级档次",
    "log_digital_events_12m": "近 12 个月数字渠道事件数（对数）",
    "log_interactions_12m": "近 12 个月互动次数（对数）",
    "log_applications": "申请次数（对数）",
    "disbursed_share": "放款占比",
}
"""Chinese names of the data's columns: a table's header, or a value naming a column (the column
profile, the date ranges, the PD model's features)."""

for _words in (
    _SEGMENTATION_COLUMNS_ZH,
    _AUDIT_COLUMNS_ZH,
    _PROFILE_COLUMNS_ZH,
    _INTEGRATION_COLUMNS_ZH,
    _PROFILING_COLUMNS_ZH,
    _RISK_COLUMNS_ZH,
    _DATA_COLUMNS_ZH,
    _JOURNEY_COLUMNS_ZH,
    _SUMMARY_COLUMNS_ZH,
):
    for _key, _value in _words.items():
        COLUMN_ZH.setdefault(_key, _value)


COLUMN_EN: dict[str, str] = {
    "risk_price": "Risk-based price (% a year)",
    "offered_rate": "Offered rate (% a year)",
    "expected_loss": "Expected loss (% a year)",
    "funding_cost": "Funding cost (% a year)",
    "capital_charge": "Capital charge (% a year)",
    "margin": "Margin (% a year)",
    "gap_bp": "Gap (bp)",
    "mean_spread_bp": "Mean spread (bp)",
    "pd": "PD",
    "requested_amount": "Requested amount (CNY)",
    "mean_requested_amount": "Mean requested amount (CNY)",
    "approved_amount": "Approved amount (CNY)",
}
"""English headers that need more than the column's name in words: the unit of a rate or an
amount (other columns read as their name, `plotting.humanise`)."""


def column_en(name: str) -> str | None:
    """A table header in English when the column's name alone would leave out its unit."""
    return COLUMN_EN.get(name)


def column_zh(name: str) -> str | None:
    """A table header in Chinese, or None when no translation is known."""
    return COLUMN_ZH.get(name)


def is_code(value: object) -> bool:
    """True when `value` is a code the vocabulary names in Chinese (outcome, stage, band,
    lifecycle stage, industry, region, source table, ...)."""
    if not isinstance(value, str):
        return False
    return (
        value in OUTCOME_LABELS["en"]
        or value in STAGES
        or any(value in names["en"] for names in (BAND_LABELS, LIFECYCLE_LABELS))
        or value in CODE_WORDS_ZH
    )


# Values a table shows that only their column gives a meaning: words the data keeps in English
# (a verdict, a direction, a definition), shown in Chinese by `style_table`. English tables show
# them as the data spells them.

CELL_WORDS_ZH: dict[str, dict[str, str]] = {
    "period": {"train": "训练期", "test": "检验期"},
    # the journey log's input rules (integration.log_checks, integration.event_log)
    "rule": {
        "malformed row": "无法拆分的行",
        "missing case id": "缺少案件编号",
        "unparseable timestamp": "无法解析的时间",
        "unknown activity": "未知活动",
        "duplicate event": "重复事件",
        "timestamp after as_of": "时间晚于数据截止日",
        "events out of time order": "事件时间顺序错乱",
        "case with a single event": "只有一条事件的案件",
        "case with no start": "没有起点的案件",
        "case with two different outcomes (latest used)": "有两个不同结果的案件（采用最新结果）",
        "ignored activity": "映射中忽略的活动",
        "lifecycle transition not counted": "不计入的生命周期转换",
        "case with no stage event": "没有阶段事件的案件",
    },
    "action": {
        "quarantined": "隔离",
        "sorted": "重新排序",
        "flagged, kept": "标记并保留",
        "set aside by mapping": "按映射剔除",
        "not in the journey log": "不进入旅程日志",
    },
    # the journey report's cross-checks (journey.reference)
    "counted_from": {
        "journey log (first event to last activity)": "旅程日志（首条事件至最后一次活动）",
        "raw file, every event": "原始文件（全部事件）",
    },
    "figure": {
        "cases": "案件数",
        "events": "事件数",
        "disbursed_cases": "已放款案件数",
        "declined_cases": "被拒案件数",
        "withdrawn_cases": "撤回案件数",
        "open_cases": "未结案件数",
    },
    "how_we_counted": {
        "distinct case ids read from the file": "文件中不同案件编号的个数",
        "events read from the file (before any rule)": "从文件读取的事件（应用任何规则之前）",
        "cases whose outcome is disbursed": "结果为已放款的案件",
        "cases whose outcome is declined": "结果为银行拒绝的案件",
        "cases whose outcome is withdrawn": "结果为客户撤回的案件",
        "cases with no outcome activity (in progress or abandoned)": (
            "没有结果活动的案件（进行中或已放弃）"
        ),
    },
    "from": {"start": "起点"},
    "assessment": {"better": "改善", "worse": "恶化", "unchanged": "持平"},
    "direction": {"upgraded": "上调", "stable": "不变", "downgraded": "下调"},
    "verdict": {
        "underpriced": "定价偏低",
        "overpriced": "定价偏高",
        "in line": "定价相符",
        "no offers": "无报价",
    },
    "strength": {
        "useless": "无区分力",
        "weak": "弱",
        "medium": "中等",
        "strong": "强",
        "not in the data": "数据中没有",
    },
    "kind": {"numeric": "数值型", "categorical": "类别型"},
    "reason": {
        "candidates": "候选申请",
        "not_disbursed": "未放款",
        "too_recent": "时间太近",
        "no_financials": "缺少财务报表",
        "missing_features": "特征缺失",
        "model_population": "纳入模型",
        "not_started": "未进入申请阶段",
        "unresolved": "尚无结果",
        "missing_drivers": "驱动因素缺失",
    },
    "description": {
        "applications in the input": "输入中的全部申请",
        "the application never led to a disbursed loan": "申请最终未放款",
        "disbursed less than the outcome window before the as-of date: outcome not yet known": (
            "放款距数据截止日不足一个观察窗口：结果尚未可知"
        ),
        "no financial statement for the fiscal year before the application": (
            "缺少申请前一财年的财务报表"
        ),
        "a core feature value is missing": "缺少核心特征值",
        "loans in the PD model": "进入违约概率模型的贷款",
        "a driver value is missing": "缺少驱动因素取值",
        "cases in the drop-out model": "进入流失模型的案件",
        "entered the application stage less than the maturity period before the as-of date": (
            "进入申请阶段距数据截止日不足成熟期"
        ),
        "never entered the application stage (no start time)": "从未进入申请阶段（无开始时间）",
        "still open at the as-of date (in progress or no outcome): drop-out not yet known": (
            "数据截止日仍未结束（进行中或无结果）：是否流失尚未可知"
        ),
    },
    "definition": {
        "loan, class at as-of date": "按笔：数据截止日的五级分类",
        "loan, latest class": "按笔：最新一期五级分类",
        "loan, NPL at any month-end": "按笔：任一月末曾为不良",
        "client, worst class ever": "按户：历史最差五级分类",
    },
    "unit": {
        "loans on book": "在账贷款",
        "loans ever disbursed": "曾放款的贷款",
        "clients with loans": "有贷款的客户",
    },
    "used_by": {
        "risk watchlist": "风险观察名单",
        "summary headline": "管理层摘要关键指标",
        "segment profiles": "客户分群画像",
    },
    "dtype": {
        "str": "文本",
        "string": "文本",
        "object": "文本",
        "category": "类别",
        "bool": "是/否",
        "boolean": "是/否",
        "int64": "整数",
        "Int64": "整数",
        "int32": "整数",
        "Int32": "整数",
        "float64": "数值",
        "Float64": "数值",
        "datetime64[ns]": "日期时间",
        "datetime64[us]": "日期时间",
        "datetime64[ms]": "日期时间",
        "datetime64[s]": "日期时间",
    },
}
"""Chinese words of values by column (English keeps the data's words)."""


def cell_words(column: object, value: object, lang: str) -> str | None:
    """A table cell's words in `lang` when its column gives the value a meaning the data
    writes in English (`CELL_WORDS_ZH`), else None."""
    if check_lang(lang) != "zh" or not isinstance(value, str):
        return None
    return CELL_WORDS_ZH.get(str(column), {}).get(value)


# Quarantine reasons: the integration contract names each failed check in English as
# "<column>: <check>" ("csat: not in 1..5"), a repeated key or an orphan. The templates below
# are those texts, in order (the first that matches wins); `reason_words` reads a reason with
# them and writes it in the report language, column and table names in words.

_REASON_FIELD = re.compile(r"\{(\w+)\}")
_REASON_NAME_FIELDS = frozenset({"col", "other", "parent"})
_REASON_FIELD_PATTERNS: dict[str, str] = {
    **dict.fromkeys(_REASON_NAME_FIELDS, r"[A-Za-z0-9_]+"),
    "cols": r"[A-Za-z0-9_, ]+",
    "date": r"\d{4}-\d{2}-\d{2}",
    **dict.fromkeys(("low", "high", "limit", "found", "expected"), r"-?[0-9][0-9,.]*"),
}
"""What each field of a reason holds: names are identifiers, dates ISO dates, bounds numbers."""

REASONS = Messages(
    "quarantine reasons",
    {
        "duplicate": {"en": "duplicate key ({cols})", "zh": "主键重复（{cols}）"},
        "orphan": {"en": "orphan: {col} not in {parent}", "zh": "孤立记录：{col}不在{parent}表中"},
        "not_allowed": {"en": "{col}: not an allowed value", "zh": "{col}：不是允许的取值"},
        "negative": {"en": "{col}: negative", "zh": "{col}：为负数"},
        "not_positive": {"en": "{col}: not positive", "zh": "{col}：不是正数"},
        "not_in": {"en": "{col}: not in {low}..{high}", "zh": "{col}：不在 {low} 至 {high} 之间"},
        "not_above": {"en": "{col}: not above {limit}", "zh": "{col}：不大于 {limit}"},
        "below": {"en": "{col}: below {limit}", "zh": "{col}：低于 {limit}"},
        "above": {"en": "{col}: above {limit}", "zh": "{col}：高于 {limit}"},
        "before_start": {
            "en": "{col}: before start_date {date}",
            "zh": "{col}：早于数据起始日 {date}",
        },
        "after_as_of": {"en": "{col}: after as_of {date}", "zh": "{col}：晚于数据截止日 {date}"},
        "before_date": {"en": "{col}: before {date}", "zh": "{col}：早于 {date}"},
        "after_date": {"en": "{col}: after {date}", "zh": "{col}：晚于 {date}"},
        "before_other": {"en": "{col}: before {other}", "zh": "{col}：早于{other}"},
        "no_match": {"en": "{col}: does not match {other}", "zh": "{col}：与{other}不一致"},
        "uscc_length": {"en": "{col}: not 18 characters", "zh": "{col}：长度不是 18 位"},
        "uscc_chars": {"en": "{col}: invalid characters", "zh": "{col}：含无效字符"},
        "uscc_digit": {"en": "{col}: invalid check digit", "zh": "{col}：校验位错误"},
        "not_int": {"en": "{col}: not a whole number", "zh": "{col}：不是整数"},
        "not_number": {"en": "{col}: not a number", "zh": "{col}：不是数字"},
        "not_finite": {"en": "{col}: not a finite number", "zh": "{col}：不是有限数值"},
        "not_bool": {"en": "{col}: not true/false", "zh": "{col}：不是是/否值"},
        "not_date": {"en": "{col}: not a date", "zh": "{col}：不是日期"},
        "not_datetime": {"en": "{col}: not a date-time", "zh": "{col}：不是日期时间"},
        "too_long": {
            "en": "{col}: longer than {limit} characters",
            "zh": "{col}：超过 {limit} 个字符",
        },
        "control": {
            "en": "{col}: holds a control character (a line break, tab or other)",
            "zh": "{col}：含控制字符（换行符、制表符等）",
        },
        "id_chars": {
            "en": "{col}: characters not allowed in an identifier (< > \" ' ` & \\)",
            "zh": "{col}：含标识符中不允许的字符（< > \" ' ` & \\）",
        },
        "day_month": {
            "en": "{col}: day/month order cannot be told (set date_format for this source)",
            "zh": "{col}：无法判断日与月的先后（请为此数据源设置 date_format）",
        },
        "zone_ambiguous": {
            "en": "{col}: time zone abbreviation is ambiguous (write an offset such as +08:00)",
            "zh": "{col}：时区缩写有歧义（请写成 +08:00 这样的时差）",
        },
        "zone_unknown": {"en": "{col}: unknown time zone", "zh": "{col}：未知时区"},
        "malformed": {
            "en": "malformed: {found} fields where {expected} were expected",
            "zh": "格式错误：应有 {expected} 个字段，实有 {found} 个",
        },
        "malformed_one": {
            "en": "malformed: {found} field where {expected} were expected",
            "zh": "格式错误：应有 {expected} 个字段，实有 {found} 个",
        },
        "truncated": {
            "en": "truncated: the file ends inside this row ({found} of {expected} fields)",
            "zh": "文件截断：文件在此行中途结束（{expected} 个字段中只有 {found} 个）",
        },
        "truncated_quote": {
            "en": "truncated: the file ends inside this row's quoted value",
            "zh": "文件截断：文件在此行带引号的值中途结束",
        },
        "unclosed_quote": {
            "en": "a quoted value is never closed on its line",
            "zh": "带引号的值在本行内没有闭合",
        },
    },
)
"""The quarantine reasons of the integration contract, in English as written and in Chinese."""


def _reason_pattern(template: str) -> re.Pattern[str]:
    """A template as a pattern, each field matching what it holds (`_REASON_FIELD_PATTERNS`)."""
    parts, at = [], 0
    for match in _REASON_FIELD.finditer(template):
        parts.append(re.escape(template[at : match.start()]))
        field = match.group(1)
        parts.append(f"(?P<{field}>{_REASON_FIELD_PATTERNS[field]})")
        at = match.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts))


_REASON_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, _reason_pattern(REASONS.template(key))) for key in REASONS.entries
)


def reason_words(reason: str, lang: str) -> str | None:
    """A quarantine reason in `lang` (columns and tables named in words in Chinese; English as
    the contract wrote it), or None when it is not one of `REASONS`."""
    check_lang(lang)
    for key, pattern in _REASON_PATTERNS:
        match = pattern.fullmatch(reason)
        if match is None:
            continue
        fields = match.groupdict()
        if lang == "zh":
            fields = {name: _reason_field(name, value) for name, value in fields.items()}
        return REASONS(key, lang, **fields)
    return None


def _reason_field(name: str, value: str) -> str:
    """A field of a quarantine reason in Chinese: columns by their header, tables by name."""
    if name == "cols":
        return "、".join(column_zh(c) or c for c in value.split(", "))
    if name == "parent":
        return str(label(value, "zh"))
    if name in _REASON_NAME_FIELDS:
        return column_zh(value) or value
    return value


# How names from the data enter a catalog's sentences: rules of writing that differ by language,
# not text (the names come from the data or from the vocabulary).


def data_name(code: object, lang: str, translate: Callable[[object, str], object] = label) -> str:
    """A value from the data (a product, a form version, a path step) as a report names it:
    translated in a Chinese report; in an English one, the vocabulary's words for a code it
    words (`CODE_WORDS`: 'v2_simplified' -> 'Simplified form (v2)'; a code the vocabulary knows,
    such as a product, as words: 'inclusive_micro' -> 'Inclusive micro-loan'), else as the data
    spells it."""
    if check_lang(lang) == "zh":
        return str(translate(code, lang))
    if isinstance(code, str) and (code in CODE_WORDS or code in CODE_WORDS_ZH):
        return str(code_words(code))  # a code of the workbook's own vocabulary, as words
    return str(code)


def sentence_name(name: str, lang: str) -> str:
    """A stage or outcome name inside a sentence: English writes it in lower case."""
    if check_lang(lang) == "zh":
        return name
    return name.lower()


def column_words(column: str, lang: str) -> str:
    """A column or code the catalogs do not name, inside a sentence: words (underscores as
    spaces) in English; a Chinese report keeps it as the data spells it."""
    if check_lang(lang) == "zh":
        return column
    return column.replace("_", " ")


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z0-9])|(?<=[。！？])")
"""Where a sentence ends: after . ! ? and a space before a word that is not lower case or a
digit (so "37.3%" and "e.g. a" stay whole), or after a Chinese full stop."""


def first_sentences(text: str, limit: int) -> str:
    """Whole sentences from the start of `text` within `limit` characters: a reading's lead for
    a findings box or a chart's alt text. A first sentence longer than `limit` is cut at its
    last clause break (a semicolon or comma) before the limit and ends in "…"."""
    out = ""
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if not sentence:
            continue
        if out and len(out) + len(sentence) + 1 > limit:
            break
        joiner = "" if not out or out.endswith(("。", "！", "？")) else " "
        out = f"{out}{joiner}{sentence}"
    if len(out) <= limit:
        return out
    cut = max(out.rfind(mark, 0, limit - 1) for mark in ("; ", "；", "，", ", "))
    return out[: cut if cut > limit // 2 else limit - 1].rstrip() + "…"
