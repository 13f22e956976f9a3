"""Streaming writers for the nine sources: CSV (UTF-8 or GBK) and Parquet, chunk by chunk."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from journey_utils.catalog import SOURCES
from journey_utils.synthetic.clients import Table

# Column kinds: str, int, float, Int (nullable int), bool, boolN (nullable bool, int8 -1 = null),
# date (datetime64[D]), ts (datetime64[s]).
SCHEMAS: dict[str, dict[str, str]] = {
    "clients": {
        "client_id": "str",
        "uscc": "str",
        "name": "str",
        "contact_name": "str",
        "contact_phone": "str",
        "industry": "str",
        "high_tech": "bool",
        "province": "str",
        "region": "str",
        "founded_on": "date",
        "employees": "int",
        "ownership": "str",
        "listed": "bool",
        "home_branch_id": "str",
    },
    "financials": {
        "client_id": "str",
        "fiscal_year": "int",
        "revenue": "float",
        "net_profit": "float",
        "total_assets": "float",
        "total_liabilities": "float",
        "current_assets": "float",
        "current_liabilities": "float",
        "operating_cash_flow": "float",
        "interest_expense": "float",
    },
    "credit_history": {
        "client_id": "str",
        "as_of_date": "date",
        "internal_rating": "str",
        "bureau_score": "int",
        "past_loans": "int",
        "max_dpd_24m": "int",
        "defaulted_before": "bool",
        "inquiries_6m": "int",
    },
    "digital_events": {
        "event_id": "int",
        "client_id": "str",
        "ts": "ts",
        "channel": "str",
        "event_type": "str",
        "session_id": "str",
    },
    "interactions": {
        "interaction_id": "int",
        "client_id": "str",
        "ts": "ts",
        "kind": "str",
        "staff_id": "str",
        "duration_min": "Int",
        "notes": "str",
    },
    "applications": {
        "application_id": "str",
        "client_id": "str",
        "product": "str",
        "requested_amount": "float",
        "term_months": "Int",
        "channel": "str",
        "branch_id": "str",
        "form_version": "str",
        "n_form_fields": "Int",
        "documents_requested": "Int",
        "personalised": "boolN",
        "started_at": "ts",
        "submitted_at": "ts",
        "first_response_hours": "float",
        "outcome": "str",
        "decided_at": "ts",
        "approved_amount": "float",
        "offered_rate": "float",
        "offer_accepted": "boolN",
        "disbursed_at": "ts",
    },
    "stage_events": {"application_id": "str", "stage": "str", "status": "str", "ts": "ts"},
    "loan_performance": {
        "application_id": "str",
        "month": "date",
        "balance": "float",
        "dpd": "int",
        "classification": "str",
    },
    "surveys": {
        "response_id": "int",
        "client_id": "str",
        "application_id": "str",
        "stage": "str",
        "ts": "ts",
        "csat": "int",
        "nps": "int",
    },
}
for _name, _schema in SCHEMAS.items():
    assert tuple(_schema) == SOURCES[_name].columns, f"schema of {_name} out of date"

_ARROW_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "Int": pa.int64(),
    "bool": pa.bool_(),
    "boolN": pa.bool_(),
    "date": pa.date32(),
    "ts": pa.timestamp("s"),
}
TS_FORMAT = "%Y-%m-%d %H:%M:%S"


def arrow_schema(source: str) -> pa.Schema:
    return pa.schema([(c, _ARROW_TYPES[k]) for c, k in SCHEMAS[source].items()])


def to_arrow(source: str, table: Table) -> pa.Table:
    """Arrow table with the source's types; NaN / NaT / None / -1 (boolN) become nulls."""
    arrays = []
    for col, kind in SCHEMAS[source].items():
        v = table[col]
        if kind == "str":
            arr = pa.array(v, type=pa.string(), from_pandas=True)
        elif kind in ("float",):
            arr = pa.array(v.astype(np.float64), type=pa.float64(), from_pandas=True)
        elif kind == "Int":
            f = v.astype(np.float64)
            mask = np.isnan(f)
            arr = pa.array(np.where(mask, 0, f).astype(np.int64), mask=mask, type=pa.int64())
        elif kind == "int":
            arr = pa.array(v.astype(np.int64), type=pa.int64())
        elif kind == "bool":
            arr = pa.array(v.astype(bool), type=pa.bool_())
        elif kind == "boolN":
            arr = pa.array(v == 1, mask=v < 0, type=pa.bool_())
        elif kind == "date":
            d = v.astype("datetime64[D]")
            arr = pa.array(d, mask=np.isnat(d), type=pa.date32())
        else:
            t = v.astype("datetime64[s]")
            arr = pa.array(t, mask=np.isnat(t), type=pa.timestamp("s"))
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=arrow_schema(source))


def to_csv_frame(source: str, table: Table) -> pd.DataFrame:
    """Frame whose default CSV rendering is the workbook's: ISO dates, true/false, empty nulls."""
    cols: dict[str, object] = {}
    for col, kind in SCHEMAS[source].items():
        v = table[col]
        if kind == "Int":
            cols[col] = pd.array(v.astype(np.float64), dtype="Int64")
        elif kind == "bool":
            cols[col] = np.where(v.astype(bool), "true", "false")
        elif kind == "boolN":
            cols[col] = np.where(v < 0, None, np.where(v == 1, "true", "false")).astype(object)
        elif kind == "date":
            d = v.astype("datetime64[D]")
            s = np.datetime_as_string(d, unit="D").astype(object)
            s[np.isnat(d)] = None
            cols[col] = s
        elif kind == "ts":
            cols[col] = v.astype("datetime64[s]")
        else:
            cols[col] = v
    return pd.DataFrame(cols)


class SourceWriter:
    """Appends chunks of one source to its file (CSV with a header once, or Parquet)."""

    def __init__(self, folder: Path, source: str) -> None:
        info = SOURCES[source]
        self.source = source
        self.path = folder / info.default_file
        self.rows = 0
        self._parquet: pq.ParquetWriter | None = None
        self._csv: IO[str] | None = None
        if self.path.suffix == ".parquet":
            self._parquet = pq.ParquetWriter(
                self.path, arrow_schema(source), compression="zstd", write_statistics=True
            )
        else:
            self._csv = open(self.path, "w", encoding=info.default_encoding, newline="")  # noqa: SIM115
            self._csv.write(",".join(info.columns) + "\n")

    def write(self, table: Table) -> None:
        n = len(next(iter(table.values())))
        if n == 0:
            return
        self.rows += n
        if self._parquet is not None:
            self._parquet.write_table(to_arrow(self.source, table))
        else:
            assert self._csv is not None
            buf = io.StringIO()
            to_csv_frame(self.source, table).to_csv(
                buf, header=False, index=False, lineterminator="\n", date_format=TS_FORMAT
            )
            self._csv.write(buf.getvalue())

    def close(self) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self._csv is not None:
            self._csv.close()
