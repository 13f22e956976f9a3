"""Short written readings of the journey tables for a manager: every number is taken from the
table the chart draws, so the words can never disagree with the picture.

Every reading takes `lang` ("en" or "zh"); the numbers are the same in both languages. Names from
the data (stages, outcomes, groups, activities, drivers) enter a sentence through `md_escape`: the
readings are shown as Markdown, so markup in a name shows as text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.i18n import cell_words, check_lang, column_words, data_name, sentence_name
from journey_utils.journey.messages import MESSAGES
from journey_utils.journey.paths import OTHER_VARIANTS, STEP_SEPARATOR
from journey_utils.plotting import format_count, format_pct, md_escape
from journey_utils.vocabulary import outcome_label, stage_label

if TYPE_CHECKING:
    from journey_utils.integration.event_log import EventLogImport
    from journey_utils.journey.dataset import JourneyData


def _sep(lang: str) -> str:
    """List separator between clauses."""
    return MESSAGES("clause_sep", lang)


def _names(names: Iterable[str], lang: str) -> str:
    """Names listed inside a sentence ('a, b' in English, 'a、b' in Chinese)."""
    return MESSAGES("name_sep", lang).join(names)


def _days(value: float, lang: str = "en") -> str:
    if value is None or pd.isna(value):
        return MESSAGES("days_unobserved", lang)
    number = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return MESSAGES("days", lang, n=number)


def _n(count: float, noun: str, lang: str = "en") -> str:
    """'1 case', '2,000 cases' ('2,000 个案件' in Chinese); `noun` is case, event or stage_event."""
    plural = "" if count == 1 else "s"
    return MESSAGES(f"count.{noun}{plural}", lang, n=format_count(count))


def _p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def _stage(stage: str, lang: str) -> str:
    """A stage name inside a sentence: lower case in English (Markdown-escaped)."""
    return md_escape(sentence_name(stage_label(stage, lang), lang))


def _outcome(outcome: str, lang: str) -> str:
    """An outcome name inside a sentence: lower case in English (Markdown-escaped)."""
    return md_escape(sentence_name(outcome_label(outcome, lang), lang))


def _rule(rule: str, lang: str) -> str:
    """An input rule of the log checks by name: as the checks write it in English, in words in
    Chinese (the quality table's words, `i18n.CELL_WORDS_ZH`)."""
    return cell_words("rule", rule, lang) or rule


def journey_data_reading(data: JourneyData, lang: str = "en") -> str:
    """What the journey data holds: cases, events, period, and what the input rules changed."""
    log = data.log
    quality = data.quality_frame()
    flagged = quality[quality["action"].str.startswith("flagged") & quality["cases"].gt(0)]
    flags = _sep(lang).join(
        MESSAGES("flagged_rule", lang, rule=_rule(r.rule, lang), cases=_n(r.cases, "case", lang))
        for r in flagged.itertuples()
    )
    period = MESSAGES("data_period", lang, start=log["ts"].min(), end=log["ts"].max())
    cases = _n(log["application_id"].nunique(), "case", lang)
    if data.imported is not None:
        text = _imported_reading(data.imported, cases, period, len(log), lang)
    else:
        quarantined = int(quality.loc[quality["action"].eq("quarantined"), "events"].sum())
        text = MESSAGES(
            "portfolio_reading",
            lang,
            cases=cases,
            events=_n(len(log), "stage_event", lang),
            period=period,
            quarantined=_n(quarantined, "event", lang),
        )
    seen = set(log["stage"].unique())
    present = [s for s in STAGES if s in seen]
    missing = [s for s in STAGES if s not in present]
    if missing:
        names = _names((_stage(s, lang) for s in missing), lang)
        text += MESSAGES("missing_stages_note", lang, k=len(present), names=names)
    return text + (MESSAGES("flagged_rules_note", lang, flags=flags) if flags else "")


def _imported_reading(
    imported: EventLogImport, cases: str, period: str, rows: int, lang: str
) -> str:
    """How the events of an imported event log were sorted into groups."""
    c = imported.counts
    text = MESSAGES(
        "event_log_reading",
        lang,
        events=_n(c.events_in, "event", lang),
        cases=cases,
        period=period,
        quarantined=format_count(c.events_quarantined),
        ignored=format_count(c.events_ignored),
        lifecycle=format_count(c.events_lifecycle_set_aside),
        outcome_only=format_count(c.events_outcome_only),
        staged=format_count(c.events_staged),
        visits=format_count(c.stage_visits),
        rows=format_count(rows),
    )
    unknown = imported.quality.unknown_activities
    if unknown:
        ranked = sorted(unknown.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = [f"{md_escape(a)} ({_n(n, 'event', lang)})" for a, n in ranked[:10]]
        more = len(ranked) - len(shown)
        if more:
            shown.append(MESSAGES("more_activities", lang, k=more))
        text += MESSAGES("unknown_activities_note", lang, names=_names(shown, lang))
    unused = getattr(imported, "unused_activities", ())
    if unused:
        names = _names((md_escape(a) for a in unused), lang)
        text += MESSAGES("unused_activities_note", lang, names=names)
    return text


def funnel_reading(funnel: pd.DataFrame, lang: str = "en", outcomes_known: bool = True) -> str:
    """Where the funnel narrows most, and how many cases end in a disbursed loan. Without
    outcomes (an event log that maps none) the last step is not read; steps reached by more
    cases than the one before are named, not read as conversions."""
    steps = funnel.iloc[1:]
    if not outcomes_known:
        steps = steps[steps["stage"] != "disbursed"]
    if steps.empty:
        return MESSAGES("single_stage_note", lang)
    first = funnel.iloc[0]
    skipped = steps[steps["step_conversion"].isna()]
    note = ""
    if not skipped.empty:
        names = _names((_label(s, lang) for s in skipped["stage"]), lang)
        note = MESSAGES("skipped_stages_note", lang, names=names)
    read = steps.dropna(subset=["step_conversion"])
    if not outcomes_known:
        return (
            MESSAGES("no_outcome_note", lang, first=_n(first["cases"], "case", lang))
            + (
                MESSAGES("narrowest_step_note", lang, **_narrowest(funnel, read, lang))
                if len(read)
                else ""
            )
            + note
        )
    if read.empty:
        return MESSAGES("single_stage_note", lang) + note
    worst = read.loc[read["step_conversion"].idxmin()]
    before = funnel.loc[funnel["stage_order"] == worst["stage_order"] - 1, "stage"].iloc[0]
    last = funnel.iloc[-1]
    return note + MESSAGES(
        "funnel_reading",
        lang,
        first=_n(first["cases"], "case", lang),
        start=_stage(first["stage"], lang),
        end_share=format_pct(last["cumulative_conversion"]),
        last=_n(last["cases"], "case", lang),
        before=_stage(before, lang),
        worst=_label(worst["stage"], lang),
        step=format_pct(worst["step_conversion"]),
        low=format_pct(worst["step_low"]),
        high=format_pct(worst["step_high"]),
    )


def work_items_reading(items: pd.DataFrame | None, lang: str = "en") -> str:
    """Why there is no working / waiting time table (no START/COMPLETE events), else nothing."""
    return MESSAGES("no_start_events_note", lang) if items is None or items.empty else ""


def _narrowest(funnel: pd.DataFrame, read: pd.DataFrame, lang: str) -> dict[str, str]:
    worst = read.loc[read["step_conversion"].idxmin()]
    before = funnel.loc[funnel["stage_order"] == worst["stage_order"] - 1, "stage"].iloc[0]
    return {
        "before": _stage(before, lang),
        "worst": _label(worst["stage"], lang),
        "step": format_pct(worst["step_conversion"]),
    }


def _label(stage: str, lang: str = "en") -> str:
    """A funnel step inside a sentence; the last step is the disbursement."""
    if stage == "disbursed":
        return MESSAGES("disbursement_step", lang)
    return _stage(stage, lang)


def comparison_reading(comparison: pd.DataFrame, name_a: str, name_b: str, lang: str = "en") -> str:
    """Which steps differ between two groups' funnels, after correcting for testing every step."""
    significant = comparison[comparison["p_holm"] < 0.05]
    name_a, name_b = md_escape(data_name(name_a, lang)), md_escape(data_name(name_b, lang))
    if significant.empty:
        return MESSAGES("comparison_no_difference", lang, a=name_a, b=name_b)
    parts = [
        MESSAGES(
            "comparison_step",
            lang,
            stage=_label(r.stage, lang),
            diff=_pp(r.difference, lang),
            low=_pp(r.diff_low, lang),
            high=_pp(r.diff_high, lang),
        )
        for r in significant.itertuples()
    ]
    return MESSAGES(
        "comparison_reading",
        lang,
        a=name_a,
        b=name_b,
        k=len(significant),
        parts=_sep(lang).join(parts),
    )


def _pp(share_difference: float, lang: str = "en") -> str:
    """A difference of two shares in percentage points, with a true minus sign."""
    sign = "+" if share_difference >= 0 else "−"
    return MESSAGES("points_difference", lang, sign=sign, points=abs(100 * share_difference))


def dropoff_reading(
    dropoff: pd.DataFrame, abandon_after_days: int | None = None, lang: str = "en"
) -> str:
    """Where most cases that end without a loan stop, and how."""
    lost = dropoff[dropoff["outcome"] != "in_progress"]
    by_stage = lost.groupby("stage", sort=False)["cases"].sum()
    if by_stage.sum() == 0:
        return MESSAGES("no_dropout_note", lang)
    stage = by_stage.idxmax()
    at_stage = lost[lost["stage"] == stage].sort_values("cases", ascending=False).iloc[0]
    text = MESSAGES(
        "dropoff_reading",
        lang,
        lost=_n(by_stage.sum(), "case", lang),
        stage=_stage(stage, lang),
        at_stage=_n(by_stage.max(), "case", lang),
        share=format_pct(by_stage.max() / by_stage.sum()),
        outcome=_outcome(at_stage["outcome"], lang),
        outcome_cases=format_count(at_stage["cases"]),
    )
    if abandon_after_days is not None:
        text += MESSAGES("abandon_rule_note", lang, days=abandon_after_days)
    return text


def timing_reading(durations: pd.DataFrame, decision: pd.DataFrame, lang: str = "en") -> str:
    """The slowest stage before the decision and the time from application to decision."""
    before = durations[durations["stage"].isin(["application", "due_diligence", "approval"])]
    parts = []
    if not before.empty and before["median"].notna().any():
        slow = before.loc[before["median"].idxmax()]
        parts.append(
            MESSAGES(
                "slowest_stage_note",
                lang,
                stage=_stage(slow["stage"], lang),
                median=_days(slow["median"], lang),
                p90=_days(slow["p90"], lang),
            )
        )
    if not decision.empty:
        parts.extend(_decision_parts(decision.iloc[0], lang))
    instant = durations[durations["median"].lt(1e-3) & durations["p90"].lt(1e-3)]  # < 2 minutes
    if not instant.empty:
        names = _names((_stage(s, lang) for s in instant["stage"]), lang)
        parts.append(MESSAGES("instant_stages_note", lang, names=names))
    return MESSAGES("sentence_sep", lang).join(parts)


def _decision_parts(row: pd.Series, lang: str) -> list[str]:
    """The sentences on time to decision: its median (when reached) and the censored cases."""
    if pd.isna(row["median"]):
        first = MESSAGES("no_decision_median_note", lang)
    else:
        first = MESSAGES(
            "time_to_decision_note",
            lang,
            median=_days(row["median"], lang),
            p75=_days(row["p75"], lang),
            p90=_days(row["p90"], lang),
        )
    censored = MESSAGES(
        "censored_cases_note",
        lang,
        censored=format_count(row["censored"]),
        cases=_n(row["cases"], "case", lang),
    )
    return [first, censored]


def survival_reading(difference: pd.DataFrame, lang: str = "en") -> str:
    """Whether time to decision differs between groups (log-rank test)."""
    row = difference.iloc[0]
    verdict = MESSAGES("survival_differs" if row["p_value"] < 0.05 else "survival_same", lang)
    return MESSAGES(
        "survival_reading",
        lang,
        verdict=verdict,
        by=md_escape(_group_name(row["by"], lang)),
        chi2=row["chi2"],
        df=int(row["df"]),
        p=_p(row["p_value"]),
    )


def _group_name(column: str, lang: str) -> str:
    """The column a survival test splits by, inside a sentence."""
    key = f"group_name.{column}"
    return MESSAGES(key, lang) if key in MESSAGES else column_words(column, lang)


def _step_name(step: str, lang: str) -> str:
    """A step of a path: a stage or an outcome."""
    return stage_label(step, lang) if step in STAGES else outcome_label(step, lang)


def _variant(variant: str, lang: str) -> str:
    """A path as text: stage and outcome codes in Chinese for a Chinese report."""
    if variant == OTHER_VARIANTS:
        return MESSAGES("other_paths", lang)
    steps = variant.split(STEP_SEPARATOR)
    return STEP_SEPARATOR.join(data_name(s, lang, _step_name) for s in steps)


def variant_labels(variants: pd.Series, lang: str = "en") -> pd.Series:
    """The `variant` column of `variants_table` in the report language (tables show words)."""
    check_lang(lang)
    return variants.map(lambda v: _variant(str(v), lang))


def paths_reading(variants: pd.DataFrame, rework: pd.DataFrame, lang: str = "en") -> str:
    """How concentrated the paths are and how often cases go back to a stage."""
    named = variants[variants["rank"].notna()]
    top = named.iloc[0]
    reworked = rework[rework["cases_reworked"] > 0]
    text = MESSAGES(
        "paths_reading",
        lang,
        variant=md_escape(_variant(top["variant"], lang)),
        share=format_pct(top["share"]),
        k=len(named),
        top_share=format_pct(named["share"].sum()),
    )
    if reworked.empty:
        return text + MESSAGES("no_rework_note", lang)
    worst = reworked.loc[reworked["rework_share"].idxmax()]
    return text + MESSAGES(
        "rework_note",
        lang,
        stage=_stage(worst["stage"], lang),
        share=format_pct(worst["rework_share"]),
        days=_days(worst["extra_days_median"], lang),
    )


def cohort_reading(
    cohorts: pd.DataFrame, months: tuple[int, ...] = (12, 24, 36), lang: str = "en"
) -> str:
    """Share of clients back for new financing k months after a first loan (observed cohorts)."""
    parts = []
    for k in months:
        cells = cohorts[(cohorts["months_since_disbursement"] == k) & cohorts["share"].notna()]
        if cells.empty:
            continue
        share = (cells["share"] * cells["cohort_size"]).sum() / cells["cohort_size"].sum()
        parts.append(
            MESSAGES("cohort_return_share", lang, share=format_pct(share), k=k, n=len(cells))
        )
    if not parts:
        return MESSAGES("no_cohort_note", lang)
    return MESSAGES("cohort_reading", lang, parts=_sep(lang).join(parts))


def drivers_reading(
    effects: pd.DataFrame, maturity_days: int | None = None, lang: str = "en"
) -> str:
    """Each pain-point driver's effect on the odds of dropping out, strongest first."""
    ordered = effects.reindex(effects["estimate"].abs().sort_values(ascending=False).index)
    parts = [
        MESSAGES(
            "driver_effect",
            lang,
            driver=md_escape(r.driver),
            direction=MESSAGES("driver_raises" if r.effect_pct > 0 else "driver_lowers", lang),
            effect=abs(r.effect_pct),
            low=_odds_change(r.or_low),
            high=_odds_change(r.or_high),
        )
        for r in ordered.itertuples()
    ]
    n, events = int(effects["n"].iloc[0]), int(effects["events"].iloc[0])
    age = MESSAGES("driver_maturity", lang, days=maturity_days) if maturity_days else ""
    return MESSAGES(
        "drivers_reading",
        lang,
        n=format_count(n),
        events=format_count(events),
        age=age,
        parts=_capitalised(_sep(lang).join(parts)),
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _odds_change(odds_ratio: float) -> str:
    change = 100 * (odds_ratio - 1)
    return f"{'+' if change >= 0 else '−'}{abs(change):.0f}%"


def satisfaction_reading(by_stage: pd.DataFrame, by_outcome: pd.DataFrame, lang: str = "en") -> str:
    """The least satisfying stage and the gap between funded and refused clients."""
    low = by_stage.loc[by_stage["csat_mean"].idxmin()]
    text = MESSAGES(
        "satisfaction_reading",
        lang,
        stage=_stage(low["stage"], lang),
        csat=low["csat_mean"],
        nps=low["nps"],
    )
    outcomes = by_outcome.set_index("outcome")
    if {"disbursed", "declined"} <= set(outcomes.index):
        gap = outcomes.loc["disbursed", "csat_mean"] - outcomes.loc["declined", "csat_mean"]
        text += MESSAGES("satisfaction_gap", lang, gap=gap)
    return text
