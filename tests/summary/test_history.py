"""KPI history: saved per run, idempotent, compared with the previous scheduled run."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from journey_utils.errors import InputError
from journey_utils.params.run import load_params
from journey_utils.plotting import PALETTE, format_cny, style_table
from journey_utils.summary.history import (
    HISTORY_FILE,
    kpi_change_reading,
    kpi_changes,
    kpi_history_path,
    kpi_tiles_with_change_html,
    polarity,
    previous_run_kpis,
    read_kpi_history,
    run_identity,
    save_run_kpis,
)
from journey_utils.summary.kpis import Kpi, kpi_tiles_html, kpis_frame
from journey_utils.summary.messages import MESSAGES
from journey_utils.vocabulary import stage_label
from text_checks import chinese_table_leftovers

GREEN, RED = PALETTE[2], PALETTE[1]


def kpis(conversion: float = 0.30, npl: float = 0.020, clients: float = 1000) -> list[Kpi]:
    return [
        Kpi("clients", "Clients", clients, f"{clients:,.0f}", "accepted"),
        Kpi("journey_conversion", "Journey conversion", conversion, f"{conversion:.1%}"),
        Kpi("npl_share", "NPL share", npl, f"{npl:.1%}", "substandard or worse"),
    ]


def at(day: int, hour: int = 6) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "data" / HISTORY_FILE


def test_round_trip_keeps_values_units_and_run(history: Path) -> None:
    save_run_kpis(history, "r1", at(20), "abc", kpis(), scheduled=True)
    saved = read_kpi_history(history)
    assert list(saved["key"]) == ["clients", "journey_conversion", "npl_share"]
    assert list(saved["unit"]) == ["count", "share", "share"]
    assert saved["value"].tolist() == [1000, 0.30, 0.020]
    assert set(saved["run_id"]) == {"r1"} and set(saved["data_fingerprint"]) == {"abc"}
    assert saved["scheduled"].all()
    assert saved["run_at"].iloc[0] == pd.Timestamp(at(20))


def test_frame_input_equals_list_input(history: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.parquet"
    save_run_kpis(history, "r1", at(20), "f", kpis(), True)
    save_run_kpis(other, "r1", at(20), "f", kpis_frame(kpis()), True)
    pd.testing.assert_frame_equal(read_kpi_history(history), read_kpi_history(other))


def test_same_run_id_replaces_its_rows(history: Path) -> None:
    save_run_kpis(history, "r1", at(20), "f", kpis(), True)
    save_run_kpis(history, "r2", at(21), "f", kpis(), True)
    save_run_kpis(history, "r2", at(21), "f", kpis(conversion=0.5), True)
    saved = read_kpi_history(history)
    assert len(saved) == 6
    r2 = saved[(saved["run_id"] == "r2") & (saved["key"] == "journey_conversion")]
    assert r2["value"].tolist() == [0.5]
    assert not list(history.parent.glob("*.partial"))


def test_previous_skips_interactive_runs_in_between(history: Path) -> None:
    save_run_kpis(history, "s1", at(18), "f", kpis(conversion=0.20), True)
    save_run_kpis(history, "s2", at(20), "f", kpis(conversion=0.25), True)
    save_run_kpis(history, "i1", at(21), "f", kpis(conversion=0.90), False)
    save_run_kpis(history, "s3", at(22), "f", kpis(conversion=0.30), True)
    previous = previous_run_kpis(history, "s3")
    assert set(previous["run_id"]) == {"s2"}
    assert previous.set_index("key").loc["journey_conversion", "value"] == 0.25
    assert set(previous_run_kpis(history, "s3", scheduled_only=False)["run_id"]) == {"i1"}
    # an older run re-run later still compares with what came before it
    assert set(previous_run_kpis(history, "s2")["run_id"]) == {"s1"}
    # a run not yet saved compares with the latest scheduled one
    assert set(previous_run_kpis(history, "s4")["run_id"]) == {"s3"}


def test_first_run_has_no_previous(history: Path) -> None:
    assert previous_run_kpis(history, "s1") is None
    save_run_kpis(history, "i1", at(19), "f", kpis(), False)
    save_run_kpis(history, "s1", at(20), "f", kpis(), True)
    assert previous_run_kpis(history, "s1") is None
    changes = kpi_changes(kpis(), None)
    assert changes["previous"].isna().all() and set(changes["direction"]) == {"new"}
    assert kpi_change_reading(changes) == "First scheduled run: no earlier run to compare."
    assert "首次定期运行" in kpi_change_reading(changes, "zh")
    assert "kpi-change" not in kpi_tiles_with_change_html(kpis(), changes)


def test_changes_in_percentage_points_and_polarity(history: Path) -> None:
    save_run_kpis(history, "s1", at(20), "f", kpis(0.300, 0.023, 1000), True)
    now = kpis(0.312, 0.020, 1100)
    changes = kpi_changes(now, previous_run_kpis(history, "s2")).set_index("key")
    conv, npl, clients = (changes.loc[k] for k in ("journey_conversion", "npl_share", "clients"))
    assert conv["change_pp"] == pytest.approx(1.2) and conv["change_text"] == "+1.2 pp"
    assert npl["change_pp"] == pytest.approx(-0.3) and npl["change_text"] == "−0.3 pp"
    assert (conv["direction"], conv["assessment"]) == ("up", "better")
    assert (npl["direction"], npl["assessment"]) == ("down", "better")
    assert clients["assessment"] == "" and clients["change_text"] == "+100 (+10.0%)"
    assert pd.isna(clients["change_pp"])
    worse = kpi_changes(kpis(0.29, 0.03), previous_run_kpis(history, "s2")).set_index("key")
    assert worse.loc["journey_conversion", "assessment"] == "worse"
    assert worse.loc["npl_share", "assessment"] == "worse"


def test_change_below_display_precision_is_unchanged(history: Path) -> None:
    save_run_kpis(history, "s1", at(20), "f", kpis(0.30001), True)
    changes = kpi_changes(kpis(0.30), previous_run_kpis(history, "s2")).set_index("key")
    assert changes.loc["journey_conversion", "direction"] == "unchanged"
    assert changes.loc["journey_conversion", "assessment"] == "unchanged"


def test_reading_names_date_and_moves(history: Path) -> None:
    save_run_kpis(history, "s1", at(20), "f", kpis(0.300, 0.023), True)
    changes = kpi_changes(kpis(0.312, 0.020), previous_run_kpis(history, "s2"))
    reading = kpi_change_reading(changes)
    assert reading == (
        "Since the previous scheduled run on 2026-11-20: Journey conversion +1.2 pp (better), "
        "NPL share −0.3 pp (better); 1 other figure(s) unchanged."
    )
    zh = kpi_change_reading(changes, "zh")
    assert "2026-11-20" in zh and "旅程转化率 +1.2个百分点（改善）" in zh


def test_tiles_colour_by_polarity(history: Path) -> None:
    save_run_kpis(history, "s1", at(20), "f", kpis(0.300, 0.020, 1000), True)
    now = kpis(0.312, 0.025, 900)
    page = kpi_tiles_with_change_html(now, kpi_changes(now, previous_run_kpis(history, "s2")))
    tiles = page.split('<div style="flex:1')[1:]
    assert len(tiles) == 3
    clients, conversion, npl = tiles
    assert f"color:{GREEN}" in conversion and "▲ +1.2 pp" in conversion and "vs 30.0%" in conversion
    assert f"color:{RED}" in npl and "▲ +0.5 pp" in npl and "kpi-worse" in npl
    assert "▼" in clients and GREEN not in clients and RED not in clients
    # the tiles are summary's tiles with one line added
    plain = kpi_tiles_html(now)
    assert (
        page.startswith(plain.split('<div style="flex:1')[0])
        and page.count("<div") == plain.count("<div") + 3
    )


def test_polarity_map_and_default() -> None:
    assert polarity("journey_conversion") == 1 and polarity("csat_share") == 1
    assert polarity("npl_share") == -1 and polarity("median_days_to_decision") == -1
    assert polarity("npl_ratio") == -1 and polarity("stage_events") == 0


def test_corrupt_history_is_one_line_error(history: Path) -> None:
    history.parent.mkdir(parents=True)
    history.write_bytes(b"not parquet at all")
    for call in (
        lambda: read_kpi_history(history),
        lambda: previous_run_kpis(history, "s1"),
        lambda: save_run_kpis(history, "s1", at(20), "f", kpis(), True),
    ):
        with pytest.raises(InputError) as caught:
            call()
        assert str(history) in str(caught.value) and "\n" not in str(caught.value)
    assert history.read_bytes() == b"not parquet at all"  # never overwritten


def test_wrong_columns_and_missing_file(history: Path) -> None:
    with pytest.raises(InputError, match="not found") as caught:
        read_kpi_history(history)
    assert str(history) in str(caught.value)
    history.parent.mkdir(parents=True)
    pd.DataFrame({"run_id": ["x"]}).to_parquet(history)
    with pytest.raises(InputError, match="missing column") as caught:
        previous_run_kpis(history, "s1")
    assert str(history) in str(caught.value)


def test_bad_kpis_are_refused(history: Path) -> None:
    with pytest.raises(InputError, match="given twice"):
        save_run_kpis(history, "s1", at(20), "f", kpis() + kpis()[:1], True)
    with pytest.raises(InputError, match="no KPIs"):
        save_run_kpis(history, "s1", at(20), "f", [], True)
    with pytest.raises(InputError, match="empty run id"):
        save_run_kpis(history, " ", at(20), "f", kpis(), True)
    assert not history.exists()


def test_run_identity_from_runner_or_interactive() -> None:
    run = run_identity({"run_id": "20261120-060000-default", "scheduled": True})
    assert run.scheduled and run.run_at == at(20)
    interactive = run_identity({"params_file": "params/smoke.yaml"}, now=at(21, 9))
    assert not interactive.scheduled
    assert interactive.run_id == "interactive-20261121-090000" and interactive.run_at == at(21, 9)


def test_history_lives_in_the_data_set_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "s.yaml").write_text("run_name: s\ndata_dir: data/s\n", "utf-8")
    monkeypatch.setenv("JOURNEY_PROJECT_ROOT", str(tmp_path))
    params = load_params(tmp_path / "params" / "s.yaml")
    assert kpi_history_path(params) == tmp_path / "data" / "s" / HISTORY_FILE


def test_stage_kpi_compares_its_text(history: Path) -> None:
    def stage(name: str, share: float) -> list[Kpi]:
        return [Kpi("largest_dropoff_stage", "Largest drop-out", share, name)]

    save_run_kpis(history, "s1", at(20), "f", stage("Approval", 0.40), True)
    previous = previous_run_kpis(history, "s2")
    same = kpi_changes(stage("Approval", 0.42), previous).iloc[0]
    assert same["change_text"] == "+2.0 pp" and same["assessment"] == ""
    moved = kpi_changes(stage("Application", 0.42), previous)
    assert (
        moved.iloc[0]["direction"] == "changed" and moved.iloc[0]["change_text"] == "was Approval"
    )
    assert "Largest drop-out was Approval" in kpi_change_reading(moved)
    assert "此前为 审批与决策" in kpi_change_reading(moved, "zh")  # the stage, in Chinese


def test_a_stage_named_in_the_other_language_is_the_same_stage(history: Path) -> None:
    def stage(name: str) -> list[Kpi]:
        return [Kpi("largest_dropoff_stage", "Largest drop-out", 0.40, name)]

    save_run_kpis(history, "s1", at(20), "f", stage("Approval"), True)  # an English run
    same = kpi_changes(stage("审批与决策"), previous_run_kpis(history, "s2"), "zh").iloc[0]
    assert same["direction"] == "unchanged" and same["previous_text"] == "审批与决策"
    assert same["change_text"] == "持平"
    moved = kpi_changes(stage("申请与初审"), previous_run_kpis(history, "s2"), "zh").iloc[0]
    assert moved["direction"] == "changed" and moved["change_text"] == "此前为 审批与决策"


def _summary_kpis(lang: str, days: float, amount: float) -> list[Kpi]:
    """The headline figures whose text depends on the language, written as the summary writes
    them (`summary_kpis`, `journey_kpis`)."""
    return [
        Kpi("clients", MESSAGES("kpi_label.clients"), 20_000, "20,000"),
        Kpi("disbursed_amount", MESSAGES("kpi_label.disbursed_amount"), amount,
            format_cny(amount, lang)),
        Kpi("median_days_to_decision", MESSAGES("kpi_label.median_days_to_decision"), days,
            MESSAGES("kpi_value.median_days_to_decision", lang, days=f"{days:.0f}")),
        Kpi("largest_dropoff_stage", MESSAGES("kpi_label.largest_dropoff_stage"), 0.39,
            stage_label("approval", lang)),
    ]  # fmt: skip


def test_change_table_writes_an_english_previous_run_in_chinese(history: Path) -> None:
    save_run_kpis(history, "s1", at(20), "f", _summary_kpis("en", 40, 7.2e11), True)
    now = _summary_kpis("zh", 37, 8.0e11)
    changes = kpi_changes(now, previous_run_kpis(history, "s2"), "zh")
    shown = changes[["label", "current_text", "previous_text", "change_text", "assessment"]]
    assert shown["previous_text"].tolist() == ["20,000", "¥7,200.0亿", "40 天", "审批与决策"]
    assert shown["label"].tolist() == ["客户数", "放款金额", "审批用时", "最大流失环节"]
    assert shown["change_text"].tolist()[0] == "持平" and "天" in shown["change_text"].iloc[2]
    assert changes["direction"].tolist() == ["unchanged", "up", "down", "unchanged"]
    assert chinese_table_leftovers(style_table(shown, lang="zh")) == []
    # the tiles and the reading quote the previous run in Chinese too
    tiles = kpi_tiles_with_change_html(now, kpi_changes(now, previous_run_kpis(history, "s2")),
                                       lang="zh")  # fmt: skip
    assert "上次 40 天" in tiles and "days" not in tiles and "Approval" not in tiles
    assert "天" in kpi_change_reading(changes, "zh")


def test_change_table_in_english_is_as_saved_and_writes_a_chinese_run_in_english(
    history: Path,
) -> None:
    save_run_kpis(history, "s1", at(20), "f", _summary_kpis("en", 40, 7.2e11), True)
    now = _summary_kpis("en", 37, 8.0e11)
    plain = kpi_changes(now, previous_run_kpis(history, "s2"))
    pd.testing.assert_frame_equal(kpi_changes(now, previous_run_kpis(history, "s2"), "en"), plain)
    assert plain["previous_text"].tolist() == ["20,000", "CNY 720.0bn", "40 days", "Approval"]
    save_run_kpis(history, "s3", at(22), "f", _summary_kpis("zh", 40, 7.2e11), True)
    english = kpi_changes(now, previous_run_kpis(history, "s4"), "en")
    assert english["previous_text"].tolist() == plain["previous_text"].tolist()
    assert english["change_text"].tolist() == plain["change_text"].tolist()


def test_a_previous_text_in_no_known_form_is_shown_as_saved(history: Path) -> None:
    odd = [Kpi("median_days_to_decision", "Time to decision", 40, "about 40 days")]
    save_run_kpis(history, "s1", at(20), "f", odd, True)
    changes = kpi_changes(_summary_kpis("zh", 37, 1)[2:3], previous_run_kpis(history, "s2"), "zh")
    assert changes["previous_text"].tolist() == ["about 40 days"]


SUMMARY_KEYS = (
    "clients", "applications", "disbursed", "disbursed_amount", "stage_events", "npl_share",
    "csat", "rows_in", "quarantine_share", "journey_conversion", "median_days_to_decision",
    "largest_dropoff_stage",
)  # fmt: skip


def test_zh_reading_names_every_summary_kpi_in_chinese(history: Path) -> None:
    def every(scale: float) -> list[Kpi]:
        return [Kpi(k, f"EN {k}", scale * (i + 2), "Approval") for i, k in enumerate(SUMMARY_KEYS)]

    save_run_kpis(history, "s1", at(20), "f", every(1.0), True)
    changes = kpi_changes(every(1.5), previous_run_kpis(history, "s2"))
    assert set(changes["direction"]) == {"up"}
    en, zh = kpi_change_reading(changes), kpi_change_reading(changes, "zh")
    assert "EN csat +4.00 (+50.0%)" in en and "客户满意度 +4.00 (+50.0%)" in zh
    assert "EN " not in zh and "2026-11-20" in zh
    for key in SUMMARY_KEYS:
        assert f"{MESSAGES(f'kpi_label.{key}', 'zh')} " in zh


def test_chinese_tiles_name_the_figures_in_chinese() -> None:
    from journey_utils.summary.history import kpi_changes, kpi_tiles_with_change_html
    from journey_utils.summary.kpis import Kpi

    kpis = [Kpi("npl_share", "NPL share", 0.05, "5.0%", "loans on the book")]
    html = kpi_tiles_with_change_html(kpis, kpi_changes(kpis, None), lang="zh")
    assert "NPL share" not in html and "5.0%" in html
