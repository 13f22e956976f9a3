"""Shared fixtures: a throw-away project root so tests never touch the real data/ or reports/, and
session-wide generated data sets: the default scale (20,000 clients, as in params/default.yaml)
for known-truth checks, a small one for fast unit tests and the BPI 2012 log; and the smoke
workbook published once per language per session (end-to-end and browser tests share it)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from journey_utils.integration.processed import integrate, load_journey_log
from journey_utils.journey.dataset import load_journey_data
from journey_utils.params.run import load_params
from journey_utils.reporting import run_workbook
from journey_utils.reporting.results import RunResult
from journey_utils.synthetic.portfolio import generate_portfolio

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


@dataclass(frozen=True)
class DataSet:
    """A generated and integrated data set: its params, journey log and the generator's truth."""

    params: Any
    log: pd.DataFrame
    truth: dict[str, Any]

    def table(self, name: str) -> pd.DataFrame:
        return pd.read_parquet(self.params.processed_dir / f"{name}.parquet")


def _build(tmp: Path, **overrides: object) -> DataSet:
    params = load_params(REPO / "params" / "default.yaml", {"data_dir": str(tmp), **overrides})
    generate_portfolio(params)
    integrate(params)
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    return DataSet(params=params, log=load_journey_log(params), truth=truth)


@pytest.fixture(scope="session")
def default_scale(default_portfolio) -> DataSet:
    """params/default.yaml as shipped (20,000 clients, default seed): the known-truth scale."""
    params = default_portfolio
    truth = json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))
    return DataSet(params=params, log=load_journey_log(params), truth=truth)


@pytest.fixture(scope="session")
def small_scale(tmp_path_factory: pytest.TempPathFactory) -> DataSet:
    """A 1,000-client portfolio with the default seed, for fast structural tests."""
    return _build(tmp_path_factory.mktemp("small_scale"), n_clients=1000, dirty_share=0.0)


BPI_LOG = REPO.parent / "shared" / "data" / "bpic2012" / "BPI_Challenge_2012.xes.gz"


@pytest.fixture(scope="session")
def bpi_data(tmp_path_factory: pytest.TempPathFactory):
    """params/bpi2012.yaml as shipped, imported into a temp data folder (a test key is set)."""
    if not BPI_LOG.is_file():
        pytest.skip(f"the BPI Challenge 2012 log is not beside the repo ({BPI_LOG})")
    folder = tmp_path_factory.mktemp("bpi2012")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JOURNEY_PSEUDO_KEY", "test-key-for-the-bpi-log-0123456789")
        mp.setenv("JOURNEY_PROJECT_ROOT", str(REPO))
        params = load_params(REPO / "params" / "bpi2012.yaml", {"data_dir": str(folder)})
        return load_journey_data(params)


OTHER_SEEDS: tuple[int, ...] = (1, 2, 3)
OTHER_SEED_CLIENTS = 5_000
"""Known-truth checks beyond the default seed: three other seeds at a quarter of the default
size (each generates and integrates in a few seconds)."""


@pytest.fixture(scope="session")
def portfolio_at(tmp_path_factory: pytest.TempPathFactory):
    """`(seed, n_clients) -> params` of params/default.yaml at that seed and size, generated and
    integrated once per session on first use (known truth beyond the default portfolio)."""
    made: dict[tuple[int, int], Any] = {}

    def get(seed: int, n_clients: int):
        if (seed, n_clients) not in made:
            folder = tmp_path_factory.mktemp(f"seed{seed}_{n_clients}")
            overrides = {"data_dir": str(folder), "seed": seed, "n_clients": n_clients}
            with pytest.MonkeyPatch.context() as mp:
                mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
                params = load_params(REPO / "params" / "default.yaml", overrides)
                generate_portfolio(params)
                integrate(params)
            made[seed, n_clients] = params
        return made[seed, n_clients]

    return get


@pytest.fixture(scope="session")
def other_seed_portfolio(portfolio_at):
    """`(seed) -> params` of params/default.yaml at that seed and OTHER_SEED_CLIENTS clients."""

    def get(seed: int):
        return portfolio_at(seed, OTHER_SEED_CLIENTS)

    return get


@dataclass(frozen=True)
class SmokeRun:
    """params/smoke.yaml (in `lang`) run through every notebook in a throw-away project."""

    lang: str
    root: Path
    """The project root (JOURNEY_PROJECT_ROOT of the run; its params file is params/smoke.yaml)."""
    result: RunResult
    raw_dir: Path
    """The generated raw data the reports were made from."""

    @property
    def folder(self) -> Path:
        """The published run folder (reports/<run id>): the HTML reports, index and manifest."""
        return self.result.folder


def _publish_smoke(root: Path, lang: str) -> SmokeRun:
    """Run the shipped smoke params, with only `lang` (and the run name, for zh) changed."""
    text = (REPO / "params" / "smoke.yaml").read_text(encoding="utf-8")
    if lang != "en":
        text, n = re.subn(r"^lang: en\b", f"lang: {lang}", text, flags=re.MULTILINE)
        assert n == 1, "params/smoke.yaml no longer says `lang: en` on a line of its own"
        text = re.sub(r"^run_name: smoke\b", f"run_name: smoke-{lang}", text, flags=re.MULTILINE)
    (root / "params").mkdir()
    path = root / "params" / "smoke.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JOURNEY_PROJECT_ROOT", str(root))
        mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
        result = run_workbook(path, notebooks_dir=REPO / "notebooks")
        raw_dir = load_params(path).raw_dir
    return SmokeRun(lang=lang, root=root, result=result, raw_dir=raw_dir)


@pytest.fixture(scope="session")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], SmokeRun]:
    """`(lang) -> SmokeRun`: the smoke workbook published in that language, once per session on
    first use (about a minute and a half each), so the end-to-end and the browser tests share
    one English run. A failed run is kept too, and fails every test that asks for it."""
    runs: dict[str, SmokeRun] = {}

    def get(lang: str = "en") -> SmokeRun:
        if lang not in runs:
            runs[lang] = _publish_smoke(tmp_path_factory.mktemp(f"smoke_{lang}"), lang)
        run = runs[lang]
        assert run.result.ok, f"the {lang} smoke run failed: {run.result.statuses}"
        return run

    return get
