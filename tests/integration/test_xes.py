"""XES reader: attributes flattened per event, typed values, nested attributes skipped, errors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.integration.xes import read_xes

XES = """<?xml version="1.0" encoding="UTF-8" ?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <string key="concept:name" value="log-level, not an event"/>
  <global scope="event"><string key="concept:name" value="UNKNOWN"/></global>
  <trace>
    <string key="concept:name" value="c1"/>
    <int key="n" value="7"/>
    <event>
      <string key="concept:name" value="A"/>
      <date key="time:timestamp" value="2011-10-01T00:38:44.546+02:00"/>
      <float key="amount" value="1.5"><string key="nested" value="skip me"/></float>
      <boolean key="flag" value="true"/>
    </event>
    <event>
      <string key="concept:name" value="B"/>
      <string key="org:resource" value="112"/>
      <date key="time:timestamp" value="2011-12-01T10:00:00.000+01:00"/>
    </event>
  </trace>
  <trace>
    <event>
      <string key="concept:name" value="C"/>
      <date key="time:timestamp" value="2012-01-01T00:00:00.000+01:00"/>
    </event>
    <string key="concept:name" value="c2"/>
  </trace>
</log>
"""


def _write(tmp_path: Path, text: str, name: str = "log.xes") -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_one_row_per_event_with_case_attributes(tmp_path: Path) -> None:
    log = read_xes(_write(tmp_path, XES))
    assert log["_row"].tolist() == [1, 2, 3]
    assert log["case:concept:name"].tolist() == ["c1", "c1", "c2"]  # trace attr after its events
    assert log["concept:name"].tolist() == ["A", "B", "C"]
    assert "nested" not in log.columns
    assert log["org:resource"].isna().tolist() == [True, False, True]


def test_values_typed_per_xes_type(tmp_path: Path) -> None:
    log = read_xes(_write(tmp_path, XES))
    assert str(log["time:timestamp"].dt.tz) == "UTC"
    assert log["time:timestamp"].iloc[0] == pd.Timestamp("2011-09-30 22:38:44.546", tz="UTC")
    assert log["case:n"].dtype == "Int64" and log["case:n"].iloc[0] == 7
    assert log["amount"].dtype == "Float64" and log["amount"].iloc[0] == 1.5
    assert log["flag"].dtype == "boolean" and bool(log["flag"].iloc[0])


def test_untyped_keeps_file_text_and_gzip_is_detected(tmp_path: Path) -> None:
    log = read_xes(_write(tmp_path, XES, "log.xes.gz"), typed=False)
    assert log["time:timestamp"].iloc[0] == "2011-10-01T00:38:44.546+02:00"
    assert log["case:n"].iloc[0] == "7"


def test_malformed_xml_names_file_and_line(tmp_path: Path) -> None:
    broken = XES.replace("</event>\n    <event>", "</evnt>\n    <event>", 1)
    path = _write(tmp_path, broken)
    with pytest.raises(InputError, match=r"log\.xes.*malformed XML at line 13"):
        read_xes(path)


def test_not_an_xes_log(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not an XES log"):
        read_xes(_write(tmp_path, "<html><body/></html>"))
    with pytest.raises(InputError, match="not found"):
        read_xes(tmp_path / "missing.xes")
