"""Parts of the journey report a data set may not offer: each shows its value, or once the note
notebook 03 wrote inline before (the expected sentences are those of b864f56's notebook)."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from IPython.display import Markdown

from journey_utils.journey import sections
from journey_utils.journey.cases import add_client_attributes
from journey_utils.journey.cohorts import cohorts_table
from journey_utils.journey.dataset import JourneyData, load_journey_data
from journey_utils.journey.drivers import DriverModelError, driver_frame, fit_driver_model
from journey_utils.journey.funnel import funnel_matrix_table
from journey_utils.journey.satisfaction import SATISFACTION_SUMMARY, satisfaction_table
from journey_utils.journey.sections import Offered, Outputs
from journey_utils.journey.timing import time_between_table
from journey_utils.plotting import md_escape

NOTES = {  # notebook 03 at b864f56: (English, Chinese)
    "channel": ("This data set records no channel.", "本数据集未记录渠道。"),
    "segments": (
        "No client segments have been saved for this data set yet.",
        "本数据集尚未保存客户分群。",
    ),
    "forms": (
        "This data set has no two form versions to compare.",
        "本数据集没有可比较的两个申请表版本。",
    ),
    "published": (
        "This data set states no published figures to compare against.",
        "本数据集没有可供对照的公开数据。",
    ),
    "cohorts": (
        "Each client has a single case in this data set, so there are no returning clients to "
        "follow.",
        "本数据集中每位客户只有一个案件，没有可跟踪的回头客户。",
    ),
    "drivers": (
        "This data set has no application details or digital events, so the pain-point drivers "
        "cannot be measured.",
        "本数据集没有申请明细或线上行为事件，无法测量痛点驱动因素。",
    ),
    "surveys": ("This data set has no satisfaction surveys.", "本数据集没有满意度调查。"),
    "work_items": (
        "This data set records no start and complete events per activity, so a stage's time "
        "cannot be split into working and waiting time.",
        "本数据集没有记录活动的开始和完成事件，因此无法把阶段用时拆分为作业时间和等待时间。",
    ),
}


def _note(offered: Offered) -> str:
    """The one Markdown note a part that is not offered shows."""
    shown = offered.show(lambda _value: pytest.fail("a part not offered renders nothing"))
    assert isinstance(shown, Outputs) and len(shown.items) == 1
    return shown.items[0].data


def _assert_noted(offered: Offered, key: str) -> None:
    assert not offered.ok
    assert _note(offered) == NOTES[key][0 if offered.lang == "en" else 1]


@pytest.fixture(scope="module")
def data(small_scale) -> JourneyData:
    return load_journey_data(small_scale.params)


def test_an_offered_part_shows_its_tables_and_text_in_order_and_leaves_charts_drawn() -> None:
    _, ax = plt.subplots()
    shown = Offered("x", value=3).show(
        lambda v: Markdown(f"{v} cases"), lambda _v: ax, lambda v: pd.DataFrame({"n": [v]}), print
    )
    plt.close(ax.figure)
    assert isinstance(shown, Outputs) and len(shown.items) == 2
    assert shown.items[0].data == "3 cases" and shown.items[1]["n"].tolist() == [3]
    assert Offered("x", value=3).show(lambda _v: None) is None  # nothing to show, no output


def test_outputs_are_displayed_one_after_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sections, "display", lambda *items: seen.extend(items))
    Outputs(("a", "b"))._ipython_display_()
    assert seen == ["a", "b"]


def test_a_part_not_offered_is_noted_once_and_a_silent_one_shows_nothing() -> None:
    missing = Offered("x", message="Nothing *here*.")
    assert _note(missing) == "Nothing *here*."  # the reading is Markdown already
    assert missing.show(lambda v: v) is None
    assert Offered("x", message="").show(lambda v: v) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_funnel_split_by_channel_or_the_note(data: JourneyData, lang: str) -> None:
    assert sections.funnel_split(data.log, lang).value == "channel"
    _assert_noted(sections.funnel_split(data.log.drop(columns="channel"), lang), "channel")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_two_form_versions_or_the_note(data: JourneyData, lang: str) -> None:
    assert sections.form_versions(data.log, lang).value == ("v1_standard", "v2_simplified")
    one = data.log.assign(form_version="v1_standard")
    _assert_noted(sections.form_versions(one, lang), "forms")
    _assert_noted(sections.form_versions(data.log.drop(columns="form_version"), lang), "forms")


def test_time_to_contract_or_nothing(data: JourneyData) -> None:
    as_of = data.params.as_of
    table = sections.time_to_contract(data.log, as_of, min_cell_size=10**6).value
    expected = time_between_table(
        data.log, "application", "contract_disbursement", as_of, min_cell_size=10**6
    )
    pd.testing.assert_frame_equal(table, expected)
    assert table["masked"].all()  # the threshold reaches the table
    lacking = data.log[data.log["stage"] != "contract_disbursement"]
    assert sections.time_to_contract(lacking, as_of, min_cell_size=10).show(lambda t: t) is None


def test_decision_split_by_product_or_one_curve(data: JourneyData) -> None:
    assert sections.decision_split(data.log).value == "product"
    none = sections.decision_split(data.log.drop(columns="product"))
    assert none.value is None and none.show(lambda by: by) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_notes_of_a_portfolio_without_these_parts(data: JourneyData, lang: str) -> None:
    _assert_noted(sections.recorded_work_items(data, lang), "work_items")
    _assert_noted(sections.published_figures(data, lang), "published")
    bare = replace(data, tables=frozenset({"journey_log"}))
    _assert_noted(sections.driver_analysis(bare, data.params.as_of, 180, lang), "drivers")
    _assert_noted(sections.survey_results(bare, lang, min_cell_size=10), "surveys")
    first_cases = data.log.drop_duplicates("client_id")["application_id"]
    single = replace(data, log=data.log[data.log["application_id"].isin(first_cases)])
    no_cohorts = sections.client_cohorts(single, data.params.as_of, 36, lang, min_cell_size=10)
    _assert_noted(no_cohorts, "cohorts")
    none_saved = sections.segment_funnel(data, min_cell_size=10, lang=lang)
    _assert_noted(none_saved, "segments")


def test_published_source_names_the_publisher_as_text() -> None:
    spec = SimpleNamespace(published_source="van Dongen [2012](x)")
    data = SimpleNamespace(params=SimpleNamespace(event_log=spec))
    assert sections.published_source(data) == "Source: van Dongen &#91;2012&#93;(x)"
    assert sections.published_source(data, "zh") == "来源: van Dongen &#91;2012&#93;(x)"


def test_returning_clients_give_every_cohort_and_those_shown(data: JourneyData) -> None:
    as_of = data.params.as_of
    cohorts = sections.client_cohorts(data, as_of, 12, min_cell_size=5).value
    every = cohorts_table(data.log, as_of, months=12, min_cell_size=1)
    pd.testing.assert_frame_equal(cohorts.every, every)
    pd.testing.assert_frame_equal(cohorts.shown, every[every["cohort_size"] >= 5])
    assert len(cohorts.every) > len(cohorts.shown) > 0  # some cohorts are small, some not


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_driver_model_or_why_it_was_not_fitted(data: JourneyData, lang: str) -> None:
    as_of = data.params.as_of
    analysis = sections.driver_analysis(data, as_of, 180, lang).value
    assert analysis.model.n == len(analysis.population.frame)
    assert (
        analysis.effects["driver"].tolist()[0]
        == {"en": "+10 form fields", "zh": "表单字段 +10 个"}[lang]
    )
    too_young = 10 * 365  # no case is mature: the model is refused
    population = driver_frame(
        data.table("applications"), data.log, data.path("digital_events"), as_of, too_young
    )
    with pytest.raises(DriverModelError) as refused:
        fit_driver_model(population)
    failed = {"en": "The driver model was not fitted", "zh": "驱动因素模型未能拟合"}[lang]
    note = _note(sections.driver_analysis(data, as_of, too_young, lang))
    assert note == f"{failed}: {md_escape(refused.value)}"


def test_survey_results_by_stage_and_outcome(data: JourneyData) -> None:
    results = sections.survey_results(data, min_cell_size=10).value
    surveys, apps = data.table("surveys"), data.table("applications")
    by_stage = satisfaction_table(surveys, apps, by=("stage",), min_cell_size=1)
    pd.testing.assert_frame_equal(results.by_stage, by_stage)
    assert results.by_outcome["outcome"].iloc[0] == "disbursed"
    shown = satisfaction_table(surveys, apps, by=("outcome",), min_cell_size=10, summary=True)
    pd.testing.assert_frame_equal(results.shown_by_outcome, shown)
    assert list(results.shown_by_stage.columns) == ["stage", *SATISFACTION_SUMMARY, "masked"]


@pytest.mark.parametrize(
    ("lang", "zh_names", "column"),
    [("en", True, "segment_name"), ("zh", True, "segment_name_zh"), ("zh", False, "segment_name")],
)
def test_segment_funnel_names_segments_in_the_report_language(
    data: JourneyData, tmp_path, lang: str, zh_names: bool, column: str
) -> None:
    clients = data.log["client_id"].drop_duplicates().reset_index(drop=True)
    segments = pd.DataFrame({"client_id": clients, "segment": clients.index % 2})
    segments["segment_name"] = segments["segment"].map({0: "Young firms", 1: "Old firms"})
    if zh_names:
        segments["segment_name_zh"] = segments["segment"].map({0: "年轻企业", 1: "成熟企业"})
    (tmp_path / "processed").mkdir()
    segments.to_parquet(tmp_path / "processed" / "segments.parquet")
    saved = replace(data, params=data.params.model_copy(update={"data_dir": str(tmp_path)}))
    matrix = sections.segment_funnel(saved, min_cell_size=10, lang=lang).value
    # notebook 03 at b864f56: the zh names in a Chinese report where saved
    expected = funnel_matrix_table(
        add_client_attributes(data.log, segments, [column]), column, min_cell_size=10
    )
    pd.testing.assert_frame_equal(matrix, expected)
