"""The risk catalog: every key the source asks for exists, none is left unused, and the
readings read as they did before the catalog (expected strings from the templates of b864f56)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from catalog_checks import missing_keys, unused_keys
from journey_utils.risk.messages import MESSAGES
from journey_utils.risk.pd_model import plot_pd_calibration
from journey_utils.risk.pricing import pricing_reading
from journey_utils.risk.report import downgraded_reading, step_name
from journey_utils.risk.watchlist import group_noun


def test_every_key_the_source_asks_for_is_in_the_catalog() -> None:
    assert missing_keys(MESSAGES, "risk") == []


def test_every_catalog_key_is_used() -> None:
    assert unused_keys(MESSAGES, "risk") == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "1,234 clients were downgraded at the latest review."),
        ("zh", "最近一次评级复核中共有 1,234 户客户被下调评级。"),
    ],
)
def test_downgraded_reading_reads_as_before(lang: str, expected: str) -> None:
    assert downgraded_reading(pd.DataFrame(index=range(1234)), lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Priced below their risk (offered minus risk-based price): A (-25 bp), C (-3 bp). "
            "Priced above their risk: B (+12 bp).",
        ),
        (
            "zh",
            "定价低于其风险（报价利率减风险定价）：A（-25 基点）、C（-3 基点）。"
            "定价高于其风险：B（+12 基点）。",
        ),
    ],
)
def test_pricing_reading_reads_as_before(lang: str, expected: str) -> None:
    table = pd.DataFrame(
        {
            "segment": ["A", "C", "B"],
            "verdict": ["underpriced", "underpriced", "overpriced"],
            "gap_bp": [-25.0, -3.0, 12.0],
        }
    )
    assert pricing_reading(table, "segment", lang) == expected


def test_step_names_and_group_nouns_read_as_before() -> None:
    assert (step_name("segment_pd"), step_name("segment_pd", "zh")) == (
        "Segment PD",
        "分群违约概率",
    )
    assert (group_noun("lifecycle_stage"), group_noun("lifecycle_stage", "zh")) == (
        "lifecycle stage",
        "生命周期阶段",
    )
    assert group_noun("years_on_book", "zh") == "years on book"  # no name: its words, as before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            (
                "Predicted PD (decile mean)",
                "Observed default rate",
                ["calibrated", "observed (95% interval)"],
            ),
        ),
        (
            "zh",
            (
                "预测违约概率（十分位均值）",
                "实际违约率",
                ["完全校准", "实际违约率（95% 置信区间）"],
            ),
        ),
    ],
)
def test_calibration_chart_words_read_as_before(lang: str, expected: tuple) -> None:
    table = pd.DataFrame(
        {"predicted": [0.01, 0.05], "observed": [0.02, 0.04], "obs_low": [0.0, 0.02],
         "obs_high": [0.05, 0.08]}
    )  # fmt: skip
    ax = plot_pd_calibration(table, lang=lang)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert (ax.get_xlabel(), ax.get_ylabel(), legend) == expected
    plt.close(ax.figure)
