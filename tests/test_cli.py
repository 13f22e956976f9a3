"""The `journey` command: bad input ends with one line and exit code 2, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from journey_utils.cli import ChunkProgress, main


def test_bad_params_file_is_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "params" / "bad.yaml"
    path.write_text("run_name: x\nn_clients: lots\ndata_dir: d\n", encoding="utf-8")
    code = main(["generate", "--params", str(path)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.count("\n") == 0 and "Traceback" not in err
    assert str(path) in err and "n_clients" in err


def test_missing_params_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--params", str(project / "params" / "none.yaml")]) == 2
    assert "params file not found" in capsys.readouterr().err


def test_unknown_command_exits_with_usage() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["fly"])
    assert exc.value.code == 2


@pytest.fixture
def generated(write_params) -> Path:
    """A small clean synthetic portfolio, generated through the CLI."""
    path = write_params("bad", n_clients=300, dirty_share=0.0)
    assert main(["generate", "--params", str(path)]) == 0
    return path


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and err[0].startswith("error: "), err
    return err[0]


def test_integrate_missing_source_file(
    generated: Path,
    project: Path,
    write_params,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Real (non-synthetic) sources are never regenerated: a missing file must stop the run.
    real = write_params("real", data_dir="data/bad", synthetic=False)
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "a-test-key-that-is-long-enough")
    (project / "data" / "bad" / "raw" / "surveys.csv").unlink()
    capsys.readouterr()
    assert main(["integrate", "--params", str(real)]) == 2
    assert "surveys.csv" in _one_line_error(capsys)


def test_integrate_missing_required_column(
    generated: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "bad" / "raw" / "financials.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [",".join(line.split(",")[:-1]) for line in lines]  # drop interest_expense
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["integrate", "--params", str(generated)]) == 2
    line = _one_line_error(capsys)
    assert "financials.csv" in line and "interest_expense" in line


def test_integrate_unreadable_encoding(
    generated: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "bad" / "raw" / "surveys.csv"
    data = path.read_bytes().splitlines(keepends=True)
    data[5] = b"\xff\xfe\xfa\xfb," + data[5]  # bytes neither UTF-8 nor GB18030 can decode
    path.write_bytes(b"".join(data))
    capsys.readouterr()
    assert main(["integrate", "--params", str(generated)]) == 2
    line = _one_line_error(capsys)
    assert "surveys.csv" in line and "row" in line


def test_integrate_names_every_row_it_sets_aside(
    generated: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "data" / "bad" / "raw" / "surveys.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",surplus"  # data row 3: one field too many
    lines[4] = "\ufeff" + lines[4]  # a byte-order mark before data row 4's key
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["integrate", "--params", str(generated)]) == 0
    out = capsys.readouterr().out
    assert "quarantined: surveys: 1 rows: malformed: 8 fields where 7 were expected" in out
    assert "note: surveys.response_id: invisible_removed (1)" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_integration_progress_is_a_bar_on_a_terminal_and_lines_elsewhere() -> None:
    plain = io.StringIO()
    lines = ChunkProgress(plain)
    lines.seen("clients", 500_000)
    lines.seen("clients", 812_345)
    lines.close()
    assert plain.getvalue().splitlines() == [
        "integrating clients: 500,000 rows read", "integrating clients: 812,345 rows read",
    ]  # fmt: skip
    term = _Terminal()
    bars = ChunkProgress(term)
    bars.seen("clients", 500_000)
    bars.seen("surveys", 20)
    bars.close()
    shown = term.getvalue()
    assert "clients" in shown and "surveys" in shown and "rows" in shown


def test_generation_prints_a_line_per_chunk_of_clients(
    write_params, capsys: pytest.CaptureFixture[str]
) -> None:
    params = write_params("gen", n_clients=2_500, seed=5)
    assert main(["generate", "--params", str(params), "--force"]) == 0
    out = capsys.readouterr().out.splitlines()
    steps = [line for line in out if line.startswith("generating clients: ")]
    assert steps and steps[-1] == "generating clients: 2,500 of 2,500"
    done = [int(s.split(": ")[1].split(" of ")[0].replace(",", "")) for s in steps]
    assert done == sorted(done) and len(set(done)) == len(done)  # one line per chunk, rising


def test_a_quiet_run_still_says_when_latest_was_not_moved(
    write_params, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from journey_utils import cli
    from journey_utils.reporting.results import RunResult

    path = write_params("quiet")
    published = RunResult(run_id="r", folder=Path("reports/r"), notebooks=(), latest_moved=False)
    monkeypatch.setattr(cli, "run_workbook", lambda *a, **k: published)
    monkeypatch.setattr(cli, "check_ready_to_run", lambda *a: [])
    assert main(["run", "--params", str(path), "--only", "00_summary", "--quiet"]) == 0
    assert "reports/latest was not moved" in capsys.readouterr().out
