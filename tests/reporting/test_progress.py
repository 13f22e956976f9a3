"""Progress lines of a run: one as each report starts and ends, with the time left estimated
from earlier runs' timings; nothing at all when quiet."""

from __future__ import annotations

import json
from pathlib import Path

from journey_utils.reporting.progress import Progress, duration_words, earlier_timings


def test_lines_name_the_report_its_status_and_the_time_left() -> None:
    lines: list[str] = []
    progress = Progress(["01_a", "02_b", "03_c"], {"02_b": 30.0, "03_c": 65.0}, lines.append)
    progress.start("01_a")
    progress.end("01_a", "ok", 12.0)
    progress.start("02_b")
    progress.end("02_b", "reused", 0.1, " from run R1")
    assert lines[0] == "[1/3] 01_a started"
    assert lines[1].startswith("[1/3] 01_a ok in 12.0 s") and "about 1 min 35 s left" in lines[1]
    assert lines[2] == "[2/3] 02_b started (last time 30.0 s)"
    assert "reused in 0.1 s from run R1" in lines[3] and "left" not in lines[3]


def test_unknown_reports_are_said_to_be_left_out_of_the_estimate() -> None:
    lines: list[str] = []
    progress = Progress(["a", "b", "c"], {"c": 5.0}, lines.append)
    progress.end("a", "ok", 1.0)
    assert "about 5.0 s left, not counting 1 not run before" in lines[0]


def test_quiet_says_nothing() -> None:
    progress = Progress(["a"], {}, None)
    progress.start("a")
    progress.end("a", "ok", 1.0)  # no printer: nothing to check but that it does not fail


def test_durations_in_words() -> None:
    assert duration_words(8.24) == "8.2 s" and duration_words(65) == "1 min 05 s"


def test_earlier_timings_come_from_runs_of_the_same_name(tmp_path: Path) -> None:
    for run, name, seconds in (("20260101-000000-a", "a", 10.0), ("20260102-000000-b", "b", 99.0),
                               ("20260103-000000-a", "a", 12.0)):  # fmt: skip
        folder = tmp_path / run
        folder.mkdir()
        entry = {"name": "01_x", "duration_s": seconds, "reused_from": None}
        manifest = {"params": {"run_name": name}, "notebooks": [entry]}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert earlier_timings(tmp_path, "a") == {"01_x": 12.0}
    assert earlier_timings(tmp_path, "b") == {"01_x": 99.0}
