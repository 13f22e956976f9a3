"""The fast (pyarrow) and exact (line by line) CSV readers: same rows, numbers and reasons."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from journey_utils.integration import csv_records
from journey_utils.integration.csv_records import CsvLayout, read_records

HEADER = ["id", "kind", "notes"]
FILES = {
    "clean": 'id,kind,notes\nA1,x,hello\nA2,y,"a, b"\n',
    "short and long rows": "id,kind,notes\nA1,x,n\nA2,y\nA3,z,n,extra\nA4,w,n\n",
    "blank lines": "id,kind,notes\n\nA1,x,n\n\n\nA2,y,n\n",
    "repeated quotes": 'id,kind,notes\nA1,"x ""q""",n\nA2,y,n\n',
    "crlf": "id,kind,notes\r\nA1,x,n\r\nA2,y,n\r\n",
    "cut last row": "id,kind,notes\nA1,x,n\nA2,y",
}


def _layout(path: Path, text: str) -> CsvLayout:
    return CsvLayout(
        path=path,
        encoding="utf-8",
        header=HEADER,
        ends_with_line_break=text.endswith("\n"),
        has_quotes='"' in text,
        free_text=frozenset({"notes"}),
    )


def _read(path: Path, text: str, exact: bool) -> pd.DataFrame:
    layout = _layout(path, text)
    read = csv_records._exact_chunks if exact else read_records
    chunks = list(read(layout, 2))
    return pd.concat(chunks, ignore_index=True)


@pytest.mark.parametrize("name", list(FILES))
def test_fast_and_exact_readers_agree(tmp_path: Path, name: str) -> None:
    path = tmp_path / "f.csv"
    path.write_text(FILES[name], encoding="utf-8")
    fast, exact = _read(path, FILES[name], False), _read(path, FILES[name], True)
    pd.testing.assert_frame_equal(fast, exact, check_dtype=False)
    assert fast["_row"].tolist() == list(range(1, len(fast) + 1))


def test_quoted_line_break_is_a_value_only_in_free_text(tmp_path: Path) -> None:
    text = 'id,kind,notes\nA1,x,"line one\nline two"\nA2,"y\nz",n\nA3,w,n\n'
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    rows = pd.concat(list(read_records(_layout(path, text), 10)), ignore_index=True)
    assert rows.loc[0, "notes"] == "line one\nline two"  # a note may span lines
    issues = rows.set_index("_row")["_issue"].dropna().to_dict()
    assert issues == {  # a code may not: its quote is taken as never closed on its line
        2: "a quoted value is never closed on its line",
        3: "malformed: 2 fields where 3 were expected",
    }
    assert rows["id"].dropna().tolist() == ["A1", "A3"]
