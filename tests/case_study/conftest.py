"""Session data for case-study tests: the default portfolio's case tables and truth, each
(pseudonymised) client's industry, and small synthetic case frames."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest

from journey_utils.case_study.outcomes import CaseTables, load_case_tables
from journey_utils.integration.processed import load_processed


@dataclass(frozen=True)
class Portfolio:
    """Params, case tables, the interventions' truth and client → industry."""

    params: Any
    tables: CaseTables
    truth: dict
    client_units: pd.DataFrame


@pytest.fixture(scope="session")
def portfolio(default_portfolio) -> Portfolio:
    """The session's default-scale portfolio, loaded once."""
    params = default_portfolio
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    units = load_processed(params, "clients")[["client_id", "industry"]]
    return Portfolio(params, load_case_tables(params), truth["interventions"], units)


def toy_cases(
    effect: float = 2.0, trend: float = 0.5, n_units: int = 12, seed: int = 0
) -> pd.DataFrame:
    """Synthetic case rows: half the units treated from period 0, a common trend per period,
    unit effects and noise; periods −8..7."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        treated = u < n_units // 2
        base = rng.normal(10, 1)
        for k in range(-8, 8):
            for _ in range(20):
                value = base + trend * k + (effect if treated and k >= 0 else 0) + rng.normal()
                rows.append((f"U{u:02d}", k, treated, k >= 0, value))
    frame = pd.DataFrame(rows, columns=["unit", "rel_period", "treated", "post", "value"])
    frame["period"] = pd.Period("2024-06", "M") + frame["rel_period"]
    return frame


@pytest.fixture
def toy() -> pd.DataFrame:
    """Fresh synthetic case rows with effect +2 and trend +0.5 per period."""
    return toy_cases()
