"""The workbook's words for its codes: stages, outcomes, grade bands, lifecycle stages and the
case-study outcome names, in English and Chinese (leaf layer: imports only the catalog)."""

from __future__ import annotations

from journey_utils.catalog import STAGE_LABELS_ZH

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "disbursed": "Disbursed",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "abandoned": "Abandoned",
        "in_progress": "Still open",
        "ended": "Ended, outcome unknown",
    },
    "zh": {
        "disbursed": "已放款",
        "declined": "银行拒绝",
        "withdrawn": "客户撤回",
        "abandoned": "客户放弃",
        "in_progress": "进行中",
        "ended": "已结束，结果未知",
    },
}


def outcome_label(outcome: str, lang: str = "en") -> str:
    """Display name of a case outcome in the report language."""
    return OUTCOME_LABELS.get(lang, OUTCOME_LABELS["en"]).get(outcome, outcome.replace("_", " "))


def stage_label(stage: str, lang: str = "en") -> str:
    """Display name of a journey stage in the report language."""
    if lang == "zh":
        return STAGE_LABELS_ZH.get(stage, stage)
    return stage.replace("_", " ").capitalize()


_ACRONYMS = {"or": "OR", "ci": "CI", "csat": "CSAT", "nps": "NPS", "pct": "%", "km": "KM",
             "p75": "P75", "p90": "P90", "lpr": "LPR", "uscc": "USCC", "id": "ID",
             "npl": "NPL", "iv": "IV", "woe": "WoE", "pd": "PD", "auc": "AUC", "ks": "KS",
             "psi": "PSI", "ame": "AME", "bp": "bp", "10bp": "10 bp", "lgd": "LGD",
             "dpd": "DPD", "rm": "RM", "ts": "timestamp"}  # fmt: skip
"""Words a header writes in capitals (odds ratio, confidence interval, survey scores, days past
due, ...) or in full (`ts`: timestamp)."""


def humanise(name: str) -> str:
    """A column name as a report header: 'rows_in' -> 'Rows in', 'or_low' -> 'OR low'."""
    words = [_ACRONYMS.get(w.lower(), w) for w in str(name).replace("_", " ").split()]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


CODE_WORDS: dict[str, str] = {
    "software_it": "Software & IT",
    "biotech_pharma": "Biotech & pharma",
    "wholesale_retail": "Wholesale & retail",
    "transport_logistics": "Transport & logistics",
    "energy_utilities": "Energy & utilities",
    "state_owned": "State-owned",
    "sub_standard": "Sub-standard",
    "start_up": "Start-up",
    "sci_tech_loan": "Sci-tech loan",
    "inclusive_micro": "Inclusive micro-loan",
    "npl": "NPL",
    "v1_standard": "Standard form (v1)",
    "v2_simplified": "Simplified form (v2)",
    "relationship_manager": "Relationship manager",
    "client_360": "Client 360",
}
"""Codes whose plain-word form is not just the code with spaces."""


def code_words(code: object) -> object:
    """A snake_case code as words for a reader: 'real_estate' -> 'Real estate'."""
    if not isinstance(code, str) or not code:
        return code
    if code in CODE_WORDS:
        return CODE_WORDS[code]
    return humanise(code)


BAND_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "investment_grade": "Investment grade",
        "standard": "Standard",
        "watch": "Watch",
        "sub_standard": "Sub-standard",
        "unrated": "Unrated",
    },
    "zh": {
        "investment_grade": "投资级",
        "standard": "标准",
        "watch": "关注",
        "sub_standard": "次级",
        "unrated": "未评级",
    },
}


LIFECYCLE_LABELS: dict[str, dict[str, str]] = {
    "en": {"start_up": "Start-up", "growth": "Growth", "mature": "Mature", "decline": "Decline"},
    "zh": {"start_up": "初创期", "growth": "成长期", "mature": "成熟期", "decline": "衰退期"},
}


CASE_STUDY_OUTCOMES: tuple[str, ...] = (
    "completion",
    "time_to_decision",
    "csat_application",
    "approval_time",
    "acceptance",
    "npl_12m",
    "npl_6m",
)
"""Outcomes a case study can measure (`case_study.outcomes.OUTCOMES` defines each)."""

CASE_COVARIATES: tuple[str, ...] = (
    "firm_age_years",
    "employees_log",
    "leverage",
    "interest_cover_log",
)
"""Firm facts at a case's start a case study may adjust for (`case_study.covariates`)."""
