"""Plain-language verdicts per outcome (effect found / no detectable effect / cannot be
measured and why), in English or Chinese, with the numbers taken from the estimates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from string import Formatter

import pandas as pd

from journey_utils.case_study.did import DidResult, PreTrendCheck
from journey_utils.case_study.its import ItsResult
from journey_utils.case_study.messages import MESSAGES
from journey_utils.case_study.outcomes import OUTCOMES
from journey_utils.params.intervention import CaseStudyError

Estimate = DidResult | ItsResult

REASON_FIELDS: dict[str, str] = {
    "start": r"\S+",
    "lo": r"\S+",
    "hi": r"\S+",
    "units": r".+",
    "value": r"'.*'",
}
"""What each field of a reason's English template matches in a message (any other: a count)."""

COUNT = r"\d+"
"""What a count field of a reason matches."""


def _reason_pattern(template: str) -> re.Pattern[str]:
    """A regex of a reason's whole English template, fields as named groups (to fill the zh)."""
    parts = []
    for literal, field, _, _ in Formatter().parse(template):
        parts.append(re.escape(literal))
        if field:
            parts.append(f"(?P<{field}>{REASON_FIELDS.get(field, COUNT)})")
    return re.compile("^" + "".join(parts) + "$")


REASON_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, _reason_pattern(MESSAGES.template(key)))
    for key in MESSAGES.entries
    if key.startswith("reason.")
)
"""The reasons a case study cannot be measured (CaseStudyError messages), by catalog key."""


def reason(detail: str, lang: str = "en") -> str:
    """Why an outcome cannot be measured, in the report language (unknown reasons as given)."""
    for key, pattern in REASON_PATTERNS:
        match = pattern.match(detail)
        if match:
            return MESSAGES(key, lang, **match.groupdict())
    return detail


def verdict_kind(result: Estimate | CaseStudyError, pre_trend: PreTrendCheck | None = None) -> str:
    """found (95% interval excludes 0), none (it covers 0), uncertain (the pre-trend check
    failed: treated and control already drifted apart, so neither claim holds) or unmeasurable
    (an error)."""
    if isinstance(result, CaseStudyError):
        return "unmeasurable"
    if pre_trend is not None and pre_trend.violated:
        return "uncertain"
    return "none" if result.ci_low <= 0 <= result.ci_high else "found"


def verdict(
    outcome: str,
    result: Estimate | CaseStudyError,
    lang: str = "en",
    pre_trend: PreTrendCheck | None = None,
) -> str:
    """One sentence a manager can read: what the intervention did to this outcome, never an
    effect the pre-trend check contradicts."""
    meta = OUTCOMES[outcome]
    name, unit = meta.display(lang), meta.display_unit(lang)
    if isinstance(result, CaseStudyError):
        return MESSAGES("verdict_unmeasurable", lang, name=name, reason=reason(result.detail, lang))
    kind = verdict_kind(result, pre_trend)
    est, lo, hi = (f"{x:+.2f}" for x in (result.estimate, result.ci_low, result.ci_high))
    if kind == "uncertain":
        p = f"{pre_trend.p_value:.3f}" if pre_trend is not None else ""
        return MESSAGES("verdict_uncertain", lang, name=name, unit=unit, est=est, lo=lo, hi=hi, p=p)
    key = "verdict_found" if kind == "found" else "verdict_none"
    return MESSAGES(key, lang, name=name, unit=unit, est=est, lo=lo, hi=hi)


def verdict_table(
    results: Mapping[str, Estimate | CaseStudyError],
    lang: str = "en",
    pre_trends: Mapping[str, PreTrendCheck | None] | None = None,
) -> pd.DataFrame:
    """One row per outcome: outcome (display name), verdict, estimate, ci_low, ci_high, unit,
    text (the sentence of `verdict`) and kind (found, none, uncertain or unmeasurable: the
    verdict as a code, for the summary's "Act on" box)."""
    rows = []
    for outcome, result in results.items():
        measured = not isinstance(result, CaseStudyError)
        pre_trend = (pre_trends or {}).get(outcome)
        rows.append(
            {
                "outcome": OUTCOMES[outcome].display(lang),
                "verdict": MESSAGES(f"verdict_kind.{verdict_kind(result, pre_trend)}", lang),
                "estimate": result.estimate if measured else float("nan"),
                "ci_low": result.ci_low if measured else float("nan"),
                "ci_high": result.ci_high if measured else float("nan"),
                "unit": OUTCOMES[outcome].display_unit(lang),
                "text": verdict(outcome, result, lang, pre_trend),
                "kind": verdict_kind(result, pre_trend),
            }
        )
    return pd.DataFrame(rows)
