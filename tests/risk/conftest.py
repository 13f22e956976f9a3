"""Session-wide data for the PD tests: the default portfolio (params/default.yaml as shipped,
20,000 clients) generated once into a temp folder, its PD population and the generator's truth."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journey_utils.risk.features import PDData, pd_frame

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class RiskData:
    """A generated portfolio's params, its PD population and the truth (tests only)."""

    params: Any
    data: PDData
    truth: dict[str, Any]


@pytest.fixture(scope="session")
def default_risk(default_portfolio) -> RiskData:
    """The default scale as shipped (the session's portfolio), with the credit history
    snapshot features."""
    params = default_portfolio
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))

    def table(name: str) -> pd.DataFrame:
        return pd.read_parquet(params.processed_dir / f"{name}.parquet")

    data = pd_frame(
        table("applications"),
        table("financials"),
        table("clients"),
        table("loan_performance"),
        params.as_of,
        credit_history=table("credit_history"),
    )
    return RiskData(params=params, data=data, truth=truth)
