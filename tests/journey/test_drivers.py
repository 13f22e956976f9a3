"""Pain-point driver model: known-truth recovery at the default scale, the population and its
exclusion counts, the rate-calculator join against a direct count, and clear errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.journey.cases import CLOSED_OUTCOMES
from journey_utils.journey.drivers import (
    DEFAULT_DRIVERS,
    EXCLUSION_REASONS,
    DriverModelError,
    driver_effects_table,
    driver_frame,
    fit_driver_model,
    plot_driver_effects,
)
from journey_utils.stats import joint_wald_p_value

AS_OF = pd.Timestamp("2025-12-31")


def _frame_from(ds, maturity_days: int | None = None):
    """driver_frame over a generated data set, as a notebook would call it."""
    params = ds.params
    return driver_frame(
        ds.table("applications"),
        ds.log,
        params.processed_dir / "digital_events.parquet",
        params.as_of,
        params.driver_maturity_days if maturity_days is None else maturity_days,
    )


# --- known truth ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_model(default_scale):
    data = _frame_from(default_scale)
    return data, fit_driver_model(data)


def test_planted_effects_recovered_at_default_scale(default_scale, default_model):
    """The planted coefficients hold jointly (a Wald test of all five, as on the other seeds in
    test_drivers_other_seeds; a check of each one's own interval would miss one in twenty) and
    each estimate has the planted sign, which held on every seed measured."""
    truth = default_scale.truth["dropout"]["coefficients"]
    _, model = default_model
    table = model.coefficients.set_index("term")
    assert set(truth) == set(table.index)
    terms = model.coefficients["term"].tolist()
    assert joint_wald_p_value(model.result, [truth[t] for t in terms]) > 0.01
    for term, true_value in truth.items():
        assert np.sign(table.loc[term, "estimate"]) == np.sign(true_value), term


def test_mature_population_is_resolved(default_scale, default_model):
    """With the params' maturity every case in the population has a final outcome."""
    data, model = default_model
    apps = default_scale.table("applications").set_index("application_id")
    outcomes = apps.loc[data.frame["application_id"], "outcome"]
    assert outcomes.isin(CLOSED_OUTCOMES).all()
    cutoff = AS_OF - pd.Timedelta(days=default_scale.params.driver_maturity_days)
    assert (data.frame["started_at"] <= cutoff).all()
    assert model.n == len(data.frame)
    assert model.events == int(data.frame["dropout"].sum())


def test_population_and_outcome_match_truth_definition(default_scale):
    """At the truth's own population (started 365+ days before as_of) the frame has the same
    cases and the same drop-out rate as the generator recorded."""
    realised = default_scale.truth["dropout"]["realised"]
    data = _frame_from(default_scale, maturity_days=365)
    assert len(data.frame) == realised["n"]
    assert data.frame["dropout"].mean() == pytest.approx(realised["dropout_rate"], abs=1e-9)


def test_exclusions_reconcile_at_default_scale(default_scale, default_model):
    data, _ = default_model
    counts = data.exclusions.set_index("reason")["cases"]
    apps = default_scale.table("applications")
    assert counts["candidates"] == len(apps)
    assert counts["model_population"] == len(data.frame)
    excluded = counts.drop(["candidates", "model_population"])
    assert counts["model_population"] + excluded.sum() == counts["candidates"]
    assert counts["not_started"] == apps["started_at"].isna().sum()


def test_fit_result_predicts_and_states_its_exclusions(default_model):
    """The fitted model predicts drop-out chances whose mean is the observed rate (a logit with a
    constant), and names the cases the frame left out, reason by reason."""
    data, model = default_model
    predicted = model.predict(data.frame)
    assert predicted.between(0, 1).all()
    assert predicted.mean() == pytest.approx(data.frame["dropout"].mean(), abs=1e-6)
    counts = data.exclusions.set_index("reason")["cases"]
    left_out = model.exclusions.set_index("reason")["cases"]
    assert set(left_out.index) <= set(EXCLUSION_REASONS)
    assert left_out.sum() == counts["candidates"] - counts["model_population"]
    assert fit_driver_model(data.frame).exclusions.empty


def test_rate_calculator_flag_matches_direct_count(small_scale):
    """The DuckDB join gives the same flag as a brute-force merge on the small data set."""
    data = _frame_from(small_scale, maturity_days=0)
    events = small_scale.table("digital_events")
    calc = events.loc[events["event_type"] == "rate_calculator", ["client_id", "ts"]]
    pairs = data.frame[
        ["application_id", "client_id", "information_entered", "application_entered"]
    ].merge(calc, on="client_id")
    inside = pairs["ts"].between(pairs["information_entered"], pairs["application_entered"])
    direct = set(pairs.loc[inside, "application_id"])
    got = set(data.frame.loc[data.frame["used_rate_calculator"] == 1, "application_id"])
    assert got == direct
    assert len(direct) > 0


# --- hand-made frames ---------------------------------------------------------------------------


def _tiny_inputs():
    """Six applications, one per exclusion path plus two kept cases."""
    t = pd.Timestamp
    apps = pd.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
            "client_id": ["C1", "C2", "C3", "C4", "C5", "C6"],
            "started_at": [
                t("2024-01-10"),
                t("2024-02-10"),
                pd.NaT,
                t("2025-11-01"),
                t("2024-03-10"),
                t("2024-04-10"),
            ],
            "decided_at": [t("2024-02-20"), pd.NaT, pd.NaT, pd.NaT, pd.NaT, pd.NaT],
            "outcome": [
                "disbursed",
                "withdrawn",
                "abandoned",
                "withdrawn",
                "in_progress",
                "abandoned",
            ],
            "n_form_fields": [40.0, 60.0, np.nan, 50.0, 50.0, np.nan],
            "first_response_hours": [12.0, 48.0, np.nan, 24.0, 24.0, 24.0],
            "personalised": [True, False, None, True, False, True],
            "channel": ["web", "branch", "web", "web", "web", "web"],
        }
    )
    starts = apps["started_at"].fillna(t("2024-01-01"))
    log = pd.concat(
        [
            pd.DataFrame(
                {
                    "application_id": apps["application_id"],
                    "stage": "information",
                    "status": "entered",
                    "ts": starts - pd.Timedelta(days=5),
                }
            ),
            pd.DataFrame(
                {
                    "application_id": apps["application_id"],
                    "stage": "application",
                    "status": "entered",
                    "ts": apps["started_at"],
                }
            ).dropna(),
        ]
    )
    events = pd.DataFrame(
        {
            # C1: on the application entry itself (inclusive) -> 1;
            # C2: before the information entry -> 0; C1 also a login (other type) ignored.
            "client_id": ["C1", "C2", "C1"],
            "ts": [t("2024-01-10"), t("2024-02-01"), t("2024-01-08")],
            "event_type": ["rate_calculator", "rate_calculator", "login"],
        }
    )
    return apps, log, events


def test_tiny_frame_population_exclusions_and_flags(tmp_path):
    apps, log, events = _tiny_inputs()
    data = driver_frame(apps, log, events, AS_OF, maturity_days=180)
    frame = data.frame.set_index("application_id")
    assert list(frame.index) == ["A1", "A2"]
    assert frame.loc["A1", "used_rate_calculator"] == 1
    assert frame.loc["A2", "used_rate_calculator"] == 0
    assert frame["dropout"].to_dict() == {"A1": 0, "A2": 1}
    assert frame.loc["A2", "n_form_fields_per_10"] == 6.0
    assert frame.loc["A2", "first_response_days"] == 2.0
    assert frame["personalised"].to_dict() == {"A1": 1, "A2": 0}
    counts = data.exclusions.set_index("reason")["cases"].to_dict()
    assert counts == {
        "candidates": 6,
        "not_started": 1,
        "too_recent": 1,
        "unresolved": 1,
        "missing_drivers": 1,
        "model_population": 2,
    }
    assert (
        "n_form_fields_per_10: 1"
        in data.exclusions.set_index("reason").loc["missing_drivers", "description"]
    )
    path = tmp_path / "events.parquet"
    events.to_parquet(path)
    from_path = driver_frame(apps, log, path, AS_OF, maturity_days=180)
    pd.testing.assert_frame_equal(from_path.frame, data.frame)


def test_bad_inputs_stop_with_named_column(tmp_path):
    apps, log, events = _tiny_inputs()
    with pytest.raises(InputError, match="decided_at"):
        driver_frame(apps.drop(columns="decided_at"), log, events, AS_OF)
    with pytest.raises(InputError, match="event_type"):
        driver_frame(apps, log, events.drop(columns="event_type"), AS_OF)
    with pytest.raises(InputError, match="not found"):
        driver_frame(apps, log, tmp_path / "missing.parquet", AS_OF)
    odd = apps.assign(personalised=["yes", "maybe", None, "no", "no", "no"])
    with pytest.raises(InputError, match="personalised"):
        driver_frame(odd, log, events, AS_OF)


def _simulated(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    """A driver frame drawn from a known logit, for model-level checks."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "n_form_fields_per_10": rng.uniform(3, 8, n),
            "first_response_days": rng.gamma(2, 0.7, n),
            "personalised": rng.integers(0, 2, n),
            "used_rate_calculator": rng.integers(0, 2, n),
            "channel": rng.choice(["web", "branch"], n),
        }
    )
    eta = -2.5 + 0.35 * frame["n_form_fields_per_10"] - 0.5 * frame["personalised"]
    frame["dropout"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(int)
    return frame


def test_effects_table_and_plot():
    model = fit_driver_model(_simulated(), controls=("channel",))
    effects = driver_effects_table(model)
    assert list(effects["term"]) == list(DEFAULT_DRIVERS)
    assert effects.loc[0, "driver"] == "+10 form fields"
    row = effects.iloc[0]
    assert row["odds_ratio"] == pytest.approx(np.exp(row["estimate"]))
    assert row["or_low"] == pytest.approx(np.exp(row["ci_low"]))
    assert row["effect_pct"] == pytest.approx(100 * (row["odds_ratio"] - 1))
    assert {"n", "events", "pseudo_r2", "p_value", "std_error"} <= set(effects.columns)
    assert (effects["n"] == 3000).all()
    with_controls = driver_effects_table(model, include_controls=True)
    assert "channel=web" in set(with_controls["term"])
    ax = plot_driver_effects(effects)
    assert ax.get_xscale() == "log"
    ticks = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True))
    assert [ticks[y] for y in sorted(ticks, reverse=True)] == list(effects["driver"])
    assert len(ax.get_lines()) >= 2 * len(effects) + 1


def test_constant_driver_is_refused():
    frame = _simulated().assign(personalised=1)
    with pytest.raises(DriverModelError, match="constant"):
        fit_driver_model(frame)


def test_no_or_too_few_events_are_refused():
    with pytest.raises(DriverModelError, match="drop-outs"):
        fit_driver_model(_simulated().assign(dropout=0))
    few = _simulated(n=200)
    few["dropout"] = 0
    few.loc[few.index[:5], "dropout"] = 1
    with pytest.raises(DriverModelError, match="at least"):
        fit_driver_model(few)


def test_perfect_separation_is_refused():
    binary = _simulated()
    binary["dropout"] = 1 - binary["used_rate_calculator"]
    with pytest.raises(DriverModelError, match="separation"):
        fit_driver_model(binary)
    continuous = _simulated()
    continuous["dropout"] = (continuous["first_response_days"] > 1.4).astype(int)
    with pytest.raises(DriverModelError, match=r"separation|converge"):
        fit_driver_model(continuous)


def test_missing_values_and_columns_are_refused():
    frame = _simulated()
    frame.loc[3, "first_response_days"] = np.nan
    with pytest.raises(DriverModelError, match="missing"):
        fit_driver_model(frame)
    with pytest.raises(InputError, match="product"):
        fit_driver_model(_simulated(), controls=("product",))
