"""A notebook's inputs are made ready on demand: generate if synthetic, integrate if stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journey_utils.errors import InputError
from journey_utils.integration.pipeline import (
    ensure_integrated,
    integration_is_current,
    prepare_sources,
)
from journey_utils.params.run import load_params


def test_synthetic_sources_generated_once(write_params) -> None:
    params = load_params(write_params(n_clients=200))
    assert prepare_sources(params) is True
    assert params.source_path("clients").is_file()
    assert prepare_sources(params) is False


def test_real_sources_are_never_generated(write_params, project: Path) -> None:
    params = load_params(write_params(synthetic=False))
    with pytest.raises(InputError, match=r"clients\.csv: source 'clients' not found"):
        prepare_sources(params)
    assert not (project / "data" / "test" / "raw").exists()


def test_integration_reused_until_a_source_changes(write_params) -> None:
    params = load_params(write_params(n_clients=200))
    assert not integration_is_current(params)
    first = ensure_integrated(params)
    assert integration_is_current(params)
    report = params.processed_dir / "integration_report.json"
    built = report.stat().st_mtime
    again = ensure_integrated(params)
    assert report.stat().st_mtime == built  # loaded, not rebuilt
    assert again.summary_frame().equals(first.summary_frame())
    source = params.source_path("surveys")
    os.utime(source, (built + 10, built + 10))
    assert not integration_is_current(params)


def test_run_stops_before_kernels_on_missing_notebook_or_key(write_params, project: Path) -> None:
    from journey_utils.errors import JourneyError
    from journey_utils.integration.pipeline import check_ready_to_run

    notebooks = project / "notebooks"
    notebooks.mkdir()
    params = load_params(write_params(n_clients=200, notebooks=["01_x"]))
    with pytest.raises(InputError, match="notebook '01_x'"):
        check_ready_to_run(params, notebooks)
    (notebooks / "01_x.ipynb").write_text("{}", encoding="utf-8")
    real = load_params(write_params("real", notebooks=["01_x"], synthetic=False))
    with pytest.raises(JourneyError, match="JOURNEY_PSEUDO_KEY"):
        check_ready_to_run(real, notebooks)
    check_ready_to_run(params, notebooks)  # synthetic: generates, then ready
    assert params.source_path("clients").is_file()


def test_a_loan_book_offers_only_its_loans(write_params, project: Path) -> None:
    from journey_utils.integration.pipeline import available_tables, data_set_kind

    book = {"path": "loans.csv", "format": "sba_case"}
    params = load_params(write_params(synthetic=False, loan_book=book))
    assert available_tables(params) == {"loan_book", "sba_loan_book"}
    assert data_set_kind(params) == "a loan book"
    with pytest.raises(InputError, match=r"loan_book\.path"):
        prepare_sources(params)
    (project / "loans.csv").write_text("x\n", encoding="utf-8")
    assert prepare_sources(params) is False  # a real file is read, never generated
