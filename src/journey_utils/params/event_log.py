"""Params of a standard event log: where it lives, how it is written and how its activities
map to the six stages and to outcomes (`event_log:` in params)."""

from __future__ import annotations

from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from journey_utils.catalog import STAGES
from journey_utils.params.text_file import TextFileOptions

EVENT_OUTCOMES: tuple[str, ...] = ("disbursed", "declined", "withdrawn")
"""Outcomes an activity may map to."""

PublishedFigure = Literal[
    "cases", "events", "disbursed_cases", "declined_cases", "withdrawn_cases", "open_cases"
]
"""Figures a log's publisher may state that the report re-counts and compares."""


class EventLogColumns(BaseModel):
    """Column (XES key) names of the log; defaults are the XES standard names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case: str = "case:concept:name"
    activity: str = "concept:name"
    timestamp: str = "time:timestamp"
    lifecycle: str | None = "lifecycle:transition"
    resource: str | None = "org:resource"
    client: str | None = None


class EventLogSpec(TextFileOptions):
    """Where a standard event log lives, how a CSV log is written (delimiter, quote, missing
    values, date order: `TextFileOptions`) and how its activities map to stages and outcomes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(description="CSV or XES (optionally .gz), relative to the project root")
    format: Literal["auto", "csv", "xes"] = "auto"
    columns: EventLogColumns = EventLogColumns()
    case_attributes: dict[str, str] = Field(
        default_factory=dict, description="source column -> attribute name in the journey log"
    )
    lifecycle_keep: Literal["all"] | tuple[str, ...] = "all"
    work_items_at_start: bool = Field(
        default=False, description="an activity with START events counts at its START only"
    )
    simultaneous_seconds: float = Field(default=1.0, ge=0.0)
    timezone: str = "UTC"
    stages: dict[str, tuple[str, ...]]
    outcomes: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    start_activities: tuple[str, ...] = ()
    published: dict[PublishedFigure, int] = Field(
        default_factory=dict, description="figures published for this log, checked in the report"
    )
    published_source: str = ""

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (e.g. UTC, Europe/Amsterdam)") from None
        return value

    @model_validator(mode="after")
    def _check_mapping(self) -> EventLogSpec:
        _known_keys("stage", self.stages, STAGES)
        _known_keys("outcome", self.outcomes, EVENT_OUTCOMES)
        _once("stage", self.stages)
        _once("outcome", self.outcomes)
        mapped = set(self.stage_of()) | set(self.outcome_of())
        both = sorted(mapped & set(self.ignore))
        if both:
            raise ValueError(f"activity {both[0]!r} is both mapped and in ignore")
        loose = sorted(set(self.start_activities) - set(self.stage_of()))
        if loose:
            raise ValueError(f"start activity {loose[0]!r} is not mapped to a stage")
        return self

    def stage_of(self) -> dict[str, str]:
        """Activity -> stage."""
        return {a: stage for stage, acts in self.stages.items() for a in acts}

    def outcome_of(self) -> dict[str, str]:
        """Activity -> outcome."""
        return {a: outcome for outcome, acts in self.outcomes.items() for a in acts}

    def known_activities(self) -> set[str]:
        """Activities the mapping accounts for (staged, outcome or ignored)."""
        return set(self.stage_of()) | set(self.outcome_of()) | set(self.ignore)

    def first_stage(self) -> str:
        """The earliest canonical stage the mapping uses: where a case should start."""
        return next(s for s in STAGES if s in self.stages)


def _known_keys(what: str, mapping: dict[str, Any], valid: tuple[str, ...]) -> None:
    unknown = [k for k in mapping if k not in valid]
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r} (valid: {', '.join(valid)})")


def _once(what: str, mapping: dict[str, tuple[str, ...]]) -> None:
    seen: dict[str, str] = {}
    for key, activities in mapping.items():
        for activity in activities:
            if activity in seen and seen[activity] != key:
                raise ValueError(
                    f"activity {activity!r} is mapped to two {what}s ({seen[activity]}, {key})"
                )
            seen[activity] = key
