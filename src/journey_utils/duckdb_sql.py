"""SQL text for DuckDB, shared by integration and the conformed tables: paths, names, Parquet."""

from __future__ import annotations

from pathlib import Path

import duckdb

PARQUET = "format parquet, compression zstd"
"""Options of every `copy ... to` that writes a Parquet table."""


def count_rows(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Rows of a Parquet file."""
    return int(
        con.execute(f"select count(*) from read_parquet({path_literal(path)})").fetchone()[0]
    )


def case_order(expr: str, values: tuple[str, ...]) -> str:
    """A SQL expression ranking `expr` by its position in `values` (1, 2, …)."""
    whens = " ".join(f"when '{v}' then {i}" for i, v in enumerate(values, start=1))
    return f"(case {expr} {whens} end)"


def path_list_literal(parts: list[Path]) -> str:
    """A SQL list of file paths, e.g. for `read_parquet([...])`."""
    return "[" + ", ".join(path_literal(p) for p in parts) + "]"


def path_literal(path: Path) -> str:
    """A file path as a quoted SQL string."""
    return "'" + path.as_posix().replace("'", "''") + "'"


def quote_identifier(identifier: str) -> str:
    """A column name as a quoted SQL identifier."""
    return '"' + identifier.replace('"', '""') + '"'
