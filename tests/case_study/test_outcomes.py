"""Outcome case rows and the errors of unusable input, on small hand-made tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from journey_utils.case_study.outcomes import CaseTables, outcome_cases
from journey_utils.params.intervention import CaseStudyError, intervention_spec
from journey_utils.params.run import RunParams


def _tables() -> CaseTables:
    starts = pd.date_range("2024-01-05", "2024-12-05", freq="MS") + pd.Timedelta(days=4)
    rows = []
    for i, start in enumerate(starts):
        for branch in ("BR001", "BR002"):
            submitted = start + pd.Timedelta(days=5) if i % 2 else pd.NaT
            rows.append({"application_id": f"A{i}{branch}", "client_id": f"C{i}",
                         "branch_id": branch, "started_at": start,
                         "submitted_at": submitted})  # fmt: skip
    apps = pd.DataFrame(rows)
    return CaseTables(apps, pd.DataFrame(), pd.DataFrame())


PARAMS = RunParams(run_name="t", data_dir="data/t", as_of=date(2025, 6, 30))
BASE = {"name": "t", "title": "T", "start": "2024-07-01", "treated": ["BR001"],
        "control": ["BR002"], "outcomes": ["completion"], "pre_periods": 3}  # fmt: skip


def test_completion_rows_are_flagged_by_unit_and_period():
    cases = outcome_cases(_tables(), intervention_spec(BASE), "completion", PARAMS)
    assert set(cases["value"]) == {0.0, 100.0}
    assert cases["rel_period"].min() == -3 and cases["rel_period"].max() == 5
    assert cases.loc[cases["unit"] == "BR001", "treated"].all()
    assert (cases["post"] == (cases["rel_period"] >= 0)).all()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"start": "2030-01-01"}, "outside the data"),
        ({"control": ["BR999"]}, "control unit 'BR999' matches no unit"),
        ({"start": "2024-03-15"}, "minimum 3"),
        ({"treated": ["BR404"]}, "treated unit 'BR404' matches no unit"),
    ],
)
def test_unusable_input_stops_with_one_line(change, words):
    with pytest.raises(CaseStudyError) as err:
        outcome_cases(_tables(), intervention_spec({**BASE, **change}), "completion", PARAMS)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_no_mature_case_after_the_start_stops():
    young = RunParams(run_name="t", data_dir="data/t", as_of=date(2024, 9, 1))
    with pytest.raises(CaseStudyError, match="mature"):
        outcome_cases(_tables(), intervention_spec(BASE), "completion", young)


@pytest.mark.parametrize("column", ["segment", "industry"])
def test_client_units_need_their_table(column: str) -> None:
    spec = intervention_spec({**BASE, "unit_column": column})
    with pytest.raises(CaseStudyError, match=f"table of client_id and {column}"):
        outcome_cases(_tables(), spec, "completion", PARAMS)


def test_every_outcome_params_may_name_is_defined_once() -> None:
    """The params' list of outcome names (leaf layer) and the registry agree, in order."""
    from journey_utils.case_study.outcomes import OUTCOMES
    from journey_utils.vocabulary import CASE_STUDY_OUTCOMES

    assert tuple(OUTCOMES) == CASE_STUDY_OUTCOMES


@pytest.mark.parametrize(
    ("role", "change"),
    [("treated", {"treated": ["BR001", "BR0O2"]}), ("control", {"control": ["BR009"]})],
)
def test_a_unit_that_matches_nothing_stops_with_the_valid_ones(role: str, change: dict) -> None:
    """A misspelt branch must not fall silently out of the treated group or the controls."""
    spec = intervention_spec({**BASE, **change})
    with pytest.raises(CaseStudyError) as err:
        outcome_cases(_tables(), spec, "completion", PARAMS)
    message = str(err.value)
    assert "\n" not in message and f"{role} unit" in message
    assert "matches no unit" in message and "valid: BR001, BR002" in message


def test_a_segment_named_differently_stops_with_the_saved_names() -> None:
    """Segments are matched by their saved names; a name the segmentation did not give stops."""
    tables = _tables()
    units = pd.DataFrame(
        {"client_id": [f"C{i}" for i in range(11)], "segment": [i % 2 for i in range(11)],
         "segment_name": ["Traders" if i % 2 == 0 else "Makers" for i in range(11)]}
    )  # fmt: skip
    spec = intervention_spec(
        {
            **BASE,
            "unit_column": "segment",
            "treated": ["Traders", "Young tech"],
            "control": ["Makers"],
        }
    )
    with pytest.raises(CaseStudyError, match=r"'Young tech' matches no unit .*Makers, Traders"):
        outcome_cases(tables, spec, "completion", PARAMS, units)


def test_segments_may_be_named_by_the_saved_models_stable_numbers() -> None:
    """A segment number from the saved segment model is a key that survives renaming: the
    same cases are treated whether params give the number or the name."""
    apps = _tables().applications
    apps = apps.assign(client_id=apps["client_id"] + apps["branch_id"])  # two clients a month
    tables = CaseTables(apps, pd.DataFrame(), pd.DataFrame())
    clients = apps["client_id"].drop_duplicates()
    traders = clients.str.endswith("BR001")
    units = pd.DataFrame(
        {"client_id": clients, "segment": traders.map({True: 1, False: 2}),
         "segment_name": traders.map({True: "Traders", False: "Makers"})}
    )  # fmt: skip
    by_name = {"unit_column": "segment", "treated": ["Traders"], "control": ["Makers"]}
    by_number = {"unit_column": "segment", "treated": [1], "control": [2]}
    named = outcome_cases(tables, intervention_spec({**BASE, **by_name}), "completion",
                          PARAMS, units)  # fmt: skip
    numbered = outcome_cases(tables, intervention_spec({**BASE, **by_number}), "completion",
                             PARAMS, units)  # fmt: skip
    pd.testing.assert_frame_equal(named, numbered)
    assert named["treated"].any() and (~named["treated"]).any()


def test_stored_tables_are_read_only_when_an_outcome_needs_them(monkeypatch) -> None:
    """A study of application outcomes reads the applications, never the 18 M loan months of a
    bank-size portfolio; each table is read once."""
    import journey_utils.case_study.outcomes as outcomes

    read: list[str] = []
    apps = _tables().applications

    def fake_load(params: RunParams, name: str) -> pd.DataFrame:
        read.append(name)
        return apps if name == "applications" else pd.DataFrame()

    monkeypatch.setattr(outcomes, "load_processed", fake_load)
    tables = outcomes.load_case_tables(PARAMS)
    assert read == []
    spec = intervention_spec(BASE)
    first = outcome_cases(tables, spec, "completion", PARAMS)
    again = outcome_cases(tables, spec, "completion", PARAMS)
    assert read == ["applications"]
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(first, outcome_cases(_tables(), spec, "completion", PARAMS))
