"""Risk-based pricing: per segment, the rate that covers funding, expected loss (PD x LGD),
capital and margin, beside today's average offered rate, and where the two are out of line."""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.errors import InputError
from journey_utils.plotting import md_escape
from journey_utils.risk.messages import MESSAGES

OUT_OF_LINE_BP = 25.0
"""A gap (offered minus risk-based price) beyond this many bp either way counts as out of line."""


def _check_rate(name: str, value: float) -> None:
    if not np.isfinite(value) or not -5.0 <= value <= 50.0:
        raise InputError("pricing", f"{name} = {value} is not a rate in percent", column=name)


def risk_based_price_table(
    segment_pd: pd.DataFrame,
    lgd: float,
    funding_cost: float,
    capital_charge: float,
    margin: float,
    offered: pd.DataFrame,
    by: str = "segment",
    tolerance_bp: float = OUT_OF_LINE_BP,
) -> pd.DataFrame:
    """Per group: PD, expected loss = PD x LGD (percent), price = funding cost + expected loss +
    capital charge + margin (all in percent), today's mean offered rate and the gap in bp
    (offered - price); `verdict` says underpriced / overpriced / in line beyond `tolerance_bp`.

    `segment_pd` holds `by` and `pd` (a probability 0-1); `offered` holds `by` and
    `offered_rate` (percent), one row per offer."""
    for col in (by, "pd"):
        if col not in segment_pd.columns:
            raise InputError("segment_pd", f"missing column {col}", column=col)
    for col in (by, "offered_rate"):
        if col not in offered.columns:
            raise InputError("offered", f"missing column {col}", column=col)
    if not 0.0 <= lgd <= 1.0:
        raise InputError("pricing", f"lgd = {lgd} must be a share between 0 and 1", column="lgd")
    for name, value in (("funding_cost", funding_cost), ("capital_charge", capital_charge),
                        ("margin", margin)):  # fmt: skip
        _check_rate(name, value)
    bad = ~segment_pd["pd"].astype(float).between(0.0, 1.0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError("segment_pd", "pd must be a probability 0-1", row=row, column="pd")
    table = segment_pd[[by, "pd"]].copy()
    table["expected_loss"] = table["pd"].astype(float) * lgd * 100.0
    table["funding_cost"] = funding_cost
    table["capital_charge"] = capital_charge
    table["margin"] = margin
    table["risk_price"] = funding_cost + table["expected_loss"] + capital_charge + margin
    today = offered.groupby(by)["offered_rate"].agg(offers="size", offered_rate="mean")
    table = table.join(today, on=by)
    table["gap_bp"] = (table["offered_rate"] - table["risk_price"]) * 100.0
    table["verdict"] = np.select(
        [table["gap_bp"] < -tolerance_bp, table["gap_bp"] > tolerance_bp, table["gap_bp"].notna()],
        ["underpriced", "overpriced", "in line"],
        "no offers",
    )
    return table.sort_values("gap_bp", na_position="last").reset_index(drop=True)


def pricing_reading(table: pd.DataFrame, by: str = "segment", lang: str = "en") -> str:
    """One paragraph: which groups are priced below their risk, which above, and by how much."""
    under = table[table["verdict"] == "underpriced"]
    over = table[table["verdict"] == "overpriced"]
    if under.empty and over.empty:
        return MESSAGES("pricing_in_line", lang)

    def listing(rows: pd.DataFrame) -> str:
        return MESSAGES("pricing_group_sep", lang).join(
            MESSAGES("pricing_group", lang, name=md_escape(r[by]), gap=f"{r['gap_bp']:+.0f}")
            for _, r in rows.iterrows()
        )

    parts = []
    if not under.empty:
        parts.append(MESSAGES("pricing_under", lang, groups=listing(under)))
    if not over.empty:
        parts.append(MESSAGES("pricing_over", lang, groups=listing(over)))
    return MESSAGES("pricing_sentence_sep", lang).join(parts)
