"""Client satisfaction along the journey: CSAT and NPS by survey stage and by the case's outcome,
each with a 95% interval, so a manager sees where experience breaks down (DESIGN §2 pain points).

CSAT is on 1–5 (satisfied = 4 or 5), NPS on 0–10 (promoters 9–10, detractors 0–6;
NPS = % promoters − % detractors, −100..100). Intervals: CSAT mean by the t distribution,
satisfied share by Wilson, NPS analytic (normal, variance (p+ + p− − (p+ − p−)²)/n).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from scipy import stats

from journey_utils.catalog import OUTCOMES
from journey_utils.errors import InputError, stop_at_first
from journey_utils.i18n import column_words, data_name
from journey_utils.journey.cases import require_columns
from journey_utils.journey.masking import mask_groups
from journey_utils.journey.messages import MESSAGES
from journey_utils.plotting import OUTCOME_COLOURS, PALETTE, interval_err, new_figure, pct_axis
from journey_utils.plotting import stage_order as _stage_order
from journey_utils.stats import wilson_interval
from journey_utils.vocabulary import outcome_label, stage_label

SURVEY_COLUMNS: tuple[str, ...] = ("application_id", "stage", "csat", "nps")
"""Survey columns every satisfaction table needs."""

CSAT_RANGE: tuple[int, int] = (1, 5)
NPS_RANGE: tuple[int, int] = (0, 10)
SATISFIED_FROM: int = 4
"""CSAT at or above this counts as satisfied."""
PROMOTER_FROM: int = 9
DETRACTOR_UP_TO: int = 6

UNKNOWN = "unknown"
"""Group label of surveys whose application is not in the applications table."""

SATISFACTION_SUMMARY: tuple[str, ...] = (
    "responses",
    "csat_mean",
    "csat_low",
    "csat_high",
    "satisfied_share",
    "nps",
    "nps_low",
    "nps_high",
)
"""The statistics the report's satisfaction tables show (`summary=True`): responses, mean CSAT
and NPS with their intervals, and the share satisfied."""


MEASURES: dict[str, tuple[str, str, str]] = {
    "csat": ("csat_mean", "csat_low", "csat_high"),
    "satisfied": ("satisfied_share", "satisfied_low", "satisfied_high"),
    "nps": ("nps", "nps_low", "nps_high"),
}
"""What `plot_satisfaction` can draw: table columns of the point and interval (its axis label is
the catalog's `satisfaction_axis.<measure>`)."""


def satisfaction_table(
    surveys: pd.DataFrame,
    applications: pd.DataFrame | None = None,
    by: Sequence[str] = ("stage",),
    confidence: float = 0.95,
    *,
    min_cell_size: int,
    summary: bool = False,
) -> pd.DataFrame:
    """Responses, mean CSAT (t interval), share satisfied (Wilson interval) and NPS (analytic
    interval) per group of `by`: survey columns (e.g. stage) or application columns (e.g. outcome,
    product, channel), joined on application_id; surveys of unknown applications group as
    'unknown'. Missing scores count as responses but not in that score's statistics;
    attrs["confidence"] holds the confidence level. `summary=True` keeps only
    SATISFACTION_SUMMARY; groups with fewer than `min_cell_size` responses are masked
    (`mask_groups`; 1: every group)."""
    by = [by] if isinstance(by, str) else list(by)
    require_columns(surveys, SURVEY_COLUMNS, "surveys")
    data = _with_application_columns(surveys, applications, by)
    data["csat"] = _score(surveys["csat"], "csat", CSAT_RANGE).to_numpy()
    data["nps"] = _score(surveys["nps"], "nps", NPS_RANGE).to_numpy()
    if by:
        groups = data.groupby(by, sort=False, observed=True, dropna=False)
        rows = [_summary(g, confidence) | _keys(by, key) for key, g in groups]
    else:
        rows = [_summary(data, confidence)]
    table = pd.DataFrame(rows)
    table = table[[*by, *(c for c in table.columns if c not in by)]]
    table = _ordered(table, by)
    if summary:
        table = table[[*by, *SATISFACTION_SUMMARY]]
    table.attrs["confidence"] = confidence
    return mask_groups(table, "responses", min_cell_size=min_cell_size)


def _with_application_columns(
    surveys: pd.DataFrame, applications: pd.DataFrame | None, by: list[str]
) -> pd.DataFrame:
    """Surveys with the application columns `by` asks for (outcome, product, ...) joined on."""
    wanted = [c for c in by if c not in surveys.columns]
    data = surveys[[c for c in by if c in surveys.columns]].copy()
    if not wanted:
        return data
    if applications is None:
        raise InputError(
            "satisfaction_table",
            f"grouping by {', '.join(wanted)} needs the applications table",
        )
    require_columns(applications, ["application_id", *wanted], "applications")
    extra = applications[["application_id", *wanted]].drop_duplicates("application_id")
    joined = surveys[["application_id"]].merge(
        extra, on="application_id", how="left", validate="many_to_one"
    )
    for col in wanted:
        data[col] = joined[col].astype(object).where(joined[col].notna(), UNKNOWN).to_numpy()
    return data


def _score(values: pd.Series, column: str, bounds: tuple[int, int]) -> pd.Series:
    """A score column as float (NaN when missing); stops on values outside its scale."""
    scores = pd.to_numeric(values, errors="coerce").astype("Float64").astype(float)
    bad = values.notna() & (scores.isna() | (scores < bounds[0]) | (scores > bounds[1]))
    stop_at_first(
        bad,
        "surveys",
        lambda row: (
            f"{int(bad.sum())} value(s) outside {bounds[0]}–{bounds[1]}, e.g. {values.iloc[row]!r}"
        ),
        column,
    )
    return scores


def _keys(by: list[str], key: object) -> dict[str, object]:
    """A groupby key as {column: value}."""
    values = key if isinstance(key, tuple) else (key,)
    return dict(zip(by, values, strict=True))


def _summary(group: pd.DataFrame, confidence: float) -> dict[str, float]:
    """All satisfaction statistics of one group of survey responses."""
    csat = group["csat"].dropna().to_numpy()
    nps = group["nps"].dropna().to_numpy()
    return {
        "responses": len(group),
        **_csat_stats(csat, confidence),
        **_nps_stats(nps, confidence),
    }


def _csat_stats(csat: np.ndarray, confidence: float) -> dict[str, float]:
    """Mean CSAT with a t interval, and the satisfied share with a Wilson interval."""
    n = len(csat)
    mean = float(csat.mean()) if n else np.nan
    low = high = np.nan
    if n >= 2:
        half = stats.t.ppf((1 + confidence) / 2, n - 1) * csat.std(ddof=1) / np.sqrt(n)
        low, high = mean - half, mean + half
    satisfied = int((csat >= SATISFIED_FROM).sum())
    s_low = s_high = np.nan
    if n:
        _, (s_low,), (s_high,) = wilson_interval([satisfied], [n], confidence)
    return {
        "csat_responses": n,
        "csat_mean": mean,
        "csat_low": low,
        "csat_high": high,
        "satisfied_share": satisfied / n if n else np.nan,
        "satisfied_low": float(s_low),
        "satisfied_high": float(s_high),
    }


def _nps_stats(nps: np.ndarray, confidence: float) -> dict[str, float]:
    """NPS with its analytic normal interval (variance (p+ + p− − (p+ − p−)²)/n), on −100..100."""
    n = len(nps)
    if not n:
        nan = np.nan
        return dict.fromkeys(
            ("promoter_share", "detractor_share", "nps", "nps_low", "nps_high"), nan
        ) | {"nps_responses": 0}
    promoters = float((nps >= PROMOTER_FROM).mean())
    detractors = float((nps <= DETRACTOR_UP_TO).mean())
    score = promoters - detractors
    se = np.sqrt(max(promoters + detractors - score**2, 0.0) / n)
    half = stats.norm.ppf((1 + confidence) / 2) * se
    return {
        "nps_responses": n,
        "promoter_share": promoters,
        "detractor_share": detractors,
        "nps": 100 * score,
        "nps_low": max(100 * (score - half), -100.0),
        "nps_high": min(100 * (score + half), 100.0),
    }


def _ordered(table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Rows in journey order: stages as the journey runs, outcomes as catalog.OUTCOMES, else
    alphabetical."""
    if not by or table.empty:
        return table.reset_index(drop=True)
    keys = []
    for col in by:
        values = table[col].astype(str)
        if col == "stage":
            order = _stage_order(list(values.unique()))
        elif col == "outcome":
            order = [*OUTCOMES, *sorted(set(values) - set(OUTCOMES))]
        else:
            order = sorted(values.unique())
        keys.append(values.map({v: i for i, v in enumerate(order)}).rename(f"_{col}"))
    ranks = pd.concat(keys, axis=1)
    return table.loc[ranks.sort_values(list(ranks.columns)).index].reset_index(drop=True)


def plot_satisfaction(
    table: pd.DataFrame,
    by: str = "stage",
    measure: str = "csat",
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Points with intervals of one satisfaction measure ('csat', 'satisfied' or 'nps') per
    group of a `satisfaction_table` split by one column `by` (a journey stage, an outcome)."""
    if measure not in MEASURES:
        raise InputError(
            "plot_satisfaction", f"unknown measure {measure!r} (valid: csat, satisfied, nps)"
        )
    confidence = table.attrs.get("confidence", 0.95)
    point, low, high = MEASURES[measure]
    if ax is None:
        _, ax = new_figure()
    x = np.arange(len(table))
    for xi, row in zip(x, table.itertuples(index=False), strict=True):
        group = getattr(row, by)
        colour = OUTCOME_COLOURS.get(group, PALETTE[4]) if by == "outcome" else PALETTE[0]
        value = getattr(row, point)
        err = interval_err([value], [getattr(row, low)], [getattr(row, high)])
        ax.errorbar(xi, value, yerr=err, fmt="o", color=colour, capsize=4, markersize=8, lw=2)
    ax.set_xticks(x, [_group_label(by, g, lang) for g in table[by]])
    if measure == "satisfied":
        pct_axis(ax)
    if measure == "nps":
        ax.axhline(0, color=PALETTE[4], linestyle="--", linewidth=1)
    if measure == "csat":
        ax.set_ylim(1, 5)
    ax.set_ylabel(MESSAGES(f"satisfaction_axis.{measure}", lang))
    ax.set_xlabel("")
    pct = round(100 * confidence)
    ax.set_title(MESSAGES("satisfaction_title", lang, what=_by_words(by, lang), pct=pct))
    return ax


def _by_words(by: str, lang: str) -> str:
    """What the satisfaction chart is split by, for its title."""
    key = f"satisfaction_by.{by}"
    if key in MESSAGES:
        return MESSAGES(key, lang)
    return MESSAGES("satisfaction_by_column", lang, by=column_words(by, lang))


def _group_label(by: str, value: object, lang: str) -> str:
    """Axis label of a group: stage names in the report language, outcomes likewise."""
    text = str(value)
    if by == "stage":
        text = stage_label(text, lang)
    elif by == "outcome" and text == UNKNOWN:
        text = MESSAGES("unknown_group", lang)
    elif by == "outcome":  # a Chinese outcome name has no underscores to replace
        text = data_name(text, lang, outcome_label).replace("_", " ")
    return textwrap.fill(text, 14)
