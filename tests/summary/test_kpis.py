"""Headline KPIs equal direct counts from the conformed tables."""

from __future__ import annotations

import pandas as pd
import pytest

from journey_utils.catalog import NPL_CLASSES
from journey_utils.integration.pipeline import ensure_integrated
from journey_utils.params.run import load_params
from journey_utils.summary.kpis import kpi_tiles_html, kpis_frame, kpis_table, summary_kpis
from text_checks import has_cjk


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("summary")
    (root / "params").mkdir()
    (root / "params" / "s.yaml").write_text(
        "run_name: s\ndata_dir: data/s\nn_clients: 300\ndirty_share: 0.01\n", encoding="utf-8"
    )
    mp = pytest.MonkeyPatch()
    mp.setenv("JOURNEY_PROJECT_ROOT", str(root))
    try:
        params = load_params(root / "params" / "s.yaml")
        result = ensure_integrated(params)
        kpis = {k.key: k for k in summary_kpis(params, result.summary_frame())}
        processed = params.processed_dir
    finally:
        mp.undo()
    return processed, result, kpis


def test_kpis_match_direct_counts(run) -> None:
    processed, result, kpis = run
    apps = pd.read_parquet(processed / "applications.parquet")
    perf = pd.read_parquet(processed / "loan_performance.parquet")
    clients = pd.read_parquet(processed / "client_360.parquet")
    assert kpis["clients"].value == len(clients) == 300
    assert kpis["applications"].value == len(apps)
    assert kpis["disbursed"].value == (apps["outcome"] == "disbursed").sum()
    disbursed_amount = apps.loc[apps["outcome"] == "disbursed", "approved_amount"].sum()
    assert kpis["disbursed_amount"].value == pytest.approx(disbursed_amount)
    last = perf.sort_values("month").groupby("application_id").last()
    on_book = last[(last["month"] == perf["month"].max()) & (last["balance"] > 0)]
    npl = on_book["classification"].isin(NPL_CLASSES).mean()
    assert kpis["npl_share"].value == pytest.approx(npl)
    surveys = pd.read_parquet(processed / "surveys.parquet")
    recent = surveys[surveys["ts"] > pd.Timestamp("2025-12-31") - pd.DateOffset(months=12)]
    assert kpis["csat"].value == pytest.approx(recent["csat"].mean())
    summary = result.summary_frame()
    assert kpis["rows_in"].value == summary["rows_in"].sum()
    assert kpis["quarantine_share"].value == pytest.approx(
        summary["quarantined"].sum() / summary["rows_in"].sum()
    )


def test_tiles_and_tables_show_every_kpi(run) -> None:
    _, _, kpis = run
    listed = list(kpis.values())
    html = kpi_tiles_html(listed)
    assert html.count("text-transform:uppercase") == len(listed)
    assert "http" not in html
    assert list(kpis_table(listed).columns) == ["figure", "value", "what_it_counts"]
    assert len(kpis_frame(listed)) == len(listed)


def test_kpi_notes_follow_the_report_language() -> None:
    from journey_utils.summary.kpis import _note
    from journey_utils.summary.messages import MESSAGES

    assert _note("disbursed", "zh", share="37.3%") == "占申请的 37.3%"
    assert _note("disbursed", "en", share="37.3%") == "37.3% of applications"
    notes = [forms for key, forms in MESSAGES.entries.items() if key.startswith("kpi_note.")]
    assert all(has_cjk(forms["zh"]) for forms in notes)
