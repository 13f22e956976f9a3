"""Rate sensitivity: offers, per-group acceptance logits and curves, checked on hand-made offers
and on the default portfolio's found segments (the planted per-archetype slopes over seeds:
test_rates_over_seeds)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from journey_utils.errors import InputError
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.processed import load_client_360
from journey_utils.params.run import load_params
from journey_utils.plotting import PALETTE
from journey_utils.risk.rates import (
    PORTFOLIO_GREY,
    SMALL_MULTIPLES_ABOVE,
    acceptance_curves_table,
    elasticity_reading,
    elasticity_table,
    offer_frame,
    plot_acceptance_curves,
)
from journey_utils.segmentation.fit import fit_segments
from text_checks import CJK, same_numbers

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def default_offers(default_portfolio) -> dict:
    """params/default.yaml as shipped: offers with the true archetype and the found segment."""
    params = default_portfolio
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
        arch = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
        arch["client_id"] = pseudonymiser(params).pseudonymise(arch["client_id"], "C")
    truth = pd.read_json(params.root / "truth" / "truth.json", typ="series")["rate_elasticity"]
    clients = load_client_360(params)
    k, seed, n_min = params.n_segments, params.seed, params.min_cell_size
    segments = fit_segments(clients, k, seed, min_cell_size=n_min).segments
    apps = pd.read_parquet(params.processed_dir / "applications.parquet")
    offers = offer_frame(apps, params, segments).merge(arch, on="client_id", how="left")
    return {"params": params, "offers": offers, "truth": truth}


def toy_offers(n: int = 400, slope: float = -0.3, seed: int = 0) -> pd.DataFrame:
    """Hand-made offers in two groups: 'a' follows `slope` per 10 bp, 'b' is flat."""
    rng = np.random.default_rng(seed)
    spread = rng.uniform(-50, 150, n)
    group = np.where(np.arange(n) % 2 == 0, "a", "b")
    eta = 2.0 + np.where(group == "a", slope, 0.0) * spread / 10
    return pd.DataFrame(
        {
            "client_id": [f"C-{i}" for i in range(n)],
            "segment": group,
            "spread_bp": spread,
            "spread_10bp": spread / 10,
            "personalised": rng.random(n) < 0.3,
            "accepted": (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int),
        }
    )


def test_offer_frame_spread_uses_the_term_lpr() -> None:
    params = load_params(REPO / "params" / "default.yaml")
    apps = pd.DataFrame(
        {
            "client_id": ["C-1", "C-2", "C-3", "C-4"],
            "approved_amount": [1.0, 1.0, None, 1.0],
            "offer_accepted": [True, False, True, None],
            "offered_rate": [3.5, 4.0, 4.0, 4.0],
            "term_months": [12.0, 84.0, 12.0, 12.0],
            "personalised": [None, True, False, False],
        }
    )
    offers = offer_frame(apps, params)
    assert offers["client_id"].tolist() == ["C-1", "C-2"]
    assert offers["spread_bp"].tolist() == pytest.approx([50.0, 50.0])  # 3.5-3.0, 4.0-3.5
    assert offers["personalised"].tolist() == [False, True]
    assert offers["accepted"].tolist() == [1, 0]


def test_offer_frame_names_a_missing_column() -> None:
    params = load_params(REPO / "params" / "default.yaml")
    with pytest.raises(InputError, match="offered_rate"):
        offer_frame(pd.DataFrame({"client_id": [], "approved_amount": []}), params)


def test_elasticity_finds_the_steep_group_and_the_flat_one() -> None:
    table = elasticity_table(toy_offers(n=4000), min_cell_size=1).set_index("segment")
    a, b = table.loc["a"], table.loc["b"]
    assert a["slope_low"] < -0.3 < a["slope_high"]
    assert a["ame_high"] < 0 and a["ame_low"] < a["ame_pp_per_10bp"] < a["ame_high"]
    assert b["slope_low"] < 0 < b["slope_high"]
    assert "Most rate-sensitive: a (" in elasticity_reading(table.reset_index())


def test_too_few_offers_or_no_variation_give_a_note_not_a_fit() -> None:
    offers = toy_offers(n=400)
    offers.loc[offers["segment"] == "b", "accepted"] = 1
    small = pd.concat([offers, offers.head(6).assign(segment="c")])
    table = elasticity_table(small, min_cell_size=1).set_index("segment")
    assert table.loc["a", "note"] == ""
    assert "same answer" in table.loc["b", "note"] and pd.isna(table.loc["b", "slope_per_10bp"])
    assert "too few offers" in table.loc["c", "note"]
    curves = acceptance_curves_table(small, spreads=[0, 50, 100])
    assert set(curves["segment"]) == {"a"}
    assert curves["acceptance"].is_monotonic_decreasing
    assert (curves["acceptance_low"] <= curves["acceptance"]).all()


def test_elasticity_table_masks_groups_with_few_offers() -> None:
    """A group of fewer than `min_cell_size` offers is masked by the table itself (its counts and
    rates blank, its note kept); the others show their fit."""
    offers = toy_offers(n=400)
    small = pd.concat([offers, offers.head(6).assign(segment="c")])
    table = elasticity_table(small, min_cell_size=10).set_index("segment")
    assert table["masked"].tolist() == [False, False, True]
    assert table.loc[["c"], ["offers", "acceptance_rate", "mean_spread_bp"]].isna().all().all()
    assert "too few offers" in table.loc["c", "note"]
    assert table.loc[["a", "b"], "offers"].notna().all()


def test_plot_draws_one_line_per_group() -> None:
    """One line per group of the curve table, through that group's acceptance at each spread,
    named in the legend."""
    curves = acceptance_curves_table(toy_offers(), spreads=[0, 100])
    (ax,) = plot_acceptance_curves(curves).axes  # two groups: one axes
    groups = sorted(curves["segment"].unique())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == groups
    assert len(ax.get_lines()) == len(groups)
    for line, group in zip(ax.get_lines(), groups, strict=True):
        part = curves[curves["segment"] == group]
        assert np.allclose(line.get_xdata(), part["spread_bp"])
        assert np.allclose(line.get_ydata(), part["acceptance"])


def _many_curves(groups: int) -> pd.DataFrame:
    """A curve table of `groups` groups over three spreads, group i with 100 * (i + 1) offers."""
    rows = []
    for i in range(groups):
        for spread in (0.0, 50.0, 100.0):
            level = 0.9 - spread / 1000 * (i + 1)
            rows.append({"segment": f"g{i}", "offers": 100 * (i + 1), "spread_bp": spread,
                         "acceptance": level, "acceptance_low": level - 0.05,
                         "acceptance_high": level + 0.05})  # fmt: skip
    return pd.DataFrame(rows)


def test_many_groups_get_one_panel_each_with_the_portfolio_in_grey() -> None:
    """Beyond SMALL_MULTIPLES_ABOVE groups: one panel per group on shared axes, titled with the
    group's name, its curve in navy over the offer-weighted curve of all groups in grey."""
    count = SMALL_MULTIPLES_ABOVE + 6
    curves = _many_curves(count)
    names = {f"g{i}": f"Group number {i}" for i in range(count)}
    fig = plot_acceptance_curves(curves, labels=names)
    panels = fig.axes
    assert len(panels) == count
    assert [ax.get_title(loc="left") for ax in panels] == list(names.values())
    weights = curves["offers"] * curves["acceptance"]
    portfolio = (weights.groupby(curves["spread_bp"]).sum()
                 / curves.groupby("spread_bp")["offers"].sum())  # fmt: skip
    for ax, (_, part) in zip(panels, curves.groupby("segment"), strict=True):
        grey, own = ax.get_lines()
        assert to_hex(grey.get_color()) == PORTFOLIO_GREY
        assert np.allclose(grey.get_ydata(), portfolio)
        assert to_hex(own.get_color()) == PALETTE[0]
        assert np.allclose(own.get_ydata(), part["acceptance"])
        assert ax.get_shared_x_axes().joined(ax, panels[0])
        assert ax.get_shared_y_axes().joined(ax, panels[0])
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["This group", "95% interval", "All fitted groups (weighted by offers)"]
    few = plot_acceptance_curves(_many_curves(SMALL_MULTIPLES_ABOVE))
    assert len(few.axes) == 1 and len(few.axes[0].get_legend().get_texts()) == 4
    plt.close("all")


def test_found_segments_still_show_a_clear_negative_slope(default_offers) -> None:
    offers = default_offers["offers"]
    table = elasticity_table(offers, by="segment", min_cell_size=1)
    fitted = table[table["note"] == ""]
    assert len(fitted) >= len(table) - 1
    assert (fitted["slope_per_10bp"] < 0).all()
    assert (fitted["slope_high"] < 0).mean() >= 0.7
    pooled = elasticity_table(offers, by=None, min_cell_size=1).iloc[0]
    assert pooled["slope_high"] < 0 and pooled["ame_high"] < 0


def test_elasticity_reading_in_chinese_quotes_the_same_numbers() -> None:
    table = elasticity_table(toy_offers(n=4000), min_cell_size=1).reset_index()
    en, zh = elasticity_reading(table), elasticity_reading(table, lang="zh")
    assert CJK.search(zh) and "a（" in zh
    assert same_numbers(en, zh), (en, zh)
    unfitted = table.assign(note="too few offers")
    assert CJK.search(elasticity_reading(unfitted, lang="zh"))
