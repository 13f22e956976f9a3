"""Bad-input rules on a conformed journey log: exact counts per rule and reconciliation."""

from __future__ import annotations

from datetime import date

import pandas as pd

from journey_utils.integration.log_checks import check_log

AS_OF = date(2024, 3, 31)


def _log(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["application_id", "stage", "status", "ts"])
    frame["ts"] = pd.to_datetime(frame["ts"], errors="coerce")
    frame["client_id"] = "C-" + frame["application_id"].fillna("x")
    frame["outcome"] = "declined"
    return frame


ROWS = [
    ("a1", "information", "entered", "2024-01-01 09:00"),
    ("a1", "application", "entered", "2024-01-03 09:00"),  # out of order
    ("a1", "information", "completed", "2024-01-02 09:00"),
    ("a1", "information", "completed", "2024-01-02 09:00"),  # exact duplicate
    ("a2", "application", "entered", "2024-01-05 09:00"),  # no start (first is not information)
    ("a2", "application", "completed", "2024-03-31 23:59"),  # last minute of as_of: kept
    ("a2", "approval", "entered", "2024-04-01 00:00"),  # after as_of
    ("a3", "information", "entered", "2024-02-01 09:00"),  # single event
    ("a3", "onboarding", "entered", "2024-02-02 09:00"),  # unknown stage
    ("a3", "information", "completed", "not a date"),  # unparseable
    (None, "information", "entered", "2024-02-01 09:00"),  # missing case id
]


def test_each_rule_counted_exactly() -> None:
    clean, quality = check_log(_log(ROWS), AS_OF)
    table = quality.frame().set_index("rule")
    expected = {
        "missing case id": (1, 0),
        "unparseable timestamp": (1, 1),
        "unknown activity": (1, 1),
        "duplicate event": (1, 1),
        "timestamp after as_of": (1, 1),
        "events out of time order": (1, 1),
        "case with a single event": (1, 1),
        "case with no start": (1, 1),
    }
    for rule, (events, cases) in expected.items():
        assert (table.loc[rule, "events"], table.loc[rule, "cases"]) == (events, cases), rule
    assert quality.unknown_activities == {"onboarding": 1}
    assert quality.rows_in == len(ROWS) == quality.rows_accepted + quality.rows_quarantined
    assert len(clean) == 6 and quality.rows_quarantined == 5


def test_quarantine_names_the_input_row_and_reason() -> None:
    _, quality = check_log(_log(ROWS), AS_OF)
    q = quality.quarantine.set_index("_row")["reason"].to_dict()
    assert q == {
        4: "duplicate event",
        7: "timestamp after as_of",
        9: "unknown activity",
        10: "unparseable timestamp",
        11: "missing case id",
    }


def test_sorted_within_case_stable_for_ties() -> None:
    clean, _ = check_log(_log(ROWS), AS_OF)
    a1 = clean[clean["application_id"] == "a1"]
    assert a1["ts"].is_monotonic_increasing
    assert a1["status"].tolist() == ["entered", "completed", "entered"]
    assert "_row" not in clean.columns


def test_clean_synthetic_log_passes_untouched(small_scale) -> None:
    log = small_scale.log
    clean, quality = check_log(log, small_scale.params.as_of)
    assert quality.rows_quarantined == 0 and len(clean) == len(log)
    table = quality.frame().set_index("rule")
    singles = (log.groupby("application_id").size() == 1).sum()
    assert table.loc["case with a single event", "cases"] == singles
    assert table.loc["case with no start", "cases"] == 0


def test_duplicates_by_hash_match_pandas_on_random_frames() -> None:
    """The hash-first duplicate check gives pandas' `duplicated(keep="first")`, missing values
    and categoricals included, on frames with many repeated rows."""
    import numpy as np

    from journey_utils.integration.log_checks import _duplicated

    for seed in range(5):
        rng = np.random.default_rng(seed)
        n = 2_000
        frame = pd.DataFrame(
            {
                "case": pd.Series(rng.choice(["a", "b", "c", None], n), dtype="str"),
                "stage": pd.Categorical(rng.choice(["x", "y"], n)),
                "ts": pd.to_datetime(rng.integers(0, 5, n), unit="D"),
                "amount": np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 3, n)),
            }
        )
        fields = list(frame.columns)
        expected = frame.duplicated(subset=fields, keep="first")
        assert expected.any() and not expected.all()
        for min_rows in (0, n + 1):  # by row hash, and pandas' own below the size
            found = _duplicated(frame, fields, min_rows=min_rows)
            pd.testing.assert_series_equal(found, expected, check_names=False)


def test_a_log_in_case_and_time_order_is_kept_as_it_is() -> None:
    """The accepted events equal a stable sort by case and time, whether or not the input was
    already in that order."""
    from journey_utils.integration.log_checks import check_events

    rows = [
        ("c1", "2024-01-02", "a"),
        ("c1", "2024-01-03", "b"),
        ("c2", "2024-01-01", "a"),
        ("c2", "2024-01-01", "b"),
    ]
    ordered = pd.DataFrame(rows, columns=["case", "ts", "activity"]).astype(
        {"ts": "datetime64[us]"}
    )
    shuffled = ordered.iloc[[2, 0, 3, 1]].reset_index(drop=True)
    for frame in (ordered, shuffled):
        accepted, _ = check_events(frame, date(2024, 12, 31), case="case", ts="ts")
        expected = frame.assign(_row=range(1, 5)).sort_values(["case", "ts"], kind="stable")
        pd.testing.assert_frame_equal(accepted, expected.reset_index(drop=True))
