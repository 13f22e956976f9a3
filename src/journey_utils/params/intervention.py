"""The intervention a case study measures: when, where (treated and control units), which
outcomes, by which period and over which windows. Bad specs stop with one line."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from journey_utils.errors import InputError
from journey_utils.vocabulary import CASE_COVARIATES, CASE_STUDY_OUTCOMES

ALL_OTHERS = "all others"
MIN_PRE_PERIODS = 3
CLIENT_UNIT_COLUMNS = ("industry", "region", "ownership")
"""Client attributes a case study may treat by (stable codes of the clients table)."""
"""Fewest pre-intervention periods with data a DiD, event study or ITS accepts."""


class CaseStudyError(InputError):
    """A case study that cannot be measured as asked (bad dates, no controls, too few periods)."""

    def __init__(self, what: str, message: str, **where: Any) -> None:
        super().__init__(what, message, **where)


class Wave(BaseModel):
    """One wave of a staggered roll-out: the units that start together, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    treated: tuple[str, ...] = Field(min_length=1)


class InterventionSpec(BaseModel):
    """One intervention: the params block a case-study notebook is run for. A roll-out in waves
    gives `waves` (each a start and its units) instead of `start` and `treated`; `start` is then
    the first wave's and `treated` every wave's units."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    title: str
    title_zh: str = ""
    start: date
    unit_column: Literal["branch_id", "segment", "industry", "region", "ownership"] = "branch_id"
    """branch_id: the application's branch; segment: the saved segmentation's segment (number
    or name); industry, region, ownership: the client's attribute code."""
    treated: tuple[str, ...] = Field(min_length=1)
    control: tuple[str, ...] | Literal["all others"] = ALL_OTHERS
    outcomes: tuple[str, ...] = Field(min_length=1)
    design: Literal["did", "its"] = "did"
    """did: treated vs control units; its: treated units alone (no control group exists)."""
    period: Literal["month", "quarter"] = "month"
    pre_periods: int | date = 12
    """Periods before the start (a count), or the first day of the window (a date)."""
    post_periods: int | date = 12
    """Periods from the start on (a count, the start's period included), or the last day."""
    waves: tuple[Wave, ...] = ()
    """A staggered roll-out: units that start at different dates (empty: all at `start`)."""
    covariates: tuple[str, ...] = ()
    """Firm facts at each case's start to adjust for (conditional parallel trends), e.g. when
    the mix of young and mature clients within the units shifts over time."""
    maturity_days: int | None = Field(default=None, ge=0)
    """Cases count only once this many days old at as_of (None: each outcome's own rule)."""

    @model_validator(mode="before")
    @classmethod
    def _listify(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            waves = data.get("waves")
            if waves:
                if not isinstance(waves, list | tuple) or not all(
                    isinstance(w, dict) and w.get("start") and w.get("treated") for w in waves
                ):
                    raise ValueError("each wave needs a start and its treated units")
                start = min(str(w["start"]) for w in waves)
                treated = [str(u) for w in waves for u in w["treated"]]
                given = (
                    str(data.get("start", start)),
                    [str(u) for u in data.get("treated", treated)],
                )
                if given != (start, treated):  # a dump of a spec repeats them, consistently
                    raise ValueError("give either waves or start and treated, not both")
                data["start"], data["treated"] = start, treated
            for key in ("treated", "control", "covariates"):
                value = data.get(key)
                if isinstance(value, list | tuple):
                    data[key] = tuple(str(v) for v in value)
        return data

    @model_validator(mode="after")
    def _check(self) -> InterventionSpec:
        unknown = [o for o in self.outcomes if o not in CASE_STUDY_OUTCOMES]
        if unknown:
            raise ValueError(
                f"unknown outcome {unknown[0]!r} (valid: {', '.join(CASE_STUDY_OUTCOMES)})"
            )
        if len(set(self.treated)) < len(self.treated):
            twice = next(u for u in self.treated if self.treated.count(u) > 1)
            raise ValueError(f"unit {twice!r} is treated twice (in two waves or listed twice)")
        unknown = [c for c in self.covariates if c not in CASE_COVARIATES]
        if unknown:
            raise ValueError(
                f"unknown covariate {unknown[0]!r} (valid: {', '.join(CASE_COVARIATES)})"
            )
        if isinstance(self.pre_periods, int) and self.pre_periods < MIN_PRE_PERIODS:
            raise ValueError(f"pre_periods must be at least {MIN_PRE_PERIODS}")
        if isinstance(self.post_periods, int) and self.post_periods < 1:
            raise ValueError("post_periods must be at least 1")
        if isinstance(self.pre_periods, date) and self.pre_periods >= self.start:
            raise ValueError("pre_periods as a date must be before the start")
        if isinstance(self.post_periods, date) and self.post_periods < self.start:
            raise ValueError("post_periods as a date must be on or after the start")
        if self.design == "did" and self.control != ALL_OTHERS:
            both = sorted(set(self.treated) & set(self.control))
            if both:
                raise ValueError(f"unit {both[0]!r} is both treated and control")
            if not self.control:
                raise ValueError("no control units (give a list or 'all others')")
        return self

    @property
    def staggered(self) -> bool:
        """Whether units start at different dates."""
        return len({w.start for w in self.waves}) > 1

    def unit_starts(self) -> dict[str, date]:
        """Each treated unit's start."""
        if self.waves:
            return {u: w.start for w in self.waves for u in w.treated}
        return dict.fromkeys(self.treated, self.start)

    def display_title(self, lang: str = "en") -> str:
        """The intervention's title in the report language."""
        return self.title_zh if lang == "zh" and self.title_zh else self.title


def intervention_spec(raw: dict[str, Any], what: str = "intervention") -> InterventionSpec:
    """Validate a params block into an InterventionSpec; a bad block stops with one line."""
    try:
        return InterventionSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        message = str(err["msg"]).removeprefix("Value error, ")
        raise CaseStudyError(what, message, column=field) from None
