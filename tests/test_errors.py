"""Bad input is named in one line: file or table, row and column."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from journey_utils.errors import InputError, ParamsError, require_columns, stop_at_first


def test_stop_at_first_names_the_first_flagged_row() -> None:
    values = pd.Series([1, 7, 9])
    with pytest.raises(InputError) as err:
        stop_at_first(values > 5, "scores.csv", lambda row: f"too big: {values[row]}", "score")
    assert (err.value.row, err.value.column) == (1, "score")
    assert "scores.csv" in str(err.value) and "too big: 7" in str(err.value)
    stop_at_first(values > 100, "scores.csv", lambda row: "never", "score")  # nothing flagged


def test_require_columns_names_the_missing_one() -> None:
    with pytest.raises(InputError, match="b"):
        require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], "table")


def test_an_input_error_survives_pickling_as_itself() -> None:
    error = ParamsError("p.yaml", "unknown key", row=4, column="seed")
    back = pickle.loads(pickle.dumps(error))  # a worker process hands errors back this way
    assert type(back) is ParamsError and str(back) == str(error)
    assert (back.path, back.row, back.column, back.detail) == ("p.yaml", 4, "seed", "unknown key")
