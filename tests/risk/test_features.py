"""Tests of the PD population and its weight of evidence / information value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.statements import COVER_CLIP
from journey_utils.plotting import style_table
from journey_utils.risk.features import iv_table, pd_frame, screen_table, woe_table
from text_checks import chinese_table_leftovers

# ---------------------------------------------------------------------------------------------
# Hand-made tables
# ---------------------------------------------------------------------------------------------


SUBMITTED = ["2023-03-01", "2023-06-01", "2025-06-01", "2023-01-01"]


def _tables() -> dict[str, pd.DataFrame]:
    """Four applications: a loan that turns NPL in month 5, one NPL only in month 14, one
    disbursed too recently and one never disbursed."""
    ts = pd.Timestamp
    apps = pd.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A4"],
            "client_id": ["C1", "C2", "C1", "C2"],
            "submitted_at": pd.to_datetime(SUBMITTED),
            "disbursed_at": [ts("2023-04-01"), ts("2023-07-01"), ts("2025-07-01"), pd.NaT],
            "personalised": [True, False, None, None],
        }
    )
    fin = pd.DataFrame(
        {
            "client_id": ["C1", "C2", "C1"],
            "fiscal_year": [2022, 2022, 2024],
            "total_liabilities": [60.0, 20.0, 50.0],
            "total_assets": [100.0, 100.0, 100.0],
            "net_profit": [-50.0, 1000.0, 5.0],
            "interest_expense": [10.0, 1.0, 5.0],
        }
    )
    clients = pd.DataFrame(
        {
            "client_id": ["C1", "C2"],
            "industry": ["construction", "textiles"],
            "founded_on": [ts("2013-03-01"), ts("2020-06-01")],
        }
    )
    perf = pd.DataFrame(
        {
            "application_id": ["A1", "A1", "A2", "A2"],
            "month": [ts("2023-08-31"), ts("2023-09-30"), ts("2024-05-31"), ts("2024-09-30")],
            "classification": ["special_mention", "substandard", "normal", "doubtful"],
        }
    )
    return {"applications": apps, "financials": fin, "clients": clients, "loan_performance": perf}


def test_pd_frame_outcome_features_and_exclusions() -> None:
    data = pd_frame(**_tables(), as_of="2025-12-31")
    f = data.frame.set_index("application_id")
    assert list(f.index) == ["A1", "A2"]
    assert f.loc["A1", "npl_12m"] == 1 and f.loc["A2", "npl_12m"] == 0  # A2 turns NPL in month 14
    assert f.loc["A1", "leverage"] == pytest.approx(0.6)
    # cover (-50 + 10) / 10 = -4 is clipped up to 0.1; (1000 + 1) / 1 = 1001 down to 50
    assert f.loc["A1", "interest_cover_log"] == pytest.approx(np.log(COVER_CLIP[0]))
    assert f.loc["A2", "interest_cover_log"] == pytest.approx(np.log(COVER_CLIP[1]))
    assert f.loc["A1", "firm_age_years"] == pytest.approx(3652 / 365.25)
    assert f.loc["A1", "personalised"] == 1 and f.loc["A2", "personalised"] == 0
    counts = data.exclusions.set_index("reason")["cases"]
    assert counts["not_disbursed"] == 1 and counts["too_recent"] == 1
    assert counts["candidates"] == counts.drop("candidates").sum()
    shown = style_table(data.exclusions, lang="zh")
    assert chinese_table_leftovers(shown) == [] and "放款距数据截止日" in shown.to_html()
    english = style_table(data.exclusions).to_html()
    assert "Not disbursed" in english and "as_of" not in english  # no code left in the words


def test_pd_frame_excludes_loans_without_last_years_statement() -> None:
    tables = _tables()
    tables["financials"] = tables["financials"][tables["financials"]["client_id"] != "C2"]
    data = pd_frame(**tables, as_of="2025-12-31")
    assert list(data.frame["application_id"]) == ["A1"]
    assert data.exclusions.set_index("reason").loc["no_financials", "cases"] == 1


def test_pd_frame_names_a_missing_column() -> None:
    tables = _tables()
    tables["clients"] = tables["clients"].drop(columns="founded_on")
    with pytest.raises(InputError, match="founded_on"):
        pd_frame(**tables, as_of="2025-12-31")


# ---------------------------------------------------------------------------------------------
# Weight of evidence and information value
# ---------------------------------------------------------------------------------------------


def _two_groups() -> pd.DataFrame:
    """Group a: 100 loans, 10 defaults; group b: 100 loans, 30 defaults."""
    y = [1] * 10 + [0] * 90 + [1] * 30 + [0] * 70
    return pd.DataFrame({"g": ["a"] * 100 + ["b"] * 100, "y": y})


def test_woe_and_iv_of_two_groups_by_hand() -> None:
    woe = woe_table(_two_groups(), "g", "y").set_index("bin")
    # goods 90/160 and 70/160, bads 10/40 and 30/40
    assert woe.loc["a", "woe"] == pytest.approx(np.log((90 / 160) / (10 / 40)))
    assert woe.loc["b", "woe"] == pytest.approx(np.log((70 / 160) / (30 / 40)))
    expected_iv = (90 / 160 - 10 / 40) * np.log(2.25) + (70 / 160 - 30 / 40) * np.log(
        (70 / 160) / (30 / 40)
    )
    iv = iv_table(_two_groups(), ["g"], "y")
    assert iv.loc[0, "iv"] == pytest.approx(expected_iv)
    assert iv.loc[0, "strength"] == "strong"


def test_woe_of_a_useless_feature_is_zero() -> None:
    frame = pd.DataFrame({"g": ["a", "b"] * 50, "y": [1, 1, 0, 0] * 25})
    assert iv_table(frame, ["g"], "y").loc[0, "iv"] == pytest.approx(0.0)


def test_numeric_quantile_bins_and_missing_bin() -> None:
    x = np.arange(100, dtype=float)
    frame = pd.DataFrame({"x": np.append(x, [np.nan] * 10), "y": np.append(x >= 80, [1] * 10)})
    woe = woe_table(frame, "x", "y", bins=5)
    assert list(woe["n"]) == [20, 20, 20, 20, 20, 10]
    assert woe["bin"].iloc[-1] == "missing"
    assert list(woe["events"]) == [0, 0, 0, 0, 20, 10]


def test_monotone_merge_pools_bins_that_break_the_direction() -> None:
    # event rates by quintile 0.1, 0.3, 0.2, 0.4, 0.5: bins 2 and 3 break 'increasing'
    rates = [0.1, 0.3, 0.2, 0.4, 0.5]
    y = np.concatenate([[1] * int(r * 20) + [0] * (20 - int(r * 20)) for r in rates])
    frame = pd.DataFrame({"x": np.arange(100, dtype=float), "y": y})
    plain = woe_table(frame, "x", "y", bins=5)
    merged = woe_table(frame, "x", "y", bins=5, monotone="increasing")
    assert len(plain) == 5 and len(merged) == 4
    assert merged["event_rate"].is_monotonic_increasing
    assert merged.loc[1, "n"] == 40 and merged.loc[1, "event_rate"] == pytest.approx(0.25)
    assert merged["n"].sum() == 100


def test_woe_refuses_an_unknown_direction() -> None:
    with pytest.raises(InputError, match="monotone"):
        woe_table(_two_groups(), "g", "y", monotone="up")


# ---------------------------------------------------------------------------------------------
# Known truth at the default scale
# ---------------------------------------------------------------------------------------------


def test_population_and_outcome_match_the_truth(default_risk) -> None:
    """The truth states the population size and default rate it drew: the frame must match them
    exactly, which checks the population, outcome and window definitions together."""
    realised = default_risk.truth["default"]["realised"]
    frame = default_risk.data.frame
    assert len(frame) == realised["n"]
    assert frame["npl_12m"].mean() == pytest.approx(realised["npl_12m_rate"])
    assert frame[["leverage", "interest_cover_log", "firm_age_years"]].notna().all().all()
    assert frame["bureau_score"].notna().mean() > 0.95


def test_drivers_carry_information(default_risk) -> None:
    iv = iv_table(
        default_risk.data.frame,
        ["leverage", "interest_cover_log", "industry"],
        monotone={"leverage": "increasing", "interest_cover_log": "decreasing"},
    ).set_index("feature")
    assert (iv["iv"] > 0.1).all()
    lev = woe_table(default_risk.data.frame, "leverage", monotone="increasing")
    assert lev["event_rate"].is_monotonic_increasing


def test_the_screen_names_a_candidate_the_data_lacks() -> None:
    """A feature the params list but the loan book does not have is shown, not dropped."""
    frame = _two_groups()
    table = screen_table(frame, ["g", "bureau_score"], target="y")
    assert table["feature"].tolist() == ["g", "bureau_score"]
    assert table.loc[0, "iv"] == pytest.approx(iv_table(frame, ["g"], "y").loc[0, "iv"])
    assert table.loc[1, "strength"] == "not in the data" and np.isnan(table.loc[1, "iv"])
    assert screen_table(frame, ["g"], target="y").equals(iv_table(frame, ["g"], "y"))


def test_screen_and_woe_tables_read_in_chinese() -> None:
    frame = pd.DataFrame(
        {
            "leverage": np.linspace(0.1, 0.9, 200),
            "industry": ["real_estate", "software_it"] * 100,
            "y": [0, 0, 0, 1] * 50,
        }
    )
    for table in (
        iv_table(frame, ["leverage", "industry"], "y"),
        screen_table(frame, ["leverage", "industry", "bureau_score"], target="y"),  # one absent
        woe_table(frame, "leverage", target="y"),
    ):
        assert chinese_table_leftovers(style_table(table, lang="zh")) == [], table.columns
