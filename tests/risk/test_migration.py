"""Tests of rating migration: exact counts on hand-built histories, order and band handling,
new units, period selection, worsened clients, masking, and the default portfolio's totals."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from journey_utils.errors import InputError
from journey_utils.plotting import style_table
from journey_utils.risk.migration import (
    LOAN_CLASSES,
    band_migration_table,
    migration_matrix,
    migration_reading,
    migration_summary,
    migration_table,
    plot_migration,
    worsened_clients,
    year_end_snapshots,
)
from text_checks import chinese_table_leftovers, has_cjk, same_numbers

matplotlib.use("Agg")

ORDER = ("A", "B", "C")
Y1, Y2, Y3 = pd.Timestamp("2023-12-31"), pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")


def _history(rows: list[tuple[str, pd.Timestamp, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["client_id", "as_of_date", "internal_rating"])


def _cid(i: int) -> str:
    return f"C-{i:016x}"


# 4 clients in Y1 and Y2: A->A, A->B, B->C, C->A; client 5 first appears in Y2 (new).
HISTORY = _history(
    [
        (_cid(1), Y1, "A"), (_cid(1), Y2, "A"),
        (_cid(2), Y1, "A"), (_cid(2), Y2, "B"),
        (_cid(3), Y1, "B"), (_cid(3), Y2, "C"),
        (_cid(4), Y1, "C"), (_cid(4), Y2, "A"),
        (_cid(5), Y2, "B"),
    ]
)  # fmt: skip


def test_known_matrix_exact_counts() -> None:
    table = migration_table(HISTORY, order=ORDER)
    units = migration_matrix(table, "units").astype(int)
    assert units.values.tolist() == [[1, 1, 0], [0, 0, 1], [1, 0, 0]]
    shares = migration_matrix(table, "row_share")
    assert shares.loc["A", "B"] == pytest.approx(0.5)
    assert table.attrs["units"] == 4
    assert table.attrs["new"] == 1 and table.attrs["exited"] == 0
    notches = table.set_index(["from_class", "to_class"])["notches"]
    assert (notches["A", "C"], notches["C", "A"]) == (2, -2)


def test_new_client_reported_not_counted() -> None:
    table = migration_table(HISTORY, order=ORDER)
    assert int(table["units"].sum()) == 4
    assert "1 first assessments" in migration_reading(table)


def test_order_handling() -> None:
    reverse = migration_table(HISTORY, order=ORDER[::-1])
    assert reverse.attrs["order"] == ["C", "B", "A"]
    assert list(migration_matrix(reverse, "units").index) == ["C", "B", "A"]
    summary = migration_summary(reverse).set_index("direction")["units"]
    assert summary.tolist() == [2, 1, 1]  # A->B, B->C now upgrades; C->A a downgrade
    with pytest.raises(InputError, match="unknown class 'C'"):
        migration_table(HISTORY, order=("A", "B"))


def test_summary_shares() -> None:
    summary = migration_summary(migration_table(HISTORY, order=ORDER)).set_index("direction")
    assert summary["units"].tolist() == [1, 1, 2]
    assert summary["share"].tolist() == pytest.approx([0.25, 0.25, 0.5])
    shown = style_table(summary.reset_index(), lang="zh")
    assert chinese_table_leftovers(shown) == [] and "下调" in shown.to_html()


def test_pooled_and_single_pairs() -> None:
    later = _history([(_cid(1), Y3, "C"), (_cid(2), Y3, "B"), (_cid(5), Y3, "B")])
    history = pd.concat([HISTORY, later], ignore_index=True)
    pooled = migration_table(history, order=ORDER)
    assert pooled.attrs["units"] == 4 + 3 and pooled.attrs["exited"] == 2
    last = migration_table(history, order=ORDER, from_period="2024-12-31")
    assert last.attrs["pairs"] == [("2024-12-31", "2025-12-31")]
    assert migration_matrix(last, "units").loc["A", "C"] == 1
    same = migration_table(history, order=ORDER, to_period=Y3)
    assert same.attrs["pairs"] == last.attrs["pairs"]
    with pytest.raises(InputError, match="no period"):
        migration_table(history, order=ORDER, from_period="2020-12-31")
    with pytest.raises(InputError, match="before"):
        migration_table(history, order=ORDER, from_period=Y3, to_period=Y1)


def test_duplicates_and_single_period_stop() -> None:
    with pytest.raises(InputError, match="twice"):
        migration_table(pd.concat([HISTORY, HISTORY.iloc[[0]]]), order=ORDER)
    with pytest.raises(InputError, match="fewer than two periods"):
        migration_table(HISTORY[HISTORY["as_of_date"] == Y1], order=ORDER)


def test_bands_and_masking() -> None:
    history = _history(
        [(_cid(i), Y1, "AAA") for i in range(6)]
        + [(_cid(i), Y2, "AA") for i in range(5)]
        + [(_cid(5), Y2, "CCC")]
    )
    table = band_migration_table(history, min_cell_size=3)
    assert table.attrs["order"] == ["investment_grade", "standard", "watch", "sub_standard"]
    units = migration_matrix(table, "units")
    assert units.loc["investment_grade", "investment_grade"] == 5
    assert pd.isna(units.loc["investment_grade", "watch"])  # 1 client: masked
    assert units.loc["investment_grade", "standard"] == 0  # zeros stay
    ax = plot_migration(table)
    texts = [t.get_text() for t in ax.texts]
    assert "<n" in texts  # the 1-client cell shows the mask sign, not its count
    mask = next(t for t in ax.texts if t.get_text() == "<n")  # on a blank (white) cell
    assert to_hex(mask.get_color()) == "#6c757d"  # 4.7:1 on white; matplotlib's grey is 4.0:1
    assert not any(text.endswith("\n1") for text in texts)
    assert any(text.endswith("\n5") for text in texts)  # the 5 clients who stayed are shown
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(table.attrs["order"])


def test_worsened_clients() -> None:
    worse = worsened_clients(HISTORY, order=ORDER)
    assert worse["client_id"].tolist() == [_cid(2), _cid(3)]
    assert worse[["from_class", "to_class", "notches"]].values.tolist() == [
        ["A", "B", 1],
        ["B", "C", 1],
    ]
    assert worsened_clients(HISTORY, order=ORDER, min_notches=2).empty
    raw = HISTORY.assign(client_id=HISTORY["client_id"].str.replace("C-", "CL"))
    with pytest.raises(InputError, match="pseudonymised"):
        worsened_clients(raw, order=ORDER)


def test_year_end_snapshots_for_loan_classes() -> None:
    perf = pd.DataFrame(
        {
            "application_id": ["L1", "L1", "L1", "L2", "L2"],
            "month": pd.to_datetime(
                ["2024-11-30", "2024-12-31", "2025-12-31", "2024-12-31", "2025-12-31"]
            ),
            "classification": ["normal", "special_mention", "doubtful", "normal", "normal"],
        }
    )
    snaps = year_end_snapshots(perf)
    assert len(snaps) == 4 and list(snaps.columns) == [
        "application_id",
        "as_of_date",
        "classification",
    ]
    table = migration_table(snaps, "application_id", class_col="classification", order=LOAN_CLASSES)
    units = migration_matrix(table, "units")
    assert units.loc["special_mention", "doubtful"] == 1 and units.loc["normal", "normal"] == 1


def test_default_portfolio_rows_sum_to_clients_in_both(default_portfolio) -> None:
    history = pd.read_parquet(default_portfolio.processed_dir / "credit_history.parquet")
    table = migration_table(history, from_period="2024-12-31", to_period="2025-12-31")
    ids = history.groupby("as_of_date")["client_id"].apply(set)
    both = len(ids[pd.Timestamp("2024-12-31")] & ids[pd.Timestamp("2025-12-31")])
    assert int(table["units"].sum()) == both == table.attrs["units"]
    rows = table.groupby("from_class")["units"].sum()
    first = history[history["as_of_date"] == pd.Timestamp("2024-12-31")]
    assert (
        rows.to_dict()
        == first["internal_rating"].value_counts().reindex(rows.index, fill_value=0).to_dict()
    )
    pooled = migration_table(history)
    first_year = int(history["as_of_date"].eq(history["as_of_date"].min()).sum())
    later_rows = len(history) - first_year  # each is a transition or a first assessment
    assert pooled.attrs["units"] + pooled.attrs["new"] == later_rows
    worse = worsened_clients(history)
    assert worse["client_id"].str.fullmatch(r"C-[0-9a-f]{16}").all()
    assert (worse["notches"] >= 1).all() and len(worse) < both


def test_reading_in_chinese_keeps_the_numbers() -> None:
    table = migration_table(HISTORY, order=ORDER)
    english, chinese = migration_reading(table), migration_reading(table, lang="zh")
    assert has_cjk(chinese) and not has_cjk(english)
    assert same_numbers(english, chinese), (english, chinese)
    assert "下调 50.0%" in chinese and "下调多于上调" in chinese and "首次评级" in chinese
    with pytest.raises(InputError, match="unknown report language"):
        migration_reading(table, lang="de")


def test_loan_classes_labelled_in_chinese() -> None:
    history = pd.DataFrame(
        {
            "application_id": ["A1", "A1", "A2", "A2"],
            "as_of_date": [Y1, Y2, Y1, Y2],
            "classification": ["normal", "special_mention", "normal", "normal"],
        }
    )
    table = migration_table(
        history, "application_id", class_col="classification", order=LOAN_CLASSES
    )
    ax = plot_migration(table, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["正常", "关注"]
    assert ax.get_title() == "等级迁移（行占比）"
