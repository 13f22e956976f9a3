"""Funnel counts against direct counts of the raw stage events, Wilson intervals against
statsmodels, and the funnel comparison against the planted form-simplification effect."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.journey.funnel import (
    funnel_comparison_table,
    funnel_table,
    plot_funnel,
    plot_funnel_comparison,
    with_period,
)
from text_checks import has_cjk


def test_counts_equal_direct_count(small_scale) -> None:
    log = small_scale.log
    table = funnel_table(log, min_cell_size=1).set_index("stage")
    direct = log.groupby("stage")["application_id"].nunique()
    for stage, n in direct.items():
        assert table.loc[stage, "cases"] == n
    disbursed = log.loc[log["outcome"] == "disbursed", "application_id"].nunique()
    assert table.index[-1] == "disbursed"
    assert table.loc["disbursed", "cases"] == disbursed
    assert table["stage_order"].tolist() == list(range(1, len(table) + 1))


def test_conversions_and_wilson_intervals(small_scale) -> None:
    table = funnel_table(small_scale.log, confidence=0.9, min_cell_size=1)
    cases = table["cases"].to_numpy()
    rest = table.iloc[1:]
    assert rest["step_conversion"].to_numpy() == pytest.approx(cases[1:] / cases[:-1])
    assert rest["cumulative_conversion"].to_numpy() == pytest.approx(cases[1:] / cases[0])
    low, high = proportion_confint(cases[1:], cases[:-1], alpha=0.1, method="wilson")
    assert rest["step_low"].to_numpy() == pytest.approx(low)
    assert rest["step_high"].to_numpy() == pytest.approx(high)
    assert (rest["step_low"] <= rest["step_conversion"]).all()
    assert (rest["step_conversion"] <= rest["step_high"]).all()
    assert (rest["cum_low"] <= rest["cumulative_conversion"]).all()
    assert (rest["cumulative_conversion"] <= rest["cum_high"]).all()


def test_grouped_counts_equal_direct_count(small_scale) -> None:
    log = small_scale.log
    table = funnel_table(log, by="product", min_cell_size=1).set_index(["product", "stage"])
    direct = log.groupby(["product", "stage"])["application_id"].nunique()
    for key, n in direct.items():
        assert table.loc[key, "cases"] == n


def test_by_period_splits_cases_by_start(small_scale) -> None:
    log = with_period(small_scale.log, freq="Q")
    table = funnel_table(log, by="period", min_cell_size=1)
    first = table[table["stage_order"] == 1]
    assert first["cases"].sum() == log["application_id"].nunique()
    with pytest.raises(InputError, match="frequency"):
        with_period(small_scale.log, freq="fortnightly")


def tiny_log() -> pd.DataFrame:
    """Case c3 (channel web) never reaches due diligence; no case has an information stage."""
    rows = [
        ("c1", "branch", "application", "disbursed"),
        ("c1", "branch", "due_diligence", "disbursed"),
        ("c2", "branch", "application", "declined"),
        ("c2", "branch", "due_diligence", "declined"),
        ("c3", "web", "application", "abandoned"),
    ]
    frame = pd.DataFrame(rows, columns=["application_id", "channel", "stage", "outcome"])
    frame["ts"] = pd.Timestamp("2024-01-01")
    return frame


def test_group_lacking_a_stage_and_log_lacking_one() -> None:
    table = funnel_table(tiny_log(), by="channel", min_cell_size=1)
    assert "information" not in set(table["stage"])  # absent from the whole log: left out
    web = table[table["channel"] == "web"].set_index("stage")
    assert web.loc["due_diligence", "cases"] == 0
    assert web.loc["due_diligence", "step_conversion"] == 0
    assert np.isnan(web.loc["disbursed", "step_conversion"])  # 0 / 0
    branch = table[table["channel"] == "branch"].set_index("stage")
    assert branch.loc["disbursed", "cases"] == 1
    assert branch.loc["disbursed", "cumulative_conversion"] == 0.5


def test_bad_input_is_named() -> None:
    with pytest.raises(InputError, match="segment"):
        funnel_table(tiny_log(), by="segment", min_cell_size=1)
    with pytest.raises(InputError, match="teleport"):
        funnel_table(tiny_log(), stages=["teleport"], min_cell_size=1)
    with pytest.raises(InputError, match="no events with channel"):
        funnel_comparison_table(tiny_log(), "channel", "branch", "fax")


def resolved_treated(data) -> pd.DataFrame:
    """Resolved cases at the branches that got the simplified form."""
    treated = data.truth["interventions"]["form_simplification"]["treated_branches"]
    log = data.log
    return log[log["branch_id"].isin(treated) & (log["outcome"] != "in_progress")]


def test_comparison_detects_form_simplification(default_scale) -> None:
    truth = default_scale.truth["interventions"]["form_simplification"]
    planted = truth["effects_on_treated_post"]["completion_rate_pp"] / 100
    log = resolved_treated(default_scale)
    table = funnel_comparison_table(log, "form_version", "v1_standard", "v2_simplified")
    # application completed = reached due diligence
    row = table.set_index("stage").loc["due_diligence"]
    assert planted > 0
    assert row["difference"] > 0
    assert row["diff_low"] > 0 and row["p_holm"] < 0.01
    assert (table["p_holm"] >= table["p_value"]).all()


def test_comparison_finds_nothing_in_random_splits_beyond_its_error_rate(default_scale) -> None:
    """Random halves of the same cases differ only by chance: the Holm-adjusted comparison may
    flag one 5% of the time (family-wise), so 40 random splits may flag a few but not more than
    a correct test does with probability 0.005 (one split alone would be one draw of luck)."""
    log = default_scale.log
    cases = log["application_id"].unique()
    rng = np.random.default_rng(20240601)
    n_splits, flagged = 40, 0
    budget = int(sps.binom.isf(0.005, n_splits, 0.05))
    for _ in range(n_splits):
        group_b = set(cases[rng.random(len(cases)) < 0.5])
        in_b = log["application_id"].isin(group_b).to_numpy()
        table = funnel_comparison_table(log, None, ~in_b, in_b)
        flagged += bool((table["p_holm"] <= 0.05).any())
        total = table["cases_a"].iloc[0] + table["cases_b"].iloc[0]
        assert total <= log["application_id"].nunique()
    assert flagged <= budget, f"{flagged} of {n_splits} random splits flagged (budget {budget})"


def test_plots_draw_their_tables(small_scale) -> None:
    log = small_scale.log
    table = funnel_table(log, min_cell_size=1)
    ax = plot_funnel(table)
    widths = sorted(p.get_width() for p in ax.patches)
    assert widths == sorted(table["cases"].astype(float))
    ax = plot_funnel(funnel_table(log, by="channel", min_cell_size=1), by="channel", lang="zh")
    assert ax.get_legend() is not None
    assert ax.get_legend().get_title().get_text() == "渠道"
    assert all(has_cjk(t.get_text()) for t in ax.get_legend().get_texts())
    products = sorted(log["product"].unique())[:2]
    compared = funnel_comparison_table(log, "product", *products)
    ax = plot_funnel_comparison(compared, "product", *products, lang="zh")
    assert has_cjk(ax.get_xlabel()) and has_cjk(ax.get_title())
    points = ax.collections[-1].get_offsets()  # one point per step at its difference
    assert np.allclose(points[:, 0], compared["difference"], equal_nan=True)
    assert all(has_cjk(t.get_text()) for t in ax.get_yticklabels())
    ax = plot_funnel_comparison(compared, "product", *products)
    assert len(ax.get_yticklabels()) == len(STAGES)
    cumulative = funnel_comparison_table(log, "product", *products, measure="cumulative")
    ax = plot_funnel_comparison(cumulative, "product", *products)
    assert ax.get_xlabel().startswith("difference in cumulative conversion")
    with pytest.raises(InputError, match="at most"):
        plot_funnel(
            funnel_table(log, by="branch_id", min_cell_size=1), by="branch_id", max_groups=3
        )


def test_counts_equal_a_direct_count_of_the_raw_stage_event_file(default_scale) -> None:
    """From the generator's raw file (dirty rows included), minus exactly the rows integration
    quarantined: the funnel loses and invents nothing between the source and the report."""
    params = default_scale.params
    raw = pd.read_parquet(params.raw_dir / "stage_events.parquet")
    raw["_row"] = range(1, len(raw) + 1)
    quarantined = pd.read_parquet(params.processed_dir / "quarantine" / "stage_events.parquet")
    assert len(quarantined) > 0  # the default data set carries dirty rows on purpose
    kept = raw[~raw["_row"].isin(quarantined["_row"])]
    direct = kept.groupby("stage")["application_id"].nunique()
    table = funnel_table(default_scale.log, min_cell_size=1).set_index("stage")
    for stage, cases in direct.items():
        assert table.loc[stage, "cases"] == cases, stage


def test_funnel_matrix_has_one_row_per_publishable_group(small_scale) -> None:
    from journey_utils.journey.funnel import funnel_matrix_table, plot_funnel_matrix

    log = small_scale.log
    matrix = funnel_matrix_table(log, "product", min_cell_size=20)
    per_product = log.groupby("product")["application_id"].nunique()
    assert set(matrix["product"]) == set(per_product[per_product >= 20].index)
    assert matrix["cases"].is_monotonic_decreasing
    row = matrix.set_index("product").iloc[0]
    name = matrix["product"].iloc[0]
    cases = log[log["product"] == name]
    reached = cases.loc[cases["stage"] == "approval", "application_id"].nunique()
    assert row["approval"] == pytest.approx(reached / row["cases"])
    assert "information" not in matrix.columns  # the first stage is the 100% base
    ax = plot_funnel_matrix(matrix)
    assert len(ax.get_yticklabels()) == len(matrix)
