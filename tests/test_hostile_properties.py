"""Property: however a small clean source is corrupted — bytes flipped, rows cut or doubled, cells
replaced by random text, numbers and dates of every shape — reading and validating it ends in one
clear line or in a full reconciliation, and no raw identifier or free text survives outside the
pseudonymised columns."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_utils.catalog import SOURCES, identifier_columns
from journey_utils.errors import InputError
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.quarantine import validate_source
from journey_utils.integration.sources import iter_source
from journey_utils.params.run import RunParams
from journey_utils.uscc import make_uscc

N = 12
USCC = list(make_uscc(["350100", "110000", "310000", "440300"] * 3, np.random.default_rng(3)))
CLIENTS = pd.DataFrame(
    {
        "client_id": [f"CUST-2024-{i:06d}" for i in range(N)],
        "uscc": USCC,
        "name": [f"福州闽江第{i}机械有限公司" for i in range(N)],
        "contact_name": [f"联系人甲乙{i}" for i in range(N)],
        "contact_phone": [f"1380013{i:04d}" for i in range(N)],
        "industry": ["manufacturing", "software_it", "electronics"] * 4,
        "high_tech": ["false", "true", "true"] * 4,
        "province": ["福建省", "北京市", "广东省"] * 4,
        "region": ["east", "north", "south"] * 4,
        "founded_on": ["2005-03-01", "2015-06-30", "1998-01-15"] * 4,
        "employees": ["250", "40", "1200"] * 4,
        "ownership": ["private", "state_owned", "foreign"] * 4,
        "listed": ["false", "false", "true"] * 4,
        "home_branch_id": ["BR001", "BR002", "BR003"] * 4,
    }
)
INTERACTIONS = pd.DataFrame(
    {
        "interaction_id": [f"INT-{i:08d}" for i in range(N)],
        "client_id": CLIENTS["client_id"],
        "ts": pd.to_datetime("2024-03-01 09:00") + pd.to_timedelta(np.arange(N), unit="D"),
        "kind": ["rm_meeting", "site_visit", "phone_call"] * 4,
        "staff_id": [f"STAFF-{i % 5:05d}" for i in range(N)],
        "duration_min": np.arange(N, dtype="float64") * 5 + 10,
        "notes": [f"客户王某说资金紧张备注{i}号" for i in range(N)],
    }
)
SECRETS = {
    "clients": [
        v
        for c in ("client_id", "uscc", "name", "contact_name", "contact_phone")
        for v in CLIENTS[c]
    ],
    "interactions": [*INTERACTIONS["client_id"], *INTERACTIONS["staff_id"], *INTERACTIONS["notes"]],
}
PSEUDONYM = re.compile(r"^[A-Z]-[0-9a-f]{16}$")

SHAPES = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "inf",
            "-inf",
            "1e309",
            "NaN",
            "NULL",
            "",
            " ",
            "-0",
            "0x1F",
            "1,234",
            "１２３",
            "9999-12-31",
            "0001-01-01",
            "1900-01-01",
            "1970-01-01 08:00",
            "05/03/2001",
            "13/02/2016",
            "2024-02-30",
            "2024-03-05 10:00 CST",
            "2024-03-05T10:00:00+08:00",
            "2024-03-05 10:00:00 UTC",
            "2024年3月5日",
            "20240305",
            "1709632800",
            "1709632800000",
            "\ufeffBR001",
            "BR\u200b001",
            "BR001\x00\x00",
            "a\x01b",
            '"',
            '""',
            "<script>alert(1)</script>",
            '=HYPERLINK("x")',
            "true",
            "是",
        ]
    ),
)


@st.composite
def corruptions(draw: st.DrawFn) -> list[tuple]:
    """One to four operations: on cells (before writing) or on bytes (after)."""
    ops = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "flip", "cut", "drop_row", "double_row"]))
        if kind == "cell":
            ops.append(
                ("cell", draw(st.integers(0, N - 1)), draw(st.integers(0, 13)), draw(SHAPES))
            )
        elif kind == "flip":
            ops.append(("flip", draw(st.floats(0, 1)), draw(st.integers(0, 255))))
        elif kind == "cut":
            ops.append(("cut", draw(st.floats(0.05, 1))))
        else:
            ops.append((kind, draw(st.integers(0, N - 1))))
    return ops


def _apply_cells(frame: pd.DataFrame, ops: list[tuple]) -> pd.DataFrame:
    out = frame.astype("str").astype(object)
    for op in ops:
        if op[0] == "cell":
            _, row, col, value = op
            out.iat[row % len(out), col % out.shape[1]] = value
        elif op[0] == "drop_row":
            out = out.drop(out.index[op[1] % max(len(out), 1)]) if len(out) > 1 else out
        elif op[0] == "double_row" and len(out):
            out = pd.concat([out, out.iloc[[op[1] % len(out)]]])
    return out


def _apply_bytes(data: bytes, ops: list[tuple]) -> bytes:
    for op in ops:
        if op[0] == "flip" and data:
            i = min(int(op[1] * len(data)), len(data) - 1)
            data = data[:i] + bytes([op[2]]) + data[i + 1 :]
        elif op[0] == "cut":
            data = data[: max(1, int(op[1] * len(data)))]
    return data


def _params(tmp: Path, name: str, path: Path) -> RunParams:
    return RunParams(run_name="p", data_dir=str(tmp), sources={name: {"path": str(path)}})


def _check(tmp: Path, name: str, path: Path, structure_kept: bool, rows_written: int) -> None:
    """The property: one clear line, or every row accounted for and nothing raw left."""
    params = _params(tmp, name, path)
    pseudo = pseudonymiser(params)
    accepted, quarantined = [], []
    try:
        for chunk in iter_source(params, name, chunk_rows=5):
            v = validate_source(chunk, name, params, None)
            assert v.rows_in == len(chunk)
            accepted.append(pseudo.pseudonymise_frame(v.accepted, name))
            quarantined.append(pseudo.pseudonymise_frame(v.quarantined, name))
    except InputError as err:
        assert "\n" not in str(err) and str(path) in str(err)
        return
    acc = pd.concat(accepted, ignore_index=True)
    q = pd.concat(quarantined, ignore_index=True)
    rows = sorted([*acc["_row"].astype(int), *q["_row"].astype(int)])
    assert rows == list(range(1, len(rows) + 1))  # each row read once, none lost
    if structure_kept:
        assert len(rows) == rows_written
    ids = set(identifier_columns(name))
    for frame in (acc, q):
        assert not set(SOURCES[name].free_text) & set(frame.columns)
        for col in frame.columns:
            values = frame[col].dropna().astype("str")
            if col in ids:
                assert values.str.fullmatch(PSEUDONYM.pattern).all(), col
                continue
            text = "\x1f".join(values)
            for secret in SECRETS[name]:
                assert secret not in text, (col, secret)


SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(ops=corruptions())
def test_corrupted_csv_is_reconciled_or_refused_in_one_line(tmp_path: Path, ops: list) -> None:
    frame = _apply_cells(CLIENTS, ops)
    buf = io.StringIO()
    frame.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL)
    data = _apply_bytes(buf.getvalue().encode("utf-8"), ops)
    path = tmp_path / "clients.csv"
    path.write_bytes(data)
    kept = all(op[0] in ("cell", "double_row", "drop_row") for op in ops) and not any(
        op[0] == "cell" and any(ch in str(op[3]) for ch in '\n\r",') for op in ops
    )
    _check(tmp_path, "clients", path, kept, len(frame))


@SETTINGS
@given(ops=corruptions(), as_text=st.booleans())
def test_corrupted_parquet_is_reconciled_or_refused_in_one_line(
    tmp_path: Path, ops: list, as_text: bool
) -> None:
    frame = INTERACTIONS.copy()
    if as_text or any(op[0] == "cell" for op in ops):
        frame = _apply_cells(frame, ops)
    path = tmp_path / "interactions.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    path.write_bytes(_apply_bytes(path.read_bytes(), ops))
    kept = not any(op[0] in ("flip", "cut") for op in ops)
    _check(tmp_path, "interactions", path, kept, len(frame))
