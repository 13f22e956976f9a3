"""Case covariates for a conditional DiD: firm facts at each case's start that an intervention
cannot change (firm age, size, leverage and interest cover of the fiscal year before), so a
client mix that shifts within the units over time does not pass for an effect."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.integration.statements import firm_age_years, ratios_before

PREFIX = "x_"
"""Covariate columns of a case frame start with this; every DiD fit adds them to its design."""


def covariate_columns(cases: pd.DataFrame) -> list[str]:
    """The covariate columns of a case frame."""
    return [c for c in cases.columns if str(c).startswith(PREFIX)]


def case_covariates(
    clients: pd.DataFrame, financials: pd.DataFrame, raw: pd.DataFrame, names: tuple[str, ...]
) -> pd.DataFrame:
    """The named covariates (columns x_<name>) of raw cases (client_id, case_date), indexed as
    `raw`; NaN where the client or its statement of the fiscal year before is missing."""
    firm = clients.drop_duplicates("client_id").set_index("client_id")
    keys = pd.DataFrame(
        {"client_id": raw["client_id"], "at": pd.to_datetime(raw["case_date"])}, index=raw.index
    )
    out = pd.DataFrame(index=raw.index)
    if "firm_age_years" in names:
        founded = keys["client_id"].map(firm["founded_on"])
        out[f"{PREFIX}firm_age_years"] = firm_age_years(keys["at"], founded)
    if "employees_log" in names:
        employees = pd.to_numeric(keys["client_id"].map(firm["employees"]), errors="coerce")
        out[f"{PREFIX}employees_log"] = np.log1p(employees.where(employees >= 0))
    ratio_names = [n for n in names if n in ("leverage", "interest_cover_log")]
    if ratio_names:
        ratios = ratios_before(keys, financials, "at")
        for name in ratio_names:
            out[f"{PREFIX}{name}"] = ratios[name]
    return out[[f"{PREFIX}{n}" for n in names]]
