"""What the risk report saves for the summary: underpriced groups and the downgrade count,
no client id, and nothing when a step did not run."""

from __future__ import annotations

import pandas as pd

from journey_utils.risk.findings import load_risk_findings, risk_findings, save_risk_findings


def test_underpriced_groups_and_downgrades() -> None:
    pricing = pd.DataFrame({
        "segment_name": ["A", "B", "C"], "verdict": ["underpriced", "in line", "overpriced"],
        "gap_bp": [-120.0, -3.0, 40.0], "offers": [50, 60, 70],
    })  # fmt: skip
    worsened = pd.DataFrame({"client_id": ["CL-1", "CL-2"]})
    worsened.attrs.update({"compared": 900, "to_period": "2025-12-31"})
    table = risk_findings(pricing, worsened)
    assert table["kind"].tolist() == ["underpriced", "downgrades"]
    assert table.iloc[0][["subject", "value", "volume"]].tolist() == ["A", -120.0, 50.0]
    assert table.iloc[1][["value", "volume", "detail"]].tolist() == [2.0, 900.0, "2025-12-31"]
    assert "CL-1" not in table.to_string()  # counts only, never a client


def test_steps_that_did_not_run_add_nothing(tmp_path, write_params) -> None:
    from journey_utils.params.run import load_params

    params = load_params(write_params("f"))
    assert load_risk_findings(params) is None
    params.processed_dir.mkdir(parents=True)
    saved = save_risk_findings(params, None, None)
    assert saved.empty and load_risk_findings(params).empty
