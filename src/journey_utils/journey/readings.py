"""Short written readings of the journey tables for a manager: every number is taken from the
table the chart draws, so the words can never disagree with the picture."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.plotting import format_count, format_pct, outcome_label, stage_label

if TYPE_CHECKING:
    from journey_utils.journey.dataset import JourneyData


def _days(value: float) -> str:
    if value is None or pd.isna(value):
        return "more days than the data can show"
    return f"{value:.1f} days" if value < 10 else f"{value:.0f} days"


def _n(count: float, noun: str) -> str:
    """'1 case', '2,000 cases'."""
    return f"{format_count(count)} {noun}{'' if count == 1 else 's'}"


def _p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def journey_data_reading(data: JourneyData) -> str:
    """What the journey data holds: cases, events, period, and what the input rules changed."""
    log = data.log
    quality = data.quality_frame()
    flagged = quality[quality["action"].str.startswith("flagged") & quality["cases"].gt(0)]
    flags = "; ".join(f"{r.rule}: {_n(r.cases, 'case')}" for r in flagged.itertuples())
    period = f"from {log['ts'].min():%d %b %Y} to {log['ts'].max():%d %b %Y}"
    cases = _n(log["application_id"].nunique(), "case")
    if data.imported is not None:
        c = data.imported.counts
        text = (
            f"This report reads a standard event log: **{_n(c.events_in, 'event')}** of "
            f"**{cases}** {period}. {format_count(c.events_quarantined)} were set aside by the "
            f"input rules; the stage mapping set aside {format_count(c.events_ignored)} of ignored "
            f"activities and {format_count(c.events_lifecycle_set_aside)} lifecycle transitions "
            f"that do not count; {format_count(c.events_outcome_only)} only set the cases' "
            f"outcomes; the other {format_count(c.events_staged)} form "
            f"{format_count(c.stage_visits)} stage visits, written as {format_count(len(log))} "
            "entered / completed rows. Every event is in exactly one of these groups."
        )
        unused = getattr(data.imported, "unused_activities", ())
        if unused:
            text += (
                " Mapped in the params but absent from the log (check for a typo): "
                + ", ".join(unused)
                + "."
            )
    else:
        quarantined = int(quality.loc[quality["action"].eq("quarantined"), "events"].sum())
        text = (
            f"This report reads the integrated portfolio: **{cases}** with "
            f"{_n(len(log), 'stage event')} {period}. The input rules set aside "
            f"**{_n(quarantined, 'event')}** with a reason (table below); nothing else was dropped."
        )
    present = [s for s in STAGES if s in set(log["stage"])]
    missing = [s for s in STAGES if s not in present]
    if missing:
        text += (
            f" The data records {len(present)} of the six journey stages; "
            + ", ".join(stage_label(s).lower() for s in missing)
            + " left no events, so they are absent from every chart below."
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
        f"Of **{_n(first['cases'], 'case')}** that began at "
        f"{stage_label(first['stage']).lower()}, **{format_pct(last['cumulative_conversion'])}** "
        f"ended with the loan disbursed ({_n(last['cases'], 'case')}). The narrowest step "
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
        f"{_label(r.stage).lower()} {_pp(r.difference)} (95% interval {_pp(r.diff_low)} to "
        f"{_pp(r.diff_high)})"
        for r in significant.itertuples()
    ]
    return (
        f"Compared with {name_a}, cases of {name_b} convert differently at "
        f"{len(significant)} step(s): " + "; ".join(parts) + " (Holm-corrected, 5% level)."
    )


def _pp(share_difference: float) -> str:
    """A difference of two shares in percentage points, with a true minus sign."""
    sign = "+" if share_difference >= 0 else "−"
    return f"{sign}{abs(100 * share_difference):.1f} pp"


def dropoff_reading(dropoff: pd.DataFrame, abandon_after_days: int | None = None) -> str:
    """Where most cases that end without a loan stop, and how."""
    lost = dropoff[dropoff["outcome"] != "in_progress"]
    by_stage = lost.groupby("stage", sort=False)["cases"].sum()
    if by_stage.sum() == 0:
        return "No case has ended without a loan yet."
    stage = by_stage.idxmax()
    at_stage = lost[lost["stage"] == stage].sort_values("cases", ascending=False).iloc[0]
    text = (
        f"{_n(by_stage.sum(), 'case')} ended without a loan. Most of them stopped at "
        f"**{stage_label(stage).lower()}** ({_n(by_stage.max(), 'case')}, "
        f"{format_pct(by_stage.max() / by_stage.sum())} of all drop-outs), mostly "
        f"{outcome_label(at_stage['outcome']).lower()} ({format_count(at_stage['cases'])})."
    )
    if abandon_after_days is not None:
        text += f" A case counts as abandoned after {abandon_after_days} days without activity."
    return text


def timing_reading(durations: pd.DataFrame, decision: pd.DataFrame) -> str:
    """The slowest stage before the decision and the time from application to decision."""
    before = durations[durations["stage"].isin(["application", "due_diligence", "approval"])]
    parts = []
    if not before.empty and before["median"].notna().any():
        slow = before.loc[before["median"].idxmax()]
        parts.append(
            f"Before the decision, **{stage_label(slow['stage']).lower()}** takes longest: "
            f"median {_days(slow['median'])}, and one case in ten takes more than "
            f"{_days(slow['p90'])}."
        )
    if not decision.empty:
        row = decision.iloc[0]
        if pd.isna(row["median"]):
            parts.append(
                "The median time from application to decision cannot be estimated yet: fewer "
                "than half of the cases have reached a decision."
            )
        else:
            parts.append(
                f"From application to decision takes a median of **{_days(row['median'])}** "
                f"(P75 {_days(row['p75'])}, P90 {_days(row['p90'])})."
            )
        parts.append(
            f"{format_count(row['censored'])} of {_n(row['cases'], 'case')} had no decision yet "
            "or left first; they count as censored, not as lost."
        )
    instant = durations[durations["median"].lt(1e-3) & durations["p90"].lt(1e-3)]  # < 2 minutes
    if not instant.empty:
        names = ", ".join(stage_label(s).lower() for s in instant["stage"])
        parts.append(f"The events of {names} are recorded in the same instant: 0 days there.")
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


def drivers_reading(effects: pd.DataFrame, maturity_days: int | None = None) -> str:
    """Each pain-point driver's effect on the odds of dropping out, strongest first."""
    ordered = effects.reindex(effects["coef"].abs().sort_values(ascending=False).index)
    parts = [
        f"{r.driver} {'raises' if r.effect_pct > 0 else 'lowers'} the odds of dropping out by "
        f"{abs(r.effect_pct):.0f}% (95% interval {_odds_change(r.or_low)} to "
        f"{_odds_change(r.or_high)})"
        for r in ordered.itertuples()
    ]
    n, events = int(effects["n"].iloc[0]), int(effects["events"].iloc[0])
    age = f", started at least {maturity_days} days before the as-of date" if maturity_days else ""
    return (
        f"A logistic model of {format_count(n)} mature cases ({format_count(events)} drop-outs"
        f"{age}) "
        "estimates each driver with the others held fixed. " + _capitalised("; ".join(parts)) + "."
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _odds_change(odds_ratio: float) -> str:
    change = 100 * (odds_ratio - 1)
    return f"{'+' if change >= 0 else '−'}{abs(change):.0f}%"


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
