"""Client profiling: grade bands, industry × region, lifecycle stages at their thresholds, size
bands, and the lifecycle rule against the generator's archetypes (known truth, tests only)."""

from __future__ import annotations

import inspect
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from journey_utils import profiling
from journey_utils.errors import InputError
from journey_utils.params.run import load_params
from journey_utils.plotting import style_table
from journey_utils.profiling.messages import MESSAGES
from journey_utils.profiling.portfolio import (
    credit_grade_band,
    grade_reading,
    grades_table,
    industry_region_reading,
    industry_region_table,
    lifecycle_reading,
    lifecycle_stage,
    lifecycle_table,
    plot_grades,
    plot_industry_region,
    plot_lifecycle,
    size_band,
    with_profile_columns,
)
from text_checks import chinese_table_leftovers, has_cjk
from text_checks import chinese_with_same_numbers as same_numbers

matplotlib.use("Agg")
REPO = Path(__file__).resolve().parents[2]


def credit(ratings: list[object], scores: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"internal_rating": ratings, "bureau_score": scores})


def test_grade_band_follows_the_rating() -> None:
    frame = credit(["AAA", "BBB", "BB", "B", "CCC", "CC", "C"], [900, 760, 700, 690, 650, 620, 600])
    assert credit_grade_band(frame).tolist() == [
        "investment_grade",
        "investment_grade",
        "standard",
        "standard",
        "watch",
        "sub_standard",
        "sub_standard",
    ]


def test_bureau_score_places_unrated_clients_at_the_floors() -> None:
    frame = credit([None] * 7, [740, 739.9, 670, 669, 635, 634, np.nan])
    assert credit_grade_band(frame).tolist() == [
        "investment_grade",
        "standard",
        "standard",
        "watch",
        "watch",
        "sub_standard",
        "unrated",
    ]


def test_a_bureau_score_two_bands_worse_lowers_the_band_by_one() -> None:
    # A (investment grade) with a watch-band score: two bands apart -> standard
    # A with a standard-band score: one band apart -> unchanged; CC with any score stays
    frame = credit(["A", "A", "CC", "BBB"], [650, 700, 900, 600])
    assert credit_grade_band(frame).tolist() == [
        "standard",
        "investment_grade",
        "sub_standard",
        "standard",
    ]


def test_unknown_rating_stops_with_the_valid_ones() -> None:
    with pytest.raises(InputError, match=r"unknown internal rating 'Z'.*AAA"):
        credit_grade_band(credit(["A", "Z"], [800, 800]))


def test_grade_table_counts_shares_and_masks_small_bands() -> None:
    frame = credit(["AAA"] * 12 + ["BB"] * 5 + ["C"] * 3, [880] * 12 + [720] * 5 + [580] * 3)
    table = grades_table(frame, min_cell_size=4)
    assert table["grade_band"].tolist() == ["investment_grade", "standard", "sub_standard"]
    assert table["clients"].tolist()[:2] == [12, 5]
    assert table["share"].iloc[0] == pytest.approx(12 / 20)
    assert table["masked"].tolist() == [False, False, True]
    assert pd.isna(table["clients"].iloc[2]) and pd.isna(table["share"].iloc[2])
    assert table.attrs["rule"] == MESSAGES("grade_rule", "en")
    assert "60.0% investment grade" in grade_reading(table)
    ax = plot_grades(table)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx(table["share"].astype(float).fillna(0).tolist())  # masked: 0
    assert [t.get_text() for t in ax.texts][-1] == "–"  # the masked band shows no count
    assert not any("(3)" in t.get_text() for t in ax.texts)


def firms() -> pd.DataFrame:
    """Hand-made firms at the lifecycle thresholds (age 5, 300 employees, growth -5% / +10%)."""
    rows = [
        (4.99, 299, 0.50, "start_up"),  # young and small, whatever the growth
        (4.99, 300, 0.00, "growth"),  # young but not small: past start-up
        (5.00, 10, 0.00, "mature"),  # not young: steady growth is mature
        (12.0, 50, 0.10, "growth"),  # growth exactly at +10%
        (12.0, 50, 0.0999, "mature"),
        (12.0, 50, -0.05, "decline"),  # decline exactly at -5%
        (12.0, 50, -0.0499, "mature"),
        (4.0, 5000, -0.20, "decline"),  # young, large and shrinking: decline before growth
        (30.0, 800, np.nan, "mature"),  # unknown growth counts as steady
        (2.0, 3, np.nan, "start_up"),
    ]
    frame = pd.DataFrame(rows, columns=["firm_age_years", "employees", "revenue_growth", "want"])
    return frame


def test_lifecycle_stage_at_the_thresholds() -> None:
    frame = firms()
    assert lifecycle_stage(frame).tolist() == frame["want"].tolist()


def test_lifecycle_table_states_the_rule_and_masks() -> None:
    table = lifecycle_table(firms(), min_cell_size=3)
    assert table["lifecycle_stage"].tolist() == ["start_up", "growth", "mature", "decline"]
    assert table["masked"].tolist() == [True, True, False, True]
    assert table.loc[2, "clients"] == 4
    assert table["rule"].str.len().gt(10).all()
    assert "younger than 5 years and fewer than 300 employees" in table.loc[0, "rule"]
    assert table.attrs["growth_missing"] == 2
    reading = lifecycle_reading(table)
    assert "mature 40.0%" in reading and "start-up" not in reading
    ax = plot_lifecycle(table)
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == pytest.approx(table["share"].astype(float).fillna(0).tolist())
    assert len(ax.get_xticklabels()) == len(table)
    notes = [t.get_text() for t in ax.texts]  # only the unmasked stage shows its count
    assert [note == "–" for note in notes] == table["masked"].tolist()


def test_size_bands() -> None:
    frame = pd.DataFrame({"employees": [1, 19, 20, 299, 300, 999, 1000, np.nan]})
    assert size_band(frame).tolist() == [
        "micro", "micro", "small", "small", "medium", "medium", "large", "unknown",
    ]  # fmt: skip


def test_with_profile_columns_names_valid_columns() -> None:
    with pytest.raises(InputError, match="derived: grade_band, lifecycle_stage, size_band"):
        with_profile_columns(pd.DataFrame({"a": [1]}), ["nope"])


def regions() -> pd.DataFrame:
    rows = [("manufacturing", "east")] * 12 + [("manufacturing", "north")] * 3
    rows += [("textiles", "east")] * 10
    frame = pd.DataFrame(rows, columns=["industry", "region"])
    frame["npl"] = [True] * 3 + [False] * 9 + [True] * 3 + [False] * 10
    return frame


def test_industry_region_counts_are_masked_below_min_cell_size() -> None:
    table = industry_region_table(regions(), min_cell_size=5).set_index("industry")
    assert table.loc["manufacturing", "east"] == 12
    assert pd.isna(table.loc["manufacturing", "north"])  # 3 clients: masked
    assert table.loc["textiles", "north"] == 0  # an empty cell singles out no one
    assert table.attrs["counts"].loc["manufacturing", "north"] == 3
    reading = industry_region_reading(industry_region_table(regions(), min_cell_size=5))
    assert "manufacturing (60.0% of clients)" in reading and "1 cell(s) are hidden" in reading


def test_industry_region_rate_of_a_yes_no_column() -> None:
    table = industry_region_table(regions(), value="npl", min_cell_size=5).set_index("industry")
    assert table.loc["manufacturing", "east"] == pytest.approx(3 / 12)
    assert pd.isna(table.loc["manufacturing", "north"])
    assert pd.isna(table.loc["textiles", "north"])  # no clients: no rate
    ax = plot_industry_region(industry_region_table(regions(), value="npl", min_cell_size=5))
    cells = ax.collections[0].get_array()
    assert cells.mask.tolist() == table.isna().to_numpy().tolist()  # masked cells left blank
    assert [t.get_text() for t in ax.texts] == ["25%", "0%"]  # one number per shown cell


def test_industry_region_rejects_a_text_value() -> None:
    with pytest.raises(InputError, match="numeric or yes/no"):
        industry_region_table(regions(), value="region", min_cell_size=1)


def test_grade_reading_in_chinese_has_the_same_numbers() -> None:
    frame = credit(["AAA"] * 12 + ["BB"] * 5 + ["CCC"] * 4, [880] * 12 + [720] * 5 + [650] * 4)
    english = grade_reading(grades_table(frame, min_cell_size=4))
    chinese_table = grades_table(frame, min_cell_size=4, lang="zh")
    chinese = grade_reading(chinese_table, lang="zh")
    assert same_numbers(english, chinese), (english, chinese)
    assert "投资级占 57.1%" in chinese and "19.0% 的客户处于关注" in chinese
    assert chinese_table.attrs["rule"] == MESSAGES("grade_rule", "zh")
    ax = plot_grades(chinese_table, lang="zh")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(chinese_table) and all(has_cjk(label) for label in labels)
    assert "投资级" in labels
    assert chinese_table_leftovers(style_table(chinese_table, lang="zh")) == []


def test_lifecycle_reading_and_rules_in_chinese() -> None:
    english = lifecycle_reading(lifecycle_table(firms(), min_cell_size=3))
    table = lifecycle_table(firms(), min_cell_size=3, lang="zh")
    chinese = lifecycle_reading(table, lang="zh")
    assert same_numbers(english, chinese), (english, chinese)
    assert "成熟期 40.0%" in chinese and "2 户客户缺少上一年营收数据" in chinese
    assert "成立不满 5 年且员工少于 300 人" in table.loc[0, "rule"]
    assert chinese_table_leftovers(style_table(table, lang="zh")) == []


def test_industry_region_reading_and_chart_in_chinese() -> None:
    table = industry_region_table(regions(), min_cell_size=5)
    english, chinese = industry_region_reading(table), industry_region_reading(table, lang="zh")
    assert same_numbers(english, chinese), (english, chinese)
    assert "制造业（占客户的 60.0%）" in chinese and "华东" in chinese
    ax = plot_industry_region(industry_region_table(regions(), min_cell_size=5), lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["制造业", "纺织业"]
    assert "少于 5 户" in "".join(ax.get_title(loc=side) for side in ("left", "center", "right"))
    shown = style_table(table, lang="zh")  # regions as headers, industries as rows
    assert chinese_table_leftovers(shown) == [] and "华东" in shown.to_html()


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A 2,000-client default portfolio, its client 360 and the true archetype of each client."""
    from journey_utils.integration.privacy import pseudonymiser
    from journey_utils.integration.processed import integrate, load_client_360
    from journey_utils.synthetic.portfolio import generate_portfolio

    folder = tmp_path_factory.mktemp("profiling")
    params = load_params(
        REPO / "params" / "default.yaml",
        {"data_dir": str(folder), "n_clients": 2000, "dirty_share": 0.0},
    )
    generate_portfolio(params)
    integrate(params)
    truth = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
    truth["client_id"] = pseudonymiser(params).pseudonymise(truth["client_id"], "C")
    return load_client_360(params), truth


def test_lifecycle_recovers_the_archetypes(portfolio: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, truth = portfolio
    stages = clients.assign(stage=lifecycle_stage(clients)).merge(truth, on="client_id")
    assert len(stages) == len(clients)
    share = pd.crosstab(stages["archetype"], stages["stage"], normalize="index")
    assert share.loc["tech_startup", "start_up"] >= 0.8
    assert share.loc["mature_manufacturer", "mature"] >= 0.6
    assert share.loc["declining_traditional", "decline"] >= 0.7
    assert share.loc["growth_tech", "growth"] >= 0.6


def test_grade_bands_cover_the_portfolio(portfolio: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    clients, _ = portfolio
    table = grades_table(clients, min_cell_size=10)
    assert table["clients"].sum() == len(clients)
    assert table["share"].sum() == pytest.approx(1.0)


def test_every_masking_table_requires_the_minimum_cell_size() -> None:
    """No caller can forget the masking: `min_cell_size` has no default on a profiling table."""
    masking = {
        name: inspect.signature(getattr(profiling, name)).parameters["min_cell_size"]
        for name in profiling.__all__
        if name.endswith("_table")
        and "min_cell_size" in inspect.signature(getattr(profiling, name)).parameters
    }
    assert set(masking) == {
        "grades_table",
        "industry_region_table",
        "lifecycle_table",
        "ratio_distributions_table",
        "pain_point_groups_table",
    }
    assert all(p.default is inspect.Parameter.empty for p in masking.values())
