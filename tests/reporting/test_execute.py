"""One notebook's execution: error summaries, missing files, the kernel's environment."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from papermill.exceptions import PapermillExecutionError

from journey_utils.reporting.execute import (
    MAX_ERROR_CHARS,
    environment,
    error_summary,
    execute_notebook,
    quiet_unknown_parameters,
)


def _cell_error(ename: str, evalue: str) -> PapermillExecutionError:
    return PapermillExecutionError(3, 2, "raise", ename, evalue, ["tb"])


def test_error_summary_of_a_failing_cell() -> None:
    assert error_summary(_cell_error("ValueError", "bad rate")) == "ValueError: bad rate"


def test_error_summary_is_one_short_line() -> None:
    assert error_summary(_cell_error("KeyError", "'x'\nmore\nlines")) == "KeyError: 'x'"
    long = error_summary(_cell_error("E", "v" * 1000))
    assert len(long) == MAX_ERROR_CHARS and long.endswith("…")


def test_error_summary_of_other_exceptions() -> None:
    assert error_summary(RuntimeError("Kernel died")) == "RuntimeError: Kernel died"
    assert error_summary(TimeoutError()) == "TimeoutError"


def test_missing_notebook_is_reported_not_raised(tmp_path: Path) -> None:
    run = execute_notebook(tmp_path / "nope.ipynb", tmp_path / "out.ipynb", {}, cwd=tmp_path)
    assert not run.ok
    assert run.error == f"notebook not found: {tmp_path / 'nope.ipynb'}"
    assert run.output is None
    assert run.duration_s >= 0 and run.started <= run.finished


def test_environment_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEY_TEST_A", "before")
    monkeypatch.delenv("JOURNEY_TEST_B", raising=False)
    with environment({"JOURNEY_TEST_A": "during", "JOURNEY_TEST_B": "during"}):
        assert os.environ["JOURNEY_TEST_A"] == os.environ["JOURNEY_TEST_B"] == "during"
    assert os.environ["JOURNEY_TEST_A"] == "before"
    assert "JOURNEY_TEST_B" not in os.environ


def test_unknown_parameter_warnings_are_silenced(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("papermill")
    with caplog.at_level(logging.WARNING, logger="papermill"), quiet_unknown_parameters():
        logger.warning("Passed unknown parameter: lpr_1y")
        logger.warning("Input notebook does not contain a cell with tag 'parameters'")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["Input notebook does not contain a cell with tag 'parameters'"]
