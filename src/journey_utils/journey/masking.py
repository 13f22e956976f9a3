"""How a journey table masks its small groups: each `*_table` ends with one of these calls, so a
notebook cannot show a table without it. `min_cell_size=1` returns the table as computed (every
group, its own number types, no `masked` column): what a chart or a reading that reads every
group is given, as it was before the tables masked themselves."""

from __future__ import annotations

import pandas as pd

from journey_utils.disclosure import drop_small_groups, mask_small_cells, mask_small_groups

EVERY_GROUP = 1
"""The `min_cell_size` that masks nothing: no group with a unit in it is smaller, and a group
with none singles out no client (as `mask_small_cells` keeps its zeros)."""


def mask_groups(table: pd.DataFrame, count_column: str, *, min_cell_size: int) -> pd.DataFrame:
    """`mask_small_groups` by `count_column`, or the table as computed at EVERY_GROUP."""
    if min_cell_size <= EVERY_GROUP:
        return table
    return mask_small_groups(table, count_column, min_cell_size=min_cell_size)


def drop_groups(table: pd.DataFrame, count_column: str, *, min_cell_size: int) -> pd.DataFrame:
    """`drop_small_groups` by `count_column` (what a chart may draw), or every row at
    EVERY_GROUP."""
    if min_cell_size <= EVERY_GROUP:
        return table
    return drop_small_groups(table, count_column, min_cell_size=min_cell_size)


def mask_cells(matrix: pd.DataFrame, *, min_cell_size: int) -> pd.DataFrame:
    """`mask_small_cells` of a cross-table of counts, or the counts as computed at EVERY_GROUP."""
    if min_cell_size <= EVERY_GROUP:
        return matrix
    return mask_small_cells(matrix, min_cell_size=min_cell_size)
