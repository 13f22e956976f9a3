"""The integration report as objects (`integrate`'s result, integration_report.json) and frames."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

QUARANTINE_DIR = "quarantine"
"""Folder of the quarantined rows, inside the processed folder."""
REPORT_VERSION = 2
"""2: `integrity` is a list (a source may have several foreign keys); sources carry `notes`."""

DEMO_KEY_NOTE = (
    "pseudonyms use the fixed DEMO key: fine for synthetic data, never for real client data"
)


@dataclass(frozen=True)
class ColumnCounts:
    """Values of one column among the rows in: present (`non_null`) and failing the contract."""

    column: str
    non_null: int
    invalid: int


@dataclass
class SourceReport:
    """What happened to one source: the file read, rows in/accepted/quarantined and why."""

    name: str
    file: str
    format: str
    encoding: str | None
    sha256: str
    size_bytes: int
    rows_in: int
    accepted: int
    quarantined: int
    reasons: dict[str, int]
    date_column: str
    date_min: str | None
    date_max: str | None
    columns: list[ColumnCounts]
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    """What reading decided or cleaned: {column, note ("epoch_unit", "invisible_removed"),
    detail (the unit, or how many values)}."""

    @property
    def reconciles(self) -> bool:
        """Rows in = accepted + quarantined."""
        return self.rows_in == self.accepted + self.quarantined


@dataclass(frozen=True)
class IntegrityCheck:
    """Referential integrity of one child source against its parent."""

    source: str
    parent: str
    foreign_key: str
    rows_checked: int
    orphans: int


@dataclass
class IntegrationResult:
    """The integration report as objects, with tidy frames for notebook 01 and the summary."""

    run_name: str
    as_of: str
    key_source: str
    started_at: str
    finished_at: str
    seconds: dict[str, float]
    sources: dict[str, SourceReport]
    conformed: dict[str, int]
    integrity: list[IntegrityCheck]
    processed_dir: Path

    @property
    def reconciles(self) -> bool:
        """True when every source reconciles (rows in = accepted + quarantined)."""
        return all(s.reconciles for s in self.sources.values())

    @property
    def uses_demo_key(self) -> bool:
        """True when pseudonyms were made with the fixed demo key (synthetic data only)."""
        return self.key_source == "demo"

    def summary_frame(self) -> pd.DataFrame:
        """One row per source: rows_in, accepted, quarantined, reconciles."""
        return pd.DataFrame(
            [
                {
                    "source": s.name,
                    "rows_in": s.rows_in,
                    "accepted": s.accepted,
                    "quarantined": s.quarantined,
                    "reconciles": s.reconciles,
                }
                for s in self.sources.values()
            ],
            columns=["source", "rows_in", "accepted", "quarantined", "reconciles"],
        )

    def reasons_frame(self) -> pd.DataFrame:
        """Quarantined rows per source and reason (a row with two reasons counts under both)."""
        rows = [
            {"source": s.name, "reason": reason, "rows": n}
            for s in self.sources.values()
            for reason, n in s.reasons.items()
        ]
        return pd.DataFrame(rows, columns=["source", "reason", "rows"])

    def notes_frame(self) -> pd.DataFrame:
        """Per source and column: what reading decided (an epoch unit) or cleaned (invisible
        characters removed from so many values)."""
        rows = [{"source": s.name, **n} for s in self.sources.values() for n in s.notes]
        return pd.DataFrame(rows, columns=["source", "column", "note", "detail"])

    def integrity_frame(self) -> pd.DataFrame:
        """Per child source: parent, foreign key, rows checked and orphans found."""
        return pd.DataFrame(
            [asdict(c) for c in self.integrity],
            columns=["source", "parent", "foreign_key", "rows_checked", "orphans"],
        )

    def date_ranges_frame(self) -> pd.DataFrame:
        """Per source: its main date column and the first and last value among accepted rows
        (timestamps; a fiscal year spans 1 January to 31 December)."""
        frame = pd.DataFrame(
            [
                {"source": s.name, "column": s.date_column, "min": s.date_min, "max": s.date_max}
                for s in self.sources.values()
            ],
            columns=["source", "column", "min", "max"],
        )
        for col in ("min", "max"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601")
        return frame

    def conformed_frame(self) -> pd.DataFrame:
        """Rows of each conformed table (client_360, journey_log)."""
        return pd.DataFrame(
            [{"table": k, "rows": v} for k, v in self.conformed.items()], columns=["table", "rows"]
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON layout of integration_report.json."""
        return {
            "report_version": REPORT_VERSION,
            "run_name": self.run_name,
            "as_of": self.as_of,
            "key_source": self.key_source,
            "key_note": DEMO_KEY_NOTE if self.uses_demo_key else "pseudonyms use the bank's key",
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "seconds": self.seconds,
            "reconciles": self.reconciles,
            "sources": {
                s.name: {
                    "file": s.file,
                    "format": s.format,
                    "encoding": s.encoding,
                    "sha256": s.sha256,
                    "size_bytes": s.size_bytes,
                    "rows_in": s.rows_in,
                    "accepted": s.accepted,
                    "quarantined": s.quarantined,
                    "reconciles": s.reconciles,
                    "reasons": s.reasons,
                    "date_range": {"column": s.date_column, "min": s.date_min, "max": s.date_max},
                    "columns": {
                        c.column: {"non_null": c.non_null, "invalid": c.invalid} for c in s.columns
                    },
                    "ignored_columns": s.ignored_columns,
                    "notes": s.notes,
                    "outputs": {
                        "accepted": f"{s.name}.parquet",
                        "quarantine": f"{QUARANTINE_DIR}/{s.name}.parquet",
                        "quarantine_csv": f"{QUARANTINE_DIR}/{s.name}.csv",
                    },
                }
                for s in self.sources.values()
            },
            "conformed": {
                name: {"file": f"{name}.parquet", "rows": rows}
                for name, rows in self.conformed.items()
            },
            "integrity": [asdict(c) for c in self.integrity],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], processed_dir: Path) -> IntegrationResult:
        """Rebuild the result from the JSON layout of `to_dict`."""
        sources = {
            name: SourceReport(
                name=name,
                file=s["file"],
                format=s["format"],
                encoding=s["encoding"],
                sha256=s["sha256"],
                size_bytes=s["size_bytes"],
                rows_in=s["rows_in"],
                accepted=s["accepted"],
                quarantined=s["quarantined"],
                reasons=dict(s["reasons"]),
                date_column=s["date_range"]["column"],
                date_min=s["date_range"]["min"],
                date_max=s["date_range"]["max"],
                columns=[
                    ColumnCounts(c, v["non_null"], v["invalid"]) for c, v in s["columns"].items()
                ],
                ignored_columns=list(s.get("ignored_columns", [])),
                notes=list(s.get("notes", [])),
            )
            for name, s in data["sources"].items()
        }
        return cls(
            run_name=data["run_name"],
            as_of=data["as_of"],
            key_source=data["key_source"],
            started_at=data["started_at"],
            finished_at=data["finished_at"],
            seconds=dict(data["seconds"]),
            sources=sources,
            conformed={k: v["rows"] for k, v in data["conformed"].items()},
            integrity=_integrity(data["integrity"]),
            processed_dir=processed_dir,
        )


def _integrity(data: list[dict[str, Any]] | dict[str, dict[str, Any]]) -> list[IntegrityCheck]:
    """Integrity checks from a report: a list (version 2) or keyed by source (version 1)."""
    if isinstance(data, dict):
        return [IntegrityCheck(source=k, **v) for k, v in data.items()]
    return [IntegrityCheck(**c) for c in data]
