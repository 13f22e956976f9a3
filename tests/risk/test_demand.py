"""Financing demand: the snapshot panel on hand-made applications, and the GLM's calibration
by decile on clients held out from the fit at the default scale, with found segments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.processed import load_client_360
from journey_utils.risk.demand import (
    demand_calibration_reading,
    demand_calibration_table,
    demand_features,
    demand_frame,
    expected_demand_table,
    fit_demand_model,
)
from journey_utils.segmentation.fit import fit_segments
from text_checks import CJK, same_numbers

REPO = Path(__file__).resolve().parents[2]
CALIBRATION_TOLERANCE = 0.06
"""Largest accepted gap (share) between observed and predicted demand in any decile."""


@pytest.fixture(scope="module")
def default_panel(default_portfolio) -> dict:
    """params/default.yaml as shipped: the demand panel with found segments, split by client."""
    params = default_portfolio
    c360 = load_client_360(params)
    k, seed, n_min = params.n_segments, params.seed, params.min_cell_size
    segments = fit_segments(c360, k, seed, min_cell_size=n_min).segments
    apps = pd.read_parquet(params.processed_dir / "applications.parquet")
    frame = demand_frame(c360, apps, params.as_of, segments=segments)
    held_out = c360["client_id"].sample(frac=0.5, random_state=params.seed % 2**32)
    train = frame[~frame["client_id"].isin(held_out)]
    test = frame[frame["client_id"].isin(held_out)]
    return {"params": params, "c360": c360, "apps": apps, "segments": segments,
            "train": train, "test": test}  # fmt: skip


def toy() -> tuple[pd.DataFrame, pd.DataFrame]:
    clients = pd.DataFrame(
        {
            "client_id": ["C-1", "C-2", "C-3"],
            "firm_age_years": [10.0, 2.0, 20.0],
            "revenue_growth": [0.0, 0.5, -0.2],
            "employees": [100, 5, 300],
        }
    )
    apps = pd.DataFrame(
        {
            "client_id": ["C-1", "C-1", "C-2"],
            "started_at": pd.to_datetime(["2022-01-10", "2023-02-01", None]),
            "last_activity_at": pd.to_datetime(["2022-02-01", "2023-03-01", "2023-06-15"]),
            "outcome": ["disbursed", "declined", "abandoned"],
            "requested_amount": [1e6, 2e6, 4e6],
        }
    )
    return clients, apps


def test_features_see_only_the_past() -> None:
    clients, apps = toy()
    at = pd.Timestamp("2023-01-01")
    feats = demand_features(clients, apps, at, pd.Timestamp("2025-01-01")).set_index("client_id")
    assert feats.loc["C-1", "past_apps"] == 1 and feats.loc["C-1", "past_loans"] == 1
    assert feats.loc["C-1", "recency"] == "6_12m"  # 2022-01-10: 11.7 months before
    assert feats.loc["C-2", "recency"] == "never"
    assert feats.loc["C-1", "firm_age_years"] == pytest.approx(10 - 731 / 365.25)


def test_panel_marks_applications_within_the_horizon() -> None:
    clients, apps = toy()
    frame = demand_frame(clients, apps, "2024-06-30")
    first = frame[frame["snapshot"] == frame["snapshot"].min()].set_index("client_id")
    assert first.index.tolist() == ["C-1", "C-2", "C-3"]
    assert first["snapshot"].iloc[0] == pd.Timestamp("2022-04-10")
    assert first["applied"].tolist() == [1, 0, 0]  # C-1 on 2023-02-01, C-2 after the horizon
    assert frame["snapshot"].max() <= pd.Timestamp("2023-06-30")


def test_bad_input_stops_with_a_clear_line() -> None:
    clients, apps = toy()
    with pytest.raises(InputError, match="shorter than"):
        demand_frame(clients, apps, "2022-06-30")
    with pytest.raises(InputError, match="firm_age_years"):
        demand_frame(clients.drop(columns="firm_age_years"), apps, "2024-06-30")
    flat = demand_frame(clients, apps, "2024-06-30").assign(applied=0)
    with pytest.raises(InputError, match="same outcome"):
        fit_demand_model(flat)


def test_demand_model_is_calibrated_on_held_out_clients(default_panel) -> None:
    model = fit_demand_model(default_panel["train"])
    table = demand_calibration_table(model, default_panel["test"])
    assert len(table) == 10
    assert table["gap"].abs().max() < CALIBRATION_TOLERANCE
    assert table["predicted"].is_monotonic_increasing
    assert table["observed"].iloc[-1] > 2 * table["observed"].iloc[0]  # the model discriminates
    assert "percentage points" in demand_calibration_reading(table)
    coefficients = model.coefficients.set_index("term")
    assert {"estimate", "std_error", "ci_low", "ci_high", "p_value"} <= set(coefficients.columns)
    assert "Intercept" in coefficients.index and len(coefficients) == len(model.result.params)
    assert model.exclusions.empty  # every training row has a segment and every value


def test_expected_demand_adds_up(default_panel) -> None:
    params = default_panel["params"]
    model = fit_demand_model(default_panel["train"])
    as_of = pd.Timestamp(params.as_of)
    now = demand_features(
        default_panel["c360"], default_panel["apps"], as_of, as_of, default_panel["segments"]
    )
    table = expected_demand_table(model, now, default_panel["apps"], min_cell_size=10)
    assert table["clients"].sum() == len(now)
    assert table["expected_applicants"].sum() == pytest.approx(model.predict(now).sum())
    assert table["volume_share"].sum() == pytest.approx(1.0)
    assert np.all(table["expected_applicants"] <= table["clients"])


def test_calibration_reading_in_chinese_quotes_the_same_numbers() -> None:
    table = pd.DataFrame(
        {"decile": [1, 2], "observed": [0.05, 0.2], "predicted": [0.04, 0.23], "gap": [0.01, -0.03]}
    )
    en, zh = demand_calibration_reading(table), demand_calibration_reading(table, lang="zh")
    assert CJK.search(zh) and "3.0" in zh and "20.0%" in zh and "23.0%" in zh
    assert same_numbers(en, zh), (en, zh)
