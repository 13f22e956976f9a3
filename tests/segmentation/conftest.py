"""Session-wide data for segmentation tests: the default portfolio (20,000 clients, params/
default.yaml as shipped) generated and integrated once, its segments fitted once, and the
generator's archetype of each client mapped to the pseudonymised client ids; the smaller
portfolios of other seeds, segmented the same way, for the known-truth checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.processed import load_client_360
from journey_utils.segmentation.fit import fit_segments
from journey_utils.segmentation.model import SegmentResult

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Segmented:
    """A generated portfolio's params, client 360, fitted segments and true archetypes."""

    params: Any
    client_360: pd.DataFrame
    result: SegmentResult
    archetype: pd.Series
    """True archetype per client, aligned with client_360 rows (tests only)."""


def _segmented(params: Any) -> Segmented:
    """A generated and integrated portfolio's client 360, segmented with the run's k and seed,
    beside the generator's archetype of each (pseudonymised) client."""
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
        c360 = load_client_360(params)
        truth = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
        truth["client_id"] = pseudonymiser(params).pseudonymise(truth["client_id"], "C")
    archetype = c360["client_id"].map(truth.set_index("client_id")["archetype"])
    result = fit_segments(c360, params.n_segments, params.seed, min_cell_size=params.min_cell_size)
    return Segmented(params, c360, result, archetype)


@pytest.fixture(scope="session")
def default_segmented(default_portfolio) -> Segmented:
    """params/default.yaml as shipped (the session's portfolio), segmented with its n_segments."""
    return _segmented(default_portfolio)


@pytest.fixture(scope="session")
def segmented_at(other_seed_portfolio):
    """`(seed) -> Segmented`: the session's 5,000-client portfolio at that seed (the shared
    known-truth portfolios of tests/conftest.py), segmented once on first use."""
    made: dict[int, Segmented] = {}

    def get(seed: int) -> Segmented:
        if seed not in made:
            made[seed] = _segmented(other_seed_portfolio(seed))
        return made[seed]

    return get


def toy_client_360(n: int = 200, seed: int = 0) -> pd.DataFrame:
    """A hand-made client 360 of `n` clients in two clear groups (young small tech firms and
    old large manufacturers), with every column the features and profiles read."""
    import numpy as np

    rng = np.random.default_rng(seed)
    old = np.arange(n) % 2 == 1
    revenue = np.where(old, 5e8, 5e6) * np.exp(rng.normal(0, 0.2, n))
    apps = rng.integers(0, 4, n)
    return pd.DataFrame(
        {
            "client_id": [f"C-{i:05d}" for i in range(n)],
            "industry": np.where(old, "manufacturing", "software_it"),
            "high_tech": ~old,
            "region": rng.choice(["east", "north"], n),
            "firm_age_years": np.where(old, 25.0, 2.0) * np.exp(rng.normal(0, 0.1, n)),
            "employees": np.where(old, 1500, 12),
            "ownership": np.where(old, "state_owned", "private"),
            "listed": old & (rng.random(n) < 0.3),
            "revenue": revenue,
            "total_assets": revenue * 1.2 * np.exp(rng.normal(0, 0.1, n)),
            "leverage": np.where(old, 0.5, 0.3) + rng.normal(0, 0.02, n),
            "current_ratio": rng.uniform(0.8, 2.0, n),
            "interest_cover": rng.uniform(1, 8, n),
            "net_margin": np.where(old, 0.07, -0.1) + rng.normal(0, 0.01, n),
            "revenue_growth": np.where(old, 0.03, 0.4) + rng.normal(0, 0.02, n),
            "internal_rating": rng.choice(["A", "BBB", "BB"], n),
            "bureau_score": rng.normal(650, 40, n),
            "past_loans": rng.integers(0, 5, n),
            "defaulted_before": rng.random(n) < 0.02,
            "n_digital_events_12m": rng.integers(0, 50, n),
            "share_web_12m": np.where(old, 0.7, 0.2),
            "share_app_12m": np.where(old, 0.1, 0.7),
            "share_wechat_12m": 0.1,
            "share_call_centre_12m": np.where(old, 0.1, 0.0),
            "n_interactions_12m": np.where(old, 4, 0),
            "n_applications": apps,
            "n_disbursed": np.minimum(apps, 1),
            "npl": pd.array(np.where(apps > 0, rng.random(n) < 0.05, None), dtype="boolean"),
            "mean_csat": np.where(apps > 0, rng.uniform(2, 5, n), np.nan),
        }
    )


@pytest.fixture
def toy() -> pd.DataFrame:
    """A fresh hand-made client 360 of 200 clients in two clear groups."""
    return toy_client_360()
