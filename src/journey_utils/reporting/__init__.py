"""Reporting: run the notebooks with papermill, publish offline HTML reports, index and manifest."""

from journey_utils.reporting.results import NotebookResult, RunResult
from journey_utils.reporting.runner import run_workbook

__all__ = ["NotebookResult", "RunResult", "run_workbook"]
