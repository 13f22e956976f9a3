"""Short written readings of the journey tables for a manager: every number is taken from the
table the chart draws, so the words can never disagree with the picture.

Every reading takes `lang` ("en" or "zh"); the numbers are the same in both languages. Names from
the data (stages, outcomes, groups, activities, drivers) enter a sentence through `md_escape`: the
readings are shown as Markdown, so markup in a name shows as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.i18n import check_lang, label
from journey_utils.journey.paths import OTHER_VARIANTS, STEP_SEPARATOR
from journey_utils.plotting import format_count, format_pct, md_escape
from journey_utils.vocabulary import outcome_label, stage_label

if TYPE_CHECKING:
    from journey_utils.integration.event_log import EventLogImport
    from journey_utils.journey.dataset import JourneyData

_UNITS_ZH = {"case": "个案件", "event": "条事件", "stage event": "条阶段事件"}
"""Chinese measure words of the nouns the readings count."""

_GROUPS_ZH = {"product": "产品", "channel": "渠道", "form_version": "申请表版本"}
"""Chinese names of the columns a survival test can split by."""

_TEXT: dict[str, dict[str, str]] = {
    "data_log": {
        "en": "This report reads a standard event log: **{events}** of **{cases}** {period}. "
        "{quarantined} were set aside by the input rules; the stage mapping set aside {ignored} "
        "of ignored activities and {lifecycle} lifecycle transitions that do not count; "
        "{outcome_only} only set the cases' outcomes; the other {staged} form {visits} stage "
        "visits, written as {rows} entered / completed rows. Every event is in exactly one of "
        "these groups.",
        "zh": "本报告读取一份标准事件日志：{period}，共 **{events}**，涉及 **{cases}**。"
        "输入规则剔除 {quarantined} 条；阶段映射剔除 {ignored} 条被忽略的活动和 "
        "{lifecycle} 条不计入的生命周期转换；{outcome_only} 条仅用于确定案件结果；"
        "其余 {staged} 条构成 {visits} 次阶段访问，记为 {rows} 行“进入 / 完成”记录。"
        "每条事件恰好属于其中一组。",
    },
    "data_unknown": {
        "en": " **Activities the mapping does not name were quarantined:** {names}; map them "
        "under `event_log.stages` or `outcomes`, or list them under `ignore`.",
        "zh": "**映射中未列出的活动已被隔离：** {names}；请在 `event_log.stages` 或 `outcomes` "
        "中映射，或列入 `ignore`。",
    },
    "data_unused": {
        "en": " Mapped in the params but absent from the log (check for a typo): {names}.",
        "zh": "参数中已映射但日志中不存在的活动（请检查拼写）：{names}。",
    },
    "data_portfolio": {
        "en": "This report reads the integrated portfolio: **{cases}** with {events} {period}. "
        "The input rules set aside **{quarantined}** with a reason (table below); nothing else "
        "was dropped.",
        "zh": "本报告读取整合后的贷款组合数据：{period}，共 **{cases}**、{events}。输入规则剔除了 "
        "**{quarantined}** 并注明原因（见下表）；此外未删除任何数据。",
    },
    "period": {
        "en": "from {start:%d %b %Y} to {end:%d %b %Y}",
        "zh": "{start:%Y-%m-%d} 至 {end:%Y-%m-%d}",
    },
    "data_missing": {
        "en": " The data records {k} of the six journey stages; {names} left no events, so they "
        "are absent from every chart below.",
        "zh": "数据记录了六个旅程阶段中的 {k} 个；{names}没有事件，因此不出现在下方任何图表中。",
    },
    "data_flags": {"en": " Flagged but kept: {flags}.", "zh": "已标记但保留：{flags}。"},
    "funnel_single": {
        "en": "The log has a single stage, so there is no funnel to read.",
        "zh": "日志只有一个阶段，无法解读漏斗。",
    },
    "funnel": {
        "en": "Of **{first}** that began at {start}, **{end_share}** ended with the loan "
        "disbursed ({last}). The narrowest step is from {before} to {worst}: only {step} of "
        "cases get through (95% interval {low}–{high}).",
        "zh": "在从{start}开始的 **{first}**中，**{end_share}** 最终获得放款（{last}）。转化最窄的"
        "一步是从{before}到{worst}：仅 {step} 的案件通过（95% 置信区间 {low}–{high}）。",
    },
    "work_none": {
        "en": "This data set records no start and complete events per activity, so a stage's "
        "time cannot be split into working and waiting time.",
        "zh": "本数据集没有记录活动的开始和完成事件，因此无法把阶段用时拆分为作业时间和等待时间。",
    },
    "funnel_skips": {
        "en": "In this log more cases reach {names} than the stage before (cases skip stages), "
        "so those steps are counts, not conversions. ",
        "zh": "本日志中{names}的到达案件数多于上一阶段（案件会跳过阶段），这些步骤只显示案件数，"
        "不计算转化率。",
    },
    "funnel_no_outcome": {
        "en": "**The event-log mapping names no outcome**, so whether the **{first}** ended in a "
        "loan is unknown: the disbursement step is not read. ",
        "zh": "**事件日志映射未指定任何结果**，因此无法得知这 **{first}** 是否最终获得贷款；不解读"
        "放款这一步。",
    },
    "funnel_narrowest": {
        "en": "The narrowest step is from {before} to {worst}: {step} of cases get through. ",
        "zh": "转化最窄的一步是从{before}到{worst}：{step} 的案件通过。",
    },
    "comparison_none": {
        "en": "No step of the funnel differs significantly between {a} and {b} "
        "(Holm-corrected, 5% level).",
        "zh": "{a}与{b}之间，漏斗各步转化率均无显著差异（Holm 校正，5% 显著性水平）。",
    },
    "comparison_step": {
        "en": "{stage} {diff} (95% interval {low} to {high})",
        "zh": "{stage} {diff}（95% 置信区间 {low} 至 {high}）",
    },
    "comparison": {
        "en": "Compared with {a}, cases of {b} convert differently at {k} step(s): {parts} "
        "(Holm-corrected, 5% level).",
        "zh": "与{a}相比，{b}的案件在 {k} 个步骤上转化率不同：{parts}"
        "（Holm 校正，5% 显著性水平）。",
    },
    "dropoff_none": {
        "en": "No case has ended without a loan yet.",
        "zh": "尚无未获放款即结束的案件。",
    },
    "dropoff": {
        "en": "{lost} ended without a loan. Most of them stopped at **{stage}** ({at_stage}, "
        "{share} of all drop-outs), mostly {outcome} ({outcome_cases}).",
        "zh": "{lost}未获放款即结束。其中最多停在**{stage}**（{at_stage}，占全部流失的 {share}），"
        "主要为{outcome}（{outcome_cases}）。",
    },
    "dropoff_abandon": {
        "en": " A case counts as abandoned after {days} days without activity.",
        "zh": "案件连续 {days} 天无活动即视为客户放弃。",
    },
    "timing_slowest": {
        "en": "Before the decision, **{stage}** takes longest: median {median}, and one case in "
        "ten takes more than {p90}.",
        "zh": "在决策之前，**{stage}**用时最长：中位数 {median}，十分之一的案件超过 {p90}。",
    },
    "timing_no_median": {
        "en": "The median time from application to decision cannot be estimated yet: fewer than "
        "half of the cases have reached a decision.",
        "zh": "从申请到决策的中位用时尚无法估计：已作出决策的案件不足一半。",
    },
    "timing_decision": {
        "en": "From application to decision takes a median of **{median}** (P75 {p75}, P90 {p90}).",
        "zh": "从申请到决策的中位用时为 **{median}**（P75 {p75}，P90 {p90}）。",
    },
    "timing_censored": {
        "en": "{censored} of {cases} had no decision yet or left first; they count as censored, "
        "not as lost.",
        "zh": "{cases}中有 {censored} 个尚无决策或已先行离开；它们按删失处理，不计为流失。",
    },
    "timing_instant": {
        "en": "The events of {names} are recorded in the same instant: 0 days there.",
        "zh": "{names}的事件记录在同一时刻：用时为 0 天。",
    },
    "survival": {
        "en": "Time to decision {verdict} between {by} groups (log-rank χ² = {chi2:.1f}, {df} df, "
        "{p}).",
        "zh": "不同{by}组之间的决策用时{verdict}（log-rank χ² = {chi2:.1f}，自由度 {df}，{p}）。",
    },
    "survival_differs": {"en": "differs", "zh": "存在显著差异"},
    "survival_same": {"en": "does not differ significantly", "zh": "无显著差异"},
    "paths": {
        "en": "The most common path ({variant}) covers {share} of cases; the top {k} paths cover "
        "{top_share}.",
        "zh": "最常见的路径（{variant}）覆盖 {share} 的案件；前 {k} 条路径合计覆盖 {top_share}。",
    },
    "paths_no_rework": {
        "en": " No case went back to an earlier stage.",
        "zh": "没有案件退回到之前的阶段。",
    },
    "paths_rework": {
        "en": " Rework is highest at **{stage}**: {share} of cases there go through it again, "
        "adding a median {days}.",
        "zh": "**{stage}**的返工率最高：该阶段 {share} 的案件需重新办理，中位多用 {days}。",
    },
    "cohort_part": {
        "en": "{share} within {k} months ({n} cohorts observed)",
        "zh": "{k} 个月内 {share}（观察到 {n} 个客户群）",
    },
    "cohort": {
        "en": "Clients who come back for new financing after their first loan: {parts}.",
        "zh": "首笔贷款后再次申请新融资的客户比例：{parts}。",
    },
    "cohort_none": {
        "en": "No cohort has been followed long enough to read a return rate yet.",
        "zh": "尚无客户群的跟踪期足以计算回头率。",
    },
    "driver_part": {
        "en": "{driver} {direction} the odds of dropping out by {effect:.0f}% (95% interval {low} "
        "to {high})",
        "zh": "{driver}使流失优势{direction} {effect:.0f}%（95% 置信区间 {low} 至 {high}）",
    },
    "driver_raises": {"en": "raises", "zh": "提高"},
    "driver_lowers": {"en": "lowers", "zh": "降低"},
    "driver_age": {
        "en": ", started at least {days} days before the as-of date",
        "zh": "，均在数据截止日前至少 {days} 天开始",
    },
    "drivers": {
        "en": "A logistic model of {n} mature cases ({events} drop-outs{age}) estimates each "
        "driver with the others held fixed. {parts}.",
        "zh": "逻辑回归模型基于 {n} 个成熟案件（{events} 个流失{age}），在其他因素不变的情况下"
        "估计各驱动因素的影响。{parts}。",
    },
    "satisfaction": {
        "en": "Satisfaction is lowest at **{stage}** (mean CSAT {csat:.2f} of 5, NPS {nps:.0f}).",
        "zh": "客户满意度在**{stage}**最低（CSAT 均值 {csat:.2f}，满分 5；NPS {nps:.0f}）。",
    },
    "satisfaction_gap": {
        "en": " Clients whose loan was disbursed rate the journey {gap:.2f} points higher than"
        " declined clients.",
        "zh": "获得放款的客户对旅程的评分比被银行拒绝的客户高 {gap:.2f} 分。",
    },
}
"""Sentences of the journey readings in each report language, filled with the same numbers."""


def _t(key: str, lang: str, **fields: object) -> str:
    """The sentence `key` in `lang` with `fields` filled in."""
    return _TEXT[key][check_lang(lang)].format(**fields)


def _sep(lang: str) -> str:
    """List separator between clauses."""
    return "；" if lang == "zh" else "; "


def _days(value: float, lang: str = "en") -> str:
    if value is None or pd.isna(value):
        return "超出数据可观测范围的天数" if lang == "zh" else "more days than the data can show"
    number = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return f"{number} 天" if lang == "zh" else f"{number} days"


def _n(count: float, noun: str, lang: str = "en") -> str:
    """'1 case', '2,000 cases' ('2,000 个案件' in Chinese)."""
    if lang == "zh":
        return f"{format_count(count)} {_UNITS_ZH[noun]}"
    return f"{format_count(count)} {noun}{'' if count == 1 else 's'}"


def _p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def _stage(stage: str, lang: str) -> str:
    """A stage name inside a sentence: lower case in English (Markdown-escaped)."""
    return md_escape(stage_label(stage, lang) if lang == "zh" else stage_label(stage).lower())


def _outcome(outcome: str, lang: str) -> str:
    """An outcome name inside a sentence: lower case in English (Markdown-escaped)."""
    return md_escape(
        outcome_label(outcome, lang) if lang == "zh" else outcome_label(outcome).lower()
    )


def journey_data_reading(data: JourneyData, lang: str = "en") -> str:
    """What the journey data holds: cases, events, period, and what the input rules changed."""
    log = data.log
    quality = data.quality_frame()
    flagged = quality[quality["action"].str.startswith("flagged") & quality["cases"].gt(0)]
    flags = _sep(lang).join(f"{r.rule}: {_n(r.cases, 'case', lang)}" for r in flagged.itertuples())
    period = _t("period", lang, start=log["ts"].min(), end=log["ts"].max())
    cases = _n(log["application_id"].nunique(), "case", lang)
    if data.imported is not None:
        text = _imported_reading(data.imported, cases, period, len(log), lang)
    else:
        quarantined = int(quality.loc[quality["action"].eq("quarantined"), "events"].sum())
        text = _t(
            "data_portfolio",
            lang,
            cases=cases,
            events=_n(len(log), "stage event", lang),
            period=period,
            quarantined=_n(quarantined, "event", lang),
        )
    present = [s for s in STAGES if s in set(log["stage"])]
    missing = [s for s in STAGES if s not in present]
    if missing:
        names = ("、" if lang == "zh" else ", ").join(_stage(s, lang) for s in missing)
        text += _t("data_missing", lang, k=len(present), names=names)
    return text + (_t("data_flags", lang, flags=flags) if flags else "")


def _imported_reading(
    imported: EventLogImport, cases: str, period: str, rows: int, lang: str
) -> str:
    """How the events of an imported event log were sorted into groups."""
    c = imported.counts
    text = _t(
        "data_log",
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
            shown.append(f"+{more}" if lang == "zh" else f"and {more} more")
        text += _t("data_unknown", lang, names=("、" if lang == "zh" else ", ").join(shown))
    unused = getattr(imported, "unused_activities", ())
    if unused:
        names = ("、" if lang == "zh" else ", ").join(md_escape(a) for a in unused)
        text += _t("data_unused", lang, names=names)
    return text


def funnel_reading(funnel: pd.DataFrame, lang: str = "en", outcomes_known: bool = True) -> str:
    """Where the funnel narrows most, and how many cases end in a disbursed loan. Without
    outcomes (an event log that maps none) the last step is not read; steps reached by more
    cases than the one before are named, not read as conversions."""
    steps = funnel.iloc[1:]
    if not outcomes_known:
        steps = steps[steps["stage"] != "disbursed"]
    if steps.empty:
        return _t("funnel_single", lang)
    first = funnel.iloc[0]
    skipped = steps[steps["step_conversion"].isna()]
    note = ""
    if not skipped.empty:
        names = ("、" if lang == "zh" else ", ").join(_label(s, lang) for s in skipped["stage"])
        note = _t("funnel_skips", lang, names=names)
    read = steps.dropna(subset=["step_conversion"])
    if not outcomes_known:
        return (
            _t("funnel_no_outcome", lang, first=_n(first["cases"], "case", lang))
            + (_t("funnel_narrowest", lang, **_narrowest(funnel, read, lang)) if len(read) else "")
            + note
        )
    if read.empty:
        return _t("funnel_single", lang) + note
    worst = read.loc[read["step_conversion"].idxmin()]
    before = funnel.loc[funnel["stage_order"] == worst["stage_order"] - 1, "stage"].iloc[0]
    last = funnel.iloc[-1]
    return note + _t(
        "funnel",
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
    return _t("work_none", lang) if items is None or items.empty else ""


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
        return "放款" if lang == "zh" else "disbursement"
    return _stage(stage, lang)


def comparison_reading(comparison: pd.DataFrame, name_a: str, name_b: str, lang: str = "en") -> str:
    """Which steps differ between two groups' funnels, after correcting for testing every step."""
    significant = comparison[comparison["p_holm"] < 0.05]
    if lang == "zh":  # form versions and other codes as words
        name_a, name_b = label(name_a, lang), label(name_b, lang)
    name_a, name_b = md_escape(name_a), md_escape(name_b)
    if significant.empty:
        return _t("comparison_none", lang, a=name_a, b=name_b)
    parts = [
        _t(
            "comparison_step",
            lang,
            stage=_label(r.stage, lang),
            diff=_pp(r.difference, lang),
            low=_pp(r.diff_low, lang),
            high=_pp(r.diff_high, lang),
        )
        for r in significant.itertuples()
    ]
    return _t(
        "comparison", lang, a=name_a, b=name_b, k=len(significant), parts=_sep(lang).join(parts)
    )


def _pp(share_difference: float, lang: str = "en") -> str:
    """A difference of two shares in percentage points, with a true minus sign."""
    sign = "+" if share_difference >= 0 else "−"
    unit = "个百分点" if lang == "zh" else "pp"
    return f"{sign}{abs(100 * share_difference):.1f} {unit}"


def dropoff_reading(
    dropoff: pd.DataFrame, abandon_after_days: int | None = None, lang: str = "en"
) -> str:
    """Where most cases that end without a loan stop, and how."""
    lost = dropoff[dropoff["outcome"] != "in_progress"]
    by_stage = lost.groupby("stage", sort=False)["cases"].sum()
    if by_stage.sum() == 0:
        return _t("dropoff_none", lang)
    stage = by_stage.idxmax()
    at_stage = lost[lost["stage"] == stage].sort_values("cases", ascending=False).iloc[0]
    text = _t(
        "dropoff",
        lang,
        lost=_n(by_stage.sum(), "case", lang),
        stage=_stage(stage, lang),
        at_stage=_n(by_stage.max(), "case", lang),
        share=format_pct(by_stage.max() / by_stage.sum()),
        outcome=_outcome(at_stage["outcome"], lang),
        outcome_cases=format_count(at_stage["cases"]),
    )
    if abandon_after_days is not None:
        text += _t("dropoff_abandon", lang, days=abandon_after_days)
    return text


def timing_reading(durations: pd.DataFrame, decision: pd.DataFrame, lang: str = "en") -> str:
    """The slowest stage before the decision and the time from application to decision."""
    before = durations[durations["stage"].isin(["application", "due_diligence", "approval"])]
    parts = []
    if not before.empty and before["median"].notna().any():
        slow = before.loc[before["median"].idxmax()]
        parts.append(
            _t(
                "timing_slowest",
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
        names = ("、" if lang == "zh" else ", ").join(_stage(s, lang) for s in instant["stage"])
        parts.append(_t("timing_instant", lang, names=names))
    return ("" if lang == "zh" else " ").join(parts)


def _decision_parts(row: pd.Series, lang: str) -> list[str]:
    """The sentences on time to decision: its median (when reached) and the censored cases."""
    if pd.isna(row["median"]):
        first = _t("timing_no_median", lang)
    else:
        first = _t(
            "timing_decision",
            lang,
            median=_days(row["median"], lang),
            p75=_days(row["p75"], lang),
            p90=_days(row["p90"], lang),
        )
    censored = _t(
        "timing_censored",
        lang,
        censored=format_count(row["censored"]),
        cases=_n(row["cases"], "case", lang),
    )
    return [first, censored]


def survival_reading(difference: pd.DataFrame, lang: str = "en") -> str:
    """Whether time to decision differs between groups (log-rank test)."""
    row = difference.iloc[0]
    verdict = _t("survival_differs" if row["p_value"] < 0.05 else "survival_same", lang)
    by = _GROUPS_ZH.get(row["by"], row["by"]) if lang == "zh" else row["by"].replace("_", " ")
    by = md_escape(by)
    return _t(
        "survival",
        lang,
        verdict=verdict,
        by=by,
        chi2=row["chi2"],
        df=int(row["df"]),
        p=_p(row["p_value"]),
    )


def _variant(variant: str, lang: str) -> str:
    """A path as text: stage and outcome codes in Chinese for a Chinese report."""
    if lang != "zh":
        return variant
    if variant == OTHER_VARIANTS:
        return "其他路径"
    steps = variant.split(STEP_SEPARATOR)
    words = [stage_label(s, lang) if s in STAGES else outcome_label(s, lang) for s in steps]
    return STEP_SEPARATOR.join(words)


def variant_labels(variants: pd.Series, lang: str = "en") -> pd.Series:
    """The `variant` column of `variants_table` in the report language (tables show words)."""
    check_lang(lang)
    return variants if lang != "zh" else variants.map(lambda v: _variant(str(v), lang))


def paths_reading(variants: pd.DataFrame, rework: pd.DataFrame, lang: str = "en") -> str:
    """How concentrated the paths are and how often cases go back to a stage."""
    named = variants[variants["rank"].notna()]
    top = named.iloc[0]
    reworked = rework[rework["cases_reworked"] > 0]
    text = _t(
        "paths",
        lang,
        variant=md_escape(_variant(top["variant"], lang)),
        share=format_pct(top["share"]),
        k=len(named),
        top_share=format_pct(named["share"].sum()),
    )
    if reworked.empty:
        return text + _t("paths_no_rework", lang)
    worst = reworked.loc[reworked["rework_share"].idxmax()]
    return text + _t(
        "paths_rework",
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
        parts.append(_t("cohort_part", lang, share=format_pct(share), k=k, n=len(cells)))
    if not parts:
        return _t("cohort_none", lang)
    return _t("cohort", lang, parts=_sep(lang).join(parts))


def drivers_reading(
    effects: pd.DataFrame, maturity_days: int | None = None, lang: str = "en"
) -> str:
    """Each pain-point driver's effect on the odds of dropping out, strongest first."""
    ordered = effects.reindex(effects["estimate"].abs().sort_values(ascending=False).index)
    parts = [
        _t(
            "driver_part",
            lang,
            driver=md_escape(r.driver),
            direction=_t("driver_raises" if r.effect_pct > 0 else "driver_lowers", lang),
            effect=abs(r.effect_pct),
            low=_odds_change(r.or_low),
            high=_odds_change(r.or_high),
        )
        for r in ordered.itertuples()
    ]
    n, events = int(effects["n"].iloc[0]), int(effects["events"].iloc[0])
    age = _t("driver_age", lang, days=maturity_days) if maturity_days else ""
    return _t(
        "drivers",
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
    text = _t(
        "satisfaction",
        lang,
        stage=_stage(low["stage"], lang),
        csat=low["csat_mean"],
        nps=low["nps"],
    )
    outcomes = by_outcome.set_index("outcome")
    if {"disbursed", "declined"} <= set(outcomes.index):
        gap = outcomes.loc["disbursed", "csat_mean"] - outcomes.loc["declined", "csat_mean"]
        text += _t("satisfaction_gap", lang, gap=gap)
    return text
