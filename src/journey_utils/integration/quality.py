"""Column-level data quality — completeness and validity — from the counts integration recorded.

Integration counts, per source and column, the values present and the values that broke the
contract while it validates; this module only turns those counts into shares, so no second
pass is made over tens of millions of event rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from journey_utils.integration.contracts import RULES
from journey_utils.integration.processed import IntegrationResult, load_integration_report
from journey_utils.params.run import RunParams

QUALITY_COLUMNS: tuple[str, ...] = (
    "source",
    "column",
    "required",
    "rows_in",
    "non_null",
    "completeness",
    "invalid",
    "validity",
)


def column_quality_table(params: RunParams) -> pd.DataFrame:
    """Per source and column: completeness and validity of the last integration of this run.

    - completeness = non-null values / rows in (a column the contract allows to be empty may
      legitimately fall short: see `required`);
    - validity = non-null values that meet the contract / non-null values (NaN when a column
      holds no value at all).
    """
    return quality_frame(load_integration_report(params))


def quality_frame(result: IntegrationResult) -> pd.DataFrame:
    """`column_quality_table` for an integration result already at hand."""
    rows = []
    for source in result.sources.values():
        rules = RULES.get(source.name, {})
        for counts in source.columns:
            rule = rules.get(counts.column)
            rows.append(
                {
                    "source": source.name,
                    "column": counts.column,
                    "required": bool(rule is not None and not rule.nullable),
                    "rows_in": source.rows_in,
                    "non_null": counts.non_null,
                    "invalid": counts.invalid,
                }
            )
    frame = pd.DataFrame(rows, columns=[c for c in QUALITY_COLUMNS if c not in _SHARES])
    rows_in = frame["rows_in"].astype("float64")
    non_null = frame["non_null"].astype("float64")
    frame["completeness"] = np.where(rows_in > 0, non_null / rows_in.where(rows_in > 0), np.nan)
    frame["validity"] = np.where(
        non_null > 0,
        (non_null - frame["invalid"]) / non_null.where(non_null > 0),
        np.nan,
    )
    return frame.loc[:, list(QUALITY_COLUMNS)]


_SHARES = ("completeness", "validity")
