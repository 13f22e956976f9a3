"""The `journey` command: bad input ends with one line and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from journey_utils.cli import main


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
