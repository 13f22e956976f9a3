"""Short written readings of the journey tables for a manager: every number is taken from the
table the chart draws, so the words can never disagree with the picture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.plotting import format_count, format_pct, stage_label

if TYPE_CHECKING:
    from journey_utils.journey.dataset import JourneyData


def _days(value: float) -> str:
    if value is None or pd.isna(value):
        return "beyond the data"
    return f"{value:.1f} days" if value < 10 else f"{value:.0f} days"


def _p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def journey_data_reading(data: JourneyData) -> str:
    """What the journey data holds: cases, events, period, and what the input rules changed."""
    log = data.log
    cases = log["application_id"].nunique()
    kind = "a standard event log" if data.imported is not None else "the integrated portfolio"
    quality = data.quality_frame()
    quarantined = int(quality.loc[quality["action"].eq("quarantined"), "events"].sum())
    flagged = quality[quality["action"].str.startswith("flagged") & quality["cases"].gt(0)]
    flags = "; ".join(f"{r.rule}: {format_count(r.cases)} cases" for r in flagged.itertuples())
    text = (
        f"This report reads {kind}: **{format_count(cases)} cases** with "
        f"{format_count(len(log))} stage events from {log['ts'].min():%d %b %Y} to "
        f"{log['ts'].max():%d %b %Y}. The input rules set aside **{format_count(quarantined)} "
        f"events** with a reason (table below); nothing else was dropped."
    )
    return text + (f" Flagged but kept: {flags}." if flags else "")


def funnel_reading(funnel: pd.DataFrame) -> str:
    """Where the funnel narrows most, and how many cases end in a disbursed loan."""
    steps = funnel.iloc[1:]
    if steps.empty:
        return "The log has a single stage, so there is no funnel to read."
    first = funnel.iloc[0]
    worst = steps.loc[steps["step_conversion"].idxmin()]
    before = funnel.loc[funnel["stage_order"] == worst["stage_order"] - 1, "stage"].iloc[0]
    last = funnel.iloc[-1]
    return (
        f"Of **{format_count(first['cases'])} cases** that began at "
        f"{stage_label(first['stage']).lower()}, **{format_pct(last['cumulative_conversion'])}** "
        f"ended with the loan disbursed ({format_count(last['cases'])} cases). The narrowest step "
        f"is from {stage_label(before).lower()} to {_label(worst['stage']).lower()}: only "
        f"{format_pct(worst['step_conversion'])} of cases get through "
        f"(95% interval {format_pct(worst['step_low'])}–{format_pct(worst['step_high'])})."
    )


def _label(stage: str) -> str:
    return "disbursement" if stage == "disbursed" else stage_label(stage)


def comparison_reading(comparison: pd.DataFrame, name_a: str, name_b: str) -> str:
    """Which steps differ between two groups' funnels, after correcting for testing every step."""
    significant = comparison[comparison["p_holm"] < 0.05]
    if significant.empty:
        return (
            f"No step of the funnel differs significantly between {name_a} and {name_b} "
            "(Holm-corrected, 5% level)."
        )
    parts = [
        f"{_label(r.stage).lower()} {'+' if r.difference > 0 else '−'}"
        f"{abs(100 * r.difference):.1f} pp ({format_pct(r.diff_low)} to {format_pct(r.diff_high)})"
        for r in significant.itertuples()
    ]
    return (
        f"Compared with {name_a}, cases of {name_b} convert differently at "
        f"{len(significant)} step(s): " + "; ".join(parts) + " (Holm-corrected, 5% level)."
    )


def dropoff_reading(dropoff: pd.DataFrame) -> str:
    """Where most cases that end without a loan stop, and how."""
    lost = dropoff[dropoff["outcome"] != "in_progress"]
    by_stage = lost.groupby("stage", sort=False)["cases"].sum()
    if by_stage.sum() == 0:
        return "No case has ended without a loan yet."
    stage = by_stage.idxmax()
    at_stage = lost[lost["stage"] == stage].sort_values("cases", ascending=False).iloc[0]
    return (
        f"{format_count(by_stage.sum())} cases ended without a loan. Most of them stopped at "
        f"**{stage_label(stage).lower()}** ({format_count(by_stage.max())} cases, "
        f"{format_pct(by_stage.max() / by_stage.sum())} of all drop-outs), mostly "
        f"{at_stage['outcome']} ({format_count(at_stage['cases'])})."
    )


def timing_reading(durations: pd.DataFrame, decision: pd.DataFrame) -> str:
    """The slowest stage before the decision and the time from application to decision."""
    before = durations[durations["stage"].isin(["application", "due_diligence", "approval"])]
    parts = []
    if not before.empty:
        slow = before.loc[before["median"].idxmax()]
        parts.append(
            f"Before the decision, **{stage_label(slow['stage']).lower()}** takes longest: "
            f"median {_days(slow['median'])}, and one case in ten takes more than "
            f"{_days(slow['p90'])}."
        )
    if not decision.empty:
        row = decision.iloc[0]
        parts.append(
            f"From application to decision takes a median of **{_days(row['median'])}** "
            f"(P75 {_days(row['p75'])}, P90 {_days(row['p90'])}); "
            f"{format_count(row['censored'])} of {format_count(row['cases'])} cases had no "
            "decision yet or left first, and count as censored, not as lost."
        )
    return " ".join(parts)


def survival_reading(difference: pd.DataFrame) -> str:
    """Whether time to decision differs between groups (log-rank test)."""
    row = difference.iloc[0]
    verdict = "differs" if row["p_value"] < 0.05 else "does not differ significantly"
    return (
        f"Time to decision {verdict} between {row['by'].replace('_', ' ')} groups "
        f"(log-rank χ² = {row['chi2']:.1f}, {int(row['df'])} df, {_p(row['p_value'])})."
    )


def paths_reading(variants: pd.DataFrame, rework: pd.DataFrame) -> str:
    """How concentrated the paths are and how often cases go back to a stage."""
    named = variants[variants["rank"].notna()]
    top = named.iloc[0]
    reworked = rework[rework["cases_reworked"] > 0]
    text = (
        f"The most common path ({top['variant']}) covers {format_pct(top['share'])} of cases; "
        f"the top {len(named)} paths cover {format_pct(named['share'].sum())}."
    )
    if reworked.empty:
        return text + " No case went back to an earlier stage."
    worst = reworked.loc[reworked["rework_share"].idxmax()]
    return text + (
        f" Rework is highest at **{stage_label(worst['stage']).lower()}**: "
        f"{format_pct(worst['rework_share'])} of cases there go through it again, adding a "
        f"median {_days(worst['extra_days_median'])}."
    )


def cohort_reading(cohorts: pd.DataFrame, months: tuple[int, ...] = (12, 24, 36)) -> str:
    """Share of clients back for new financing k months after a first loan (observed cohorts)."""
    parts = []
    for k in months:
        cells = cohorts[(cohorts["months_since_disbursement"] == k) & cohorts["share"].notna()]
        if cells.empty:
            continue
        share = (cells["share"] * cells["cohort_size"]).sum() / cells["cohort_size"].sum()
        parts.append(f"{format_pct(share)} within {k} months ({len(cells)} cohorts observed)")
    if not parts:
        return "No cohort has been followed long enough to read a return rate yet."
    return (
        "Clients who come back for new financing after their first loan: " + "; ".join(parts) + "."
    )


def drivers_reading(effects: pd.DataFrame) -> str:
    """Each pain-point driver's effect on the odds of dropping out, strongest first."""
    ordered = effects.reindex(effects["coef"].abs().sort_values(ascending=False).index)
    parts = [
        f"{r.driver}: odds of dropping out {'+' if r.effect_pct > 0 else '−'}"
        f"{abs(r.effect_pct):.0f}% (95% interval ×{r.or_low:.2f} to ×{r.or_high:.2f})"
        for r in ordered.itertuples()
    ]
    n, events = int(effects["n"].iloc[0]), int(effects["events"].iloc[0])
    return (
        f"A logistic model of {format_count(n)} mature cases ({format_count(events)} drop-outs) "
        "estimates each driver with the others held fixed. " + "; ".join(parts) + "."
    )


def satisfaction_reading(by_stage: pd.DataFrame, by_outcome: pd.DataFrame) -> str:
    """The least satisfying stage and the gap between funded and refused clients."""
    low = by_stage.loc[by_stage["csat_mean"].idxmin()]
    text = (
        f"Satisfaction is lowest at **{stage_label(low['stage']).lower()}** (mean CSAT "
        f"{low['csat_mean']:.2f} of 5, NPS {low['nps']:.0f})."
    )
    outcomes = by_outcome.set_index("outcome")
    if {"disbursed", "declined"} <= set(outcomes.index):
        gap = outcomes.loc["disbursed", "csat_mean"] - outcomes.loc["declined", "csat_mean"]
        text += (
            f" Clients whose loan was disbursed rate the journey {gap:.2f} points higher than"
            " declined clients."
        )
    return text
