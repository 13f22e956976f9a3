"""Stage 06: what an intervention changed, measured honestly (DiD, event study, ITS, naive)."""

from journey_utils.case_study.outcomes import OUTCOMES
from journey_utils.case_study.report import (
    CaseStudy,
    case_study_headers,
    case_study_table,
    case_verdicts,
    intervention_reading,
    load_verdicts,
    run_case_study,
    save_verdicts,
    show_early_credit,
    show_outcome,
)

__all__ = [
    "OUTCOMES",
    "CaseStudy",
    "case_study_headers",
    "case_study_table",
    "case_verdicts",
    "intervention_reading",
    "load_verdicts",
    "run_case_study",
    "save_verdicts",
    "show_early_credit",
    "show_outcome",
]
