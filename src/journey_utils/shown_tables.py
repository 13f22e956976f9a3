"""Every table a report shows, saved as Parquet beside its HTML, in the order shown.

The runner names a folder per report in `JOURNEY_TABLES_DIR` (`<run>/tables/<report>/`);
`plotting.style_table` hands each frame it styles to `save_shown`, which writes `001.parquet`,
`002.parquet`, … there. Users get the figures behind a report in a form they can load, and
`checks/compare_runs.py` compares two runs table by table. Outside a scheduled run (JupyterLab)
nothing is written.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

TABLES_ENV = "JOURNEY_TABLES_DIR"
"""Environment variable naming the folder a report's tables are saved to (set by the runner)."""

_counter = itertools.count(1)


def save_shown(frame: pd.DataFrame) -> Path | None:
    """Save `frame` as the report's next table (text where a column mixes types); the path, or
    None when no folder is set."""
    folder = os.environ.get(TABLES_ENV)
    if not folder:
        return None
    path = Path(folder) / f"{next(_counter):03d}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    names = [str(c) for c in frame.columns]
    columns = [frame.iloc[:, i] for i in range(frame.shape[1])]  # attrs are not carried
    try:
        table = pa.table([pa.array(c, from_pandas=True) for c in columns], names=names)
    except (pa.ArrowException, TypeError, ValueError):  # mixed types in an object column
        table = pa.table([_as_arrow(c) for c in columns], names=names)
    pq.write_table(table, path)
    return path


def _as_arrow(column: pd.Series) -> pa.Array:
    try:
        return pa.array(column, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return pa.array([None if pd.isna(v) else str(v) for v in column], type=pa.string())
