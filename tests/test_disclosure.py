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
        mask_small_groups(pd.DataFrame({"segment": ["a"]}), "n", min_cell_size=10)


def test_small_cells_of_a_cross_table_are_blanked_but_zeros_stay() -> None:
    from journey_utils.disclosure import mask_small_cells

    matrix = pd.DataFrame({"a": [0, 3, 50], "b": [9, 10, 0]}, index=["x", "y", "z"])
    masked = mask_small_cells(matrix, min_cell_size=10)
    assert masked.isna().sum().sum() == 2
    assert pd.isna(masked.loc["y", "a"]) and pd.isna(masked.loc["x", "b"])
    assert masked.loc["x", "a"] == 0 and masked.loc["y", "b"] == 10


def test_charts_draw_only_groups_at_or_above_the_threshold() -> None:
    from journey_utils.disclosure import drop_small_groups

    table = pd.DataFrame({"group": ["a", "b", "c"], "cases": [9, 10, 400]})
    assert drop_small_groups(table, "cases", min_cell_size=10)["group"].tolist() == ["b", "c"]
    with pytest.raises(KeyError, match="cases"):
        drop_small_groups(table.rename(columns={"cases": "n"}), "cases", min_cell_size=10)
