"""Segmentation features from the client 360: derived columns, the audit of what is kept and why,
and the scikit-learn encoder that turns mixed types into one space for clustering.

Rules, stated once:
- Money and counts are heavy-tailed, so they enter as logarithms (signed log where a value can be
  negative, e.g. interest cover); ratios and shares enter as they are.
- Missing numeric values are imputed by the column's median, with a 0/1 missing indicator beside
  it (so "no statement yet" stays visible); missing categories become their own level "missing".
- A column that is entirely missing or has a single value carries no information and is dropped
  with a note; categorical levels rarer than `RARE_LEVEL_SHARE` are grouped as "infrequent".
- Numeric columns are robust-scaled (median and interquartile range, so outliers do not set the
  scale). Structural features (who the firm is: firmographics and financials) count fully;
  descriptive features (credit, behaviour, journey) are down-weighted so they refine segments
  without splitting firms that are alike by what the bank's products are built around.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, RobustScaler

from journey_utils.catalog import INTERNAL_RATINGS
from journey_utils.errors import InputError
from journey_utils.plotting import md_escape

STRUCTURAL = "structural"
DESCRIPTIVE = "descriptive"
CATEGORICAL = "categorical"

GROUP_WEIGHTS: dict[str, float] = {STRUCTURAL: 1.0, DESCRIPTIVE: 0.25, CATEGORICAL: 1.0}
"""Weight of each feature block in the clustering distance. A one-hot block at weight 1 makes a
categorical mismatch cost about as much as one numeric feature one IQR apart."""

RARE_LEVEL_SHARE = 0.01
"""Categorical levels below this share of clients are grouped into one 'infrequent' level."""

MISSING_LEVEL = "missing"


@dataclass(frozen=True)
class Feature:
    """One segmentation feature: its name, block, theme and how it is read in words."""

    name: str
    group: str
    theme: str
    higher: str
    """Words for a segment above the portfolio ('older', 'higher leverage')."""
    lower: str


FEATURES: tuple[Feature, ...] = (
    Feature("log_firm_age", STRUCTURAL, "firmographics", "older firms", "younger firms"),
    Feature("log_employees", STRUCTURAL, "firmographics", "more employees", "fewer employees"),
    Feature("high_tech", STRUCTURAL, "firmographics", "more high-tech", "less high-tech"),
    Feature("listed", STRUCTURAL, "firmographics", "more often listed", "rarely listed"),
    Feature("log_revenue", STRUCTURAL, "financials", "higher revenue", "lower revenue"),
    Feature(
        "log_revenue_per_employee",
        STRUCTURAL,
        "financials",
        "higher revenue per employee",
        "lower revenue per employee",
    ),
    Feature("log_assets_to_revenue", STRUCTURAL, "financials", "asset-heavy", "asset-light"),
    Feature("leverage", STRUCTURAL, "financials", "higher leverage", "lower leverage"),
    Feature(
        "log_interest_cover",
        STRUCTURAL,
        "financials",
        "better interest cover",
        "weaker interest cover",
    ),
    Feature("net_margin", STRUCTURAL, "financials", "higher margins", "lower margins"),
    Feature("revenue_growth", STRUCTURAL, "financials", "faster growth", "shrinking revenue"),
    Feature("log_current_ratio", DESCRIPTIVE, "financials", "more liquid", "less liquid"),
    Feature("rating_rank", DESCRIPTIVE, "credit", "weaker internal rating", "better rating"),
    Feature("bureau_score", DESCRIPTIVE, "credit", "higher bureau score", "lower bureau score"),
    Feature("past_loans", DESCRIPTIVE, "credit", "more past loans", "fewer past loans"),
    Feature("defaulted_before", DESCRIPTIVE, "credit", "more past defaults", "fewer past defaults"),
    Feature(
        "log_digital_events_12m",
        DESCRIPTIVE,
        "behaviour",
        "more digital activity",
        "less digital activity",
    ),
    Feature("share_web_12m", DESCRIPTIVE, "behaviour", "more web use", "less web use"),
    Feature("share_app_12m", DESCRIPTIVE, "behaviour", "more app use", "less app use"),
    Feature("share_wechat_12m", DESCRIPTIVE, "behaviour", "more WeChat use", "less WeChat use"),
    Feature(
        "share_call_centre_12m",
        DESCRIPTIVE,
        "behaviour",
        "more call-centre use",
        "less call-centre use",
    ),
    Feature(
        "log_interactions_12m",
        DESCRIPTIVE,
        "behaviour",
        "more RM and branch contact",
        "less RM and branch contact",
    ),
    Feature("log_applications", DESCRIPTIVE, "journey", "more applications", "fewer applications"),
    Feature(
        "disbursed_share",
        DESCRIPTIVE,
        "journey",
        "more applications disbursed",
        "fewer applications disbursed",
    ),
)
"""Numeric features in the order the encoder sees them."""

CATEGORICAL_FEATURES: tuple[str, ...] = ("industry", "ownership", "region")

SOURCE_COLUMNS: tuple[str, ...] = (
    "firm_age_years",
    "employees",
    "high_tech",
    "listed",
    "revenue",
    "total_assets",
    "leverage",
    "interest_cover",
    "net_margin",
    "revenue_growth",
    "current_ratio",
    "internal_rating",
    "bureau_score",
    "past_loans",
    "defaulted_before",
    "n_digital_events_12m",
    "share_web_12m",
    "share_app_12m",
    "share_wechat_12m",
    "share_call_centre_12m",
    "n_interactions_12m",
    "n_applications",
    "n_disbursed",
    *CATEGORICAL_FEATURES,
)
"""Client 360 columns the features are derived from."""

FEATURE_BY_NAME: dict[str, Feature] = {f.name: f for f in FEATURES}

FEATURE_WORDS_ZH: dict[str, tuple[str, str, str]] = {
    "log_firm_age": ("成立年限", "成立更久", "成立更晚"),
    "log_employees": ("员工人数", "员工更多", "员工更少"),
    "high_tech": ("高新技术", "高新技术企业更多", "高新技术企业更少"),
    "listed": ("上市", "上市企业更多", "上市企业很少"),
    "log_revenue": ("营业收入", "营收更高", "营收更低"),
    "log_revenue_per_employee": ("人均营收", "人均营收更高", "人均营收更低"),
    "log_assets_to_revenue": ("资产营收比", "重资产", "轻资产"),
    "leverage": ("资产负债率", "杠杆更高", "杠杆更低"),
    "log_interest_cover": ("利息保障倍数", "利息保障更强", "利息保障更弱"),
    "net_margin": ("净利率", "利润率更高", "利润率更低"),
    "revenue_growth": ("营收增长率", "增长更快", "营收收缩"),
    "log_current_ratio": ("流动比率", "流动性更好", "流动性更差"),
    "rating_rank": ("内部评级", "内部评级更弱", "内部评级更好"),
    "bureau_score": ("征信评分", "征信评分更高", "征信评分更低"),
    "past_loans": ("历史贷款", "历史贷款更多", "历史贷款更少"),
    "defaulted_before": ("历史违约", "历史违约更多", "历史违约更少"),
    "log_digital_events_12m": ("数字渠道活跃度", "数字渠道更活跃", "数字渠道较少使用"),
    "share_web_12m": ("网银占比", "更多使用网上银行", "较少使用网上银行"),
    "share_app_12m": ("手机银行占比", "更多使用手机银行", "较少使用手机银行"),
    "share_wechat_12m": ("微信占比", "更多使用微信", "较少使用微信"),
    "share_call_centre_12m": ("客服中心占比", "更多使用客服中心", "较少使用客服中心"),
    "log_interactions_12m": ("客户经理与网点接触", "线下接触更多", "线下接触更少"),
    "log_applications": ("申请次数", "申请更多", "申请更少"),
    "disbursed_share": ("放款占比", "申请放款比例更高", "申请放款比例更低"),
}
"""Chinese (axis label, words above the portfolio, words below) of each numeric feature."""


def feature_label(name: str, lang: str = "en") -> str:
    """A feature's name on a chart axis: 'firm age' or '成立年限'."""
    if lang == "zh" and name in FEATURE_WORDS_ZH:
        return FEATURE_WORDS_ZH[name][0]
    return name.removeprefix("log_").replace("_", " ")


def feature_words(name: str, above: bool, lang: str = "en") -> str:
    """Words for a segment above (or below) the portfolio on a feature, in the report language."""
    if lang == "zh" and name in FEATURE_WORDS_ZH:
        return FEATURE_WORDS_ZH[name][1 if above else 2]
    feature = FEATURE_BY_NAME[name]
    return feature.higher if above else feature.lower


def _num(frame: pd.DataFrame, column: str) -> pd.Series:
    """A client 360 column as float (booleans 0/1, absent column all missing)."""
    if column not in frame.columns:
        return pd.Series(np.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[column].astype("Float64"), errors="coerce").astype(float)


def _log_positive(values: pd.Series) -> pd.Series:
    """log(x) for x > 0, missing otherwise (a ratio or amount that cannot be logged)."""
    return np.log(values.where(values > 0))


def _signed_log(values: pd.Series) -> pd.Series:
    """sign(x) * log(1 + |x|): keeps the sign of values that may be negative."""
    return np.sign(values) * np.log1p(values.abs())


def derive_features(client_360: pd.DataFrame) -> pd.DataFrame:
    """The segmentation features of each client (rows as in `client_360`), before imputation:
    numeric columns as named in `FEATURES`, then the categorical ones."""
    c = client_360
    revenue = _num(c, "revenue")
    employees = _num(c, "employees")
    n_apps = _num(c, "n_applications")
    rank = {r: i for i, r in enumerate(INTERNAL_RATINGS)}
    rating = c["internal_rating"].map(rank) if "internal_rating" in c.columns else pd.Series(np.nan)
    out = pd.DataFrame(
        {
            "log_firm_age": np.log1p(_num(c, "firm_age_years").clip(lower=0)),
            "log_employees": np.log1p(employees.clip(lower=0)),
            "high_tech": _num(c, "high_tech"),
            "listed": _num(c, "listed"),
            "log_revenue": _signed_log(revenue),
            "log_revenue_per_employee": _log_positive(revenue / employees),
            "log_assets_to_revenue": _log_positive(_num(c, "total_assets") / revenue),
            "leverage": _num(c, "leverage"),
            "log_interest_cover": _signed_log(_num(c, "interest_cover")),
            "net_margin": _num(c, "net_margin"),
            "revenue_growth": _num(c, "revenue_growth"),
            "log_current_ratio": _log_positive(_num(c, "current_ratio")),
            "rating_rank": pd.to_numeric(pd.Series(rating, index=c.index), errors="coerce"),
            "bureau_score": _num(c, "bureau_score"),
            "past_loans": _num(c, "past_loans"),
            "defaulted_before": _num(c, "defaulted_before"),
            "log_digital_events_12m": np.log1p(_num(c, "n_digital_events_12m").clip(lower=0)),
            "share_web_12m": _num(c, "share_web_12m"),
            "share_app_12m": _num(c, "share_app_12m"),
            "share_wechat_12m": _num(c, "share_wechat_12m"),
            "share_call_centre_12m": _num(c, "share_call_centre_12m"),
            "log_interactions_12m": np.log1p(_num(c, "n_interactions_12m").clip(lower=0)),
            "log_applications": np.log1p(n_apps.clip(lower=0)),
            "disbursed_share": _num(c, "n_disbursed") / n_apps.where(n_apps > 0),
        },
        index=c.index,
    )
    out = out.replace([np.inf, -np.inf], np.nan)
    for col in CATEGORICAL_FEATURES:
        values = c[col] if col in c.columns else pd.Series(pd.NA, index=c.index)
        out[col] = values.astype("object").where(values.notna(), None)
    return out


def feature_audit(features: pd.DataFrame) -> pd.DataFrame:
    """One row per feature: block, theme, missing count and share, distinct values, whether it is
    used, and the rule applied (imputation, or why it was dropped)."""
    rows = []
    n = len(features)
    for col in features.columns:
        values = features[col]
        missing = int(values.isna().sum())
        distinct = int(values.nunique(dropna=True))
        is_cat = col in CATEGORICAL_FEATURES
        feature = FEATURE_BY_NAME.get(col)
        if missing == n:
            used, rule = False, "dropped: all values missing"
        elif distinct <= 1:
            used, rule = False, "dropped: a single value, no information"
        elif missing and is_cat:
            used, rule = True, f"missing as its own level '{MISSING_LEVEL}'"
        elif missing:
            used, rule = True, "median imputed, missing indicator added"
        else:
            used, rule = True, "complete"
        rows.append(
            {
                "feature": col,
                "block": CATEGORICAL if is_cat else feature.group if feature else DESCRIPTIVE,
                "theme": "firmographics" if is_cat else feature.theme if feature else "",
                "missing": missing,
                "missing_share": missing / n if n else np.nan,
                "distinct": distinct,
                "used": used,
                "rule": rule,
            }
        )
    return pd.DataFrame(rows)


def dropped_features(audit: pd.DataFrame) -> pd.DataFrame:
    """The features left out of the clustering and why (empty when all are used)."""
    return audit.loc[~audit["used"], ["feature", "block", "missing", "distinct", "rule"]]


def used_columns(audit: pd.DataFrame) -> tuple[list[str], list[str], list[str]]:
    """(structural, descriptive, categorical) feature names that the encoder will use."""
    kept = audit[audit["used"]]
    by_block = {b: kept.loc[kept["block"] == b, "feature"].tolist() for b in GROUP_WEIGHTS}
    return by_block[STRUCTURAL], by_block[DESCRIPTIVE], by_block[CATEGORICAL]


def _numeric_pipeline() -> Pipeline:
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", add_indicator=True)),
            ("scale", RobustScaler()),
        ]
    )


def _categorical_pipeline() -> Pipeline:
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="constant", fill_value=MISSING_LEVEL)),
            (
                "onehot",
                OneHotEncoder(
                    min_frequency=RARE_LEVEL_SHARE,
                    handle_unknown="infrequent_if_exist",
                    sparse_output=False,
                ),
            ),
        ]
    )


def build_encoder(audit: pd.DataFrame) -> ColumnTransformer:
    """The encoder of the used features: numeric blocks imputed and robust-scaled, categoricals
    one-hot encoded, each block weighted by `GROUP_WEIGHTS`."""
    structural, descriptive, categorical = used_columns(audit)
    if not (structural or descriptive or categorical):
        raise InputError("client_360", "no usable segmentation feature (all missing or constant)")
    blocks = [
        (STRUCTURAL, _numeric_pipeline(), structural),
        (DESCRIPTIVE, _numeric_pipeline(), descriptive),
        (CATEGORICAL, _categorical_pipeline(), categorical),
    ]
    blocks = [b for b in blocks if b[2]]
    return ColumnTransformer(
        blocks,
        remainder="drop",
        transformer_weights={name: GROUP_WEIGHTS[name] for name, _, _ in blocks},
        verbose_feature_names_out=True,
    )


def require_source_columns(client_360: pd.DataFrame, columns: Sequence[str] = ()) -> None:
    """Stop with one line when the frame has none of the columns features are derived from."""
    wanted = list(columns) or list(SOURCE_COLUMNS)
    if not any(col in client_360.columns for col in wanted):
        raise InputError(
            "client_360",
            f"none of the segmentation source columns is present (expected e.g. {wanted[:5]})",
        )


RULE_ZH: dict[str, str] = {
    "dropped: all values missing": "已剔除：全部缺失",
    "dropped: a single value, no information": "已剔除：只有单一取值，无信息量",
    f"missing as its own level '{MISSING_LEVEL}'": f"缺失值单列为“{MISSING_LEVEL}”类别",
    "median imputed, missing indicator added": "以中位数填补，并加缺失标记",
    "complete": "无缺失",
}
"""Chinese wording of the audit's rules."""

BLOCK_ZH: dict[str, str] = {STRUCTURAL: "结构性", DESCRIPTIVE: "描述性", CATEGORICAL: "类别型"}

THEME_ZH: dict[str, str] = {
    "firmographics": "企业基本信息",
    "financials": "财务",
    "credit": "信用",
    "behaviour": "行为",
    "journey": "客户旅程",
}


def feature_audit_table(audit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The audit as a report shows it: block, theme and rule in the report language."""
    if lang != "zh":
        return audit
    return audit.assign(
        block=audit["block"].map(lambda b: BLOCK_ZH.get(b, b)),
        theme=audit["theme"].map(lambda t: THEME_ZH.get(t, t)),
        rule=audit["rule"].map(lambda r: RULE_ZH.get(r, r)),
    )


def _dropped_list(dropped: pd.DataFrame, lang: str) -> str:
    """'feature (reason); ...' of the dropped features (names Markdown-escaped)."""
    if lang == "zh":
        return "；".join(
            f"{md_escape(r.feature)}（{RULE_ZH.get(r.rule, r.rule).removeprefix('已剔除：')}）"
            for r in dropped.itertuples()
        )
    return "; ".join(
        f"{md_escape(r.feature)} ({r.rule.removeprefix('dropped: ')})" for r in dropped.itertuples()
    )


AUDIT_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "blocks": "{used} features describe each client: {structural} structural (firmographics "
        "and financials, full weight), {descriptive} descriptive (credit, behaviour, journey; "
        "weight {weight}) and {categorical} categorical (one-hot).",
        "none_missing": "No feature has missing values.",
        "imputed": "{n} have missing values, filled by the median (numeric, with a missing flag) "
        "or a 'missing' level (categorical); the most is {top} ({count} clients, {share}).",
        "none_dropped": "No feature had to be dropped.",
        "dropped": "Dropped: {listed}.",
    },
    "zh": {
        "blocks": "每个客户由 {used} 个特征描述：{structural} 个结构性特征（企业基本信息与财务，"
        "全权重）、{descriptive} 个描述性特征（信用、行为、客户旅程；权重 {weight}）和 "
        "{categorical} 个类别型特征（独热编码）。",
        "none_missing": "没有特征存在缺失值。",
        "imputed": "{n} 个特征有缺失值，数值型以中位数填补（并加缺失标记），类别型单列"
        "“missing”类别；缺失最多的是 {top}（{count} 户客户，{share}）。",
        "none_dropped": "没有特征需要剔除。",
        "dropped": "已剔除：{listed}。",
    },
}
"""The audit reading's sentences in each report language."""


def feature_audit_reading(audit: pd.DataFrame, lang: str = "en") -> str:
    """How many features feed the segmentation, what was imputed and what was dropped."""
    t = AUDIT_TEMPLATES["zh" if lang == "zh" else "en"]
    used = audit[audit["used"]]
    blocks = used["block"].value_counts()
    imputed = used[used["missing"] > 0].sort_values("missing", ascending=False)
    parts = [
        t["blocks"].format(
            used=len(used),
            structural=blocks.get(STRUCTURAL, 0),
            descriptive=blocks.get(DESCRIPTIVE, 0),
            weight=GROUP_WEIGHTS[DESCRIPTIVE],
            categorical=blocks.get(CATEGORICAL, 0),
        )
    ]
    if imputed.empty:
        parts.append(t["none_missing"])
    else:
        top = imputed.iloc[0]
        parts.append(
            t["imputed"].format(
                n=len(imputed),
                top=md_escape(top.feature),
                count=f"{int(top.missing):,}",
                share=f"{top.missing_share:.1%}",
            )
        )
    dropped = audit[~audit["used"]]
    parts.append(
        t["none_dropped"]
        if dropped.empty
        else t["dropped"].format(listed=_dropped_list(dropped, lang))
    )
    return ("" if lang == "zh" else " ").join(parts)
