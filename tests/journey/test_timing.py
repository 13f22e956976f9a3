"""Stage timing: KM quantiles on hand-made logs with known answers, the censoring rule, and the
planted stage durations of the generator recovered at the default scale."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from journey_utils.errors import InputError
from journey_utils.journey import timing

AS_OF = pd.Timestamp("2025-01-31")
T0 = pd.Timestamp("2025-01-01")


def _log(rows: list[tuple], **attrs: object) -> pd.DataFrame:
    """Rows of (case, stage, status, days after T0, outcome[, group])."""
    frame = pd.DataFrame(
        [r[:5] for r in rows], columns=["application_id", "stage", "status", "day", "outcome"]
    )
    frame["client_id"] = "C-" + frame["application_id"]
    frame["ts"] = T0 + pd.to_timedelta(frame.pop("day"), unit="D")
    frame["group"] = [r[5] if len(r) > 5 else "a" for r in rows]
    return frame


def _application_log() -> pd.DataFrame:
    """Five application visits: 1, 3, 4, 5 days completed; one open case 2 days before as_of."""
    rows = []
    for case, days in (("A1", 1), ("A3", 3), ("A4", 4), ("A5", 5)):
        rows += [
            (case, "application", "entered", 0, "disbursed"),
            (case, "application", "completed", days, "disbursed"),
        ]
    rows.append(("A2", "application", "entered", 28, "in_progress"))  # censored at 2 days
    return _log(rows)


def test_km_median_known_by_hand_and_matches_statsmodels() -> None:
    table = timing.stage_durations_table(_application_log(), AS_OF, min_cell_size=1).set_index(
        "stage"
    )
    row = table.loc["application"]
    # KM: S(1)=4/5, S(3)=4/5*2/3=0.533, S(4)=0.267 -> first time strictly below 1/2 is day 4.
    assert row["median"] == pytest.approx(4.0)
    assert row["naive_median"] == pytest.approx(3.5)  # completed only: biased low
    assert (row["visits"], row["completed"], row["censored"]) == (5, 4, 1)
    sf = SurvfuncRight(np.array([1, 2, 3, 4, 5.0]), np.array([1, 0, 1, 1, 1.0]))
    assert row["median"] == pytest.approx(sf.quantile(0.5))
    assert row["p75"] == pytest.approx(sf.quantile(0.75))
    with np.errstate(divide="ignore", invalid="ignore"):
        low, high = sf.quantile_ci(0.5)
    assert row["median_low"] == pytest.approx(low)
    assert np.isnan(row["median_high"]) == (not np.isfinite(high))


def test_open_case_censored_at_as_of_not_dropped() -> None:
    visits = timing.stage_visits(_application_log(), AS_OF).set_index("application_id")
    assert len(visits) == 5
    assert not visits.loc["A2", "completed"]
    assert visits.loc["A2", "days"] == pytest.approx(2.0)
    assert visits.loc["A2", "ended"] == AS_OF


def test_closed_case_censored_at_its_last_event_and_rework_paired() -> None:
    log = _log(
        [
            ("W", "information", "entered", 0, "withdrawn"),
            ("W", "application", "entered", 3, "withdrawn"),
            ("W", "application", "completed", 5, "withdrawn"),
            ("W", "application", "entered", 8, "withdrawn"),  # rework, never completed
            ("W", "due_diligence", "entered", 6, "withdrawn"),
            ("W", "due_diligence", "completed", 7.5, "withdrawn"),
        ]
    )
    visits = timing.stage_visits(log, AS_OF).set_index(["stage", "visit"])
    assert visits.loc[("information", 1), "days"] == pytest.approx(8.0)  # last event, day 8
    assert not visits.loc[("information", 1), "completed"]
    assert visits.loc[("application", 1), "days"] == pytest.approx(2.0)
    assert visits.loc[("application", 2), "days"] == pytest.approx(0.0)
    assert visits.loc[("due_diligence", 1), "days"] == pytest.approx(1.5)


def _decision_log() -> pd.DataFrame:
    rows = []
    for case, decided, group in (("D1", 10, "a"), ("D2", 20, "a"), ("D3", 30, "b"), ("D4", 5, "b")):
        rows += [
            (case, "application", "entered", 0, "declined", group),
            (case, "approval", "entered", decided - 1, "declined", group),
            (case, "approval", "completed", decided, "declined", group),
        ]
    rows += [
        ("O", "application", "entered", 15, "in_progress", "a"),  # censored at as_of: 15 days
        ("W", "application", "entered", 0, "withdrawn", "b"),
        ("W", "due_diligence", "entered", 12, "withdrawn", "b"),  # censored at 12 days
        ("L", "information", "entered", 0, "abandoned", "b"),  # never started: not counted
    ]
    return _log(rows)


def test_time_to_decision_censors_open_and_withdrawn_cases() -> None:
    spells = timing.spells_between(_decision_log(), AS_OF).set_index("application_id")
    assert sorted(spells.index) == ["D1", "D2", "D3", "D4", "O", "W"]
    assert spells.loc["O", "days"] == pytest.approx(15.0)
    assert spells.loc["W", "days"] == pytest.approx(12.0)
    assert not spells.loc[["O", "W"], "reached"].any()
    row = timing.time_to_decision_table(_decision_log(), AS_OF, min_cell_size=1).iloc[0]
    assert (row["cases"], row["decided"], row["censored"]) == (6, 4, 2)
    sf = SurvfuncRight(np.array([10, 20, 30, 5, 15, 12.0]), np.array([1, 1, 1, 1, 0, 0.0]))
    # By hand: S(5)=5/6, S(10)=5/6*4/5=2/3, S(20)=2/3*1/2=1/3 -> median 20.
    assert row["median"] == pytest.approx(20.0) == sf.quantile(0.5)


def test_time_between_and_bad_stage_order() -> None:
    table = timing.time_between_table(
        _decision_log(), "application", "approval", AS_OF, by="group", min_cell_size=1
    )
    a = table.set_index("group").loc["a"]
    assert (a["cases"], a["reached"], a["censored"]) == (3, 2, 1)
    with pytest.raises(InputError, match="does not come after"):
        timing.time_between_table(
            _decision_log(), "approval", "application", AS_OF, min_cell_size=1
        )


def test_bad_input_stops_with_one_line() -> None:
    log = _decision_log()
    with pytest.raises(InputError, match="after as_of"):
        timing.time_to_decision_table(log, "2025-01-10", min_cell_size=1)
    with pytest.raises(InputError, match="missing column"):
        timing.time_to_decision_table(log, AS_OF, by="segment", min_cell_size=1)
    with pytest.raises(InputError, match="unknown stage"):
        timing.stage_durations_table(
            log.replace({"stage": {"approval": "underwriting"}}), AS_OF, min_cell_size=1
        )
    backwards = _log(
        [("X", "application", "entered", 5, "declined"), ("X", "application", "completed", 1, "x")]
    )
    with pytest.raises(InputError, match="before they were entered"):
        timing.stage_visits(backwards, AS_OF)


def test_survival_table_matches_statsmodels_steps() -> None:
    curve = timing.survival_table(_decision_log(), AS_OF, step_days=None, min_cell_size=1)
    sf = SurvfuncRight(np.array([10, 20, 30, 5, 15, 12.0]), np.array([1, 1, 1, 1, 0, 0.0]))
    steps = curve.set_index("days")
    np.testing.assert_allclose(steps.loc[sf.surv_times, "survival"], sf.surv_prob)
    np.testing.assert_array_equal(steps.loc[sf.surv_times, "at_risk"], sf.n_risk)
    assert steps.loc[0.0, "survival"] == 1.0
    assert (curve["low"] <= curve["survival"] + 1e-12).all()
    assert (curve["high"] >= curve["survival"] - 1e-12).all()


def test_survival_difference_is_statsmodels_logrank() -> None:
    log = _decision_log()
    result = timing.survival_difference(log, AS_OF, by="group").iloc[0]
    spells = timing.spells_between(log, AS_OF, by="group")
    chi2, p = survdiff(spells["days"], spells["reached"].astype(float), spells["group"])
    assert result["chi2"] == pytest.approx(chi2)
    assert result["p_value"] == pytest.approx(p)
    assert result["groups"] == 2 and result["df"] == 1


def test_plots_draw_their_tables() -> None:
    table = timing.stage_durations_table(_decision_log(), AS_OF, by="group", min_cell_size=1)
    ax = timing.plot_stage_durations(table, lang="zh")
    assert len(ax.get_yticklabels()) == table["stage"].nunique()
    curve = timing.survival_table(_decision_log(), AS_OF, by="group", min_cell_size=1)
    ax = timing.plot_survival(curve)
    steps = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    groups = list(dict.fromkeys(curve["group"]))
    assert [line.get_label() for line in steps] == groups  # one labelled step curve per group
    for line, group in zip(steps, groups, strict=True):
        assert np.allclose(line.get_ydata(), curve.loc[curve["group"] == group, "survival"])
    products = curve.assign(group=curve["group"].map(lambda g: f"fixed_asset_{g}"))
    products.loc[products["group"].eq(products["group"].iloc[0]), "group"] = "fixed_asset"
    legend = [t.get_text() for t in timing.plot_survival(products, lang="zh").get_legend().texts]
    assert any(text.startswith("固定资产贷款 · 中位数") for text in legend)
    plt.close("all")


def _crowded_curves(medians: dict[str, float]) -> pd.DataFrame:
    """A survival table of logistic curves, one per group, crossing one half at its median."""
    days = np.arange(0, 71, dtype=float)
    parts = []
    for name, median in medians.items():
        survival = 1 / (1 + np.exp((days - median) / 4))
        parts.append(pd.DataFrame({"group": name, "days": days, "survival": survival,
                                   "low": survival * 0.95, "high": np.minimum(survival * 1.05, 1),
                                   "median": median}))  # fmt: skip
    return pd.concat(parts, ignore_index=True)


def _labels(ax: plt.Axes) -> list[Text]:
    """The chart's own words: annotations, texts and legend entries."""
    legend = ax.get_legend()
    return [*ax.texts, *(legend.get_texts() if legend else [])]


def _contrast_on_white(colour: object) -> float:
    """WCAG contrast ratio of a colour against white."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_survival_medians_close_together_never_collide() -> None:
    """Six medians within a day of each other (the default run's products): each is stated once,
    beside its group's name, and no two labels of the chart overlap."""
    medians = {"fixed_asset": 37.0, "inclusive_micro": 36.3, "project_finance": 37.7,
               "sci_tech_loan": 34.1, "trade_finance": 37.6, "working_capital": 37.0}  # fmt: skip
    for lang in ("en", "zh"):
        ax = timing.plot_survival(_crowded_curves(medians), lang=lang)
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        labels = _labels(ax)
        boxes = [Text.get_window_extent(label, renderer) for label in labels]
        for i, box in enumerate(boxes):
            for j in range(i + 1, len(boxes)):
                assert not box.overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())
        words = [label.get_text() for label in labels]
        assert len(words) == len(medians)  # one label per group, no loose median labels
        for days in set(medians.values()):
            stated = [w for w in words if re.search(rf"\b{days:.1f}\b", w)]
            assert len(stated) == list(medians.values()).count(days), (days, words)
        assert words[0].endswith("34.1 days" if lang == "en" else "34.1 天")  # fastest first
        plt.close(ax.figure)


def test_survival_names_a_median_not_reached_and_labels_a_single_curve() -> None:
    open_curve = _crowded_curves({"slow": 200.0, "fast": 20.0})
    words = [label.get_text() for label in _labels(timing.plot_survival(open_curve))]
    assert words == ["fast · median 20.0 days", "slow · median not reached"]
    single = timing.plot_survival(_crowded_curves({"all": 30.0}))
    assert [label.get_text() for label in _labels(single)] == ["median 30.0"]
    plt.close("all")


def test_survival_text_reads_at_4_5_to_1_on_white() -> None:
    medians = {f"group_{i}": 30.0 + i for i in range(8)}  # every palette colour in use
    for curves in (_crowded_curves(medians), _crowded_curves({"all": 30.0})):
        fig = timing.plot_survival(curves).figure
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                ratio = _contrast_on_white(text.get_color())
                assert ratio >= 4.5, (text.get_text(), text.get_color(), round(ratio, 2))
        plt.close(fig)


# Known truth at the default scale ---------------------------------------------------------------


def _without_rework(log: pd.DataFrame) -> pd.DataFrame:
    """Cases with no stage entered twice (rework visits have their own planted durations)."""
    entries = log[log["status"] == "entered"].groupby(["application_id", "stage"]).size()
    rework = entries[entries > 1].index.get_level_values("application_id").unique()
    return log[~log["application_id"].isin(rework)]


def _application_start(log: pd.DataFrame) -> pd.Series:
    started = log[(log["stage"] == "application") & (log["status"] == "entered")]
    return started.groupby("application_id")["ts"].min()


def test_due_diligence_median_matches_planted_gamma(default_scale) -> None:
    truth = default_scale.truth
    planted = truth["journey"]["stage_durations_days"]["due_diligence"]
    assert planted.startswith("14 + Gamma(2, 5) + time trend")
    trend = truth["interventions"]["time_trends"]["time_to_decision_days_per_year"]
    cap = float(
        re.search(r"at most ([\d.]+) days", truth["journey"]["stage_durations_days"]["cap"])[1]
    )
    programme = pd.Timestamp(truth["interventions"]["segment_personalisation"]["date"])
    log = _without_rework(default_scale.log)
    start = _application_start(log)
    before = start.index[start < programme]  # no segment programme effect yet
    log = log[log["application_id"].isin(before)]
    as_of = default_scale.params.as_of
    row = (
        timing.stage_durations_table(log, as_of, min_cell_size=1)
        .set_index("stage")
        .loc["due_diligence"]
    )
    # Expected: the planted distribution at these cases' submission dates (approximately the
    # application stage's completion), by simulation.
    done = log[(log["stage"] == "application") & (log["status"] == "completed")]
    origin = pd.Timestamp(default_scale.params.start_date)
    years = (
        (done.groupby("application_id")["ts"].min() - origin) / pd.Timedelta(days=365.25)
    ).clip(0, 4)
    rng = np.random.default_rng(7)
    draws = np.minimum(14 + rng.gamma(2.0, 5.0, (20, len(years))), cap) + trend * years.to_numpy()
    assert row["median"] == pytest.approx(np.median(draws), abs=0.5)


def test_form_simplification_saves_three_days_of_application(default_scale) -> None:
    truth = default_scale.truth
    saved = truth["interventions"]["form_simplification"]["effects_on_treated_post"][
        "time_to_decision_days"
    ]
    log = _without_rework(default_scale.log)
    as_of = default_scale.params.as_of
    table = timing.stage_durations_table(log, as_of, by="form_version", min_cell_size=1)
    app = table[table["stage"] == "application"].set_index("form_version")["median"]
    assert app["v2_simplified"] - app["v1_standard"] == pytest.approx(saved, abs=0.4)
    # v1 application visit = fill 3.5 + Gamma(2, 2.5) plus review 0.5 + Gamma(2, 1).
    rng = np.random.default_rng(7)
    expected = np.median(4.0 + rng.gamma(2.0, 2.5, 400_000) + rng.gamma(2.0, 1.0, 400_000))
    assert app["v1_standard"] == pytest.approx(expected, abs=0.3)


def test_time_to_decision_recovers_form_effect(default_scale) -> None:
    """Same period, treated vs control branches: decisions come 3.0 days sooner (form only)."""
    form = default_scale.truth["interventions"]["form_simplification"]
    log = default_scale.log
    start = _application_start(log)
    post = start.index[start >= pd.Timestamp(form["date"])]
    log = log[log["application_id"].isin(post)].copy()
    log["arm"] = np.where(log["branch_id"].isin(form["treated_branches"]), "treated", "control")
    table = timing.time_to_decision_table(
        log, default_scale.params.as_of, by="arm", min_cell_size=1
    )
    median = table.set_index("arm")["median"]
    assert median["treated"] - median["control"] == pytest.approx(
        form["effects_on_treated_post"]["time_to_decision_days"], abs=0.8
    )
    assert (table["censored"] > 0).all()  # open and dropped cases kept, censored


def test_events_on_the_as_of_day_count_and_open_spells_run_to_its_end() -> None:
    from datetime import date

    from journey_utils.journey.timing import censoring_time, stage_durations_table

    log = pd.DataFrame(
        {
            "application_id": ["A1"],
            "client_id": ["C1"],
            "stage": ["application"],
            "status": ["entered"],
            "ts": [pd.Timestamp("2012-03-14 12:00")],
            "outcome": ["in_progress"],
        }
    )
    assert censoring_time(date(2012, 3, 14)) == pd.Timestamp("2012-03-15")
    assert censoring_time("2012-03-14") == pd.Timestamp("2012-03-15")
    assert censoring_time(pd.Timestamp("2012-03-14 18:00")) == pd.Timestamp("2012-03-14 18:00")
    table = stage_durations_table(log, date(2012, 3, 14), min_cell_size=1)
    row = table.set_index("stage").loc["application"]
    assert row["visits"] == 1 and row["censored"] == 1


def test_a_decline_without_an_approval_event_is_a_decision_at_its_last_activity() -> None:
    from journey_utils.journey.timing import spells_between

    log = pd.DataFrame(
        {
            "application_id": ["A1", "A2"],
            "client_id": ["C1", "C2"],
            "stage": ["application", "application"],
            "status": ["entered", "entered"],
            "ts": pd.to_datetime(["2012-01-01", "2012-01-01"]),
            "outcome": ["declined", "withdrawn"],
            "last_activity_at": pd.to_datetime(["2012-01-03", "2012-01-05"]),
        }
    )
    spells = spells_between(log, "2012-03-14").set_index("application_id")
    assert bool(spells.loc["A1", "reached"]) and spells.loc["A1", "days"] == 2
    assert not spells.loc["A2", "reached"] and spells.loc["A2", "days"] == 4  # censored


def test_day_columns_carry_their_unit_in_both_languages() -> None:
    from journey_utils.journey.timing import DAY_COLUMNS, day_headers

    assert day_headers()["median"] == "Median (days)"
    assert day_headers("zh")["p90_high"].endswith("（天）")
    assert set(day_headers()) == set(DAY_COLUMNS)
