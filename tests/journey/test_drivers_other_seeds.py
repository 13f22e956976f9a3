"""The drop-out driver model against its planted coefficients on three other seeds, judged
jointly: a Wald test that all five equal the truth, which per-coefficient 95% intervals are not
(measured at 5,000 clients, seeds 1, 2, 3: 14 of 15 intervals cover the truth, the constant at
seed 3 misses, the expected one in twenty; every driver has the planted sign)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import OTHER_SEEDS
from journey_utils.integration.processed import load_journey_log
from journey_utils.journey.drivers import driver_frame, fit_driver_model
from journey_utils.stats import joint_wald_p_value


@pytest.mark.parametrize("seed", OTHER_SEEDS)
def test_the_planted_drivers_hold_jointly_at_another_seed(seed: int, other_seed_portfolio) -> None:
    params = other_seed_portfolio(seed)
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    planted = truth["dropout"]["coefficients"]
    frame = driver_frame(
        pd.read_parquet(params.processed_dir / "applications.parquet"),
        load_journey_log(params),
        params.processed_dir / "digital_events.parquet",
        params.as_of,
        params.driver_maturity_days,
    )
    model = fit_driver_model(frame)
    terms = model.coefficients["term"].tolist()
    assert set(terms) == set(planted)
    assert joint_wald_p_value(model.result, [planted[t] for t in terms]) > 0.01
    estimates = model.coefficients.set_index("term")["estimate"]
    for term, value in planted.items():
        assert np.sign(estimates[term]) == np.sign(value), (seed, term)
