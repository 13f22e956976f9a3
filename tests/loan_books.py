"""Simulated loan books with planted risk drivers, shared by the scorecard and challenger tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def simulated_book(seed: int, n: int = 8000) -> tuple[pd.DataFrame, np.ndarray]:
    """Loans with a skewed amount (risk rising with its log), a ratio (risk falling), a purpose
    (two risky levels of six), a 150-level noise code and a pure-noise number; 10% of the
    amounts missing and riskier. Returns the book and the true default probabilities."""
    rng = np.random.default_rng(seed)
    amount = rng.lognormal(9, 1, n)
    ratio = rng.normal(1.5, 0.6, n)
    purpose = rng.choice(["car", "home", "radio", "business", "repairs", "education"], n)
    eta = -3.2 + 0.6 * (np.log(amount) - 9) - 0.9 * (ratio - 1.5)
    eta += np.where(np.isin(purpose, ["business", "education"]), 0.8, 0.0)
    gap = rng.random(n) < 0.1
    eta = eta + np.where(gap, 0.7, 0.0)
    amount[gap] = np.nan
    p = 1 / (1 + np.exp(-eta))
    book = pd.DataFrame({
        "amount": amount, "ratio": ratio, "purpose": purpose,
        "branch_code": rng.integers(0, 150, n).astype(str), "noise": rng.normal(size=n),
        "target": (rng.random(n) < p).astype(int),
    })  # fmt: skip
    return book, p


FEATURES = ["amount", "ratio", "purpose", "branch_code", "noise"]
CATEGORICAL = ["purpose", "branch_code"]
