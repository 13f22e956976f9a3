"""Tables shown in a scheduled run are saved beside the report, in order; elsewhere nothing is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.plotting import style_table
from journey_utils.shown_tables import TABLES_ENV

REPO = Path(__file__).resolve().parents[1]


def _compare_runs():
    spec = importlib.util.spec_from_file_location(
        "compare_runs", REPO / "checks" / "compare_runs.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_style_table_saves_each_frame_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "tables" / "03_journey_funnel"
    monkeypatch.setenv(TABLES_ENV, str(folder))
    style_table(pd.DataFrame({"stage": ["application"], "cases": [3]}))
    style_table(pd.DataFrame({"mixed": [1, "a"], "share": [0.5, 0.25]}))  # object of two kinds
    saved = sorted(folder.glob("*.parquet"))
    assert len(saved) == 2 and saved[0].name < saved[1].name
    assert pd.read_parquet(saved[0])["cases"].tolist() == [3]
    assert pd.read_parquet(saved[1])["mixed"].tolist() == ["1", "a"]


def test_nothing_is_saved_outside_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TABLES_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    style_table(pd.DataFrame({"cases": [1]}))
    assert not list(tmp_path.rglob("*.parquet"))


def test_compare_runs_finds_a_changed_figure(tmp_path: Path) -> None:
    compare = _compare_runs()
    for run in ("a", "b"):
        folder = tmp_path / run / "tables" / "01_data_integration"
        folder.mkdir(parents=True)
        pd.DataFrame({"source": ["clients"], "rows_in": [10]}).to_parquet(folder / "001.parquet")
    assert compare.compare_folders(tmp_path / "a", tmp_path / "b") == []
    changed = tmp_path / "b" / "tables" / "01_data_integration" / "001.parquet"
    pd.DataFrame({"source": ["clients"], "rows_in": [11]}).to_parquet(changed)
    problems = compare.compare_folders(tmp_path / "a", tmp_path / "b")
    assert len(problems) == 1 and problems[0].startswith("01_data_integration/001.parquet")
