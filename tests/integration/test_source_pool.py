"""Sources integrated in worker processes give the same tables, quarantine and report as one
after another, and a failing source stops the run with the same one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.integration import source_pool
from journey_utils.integration.processed import integrate
from journey_utils.params.run import RunParams, load_params
from small_portfolio import CLEAN, write_portfolio
from small_portfolio import small_params as _params

TIMINGS = ("seconds", "started_at", "finished_at")


@pytest.fixture
def faulty(project: Path) -> RunParams:
    """The small portfolio with faults a child source only finds with its parents' keys: an
    event of an unknown client, a repeated event, a survey of an unknown application."""
    frames = {name: make() for name, make in CLEAN.items()}
    ev = frames["digital_events"]
    orphan = ev.iloc[[1]].assign(event_id="E7", client_id="C99")
    frames["digital_events"] = pd.concat([ev, ev.iloc[[2]], orphan], ignore_index=True)
    sv = frames["surveys"]
    frames["surveys"] = pd.concat([sv, sv.iloc[[0]].assign(response_id="R9", application_id="A9")])
    params = _params(project / "data" / "t")
    write_portfolio(params.raw_dir, frames)
    return params


def _outputs(folder: Path) -> dict[str, pd.DataFrame]:
    return {p.relative_to(folder).as_posix(): pd.read_parquet(p) for p in folder.rglob("*.parquet")}


def _report(folder: Path) -> dict[str, object]:
    report = json.loads((folder / "integration_report.json").read_text(encoding="utf-8"))
    return {k: v for k, v in report.items() if k not in TIMINGS}


def _in_workers(params: RunParams, monkeypatch: pytest.MonkeyPatch) -> RunParams:
    monkeypatch.setattr(source_pool, "PARALLEL_MIN_BYTES", 0)
    return params.model_copy(update={"workers": 2})


def test_workers_give_the_same_tables_quarantine_and_report(
    faulty: RunParams,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = integrate(faulty)
    before = _outputs(faulty.processed_dir)
    report = _report(faulty.processed_dir)
    shutil.rmtree(faulty.processed_dir)
    seen: list[tuple[str, int]] = []
    two = integrate(_in_workers(faulty, monkeypatch), on_chunk=lambda s, n: seen.append((s, n)))
    after = _outputs(faulty.processed_dir)
    assert sorted(before) == sorted(after) and len(before) >= 2 * len(SOURCES)
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, after[name], obj=name)
    assert _report(faulty.processed_dir) == report
    assert [s.name for s in two.sources.values()] == [s.name for s in one.sources.values()]
    assert {s for s, _ in seen} == set(SOURCES)  # progress came back from the workers
    assert one.reconciles and two.reconciles
    assert sum(s.quarantined for s in two.sources.values()) >= 3  # the planted faults


def test_a_failing_source_stops_with_the_same_line(
    faulty: RunParams,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = faulty.source_path("surveys")
    frame = pd.read_csv(path, dtype=str)
    frame.drop(columns=["csat"]).to_csv(path, index=False)
    with pytest.raises(InputError) as sequential:
        integrate(faulty)
    with pytest.raises(InputError) as parallel:
        integrate(_in_workers(faulty, monkeypatch))
    assert str(parallel.value) == str(sequential.value)
    assert "csat" in str(parallel.value)


def test_duckdb_spills_where_params_say_and_leaves_nothing_behind(
    faulty: RunParams, tmp_path: Path
) -> None:
    spill = tmp_path / "spill"
    params = faulty.model_copy(
        update={"duckdb_temp_dir": str(spill), "duckdb_memory_limit": "256MB"}
    )
    assert integrate(params).reconciles
    assert spill.is_dir() and not any(spill.iterdir())  # its own temporary folder, removed


def test_a_memory_limit_without_a_unit_is_refused(write_params) -> None:
    with pytest.raises(InputError, match="duckdb_memory_limit"):
        load_params(write_params(duckdb_memory_limit="lots"))


def test_the_longest_source_is_expected_from_the_last_integration(faulty: RunParams) -> None:
    sizes = source_pool.source_sizes(faulty)
    first = source_pool.expected_seconds(faulty, sizes)  # nothing integrated yet: file sizes
    parquet = [n for n in SOURCES if faulty.source_path(n).suffix == ".parquet"]
    assert parquet and all(first[n] == 4 * sizes[n] for n in parquet)
    integrate(faulty)
    again = source_pool.expected_seconds(faulty, sizes)
    report = json.loads((faulty.processed_dir / "integration_report.json").read_text("utf-8"))
    assert again == {n: float(report["seconds"][n]) for n in SOURCES}
