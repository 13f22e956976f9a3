"""Loan Journey Workbook: the shared, tested logic that every notebook calls."""

from journey_utils.catalog import SOURCES, STAGES
from journey_utils.config import RunParams, load_params, notebook_params, project_root
from journey_utils.errors import InputError, JourneyError, ParamsError

__all__ = [
    "SOURCES",
    "STAGES",
    "InputError",
    "JourneyError",
    "ParamsError",
    "RunParams",
    "load_params",
    "notebook_params",
    "project_root",
]
