"""Set membership of key columns (client, application ids) in one Arrow pass: pandas 3's
`Series.isin` on text converts every wanted value to an Arrow scalar one at a time, which at
bank scale (hundreds of thousands of keys, called per snapshot) cost tens of seconds."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def isin(values: pd.Series | pd.Index, wanted: Iterable[object]) -> np.ndarray:
    """`values.isin(wanted)` as a boolean array, with the same answer (a missing value matches
    only when a missing value is wanted); text columns go through Arrow's hash set."""
    if not isinstance(values.dtype, pd.StringDtype):
        return np.asarray(values.isin(wanted), dtype=bool)
    keys = wanted if isinstance(wanted, pd.Series | pd.Index | np.ndarray) else list(wanted)
    try:
        value_set = pa.array(keys, from_pandas=True).cast(pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return np.asarray(values.isin(wanted), dtype=bool)  # not all text: pandas decides
    column = pa.array(values, from_pandas=True).cast(pa.large_string())
    return np.asarray(pc.is_in(column, value_set=value_set.unique()).fill_null(False), dtype=bool)
