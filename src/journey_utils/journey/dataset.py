"""The journey data of a run, whatever its kind: the checked journey log, its quality report, and
which optional tables (applications, surveys, digital events) the notebook can use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from journey_utils.integration.event_log import EventLogImport
from journey_utils.integration.log_checks import check_log
from journey_utils.integration.pipeline import available_tables, ensure_integrated
from journey_utils.integration.processed import load_journey_log, load_processed

if TYPE_CHECKING:
    from journey_utils.integration.event_log import EventLogImport
    from journey_utils.integration.log_checks import LogQuality
    from journey_utils.params.run import RunParams


@dataclass(frozen=True)
class JourneyData:
    """A run's journey log after the bad-input rules, with what the data set offers beside it."""

    params: RunParams
    log: pd.DataFrame
    quality: LogQuality
    tables: frozenset[str]
    imported: EventLogImport | None = None
    """The event-log import (counts, mapping) when the data set is a standard event log."""

    @property
    def outcomes_known(self) -> bool:
        """False for an event log whose mapping names no outcome: how cases ended is unknown."""
        if self.imported is None:
            return True
        return bool(self.imported.mapping.get("outcomes"))

    def has(self, table: str) -> bool:
        """True when the data set provides `table` (e.g. "surveys")."""
        return table in self.tables

    def table(self, name: str) -> pd.DataFrame:
        """A processed table of the run (only those `has` confirms)."""

        return load_processed(self.params, name)

    def path(self, name: str):
        """The Parquet file of a processed table (for DuckDB scans of large event tables)."""
        return self.params.processed_dir / f"{name}.parquet"

    def segments(self) -> pd.DataFrame | None:
        """The client segments saved by the segmentation report (client_id, segment,
        segment_name), or None when none were saved for this data set yet."""
        path = self.path("segments")
        return pd.read_parquet(path) if path.is_file() else None

    @property
    def repeat_clients(self) -> bool:
        """True when some client has several cases (so cohorts of returning clients make sense)."""
        return bool(self.log.groupby("client_id")["application_id"].nunique().gt(1).any())

    def quality_frame(self) -> pd.DataFrame:
        """The bad-input rules applied to the log: rule, events, cases, action."""
        return self.quality.frame()


def load_journey_data(params: RunParams) -> JourneyData:
    """Integrate (or import the event log) if needed, load the journey log and apply the rules.

    A portfolio's journey log goes through `check_log` here; an event log was checked at import,
    and its quality report (with the mapping rules) is reused.
    """

    result = ensure_integrated(params)
    tables = available_tables(params)
    if isinstance(result, EventLogImport):
        return JourneyData(params, result.log, result.quality, tables, imported=result)
    log, quality = check_log(load_journey_log(params), params.as_of)
    return JourneyData(params, log, quality, tables)
