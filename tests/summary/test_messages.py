"""The summary catalog: every key the source asks for exists, none is left unused, and the change
reading, KPI notes and names read as they did before the catalog (expected strings from the
templates of b864f56)."""

from __future__ import annotations

import pandas as pd
import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.summary.history import kpi_change_reading, kpi_changes
from journey_utils.summary.kpis import Kpi, _note, kpi_name
from journey_utils.summary.messages import MESSAGES

NOW = [
    Kpi("clients", "Clients", 1100, "1,100"),
    Kpi("npl_share", "NPL ratio", 0.05, "5.0%"),
    Kpi("largest_dropoff_stage", "Largest drop-out", 0.3, "Approval"),
    Kpi("rows_in", "Rows received", 500, "500"),
]
BEFORE = pd.DataFrame(
    {
        "key": [k.key for k in NOW],
        "label": [k.label for k in NOW],
        "value": [1000, 0.052, 0.2, 500],
        "text": ["1,000", "5.2%", "Application", "500"],
        "run_id": "r0",
        "run_at": pd.Timestamp("2025-11-20", tz="UTC"),
    }
)


def test_every_key_the_source_asks_for_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "summary") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "summary") == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Since the previous scheduled run on 2025-11-20: Clients +100 (+10.0%), NPL ratio "
            "−0.2 pp (better), Largest drop-out was Application; 1 other figure(s) unchanged.",
        ),
        (
            "zh",
            "与上一次定期运行（2025-11-20）相比：客户数 +100 (+10.0%)，不良贷款占比 −0.2个百分点"
            "（改善），最大流失环节 此前为 申请与初审；其余 1 项持平。",
        ),
    ],
)
def test_change_reading_reads_as_before(lang: str, expected: str) -> None:
    assert kpi_change_reading(kpi_changes(NOW, BEFORE), lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "First scheduled run: no earlier run to compare."),
        ("zh", "首次定期运行：尚无可比较的早前运行。"),
    ],
)
def test_first_run_reading_reads_as_before(lang: str, expected: str) -> None:
    assert kpi_change_reading(kpi_changes(NOW, None), lang) == expected


def test_notes_and_names_read_as_before() -> None:
    assert _note("quarantine_share", "en", n="12") == "12 rows set aside with a reason"
    assert _note("quarantine_share", "zh", n="12") == "12 行因故隔离"
    assert kpi_name("rows_in", "Rows in", "zh") == "接收行数"
    assert kpi_name("rows_in", "Rows in", "en") == "Rows in"  # English keeps the carried label
    assert kpi_name("brand_new", "Brand new", "zh") == "Brand new"
