"""Hostile exports: each fault of a real core-banking or CRM export, alone in one source of the
small portfolio, is read or quarantined with its reason, or stops with one line naming file, row and
column — never a traceback, never a silent misreading, never a raw identifier in an output.

The CSV faults are hand-made files in `tests/hostile/` (see its README); faults that need exact
bytes (NUL, a 200,000-character field) or Parquet types are built by fixtures here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.processed import (
    IntegrationResult,
    integrate,
    load_processed,
    load_quarantine,
)
from journey_utils.params.run import RunParams
from small_portfolio import CLEAN, PHONES, USCC, small_params, write_portfolio

HOSTILE = Path(__file__).parent / "hostile"


def _run(
    project: Path, name: str, path: Path, **source: object
) -> tuple[RunParams, IntegrationResult]:
    """Integrate the small clean portfolio with source `name` read from `path`."""
    params = small_params(project / "data" / "h", sources={name: {"path": str(path), **source}})
    write_portfolio(params.raw_dir)
    return params, integrate(params)


def _stops(project: Path, name: str, path: Path, **source: object) -> InputError:
    with pytest.raises(InputError) as err:
        _run(project, name, path, **source)
    assert "\n" not in str(err.value) and str(path) in str(err.value)  # one line, names the file
    return err.value


def _reasons(params: RunParams, name: str) -> dict[int, str]:
    q = load_quarantine(params, name)
    return dict(zip(q["_row"].astype(int), q["_reason"], strict=True))


def _accounted(params: RunParams, result: IntegrationResult, name: str) -> pd.DataFrame:
    """The accepted rows, once every row read is either accepted or quarantined, exactly once."""
    report = result.sources[name]
    accepted = load_processed(params, name)
    quarantined = load_quarantine(params, name)
    assert (
        report.rows_in == len(accepted) + len(quarantined) == report.accepted + report.quarantined
    )
    rows = sorted([*accepted["_row"].astype(int), *quarantined["_row"].astype(int)])
    assert rows == list(range(1, report.rows_in + 1))
    return accepted


# Must never crash ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "scale"), [("seconds", 1), ("milliseconds", 10**3), ("nanoseconds", 10**9)]
)
def test_integer_timestamps_in_parquet_are_read_in_their_unit(
    project: Path, tmp_path: Path, unit: str, scale: int
) -> None:
    events = CLEAN["digital_events"]()
    utc = events["ts"].dt.tz_localize("Asia/Shanghai").dt.tz_convert("UTC")
    seconds = (utc - pd.Timestamp("1970-01-01", tz="UTC")).dt.total_seconds().astype("int64")
    events["ts"] = seconds * scale
    path = tmp_path / "digital_events.parquet"
    pq.write_table(pa.Table.from_pandas(events, preserve_index=False), path)
    params, result = _run(project, "digital_events", path)
    accepted = _accounted(params, result, "digital_events")
    assert accepted["ts"].tolist() == CLEAN["digital_events"]()["ts"].tolist()
    assert result.sources["digital_events"].notes == [
        {"column": "ts", "note": "epoch_unit", "detail": unit}
    ]


def test_integer_timestamps_of_unclear_unit_stop_naming_file_and_column(
    project: Path, tmp_path: Path
) -> None:
    events = CLEAN["digital_events"]()
    seconds = (events["ts"] - pd.Timestamp("1970-01-01")).dt.total_seconds().astype("int64")
    events["ts"] = np.where(np.arange(len(events)) % 2 == 0, seconds, seconds * 1000)
    path = tmp_path / "digital_events.parquet"
    pq.write_table(pa.Table.from_pandas(events, preserve_index=False), path)
    err = _stops(project, "digital_events", path)
    assert err.column == "ts" and "unit cannot be told" in str(err)


def test_zone_spellings_next_to_naive_and_offset_values(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_zone_spellings.csv")
    accepted = _accounted(params, result, "surveys").set_index("response_id")
    beijing = pd.Timestamp
    assert accepted.loc["R1", "ts"] == beijing("2024-02-02 10:00")  # naive: Beijing as written
    assert accepted.loc["R2", "ts"] == beijing("2024-06-01 10:00")  # 02:00 UTC
    assert accepted.loc["R3", "ts"] == beijing("2025-06-05 10:00")  # 02:00 GMT
    assert accepted.loc["R4", "ts"] == beijing("2025-06-05 10:00")  # +08:00
    assert accepted.loc["R5", "ts"] == beijing("2025-06-05 11:00")  # London, summer time
    assert accepted.loc["R6", "ts"] == beijing("2025-06-05 10:00")  # Z
    assert _reasons(params, "surveys") == {
        7: "ts: time zone abbreviation is ambiguous (write an offset such as +08:00)"
    }


def test_long_field_then_undecodable_byte_names_the_byte_row(project: Path, tmp_path: Path) -> None:
    header = "interaction_id,client_id,ts,kind,staff_id,duration_min,notes"
    long_note = "长" * 200_000  # over csv's 131,072-character field limit
    rows = [
        f'I1,C1,2025-05-01 10:00:00,rm_meeting,RM007,60,"{long_note}"',
        "I2,C2,2025-07-01 15:30:00,site_visit,RM008,120,ok",
    ]
    path = tmp_path / "interactions.csv"
    body = ("\n".join([header, *rows]) + "\n").encode("utf-8")
    path.write_bytes(body + b"I3,C1,2023-01-01 09:00:00,phone_call,RM007,15,\xff\xfe\n")
    err = _stops(project, "interactions", path)
    assert err.row == 3 and "cannot decode" in str(err)


def test_long_field_alone_is_read(project: Path, tmp_path: Path) -> None:
    header = "interaction_id,client_id,ts,kind,staff_id,duration_min,notes"
    path = tmp_path / "interactions.csv"
    path.write_text(
        f'{header}\nI1,C1,2025-05-01 10:00:00,rm_meeting,RM007,60,"{"x" * 200_000}"\n'
        "I2,C2,2025-07-01 15:30:00,site_visit,RM008,120,ok\n",
        encoding="utf-8",
    )
    params, result = _run(project, "interactions", path)
    assert _accounted(params, result, "interactions")["interaction_id"].tolist() == ["I1", "I2"]


def test_long_identifier_is_quarantined_not_a_crash(project: Path, tmp_path: Path) -> None:
    header = "response_id,client_id,application_id,stage,ts,csat,nps"
    path = tmp_path / "surveys.csv"
    path.write_text(
        f"{header}\nR1,C1,A1,approval,2024-02-02 10:00:00,4,8\n"
        f"{'R' * 150_000},C1,,,2024-06-01 10:00:00,2,3\n",
        encoding="utf-8",
    )
    params, result = _run(project, "surveys", path)
    _accounted(params, result, "surveys")
    assert _reasons(params, "surveys") == {2: "response_id: longer than 64 characters"}


# Must not stop the whole run for one cell ---------------------------------------------------


def test_out_of_range_dates_quarantine_their_rows(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_out_of_range_dates.csv")
    _accounted(params, result, "surveys")
    assert _reasons(params, "surveys") == {
        2: "ts: after as_of 2025-12-31",
        3: "ts: before start_date 2022-01-01",
    }


def test_unclosed_quote_quarantines_its_row_and_the_rest_is_read(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_unclosed_quote.csv")
    accepted = _accounted(params, result, "surveys")
    assert _reasons(params, "surveys") == {2: "a quoted value is never closed on its line"}
    assert accepted["response_id"].tolist() == ["R1", "R3", "R4"]


def test_unquoted_delimiter_quarantines_its_row(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_shifted_columns.csv")
    accepted = _accounted(params, result, "surveys")
    assert _reasons(params, "surveys") == {4: "malformed: 8 fields where 7 were expected"}
    assert accepted["response_id"].tolist() == ["R1", "R2", "R3", "R5"]


def test_mostly_unreadable_file_stops_in_one_line(project: Path) -> None:
    err = _stops(project, "surveys", HOSTILE / "surveys_mostly_unreadable.csv")
    assert err.row == 1 and "3 of 4 rows malformed" in str(err) and "delimiter" in str(err)


# Must not be read silently and wrongly ------------------------------------------------------


def test_byte_order_mark_mid_file_never_reaches_a_key(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_concatenated_with_bom.csv")
    accepted = _accounted(params, result, "surveys")
    assert accepted["response_id"].tolist() == ["R1", "R2", "R3", "R4"]
    assert _reasons(params, "surveys") == {
        3: "malformed: a repeated header line (files joined together?)"
    }
    assert result.sources["surveys"].notes == [
        {"column": "response_id", "note": "invisible_removed", "detail": 1}
    ]


def test_day_month_order_is_never_guessed(project: Path) -> None:
    params, result = _run(project, "surveys", HOSTILE / "surveys_day_month.csv")
    accepted = _accounted(params, result, "surveys").set_index("response_id")
    assert _reasons(params, "surveys") == {
        1: "ts: day/month order cannot be told (set date_format for this source)"
    }
    assert accepted.loc["R2", "ts"] == pd.Timestamp("2024-02-13")  # 13/02: only one reading
    assert accepted.loc["R3", "ts"] == pd.Timestamp("2024-02-13 09:30")  # 02/13 likewise
    assert accepted.loc["R4", "ts"] == pd.Timestamp("2024-05-05")  # either order, same day


def test_stated_date_format_reads_the_ambiguous_dates(project: Path) -> None:
    path = HOSTILE / "surveys_day_month.csv"
    params, result = _run(project, "surveys", path, date_format="DD/MM/YYYY")
    accepted = _accounted(params, result, "surveys").set_index("response_id")
    assert accepted.loc["R1", "ts"] == pd.Timestamp("2024-03-05 10:00")
    assert _reasons(params, "surveys") == {3: "ts: not a date"}  # 02/13 is not day-first


@pytest.mark.parametrize(
    ("name", "file", "expected"),
    [
        (
            "surveys",
            "surveys_implausible_dates.csv",
            {2: "ts: before start_date 2022-01-01", 3: "ts: before start_date 2022-01-01"},
        ),
        (
            "financials",
            "financials_infinite.csv",
            {
                2: "revenue: not a finite number",
                3: "net_profit: not a finite number",
                4: "total_assets: not a finite number",
            },
        ),
        (
            "surveys",
            "surveys_unknown_application.csv",
            {2: "orphan: application_id not in applications"},
        ),
        (
            "surveys",
            "surveys_application_of_another_client.csv",
            {2: "application_id: belongs to another client"},
        ),
        (
            "surveys",
            "surveys_truncated.csv",
            {3: "truncated: the file ends inside this row (5 of 7 fields)"},
        ),
    ],
)
def test_implausible_values_are_quarantined_with_their_reason(
    project: Path, name: str, file: str, expected: dict[int, str]
) -> None:
    params, result = _run(project, name, HOSTILE / file)
    _accounted(params, result, name)
    assert _reasons(params, name) == expected


def test_founding_date_floor(project: Path, tmp_path: Path) -> None:
    clients = CLEAN["clients"]().assign(founded_on=["1900-01-01", "2015-06-30", "1998-01-15", "0"])
    path = tmp_path / "clients.csv"
    clients.to_csv(path, index=False, encoding="utf-8")
    params, result = _run(project, "clients", path)
    _accounted(params, result, "clients")
    reasons = _reasons(params, "clients")
    assert reasons[1] == "founded_on: before 1949-01-01"
    assert reasons[4] == "founded_on: not a date"


def test_control_characters_in_keys_and_codes(project: Path, tmp_path: Path) -> None:
    header = "interaction_id,client_id,ts,kind,staff_id,duration_min,notes"
    body = (
        f"{header}\n"
        "I1,C1\x00\x00,2025-05-01 10:00:00,rm_meeting,RM007,60,\n"  # NUL padding
        "I2,C\u200b2,2025-07-01 15:30:00,site\u200b_visit,RM\ufeff008,120,\n"  # zero-width, BOM
        "I3,C1\x01,2023-01-01 09:00:00,phone_call,RM007,15,\n"  # a control character inside
        "I4,C1,2023-01-02 09:00:00,phone_call,<script>,15,\n"  # markup is no identifier
    )
    path = tmp_path / "interactions.csv"
    path.write_bytes(body.encode("utf-8"))
    params, result = _run(project, "interactions", path)
    accepted = _accounted(params, result, "interactions")
    pseudo = pseudonymiser(params)
    assert (
        accepted["client_id"].tolist() == pseudo.pseudonymise(pd.Series(["C1", "C2"]), "C").tolist()
    )  # the same clients as the clean keys: never a new id
    assert accepted["kind"].tolist() == ["rm_meeting", "site_visit"]
    assert _reasons(params, "interactions") == {
        3: "client_id: holds a control character (a line break, tab or other)",
        4: "staff_id: characters not allowed in an identifier (< > \" ' ` & \\)",
    }
    notes = {n["column"]: n["detail"] for n in result.sources["interactions"].notes}
    assert notes == {"client_id": 2, "kind": 1, "staff_id": 1}


# Must not leak ------------------------------------------------------------------------------


def test_malformed_row_keeps_only_its_number_length_and_reason(
    project: Path, tmp_path: Path
) -> None:
    clients = CLEAN["clients"]()
    path = tmp_path / "clients.csv"
    clients.to_csv(path, index=False, encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:  # a row with a comma too many, full of PII
        fh.write(
            f"C9,{USCC[0]},某某,有限公司,张三,{PHONES[0]},manufacturing,false,福建省,east,"
            "2005-03-01,250,private,false,B01\n"
        )
    params, result = _run(project, "clients", path)
    _accounted(params, result, "clients")
    q = load_quarantine(params, "clients")
    row = q.set_index("_row").loc[5]
    assert row["_reason"] == "malformed: 15 fields where 14 were expected"
    assert int(row["_length"]) > 50
    assert row.drop(["_reason", "_length"]).isna().all()
    text = q.astype("str").to_string()
    assert USCC[0] not in text and PHONES[0] not in text and "张三" not in text


def test_quarantined_row_stores_pseudonyms_and_withholds_broken_values(
    project: Path, tmp_path: Path
) -> None:
    clients = CLEAN["clients"]()
    shifted = clients.iloc[[0]].assign(client_id="C9", industry=PHONES[0], contact_phone="x")
    path = tmp_path / "clients.csv"
    pd.concat([clients, shifted]).to_csv(path, index=False, encoding="utf-8")
    params, _ = _run(project, "clients", path)
    q = load_quarantine(params, "clients").set_index("_row")
    assert q.loc[5, "_reason"] == "industry: not an allowed value"
    assert pd.isna(q.loc[5, "industry"])  # the phone number that landed in a code column
    assert q.loc[5, "client_id"].startswith("C-") and q.loc[5, "uscc"].startswith("U-")
    assert PHONES[0] not in q.astype("str").to_string()


def test_free_text_reaches_no_output(project: Path) -> None:
    params, _ = _run(project, "surveys", HOSTILE / "surveys_unclosed_quote.csv")
    notes = [n for n in CLEAN["interactions"]()["notes"].dropna()]
    outputs = [*params.processed_dir.rglob("*.parquet"), *params.processed_dir.rglob("*.json")]
    for path in outputs:
        if path.suffix == ".parquet":
            text = pq.read_table(path).to_pandas().astype("str").to_string()
        else:
            text = json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False)
        for note in notes:
            assert note not in text, path.name
        assert "notes" not in pq.read_schema(path).names if path.suffix == ".parquet" else True


def test_quarantine_csv_for_the_data_owner_neutralises_formulas(
    project: Path, tmp_path: Path
) -> None:
    header = "response_id,client_id,application_id,stage,ts,csat,nps"
    path = tmp_path / "surveys.csv"
    path.write_text(
        f"{header}\nR1,C1,A1,approval,2024-02-02 10:00:00,4,8\n"
        "=1+2|cmd,C1,,,2024-06-01 10:00:00,7,3\n",
        encoding="utf-8",
    )
    params, _ = _run(project, "surveys", path)
    csv_path = params.processed_dir / "quarantine" / "surveys.csv"
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    q = pd.read_csv(csv_path, dtype="str", encoding="utf-8-sig")
    assert q["response_id"].tolist() == ["'=1+2|cmd"]
    assert q["_reason"].tolist() == ["csat: not in 1..5"]
    assert q["client_id"].str.startswith("C-").all()
