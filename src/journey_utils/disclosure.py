"""Disclosure control for published tables: mask groups small enough to single out a client."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

MASK = "<n"
"""What a masked cell shows; the threshold itself is stated in each report's header."""


def mask_small_groups(
    table: pd.DataFrame,
    count_column: str,
    *,
    min_cell_size: int,
    value_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Blank the counts and statistics of rows whose group has fewer than `min_cell_size` units.

    Masked cells become missing (shown as a dash) and a boolean `masked` column says which rows;
    the rows stay so totals elsewhere remain explainable.
    """
    if count_column not in table.columns:
        valid = ", ".join(map(str, table.columns))
        raise KeyError(f"no column {count_column!r} (columns: {valid})")
    out = table.copy()
    small = out[count_column].notna() & (out[count_column] < min_cell_size)
    cols = (
        list(value_columns)
        if value_columns is not None
        else [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])]
    )
    for col in cols:
        out[col] = out[col].astype("Float64" if out[col].dtype.kind in "iuf" else object)
        out.loc[small, col] = pd.NA
    out["masked"] = small
    return out


def mask_small_cells(matrix: pd.DataFrame, *, min_cell_size: int) -> pd.DataFrame:
    """Blank every count in a cross-table (e.g. a transition matrix) between 1 and
    `min_cell_size - 1`; zeros stay, since an empty cell singles out no one."""
    out = matrix.astype("Float64")
    small = (out > 0) & (out < min_cell_size)
    return out.mask(small.fillna(False), pd.NA)


def drop_small_groups(
    table: pd.DataFrame, count_column: str, *, min_cell_size: int
) -> pd.DataFrame:
    """The rows whose group has at least `min_cell_size` units: what a chart may draw."""
    if count_column not in table.columns:
        valid = ", ".join(map(str, table.columns))
        raise KeyError(f"no column {count_column!r} (columns: {valid})")
    return table[table[count_column] >= min_cell_size]
