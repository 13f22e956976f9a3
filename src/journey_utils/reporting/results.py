"""What a run produced: one outcome per notebook and the run's overall result."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

NotebookStatus = Literal["ok", "failed", "not run", "skipped"]
RunStatus = Literal["ok", "failed"]

OK: NotebookStatus = "ok"
FAILED: NotebookStatus = "failed"
NOT_RUN: NotebookStatus = "not run"
SKIPPED: NotebookStatus = "skipped"
"""The data set lacks a table the notebook needs (e.g. an event log has no client 360)."""
NOT_RUN_REASON = "an earlier notebook failed"
NOT_RERUN_REASON = "not re-run (--only) and no earlier run of these params has this report"
"""Why a report of an `--only` run is missing: the run is partial and `latest` stays put."""

ReuseReason = Literal["unchanged", "only"]
UNCHANGED: ReuseReason = "unchanged"
"""Copied because nothing the report depends on changed since the run it comes from."""
NOT_SELECTED: ReuseReason = "only"
"""Copied because an `--only` run did not re-run it (it may be out of date)."""


@dataclass(frozen=True)
class NotebookResult:
    """How one notebook of a run went; `html` is its report's file name inside the run folder."""

    name: str
    status: NotebookStatus
    title: str
    started: str | None = None
    finished: str | None = None
    duration_s: float | None = None
    error: str | None = None
    """One line: `ename: evalue` of the failing cell, or why the notebook did not run."""
    html: str | None = None
    external_references: tuple[str, ...] = ()
    """URLs the report would fetch from the network (should be empty: reports are offline)."""
    key: str | None = None
    """The execution key (notebook, package, params, data read: `reuse.Reuse.key`)."""
    outputs: str | None = None
    """A hash of the data files it wrote, as it left them."""
    reused_from: str | None = None
    """The run whose report was copied (None: executed); `reuse_reason` says why."""
    reuse_reason: ReuseReason | None = None
    headline: str | None = None
    """One line a manager reads first on the index: the report's lead finding, plain text."""


@dataclass(frozen=True)
class RunResult:
    """A published run: its id, its folder under the reports folder and each notebook's outcome."""

    run_id: str
    folder: Path
    notebooks: tuple[NotebookResult, ...]
    latest_moved: bool = True
    """False for an `--only` run that lacks a report no earlier run had: `latest` stays put."""

    @property
    def ok(self) -> bool:
        """True when every notebook of the run executed without an error (or was skipped)."""
        return self.status == "ok"

    @property
    def status(self) -> RunStatus:
        return run_status(self.notebooks)

    @property
    def statuses(self) -> dict[str, NotebookStatus]:
        """Notebook name → status, in execution order."""
        return {nb.name: nb.status for nb in self.notebooks}

    @property
    def index_path(self) -> Path:
        """The run's index.html (what the CLI prints and a manager opens)."""
        return self.folder / "index.html"


def left_out(nb: NotebookResult) -> bool:
    """True for a report an `--only` run neither ran nor found in an earlier run."""
    return nb.status == NOT_RUN and nb.error == NOT_RERUN_REASON


def run_status(notebooks: Sequence[NotebookResult]) -> RunStatus:
    """`ok` when every notebook is ok, skipped for lack of data or left out by `--only` (the
    run is then partial, not failed), else `failed`."""
    fine = all(nb.status in (OK, SKIPPED) or left_out(nb) for nb in notebooks)
    return "ok" if fine else "failed"
