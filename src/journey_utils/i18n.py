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
    "mean_requested_amount": "平均申请金额",
    "acceptance_rate": "接受率",
    "mean_spread_bp": "平均点差（基点）",
    "ame_pp_per_10bp": "每 +10 基点接受率变化（百分点）",
    "ame_low": "下限",
    "ame_high": "上限",
    "note": "说明",
    "risk_price": "风险定价",
    "offered_rate": "当前报价利率",
    "gap_bp": "差距（基点）",
    "pd": "违约概率",
    "expected_loss": "预期损失",
    "funding_cost": "资金成本",
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
    "events": "违约数",
    "woe": "WoE",
    "rate": "比率",
    "group": "组别",
    "definition": "口径",
    "used_by": "用于",
    "npl_balance_share": "不良余额占比",
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

for _words in (_SEGMENTATION_COLUMNS_ZH, _AUDIT_COLUMNS_ZH, _PROFILE_COLUMNS_ZH):
    for _key, _value in _words.items():
        COLUMN_ZH.setdefault(_key, _value)


def column_zh(name: str) -> str | None:
    """A table header in Chinese, or None when no translation is known."""
    return COLUMN_ZH.get(name)


# How names from the data enter a catalog's sentences: rules of writing that differ by language,
# not text (the names come from the data or from the vocabulary).


def data_name(code: object, lang: str, translate: Callable[[object, str], object] = label) -> str:
    """A value from the data (a product, a form version, a path step) as a report names it:
    translated in a Chinese report, as the data spells it in an English one."""
    if check_lang(lang) == "zh":
        return str(translate(code, lang))
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
    """Whole sentences from the start of `text` within `limit` characters (the first sentence
    always, cut at `limit`): a reading's lead for a findings box or a chart's alt text."""
    out = ""
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if not sentence:
            continue
        if out and len(out) + len(sentence) + 1 > limit:
            break
        joiner = "" if not out or out.endswith(("。", "！", "？")) else " "
        out = f"{out}{joiner}{sentence}"
    return out[:limit]
