"""Segment profiles: cards against the portfolio, names by rule, the map and the strategy rules."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from journey_utils.disclosure import mask_small_groups
from journey_utils.segmentation.fit import fit_segments
from journey_utils.segmentation.profiles import (
    feature_differences,
    key_features,
    lifecycle,
    name_segments,
    plot_segment_map,
    plot_segment_outcomes,
    segment_map_table,
    segment_name,
    segment_outcomes_table,
    segment_profile_reading,
    segment_profile_table,
    segment_strategy_table,
    segment_traits,
    strategy_for,
    strategy_reading,
)
from text_checks import has_cjk, same_numbers


def traits(**overrides: object) -> pd.Series:
    """One segment's traits: an unremarkable mid-sized private manufacturer, then overrides."""
    base = {
        "segment": 1,
        "clients": 500,
        "median_firm_age": 10.0,
        "median_employees": 300,
        "median_leverage": 0.5,
        "median_net_margin": 0.05,
        "median_revenue_growth": 0.03,
        "high_tech_share": 0.1,
        "top_industry": "manufacturing",
        "top_industry_share": 0.8,
        "top_ownership": "private",
        "top_ownership_share": 0.8,
        "interactions_12m": 1.0,
        "portfolio_interactions_12m": 1.0,
        "web_share": 0.5,
        "app_share": 0.3,
        "wechat_share": 0.1,
        "call_centre_share": 0.1,
        "npl_rate": 0.03,
        "portfolio_npl_rate": 0.05,
    }
    return pd.Series({**base, **overrides})


def test_start_ups_get_the_low_threshold_product() -> None:
    s = strategy_for(traits(median_firm_age=2.5, median_employees=20))
    assert s["product"].startswith("Low-threshold")
    assert "start-ups: low threshold" in s["seed_rule"]
    assert "Start-up scorecard" in s["risk_model"]


def test_mature_firms_get_high_limits_and_flexible_repayment() -> None:
    s = strategy_for(traits(median_firm_age=25.0))
    assert s["limit_and_repayment"].startswith("High limit, flexible repayment")
    assert s["seed_rule"] == "mature firms: high limits, flexible repayment"


def test_high_tech_gets_the_specialised_risk_model() -> None:
    s = strategy_for(traits(high_tech_share=0.9, top_industry="software_it"))
    assert s["risk_model"].startswith("Specialised tech risk model")
    assert s["seed_rule"] == "high-tech: specialised risk model"


def test_a_plain_segment_matches_no_seed_rule() -> None:
    s = strategy_for(traits())
    assert s["seed_rule"] == "none of the three"
    assert s["risk_model"] == "Standard corporate scorecard"


def test_declining_or_risky_segments_get_capped_limits() -> None:
    declining = traits(median_firm_age=30.0, median_revenue_growth=-0.15)
    assert lifecycle(declining) == "declining"
    assert strategy_for(declining)["limit_and_repayment"].startswith("Limit capped")
    risky = traits(npl_rate=0.12)
    assert strategy_for(risky)["limit_and_repayment"].startswith("Limit capped")


def test_service_channel_follows_the_segment() -> None:
    assert strategy_for(traits(interactions_12m=2.0))["service_channel"].startswith("Dedicated")
    app = traits(app_share=0.6, web_share=0.2)
    assert strategy_for(app)["service_channel"] == "Mobile app self-service"


def test_key_features_are_the_largest_differences_in_words() -> None:
    diffs = pd.DataFrame(
        {"log_firm_age": [-1.8], "leverage": [0.9], "net_margin": [0.2], "listed": [-0.6]},
        index=pd.Index([4], name="segment"),
    )
    assert key_features(diffs, 4) == [
        "younger firms (-1.8 SD)",
        "higher leverage (+0.9 SD)",
        "rarely listed (-0.6 SD)",
    ]


def test_names_come_from_rules_and_are_unique() -> None:
    tech = traits(median_firm_age=2.0, high_tech_share=0.9, top_industry="software_it")
    assert segment_name(tech)[0] == "Young high-tech software firms"
    soe = traits(
        median_firm_age=35.0,
        top_ownership="state_owned",
        top_ownership_share=0.9,
        top_industry="construction",
        top_industry_share=0.4,
    )
    assert segment_name(soe) == ("Mature state-owned mixed-industry firms", "成熟国有多行业企业")
    pair = soe.copy()
    pair["second_industry"], pair["second_industry_share"] = "energy_utilities", 0.4
    assert segment_name(pair)[0] == "Mature state-owned builders and utilities"
    micro = traits(median_employees=6, top_industry="hospitality", top_industry_share=0.55)
    assert segment_name(micro)[0] == "Micro hospitality businesses"
    en, zh = name_segments(pd.DataFrame([traits(segment=1), traits(segment=2)]))
    assert en[1] != en[2] and zh[1] != zh[2]


def test_profile_cards_on_the_toy_portfolio(toy: pd.DataFrame) -> None:
    result = fit_segments(toy, k=2, seed=0, min_cell_size=10)
    profile = segment_profile_table(toy, result, min_cell_size=10).set_index("segment_name")
    young = profile.loc["Young high-tech software firms"]
    assert young["clients"] == toy["high_tech"].sum()  # the toy's young half
    assert young["share"] == toy["high_tech"].mean()
    assert young["key_features"].count("SD)") == 3
    apps = toy.loc[toy["high_tech"], "n_applications"]
    assert young["conversion"] == (apps > 0).sum() / apps.sum()
    strategy = segment_strategy_table(toy, result, min_cell_size=10).set_index("segment_name")
    assert strategy.loc["Mature state-owned manufacturers", "product"].startswith("Project")
    assert "Young high-tech software firms" in strategy_reading(strategy.reset_index())


def test_profile_and_strategy_tables_mask_small_segments(toy: pd.DataFrame) -> None:
    """Each table masks a segment of fewer than `min_cell_size` clients itself: its counts and
    rates are blank, its name stays, and `masked` says which rows; larger segments show as is."""
    result = fit_segments(toy, k=2, seed=0, min_cell_size=10)
    for table in (segment_profile_table, segment_strategy_table):
        shown = table(toy, result, min_cell_size=10)
        assert not shown["masked"].any() and shown["clients"].sum() == len(toy)
        hidden = table(toy, result, min_cell_size=101)  # both toy segments have 100 clients
        assert hidden["masked"].all(), table.__name__
        assert hidden[["clients", "conversion", "npl_rate"]].isna().all().all(), table.__name__
        assert hidden["segment_name"].tolist() == shown["segment_name"].tolist()


def test_profiles_on_the_default_portfolio(default_segmented: Any) -> None:
    s = default_segmented
    profile = segment_profile_table(s.client_360, s.result, min_cell_size=10)
    assert profile["clients"].sum() == len(s.client_360)
    assert np.isclose(profile["share"].sum(), 1.0)
    assert profile["segment_name"].is_unique
    # The archetype with the highest planted risk (declining, leveraged firms) shows up riskiest.
    t = segment_traits(s.client_360, s.result)
    assert t.loc[t["npl_rate"].idxmax(), "median_leverage"] >= 0.7
    masked = mask_small_groups(profile, "clients", min_cell_size=10**6)
    assert "dash" not in segment_profile_reading(masked)
    assert segment_profile_reading(profile).startswith(f"{s.result.k} segments")
    diffs = feature_differences(s.client_360, s.result)
    assert diffs.shape[0] == s.result.k and diffs.abs().max().max() > 1


def _segment_labels(profile: pd.DataFrame) -> list[str]:
    """The chart labels of a profile's segments: '3 · Small traders'."""
    pairs = zip(profile["segment"], profile["segment_name"], strict=True)
    return [f"{int(segment)} · {name}" for segment, name in pairs]


def test_charts_draw_the_default_profile_without_small_segments(default_segmented: Any) -> None:
    """With the minimum cell size set between the segment sizes, the segment map and the
    outcome bars draw exactly the segments at or above it: their labels, their standardised
    differences (clipped at ±2 SD) and their three measures; the smaller ones are absent."""
    s = default_segmented
    profile = segment_profile_table(s.client_360, s.result, min_cell_size=10)
    diffs = feature_differences(s.client_360, s.result)
    cut = int(profile["clients"].median())  # about half the segments fall below it
    shown = profile[profile["clients"] >= cut]
    left_out = set(_segment_labels(profile)) - set(_segment_labels(shown))
    assert 0 < len(shown) < len(profile)
    ax = plot_segment_map(segment_map_table(diffs, profile, min_cell_size=cut))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == _segment_labels(shown) and not left_out & set(labels)
    cells = diffs.loc[shown["segment"].astype(int)].clip(-2, 2).to_numpy(float)
    assert np.allclose(ax.collections[0].get_array().reshape(cells.shape), cells)
    ax = plot_segment_outcomes(segment_outcomes_table(profile, min_cell_size=cut))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == _segment_labels(shown)[::-1]  # the largest segment on top
    widths = [bar.get_width() for bar in ax.patches]
    assert len(widths) == 3 * len(shown)  # share, conversion, NPL rate per segment
    for i, column in enumerate(("share", "conversion", "npl_rate")):
        drawn = widths[i * len(shown) : (i + 1) * len(shown)]
        assert np.allclose(drawn, shown[column].astype(float)[::-1], equal_nan=True), column


def test_the_segment_map_of_a_masked_profile_is_the_map_of_the_full_one(
    default_segmented: Any,
) -> None:
    """The report draws the map from the profile as shown (small segments masked at the run's
    minimum cell size): it holds the same segments and differences as the map of the unmasked
    profile, since the map leaves those segments out itself."""
    s = default_segmented
    full = segment_profile_table(s.client_360, s.result, min_cell_size=1)
    cut = int(full["clients"].median())  # about half the segments fall below it
    masked = segment_profile_table(s.client_360, s.result, min_cell_size=cut)
    assert 0 < masked["masked"].sum() < len(masked)
    diffs = feature_differences(s.client_360, s.result)
    pd.testing.assert_frame_equal(
        segment_map_table(diffs, masked, min_cell_size=cut),
        segment_map_table(diffs, full, min_cell_size=cut),
    )


def test_charts_leave_out_small_segments(toy: pd.DataFrame) -> None:
    result = fit_segments(toy, k=2, seed=0, min_cell_size=10)
    profile = segment_profile_table(toy, result, min_cell_size=10)
    table = segment_map_table(feature_differences(toy, result), profile, min_cell_size=101)
    ax = plot_segment_map(table)
    assert len(ax.get_yticklabels()) == 0
    outcomes = segment_outcomes_table(profile, min_cell_size=101)
    assert outcomes.empty and len(plot_segment_outcomes(outcomes).patches) == 0


def test_segments_that_would_share_a_name_are_told_apart_by_a_trait() -> None:
    from journey_utils.segmentation.profiles import name_segments

    base = {
        "median_firm_age": 2.0, "median_employees": 15.0, "median_revenue": 1e6,
        "median_leverage": 0.3, "median_revenue_growth": 0.4, "top_ownership": "private",
        "top_ownership_share": 0.9, "high_tech_share": 0.9, "top_industry": "software_it",
        "top_industry_share": 0.6,
    }  # fmt: skip
    traits = pd.DataFrame(
        [
            {**base, "segment": 1, "median_net_margin": 0.05},
            {**base, "segment": 2, "median_net_margin": -0.20},
        ]
    )
    en, _zh = name_segments(traits)
    assert en[1] != en[2]
    assert en[2].endswith(", loss-making") and en[2].startswith(en[1])
    assert "tech tech" not in en[1].lower()


def test_key_features_in_chinese() -> None:
    diffs = pd.DataFrame({"log_firm_age": [-1.8]}, index=pd.Index([4], name="segment"))
    assert key_features(diffs, 4, "zh") == ["成立更晚（-1.8 个标准差）"]


def test_profile_and_strategy_in_chinese_on_the_toy_portfolio(toy: pd.DataFrame) -> None:
    result = fit_segments(toy, k=2, seed=0, min_cell_size=10)
    en_profile = segment_profile_table(toy, result, min_cell_size=10)
    zh_profile = segment_profile_table(toy, result, min_cell_size=10, lang="zh")
    assert zh_profile["key_features"].map(has_cjk).all()
    en, zh = segment_profile_reading(en_profile), segment_profile_reading(zh_profile, "zh")
    assert has_cjk(zh) and "初创科技型软件企业" in zh
    assert same_numbers(en, zh, distinct=True), (en, zh)
    en_strategy = segment_strategy_table(toy, result, min_cell_size=10)
    zh_strategy = segment_strategy_table(toy, result, "zh", min_cell_size=10)
    cells = zh_strategy[["product", "limit_and_repayment", "risk_model", "service_channel"]]
    assert cells.map(has_cjk).all().all()
    assert zh_strategy[["clients", "conversion"]].equals(en_strategy[["clients", "conversion"]])
    en, zh = strategy_reading(en_strategy), strategy_reading(zh_strategy, "zh")
    assert "初创科技型软件企业" in zh and "低门槛产品" in zh
    assert same_numbers(en, zh, distinct=True), (en, zh)
    assert strategy_reading(zh_strategy) == strategy_reading(en_strategy).replace(
        "Young high-tech software firms", "初创科技型软件企业"
    ).replace("Mature state-owned manufacturers", "成熟国有制造企业")


def test_every_strategy_cell_has_a_chinese_wording() -> None:
    variants = [
        traits(median_firm_age=2.5, median_employees=20),
        traits(median_firm_age=25.0, high_tech_share=0.9),
        traits(median_leverage=0.9, top_ownership="state_owned"),
        traits(top_industry="agriculture", interactions_12m=2.0, median_employees=5),
        traits(),
    ]
    for t in variants:
        en, zh = strategy_for(t), strategy_for(t, "zh")
        assert set(zh) == set(en) and all(has_cjk(cell) for cell in zh.values()), zh
        assert len(zh["seed_rule"].split("；")) == len(en["seed_rule"].split("; "))


def test_segment_map_labels_features_in_chinese(toy: pd.DataFrame) -> None:
    result = fit_segments(toy, k=2, seed=0, min_cell_size=10)
    profile = segment_profile_table(toy, result, min_cell_size=10, lang="zh")
    table = segment_map_table(feature_differences(toy, result), profile, min_cell_size=10)
    ax = plot_segment_map(table, lang="zh")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "成立年限" in labels and all(has_cjk(t) for t in labels)
