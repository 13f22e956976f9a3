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
from journey_utils.segmentation.messages import MESSAGES

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
    """One segmentation feature: its name, block and theme (its words are the catalog's
    `feature_label.<name>`, `feature_higher.<name>` and `feature_lower.<name>`)."""

    name: str
    group: str
    theme: str


FEATURES: tuple[Feature, ...] = (
    Feature("log_firm_age", STRUCTURAL, "firmographics"),
    Feature("log_employees", STRUCTURAL, "firmographics"),
    Feature("high_tech", STRUCTURAL, "firmographics"),
    Feature("listed", STRUCTURAL, "firmographics"),
    Feature("log_revenue", STRUCTURAL, "financials"),
    Feature("log_revenue_per_employee", STRUCTURAL, "financials"),
    Feature("log_assets_to_revenue", STRUCTURAL, "financials"),
    Feature("leverage", STRUCTURAL, "financials"),
    Feature("log_interest_cover", STRUCTURAL, "financials"),
    Feature("net_margin", STRUCTURAL, "financials"),
    Feature("revenue_growth", STRUCTURAL, "financials"),
    Feature("log_current_ratio", DESCRIPTIVE, "financials"),
    Feature("rating_rank", DESCRIPTIVE, "credit"),
    Feature("bureau_score", DESCRIPTIVE, "credit"),
    Feature("past_loans", DESCRIPTIVE, "credit"),
    Feature("defaulted_before", DESCRIPTIVE, "credit"),
    Feature("log_digital_events_12m", DESCRIPTIVE, "behaviour"),
    Feature("share_web_12m", DESCRIPTIVE, "behaviour"),
    Feature("share_app_12m", DESCRIPTIVE, "behaviour"),
    Feature("share_wechat_12m", DESCRIPTIVE, "behaviour"),
    Feature("share_call_centre_12m", DESCRIPTIVE, "behaviour"),
    Feature("log_interactions_12m", DESCRIPTIVE, "behaviour"),
    Feature("log_applications", DESCRIPTIVE, "journey"),
    Feature("disbursed_share", DESCRIPTIVE, "journey"),
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


def feature_label(name: str, lang: str = "en") -> str:
    """A feature's name on a chart axis: 'firm age' or '成立年限'; a feature the catalog does not
    name reads as its column name without 'log_' and with spaces."""
    key = f"feature_label.{name}"
    return MESSAGES(key, lang) if key in MESSAGES else name.removeprefix("log_").replace("_", " ")


def feature_words(name: str, above: bool, lang: str = "en") -> str:
    """Words for a segment above (or below) the portfolio on a feature, in the report language."""
    return MESSAGES(f"feature_higher.{name}" if above else f"feature_lower.{name}", lang)


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


RULES: tuple[str, ...] = (
    "drop_reason.all_missing",
    "drop_reason.single_value",
    "audit_rule.missing_level",
    "audit_rule.imputed",
    "audit_rule.complete",
)
"""Catalog keys of the audit's rules: why a feature was dropped, or how it is used."""


def _rule(key: str, lang: str = "en") -> str:
    """An audit rule in words: 'dropped: <reason>' for a drop reason, else the rule itself."""
    if key.startswith("drop_reason."):
        return MESSAGES("rule_dropped", lang, reason=MESSAGES(key, lang))
    return MESSAGES(key, lang, level=MISSING_LEVEL)


def _rules_in(lang: str) -> dict[str, str]:
    """The audit's rules (as `feature_audit` writes them, in English) -> their words in `lang`."""
    return {_rule(key): _rule(key, lang) for key in RULES}


def feature_audit(features: pd.DataFrame) -> pd.DataFrame:
    """One row per feature: block, theme, missing count and share, distinct values, whether it is
    used, and the rule applied (imputation, or why it was dropped; in English, translated by
    `feature_audit_table`)."""
    rows = []
    n = len(features)
    for col in features.columns:
        values = features[col]
        missing = int(values.isna().sum())
        distinct = int(values.nunique(dropna=True))
        is_cat = col in CATEGORICAL_FEATURES
        feature = FEATURE_BY_NAME.get(col)
        if missing == n:
            used, rule = False, _rule("drop_reason.all_missing")
        elif distinct <= 1:
            used, rule = False, _rule("drop_reason.single_value")
        elif missing and is_cat:
            used, rule = True, _rule("audit_rule.missing_level")
        elif missing:
            used, rule = True, _rule("audit_rule.imputed")
        else:
            used, rule = True, _rule("audit_rule.complete")
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


def _in_words(code: object, prefix: str, lang: str) -> object:
    """A block or theme code in the report language (a code the catalog lacks stays as it is)."""
    key = f"{prefix}{code}"
    return MESSAGES(key, lang) if key in MESSAGES else code


def feature_audit_table(audit: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The audit as a report shows it: block, theme and rule in the report language."""
    rules = _rules_in(lang)
    return audit.assign(
        block=audit["block"].map(lambda b: _in_words(b, "block.", lang)),
        theme=audit["theme"].map(lambda t: _in_words(t, "theme.", lang)),
        rule=audit["rule"].map(lambda r: rules.get(r, r)),
    )


def _dropped_list(dropped: pd.DataFrame, lang: str) -> str:
    """'feature (reason); ...' of the dropped features (names Markdown-escaped)."""
    rules, prefix = _rules_in(lang), MESSAGES("rule_dropped", lang, reason="")
    return MESSAGES("clause_sep", lang).join(
        MESSAGES(
            "dropped_item",
            lang,
            feature=md_escape(r.feature),
            reason=rules.get(r.rule, r.rule).removeprefix(prefix),
        )
        for r in dropped.itertuples()
    )


def feature_audit_reading(audit: pd.DataFrame, lang: str = "en") -> str:
    """How many features feed the segmentation, what was imputed and what was dropped."""
    used = audit[audit["used"]]
    blocks = used["block"].value_counts()
    imputed = used[used["missing"] > 0].sort_values("missing", ascending=False)
    parts = [
        MESSAGES(
            "audit_blocks",
            lang,
            used=len(used),
            structural=blocks.get(STRUCTURAL, 0),
            descriptive=blocks.get(DESCRIPTIVE, 0),
            weight=GROUP_WEIGHTS[DESCRIPTIVE],
            categorical=blocks.get(CATEGORICAL, 0),
        )
    ]
    if imputed.empty:
        parts.append(MESSAGES("audit_none_missing", lang))
    else:
        top = imputed.iloc[0]
        parts.append(
            MESSAGES(
                "audit_imputed",
                lang,
                n=len(imputed),
                top=md_escape(top.feature),
                count=f"{int(top.missing):,}",
                share=f"{top.missing_share:.1%}",
            )
        )
    dropped = audit[~audit["used"]]
    parts.append(
        MESSAGES("audit_none_dropped", lang)
        if dropped.empty
        else MESSAGES("audit_dropped", lang, listed=_dropped_list(dropped, lang))
    )
    return MESSAGES("sentence_sep", lang).join(parts)
