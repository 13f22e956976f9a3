"""The risk report's composite steps on the default portfolio, and the SBA loan book loader."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import InputError, JourneyError
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.params.run import load_params
from journey_utils.risk.pd_model import fit_pd_model
from journey_utils.risk.report import (
    demand_fit_reading,
    downgraded_reading,
    expected_demand,
    fit_demand,
    load_loan_book,
    load_risk_inputs,
    loan_book_reading,
    named_segments,
    pd_features,
    pd_model_reading,
    psi_reading,
    segment_pd_table,
    step_name,
)
from journey_utils.segmentation.fit import fit_segments
from journey_utils.segmentation.model import save_segments
from text_checks import CJK, same_numbers

REPO = Path(__file__).resolve().parents[2]
SBA = REPO.parent / "shared" / "data" / "sba" / "SBAcase.11.13.17.csv"


@pytest.fixture(scope="module")
def inputs(default_portfolio):
    """The default portfolio's risk inputs, with segments saved as notebook 04 would."""
    from journey_utils.integration.processed import load_client_360

    params = default_portfolio
    if not (params.processed_dir / "segments.parquet").is_file():
        clients = load_client_360(params)
        result = fit_segments(
            clients, params.n_segments, params.seed, min_cell_size=params.min_cell_size
        )
        save_segments(params, result)
    return load_risk_inputs(params)


@pytest.fixture(scope="module")
def model(inputs):
    frame = inputs.pd.frame
    return fit_pd_model(frame, pd_features(frame), inputs.params.risk.train_until)


def test_inputs_reconcile_and_carry_segments(inputs) -> None:
    excl = inputs.pd.exclusions.set_index("reason")["cases"]
    left_out = excl.drop(["candidates", "model_population"]).sum()
    assert excl["candidates"] == left_out + excl["model_population"] == len(inputs.applications)
    assert len(inputs.pd.frame) == excl["model_population"]
    assert inputs.segments is not None
    on_book = inputs.loans()
    assert on_book["segment_name"].notna().all()
    assert len(inputs.loans(on_book_only=False)) > len(on_book)


def test_readings_quote_the_tables(model) -> None:
    test = model.performance.set_index("period").loc["test"]
    text = pd_model_reading(model)
    assert f"AUC of {test['auc']:.2f}" in text and f"{int(test['loans']):,} later loans" in text
    assert "stable" in psi_reading(model.psi)
    shifted = model.psi.assign(psi=0.05)
    assert "re-develop" in psi_reading(shifted)


def _dominant_archetype(inputs) -> pd.Series:
    """Segment name -> the planted archetype most of its clients were drawn from (truth file,
    client ids pseudonymised as integration does), so a test finds a segment by what the
    generator put in it, not by the name one seed's fit happened to give it."""
    params = inputs.params
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("JOURNEY_PSEUDO_KEY", raising=False)
        truth = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
        truth["client_id"] = pseudonymiser(params).pseudonymise(truth["client_id"], "C")
    clients = inputs.segments.merge(truth, on="client_id", how="inner")
    assert len(clients) == len(inputs.segments)
    return clients.groupby("segment_name")["archetype"].agg(lambda a: a.mode().iloc[0])


def test_segment_pd_follows_the_planted_risk(inputs, model) -> None:
    """Segments drawn mostly from the real-estate and construction archetype carry a higher PD
    than those drawn mostly from mature manufacturers: the truth's industry effects put real
    estate and construction above manufacturing, the reference industry."""
    table = segment_pd_table(model, inputs, min_cell_size=10).set_index("segment_name")
    assert (table["loans"] >= 10).all()
    assert table["pd"].between(0, 1).all()
    planted = inputs.params.root / "truth" / "truth.json"
    industry = json.loads(planted.read_text(encoding="utf-8"))["default"]["industry"]
    assert min(industry["real_estate"], industry["construction"]) > 0  # manufacturing: 0
    archetype = _dominant_archetype(inputs).reindex(table.index)
    developers = table.loc[archetype == "real_estate_construction", "pd"]
    manufacturers = table.loc[archetype == "mature_manufacturer", "pd"]
    assert len(developers) and len(manufacturers)
    assert developers.min() > manufacturers.max()


def test_demand_forecast_is_calibrated_and_adds_up(inputs) -> None:
    fit = fit_demand(inputs)
    assert fit.calibration["gap"].abs().max() < 0.05
    table = expected_demand(fit, inputs, "lifecycle_stage")
    assert table["clients"].sum() == len(inputs.client_360)
    assert np.isclose(table["expected_applicants"].sum(), fit.predict(fit.current).sum())
    held_out = fit.exclusions.set_index("reason")["rows"]["held out"]
    assert 0 < held_out < len(fit.current) * 100  # some panel rows were kept back, not all
    assert fit.coefficients is fit.model.coefficients


def test_demand_fit_on_a_capped_sample_says_so_and_loses_no_row(inputs) -> None:
    whole = fit_demand(inputs)
    assert "sample" not in demand_fit_reading(whole)  # 20,000 clients: every training client
    cap = 2_000
    risk = inputs.params.risk.model_copy(update={"demand_fit_clients": cap})
    capped = inputs.params.model_copy(update={"risk": risk})
    fit = fit_demand(dataclasses.replace(inputs, params=capped))
    assert fit.fitted_clients == cap and fit.held_clients == whole.held_clients
    left = fit.exclusions.set_index("reason")["rows"]
    assert left["held out"] == whole.exclusions.set_index("reason")["rows"]["held out"]
    panel_rows = whole.model.result.nobs + whole.exclusions["rows"].sum()
    assert fit.model.result.nobs + left.sum() == panel_rows  # fitted + left out = the panel
    assert fit.model.result.nobs < whole.model.result.nobs / 5
    assert f"{cap:,} of the {whole.clients - whole.held_clients:,}" in demand_fit_reading(fit)
    assert f"{left['not in the fitting sample']:,}" in demand_fit_reading(fit)
    assert CJK.search(demand_fit_reading(fit, lang="zh"))
    assert fit.calibration["gap"].abs().max() < 0.05  # a sample still calibrates


def test_demand_check_on_a_capped_hold_out_says_so(inputs) -> None:
    whole = fit_demand(inputs)
    assert "demand_check_clients" not in demand_fit_reading(whole)  # 30% of 20,000 < the cap
    cap = 1_000
    risk = inputs.params.risk.model_copy(update={"demand_check_clients": cap})
    capped = inputs.params.model_copy(update={"risk": risk})
    fit = fit_demand(dataclasses.replace(inputs, params=capped))
    assert fit.held_clients == cap < whole.held_clients
    assert fit.fitted_clients == fit.clients - cap  # the rest are all training clients
    left = fit.exclusions.set_index("reason")["rows"]
    panel_rows = whole.model.result.nobs + whole.exclusions["rows"].sum()
    assert fit.model.result.nobs + left.sum() == panel_rows  # fitted + left out = the panel
    reading = demand_fit_reading(fit)
    assert f"{cap:,} clients rather than 30%" in reading and "demand_check_clients" in reading
    assert CJK.search(demand_fit_reading(fit, lang="zh"))
    assert fit.calibration["rows"].sum() == left["held out"]  # checked on the sample's rows
    assert left["held out"] < whole.exclusions.set_index("reason")["rows"]["held out"]


@pytest.mark.skipif(not SBA.is_file(), reason="SBA file not beside the repo")
def test_loan_book_needs_a_key_and_pseudonymises(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    params = load_params(REPO / "params" / "sba.yaml", {"data_dir": str(tmp_path)})
    monkeypatch.delenv("JOURNEY_PSEUDO_KEY", raising=False)
    with pytest.raises(JourneyError, match="JOURNEY_PSEUDO_KEY"):
        load_loan_book(params)
    monkeypatch.setenv("JOURNEY_PSEUDO_KEY", "test-key-for-the-sba-book-0123456789")
    book = load_loan_book(params)
    raw = pd.read_csv(SBA, encoding="utf-8-sig", dtype=str)
    assert not set(book.frame["loan_id"]) & set(raw["LoanNr_ChkDgt"])
    unknown = len(raw) - raw["NewExist"].isin(["1", "2"]).sum()  # neither existing nor new
    assert f"{len(raw):,} loans read, {unknown} left out" in loan_book_reading(book)
    zh = loan_book_reading(book, lang="zh")
    assert f"共读取 {len(raw):,} 笔贷款" in zh and same_numbers(loan_book_reading(book), zh)


def test_readings_in_chinese_quote_the_same_numbers(model) -> None:
    for reading in (pd_model_reading, lambda m, lang="en": psi_reading(m.psi, lang=lang)):
        en, zh = reading(model), reading(model, lang="zh")
        assert CJK.search(zh) and not CJK.search(en)
        assert same_numbers(en, zh), (en, zh)
    shifted = model.psi.assign(psi=0.05)
    assert "重新开发" in psi_reading(shifted, lang="zh")


def test_step_names_and_segment_names_follow_the_language() -> None:
    assert step_name("pd_model") == "PD model" and CJK.search(step_name("pd_model", "zh"))
    with pytest.raises(InputError, match="unknown step"):
        step_name("nothing")
    segments = pd.DataFrame(
        {"client_id": ["a"], "segment": [0], "segment_name": ["Makers"]}
    ).assign(segment_name_zh=["制造"])
    assert named_segments(segments, "zh")["segment_name"].tolist() == ["制造"]
    assert named_segments(segments)["segment_name"].tolist() == ["Makers"]


def test_downgraded_reading_counts_rows_in_both_languages() -> None:
    worsened = pd.DataFrame({"client_id": [f"c{i}" for i in range(1234)]})
    en, zh = downgraded_reading(worsened), downgraded_reading(worsened, lang="zh")
    assert en == "1,234 clients were downgraded at the latest review."
    assert CJK.search(zh) and "1,234" in zh and same_numbers(en, zh)
