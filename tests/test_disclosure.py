"""Small groups are masked: counts and statistics of groups below min_cell_size are blanked."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.disclosure import mask_small_groups


def test_masks_only_small_groups() -> None:
    table = pd.DataFrame(
        {"segment": ["a", "b", "c"], "clients": [3, 10, 250], "npl_rate": [0.33, 0.1, 0.02]}
    )
    out = mask_small_groups(table, "clients", min_cell_size=10)
    assert out["masked"].tolist() == [True, False, False]
    assert out.loc[0, ["clients", "npl_rate"]].isna().all()
    assert out.loc[1, "clients"] == 10 and out.loc[2, "npl_rate"] == pytest.approx(0.02)
    assert out["segment"].tolist() == ["a", "b", "c"]


def test_unknown_count_column_lists_columns() -> None:
    with pytest.raises(KeyError, match="segment"):
        mask_small_groups(pd.DataFrame({"segment": ["a"]}), "n", 10)
