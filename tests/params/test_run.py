"""Params validation: every shipped file loads; bad files stop with one line naming file and key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journey_utils.errors import ParamsError
from journey_utils.params.run import PARAM_KEYS, load_params, notebook_params, resolve_path

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["default", "smoke", "bank_scale", "sba"])
def test_shipped_params_load(name: str) -> None:
    params = load_params(REPO / "params" / f"{name}.yaml")
    assert params.run_name == name
    assert params.as_of > params.start_date


def test_shipped_sizes_match_the_issue() -> None:
    sizes = {
        n: load_params(REPO / "params" / f"{n}.yaml").n_clients
        for n in ("default", "smoke", "bank_scale")
    }
    assert sizes["default"] == 20_000
    assert sizes["bank_scale"] == 500_000
    assert 100 <= sizes["smoke"] <= 1_000


def test_unknown_key_is_named(write_params) -> None:
    path = write_params(n_clientz=5)
    with pytest.raises(ParamsError) as err:
        load_params(path)
    msg = str(err.value)
    assert str(path) in msg and "unknown key 'n_clientz'" in msg and "\n" not in msg


def test_mistyped_value_is_named(write_params) -> None:
    path = write_params(n_clients="many")
    with pytest.raises(ParamsError, match=r"key 'n_clients'"):
        load_params(path)


def test_bad_date_and_range(write_params) -> None:
    with pytest.raises(ParamsError, match="as_of"):
        load_params(write_params(as_of="2025-13-45"))
    with pytest.raises(ParamsError, match="dirty_share"):
        load_params(write_params(dirty_share=0.9))
    with pytest.raises(ParamsError, match="start_date must be before as_of"):
        load_params(write_params(start_date="2026-01-01", as_of="2025-01-01"))


def test_malformed_yaml_names_the_line(project: Path) -> None:
    path = project / "params" / "broken.yaml"
    path.write_text("run_name: x\ndata_dir: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParamsError) as err:
        load_params(path)
    assert "malformed YAML" in str(err.value) and "row" in str(err.value)


def test_not_a_mapping_and_missing_file(project: Path) -> None:
    path = project / "params" / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="mapping"):
        load_params(path)
    with pytest.raises(ParamsError, match="not found"):
        load_params(project / "params" / "nope.yaml")


def test_unknown_source_override_is_named(write_params) -> None:
    with pytest.raises(ParamsError, match="unknown source 'ledger'"):
        load_params(write_params(sources={"ledger": {"path": "x.csv"}}))


def test_paths_resolve_against_project_root(write_params, project: Path) -> None:
    params = load_params(write_params(sources={"clients": {"path": "in/c.csv", "encoding": "gbk"}}))
    assert params.raw_dir == project / "data" / "test" / "raw"
    assert params.source_path("clients") == project / "in" / "c.csv"
    assert params.source_encoding("clients") == "gbk"
    assert params.source_path("surveys") == params.raw_dir / "surveys.csv"
    assert resolve_path("/abs/x") == Path("/abs/x")


def test_notebook_params_apply_injected_overrides(write_params) -> None:
    path = write_params()
    namespace = {"params_file": str(path), "lang": "zh", "as_of": "2024-06-30", "unrelated": 1}
    params = notebook_params(namespace)
    assert params.lang == "zh" and params.as_of == date(2024, 6, 30)
    with pytest.raises(ParamsError, match="lang"):
        notebook_params({**namespace, "lang": "fr"})


def test_notebook_parameters_round_trip(write_params) -> None:
    path = write_params()
    params = load_params(path)
    injected = params.as_notebook_parameters()
    assert set(injected) == set(PARAM_KEYS)
    assert notebook_params({"params_file": str(path), **injected}) == params


def test_unknown_key_inside_a_source_lists_source_keys(write_params) -> None:
    path = write_params(sources={"clients": {"path": "c.csv", "encodng": "gbk"}})
    with pytest.raises(
        ParamsError,
        match=r"'sources\.clients\.encodng' \(valid keys: encoding, delimiter, quotechar, "
        r"missing_values, date_format, path, columns, values\)",
    ):
        load_params(path)


def test_date_format_must_state_a_day_month_order(write_params) -> None:
    path = write_params(sources={"surveys": {"date_format": "YYYY"}})
    with pytest.raises(ParamsError, match="DD/MM/YYYY or MM/DD/YYYY"):
        load_params(path)
    ok = write_params(sources={"surveys": {"date_format": "%d/%m/%Y"}})
    assert load_params(ok).source_options("surveys").date_format == "%d/%m/%Y"


def test_paths_are_fixed_when_params_are_loaded(
    write_params, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory
) -> None:
    params = load_params(write_params())
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path_factory.mktemp("elsewhere")))
    assert params.raw_dir == project / "data" / "test" / "raw"


def test_risk_block_defaults_and_bad_values(write_params) -> None:
    params = load_params(write_params())
    assert params.risk.pd_window_months == 12 and 0 <= params.risk.lgd <= 1
    with pytest.raises(ParamsError, match=r"risk\.lgd"):
        load_params(write_params(risk={"lgd": 1.5}))
    with pytest.raises(ParamsError, match=r"unknown key 'risk.lgdd'.*capital_charge"):
        load_params(write_params(risk={"lgdd": 0.4}))


def test_loan_book_run_reads_only_the_loan_book(write_params, project) -> None:
    book = {"path": "loans.csv", "target": "status", "bad": ["default"]}
    params = load_params(write_params(synthetic=False, loan_book=book))
    assert params.loan_book_path == project / "loans.csv"
    with pytest.raises(ParamsError, match="reads only the loan book"):
        load_params(write_params(synthetic=True, loan_book=book))
