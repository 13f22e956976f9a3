"""What the risk report hands to the management summary: the groups priced below their risk and
the clients downgraded at the latest review, saved beside the processed tables (no client id),
so the summary's "Act on" box quotes the risk report's own figures without refitting a model."""

from __future__ import annotations

import pandas as pd

from journey_utils.errors import require_columns
from journey_utils.params.run import RunParams
from journey_utils.parquet_files import write_parquet_atomic

FINDINGS_FILE = "findings/risk_findings.parquet"
"""In the data set's folder, beside (not in) processed/, so reports that read the processed
tables do not wait for the risk report: one row per finding (kind, subject, value, volume,
detail)."""
COLUMNS = ("kind", "subject", "value", "volume", "detail")


def risk_findings(
    pricing: pd.DataFrame | None, worsened: pd.DataFrame | None, by: str = "segment_name"
) -> pd.DataFrame:
    """Rows of the findings: `underpriced` (a group of `by`, its gap in bp, its offers) per
    group priced below its risk, and `downgrades` (clients downgraded, clients compared, the
    review's date). A step the report could not run (None) adds no row."""
    rows: list[dict[str, object]] = []
    if pricing is not None and not pricing.empty:
        require_columns(pricing, [by, "verdict", "gap_bp", "offers"], "pricing table")
        for _, row in pricing[pricing["verdict"] == "underpriced"].iterrows():
            rows.append({
                "kind": "underpriced", "subject": str(row[by]), "value": float(row["gap_bp"]),
                "volume": float(row["offers"]), "detail": "",
            })  # fmt: skip
    if worsened is not None:
        rows.append({
            "kind": "downgrades", "subject": "", "value": float(len(worsened)),
            "volume": float(worsened.attrs.get("compared", float("nan"))),
            "detail": str(worsened.attrs.get("to_period", "")),
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


def save_risk_findings(
    params: RunParams,
    pricing: pd.DataFrame | None,
    worsened: pd.DataFrame | None,
    by: str = "segment_name",
) -> pd.DataFrame:
    """Write the findings for the summary page (replacing the previous run's) and return them."""
    table = risk_findings(pricing, worsened, by)
    write_parquet_atomic(table, params.root / FINDINGS_FILE)
    return table


def load_risk_findings(params: RunParams) -> pd.DataFrame | None:
    """The risk report's saved findings, or None when it has not run on this data set."""
    path = params.root / FINDINGS_FILE
    return pd.read_parquet(path) if path.is_file() else None
