"""Hand-over Parquet files: written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from journey_utils.parquet_files import write_parquet_atomic


def test_writes_into_a_new_folder_and_replaces_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "findings" / "f.parquet"
    write_parquet_atomic(pd.DataFrame({"a": [1]}), path)
    write_parquet_atomic(pd.DataFrame({"a": [2, 3]}), path)
    assert pd.read_parquet(path)["a"].tolist() == [2, 3]
    assert [p.name for p in path.parent.iterdir()] == ["f.parquet"]  # no partial file left


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "f.parquet"
    write_parquet_atomic(pd.DataFrame({"a": [1]}), path)
    with pytest.raises(Exception):  # noqa: B017 - pyarrow's own error type for a bad column
        write_parquet_atomic(pd.DataFrame({"a": [object()]}), path)
    assert pd.read_parquet(path)["a"].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["f.parquet"]
