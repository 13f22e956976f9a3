"""Plain-language verdicts per outcome (effect found / no detectable effect / cannot be
measured and why), in English or Chinese, with the numbers taken from the estimates."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from journey_utils.case_study.did import DidResult
from journey_utils.case_study.its import ItsResult
from journey_utils.case_study.outcomes import OUTCOMES
from journey_utils.case_study.spec import CaseStudyError

Estimate = DidResult | ItsResult
VERDICTS = {
    "en": {"found": "effect found", "none": "no detectable effect",
           "unmeasurable": "cannot be measured"},
    "zh": {"found": "发现效应", "none": "未发现可检测的效应", "unmeasurable": "无法衡量"},
}  # fmt: skip


def verdict_kind(result: Estimate | CaseStudyError) -> str:
    """found (95% interval excludes 0), none (it covers 0) or unmeasurable (an error)."""
    if isinstance(result, CaseStudyError):
        return "unmeasurable"
    return "none" if result.ci_low <= 0 <= result.ci_high else "found"


def verdict(outcome: str, result: Estimate | CaseStudyError, lang: str = "en") -> str:
    """One sentence a manager can read: what the intervention did to this outcome."""
    meta = OUTCOMES[outcome]
    name, unit = meta.display(lang), meta.display_unit(lang)
    kind = verdict_kind(result)
    zh = lang == "zh"
    if isinstance(result, CaseStudyError):
        return (
            f"{name}：无法衡量——{result.detail}。"
            if zh
            else (f"{name}: cannot be measured — {result.detail}.")
        )
    est, lo, hi = result.estimate, result.ci_low, result.ci_high
    if zh:
        if kind == "found":
            return f"{name}：发现效应，估计 {est:+.2f} {unit}（95%区间 {lo:+.2f} 至 {hi:+.2f}）。"
        return (
            f"{name}：未发现可检测的效应，估计 {est:+.2f} {unit}，"
            f"95%区间 {lo:+.2f} 至 {hi:+.2f} 包含零。"
        )
    if kind == "found":
        return f"{name}: effect found, {est:+.2f} {unit} (95% interval {lo:+.2f} to {hi:+.2f})."
    return (
        f"{name}: no detectable effect, {est:+.2f} {unit}; the 95% interval "
        f"{lo:+.2f} to {hi:+.2f} includes zero."
    )


def verdict_table(
    results: Mapping[str, Estimate | CaseStudyError], lang: str = "en"
) -> pd.DataFrame:
    """One row per outcome: outcome (display name), verdict, estimate, ci_low, ci_high, unit,
    text (the sentence of `verdict`)."""
    labels = VERDICTS.get(lang, VERDICTS["en"])
    rows = []
    for outcome, result in results.items():
        measured = not isinstance(result, CaseStudyError)
        rows.append(
            {
                "outcome": OUTCOMES[outcome].display(lang),
                "verdict": labels[verdict_kind(result)],
                "estimate": result.estimate if measured else float("nan"),
                "ci_low": result.ci_low if measured else float("nan"),
                "ci_high": result.ci_high if measured else float("nan"),
                "unit": OUTCOMES[outcome].display_unit(lang),
                "text": verdict(outcome, result, lang),
            }
        )
    return pd.DataFrame(rows)
