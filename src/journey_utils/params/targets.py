"""Targets of the summary's headline figures (`targets:` in params): the level the bank aims for
and the alarm level beyond which a figure is red, so each tile carries a red/amber/green status
a manager can act on. Defaults are levels a Chinese commercial bank's SME lending would recognise;
a bank sets its own."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Better = Literal["lower", "higher"]


class Target(BaseModel):
    """One figure's target: green when it meets `target`, red beyond `alarm`, amber between."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    better: Better = Field(description="which way is better: lower (NPL, days) or higher")
    target: float = Field(description="the level aimed for (a share as a fraction, days, points)")
    alarm: float = Field(description="beyond this level the figure is red")

    @model_validator(mode="after")
    def _ordered(self) -> Target:
        worse = self.alarm > self.target if self.better == "lower" else self.alarm < self.target
        if not worse:
            side = "above" if self.better == "lower" else "below"
            raise ValueError(
                f"alarm {self.alarm} must lie {side} target {self.target} when {self.better} "
                "is better"
            )
        return self

    def status(self, value: float) -> str:
        """green (meets the target), amber (between target and alarm), red (beyond the alarm),
        or "" when the value is missing."""
        if value != value:  # NaN: no figure, no status
            return ""
        sign = 1.0 if self.better == "lower" else -1.0
        if sign * (value - self.target) <= 0:
            return "green"
        return "red" if sign * (value - self.alarm) > 0 else "amber"


DEFAULT_TARGETS: dict[str, Target] = {
    # NPL ratio by count of loans on the book: 5% is the regulators' warning line for
    # commercial banks; SME books aim lower.
    "npl_share": Target(better="lower", target=0.03, alarm=0.05),
    # share of cases starting at information that end disbursed
    "journey_conversion": Target(better="higher", target=0.40, alarm=0.30),
    # median days from application to decision (the decision-time service level)
    "median_days_to_decision": Target(better="lower", target=30, alarm=45),
    # mean satisfaction on the 1-5 scale, last 12 months
    "csat": Target(better="higher", target=4.0, alarm=3.5),
    # rows set aside at integration: above 5% the figures rest on a data problem
    "quarantine_share": Target(better="lower", target=0.01, alarm=0.05),
}
"""The default targets (`targets:` in params overrides any of them, per figure)."""


FIGURES: tuple[str, ...] = (
    "npl_share",
    "journey_conversion",
    "median_days_to_decision",
    "csat",
    "quarantine_share",
    "clients",
    "applications",
    "disbursed",
    "disbursed_amount",
    "stage_events",
    "rows_in",
)
"""The summary's headline figures a target may be set for (the keys of its KPI tiles)."""


def merged_targets(given: Any) -> dict[str, Any]:
    """The defaults with the params' own targets laid over them, figure by figure (a figure
    set to null in params has no target)."""
    if given is None:
        given = {}
    if not isinstance(given, dict):
        raise ValueError("targets must map a headline figure to {better, target, alarm}")
    unknown = sorted(set(given) - set(FIGURES))
    if unknown:
        raise ValueError(f"no headline figure {unknown[0]!r} (valid: {', '.join(FIGURES)})")
    merged: dict[str, Any] = dict(DEFAULT_TARGETS)
    for key, value in given.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
