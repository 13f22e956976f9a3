"""Event-log import: mapping to stages and outcomes, bad input counted, files, and the real
BPI Challenge 2012 log checked against its published figures."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.errors import ParamsError
from journey_utils.integration.event_log import (
    EventLogSpec,
    event_log_is_current,
    import_event_log,
    load_event_log_report,
    read_event_log,
)
from journey_utils.params.run import load_params, validate_params

REPO = Path(__file__).resolve().parents[2]
BPI_DIR = REPO.parent / "shared" / "data" / "bpic2012"
KEY = "test-key-for-pseudonyms-0123456789"


def fake_pseudonymise(series: pd.Series, prefix: str) -> pd.Series:
    return series.map(lambda v: None if pd.isna(v) else f"{prefix}-{v}")


SPEC = {
    "path": "log.csv",
    "columns": {"client": "client"},
    "case_attributes": {"case:amount": "requested_amount"},
    "work_items_at_start": True,
    "stages": {
        "application": ["submit", "W_complete"],
        "due_diligence": ["check"],
        "approval": ["approve"],
        "contract_disbursement": ["activate"],
    },
    "outcomes": {"disbursed": ["activate"], "declined": ["decline"], "withdrawn": ["cancel"]},
    "ignore": ["note"],
}

HEADER = (
    "case:concept:name,client,case:amount,concept:name,lifecycle:transition,org:resource,"
    "time:timestamp"
)
CSV_ROWS = [
    # c1: disbursed; W_complete counted at its START only; approve/activate in one instant
    "c1,k1,1000,submit,COMPLETE,7,2024-01-01T10:00:00+01:00",
    "c1,k1,1000,W_complete,SCHEDULE,7,2024-01-01T10:00:01+01:00",
    "c1,k1,1000,W_complete,START,8,2024-01-01T11:00:00+01:00",
    "c1,k1,1000,check,COMPLETE,8,2024-01-02T10:00:00+01:00",
    "c1,k1,1000,W_complete,COMPLETE,8,2024-01-02T10:05:00+01:00",
    "c1,k1,1000,activate,COMPLETE,9,2024-01-05T10:00:00.100+01:00",
    "c1,k1,1000,approve,COMPLETE,9,2024-01-05T10:00:00.200+01:00",
    "c1,k1,1000,note,COMPLETE,9,2024-01-06T10:00:00+01:00",
    # c2: declined, with rework (application again after due diligence), a duplicate, an unknown
    "c2,k2,500,submit,COMPLETE,7,2024-02-01T10:00:00+01:00",
    "c2,k2,500,check,COMPLETE,7,2024-02-02T10:00:00+01:00",
    "c2,k2,500,check,COMPLETE,7,2024-02-02T10:00:00+01:00",
    "c2,k2,500,W_complete,START,7,2024-02-03T10:00:00+01:00",
    "c2,k2,500,teleport,COMPLETE,7,2024-02-03T11:00:00+01:00",
    "c2,k2,500,decline,COMPLETE,7,2024-02-04T10:00:00+01:00",
    # c3: one event, long ago, no start activity: abandoned; then bad rows
    "c3,k3,,check,COMPLETE,7,2023-01-01T10:00:00",
    ",k4,1,submit,COMPLETE,7,2024-01-01T10:00:00",
    "c5,k5,1,submit,COMPLETE,7,yesterday-ish",
    "c6,k6,1,submit,COMPLETE,7,2024-12-31T10:00:00",
    # c7: recent, no outcome: in progress
    "c7,k7,1,submit,COMPLETE,7,2024-03-20T10:00:00+01:00",
]
AS_OF = date(2024, 3, 31)


def _csv(tmp_path: Path, rows: list[str] = CSV_ROWS) -> Path:
    path = tmp_path / "log.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _xes_from_csv(csv: Path, path: Path) -> Path:
    """The same events as an XES file (case attributes on the trace)."""
    frame = pd.read_csv(csv, dtype="str", keep_default_na=False)
    parts = ['<?xml version="1.0"?>', '<log xmlns="http://www.xes-standard.org/">']
    for case, events in frame.groupby("case:concept:name", sort=False):
        parts.append("<trace>")
        parts.append(f'<string key="concept:name" value="{case}"/>')
        parts.append(f'<string key="amount" value="{events["case:amount"].iloc[0]}"/>')
        for _, e in events.iterrows():
            parts.append("<event>")
            for key in ("client", "concept:name", "lifecycle:transition", "org:resource"):
                parts.append(f'<string key="{key}" value="{e[key]}"/>')
            parts.append(f'<date key="time:timestamp" value="{e["time:timestamp"]}"/>')
            parts.append("</event>")
        parts.append("</trace>")
    parts.append("</log>")
    path.write_bytes(gzip.compress("\n".join(parts).encode()))
    return path


def _read(tmp_path: Path, path: Path | None = None, **spec: object):
    values = {**SPEC, **spec}
    return read_event_log(
        EventLogSpec.model_validate(values),
        AS_OF,
        60,
        fake_pseudonymise,
        path=path or _csv(tmp_path),
    )


def test_counts_reconcile_and_each_rule_counted(tmp_path: Path) -> None:
    result = _read(tmp_path)
    c = result.counts
    assert c.reconciles()
    assert (c.events_in, c.events_quarantined, c.events_accepted) == (19, 5, 14)
    assert (c.events_ignored, c.events_outcome_only) == (1, 1)  # note; decline
    assert c.events_lifecycle_set_aside == 2  # W_complete SCHEDULE and COMPLETE of c1
    assert (c.cases_in, c.cases_out, c.cases_quarantined) == (6, 4, 2)
    rules = result.quality_frame().set_index("rule")
    for rule, events in {
        "missing case id": 1,
        "unparseable timestamp": 1,
        "unknown activity": 1,
        "duplicate event": 1,
        "timestamp after as_of": 1,
        "case with a single event": 2,  # c3, c7
    }.items():
        assert rules.loc[rule, "events"] == events, rule
    assert rules.loc["case with no start", "cases"] == 1  # c3 starts in due_diligence
    assert result.unknown_activity_table().to_dict("records") == [
        {"activity": "teleport", "events": 1}
    ]
    assert sorted(result.quarantine["_row"]) == [11, 13, 16, 17, 18]
    assert not {"case", "client", "resource"} & set(result.quarantine.columns)


def test_stage_visits_outcomes_and_attributes(tmp_path: Path) -> None:
    log = _read(tmp_path).log
    seq = log.groupby("application_id").apply(
        lambda g: " ".join(f"{s}:{t[0]}" for s, t in zip(g["stage"], g["status"], strict=True))
    )
    assert seq["c1"] == (
        "application:e application:c due_diligence:e due_diligence:c "
        "approval:e approval:c contract_disbursement:e contract_disbursement:c"
    )
    # c2 declined: rework (application re-entered), its last visit not completed
    assert seq["c2"] == (
        "application:e application:c due_diligence:e due_diligence:c application:e"
    )
    outcome = log.groupby("application_id")["outcome"].first().to_dict()
    assert outcome == {"c1": "disbursed", "c2": "declined", "c3": "abandoned", "c7": "in_progress"}
    c1 = log[log["application_id"] == "c1"]
    assert c1["ts"].iloc[0] == pd.Timestamp("2024-01-01 09:00")  # UTC by default
    assert c1["ts"].iloc[1] == pd.Timestamp("2024-01-01 10:00")  # W_complete START closes it
    assert c1["client_id"].iloc[0] == "C-k1" and c1["resource"].iloc[0] == "S-7"
    assert log.loc[log["application_id"] == "c1", "requested_amount"].iloc[0] == 1000
    assert log["ts"].groupby(log["application_id"]).is_monotonic_increasing.all()


def test_without_start_rule_w_complete_makes_rework(tmp_path: Path) -> None:
    result = _read(tmp_path, work_items_at_start=False)
    assert result.counts.rework_cases == 2  # c1 now returns to application after check
    assert _read(tmp_path).counts.rework_cases == 1


def test_csv_and_xes_give_the_same_log(tmp_path: Path) -> None:
    xes = _xes_from_csv(_csv(tmp_path), tmp_path / "log.xes.gz")
    from_csv = _read(tmp_path).log
    from_xes = _read(tmp_path, xes, case_attributes={"case:amount": "requested_amount"}).log
    pd.testing.assert_frame_equal(from_csv, from_xes)


def test_mapped_activities_absent_from_the_log_are_listed(tmp_path: Path) -> None:
    stages = {**SPEC["stages"], "approval": ["approve", "aprove_typo"]}
    result = _read(tmp_path, stages=stages)
    assert result.unused_activities == ("aprove_typo", "cancel")


def test_activity_without_mapping_is_quarantined_with_counts(tmp_path: Path) -> None:
    result = _read(tmp_path, ignore=[])
    assert result.quality.unknown_activities == {"note": 1, "teleport": 1}
    assert result.counts.reconciles()


@pytest.mark.parametrize(
    ("event_log", "message"),
    [
        ({"path": "x.csv", "stages": {"onboarding": ["a"]}}, "unknown stage 'onboarding'"),
        ({"path": "x.csv", "stages": {"application": ["a"], "approval": ["a"]}}, "two stages"),
        ({"path": "x.csv", "stages": {"application": ["a"]}, "outcomes": {"won": ["a"]}}, "won"),
        ({"path": "x.csv", "stages": {"application": ["a"]}, "ignore": ["a"]}, "both mapped"),
        ({"path": "x.csv", "stages": {}, "colour": 1}, r"unknown key 'event_log.colour'.*stages"),
        (
            {"path": "x.csv", "stages": {}, "columns": {"kase": "c"}},
            r"unknown key 'event_log.columns.kase' \(valid keys: case, activity",
        ),
        ({"path": "x.csv", "stages": {}, "timezone": "Mars/Olympus"}, "unknown timezone"),
    ],
)
def test_mapping_errors_are_one_line(event_log: dict, message: str) -> None:
    base = {"run_name": "t", "data_dir": "data/t", "event_log": event_log}
    with pytest.raises(ParamsError, match=message) as err:
        validate_params(base)
    assert "\n" not in str(err.value) and "Value error" not in str(err.value)


def test_import_writes_files_and_knows_when_current(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", KEY)
    _csv(project)
    values = {"run_name": "t", "data_dir": "data/t", "synthetic": False, "event_log": SPEC}
    values |= {"start_date": "2023-01-01", "as_of": AS_OF.isoformat()}
    params = validate_params(values)
    assert not event_log_is_current(params)
    result = import_event_log(params)
    assert event_log_is_current(params)
    loaded = load_event_log_report(params)
    pd.testing.assert_frame_equal(loaded.log, result.log)
    assert loaded.counts == result.counts
    pd.testing.assert_frame_equal(loaded.quality_frame(), result.quality_frame())
    assert not any(p.name.endswith(".tmp") for p in params.processed_dir.rglob("*"))
    assert not result.log["client_id"].str.contains("k1").any()
    _csv(project, CSV_ROWS[:-1])
    assert not event_log_is_current(params)


# The real log --------------------------------------------------------------------------------

needs_bpi = pytest.mark.skipif(
    not (REPO.parent / "shared" / "data").is_dir(),
    reason="BPI Challenge 2012 log not available (../shared/data is absent)",
)


@pytest.fixture(scope="module")
def bpi() -> object:
    mp = pytest.MonkeyPatch()
    mp.setenv("JOURNEY_PSEUDO_KEY", KEY)
    try:
        from journey_utils.integration.privacy import pseudonymiser

        params = load_params(REPO / "params" / "bpi2012.yaml")
        pseudo = pseudonymiser(params).pseudonymise
        spec = params.event_log
        assert spec is not None
        xes = read_event_log(
            spec,
            params.as_of,
            params.abandon_after_days,
            pseudo,
            path=BPI_DIR / Path(spec.path).name,
        )
        csv = read_event_log(
            spec,
            params.as_of,
            params.abandon_after_days,
            pseudo,
            path=BPI_DIR / "bpic2012_events.csv.gz",
        )
    finally:
        mp.undo()
    return xes, csv


@needs_bpi
def test_bpi_matches_published_figures(bpi) -> None:
    xes, _ = bpi
    c = xes.counts
    assert (c.events_in, c.cases_in, c.cases_out, c.events_quarantined) == (
        262_200,
        13_087,
        13_087,
        0,
    )
    assert c.reconciles()
    outcome = xes.log.groupby("application_id")["outcome"].first().value_counts()
    assert outcome["disbursed"] == 2_246  # = cases with A_APPROVED
    assert outcome["declined"] == 7_635
    assert outcome["withdrawn"] == 2_807
    assert outcome["in_progress"] + outcome.get("abandoned", 0) == 399
    assert xes.log["ts"].min().date() == date(2011, 10, 1)
    assert xes.log["ts"].max().date() == date(2012, 3, 14)
    assert c.rework_share < 0.02
    assert xes.quality_frame().set_index("rule").loc["ignored activity", "events"] == 12


@needs_bpi
def test_bpi_csv_and_xes_give_the_same_log(bpi) -> None:
    xes, csv = bpi
    pd.testing.assert_frame_equal(xes.log, csv.log)
    assert xes.counts == csv.counts
