"""Shared fixtures: a throw-away project root so tests never touch the real data/ or reports/."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project root that journey_utils resolves params paths against."""
    (tmp_path / "params").mkdir()
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    monkeypatch.delenv("JOURNEY_PSEUDO_KEY", raising=False)
    return tmp_path


@pytest.fixture
def write_params(project: Path):
    """Write a params YAML into the throw-away project and return its path."""

    def _write(name: str = "test", **values: object) -> Path:
        base = {"run_name": name, "data_dir": f"data/{name}", "n_clients": 300}
        path = project / "params" / f"{name}.yaml"
        path.write_text(yaml.safe_dump({**base, **values}, allow_unicode=True), encoding="utf-8")
        return path

    return _write


@pytest.fixture(scope="session")
def default_portfolio(tmp_path_factory: pytest.TempPathFactory):
    """params/default.yaml as shipped (20,000 clients, default seed), generated and integrated
    once per test session into a temp folder: the known-truth scale. Tests only read it."""
    from journey_utils.integration.processed import integrate
    from journey_utils.params.run import load_params
    from journey_utils.synthetic.portfolio import generate_portfolio

    folder = tmp_path_factory.mktemp("default_portfolio")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
        params = load_params(REPO / "params" / "default.yaml", {"data_dir": str(folder)})
        generate_portfolio(params)
        integrate(params)
    return params


@pytest.fixture(autouse=True)
def _isolated_chart_style():
    """Each test starts from the same matplotlib settings: a house style applied by one test
    (e.g. titles placed left) must not change what another test reads back."""
    import matplotlib as mpl

    with mpl.rc_context():
        yield
