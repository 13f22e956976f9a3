"""What every chunk of a generation shares: params, time axis, branches and interventions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from journey_utils.params.run import RunParams
from journey_utils.synthetic.effects import Interventions, make_interventions
from journey_utils.synthetic.geography import Branches, make_branches

DAY = 86_400
"""Seconds in a day: all simulated times are int64 seconds since 1970-01-01, naive China time."""

GLOBAL_STREAM = 1_000_003
"""Key of the RNG stream for things shared by all chunks (branches, treated groups)."""


def to_seconds(d: date) -> int:
    """Midnight of `d` as seconds since the epoch."""
    return int(np.datetime64(d, "s").astype(np.int64))


def year_of(ts: np.ndarray) -> np.ndarray:
    """Calendar year of int64 second timestamps."""
    return ts.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970


def month_index(ts: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of int64 second timestamps."""
    return ts.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def month_end_seconds(month_idx: np.ndarray) -> np.ndarray:
    """Midnight of the last day of month `month_idx` (months since 1970-01), in seconds."""
    first_next = (np.asarray(month_idx) + 1).astype("datetime64[M]").astype("datetime64[D]")
    return (first_next - np.timedelta64(1, "D")).astype("datetime64[s]").astype(np.int64)


@dataclass(frozen=True)
class Context:
    """Derived, chunk-independent facts of one generation."""

    params: RunParams
    start_s: int
    horizon_s: int
    """as_of at 00:00:00: clean events are never later than this."""
    first_fy: int
    last_fy: int
    snapshot_dates: tuple[date, ...]
    branches: Branches
    branch_response_factor: np.ndarray
    interventions: Interventions
    form_start_s: np.ndarray
    """Per branch index: the second the simplified form starts there (never: int64 max)."""
    personalisation_s: int
    gap_cap_days: float
    """No two consecutive stage events of an active case are further apart than this."""

    @property
    def n_years(self) -> int:
        return self.last_fy - self.first_fy + 1

    @property
    def window_years(self) -> float:
        return (self.horizon_s - self.start_s) / DAY / 365.25


def _form_starts(interventions: Interventions, n_branches: int) -> np.ndarray:
    starts = np.full(n_branches, np.iinfo(np.int64).max, dtype=np.int64)
    for branch, day in zip(interventions.form_branches, interventions.form_starts, strict=True):
        starts[branch] = to_seconds(day)
    return starts


def make_context(params: RunParams) -> Context:
    """Everything that does not depend on the chunk, from the seed's global stream."""
    rng = np.random.default_rng([params.seed, GLOBAL_STREAM])
    branches = make_branches(rng)
    response = np.exp(rng.normal(0.0, 0.3, size=len(branches.branch_id)))
    interventions = make_interventions(
        rng, branches.branch_id, params.start_date, params.as_of, params.case_studies
    )
    snaps = [date(y, 12, 31) for y in range(params.start_date.year - 1, params.as_of.year)]
    snaps = [d for d in snaps if d < params.as_of] + [params.as_of]
    return Context(
        params=params,
        start_s=to_seconds(params.start_date),
        horizon_s=to_seconds(params.as_of),
        first_fy=params.start_date.year - 2,
        last_fy=params.as_of.year - 1,
        snapshot_dates=tuple(snaps),
        branches=branches,
        branch_response_factor=response,
        interventions=interventions,
        form_start_s=_form_starts(interventions, len(branches.branch_id)),
        personalisation_s=to_seconds(interventions.personalisation_date),
        gap_cap_days=0.75 * params.abandon_after_days * 0.97,
    )
