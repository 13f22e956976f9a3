"""Readings and charts of an integration run: the words match the numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.text import Text

from journey_utils.catalog import SOURCES
from journey_utils.errors import InputError
from journey_utils.i18n import reason_words
from journey_utils.integration import report as views
from journey_utils.integration.contracts import PARSE_REASONS, schema_for
from journey_utils.integration.quarantine import duplicate_reason, orphan_reason
from journey_utils.params import RunParams
from journey_utils.params.targets import Target
from journey_utils.plotting import PALETTE, style_table
from text_checks import chinese_table_leftovers, english_words, has_cjk, same_numbers

SUMMARY = pd.DataFrame(
    {
        "source": ["clients", "surveys", "digital_events"],
        "rows_in": [1_000, 2_000, 50_000],
        "accepted": [990, 1_980, 45_000],
        "quarantined": [10, 20, 5_000],
        "reconciles": [True, True, True],
    }
)
QUALITY = pd.DataFrame(
    {
        "source": ["clients", "clients", "applications", "applications"],
        "column": ["uscc", "name", "disbursed_at", "requested_amount"],
        "required": [True, True, False, False],
        "completeness": [1.0, 0.98, 0.30, 0.9],
        "invalid": [5, 0, 0, 2],
        "validity": [0.995, 1.0, 1.0, 0.99],
    }
)


def test_intake_reading_states_totals_and_worst_source() -> None:
    text = views.intake_reading(SUMMARY)
    assert "53,000 rows" in text and "5,030" in text
    assert "**digital events**" in text and "10.00%" in text
    assert "Every row is accounted for" in text


def test_intake_reading_names_no_culprit_when_rates_are_alike() -> None:
    alike = SUMMARY.assign(quarantined=[10, 20, 500], accepted=[990, 1_980, 49_500])
    text = views.intake_reading(alike)
    assert "similar across sources" in text and "1.00% to 1.00%" in text


def test_intake_reading_warns_when_counts_do_not_reconcile() -> None:
    broken = SUMMARY.assign(reconciles=[True, True, False])
    assert "do not reconcile" in views.intake_reading(broken)


def test_integrity_reading() -> None:
    clean = pd.DataFrame({"source": ["surveys"], "orphans": [0]})
    assert "no orphans" in views.integrity_reading(clean)
    dirty = pd.DataFrame({"source": ["surveys", "interactions"], "orphans": [3, 40]})
    text = views.integrity_reading(dirty)
    assert "43 records" in text and "**interactions** (40)" in text


def test_quality_by_source_counts_problems_not_optional_gaps() -> None:
    table = views.quality_by_source(QUALITY).set_index("source")
    assert table.loc["clients", "required_with_gaps"] == 1
    assert table.loc["applications", "required_with_gaps"] == 0  # optional columns are no gap
    assert table.loc["clients", "columns_with_invalid_values"] == 1
    assert table.loc["applications", "worst_validity"] == pytest.approx(0.99)


def test_charts_draw_and_handle_empty_input() -> None:
    figures = [
        views.plot_intake(SUMMARY),
        views.plot_column_quality(QUALITY),
        views.plot_column_quality(QUALITY.assign(invalid=0, completeness=1.0)),
        views.plot_quarantine_reasons(pd.DataFrame(columns=["source", "reason", "rows"])),
        views.plot_date_ranges(
            pd.DataFrame(
                {
                    "source": ["clients", "surveys"],
                    "column": ["founded_on", "ts"],
                    "min": pd.to_datetime(["1990-01-01", "2023-01-01"]),
                    "max": pd.to_datetime(["2020-01-01", "2025-06-30"]),
                }
            ),
            as_of="2025-12-31",
        ),
    ]
    intake, quality, clean, reasons, ranges = (fig.axes for fig in figures)
    share = (SUMMARY["quarantined"] / SUMMARY["rows_in"]).sort_values()  # smallest at the bottom
    assert [bar.get_width() for bar in intake[0].patches] == pytest.approx(share.tolist())
    assert len(intake[0].get_yticklabels()) == len(SUMMARY)
    # missing values: required columns only; invalid values: any column, worst on top
    missing = QUALITY[QUALITY["required"] & (QUALITY["completeness"] < 1)]
    invalid = QUALITY[QUALITY["invalid"] > 0].sort_values("validity", ascending=False)
    for ax, rows, share in (
        (quality[0], missing, 1 - missing["completeness"]),
        (quality[1], invalid, 1 - invalid["validity"]),
    ):
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == (rows["source"] + "." + rows["column"]).tolist()
        assert [bar.get_width() for bar in ax.patches] == pytest.approx(share.tolist())
    assert all(not ax.patches and not ax.axison for ax in clean)  # nothing to draw: said so
    assert all(ax.texts for ax in clean) and reasons[0].texts and not reasons[0].patches
    assert [t.get_text() for t in ranges[0].get_yticklabels()] == ["surveys.ts"]
    for fig in figures:
        plt.close(fig)


class _Result:
    def __init__(self, demo: bool) -> None:
        self.uses_demo_key = demo


def test_privacy_statement_flags_the_demo_key() -> None:
    assert "fixed demo key" in views.privacy_statement(_Result(True))
    assert "fixed demo key" not in views.privacy_statement(_Result(False))


@pytest.mark.parametrize(
    "reading",
    [
        lambda lang: views.intake_reading(SUMMARY, lang=lang),
        lambda lang: views.intake_reading(SUMMARY.assign(reconciles=False), lang=lang),
        lambda lang: views.integrity_reading(
            pd.DataFrame({"source": ["surveys", "interactions"], "orphans": [3, 40]}), lang=lang
        ),
        lambda lang: views.integrity_reading(pd.DataFrame({"orphans": [0]}), lang=lang),
        lambda lang: views.privacy_statement(_Result(True), lang=lang),
    ],
)
def test_readings_in_chinese_keep_the_numbers(reading) -> None:
    english, chinese = reading("en"), reading("zh")
    assert has_cjk(chinese) and not has_cjk(english)
    assert same_numbers(english, chinese), (english, chinese)


def test_chinese_intake_names_the_source_in_chinese() -> None:
    text = views.intake_reading(SUMMARY, lang="zh")
    assert "**数字渠道行为**" in text and "53,000" in text and "10.00%" in text
    assert "JOURNEY_PSEUDO_KEY" in views.privacy_statement(_Result(False), lang="zh")
    with pytest.raises(InputError, match="unknown report language"):
        views.intake_reading(SUMMARY, lang="fr")


def test_charts_label_in_chinese() -> None:
    fig = views.plot_intake(SUMMARY, lang="zh")
    ax = fig.axes[0]
    assert ax.get_title() == "各数据源被隔离的行"
    assert "数字渠道行为" in [t.get_text() for t in ax.get_yticklabels()]
    empty = views.plot_quarantine_reasons(
        pd.DataFrame(columns=["source", "reason", "rows"]), lang="zh"
    )
    assert empty.axes[0].texts[0].get_text() == "没有行被隔离"
    quality = views.plot_column_quality(QUALITY, lang="zh")
    assert quality.axes[0].get_title() == "必填列：缺失比例"
    for f in (fig, empty, quality):
        plt.close(f)


def test_reading_notes_are_named_in_both_languages() -> None:
    from journey_utils.integration.report import notes_reading, reading_notes_table

    notes = pd.DataFrame(
        [
            {
                "source": "digital_events",
                "column": "ts",
                "note": "epoch_unit",
                "detail": "milliseconds",
            },
            {
                "source": "clients",
                "column": "client_id",
                "note": "invisible_removed",
                "detail": 1234,
            },
        ]
    )
    en = reading_notes_table(notes, "en")
    assert en["what_was_done"].tolist() == [
        "whole numbers read as time since 1970 in milliseconds (UTC)",
        "invisible characters (NUL, zero-width space, byte-order mark) removed from 1,234 values",
    ]
    zh = reading_notes_table(notes, "zh")
    assert "毫秒" in zh["what_was_done"].iloc[0] and zh["source"].iloc[1] == "客户"
    assert "2 step(s)" in notes_reading(notes, "en")
    assert "never guessed" not in notes_reading(notes.iloc[:0], "en")


def _contract_reasons() -> list[str]:
    """Every reason the contract can quarantine a row for: its checks, keys and foreign keys,
    and the values reading could not type."""
    params = RunParams(run_name="t", data_dir="/tmp/unused")
    reasons = []
    for name, info in SOURCES.items():
        schema = schema_for(name, params)
        reasons += [check.error for col in schema.columns.values() for check in col.checks]
        reasons += [check.error for check in schema.checks]
        reasons.append(duplicate_reason(name))
        reasons += [orphan_reason(name, fk) for fk, _ in info.references]
    reasons += [f"requested_amount: {why}" for why in PARSE_REASONS.values()]
    return sorted(set(reasons))


@pytest.mark.parametrize("reason", _contract_reasons())
def test_every_quarantine_reason_reads_in_chinese(reason: str) -> None:
    assert reason_words(reason, "en") == reason  # the English is the contract's own text
    zh = reason_words(reason, "zh")
    assert zh is not None and has_cjk(zh), reason
    assert not english_words(zh), f"{reason!r} -> {zh!r}"  # columns and tables named in words


def test_integration_tables_in_chinese_have_no_english_and_no_midnight() -> None:
    reasons = pd.DataFrame(
        {
            "source": ["digital_events", "financials", "stage_events"],
            "reason": [
                "ts: after as_of 2025-12-31",
                "duplicate key (client_id, fiscal_year)",
                "orphan: application_id not in applications",
            ],
            "rows": [3, 2, 1],
        }
    )
    integrity = pd.DataFrame(
        {"source": ["surveys"], "parent": ["applications"], "foreign_key": ["application_id"],
         "rows_checked": [100], "orphans": [1]}
    )  # fmt: skip
    ranges = pd.DataFrame(
        {
            "source": ["clients", "digital_events"],
            "column": ["founded_on", "ts"],
            "min": pd.to_datetime(["1956-03-11", "2022-01-01 08:30:00"], format="ISO8601"),
            "max": pd.to_datetime(["2025-03-11", "2025-12-31 18:00:00"], format="ISO8601"),
        }
    )
    conformed = pd.DataFrame({"table": ["client_360", "journey_log"], "rows": [20, 40]})
    tables = [SUMMARY, reasons, views.quality_by_source(QUALITY), integrity, ranges, conformed]
    for table in tables:
        assert chinese_table_leftovers(style_table(table, lang="zh")) == [], table.columns
    html = style_table(ranges, lang="en").to_html()
    assert "1956-03-11<" in html and "00:00:00" not in html and "2022-01-01 08:30:00" in html
    assert "Ts: after as of 2025-12-31" in style_table(reasons).to_html()  # English as before


def test_date_ranges_show_fiscal_years_as_years_and_chart_whole_years() -> None:
    class Result:
        def date_ranges_frame(self) -> pd.DataFrame:
            return pd.DataFrame(
                {
                    "source": ["financials", "clients"],
                    "column": ["fiscal_year", "founded_on"],
                    "min": pd.to_datetime(["2020-01-01", "1990-05-01"]),
                    "max": pd.to_datetime(["2024-12-31", "2020-01-01"]),
                }
            )

    table = views.date_ranges_table(Result())  # type: ignore[arg-type]
    html = style_table(table).to_html()
    assert ">2020<" in html and ">2024<" in html and "2020-01-01 00:00:00" not in html
    bars = views.plot_date_ranges(table).axes[0].patches  # founded_on is not charted
    assert len(bars) == 1
    start, width = bars[0].get_x(), bars[0].get_width()
    days = pd.Timestamp("2024-12-31") - pd.Timestamp("2020-01-01")
    assert width == pytest.approx(days.days) and start > 0  # 1 Jan 2020 to 31 Dec 2024
    plt.close("all")


def _bar_colours(fig: plt.Figure) -> dict[str, str]:
    """Each bar's fill by its source label, as hex."""
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    return {name: to_hex(bar.get_facecolor()) for name, bar in zip(names, ax.patches, strict=True)}


def _contrast_on_white(colour: object) -> float:
    """WCAG contrast ratio of a colour against white."""
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_intake_colours_only_a_share_that_means_a_problem() -> None:
    """Shares alike and within the 1% target: every bar neutral navy, none red; one source beyond
    the 5% alarm is red, one between target and alarm amber; the legend says what colour means."""
    quiet = SUMMARY.assign(quarantined=[5, 10, 250])  # 0.5% everywhere, as in the default run
    fig = views.plot_intake(quiet)
    assert set(_bar_colours(fig).values()) == {PALETTE[0]}
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Within the 1.0% target", "Above the 1.0% target",
                      "Above 5.0%: a data problem"]  # fmt: skip
    mixed = views.plot_intake(SUMMARY.assign(quarantined=[10, 60, 5_000]))  # 1%, 3%, 10%
    colours = _bar_colours(mixed)
    assert colours == {"Clients": PALETTE[0], "Surveys": PALETTE[3], "Digital events": PALETTE[1]}
    strict = views.plot_intake(quiet, target=Target(better="lower", target=0.001, alarm=0.004))
    assert set(_bar_colours(strict).values()) == {PALETTE[1]}  # the caller's own levels
    zh = [t.get_text() for t in views.plot_intake(quiet, lang="zh").legends[0].get_texts()]
    assert zh[2] == "高于 5.0%：数据有问题"
    plt.close("all")


def test_integration_chart_text_reads_at_4_5_to_1_on_white() -> None:
    empty = QUALITY.assign(invalid=0, completeness=1.0)  # both panels say "none" in words
    for fig in (views.plot_intake(SUMMARY), views.plot_column_quality(empty)):
        shown = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        for text in shown:
            ratio = _contrast_on_white(text.get_color())
            assert ratio >= 4.5, (text.get_text(), text.get_color(), round(ratio, 2))
    plt.close("all")
