"""`journey inspect-log`: what a log holds, without identifiers, and a starter mapping that maps
only what names make obvious — never against what an analyst mapped by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from journey_utils.cli import main
from journey_utils.integration.inspect_log import inspect_log, obvious_stage, starter_params
from journey_utils.params.run import validate_params

REPO = Path(__file__).resolve().parents[2]
BPI_LOG = REPO.parent / "shared" / "data" / "bpic2012" / "BPI_Challenge_2012.xes.gz"

LOG = """CaseID,Activity,Complete Timestamp,Resource,lifecycle
K-1001,Submit application,2024-01-01 10:00:00+08:00,Zhang Wei,complete
K-1001,Verify documents,2024-01-02 10:00:00+08:00,Li Na,complete
K-1001,Approve,2024-01-03 10:00:00+08:00,Li Na,complete
K-1001,Disburse loan,2024-01-05 10:00:00+08:00,Wang Fang,complete
K-1002,Submit application,2024-02-01 10:00:00+08:00,Zhang Wei,complete
K-1002,Reject,2024-02-03 10:00:00+08:00,Li Na,complete
K-1002,Call client,2024-02-02 10:00:00,Zhang Wei,start
"""


def test_inspection_describes_the_log_without_identifiers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    path = tmp_path / "loans.csv"
    path.write_text(LOG, encoding="utf-8")
    out = project / "params" / "loans_starter.yaml"
    assert main(["inspect-log", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "7 events, 2 cases" in printed
    assert "+08:00 (6)" in printed and "none (1)" in printed  # zone spellings seen
    for secret in ("K-1001", "Zhang Wei", "Li Na"):  # case ids and staff never shown
        assert secret not in printed and secret not in out.read_text(encoding="utf-8")
    values = yaml.safe_load(out.read_text(encoding="utf-8"))
    params = validate_params(values)  # the starter is a valid params file as written
    spec = params.event_log
    assert spec is not None
    assert spec.columns.case == "CaseID" and spec.columns.timestamp == "Complete Timestamp"
    assert spec.columns.lifecycle == "lifecycle" and spec.columns.resource == "Resource"
    assert spec.stage_of() == {
        "Submit application": "application",
        "Verify documents": "due_diligence",
        "Approve": "approval",
        "Disburse loan": "contract_disbursement",
    }
    text = out.read_text(encoding="utf-8")
    assert "'Reject': 1 events (an outcome 'declined'?" in text and "'Call client'" in text
    assert main(["inspect-log", str(path), "--out", str(out)]) == 2  # never overwrites silently


@pytest.mark.parametrize(
    ("activity", "stage"),
    [
        ("A_SUBMITTED", "application"),
        ("A_PREACCEPTED", None),  # "accept" is not approval: left to the analyst
        ("Credit check", "due_diligence"),
        ("approve and activate", None),  # two stages' words: not obvious
    ],
)
def test_only_obvious_names_are_mapped(activity: str, stage: str | None) -> None:
    assert obvious_stage(activity) == stage


@pytest.mark.skipif(not BPI_LOG.is_file(), reason="needs ../shared/data/bpic2012")
def test_bpi_starter_agrees_with_the_hand_made_mapping() -> None:
    by_hand = yaml.safe_load((REPO / "params" / "bpi2012.yaml").read_text(encoding="utf-8"))
    hand = by_hand["event_log"]
    hand_stage = {a: s for s, acts in hand["stages"].items() for a in acts}
    text = starter_params(inspect_log(BPI_LOG), "bpi")
    starter = yaml.safe_load(text)["event_log"]
    mapped = {a: s for s, acts in starter["stages"].items() for a in acts}
    assert mapped, "the starter maps nothing"
    assert {a: hand_stage.get(a) for a in mapped} == mapped  # never against the analyst
    listed = set(mapped) | {
        line.split("'")[1] for line in text.splitlines() if line.startswith("#   - '")
    }
    every = set(hand_stage) | {a for acts in hand["outcomes"].values() for a in acts}
    assert every | set(hand["ignore"]) <= listed  # every activity is in the starter
    assert starter["columns"] == hand["columns"]
