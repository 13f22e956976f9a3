"""Column profile and correlation table against direct pandas computations on a small frame with
missing values, dates, booleans, text and a constant column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.plotting import style_table
from journey_utils.profiling.columns import (
    PROFILE_COLUMNS,
    column_profile,
    correlation_table,
    format_profile,
)
from text_checks import chinese_table_leftovers


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 200
    x = rng.normal(10, 2, n)
    x[[3, 50, 77]] = np.nan
    frame = pd.DataFrame(
        {
            "amount": x,
            "double": 2 * x + rng.normal(0, 0.1, n),  # strongly tied to amount
            "count": rng.integers(0, 5, n),
            "constant": np.full(n, 4.0),
            "flag": rng.random(n) < 0.3,
            "maybe_flag": pd.Series([True, False, None, True] * (n // 4), dtype=object),
            "sector": pd.Series(rng.choice(["a", "b", "c"], n, p=[0.6, 0.3, 0.1]), dtype="str"),
            "opened": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 400, n), "D"),
            "empty": np.full(n, np.nan),
        }
    )
    frame.loc[[5, 6], "sector"] = None
    frame.loc[[9], "opened"] = pd.NaT
    return frame


def test_profile_numbers_match_pandas(frame: pd.DataFrame) -> None:
    table = column_profile(frame).set_index("column")
    assert list(column_profile(frame).columns) == list(PROFILE_COLUMNS)
    assert table.attrs["rows"] == len(frame)
    for col in frame.columns:
        series = frame[col]
        assert table.loc[col, "non_null"] == series.notna().sum(), col
        assert table.loc[col, "missing_share"] == pytest.approx(series.isna().mean()), col
        assert table.loc[col, "distinct"] == series.nunique(dropna=True), col
    for col in ("amount", "double", "count", "constant"):
        assert float(table.loc[col, "min"]) == pytest.approx(frame[col].min(), rel=1e-5)
        assert float(table.loc[col, "max"]) == pytest.approx(frame[col].max(), rel=1e-5)
        assert table.loc[col, "mean"] == pytest.approx(frame[col].mean())
        assert table.loc[col, "std"] == pytest.approx(frame[col].std(), abs=1e-12)
    assert table.loc["opened", "min"] == frame["opened"].min().date().isoformat()
    assert table.loc["opened", "max"] == frame["opened"].max().date().isoformat()
    for col in ("sector", "flag", "maybe_flag"):
        counts = frame[col].dropna().value_counts()
        assert table.loc[col, "top_value"] == str(counts.index[0]), col
        assert table.loc[col, "top_share"] == pytest.approx(counts.iloc[0] / counts.sum()), col
    assert table.loc["empty", "non_null"] == 0 and table.loc["empty", "missing_share"] == 1.0
    assert pd.isna(table.loc["empty", "mean"])
    assert table.loc["constant", "distinct"] == 1 and table.loc["constant", "std"] == 0


def test_profile_rejects_duplicate_columns() -> None:
    with pytest.raises(InputError, match="duplicate column"):
        column_profile(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_profile_of_an_empty_frame() -> None:
    table = column_profile(pd.DataFrame({"a": pd.Series([], dtype=float)}))
    assert table.loc[0, "non_null"] == 0 and pd.isna(table.loc[0, "missing_share"])


def test_correlations_match_pandas_pairwise(frame: pd.DataFrame) -> None:
    table = correlation_table(frame, top=50)
    numeric = frame[["amount", "double", "count", "flag"]].astype(float)
    expected = numeric.corr()
    assert table.loc[0, ["column_a", "column_b"]].tolist() == ["amount", "double"]
    for row in table.itertuples():
        if row.column_a in expected.index and row.column_b in expected.index:
            assert row.correlation == pytest.approx(expected.loc[row.column_a, row.column_b])
    pairs = table.set_index(["column_a", "column_b"])["pairs"]
    assert pairs[("amount", "double")] == 197  # three missing amounts
    both = frame["amount"].notna() & frame["maybe_flag"].notna()
    assert pairs[("amount", "maybe_flag")] == both.sum() == 148  # a quarter of maybe_flag missing
    involved = set(table["column_a"]) | set(table["column_b"])
    assert "constant" not in involved and "empty" not in involved
    assert table["correlation"].abs().is_monotonic_decreasing


def test_correlations_of_large_values_are_exact() -> None:
    rng = np.random.default_rng(1)
    base = rng.lognormal(20, 1, 5000)  # revenue-sized numbers: no cancellation in the sums
    frame = pd.DataFrame({"revenue": base, "assets": base * 1.7 + rng.normal(0, 1e8, 5000)})
    table = correlation_table(frame)
    assert table.loc[0, "correlation"] == pytest.approx(frame.corr().iloc[0, 1], rel=1e-9)


def test_correlations_need_two_numeric_columns() -> None:
    assert correlation_table(pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})).empty


def test_format_profile_is_compact(frame: pd.DataFrame) -> None:
    shown = format_profile(column_profile(frame)).set_index("column")
    assert shown.loc["opened", "range"].count("–") == 1
    assert pd.isna(shown.loc["sector", "range"]) and shown.loc["sector", "top_value"] == "a"
    assert shown.loc["constant", "range"] == "4 – 4" and shown.loc["constant", "std"] == "0"
    big = format_profile(column_profile(pd.DataFrame({"revenue": [1.23456e9, 2.5e9]})))
    assert big.loc[0, "mean"] == "1.9bn" and big.loc[0, "range"] == "1.2bn – 2.5bn"


def test_formatted_profile_never_shows_an_identifier_value() -> None:
    from journey_utils.profiling.columns import column_profile, format_profile

    frame = pd.DataFrame({"client_id": ["C-1", "C-1", "C-2"], "industry": ["a", "a", "b"]})
    shown = format_profile(column_profile(frame)).set_index("column")
    assert pd.isna(shown.loc["client_id", "top_value"])
    assert shown.loc["industry", "top_value"] == "a"


def test_profile_of_client_columns_reads_in_chinese() -> None:
    clients = pd.DataFrame(
        {
            "client_id": ["C-1", "C-2", "C-3", "C-4"],
            "industry": ["software_it", "software_it", "textiles", None],
            "high_tech": [True, True, False, True],
            "founded_on": pd.to_datetime(["2001-03-01", "1999-07-15", "2010-01-01", None]),
            "leverage": [0.4, 0.5, 0.7, 0.2],
            "revenue": [1e6, 2e6, 2.5e6, 4.1e6],
            "worst_classification": ["normal", "npl", "normal", "normal"],
        }
    )
    profile = style_table(format_profile(column_profile(clients)), lang="zh")
    assert chinese_table_leftovers(profile) == []
    html = profile.to_html()
    assert "软件和信息技术" in html and "成立日期" in html and "是" in html  # a code, a column
    assert chinese_table_leftovers(style_table(correlation_table(clients), lang="zh")) == []
    english = style_table(format_profile(column_profile(clients))).to_html()
    assert "Software &amp; IT" in english and "Founded on" in english  # codes as words
