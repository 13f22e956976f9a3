"""Pain-point drivers of drop-out (DESIGN §2): one row per mature case with its measurable
drivers, a logistic model of drop-out on them, and odds ratios with confidence intervals.

Drop-out here is the client leaving before the bank decided: no `decided_at`, outcome withdrawn
or abandoned. Only cases that entered the application stage at least `maturity_days` before
`as_of` are modelled, so each has had time to resolve; every case left out is counted by reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, NullFormatter

from journey_utils.duckdb_sql import path_literal
from journey_utils.errors import InputError
from journey_utils.journey.cases import require_columns
from journey_utils.journey.messages import MESSAGES
from journey_utils.plotting import PALETTE, label_right_of, new_figure
from journey_utils.stats import estimates, guard_logit_fit

DEFAULT_DRIVERS: tuple[str, ...] = (
    "n_form_fields_per_10",
    "first_response_days",
    "personalised",
    "used_rate_calculator",
)
"""The measurable pain-point drivers of DESIGN §2, in the units the model reports them."""

CONTROLS: tuple[str, ...] = ("documents_requested", "form_version", "channel", "product")
"""Case attributes the frame carries so a model can adjust for them."""

APPLICATION_COLUMNS: tuple[str, ...] = (
    "application_id",
    "client_id",
    "started_at",
    "decided_at",
    "outcome",
    "n_form_fields",
    "first_response_hours",
    "personalised",
)
"""Columns of applications.parquet the driver frame needs."""

BINARY_VALUES: dict[str, float] = {
    "true": 1.0,
    "false": 0.0,
    "yes": 1.0,
    "no": 0.0,
    "1": 1.0,
    "0": 0.0,
    "1.0": 1.0,
    "0.0": 0.0,
}
"""Text spellings of a yes/no driver such as `personalised`."""

RATIO_TICKS: tuple[float, ...] = (
    0.1,
    0.2,
    0.3,
    0.5,
    0.6,
    0.7,
    0.8,
    0.9,
    1.0,
    1.2,
    1.5,
    2.0,
    3.0,
    5.0,
)
"""Candidate ticks of the odds-ratio axis (those inside the plotted range are shown)."""

EXCLUSION_REASONS: dict[str, str] = {
    "not_started": "never entered the application stage (no start time)",
    "too_recent": "entered the application stage less than the maturity period before the as-of "
    "date",
    "unresolved": "still open at the as-of date (in progress or no outcome): drop-out not yet "
    "known",
    "missing_drivers": "a driver value is missing",
}
"""Why a case is left out of the model population, in the order the rules are applied."""


class DriverModelError(InputError):
    """The drop-out model cannot be fitted meaningfully on this frame (too few events, a
    constant driver, perfect separation, no convergence)."""

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__("pain-point driver model", message, column=column)


@dataclass(frozen=True)
class DriverData:
    """The model population (one row per case) and how many cases were left out, and why."""

    frame: pd.DataFrame
    exclusions: pd.DataFrame
    as_of: pd.Timestamp
    maturity_days: int


@dataclass(frozen=True)
class DriverModel:
    """A fitted drop-out logit: the statsmodels result, its coefficients (term, estimate,
    std_error, ci_low, ci_high, p_value, odds ratios) and the cases left out of the fit."""

    result: object
    coefficients: pd.DataFrame
    drivers: tuple[str, ...]
    controls: tuple[str, ...]
    n: int
    events: int
    pseudo_r2: float
    confidence: float
    exclusions: pd.DataFrame
    """Cases of the driver frame left out of the fit, per reason (reason, cases, share,
    description); empty when the model was fitted on a bare frame or nothing was left out."""

    def predict(self, frame: pd.DataFrame) -> pd.Series:
        """Predicted chance of drop-out of each case of a frame with the model's columns."""
        return pd.Series(np.asarray(self.result.predict(frame)), index=frame.index, name="dropout")


# ---------------------------------------------------------------------------------------------
# The frame
# ---------------------------------------------------------------------------------------------


def driver_frame(
    applications: pd.DataFrame,
    journey_log: pd.DataFrame,
    digital_events: pd.DataFrame | str | Path,
    as_of: date | str | pd.Timestamp,
    maturity_days: int = 180,
    rate_calculator_event: str = "rate_calculator",
) -> DriverData:
    """One row per mature, resolved case with its pain-point drivers, controls and `dropout`,
    plus a table counting the cases left out by reason (`DriverData.exclusions`).

    `digital_events` is a DataFrame or a Parquet path; the rate-calculator lookup runs in DuckDB
    so it stays bounded in memory at bank scale. `maturity_days` is params
    `driver_maturity_days`.
    """
    require_columns(applications, APPLICATION_COLUMNS, "applications")
    require_columns(journey_log, ["application_id", "stage", "status", "ts"], "journey log")
    if maturity_days < 0:
        raise InputError("driver_frame", f"maturity_days must be >= 0, got {maturity_days}")
    as_of_ts = pd.Timestamp(as_of)
    cutoff = as_of_ts - pd.Timedelta(days=maturity_days)

    apps = applications.drop_duplicates("application_id").set_index("application_id")
    cases = pd.DataFrame(index=apps.index)
    cases["client_id"] = apps["client_id"]
    cases["started_at"] = apps["started_at"]
    cases["outcome"] = apps["outcome"]
    cases["n_form_fields_per_10"] = pd.to_numeric(apps["n_form_fields"]) / 10
    cases["first_response_days"] = pd.to_numeric(apps["first_response_hours"]) / 24
    cases["personalised"] = _as_binary(apps["personalised"], "personalised")
    cases = cases.join(_information_use(cases, journey_log, digital_events, rate_calculator_event))
    for control in CONTROLS:
        if control in apps.columns:
            cases[control] = apps[control]
    cases["dropout"] = (
        apps["decided_at"].isna() & apps["outcome"].isin(("withdrawn", "abandoned"))
    ).astype(int)

    reason = _exclusion_reason(cases, cutoff)
    exclusions = _exclusion_table(cases, reason)
    frame = cases.loc[reason.isna()].drop(columns=["outcome"]).reset_index()
    frame = frame.rename(columns={"index": "application_id"})
    frame["used_rate_calculator"] = frame["used_rate_calculator"].astype(int)
    frame["personalised"] = frame["personalised"].astype(int)
    return DriverData(
        frame=frame, exclusions=exclusions, as_of=as_of_ts, maturity_days=maturity_days
    )


def _as_binary(values: pd.Series, column: str) -> pd.Series:
    """A yes/no column (bool, 0/1, 'true'/'false') as float 1/0 with NaN for missing."""
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        out = values.astype("Float64").astype(float)
        bad = out.notna() & ~out.isin((0.0, 1.0))
    else:
        keyed = values.astype("string").str.strip().str.lower()
        out = keyed.map(BINARY_VALUES).astype(float)
        bad = keyed.notna() & out.isna()
    if bad.any():
        example = values[bad].iloc[0]
        raise InputError(
            "applications", f"{int(bad.sum())} value(s) not yes/no, e.g. {example!r}", column=column
        )
    return out


def _information_use(
    cases: pd.DataFrame,
    journey_log: pd.DataFrame,
    digital_events: pd.DataFrame | str | Path,
    event_type: str,
) -> pd.DataFrame:
    """Per case: first entry into the information and the application stage, and
    `used_rate_calculator` = 1 if the client has a rate-calculator event between the two
    (inclusive), 0 if not, NaN if either entry is unknown. The event join runs in DuckDB on
    the rate-calculator events only, so memory stays bounded at bank scale."""
    windows = _stage_windows(cases.index, journey_log)
    known = windows.dropna()
    keys = pd.DataFrame(
        {
            "case_pos": known.index.to_numpy(),
            "client_id": cases["client_id"].to_numpy()[known.index.to_numpy()],
            "information_entered": known["information_entered"].to_numpy(),
            "application_entered": known["application_entered"].to_numpy(),
        }
    )
    con = duckdb.connect()
    try:
        source = _events_source(con, digital_events)
        con.register("windows", keys)
        used = con.execute(
            f"""
            with calc as (select client_id, ts from {source} where event_type = ?)
            select distinct w.case_pos
            from windows w join calc c
              on c.client_id = w.client_id
             and c.ts between w.information_entered and w.application_entered
            """,
            [event_type],
        ).fetchnumpy()["case_pos"]
    finally:
        con.close()
    flag = np.full(len(cases), np.nan)
    flag[known.index.to_numpy()] = 0.0
    flag[np.asarray(used, dtype=np.int64)] = 1.0
    out = windows.set_axis(cases.index)
    out["used_rate_calculator"] = flag
    return out


def _stage_windows(case_index: pd.Index, journey_log: pd.DataFrame) -> pd.DataFrame:
    """First entry into the information and the application stage, per case position in
    `case_index` (cases without such an entry get NaT)."""
    entered = journey_log.loc[
        (journey_log["status"] == "entered")
        & journey_log["stage"].isin(("information", "application")),
        ["application_id", "stage", "ts"],
    ]
    pos = case_index.get_indexer(entered["application_id"])
    keep = pos >= 0
    first = (
        pd.DataFrame(
            {
                "pos": pos[keep],
                "is_application": (entered["stage"] == "application").to_numpy()[keep],
                "ts": entered["ts"].to_numpy()[keep],
            }
        )
        .groupby(["pos", "is_application"])["ts"]
        .min()
        .unstack()
        .reindex(index=range(len(case_index)), columns=[False, True])
    )
    first.columns = ["information_entered", "application_entered"]
    first.index.name = None
    return first


def _events_source(
    con: duckdb.DuckDBPyConnection, digital_events: pd.DataFrame | str | Path
) -> str:
    """The digital events as a DuckDB relation name (a registered frame or a Parquet scan),
    after checking they have client_id, ts and event_type."""
    needed = ["client_id", "ts", "event_type"]
    if isinstance(digital_events, (str, Path)):
        path = Path(digital_events)
        if not path.exists():
            raise InputError(path, "digital events file not found")
        source = f"read_parquet({path_literal(path)})"
        names = [r[0] for r in con.execute(f"describe select * from {source}").fetchall()]
        require_columns(pd.DataFrame(columns=names), needed, str(path))
        return source
    require_columns(digital_events, needed, "digital events")
    con.register("digital_events_input", digital_events[needed])
    return "digital_events_input"


def _exclusion_reason(cases: pd.DataFrame, cutoff: pd.Timestamp) -> pd.Series:
    """The first rule (EXCLUSION_REASONS order) that leaves each case out; NA if it is kept."""
    reason = pd.Series(pd.NA, index=cases.index, dtype="string")
    rules = {
        "not_started": cases["started_at"].isna(),
        "too_recent": cases["started_at"] > cutoff,
        "unresolved": ~cases["outcome"].isin(("disbursed", "declined", "withdrawn", "abandoned")),
        "missing_drivers": cases[list(DEFAULT_DRIVERS)].isna().any(axis=1),
    }
    for name, hit in rules.items():
        reason = reason.mask(reason.isna() & hit.fillna(False).astype(bool), name)
    return reason


def _exclusion_table(cases: pd.DataFrame, reason: pd.Series) -> pd.DataFrame:
    """Candidates, each exclusion reason and the model population, as counted rows that add up:
    candidates = population + all exclusions."""
    total = len(cases)
    rows = [("candidates", total, "applications in the input")]
    for name, text in EXCLUSION_REASONS.items():
        hit = reason == name
        if name == "missing_drivers" and hit.any():
            missing = cases.loc[hit, list(DEFAULT_DRIVERS)].isna().sum()
            text += " (" + ", ".join(f"{k}: {int(v)}" for k, v in missing.items() if v) + ")"
        rows.append((name, int(hit.sum()), text))
    rows.append(("model_population", int(reason.isna().sum()), "cases in the drop-out model"))
    table = pd.DataFrame(rows, columns=["reason", "cases", "description"])
    table["share"] = table["cases"] / total if total else np.nan
    return table[["reason", "cases", "share", "description"]]


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


def fit_driver_model(
    frame: pd.DataFrame | DriverData,
    drivers: Sequence[str] = DEFAULT_DRIVERS,
    controls: Sequence[str] = (),
    confidence: float = 0.95,
    min_events_per_parameter: int = 10,
) -> DriverModel:
    """Logistic regression of `dropout` on the drivers (and controls), with a constant.

    Stops with a DriverModelError rather than return a meaningless fit: missing values, a
    constant driver, fewer than `min_events_per_parameter` events (or non-events) per estimated
    parameter, perfect separation or no convergence.
    """
    data = frame.frame if isinstance(frame, DriverData) else frame
    drivers, controls = tuple(drivers), tuple(controls)
    if not drivers:
        raise DriverModelError("no drivers given")
    require_columns(data, ["dropout", *drivers, *controls], "driver frame")
    _check_inputs(data, drivers, controls)
    formula = "dropout ~ " + " + ".join(
        [*(f"Q('{d}')" for d in drivers), *(_control_term(data, c) for c in controls)]
    )
    n_params = 1 + len(drivers) + sum(_control_width(data, c) for c in controls)
    events = int(data["dropout"].sum())
    rarest = min(events, len(data) - events)
    if rarest < min_events_per_parameter * n_params:
        raise DriverModelError(
            f"{events} drop-outs and {len(data) - events} other cases: at least "
            f"{min_events_per_parameter * n_params} of each are needed for {n_params} parameters"
        )
    _check_separation(data, drivers)
    result = _fit_logit(formula, data)
    return DriverModel(
        result=result,
        coefficients=_coefficient_table(result, confidence),
        drivers=drivers,
        controls=controls,
        n=int(result.nobs),
        events=events,
        pseudo_r2=float(result.prsquared),
        confidence=confidence,
        exclusions=_left_out(frame),
    )


def _left_out(frame: pd.DataFrame | DriverData) -> pd.DataFrame:
    """The exclusion rows of a driver frame that left cases out (none for a bare frame)."""
    columns = ["reason", "cases", "share", "description"]
    if not isinstance(frame, DriverData):
        return pd.DataFrame(columns=columns)
    table = frame.exclusions
    hit = table["reason"].isin(list(EXCLUSION_REASONS)) & (table["cases"] > 0)
    return table.loc[hit, columns].reset_index(drop=True)


def _check_inputs(data: pd.DataFrame, drivers: tuple[str, ...], controls: tuple[str, ...]) -> None:
    """Stop on missing values, a non-binary outcome or a constant column."""
    for col in ("dropout", *drivers, *controls):
        n_missing = int(data[col].isna().sum())
        if n_missing:
            raise DriverModelError(f"{n_missing} missing value(s); fill or drop them", column=col)
    if not set(pd.unique(data["dropout"])) <= {0, 1}:
        raise DriverModelError("dropout must be 0/1", column="dropout")
    for col in (*drivers, *controls):
        if data[col].nunique() < 2:
            value = data[col].iloc[0] if len(data) else None
            raise DriverModelError(
                f"constant (every case has {value!r}): its effect cannot be estimated", column=col
            )


def _check_separation(data: pd.DataFrame, drivers: tuple[str, ...]) -> None:
    """Stop when a yes/no driver perfectly predicts the outcome for one of its values."""
    for col in drivers:
        if data[col].nunique() == 2:
            counts = pd.crosstab(data[col], data["dropout"]).reindex(columns=[0, 1], fill_value=0)
            empty = counts[(counts == 0).any(axis=1)]
            if not empty.empty:
                raise DriverModelError(
                    f"perfect separation: every case with {col} = {empty.index[0]} has the "
                    "same outcome",
                    column=col,
                )


def _control_term(data: pd.DataFrame, column: str) -> str:
    """A formula term: numeric controls as they are, anything else as categorical."""
    if pd.api.types.is_numeric_dtype(data[column]) and not pd.api.types.is_bool_dtype(data[column]):
        return f"Q('{column}')"
    return f"C(Q('{column}'))"


def _control_width(data: pd.DataFrame, column: str) -> int:
    """Parameters a control adds (levels - 1 for a categorical)."""
    if _control_term(data, column).startswith("C("):
        return int(data[column].nunique()) - 1
    return 1


def _fit_logit(formula: str, data: pd.DataFrame) -> Any:
    """The drop-out logit under the shared refusal rules (`stats.guard_logit_fit`)."""
    return guard_logit_fit(
        lambda: smf.logit(formula, data=data).fit(disp=0, maxiter=200),
        DriverModelError,
        unit="driver",
    )


def _coefficient_table(result, confidence: float) -> pd.DataFrame:
    """Every term: coefficient, standard error, interval, odds ratio with interval, p-value."""
    table = estimates(result, confidence=confidence).rename(
        columns={"se": "std_error", "low": "ci_low", "high": "ci_high"}
    )
    table["term"] = [_term_name(t) for t in table["term"]]
    table["odds_ratio"] = np.exp(table["estimate"])
    table["or_low"] = np.exp(table["ci_low"])
    table["or_high"] = np.exp(table["ci_high"])
    table["effect_pct"] = 100 * (table["odds_ratio"] - 1)
    table.loc[table["term"] == "const", ["odds_ratio", "or_low", "or_high", "effect_pct"]] = np.nan
    return table


def _term_name(raw: str) -> str:
    """statsmodels' term names made plain: Intercept -> const, Q('x') -> x,
    C(Q('channel'))[T.web] -> channel=web."""
    if raw == "Intercept":
        return "const"
    if raw.startswith("C(Q('"):
        column = raw[len("C(Q('") : raw.index("')")]
        level = raw[raw.index("[T.") + 3 : -1] if "[T." in raw else raw
        return f"{column}={level}"
    if raw.startswith("Q('"):
        return raw[3:-2]
    return raw


# ---------------------------------------------------------------------------------------------
# Effects table and forest plot
# ---------------------------------------------------------------------------------------------


def driver_effects_table(
    model: DriverModel, include_controls: bool = False, lang: str = "en"
) -> pd.DataFrame:
    """The drivers' effects on the odds of drop-out, one row per driver (controls on request):
    estimate, std_error, ci_low/high, odds_ratio, or_low/high, effect_pct (change in odds, %),
    p_value, and the model's n, events and pseudo_r2; attrs["confidence"] is the model's."""
    table = model.coefficients[model.coefficients["term"] != "const"].copy()
    if not include_controls:
        table = table[table["term"].isin(model.drivers)]
    table.insert(1, "driver", table["term"].map(lambda t: driver_name(t, lang)))
    table["n"] = model.n
    table["events"] = model.events
    table["pseudo_r2"] = model.pseudo_r2
    table = table.reset_index(drop=True)
    table.attrs["confidence"] = model.confidence
    return table


def driver_name(term: str, lang: str = "en") -> str:
    """A driver's readable name in the report language (the catalog's `driver_name.<term>`); a
    term without one (a control such as channel=web) as words."""
    key = f"driver_name.{term}"
    return MESSAGES(key, lang) if key in MESSAGES else term.replace("_", " ")


def plot_driver_effects(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Forest plot of a `driver_effects_table`: the odds ratios with their confidence intervals
    (log scale, reference line at 1); red raises the odds of drop-out, green lowers them."""
    if ax is None:
        _, ax = new_figure(8.0, 0.6 * len(table) + 1.6)
    y = np.arange(len(table))[::-1]
    colours = [PALETTE[1] if v > 1 else PALETTE[2] for v in table["odds_ratio"]]
    for yi, row, colour in zip(y, table.itertuples(), colours, strict=True):
        ax.plot([row.or_low, row.or_high], [yi, yi], color=colour, linewidth=2.2)
        ax.plot(row.odds_ratio, yi, "o", color=colour, markersize=8)
        label_right_of(ax, row.or_high, yi, f"×{row.odds_ratio:.2f}")
    ax.axvline(1.0, color=PALETTE[4], linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ax.set_yticks(y, table["driver"])
    low = min(table["or_low"].min(), 1.0)
    high = max(table["or_high"].max(), 1.0)
    ax.set_xlim(low / 1.15, high * 1.25)
    ax.set_xticks([t for t in RATIO_TICKS if low / 1.15 <= t <= high * 1.25])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    pct = round(100 * table.attrs.get("confidence", 0.95))
    ax.set_title(MESSAGES("drivers_title", lang, pct=pct))
    ax.set_xlabel(MESSAGES("drivers_axis", lang))
    ax.set_ylabel("")
    return ax
