"""CSV files a spreadsheet opens safely: formulas neutralised, UTF-8 with a BOM for Excel."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def _neutralise(value: object) -> object:
    """A text starting like a formula with a leading ' (shown as text); anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells and headers that start like a formula get a leading '."""
    # As OWASP advises, text such as "-5" is prefixed too; numeric, boolean and date columns and
    # numbers in object columns stay as they are.
    out = frame.copy()
    for i in range(out.shape[1]):  # by position: column names may repeat
        column = out.iloc[:, i]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype(object)
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.map(_neutralise))
    out.columns = out.columns.map(_neutralise)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write `frame` formula-safe as UTF-8 CSV with a BOM (Excel reads Chinese), no index."""
    path = Path(path)
    # CRLF rows (RFC 4180): a cell holding a bare CR is then quoted, not split into two rows.
    neutralise_formulas(frame).to_csv(
        path, index=False, encoding="utf-8-sig", lineterminator="\r\n"
    )
    return path
