"""Live progress of a run on the console: one line per report as it starts and as it ends (its
status and time, the run's elapsed time and an estimate of the time left: earlier runs' timings
of the reports not yet ended, shared among the workers), so a long run is never silent;
`journey run --quiet` passes no printer."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from journey_utils.reporting.manifest import read_manifest
from journey_utils.reporting.run_folder import published_runs

Say = Callable[[str], None]
"""Where progress lines go (print, a logger, or nothing)."""


def earlier_timings(reports_dir: Path, run_name: str | None = None) -> dict[str, float]:
    """Per report, the duration of its most recent execution in a run of the same name (other
    params may be another size; reused reports do not count)."""
    timings: dict[str, float] = {}
    for folder in reversed(published_runs(reports_dir)):
        manifest = read_manifest(folder) or {}
        if run_name is not None and manifest.get("params", {}).get("run_name") != run_name:
            continue
        for entry in manifest.get("notebooks", []):
            seconds = entry.get("duration_s")
            if seconds is not None and not entry.get("reused_from"):
                timings.setdefault(entry["name"], float(seconds))
    return timings


def duration_words(seconds: float) -> str:
    """'8.2 s', '1 min 05 s'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


class Progress:
    """Start and end lines of each report of a run, in order."""

    def __init__(
        self, reports: Sequence[str], earlier: dict[str, float], say: Say | None, workers: int = 1
    ):
        self.reports = list(reports)
        self.earlier = earlier
        self.say = say
        self.workers = max(1, workers)
        self.ended: set[str] = set()
        self.started = time.perf_counter()

    def _tag(self, report: str) -> str:
        return f"[{self.reports.index(report) + 1}/{len(self.reports)}] {report}"

    def start(self, report: str) -> None:
        """The report begins."""
        if self.say is None:
            return
        last = self.earlier.get(report)
        hint = f" (last time {duration_words(last)})" if last is not None else ""
        self.say(f"{self._tag(report)} started{hint}")

    def end(self, report: str, status: str, seconds: float | None, how: str = "") -> None:
        """The report ended with `status` after `seconds`; `how` says e.g. where it was reused
        from."""
        self.ended.add(report)
        if self.say is None:
            return
        elapsed = time.perf_counter() - self.started
        rest = [r for r in self.reports if r not in self.ended]
        known = [self.earlier[r] / self.workers for r in rest if r in self.earlier]
        took = f" in {duration_words(seconds)}" if seconds is not None else ""
        line = f"{self._tag(report)} {status}{took}{how} · {duration_words(elapsed)} elapsed"
        if rest and known and status != "reused":  # after a reuse, the rest is likely reused
            unknown = len(rest) - len(known)
            extra = f", not counting {unknown} not run before" if unknown else ""
            line += f" · about {duration_words(sum(known))} left{extra}"
        self.say(line)
