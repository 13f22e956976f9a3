"""Execute one notebook with papermill and say how it went (a failing notebook never raises)."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journey_utils.reporting.nb_imports import skip_iri_grammar
from journey_utils.reporting.run_folder import utc_now

KERNEL_NAME = "python3"
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class Execution:
    """Outcome of one papermill execution; `output` is the executed notebook if one was written."""

    ok: bool
    started: str
    finished: str
    duration_s: float
    error: str | None = None
    output: Path | None = None


def error_summary(exc: BaseException) -> str:
    """One line for the index: `ename: evalue` of the failing cell, else the exception's type."""
    from papermill.exceptions import PapermillExecutionError  # papermill loads on first use

    if isinstance(exc, PapermillExecutionError):
        name, value = str(exc.ename), str(exc.evalue)
    else:
        name, value = type(exc).__name__, str(exc)
    first = value.strip().splitlines()[0] if value.strip() else ""
    line = f"{name}: {first}" if first else name
    return line if len(line) <= MAX_ERROR_CHARS else line[: MAX_ERROR_CHARS - 1] + "…"


class _DeclaredParametersOnly(logging.Filter):
    """Drop papermill's warning for each injected key a notebook does not declare: by design
    every run parameter is injected and each notebook declares only those it uses."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Passed unknown parameter")


@contextmanager
def quiet_unknown_parameters() -> Iterator[None]:
    """Silence papermill's 'Passed unknown parameter' warnings while a notebook runs."""
    logger, quiet = logging.getLogger("papermill"), _DeclaredParametersOnly()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


@contextmanager
def environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the kernel papermill starts, restoring them afterwards."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def execute_notebook(
    source: Path,
    output: Path,
    parameters: Mapping[str, Any],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
) -> Execution:
    """Run `source` with `parameters` injected, write the executed notebook to `output`.

    Any error while executing (a failing cell, a dead kernel, a missing file) is a failed
    notebook, reported as one line; errors outside the execution are left to the caller.
    """
    started, clock = utc_now(), time.perf_counter()

    def outcome(error: str | None) -> Execution:
        return Execution(
            ok=error is None,
            started=started.isoformat(timespec="seconds"),
            finished=utc_now().isoformat(timespec="seconds"),
            duration_s=round(time.perf_counter() - clock, 3),
            error=error,
            output=output if output.is_file() else None,
        )

    if not source.is_file():
        return outcome(f"notebook not found: {source}")
    output.parent.mkdir(parents=True, exist_ok=True)
    skip_iri_grammar()
    import papermill  # loaded on first execution: a rerun of unchanged notebooks never needs it

    try:
        with environment(env or {}), quiet_unknown_parameters():
            papermill.execute_notebook(
                str(source),
                str(output),
                parameters=dict(parameters),
                kernel_name=KERNEL_NAME,
                cwd=str(cwd),
                progress_bar=False,
                log_output=False,
                # the kernel's own chatter (a TCP transport warning at start, "KeyboardInterrupt
                # caught in kernel" at shutdown) is not the user's; cell errors and dead kernels
                # still reach the run through papermill
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
    except Exception as exc:  # any execution failure is the notebook's, reported in the index
        return outcome(error_summary(exc))
    return outcome(None)
