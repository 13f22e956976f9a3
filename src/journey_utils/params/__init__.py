"""Typed params of a run (leaf layer): the run, text-file options, event-log and intervention
specs."""

from journey_utils.params.event_log import EventLogColumns, EventLogSpec
from journey_utils.params.intervention import CaseStudyError, InterventionSpec
from journey_utils.params.run import RunParams, load_params, notebook_params, project_root
from journey_utils.params.text_file import TextFileOptions

__all__ = [
    "CaseStudyError",
    "EventLogColumns",
    "EventLogSpec",
    "InterventionSpec",
    "RunParams",
    "TextFileOptions",
    "load_params",
    "notebook_params",
    "project_root",
]
