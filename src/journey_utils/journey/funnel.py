"""The journey funnel: cases reaching each stage, step and cumulative conversion with Wilson
intervals, overall or by any column, and the comparison of two groups' funnels."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    test_proportions_2indep,
)

from journey_utils.catalog import OUTCOMES, STAGES
from journey_utils.errors import InputError
from journey_utils.i18n import data_name
from journey_utils.journey.cases import require_columns
from journey_utils.journey.masking import EVERY_GROUP, mask_groups
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.paths import case_codes, category_codes
from journey_utils.plotting import (
    OUTCOME_COLOURS,
    PALETTE,
    count_axis,
    format_count,
    format_pct,
    interval_err,
    label_right_of,
    new_figure,
    pct_axis,
)
from journey_utils.stats import wilson_interval
from journey_utils.vocabulary import stage_label

DISBURSED = "disbursed"
"""The funnel's last row: cases with money paid out."""

FUNNEL_COLUMNS: tuple[str, ...] = (
    "stage",
    "stage_order",
    "cases",
    "step_conversion",
    "step_low",
    "step_high",
    "cumulative_conversion",
    "cum_low",
    "cum_high",
)


def with_period(log: pd.DataFrame, freq: str = "Q", column: str = "period") -> pd.DataFrame:
    """The log with a `period` column: the period (e.g. quarter) of each case's first event, so a
    funnel can be split by when cases started."""
    require_columns(log, ["application_id", "ts"])
    first = log.groupby("application_id", sort=False)["ts"].transform("min")
    try:
        period = pd.to_datetime(first).dt.to_period(freq)
    except ValueError as exc:
        raise InputError("with_period", f"unknown period frequency {freq!r} ({exc})") from exc
    return log.assign(**{column: period})


def _by_columns(log: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    columns = [by] if isinstance(by, str) else list(by or [])
    require_columns(log, columns)
    reserved = set(FUNNEL_COLUMNS) & set(columns)
    if reserved:
        raise InputError("funnel_table", f"cannot split by {', '.join(sorted(reserved))}")
    return columns


def _case_groups(
    log: pd.DataFrame, case: np.ndarray, n_cases: int, columns: list[str]
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of each case and the group values (one row per group). A case takes its
    first non-missing value of each column; a case with none falls in a missing-value group."""
    if not columns:
        return np.zeros(n_cases, dtype=np.int64), pd.DataFrame(index=[0])
    per_case = {}
    for column in columns:
        codes, uniques = pd.factorize(log[column])
        first = pd.Series(np.where(codes < 0, np.nan, codes)).groupby(case).first()
        first = first.reindex(range(n_cases)).to_numpy()
        known = ~np.isnan(first)
        values = np.full(n_cases, None, dtype=object)
        values[known] = np.asarray(uniques, dtype=object)[first[known].astype(np.int64)]
        per_case[column] = pd.Series(values, dtype=log[column].dtype)
    frame = pd.DataFrame(per_case)
    grouping = frame.groupby(columns, sort=True, dropna=False, observed=True)
    return grouping.ngroup().to_numpy(), grouping.size().reset_index()[columns]


def reached_stages(log: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Case number per event, and per case: which stages it reached (bool matrix, columns in
    STAGES order) and its outcome (index into OUTCOMES)."""
    require_columns(log, ["application_id", "stage", "outcome"])
    if len(log) == 0:
        raise InputError("journey log", "no events to analyse")
    case, _ = case_codes(log["application_id"])
    n_cases = int(case.max()) + 1
    stage = category_codes(log["stage"], STAGES, "stage")
    reached = np.zeros((n_cases, len(STAGES)), dtype=bool)
    reached[case, stage] = True
    is_first = case > np.maximum.accumulate(np.concatenate(([-1], case[:-1])))
    outcome = category_codes(log["outcome"][is_first], OUTCOMES, "outcome")
    return case, reached, outcome


def _step_counts(
    reached: np.ndarray,
    disbursed: np.ndarray,
    keep: Sequence[int],
    group: np.ndarray,
    n_groups: int,
) -> np.ndarray:
    """Cases per group (rows) reaching each kept stage, then disbursed (columns)."""
    steps = [reached[:, i] for i in keep] + [disbursed]
    counts = [np.bincount(group, weights=s, minlength=n_groups) for s in steps]
    return np.stack(counts, axis=1).astype(np.int64)


def funnel_table(
    log: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
    confidence: float = 0.95,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """Cases reaching each stage (any event at it), step conversion (this stage / the previous
    one) and cumulative conversion (this stage / the first), with Wilson intervals, ending with a
    `disbursed` row. Split by one or more columns with `by`; stages absent from the whole log are
    left out, a stage a group lacks shows 0 cases.

    Columns: the `by` columns, stage, stage_order, cases, step_conversion, step_low, step_high,
    cumulative_conversion, cum_low, cum_high. A stage reached by more cases than the one before
    (stages skipped) has no step conversion (NaN), never one over 100%; likewise cumulative.
    Rows with fewer than `min_cell_size` cases are masked (`mask_groups`; 1: every row)."""
    if not 0 < confidence < 1:
        raise InputError("funnel_table", f"confidence must be between 0 and 1, got {confidence}")
    columns = _by_columns(log, by)
    case, reached, outcome = reached_stages(log)
    disbursed = outcome == OUTCOMES.index(DISBURSED)
    present = reached.any(axis=0)
    wanted = list(STAGES) if stages is None else list(stages)
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        raise InputError(
            "funnel_table", f"unknown stage(s) {', '.join(unknown)} (valid: {', '.join(STAGES)})"
        )
    keep = [i for i, s in enumerate(STAGES) if s in wanted and present[i]]
    group, groups = _case_groups(log, case, reached.shape[0], columns)
    n_groups = len(groups)
    counts = _step_counts(reached, disbursed, keep, group, n_groups)
    previous = np.concatenate((counts[:, :1], counts[:, :-1]), axis=1)
    base = np.repeat(counts[:, :1], counts.shape[1], axis=1)
    step, step_low, step_high = wilson_interval(counts.ravel(), previous.ravel(), confidence)
    cum, cum_low, cum_high = wilson_interval(counts.ravel(), base.ravel(), confidence)
    # a stage reached by more cases than the one before (a log that skips stages): a count, not
    # a conversion over 100%
    for values, over in (
        ((step, step_low, step_high), counts.ravel() > previous.ravel()),
        ((cum, cum_low, cum_high), counts.ravel() > base.ravel()),
    ):
        for v in values:
            v[over] = np.nan
    names = [STAGES[i] for i in keep] + [DISBURSED]
    table = groups.loc[groups.index.repeat(len(names))].reset_index(drop=True)
    table["stage"] = np.tile(names, n_groups)
    table["stage_order"] = np.tile(np.arange(1, len(names) + 1), n_groups)
    table["cases"] = counts.ravel()
    table["step_conversion"], table["step_low"], table["step_high"] = step, step_low, step_high
    table["cumulative_conversion"], table["cum_low"], table["cum_high"] = cum, cum_low, cum_high
    first = table["stage_order"] == 1
    table.loc[first, ["step_low", "step_high", "cum_low", "cum_high"]] = np.nan
    return mask_groups(table[[*columns, *FUNNEL_COLUMNS]], "cases", min_cell_size=min_cell_size)


def _group_mask(log: pd.DataFrame, column: str | None, value: object, name: str) -> np.ndarray:
    """Rows of the log in one comparison group: a boolean mask, or rows whose `column` equals the
    value (or is in a list of values)."""
    if column is None:
        mask = np.asarray(value, dtype=bool)
        if mask.shape != (len(log),):
            raise InputError(
                "funnel_comparison_table",
                f"group {name} must be a boolean mask with one value per event",
            )
        return mask
    require_columns(log, [column])
    values = list(value) if isinstance(value, list | tuple | set) else [value]
    mask = log[column].isin(values).to_numpy()
    if not mask.any():
        seen = ", ".join(map(str, pd.unique(log[column].dropna())[:20]))
        message = f"no events with {column} = {value!r} (values: {seen})"
        raise InputError("funnel_comparison_table", message, column=column)
    return mask


def funnel_comparison_table(
    log: pd.DataFrame,
    column: str | None,
    a: object,
    b: object,
    confidence: float = 0.95,
    measure: str = "step",
) -> pd.DataFrame:
    """Per funnel step, group a's and group b's conversion, the difference b − a with a Newcombe
    interval, the p-value (score test) and the Holm-adjusted p-value across steps.

    Groups are values of `column` (a value or a list of values), or boolean masks over the log's
    rows when `column` is None. `measure` = "step" (conversion from the previous stage) or
    "cumulative" (from the first stage); attrs hold the confidence and the measure."""
    if measure not in ("step", "cumulative"):
        message = f"measure must be 'step' or 'cumulative', not {measure!r}"
        raise InputError("funnel_comparison_table", message)
    mask_a = _group_mask(log, column, a, "a")
    mask_b = _group_mask(log, column, b, "b")
    case, reached, outcome = reached_stages(log)
    disbursed = outcome == OUTCOMES.index(DISBURSED)
    in_a = np.zeros(len(reached), dtype=bool)
    in_b = np.zeros(len(reached), dtype=bool)
    in_a[case[mask_a]] = True
    in_b[case[mask_b]] = True
    present = reached[in_a | in_b].any(axis=0)
    keep = [i for i in range(len(STAGES)) if present[i]]
    steps = np.column_stack([reached[:, keep], disbursed])
    cases_a = steps[in_a].sum(axis=0).astype(np.int64)
    cases_b = steps[in_b].sum(axis=0).astype(np.int64)
    names = [STAGES[i] for i in keep] + [DISBURSED]
    if measure == "step":
        base_a, base_b = np.roll(cases_a, 1), np.roll(cases_b, 1)
    else:
        base_a, base_b = np.full_like(cases_a, cases_a[0]), np.full_like(cases_b, cases_b[0])
    out = pd.DataFrame(
        {
            "stage": names,
            "stage_order": np.arange(1, len(names) + 1),
            "cases_a": cases_a,
            "base_a": base_a,
            "cases_b": cases_b,
            "base_b": base_b,
        }
    ).iloc[1:]
    if out.empty:
        raise InputError(
            "funnel_comparison_table", "the log has only one stage: nothing to compare"
        )
    if ((out["base_a"] == 0) | (out["base_b"] == 0)).any():
        empty = out.loc[(out["base_a"] == 0) | (out["base_b"] == 0), "stage"].iloc[0]
        raise InputError("funnel_comparison_table", f"a group has no cases before stage {empty}")
    count_a, nobs_a = out["cases_a"].to_numpy(float), out["base_a"].to_numpy(float)
    count_b, nobs_b = out["cases_b"].to_numpy(float), out["base_b"].to_numpy(float)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = confint_proportions_2indep(
            count_b, nobs_b, count_a, nobs_a, method="newcomb", compare="diff", alpha=1 - confidence
        )
        test = test_proportions_2indep(
            count_b, nobs_b, count_a, nobs_a, method="score", compare="diff"
        )
    # Both groups at 0% or both at 100%: no variance, no evidence of a difference.
    p_value = np.nan_to_num(np.asarray(test.pvalue, dtype=float), nan=1.0)
    out["conversion_a"] = count_a / nobs_a
    out["conversion_b"] = count_b / nobs_b
    out["difference"] = out["conversion_b"] - out["conversion_a"]
    out["diff_low"], out["diff_high"] = low, high
    out["p_value"] = p_value
    out["p_holm"] = multipletests(p_value, method="holm")[1]
    out = out.reset_index(drop=True)
    out.attrs.update({"confidence": confidence, "measure": measure})
    return out


def plot_funnel(
    table: pd.DataFrame,
    by: str | None = None,
    max_groups: int = 6,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Horizontal bars of a `funnel_table`: cases per stage, labelled with step conversion, with
    whiskers for the cumulative interval; a table split `by` a column shows cumulative conversion
    per group, so groups compare."""
    if ax is None:
        _, ax = new_figure(8.0, 1.0 + 0.55 * table["stage_order"].max())
    names = list(dict.fromkeys(table["stage"]))
    labels = [_step_label(s, lang) for s in names]
    y = np.arange(len(names))
    if by is None:
        _draw_single(ax, table, y, lang)
        count_axis(ax, "x")
        ax.set_xlabel(MESSAGES("funnel_axis_cases", lang))
    else:
        groups = list(dict.fromkeys(table[by]))
        if len(groups) > max_groups:
            raise InputError(
                "plot_funnel", f"{by} has {len(groups)} groups; at most {max_groups} can be drawn"
            )
        _draw_groups(ax, table, by, groups, y, lang)
        pct_axis(ax, "x")
        ax.set_xlabel(MESSAGES("funnel_axis_cumulative", lang))
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    ax.set_title(MESSAGES("funnel_title", lang))
    return ax


def _step_label(stage: str, lang: str) -> str:
    if stage == DISBURSED:
        return MESSAGES("funnel_step_disbursed", lang)
    return stage_label(stage, lang)


def _legend_title(by: str, lang: str) -> str:
    """The legend title of a funnel split by `by`: the column's name in the report language
    where the catalog has it (columns a funnel is often split by), else as the data spells it."""
    key = f"funnel_legend.{by}"
    return MESSAGES(key, lang) if key in MESSAGES else by


def _draw_single(ax: Axes, table: pd.DataFrame, y: np.ndarray, lang: str = "en") -> None:
    """One bar per stage: cases, whiskers = cumulative interval in cases, step conversion label."""
    cases = table["cases"].to_numpy(float)
    top = cases[0] if len(cases) else 0.0
    colours = [PALETTE[0]] * (len(cases) - 1) + [OUTCOME_COLOURS[DISBURSED]]
    ax.barh(y, cases, color=colours, height=0.65)
    low = (table["cum_low"] * top).to_numpy()
    high = (table["cum_high"] * top).to_numpy()
    err = interval_err(cases, low, high)
    ax.errorbar(cases, y, xerr=err, fmt="none", ecolor="#333333", capsize=3, lw=1)
    for yi, row in zip(y, table.itertuples(), strict=True):
        text = format_count(row.cases)
        if row.stage_order > 1 and pd.isna(row.step_conversion):
            text += MESSAGES("funnel_bar_skipped", lang)
        elif row.stage_order > 1:
            text += MESSAGES("funnel_bar_step", lang, share=format_pct(row.step_conversion))
        end = max(row.cases, np.nan_to_num(row.cum_high * top))  # clear of the whisker
        ax.text(end + top * 0.015, yi, text, va="center", ha="left", fontsize=9)
    ax.set_xlim(0, top * 1.45 if top else 1)


def _draw_groups(
    ax: Axes,
    table: pd.DataFrame,
    by: str,
    groups: list[object],
    y: np.ndarray,
    lang: str = "en",
) -> None:
    """Grouped bars of cumulative conversion per stage, one colour per group, with intervals."""
    height = 0.8 / len(groups)
    for i, value in enumerate(groups):
        part = table[table[by] == value] if not pd.isna(value) else table[table[by].isna()]
        offset = y - 0.4 + height * (i + 0.5)
        share = part["cumulative_conversion"].to_numpy(float)
        err = interval_err(share, part["cum_low"], part["cum_high"])
        colour = PALETTE[(i + 0) % len(PALETTE)]
        name = data_name(value, lang)
        ax.barh(offset, share, height=height * 0.9, color=colour, label=name)
        ax.errorbar(share, offset, xerr=err, fmt="none", ecolor="#333333", lw=0.8)
    ax.set_xlim(0, 1.05)
    ax.legend(title=_legend_title(by, lang), loc="lower right")


def plot_funnel_comparison(
    table: pd.DataFrame,
    column: str | None,
    a: object,
    b: object,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """A `funnel_comparison_table` of groups `a` and `b` of `column`: the difference in
    conversion (b − a) per step with its interval; steps whose Holm-adjusted p-value is below
    1 − confidence (the table's) are drawn in the problem/good colour."""
    confidence = table.attrs.get("confidence", 0.95)
    measure = table.attrs.get("measure", "step")
    if ax is None:
        _, ax = new_figure(8.0, 1.0 + 0.5 * len(table))
    y = np.arange(len(table))
    alpha = 1 - confidence
    colours = [
        (PALETTE[2] if d > 0 else PALETTE[1]) if p < alpha else PALETTE[4]
        for d, p in zip(table["difference"], table["p_holm"], strict=True)
    ]
    err = interval_err(table["difference"], table["diff_low"], table["diff_high"])
    ax.errorbar(table["difference"], y, xerr=err, fmt="none", ecolor="#555555", capsize=3)
    ax.scatter(table["difference"], y, c=colours, s=50, zorder=3)
    ax.axvline(0, color="#333333", lw=1)
    for yi, row in zip(y, table.itertuples(), strict=True):
        star = " *" if row.p_holm < alpha else ""
        change = MESSAGES("points_change", lang, points=100 * row.difference, star=star)
        label_right_of(ax, row.diff_high, yi, change)
    ax.set_yticks(y, [_step_label(s, lang) for s in table["stage"]])
    ax.invert_yaxis()
    pct_axis(ax, "x")
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(_comparison_axis(column, a, b, measure, lang))
    ax.set_title(MESSAGES("comparison_title", lang))
    return ax


def _comparison_axis(column: str | None, a: object, b: object, measure: str, lang: str) -> str:
    """Axis label of the funnel comparison: which conversion (`measure`, checked by
    `funnel_comparison_table`), which group against which."""
    if column is None:
        who = MESSAGES("comparison_masks", lang)
    else:
        who = MESSAGES("comparison_groups", lang, a=data_name(a, lang), b=data_name(b, lang))
    return MESSAGES(f"comparison_axis.{measure}", lang, who=who)


def funnel_matrix_table(
    log: pd.DataFrame, by: str, *, min_cell_size: int = 1, measure: str = "cumulative_conversion"
) -> pd.DataFrame:
    """Many groups' funnels at a glance: one row per group (its cases at the first stage), one
    column per stage with the group's cumulative (or step) conversion. Groups with fewer than
    `min_cell_size` cases are left out, so the matrix can be published as it is."""
    if measure not in ("cumulative_conversion", "step_conversion"):
        raise InputError("funnel_matrix_table", f"unknown measure {measure!r}")
    table = funnel_table(log, by=by, min_cell_size=EVERY_GROUP)  # small groups are left out below
    size = table[table["stage_order"] == 1].set_index(by)["cases"]
    matrix = table.pivot(index=by, columns="stage", values=measure)
    order = table.drop_duplicates("stage").sort_values("stage_order")["stage"]
    matrix = matrix[list(order)].drop(columns=order.iloc[0])
    matrix.insert(0, "cases", size.reindex(matrix.index))
    matrix = matrix[matrix["cases"] >= min_cell_size].sort_values("cases", ascending=False)
    matrix.attrs["measure"] = measure
    return matrix.rename_axis(index=by, columns=None).reset_index()


def plot_funnel_matrix(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Heat map of `funnel_matrix_table`: groups down, stages across, conversion in each cell."""
    group = table.columns[0]
    values = table.set_index(group).drop(columns="cases")
    if ax is None:
        _, ax = new_figure(9.0, 0.45 * len(values) + 1.6)
    sns.heatmap(
        values.astype(float),
        ax=ax,
        annot=values.map(lambda v: format_pct(v, 0)),
        fmt="",
        cmap="Blues",
        vmin=0,
        vmax=1,
        cbar=False,
        linewidths=0.5,
    )
    ax.set_xticklabels([_step_label(s, lang) for s in values.columns], rotation=20, ha="right")
    ax.set_yticklabels(
        [f"{g} ({format_count(n)})" for g, n in zip(values.index, table["cases"], strict=True)],
        rotation=0,
    )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(MESSAGES("funnel_matrix_title", lang))
    return ax
