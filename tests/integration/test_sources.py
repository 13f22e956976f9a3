"""Reading sources: UTF-8, GBK and Parquet load; every unusable file fails in one line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.integration.sources import inspect_source, iter_source, load_source
from journey_utils.params.run import RunParams

SURVEY_HEADER = "response_id,client_id,application_id,stage,ts,csat,nps"
SURVEY_ROWS = [
    "R1,C1,A1,approval,2024-02-02 10:00:00,4,8",
    "R2,C1,,post_loan,2024-06-01 10:00:00,2,3",
    "R3,C2,,,2025-06-05,5,NULL",
]


def _params(tmp_path: Path, name: str, path: Path, encoding: str = "auto") -> RunParams:
    return RunParams(
        run_name="t",
        data_dir=str(tmp_path),
        sources={name: {"path": str(path), "encoding": encoding}},
    )


def _write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _error(params: RunParams, name: str) -> InputError:
    with pytest.raises(InputError) as err:
        list(iter_source(params, name))
    assert "\n" not in str(err.value)  # one line, always
    return err.value


def test_utf8_csv_loads_typed_with_fingerprint(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *SURVEY_ROWS])
    params = _params(tmp_path, "surveys", path)
    df = load_source(params, "surveys")
    assert list(df.columns) == ["_row", *SOURCES["surveys"].columns, "_issue", "_length"]
    assert df["_row"].tolist() == [1, 2, 3]
    assert str(df["csat"].dtype) == "Int64" and df["ts"].dtype == "datetime64[us]"
    assert df["nps"].isna().tolist() == [False, False, True]  # NULL reads as missing
    assert df["application_id"].isna().tolist() == [False, True, True]
    sf = df.attrs["source_file"]
    assert (sf.format, sf.encoding) == ("csv", "utf-8")
    assert sf.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_raw_load_keeps_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *SURVEY_ROWS])
    df = load_source(_params(tmp_path, "surveys", path), "surveys", typed=False)
    assert df["csat"].tolist() == ["4", "2", "5"]


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *SURVEY_ROWS], encoding="utf-8-sig")
    df = load_source(_params(tmp_path, "surveys", path), "surveys")
    assert df["response_id"].tolist() == ["R1", "R2", "R3"]


CLIENT_HEADER = ",".join(SOURCES["clients"].columns)
CLIENT_ROW = (
    "C1,91350100M000100Y43,福州闽江机械有限公司,张伟,13800000001,manufacturing,false,福建,"
    "east,2005-03-01,250,private,false,B01"
)


@pytest.mark.parametrize("declared", ["auto", "gbk", "gb18030"])
def test_gbk_csv_loads(tmp_path: Path, declared: str) -> None:
    path = _write(tmp_path / "clients.csv", [CLIENT_HEADER, CLIENT_ROW], encoding="gbk")
    df = load_source(_params(tmp_path, "clients", path, declared), "clients")
    assert df.loc[0, "name"] == "福州闽江机械有限公司"
    assert df.attrs["source_file"].encoding == ("gb18030" if declared == "auto" else declared)


def test_parquet_loads_with_stored_types(tmp_path: Path) -> None:
    path = tmp_path / "st.parquet"
    table = pa.table(
        {
            "application_id": ["A1", "A1"],
            "stage": ["application", "approval"],
            "status": ["entered", "completed"],
            "ts": pa.array(
                pd.to_datetime(["2024-01-01 10:00", "2024-02-01"], format="ISO8601"),
                pa.timestamp("ms"),
            ),
            "extra": [1, 2],
        }
    )
    pq.write_table(table, path)
    params = _params(tmp_path, "stage_events", path)
    df = load_source(params, "stage_events")
    assert list(df.columns) == [
        "_row",
        "application_id",
        "stage",
        "status",
        "ts",
        "_issue",
        "_length",
    ]
    sf = df.attrs["source_file"]
    assert (sf.format, sf.encoding, sf.ignored_columns) == ("parquet", None, ("extra",))
    assert df["ts"].dtype == "datetime64[us]"


def test_chunks_number_rows_across_the_file(tmp_path: Path) -> None:
    rows = [f"R{i},C1,,,2024-01-01,3,5" for i in range(1, 8)]
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *rows])
    chunks = list(iter_source(_params(tmp_path, "surveys", path), "surveys", chunk_rows=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    assert pd.concat(chunks)["_row"].tolist() == list(range(1, 8))

    table = pa.table({c: [f"x{i}" for i in range(5)] for c in SOURCES["stage_events"].columns})
    pq.write_table(table, tmp_path / "st.parquet")
    params = _params(tmp_path, "stage_events", tmp_path / "st.parquet")
    chunks = list(iter_source(params, "stage_events", chunk_rows=2))
    assert pd.concat(chunks)["_row"].tolist() == [1, 2, 3, 4, 5]


def test_extra_columns_are_ignored_and_order_does_not_matter(tmp_path: Path) -> None:
    header = "nps,csat,ts,stage,application_id,client_id,response_id,comment"
    path = _write(tmp_path / "s.csv", [header, "8,4,2024-01-01,approval,A1,C1,R1,hello"])
    df = load_source(_params(tmp_path, "surveys", path), "surveys")
    assert list(df.columns) == ["_row", *SOURCES["surveys"].columns, "_issue", "_length"]
    assert df.loc[0, "response_id"] == "R1"
    assert df.attrs["source_file"].ignored_columns == ("comment",)


# Bad input: one line naming file, row and column -----------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.csv"
    err = _error(_params(tmp_path, "surveys", path), "surveys")
    assert str(err) == f"{path}: source 'surveys' not found"


def test_missing_default_file_names_the_catalog_file(tmp_path: Path) -> None:
    params = RunParams(run_name="t", data_dir=str(tmp_path))
    err = _error(params, "clients")
    assert err.path == str(tmp_path / "raw" / "clients.csv")


def test_missing_column_is_named_with_the_found_ones(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", ["response_id,client_id,stage,ts,csat,nps", "R1,C1,,x,1,1"])
    err = _error(_params(tmp_path, "surveys", path), "surveys")
    assert err.column == "application_id"
    assert "missing required column 'application_id'" in str(err)
    assert "found: response_id, client_id, stage, ts, csat, nps" in str(err)


def test_missing_column_in_parquet(tmp_path: Path) -> None:
    path = tmp_path / "st.parquet"
    pq.write_table(pa.table({"application_id": ["A1"], "stage": ["x"], "ts": ["y"]}), path)
    err = _error(_params(tmp_path, "stage_events", path), "stage_events")
    assert err.column == "status" and "found: application_id, stage, ts" in str(err)


def test_column_twice_in_header(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER + ",csat", "R1,C1,,,2024-01-01,4,8,4"])
    err = _error(_params(tmp_path, "surveys", path), "surveys")
    assert err.column == "csat" and "twice" in str(err)


def test_undecodable_bytes_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    good = "\n".join([SURVEY_HEADER, *SURVEY_ROWS[:2]]).encode("utf-8")
    path.write_bytes(good + b"\nR3,C2,,,2025-06-05,5,\xff\xff\n")
    err = _error(_params(tmp_path, "surveys", path), "surveys")
    assert err.row == 3
    assert "UTF-8 or GB18030" in str(err) and ", row 3:" in str(err)


def test_undecodable_row_counts_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "i.csv"
    header = ",".join(SOURCES["interactions"].columns)
    good = f'{header}\nI1,C1,2024-01-01,rm_meeting,S1,30,"line one\nline two"\n'.encode()
    path.write_bytes(good + b"I2,C1,2024-01-02,rm_meeting,S1,30,\xff\xfe\n")
    err = _error(_params(tmp_path, "interactions", path), "interactions")
    assert err.row == 2


def test_gbk_file_declared_utf8_names_the_first_chinese_row(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", [CLIENT_HEADER, CLIENT_ROW], encoding="gbk")
    err = _error(_params(tmp_path, "clients", path, "utf-8"), "clients")
    assert err.row == 1 and "as UTF-8" in str(err)


def test_undecodable_header(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(b"\xff\xfe" + SURVEY_HEADER.encode("utf-16-le"))
    err = _error(_params(tmp_path, "surveys", path), "surveys")
    assert err.row is None and ("in the header" in str(err) or "NUL" in str(err))


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "file is empty"), (b"  \n\n", "file is empty"), (b"\x00\x01\x02PK", "binary")],
)
def test_empty_or_binary_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(content)
    assert message in str(_error(_params(tmp_path, "surveys", path), "surveys"))


def test_header_only_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER])
    assert "no data rows" in str(_error(_params(tmp_path, "surveys", path), "surveys"))


def _issues(params: RunParams, name: str) -> dict[int, str]:
    frame = pd.concat(list(iter_source(params, name)), ignore_index=True)
    bad = frame[frame["_issue"].notna()]
    return dict(zip(bad["_row"], bad["_issue"], strict=True))


def test_row_with_too_many_fields_is_set_apart_and_the_rest_read(tmp_path: Path) -> None:
    rows = [*SURVEY_ROWS[:2], "R3,C2,,,2025-06-05,5,1,surplus", SURVEY_ROWS[2]]
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *rows])
    params = _params(tmp_path, "surveys", path)
    assert _issues(params, "surveys") == {3: "malformed: 8 fields where 7 were expected"}
    ids = load_source(params, "surveys", typed=False)["response_id"]
    assert ids.isna().tolist() == [False, False, True, False]


def test_unclosed_quote_spoils_only_its_own_line(tmp_path: Path) -> None:
    lines = [SURVEY_HEADER, SURVEY_ROWS[0], 'R2,"C1,,,2024-01-01,2,3', *SURVEY_ROWS[1:]]
    path = _write(tmp_path / "s.csv", lines)
    params = _params(tmp_path, "surveys", path)
    assert _issues(params, "surveys") == {2: "a quoted value is never closed on its line"}
    assert load_source(params, "surveys", typed=False)["_row"].tolist() == [1, 2, 3, 4]


def test_garbled_parquet(tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    path.write_text("event_id,client_id\nE1,C1\n", encoding="utf-8")
    err = _error(_params(tmp_path, "digital_events", path), "digital_events")
    assert "not a readable Parquet file" in str(err)


def test_excel_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    assert "export the sheet as CSV" in str(_error(_params(tmp_path, "surveys", path), "surveys"))


def test_inspect_does_not_load_rows(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.csv", [SURVEY_HEADER, *SURVEY_ROWS])
    sf = inspect_source(_params(tmp_path, "surveys", path), "surveys")
    assert sf.columns_found == SOURCES["surveys"].columns and sf.size_bytes == path.stat().st_size


def test_dialect_options_read_a_semicolon_export(tmp_path: Path) -> None:
    lines = [
        SURVEY_HEADER.replace(",", ";"),
        "R1;C1;A1;approval;2024-02-02 10:00:00;4;8",
        "R2;C1;nan;'post;loan';2024-06-01 10:00:00;2;3",
    ]
    path = _write(tmp_path / "s.csv", lines)
    plain = _params(tmp_path, "surveys", path)
    with pytest.raises(InputError, match="missing required column 'response_id'"):
        list(iter_source(plain, "surveys"))
    params = RunParams(
        run_name="t",
        data_dir=str(tmp_path),
        sources={
            "surveys": {
                "path": str(path),
                "delimiter": ";",
                "quotechar": "'",
                "missing_values": ["", "nan"],
            }
        },
    )
    df = load_source(params, "surveys", typed=False)
    assert df["response_id"].tolist() == ["R1", "R2"]
    assert df["application_id"].isna().tolist() == [False, True]  # 'nan' is missing here
    assert df["stage"].tolist() == ["approval", "post;loan"]


def test_wrong_delimiter_in_the_rows_names_the_option(tmp_path: Path) -> None:
    lines = [SURVEY_HEADER, *(r.replace(",", "|") for r in SURVEY_ROWS)]
    err = _error(_params(tmp_path, "surveys", _write(tmp_path / "s.csv", lines)), "surveys")
    assert err.row == 1 and "delimiter (',')" in str(err) and "set them in params" in str(err)
