"""Dates read only when they can mean one thing: spellings, zones, day/month order, epoch units."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.integration.timestamps import (
    AMBIGUOUS_ORDER,
    AMBIGUOUS_ZONE,
    EpochUnitUnclear,
    epoch_unit_of,
    read_times,
)
from journey_utils.params.text_file import parse_date_order

T = pd.Timestamp


def _one(value: object, **kw: object) -> tuple[object, object]:
    r = read_times(pd.Series([value], dtype="str" if isinstance(value, str) else None), **kw)
    return r.values.iloc[0], r.reasons[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", T("2024-03-05")),
        ("2024-03-05 10:00", T("2024-03-05 10:00")),
        ("2024-03-05T10:00:00.123", T("2024-03-05 10:00:00.123")),
        ("2024/3/5", T("2024-03-05")),
        ("2024.03.05 10:00:00", T("2024-03-05 10:00")),
        ("2024年3月5日", T("2024-03-05")),
        ("20240305", T("2024-03-05")),
        ("20240305103000", T("2024-03-05 10:30")),
        ("13/02/2016", T("2016-02-13")),  # only day-first can hold a 13
        ("02/13/2016 09:30", T("2016-02-13 09:30")),  # only month-first
        ("05/05/2024", T("2024-05-05")),  # either order: the same day
        ("2024-03-05T10:00:00+00:00", T("2024-03-05 18:00")),  # Beijing by default
        ("2024-03-05T10:00Z", T("2024-03-05 18:00")),
        ("2024-03-05 10:00:00 UTC", T("2024-03-05 18:00")),
        ("2024-03-05 10:00:00 GMT", T("2024-03-05 18:00")),
        ("2024-03-05 10:00:00 UTC+8", T("2024-03-05 10:00")),
        ("2024-07-05 10:00:00 Europe/London", T("2024-07-05 17:00")),  # summer time
    ],
)
def test_spellings_that_mean_one_thing_are_read(text: str, expected: pd.Timestamp) -> None:
    value, reason = _one(text)
    assert reason is None and value == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("05/03/2024", AMBIGUOUS_ORDER),
        ("05.03.2024 10:00", AMBIGUOUS_ORDER),
        ("2024-03-05 10:00 CST", AMBIGUOUS_ZONE),
        ("2024-02-30", "not a date"),
        ("13/13/2024", "not a date"),
        ("next tuesday", "not a date"),
        ("2024-03-05 10:00 Mars/Olympus", "unknown time zone"),
    ],
)
def test_spellings_that_could_mean_two_things_are_not_guessed(text: str, reason: str) -> None:
    value, why = _one(text)
    assert pd.isna(value) and why == reason


def test_stated_order_reads_day_month_forms() -> None:
    assert _one("05/03/2024", order="DMY")[0] == T("2024-03-05")
    assert _one("05/03/2024", order="MDY")[0] == T("2024-05-03")
    assert _one("13/02/2024", order="MDY")[1] == "not a date"  # contradicts the stated order
    assert parse_date_order("DD/MM/YYYY") == parse_date_order("%d/%m/%Y") == "DMY"
    assert parse_date_order("MM/DD/YYYY HH:MM") == "MDY"
    with pytest.raises(ValueError, match="DD/MM/YYYY or MM/DD/YYYY"):
        parse_date_order("YYYY")


def test_naive_values_are_taken_in_the_given_zone() -> None:
    r = read_times(
        pd.Series(["2024-03-05 10:00", "2024-03-05T10:00:00Z"], dtype="str"), tz="Europe/Paris"
    )
    assert r.values.tolist() == [T("2024-03-05 10:00"), T("2024-03-05 11:00")]


@pytest.mark.parametrize(("scale", "unit"), [(1, "s"), (10**3, "ms"), (10**6, "us"), (10**9, "ns")])
def test_epoch_integers_in_the_columns_unit(scale: int, unit: str) -> None:
    seconds = np.array([1_709_632_800, 1_709_719_200, 0])  # two days of March 2024, and a zero
    r = read_times(pd.Series(seconds * scale, dtype="int64"))
    assert r.epoch_unit == unit
    assert r.values.tolist() == [
        T("2024-03-05 18:00"),
        T("2024-03-06 18:00"),
        T("1970-01-01 08:00"),
    ]


def test_mixed_epoch_units_stop_rather_than_read_half_as_1970() -> None:
    with pytest.raises(EpochUnitUnclear, match="50% as seconds, 50% as milliseconds"):
        epoch_unit_of(np.array([1_709_632_800, 1_709_632_800_000], dtype="float64"))
    assert epoch_unit_of(np.array([0.0, 5.0])) is None  # too small to tell


def test_a_stray_value_in_another_unit_is_flagged_not_read() -> None:
    values = np.array([1_709_632_800 + i for i in range(19)] + [1_709_632_800_000])
    r = read_times(pd.Series(values, dtype="int64"))
    assert r.epoch_unit == "s" and pd.isna(r.values.iloc[-1])
    assert r.reasons[-1] == "not an epoch value in seconds"
