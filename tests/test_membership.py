"""`isin` gives pandas' answer for text keys (missing values included) and for other types."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.membership import isin

TEXT = pd.Series(["C1", "C2", None, "C3", "C1"], dtype="str")


@pytest.mark.parametrize(
    "wanted",
    [
        ["C1", "C3"],
        ["C1", None],
        pd.Series(["C2"], dtype="str"),
        pd.Index(["C3", "C9"]),
        np.array(["C1"], dtype=object),
        {"C2"},
        [1, "C1"],  # not all text: pandas decides
        [],
    ],
)
def test_same_answer_as_pandas_for_text(wanted: object) -> None:
    assert isin(TEXT, wanted).tolist() == TEXT.isin(wanted).tolist()


def test_other_types_are_left_to_pandas() -> None:
    numbers = pd.Series([1, 2, 3])
    assert isin(numbers, [2, 5]).tolist() == [False, True, False]


def test_many_keys_match_pandas() -> None:
    keys = pd.Series([f"K{i:06d}" for i in range(50_000)], dtype="str")
    wanted = keys.sample(7_000, random_state=3)
    assert np.array_equal(isin(keys, wanted), keys.isin(wanted).to_numpy())
