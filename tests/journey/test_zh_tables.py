"""Every table the journey report (03) shows, built as its notebook builds it: in a Chinese
report no header or cell is left in English (the portfolio and a real event log), and the
English report keeps the words the checks write."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import journey_utils as ju
from journey_utils.journey.dataset import JourneyData, load_journey_data
from journey_utils.plotting import style_table
from text_checks import chinese_table_leftovers, english_words


def report_tables(data: JourneyData, lang: str) -> dict[str, pd.DataFrame]:
    """The tables of notebooks/03_journey_funnel.ipynb (each `rep.table` / `rep.show`), by name."""
    params, log = data.params, data.log
    as_of, cells = params.as_of, params.min_cell_size
    tables = {"data quality": data.quality_frame(), "throughput": ju.throughput_check(data)}
    offered = {
        "published figures": ju.published_figures(data, lang=lang),
        "task times": ju.recorded_work_items(data, lang=lang),
        "time to contract": ju.time_to_contract(log, as_of, min_cell_size=cells),
        "drivers": ju.driver_analysis(data, as_of, params.driver_maturity_days, lang=lang),
        "satisfaction": ju.survey_results(data, lang=lang, min_cell_size=cells),
    }
    shown = {name: part.value for name, part in offered.items() if part.ok}
    if "published figures" in shown:
        tables["published figures"] = shown["published figures"]
    tables["funnel"] = ju.funnel_table(log, min_cell_size=cells)
    tables["drop-out timing"] = ju.dropoff_timing_table(
        log, abandon_after_days=params.abandon_after_days, min_cell_size=cells
    )
    tables["stage durations"] = ju.stage_durations_table(
        log, as_of, min_cell_size=cells, summary=True
    )
    if "task times" in shown:
        tables["task times"] = ju.task_times_table(shown["task times"], log, as_of)
    if "time to contract" in shown:
        tables["time to contract"] = shown["time to contract"]
    split = ju.decision_split(log)
    if split.ok:
        tables["time to decision"] = ju.time_to_decision_table(
            log, as_of, by=split.value, min_cell_size=cells
        )
    variants = ju.variants_table(log, top=10, min_cell_size=cells)
    tables["variants"] = variants.assign(variant=ju.variant_labels(variants["variant"], lang))
    tables["transitions"] = ju.transition_matrix(log, min_cell_size=cells).reset_index()
    tables["rework"] = ju.rework_table(log, min_cell_size=cells)
    if "drivers" in shown:
        effects = shown["drivers"].effects
        tables["driver effects"] = effects[
            ["driver", "odds_ratio", "or_low", "or_high", "effect_pct", "p_value", "n", "events"]
        ]
        tables["driver exclusions"] = shown["drivers"].population.exclusions
    if "satisfaction" in shown:
        tables["satisfaction by stage"] = shown["satisfaction"].shown_by_stage
        tables["satisfaction by outcome"] = shown["satisfaction"].shown_by_outcome
    return tables


def _leftovers(data: JourneyData) -> dict[str, list[str]]:
    tables = report_tables(data, "zh")
    found = {name: chinese_table_leftovers(style_table(t, lang="zh")) for name, t in tables.items()}
    return {name: words for name, words in found.items() if words}


@pytest.fixture(scope="module")
def portfolio(small_scale) -> JourneyData:
    return load_journey_data(small_scale.params)


def test_every_portfolio_table_is_chinese_in_a_chinese_report(portfolio: JourneyData) -> None:
    assert {"data quality", "throughput", "driver effects", "satisfaction by stage"} <= set(
        report_tables(portfolio, "zh")
    )
    assert _leftovers(portfolio) == {}


def test_every_event_log_table_is_chinese_in_a_chinese_report(bpi_data: JourneyData) -> None:
    assert {"published figures", "task times", "throughput"} <= set(report_tables(bpi_data, "zh"))
    assert _leftovers(bpi_data) == {}


def shown(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The table as a reader sees it: its headers and cells as the report writes them."""
    soup = BeautifulSoup(style_table(table, lang=lang).to_html(), "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    return pd.DataFrame(rows, columns=headers)


def test_the_data_checks_read_in_chinese(bpi_data: JourneyData) -> None:
    quality = shown(bpi_data.quality_frame(), "zh")
    assert list(quality.columns) == ["处理规则", "事件数", "案件数", "处理方式"]
    assert {"重复事件", "映射中忽略的活动", "只有一条事件的案件"} <= set(quality["处理规则"])
    assert {"隔离", "标记并保留", "按映射剔除"} <= set(quality["处理方式"])
    published = shown(ju.published_figures(bpi_data, lang="zh").value, "zh")
    assert "已放款案件数" in set(published["指标"]) and "计数方法" in published.columns
    recount = shown(ju.throughput_check(bpi_data), "zh")
    assert recount["计算依据"].tolist() == [
        "旅程日志（首条事件至最后一次活动）",
        "原始文件（全部事件）",
    ]


def test_the_english_data_checks_keep_the_words_of_the_checks(portfolio: JourneyData) -> None:
    quality = shown(portfolio.quality_frame())
    assert list(quality.columns) == ["Rule", "Events", "Cases", "Action"]
    assert quality["Rule"].tolist() == portfolio.quality_frame()["rule"].tolist()
    assert {"quarantined", "flagged, kept"} <= set(quality["Action"])
    transitions = ju.transition_matrix(portfolio.log, min_cell_size=1).reset_index()
    assert "start" in shown(transitions)["From"].tolist()


def test_the_data_reading_names_flagged_rules_in_chinese(portfolio: JourneyData) -> None:
    en = ju.journey_data_reading(portfolio, lang="en")
    zh = ju.journey_data_reading(portfolio, lang="zh")
    assert "Flagged but kept: case with a single event: " in en
    assert "只有一条事件的案件：" in zh and english_words(zh) == []
