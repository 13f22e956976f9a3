"""The segmentation catalog: every key the package names exists, every key is used, and known
sentences read as they did before the text moved into the catalog (ADR 0028)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.segmentation.features import feature_audit_reading, feature_audit_table
from journey_utils.segmentation.messages import MESSAGES
from journey_utils.segmentation.model import (
    k_diagnostics_reading,
    segments_saved_reading,
    stability_reading,
)
from journey_utils.segmentation.profiles import (
    key_features,
    name_segments,
    segment_name,
    strategy_for,
    strategy_reading,
)

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "journey_utils" / "segmentation"
SOURCE = "\n".join(
    p.read_text("utf-8") for p in sorted(PACKAGE.glob("*.py")) if p.stem != "messages"
)
CALL = r"MESSAGES(?:\.template)?\(\s*"
LITERAL_KEYS = set(re.findall(CALL + r'"([^"]+)"', SOURCE))
PREFIXES = set(re.findall(r'f"([a-z_]+\.)\{', SOURCE)) | set(re.findall(r'"([a-z_]+\.)"', SOURCE))
"""Key prefixes of label maps, looked up as f"industry_noun.{code}" or by a prefix argument."""
CATALOG_PREFIXES = {k[: k.index(".") + 1] for k in MESSAGES.entries if "." in k}
DOTTED_LITERALS = {
    k
    for k in re.findall(r'"([a-z_]+\.[a-z_]+)"', SOURCE)
    if k[: k.index(".") + 1] in CATALOG_PREFIXES
}
"""Whole keys of label maps the source writes out ("product.sci_tech", "seed_rule.none")."""


def test_the_source_names_keys() -> None:
    assert {"k_chosen", "stability_reading", "sentence_sep"} <= LITERAL_KEYS
    assert {"industry_noun.", "feature_label.", "channel."} <= PREFIXES
    assert {"product.sci_tech", "seed_rule.none", "drop_reason.all_missing"} <= DOTTED_LITERALS


def test_every_key_the_source_names_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "segmentation") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "segmentation") == []


def _traits(**overrides: object) -> pd.Series:
    """A mature state-owned segment of builders and utilities (names read from these traits)."""
    base = {
        "segment": 1, "median_firm_age": 20.0, "median_revenue_growth": 0.03,
        "median_employees": 300, "median_net_margin": 0.05, "median_leverage": 0.5,
        "high_tech_share": 0.1, "top_ownership": "state_owned", "top_ownership_share": 0.8,
        "top_industry": "construction", "top_industry_share": 0.4,
        "second_industry": "energy_utilities", "second_industry_share": 0.4,
        "interactions_12m": 1.0, "portfolio_interactions_12m": 1.0, "web_share": 0.5,
        "app_share": 0.3, "wechat_share": 0.1, "call_centre_share": 0.1,
    }  # fmt: skip
    return pd.Series({**base, **overrides})


AUDIT = pd.DataFrame(
    {
        "feature": ["log_revenue", "region", "listed"],
        "block": ["structural", "categorical", "structural"],
        "theme": ["financials", "firmographics", "firmographics"],
        "missing": [0, 30, 100],
        "missing_share": [0.0, 0.3, 1.0],
        "distinct": [100, 4, 0],
        "used": [True, True, False],
        "rule": ["complete", "missing as its own level 'missing'", "dropped: all values missing"],
    }
)
STABILITY = pd.DataFrame(
    {"resample": [1, 2, 3], "clients": [1000] * 3, "adjusted_rand_index": [0.85, 0.9, 0.95]}
)
STRATEGY = pd.DataFrame(
    {
        "segment_name": ["Alpha", "Beta"],
        "clients": [30, 70],
        "seed_rule": ["start-ups: low threshold", "none of the three"],
    }
)


def test_known_sentences_read_as_before_in_english() -> None:
    assert feature_audit_reading(AUDIT) == (
        "2 features describe each client: 1 structural (firmographics and financials, full "
        "weight), 0 descriptive (credit, behaviour, journey; weight 0.25) and 1 categorical "
        "(one-hot). 1 have missing values, filled by the median (numeric, with a missing flag) or "
        "a 'missing' level (categorical); the most is region (30 clients, 30.0%). Dropped: listed "
        "(all values missing)."
    )
    assert feature_audit_table(AUDIT).equals(AUDIT)
    assert stability_reading(STABILITY) == (
        "Across 3 refits on 1,000 clients each, the agreement with the full segmentation "
        "(adjusted Rand index) has median 0.90, ranging 0.85–0.95. The segments are stable: "
        "refitting on other clients gives essentially the same groups (threshold 0.8)."
    )
    assert k_diagnostics_reading(pd.DataFrame()) == (
        "Too few clients to compare numbers of segments."
    )
    saved = SimpleNamespace(segments=pd.DataFrame(index=range(2500)))
    assert segments_saved_reading(Path("x/segments.parquet"), saved) == (
        "The segment of each of the 2,500 clients is saved as `segments.parquet` (client_id, "
        "segment, names) with the fitted model (`segment_model.joblib`) beside it in the run's "
        "processed folder: the risk, case-study and funnel notebooks read the same segments, and "
        "`predict_segments` places a new client without refitting."
    )
    assert strategy_reading(STRATEGY) == (
        "Low-threshold products: *Alpha* (30% of clients). No segment matches the rule for high "
        "limits and flexible repayment. No segment matches the rule for the specialised tech risk "
        "model."
    )
    diffs = pd.DataFrame({"log_firm_age": [-1.8]}, index=pd.Index([4], name="segment"))
    assert key_features(diffs, 4) == ["younger firms (-1.8 SD)"]


def test_known_sentences_read_as_before_in_chinese() -> None:
    assert feature_audit_reading(AUDIT, "zh") == (
        "每个客户由 2 个特征描述：1 个结构性特征（企业基本信息与财务，全权重）、0 个描述性特征"
        "（信用、行为、客户旅程；权重 0.25）和 1 个类别型特征（独热编码）。1 个特征有缺失值，"
        "数值型以中位数填补（并加缺失标记），类别型单列“missing”类别；缺失最多的是 region"
        "（30 户客户，30.0%）。已剔除：listed（全部缺失）。"
    )
    table = feature_audit_table(AUDIT, "zh")
    assert table["rule"].tolist() == ["无缺失", "缺失值单列为“missing”类别", "已剔除：全部缺失"]
    assert table["block"].tolist() == ["结构性", "类别型", "结构性"]
    assert stability_reading(STABILITY, "zh") == (
        "在 3 次重抽样拟合中（每次 1,000 户客户），与全量分群的一致性（调整兰德指数）中位数为 "
        "0.90，范围 0.85–0.95。分群稳定：换一批客户重新拟合，得到的分群基本相同（阈值 0.8）。"
    )
    assert k_diagnostics_reading(pd.DataFrame(), "zh") == "客户太少，无法比较不同的分群数。"
    zh_strategy = STRATEGY.assign(
        segment_name=["甲", "乙"], seed_rule=["初创企业：低门槛", "三条规则均不适用"]
    )
    assert strategy_reading(zh_strategy, "zh") == (
        "低门槛产品：*甲*（占客户的 30%）。没有分群适用“高额度与灵活还款”规则。"
        "没有分群适用“科技企业专属风险模型”规则。"
    )


def test_names_read_as_before() -> None:
    assert segment_name(_traits()) == (
        "Mature state-owned builders and utilities",
        "成熟国有建筑与能源公用企业",
    )
    assert segment_name(_traits(top_ownership="private", high_tech_share=0.6)) == (
        "Mature high-tech firms",
        "成熟科技型企业",
    )
    twins = pd.DataFrame(
        [_traits(segment=1, median_net_margin=-0.1), _traits(segment=2), _traits(segment=3)]
    )
    twins["median_net_margin"] = [-0.1, 0.05, 0.08]
    en, zh = name_segments(twins)
    assert en[1] == "Mature state-owned builders and utilities, loss-making"
    assert zh[1] == "亏损的成熟国有建筑与能源公用企业"
    assert en[2] == "Mature state-owned builders and utilities (2)"
    assert zh[3] == "成熟国有建筑与能源公用企业（3）"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            {
                "product": "Low-threshold products: inclusive micro loans / starter credit, light "
                "documents",
                "limit_and_repayment": "Small starting limit, raised with repayment history; "
                "monthly instalments",
                "risk_model": "Start-up scorecard (founders, cash runway, short history)",
                "service_channel": "Online banking (web) with RM back-up",
                "seed_rule": "start-ups: low threshold",
            },
        ),
        (
            "zh",
            {
                "product": "低门槛产品：普惠小微贷款 / 初创信用贷，材料从简",
                "limit_and_repayment": "起始额度小，随还款记录提额；按月分期",
                "risk_model": "初创企业评分卡（创始人、现金可支撑期、短经营历史）",
                "service_channel": "网上银行，客户经理支持",
                "seed_rule": "初创企业：低门槛",
            },
        ),
    ],
)
def test_strategy_cells_read_as_before(lang: str, expected: dict[str, str]) -> None:
    start_up = _traits(median_firm_age=2.0, top_ownership="private", median_employees=30)
    assert strategy_for(start_up, lang) == expected
