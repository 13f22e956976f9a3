"""CSV files the workbook writes: formula cells neutralised, numbers kept, Excel-ready UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pandas as pd

from journey_utils.safe_csv import FORMULA_STARTS, neutralise_formulas, write_csv


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x","y")', "+1", "-5", "@SUM(A1)", "\tx", "\ry", "ok"],
            "region": ["华东", "华北", "=1+1", None, "a-b", "-", "中文=公式"],
            "mixed": pd.Series(["=cmd", 7, np.nan, "ok", -3, "@x", ""], dtype=object),
            "balance": [-5.0, 1.5, np.nan, -0.25, 2.0, 3.0, 4.0],
            "count": [-1, 2, 3, 4, 5, 6, 7],
            "grade": pd.Categorical(["=A", "B", "=A", "B", "B", "B", "B"]),
            "=header": ["x"] * 7,
        }
    )


def test_formula_cells_get_a_leading_quote() -> None:
    out = neutralise_formulas(_frame())
    assert out["name"].tolist() == [
        "'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-5", "'@SUM(A1)", "'\tx", "'\ry", "ok",
    ]  # fmt: skip
    assert out["region"].tolist()[:3] == ["华东", "华北", "'=1+1"]
    assert out["region"].tolist()[4:] == ["a-b", "'-", "中文=公式"]  # only the first character
    assert out["grade"].tolist() == ["'=A", "B", "'=A", "B", "B", "B", "B"]
    assert list(out.columns)[-1] == "'=header"
    text = [v for col in ("name", "region", "mixed", "grade") for v in out[col].dropna()]
    assert not any(isinstance(v, str) and v.startswith(FORMULA_STARTS) for v in text)


def test_numbers_stay_numbers() -> None:
    frame = _frame()
    out = neutralise_formulas(frame)
    pd.testing.assert_series_equal(out["balance"], frame["balance"])
    pd.testing.assert_series_equal(out["count"], frame["count"])
    assert out["mixed"].tolist()[1] == 7 and out["mixed"].tolist()[4] == -3
    assert out["mixed"].tolist()[0] == "'=cmd" and pd.isna(out["mixed"].tolist()[2])
    assert frame.loc[0, "name"].startswith("=")  # the input is not changed


def test_write_csv_is_excel_ready_utf8(tmp_path: Path) -> None:
    frame = _frame()
    path = write_csv(frame, tmp_path / "table.csv")
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert len(back) == len(
        frame
    )  # the cell holding a bare CR stays one row and list(back.columns)[0] == "name"
    assert back["region"].tolist()[:2] == ["华东", "华北"]
    assert back["name"].tolist()[0] == '\'=HYPERLINK("http://x","y")'
    assert back["balance"].tolist()[0] == -5.0 and back["count"].tolist()[0] == -1
