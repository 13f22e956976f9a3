"""Event-log mapping mistakes are loud: each names what is wrong in one line, before any kernel
starts, or is named in the report; CSV dialects and dates are read as params say, never guessed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.event_log import EventLogSpec, read_event_log
from journey_utils.integration.pipeline import check_ready_to_run
from journey_utils.journey.readings import _imported_reading
from journey_utils.params.run import RunParams

AS_OF = date(2024, 3, 31)
HEADER = "case,activity,lifecycle,resource,timestamp"
ROWS = [
    "c1,submit,complete,ann,2024-01-01 10:00:00",
    "c1,check,complete,bob,2024-01-02 10:00:00",
    "c1,pay out,complete,nan,2024-01-05 10:00:00",
    "c2,submit,complete,ann,2024-02-01 10:00:00",
    "c2,teleport,complete,ann,2024-02-02 10:00:00",
    "c2,teleport,complete,bob,2024-02-03 10:00:00",
    "c2,reject,complete,bob,2024-02-04 10:00:00",
]
COLUMNS = {
    "case": "case",
    "activity": "activity",
    "timestamp": "timestamp",
    "lifecycle": "lifecycle",
    "resource": "resource",
}
MAPPING = {
    "stages": {"application": ["submit"], "due_diligence": ["check"]},
    "outcomes": {"disbursed": ["pay out"], "declined": ["reject"]},
}


def _log(tmp_path: Path, rows: list[str] = ROWS, header: str = HEADER, sep: str = ",") -> Path:
    path = tmp_path / "log.csv"
    lines = [header, *rows]
    path.write_text("\n".join(line.replace(",", sep) for line in lines) + "\n", encoding="utf-8")
    return path


def _read(path: Path, **spec: object):
    values = {"path": str(path), "columns": COLUMNS, **MAPPING, **spec}
    return read_event_log(
        EventLogSpec.model_validate(values),
        AS_OF,
        60,
        lambda s, p: s.map(lambda v: None if pd.isna(v) else f"{p}-{v}"),
        path=path,
    )


def test_unknown_activities_are_named_with_their_counts(tmp_path: Path) -> None:
    imported = _read(_log(tmp_path))
    assert imported.quality.unknown_activities == {"teleport": 2}
    text = _imported_reading(imported, "2 cases", "", len(imported.log), "en")
    assert "teleport (2 events)" in text and "`ignore`" in text


def test_a_mapping_that_matches_nothing_names_the_logs_activities(tmp_path: Path) -> None:
    path = _log(tmp_path)
    with pytest.raises(InputError) as err:
        _read(path, stages={"application": ["Antrag"]}, outcomes={})
    message = str(err.value)
    assert "\n" not in message and str(path) in message
    assert "no event of the log maps to a stage" in message
    assert "'submit' (2)" in message and "'teleport' (2)" in message


@pytest.mark.parametrize("key", ["lifecycle", "resource"])
def test_a_misnamed_column_stops_in_one_line(tmp_path: Path, key: str) -> None:
    with pytest.raises(InputError) as err:
        _read(_log(tmp_path), columns={**COLUMNS, key: f"{key}_typo"})
    assert f"'{key}_typo' named in event_log.columns.{key} not found" in str(err.value)


def test_a_lifecycle_column_under_another_name_is_not_ignored_silently(tmp_path: Path) -> None:
    columns = {k: v for k, v in COLUMNS.items() if k != "lifecycle"}  # default XES name
    with pytest.raises(InputError, match=r"the log has 'lifecycle': set event_log\.columns"):
        _read(_log(tmp_path), columns=columns)
    imported = _read(_log(tmp_path), columns={**columns, "lifecycle": None})  # stated: none
    assert imported.counts.events_in == len(ROWS)


def test_nan_resource_is_missing_not_a_staff_member(tmp_path: Path) -> None:
    imported = _read(_log(tmp_path))
    resources = set(imported.log["resource"].dropna())
    assert resources == {"S-ann", "S-bob"}  # no "S-nan"


def test_semicolon_log_with_day_first_dates(tmp_path: Path) -> None:
    rows = [
        "c1;submit;complete;ann;01/02/2024 10:00",
        "c1;check;complete;bob;13/02/2024 10:00",
        "c1;pay out;complete;bob;14/02/2024 10:00",
    ]
    path = _log(tmp_path, rows, sep=";")
    with pytest.raises(InputError, match="set delimiter: ';' in params"):  # one column
        _read(path)
    guessed = _read(path, delimiter=";")  # 01/02 cannot be told without date_format
    assert guessed.quality_frame().set_index("rule").loc["unparseable timestamp", "events"] == 1
    detail = guessed.quarantine["detail"].tolist()
    assert detail == ["day/month order cannot be told (set date_format for this source)"]
    stated = _read(path, delimiter=";", date_format="DD/MM/YYYY")
    entered = stated.log[stated.log["status"].eq("entered")].set_index("stage")["ts"]
    assert entered["application"] == pd.Timestamp("2024-02-01 10:00")


def test_malformed_csv_row_is_quarantined_by_number(tmp_path: Path) -> None:
    rows = [*ROWS[:2], "c1,check,complete,bob,2024-01-03 10:00:00,surplus", *ROWS[2:]]
    imported = _read(_log(tmp_path, rows))
    q = imported.quarantine.set_index("_row")
    assert q.loc[3, "reason"] == "malformed row"
    assert q.loc[3, "detail"] == "malformed: 6 fields where 5 were expected"
    assert imported.counts.reconciles()


def _run_params(tmp_path: Path, log: Path) -> tuple[RunParams, Path]:
    """A real-data run of the journey report on `log`, and a notebooks folder holding it."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir(exist_ok=True)
    (notebooks / "03_journey_funnel.ipynb").write_text("{}", encoding="utf-8")
    params = RunParams(
        run_name="ev",
        data_dir="data/ev",
        synthetic=False,
        as_of=AS_OF,
        notebooks=("03_journey_funnel",),
        event_log={"path": str(log), "columns": COLUMNS, **MAPPING},
    )
    return params, notebooks


def test_preflight_prints_unknown_activities_before_any_kernel(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    params, notebooks = _run_params(tmp_path, _log(tmp_path))
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "a-test-key-of-sufficient-length")
    assert check_ready_to_run(params, notebooks) == [
        "event log: 2 events of 1 activities the mapping does not name were quarantined: "
        "'teleport' (2 events)"
    ]


def test_a_log_without_outcomes_says_so_and_skipped_stages_are_counts(tmp_path: Path) -> None:
    from journey_utils.journey.funnel import funnel_table
    from journey_utils.journey.readings import funnel_reading

    rows = [  # c2 and c3 skip due diligence: approval is reached by more cases than it
        "c1,submit,complete,ann,2024-01-01 10:00:00",
        "c1,check,complete,bob,2024-01-02 10:00:00",
        "c1,approve,complete,bob,2024-01-03 10:00:00",
        "c2,submit,complete,ann,2024-02-01 10:00:00",
        "c2,approve,complete,bob,2024-02-02 10:00:00",
        "c3,submit,complete,ann,2024-02-01 10:00:00",
        "c3,approve,complete,bob,2024-02-02 10:00:00",
    ]
    stages = {"application": ["submit"], "due_diligence": ["check"], "approval": ["approve"]}
    imported = _read(_log(tmp_path, rows), stages=stages, outcomes={})
    outcomes = imported.log.groupby("application_id")["outcome"].first().to_dict()
    assert outcomes == {"c1": "ended", "c2": "in_progress", "c3": "in_progress"}  # not abandoned
    from journey_utils.journey.dropoff import dropoff_table
    from journey_utils.journey.flow import flow_table

    assert "ended" in set(dropoff_table(imported.log)["outcome"])
    assert "ended" in set(flow_table(imported.log)["to"])
    funnel = funnel_table(imported.log, min_cell_size=1).set_index("stage")
    assert funnel.loc["approval", "cases"] == 3 and funnel.loc["due_diligence", "cases"] == 1
    assert pd.isna(funnel.loc["approval", "step_conversion"])  # never 300%
    assert (funnel["step_conversion"].dropna() <= 1).all()
    text = funnel_reading(funnel.reset_index(), "en", outcomes_known=False)
    assert "names no outcome" in text and "more cases reach approval than the stage before" in text
    assert "0.0%" not in text  # the unmapped outcome step is not read as the narrowest, 0%
    assert "narrowest step is from application to due diligence: 33.3%" in text


def test_preflight_stops_on_other_column_names_before_any_kernel(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _log(tmp_path, header="CaseID,Task,lifecycle,resource,When")
    params, notebooks = _run_params(tmp_path, log)
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "a-test-key-of-sufficient-length")
    with pytest.raises(InputError) as err:
        check_ready_to_run(params, notebooks)
    assert "missing column(s) case, activity, timestamp" in str(err.value)
    assert "(columns: CaseID, Task, lifecycle, resource, When)" in str(err.value)
    assert not (project / "reports").exists()  # no report was started
