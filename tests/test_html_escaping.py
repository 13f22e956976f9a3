"""Hostile input: markup in cell values, headers and error messages shows as text in every
table, note and written reading the workbook renders, never as HTML or Markdown markup."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from journey_utils.attempts import attempt, attempt_in
from journey_utils.case_study import report
from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.journey import readings
from journey_utils.params.intervention import CaseStudyError, InterventionSpec
from journey_utils.plotting import md_escape, style_table
from journey_utils.profiling.financial_health import ratio_reading
from journey_utils.profiling.pain_points import pain_point_reading
from journey_utils.profiling.portfolio import industry_region_reading, industry_region_table
from journey_utils.risk.migration import migration_reading
from journey_utils.risk.pricing import pricing_reading
from journey_utils.risk.rates import elasticity_reading
from journey_utils.risk.watchlist import watchlist_reading
from journey_utils.segmentation.features import feature_audit_reading
from journey_utils.segmentation.profiles import segment_profile_reading, strategy_reading
from journey_utils.summary import page as summary_page
from journey_utils.summary.history import kpi_change_reading, kpi_changes
from journey_utils.summary.kpis import Kpi
from journey_utils.summary.page import case_study_view, verdict_links_table

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
QUOTES = "R&D \"quoted\" 'single'"
HOSTILE = [SCRIPT, IMG, QUOTES]


def _hostile_frame() -> pd.DataFrame:
    """Hostile text in plain, code-labelled (stage, outcome, industry) and mixed columns, a
    share column and p-values beside them, and a hostile header."""
    return pd.DataFrame(
        {
            "name": HOSTILE,
            "stage": HOSTILE,
            "outcome": HOSTILE,
            "segment": HOSTILE,
            "industry": HOSTILE,
            "notes": pd.Series([SCRIPT, 3, None], dtype=object),
            "conversion_share": [0.1, 0.2, 0.3],
            "p_value": [0.0001, 0.5, None],
            SCRIPT: [IMG, "a", "b"],
        }
    )


def _assert_text_only(page: str, values: list[str]) -> None:
    """No element came from the data, the raw markup is absent, each value shows as text in a
    cell or header, and nothing was escaped twice."""
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find_all(["script", "img"]) == []
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;lt;" not in page and "&amp;amp;" not in page
    shown = [cell.get_text() for cell in soup.find_all(["td", "th"])]
    for value in values:
        assert value in shown, value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_style_table_escapes_every_cell_and_header(lang: str) -> None:
    page = style_table(_hostile_frame(), lang=lang).to_html()
    _assert_text_only(page, [SCRIPT, IMG, QUOTES])
    soup = BeautifulSoup(page, "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.find("tbody").find_all("tr")]
    assert rows[0][:4] == [SCRIPT] * 4  # name, stage, outcome, segment: the text as given
    assert rows[0][5] == SCRIPT and rows[1][5] == "3" and rows[2][5] == "–"
    assert rows[0][6] == "10.0%" and rows[0][7] == "< 0.001"  # formatters still apply


def test_style_table_escapes_the_index_when_shown() -> None:
    styler = style_table(pd.DataFrame({"n": [1]}, index=[SCRIPT]))
    styler.hide_index_ = [False]  # style_table hides the index; its labels are escaped anyway
    assert "&lt;script&gt;" in styler.to_html() and "<script" not in styler.to_html()


def test_style_table_keeps_known_codes_readable() -> None:
    frame = pd.DataFrame({"stage": ["application"], "industry": ["software_it"]})
    page = style_table(frame).to_html()
    assert "Application" in page and "Software &amp; IT" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_case_table_escapes_cells_and_headers(lang: str) -> None:
    table = pd.DataFrame(
        {"outcome": HOSTILE, "verdict": HOSTILE, "estimate": [1.0, 2.0, 3.0], IMG: HOSTILE}
    )
    styled = style_table(table, lang=lang, headers=report.case_study_headers(lang))
    _assert_text_only(styled.to_html(), [SCRIPT, IMG, QUOTES])


def _verdicts(title: str, case_study: str = "form") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_study": [case_study],
            "title": [title],
            "outcome": [SCRIPT],
            "verdict": [IMG],
            "estimate": [float("nan")],
            "text": [f"x — {SCRIPT}"],
        }
    )


def test_verdict_links_escape_the_title_and_stay_links(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_page, "load_verdicts", lambda params: _verdicts(SCRIPT, 'a"b'))
    page = case_study_view(params=None).to_html()
    _assert_text_only(page, [SCRIPT, IMG])
    links = BeautifulSoup(page, "html.parser").find_all("a")
    assert [(a["href"], a.get_text()) for a in links] == [('06_case_study-a"b.html', SCRIPT)]
    assert verdict_links_table(_verdicts("Form")).loc[0, "case_study"] == (
        '<a href="06_case_study-form.html">Form</a>'
    )


def test_attempt_note_escapes_the_refusal_but_keeps_its_markdown() -> None:
    def bad_file() -> None:
        raise InputError("loans.csv", f"unknown column {IMG}", column=SCRIPT)

    for run in (attempt, attempt_in("zh")):
        note = run(SCRIPT, bad_file).note().data
        assert note.startswith("> **&lt;script&gt;")
        assert "&lt;img src=x onerror=alert(1)&gt;" in note
        assert "<script" not in note and "<img" not in note
    dependent = attempt(IMG, bad_file).then("Pricing", lambda v: v).note().data
    assert "&lt;img" in dependent and "<img" not in dependent


def test_case_study_verdict_and_reading_escape_data(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[object] = []
    monkeypatch.setattr(report, "display", shown.append)
    error = CaseStudyError("spec", f"no case of the treated units {SCRIPT}")
    report.show_outcome(report.OutcomeStudy("completion", error=error), spec=None)
    texts = [m.data for m in shown]
    assert any("&lt;script&gt;" in t for t in texts)
    assert not any("<script" in t for t in texts)
    spec = InterventionSpec(
        name="x", title=IMG, title_zh=SCRIPT, start=date(2024, 1, 1), treated=("b1",),
        outcomes=("completion",),
    )  # fmt: skip
    for lang in ("en", "zh"):
        reading = report.intervention_reading(spec, lang)
        assert reading.startswith("**&lt;") and "<img" not in reading and "<script" not in reading


# Markdown readings: names from the data enter the sentence through md_escape -------------------

LINK = "[click](javascript:alert(1))"
PICTURE = "![x](http://tracker.example/p.png)"
MARKDOWN_HOSTILE = [
    SCRIPT,
    IMG,
    LINK,
    PICTURE,
    "**bold** _em_ `code` ~~s~~ $x$ \\(y\\)",
    "a\n# heading",
]


def _rendered(text: str) -> BeautifulSoup:
    """The Markdown as the report renders it (nbconvert's Markdown filter, raw HTML passed on)."""
    return BeautifulSoup(markdown2html_mistune(text), "html.parser")


def _assert_markdown_text(text: str, values: list[str]) -> None:
    """No raw markup in the Markdown, nothing but paragraphs and the template's own emphasis
    and code once rendered, and every hostile value shown as the text it is."""
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or SCRIPT not in values
    soup = _rendered(text)
    assert {tag.name for tag in soup.find_all(True)} <= {"p", "strong", "em", "code"}, text
    shown = soup.get_text()
    for value in values:
        assert value in shown, (value, shown)


@pytest.mark.parametrize("value", MARKDOWN_HOSTILE)
def test_md_escape_keeps_any_value_literal_in_markdown(value: str) -> None:
    escaped = md_escape(value)
    soup = _rendered(f"Before **{escaped}** and *{escaped}*, then {escaped}.")
    assert {tag.name for tag in soup.find_all(True)} == {"p", "strong", "em"}
    flat = " ".join(value.split())
    assert soup.find("strong").get_text() == flat and soup.find("em").get_text() == flat


def test_md_escape_leaves_plain_names_readable() -> None:
    assert md_escape("bureau_score R&D") == "bureau_score R&amp;D"  # a _ inside a word: no markup
    assert md_escape(3.5) == "3.5"
    assert md_escape(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"  # as attempts.py escapes
    assert md_escape(LINK) == "&#91;click&#93;(javascript:alert(1))"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_journey_readings_escape_stage_outcome_group_and_driver_names(lang: str) -> None:
    funnel = pd.DataFrame(
        {"stage": [SCRIPT, IMG], "stage_order": [1, 2], "cases": [100, 40],
         "step_conversion": [1.0, 0.4], "step_low": [float("nan"), 0.3],
         "step_high": [float("nan"), 0.5], "cumulative_conversion": [1.0, 0.4]}
    )  # fmt: skip
    _assert_markdown_text(readings.funnel_reading(funnel, lang=lang), [SCRIPT, IMG])
    comparison = pd.DataFrame(
        {"stage": [SCRIPT], "difference": [0.1], "diff_low": [0.05], "diff_high": [0.15],
         "p_holm": [0.001]}
    )  # fmt: skip
    text = readings.comparison_reading(comparison, IMG, LINK, lang=lang)
    _assert_markdown_text(text, [SCRIPT, IMG, LINK])
    assert "No step" in readings.comparison_reading(comparison.assign(p_holm=0.9), SCRIPT, IMG)
    dropoff = pd.DataFrame(
        {"stage": [SCRIPT, SCRIPT], "outcome": [IMG, "declined"], "cases": [9, 1]}
    )
    _assert_markdown_text(readings.dropoff_reading(dropoff, lang=lang), [SCRIPT, IMG])
    durations = pd.DataFrame({"stage": [IMG], "median": [0.0], "p90": [0.0]})
    _assert_markdown_text(readings.timing_reading(durations, durations.iloc[0:0], lang), [IMG])
    difference = pd.DataFrame({"by": [SCRIPT], "chi2": [3.2], "df": [1], "p_value": [0.07]})
    _assert_markdown_text(readings.survival_reading(difference, lang=lang), [SCRIPT])
    variants = pd.DataFrame({"rank": [1], "variant": [f"{SCRIPT} › {IMG}"], "share": [0.6]})
    rework = pd.DataFrame(
        {"stage": [IMG], "cases_reworked": [3], "rework_share": [0.1], "extra_days_median": [2.0]}
    )
    _assert_markdown_text(readings.paths_reading(variants, rework, lang=lang), [SCRIPT, IMG])
    effects = pd.DataFrame(
        {"driver": [SCRIPT, PICTURE], "estimate": [0.7, -0.1], "effect_pct": [101.4, -9.5],
         "or_low": [1.5, 0.8], "or_high": [2.7, 1.0], "n": [500, 500], "events": [90, 90]}
    )  # fmt: skip
    _assert_markdown_text(readings.drivers_reading(effects, lang=lang), [SCRIPT, PICTURE])
    by_stage = pd.DataFrame({"stage": [SCRIPT], "csat_mean": [3.1], "nps": [-12.0]})
    by_outcome = pd.DataFrame({"outcome": [IMG], "csat_mean": [3.5]})
    _assert_markdown_text(readings.satisfaction_reading(by_stage, by_outcome, lang), [SCRIPT])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_journey_data_reading_escapes_unused_activity_names(lang: str) -> None:
    log = pd.DataFrame(
        {"ts": pd.to_datetime(["2024-01-02", "2024-03-04"]), "application_id": ["a", "b"],
         "stage": [STAGES[0], STAGES[1]]}
    )  # fmt: skip
    quality = pd.DataFrame({"rule": ["x"], "events": [0], "cases": [0], "action": ["flagged"]})
    counts = SimpleNamespace(
        events_in=5, events_quarantined=1, events_ignored=1, events_lifecycle_set_aside=0,
        events_outcome_only=1, events_staged=2, stage_visits=2,
    )  # fmt: skip
    data = SimpleNamespace(
        log=log,
        quality_frame=lambda: quality,
        imported=SimpleNamespace(
            counts=counts,
            unused_activities=(SCRIPT,),
            quality=SimpleNamespace(unknown_activities={IMG: 3}),  # named with their counts
        ),
    )
    _assert_markdown_text(readings.journey_data_reading(data, lang=lang), [SCRIPT, IMG])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_profiling_readings_escape_industry_region_group_and_pain_names(lang: str) -> None:
    clients = pd.DataFrame({"industry": [SCRIPT] * 3 + [LINK], "region": [IMG] * 3 + [PICTURE]})
    text = industry_region_reading(industry_region_table(clients, min_cell_size=1), lang=lang)
    _assert_markdown_text(text, [SCRIPT, IMG])
    ratios = pd.DataFrame(
        {"industry": [SCRIPT, IMG], "ratio": ["leverage", "leverage"], "clients": [30, 40],
         "warning_share": [0.1, 0.4]}
    )  # fmt: skip
    _assert_markdown_text(ratio_reading(ratios, lang=lang), [SCRIPT, IMG])
    pains = pd.DataFrame(
        {"group_by": [IMG], "group": [SCRIPT], "pain_point": [LINK], "rate": [0.3],
         "portfolio_rate": [0.1], "lift": [3.0], "rate_low": [0.2], "rate_high": [0.4],
         "above_portfolio": [True], "masked": [False]}
    )  # fmt: skip
    _assert_markdown_text(pain_point_reading(pains, lang=lang), [SCRIPT, IMG, LINK])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_segmentation_readings_escape_feature_and_segment_names(lang: str) -> None:
    audit = pd.DataFrame(
        {"feature": [SCRIPT, IMG], "used": [True, False], "block": ["structural", "structural"],
         "missing": [5, 0], "missing_share": [0.05, 0.0],
         "rule": ["median", "dropped: all missing"]}
    )  # fmt: skip
    _assert_markdown_text(feature_audit_reading(audit, lang=lang), [SCRIPT, IMG])
    profile = pd.DataFrame(
        {"segment": [0, 1], "segment_name": [SCRIPT, IMG], "clients": [60, 40],
         "share": [0.6, 0.4], "key_features": [LINK, "close to the portfolio"],
         "npl_rate": [0.02, 0.05], "conversion": [0.4, 0.2]}
    )  # fmt: skip
    _assert_markdown_text(segment_profile_reading(profile, lang=lang), [SCRIPT, IMG, LINK])
    strategy = pd.DataFrame(
        {"segment_name": [SCRIPT, IMG], "clients": [60, 40],
         "seed_rule": ["start-ups: low threshold", "high-tech: specialised risk model"]}
    )  # fmt: skip
    _assert_markdown_text(strategy_reading(strategy, lang=lang), [SCRIPT, IMG])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_risk_readings_escape_group_names_and_periods(lang: str) -> None:
    watchlist = pd.DataFrame(
        {"segment_name": [SCRIPT, IMG], "n": [200, 150], "npl_rate": [0.09, 0.05],
         "npl_rate_low": [0.06, 0.03], "npl_rate_high": [0.12, 0.08], "lift": [1.8, 1.0],
         "above_portfolio": [True, False], "masked": [False, False]}
    )  # fmt: skip
    watchlist.attrs.update({"portfolio_rate": 0.05, "min_cell_size": 10})
    _assert_markdown_text(watchlist_reading(watchlist, "segment_name", lang=lang), [SCRIPT])
    none_above = watchlist.assign(above_portfolio=False)
    _assert_markdown_text(watchlist_reading(none_above, "segment_name", lang=lang), [SCRIPT])
    elasticity = pd.DataFrame(
        {"segment_name": [SCRIPT, IMG], "note": ["", ""], "ame_pp_per_10bp": [-2.0, -0.5],
         "ame_low": [-3.0, -1.0], "ame_high": [-1.0, 0.1], "slope_high": [-0.1, 0.2]}
    )  # fmt: skip
    text = elasticity_reading(elasticity, by="segment_name", lang=lang)
    _assert_markdown_text(text, [SCRIPT, IMG])
    pricing = pd.DataFrame(
        {"segment_name": [SCRIPT, IMG], "verdict": ["underpriced", "overpriced"],
         "gap_bp": [-40.0, 30.0]}
    )  # fmt: skip
    _assert_markdown_text(pricing_reading(pricing, by="segment_name", lang=lang), [SCRIPT, IMG])
    migration = pd.DataFrame({"notches": [0]})
    migration.attrs.update({"pairs": [(SCRIPT, IMG)], "units": 10})
    summary = pd.DataFrame(
        {"direction": ["upgraded", "stable", "downgraded"], "share": [0.1, 0.7, 0.2]}
    )
    _assert_markdown_text(migration_reading(migration, summary, lang=lang), [SCRIPT, IMG])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpi_change_reading_escapes_labels_and_previous_text(lang: str) -> None:
    before = pd.DataFrame(
        {"run_id": ["s1"], "run_at": [pd.Timestamp("2026-11-20", tz="UTC")], "scheduled": [True],
         "data_fingerprint": ["f"], "key": ["largest_dropoff_stage"], "label": [IMG],
         "value": [0.4], "text": [SCRIPT], "unit": ["share"]}
    )  # fmt: skip
    now = [Kpi("largest_dropoff_stage", IMG, 0.4, "Approval")]
    text = kpi_change_reading(kpi_changes(now, before), lang)
    _assert_markdown_text(text, [SCRIPT, IMG] if lang == "en" else [SCRIPT])


def test_refusal_notes_and_case_study_keep_markdown_links_as_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def bad_file() -> None:
        raise InputError("loans.csv", f"unknown column {LINK}", column=PICTURE)

    for run in (attempt, attempt_in("zh")):
        soup = _rendered(run(LINK, bad_file).note().data)
        assert {tag.name for tag in soup.find_all(True)} <= {"blockquote", "p", "strong"}
        assert LINK in soup.get_text() and PICTURE in soup.get_text()
    shown: list[object] = []
    monkeypatch.setattr(report, "display", shown.append)
    error = CaseStudyError("spec", f"no case of the treated units {LINK} {SCRIPT}")
    report.show_outcome(report.OutcomeStudy("completion", error=error), spec=None)
    _assert_markdown_text(shown[-1].data, [LINK, SCRIPT])
    spec = InterventionSpec(
        name="x", title=LINK, title_zh=PICTURE, start=date(2024, 1, 1), treated=("b1",),
        outcomes=("completion",),
    )  # fmt: skip
    _assert_markdown_text(report.intervention_reading(spec, "en"), [LINK])
    _assert_markdown_text(report.intervention_reading(spec, "zh"), [PICTURE])
