"""Client profiling (DESIGN §5, notebook 02): who the clients are. Credit grade bands, industry ×
region, lifecycle stage and size band, each a table (`*_table`) with a chart twin (`plot_*`) and a
manager's reading (`*_reading`); financial health and pain points build on these in
`financial_health.py` and `pain_points.py`, the column profile is `column_profile.py`.

Every function takes the client 360 (one row per client, `conform.build_client_360`); tables that
publish groups take `min_cell_size` and mask groups below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from journey_utils.catalog import INTERNAL_RATINGS
from journey_utils.disclosure import mask_small_cells, mask_small_groups
from journey_utils.errors import InputError, require_columns
from journey_utils.i18n import CODE_WORDS_ZH, column_words
from journey_utils.plotting import (
    PALETTE,
    format_count,
    format_pct,
    md_escape,
    new_figure,
    pct_axis,
)
from journey_utils.profiling.messages import MESSAGES
from journey_utils.vocabulary import BAND_LABELS, CODE_WORDS, LIFECYCLE_LABELS

# --------------------------------------------------------------------------- credit grade bands

GRADE_BANDS: tuple[str, ...] = ("investment_grade", "standard", "watch", "sub_standard", "unrated")
"""Credit grade bands, best first; `unrated` = neither an internal rating nor a bureau score."""

RATING_BAND: dict[str, str] = {
    "AAA": "investment_grade",
    "AA": "investment_grade",
    "A": "investment_grade",
    "BBB": "investment_grade",
    "BB": "standard",
    "B": "standard",
    "CCC": "watch",
    "CC": "sub_standard",
    "C": "sub_standard",
}
"""Internal rating → band: BBB and better is investment grade, BB/B standard, CCC watch, CC/C
sub-standard (the bank's scale, catalog.INTERNAL_RATINGS)."""

BUREAU_BAND_FLOORS: tuple[tuple[str, float], ...] = (
    ("investment_grade", 740.0),
    ("standard", 670.0),
    ("watch", 635.0),
    ("sub_standard", -np.inf),
)
"""Bureau score → band: the lowest score of each band (score ≥ floor), used where the internal
rating is missing and to check a rating against the bureau."""

BUREAU_OVERRIDE_GAP: int = 2
"""A bureau band this many bands (or more) worse than the rating's band lowers the band by one."""


def client_360_intro(client_360: pd.DataFrame, as_of: date, lang: str = "en") -> str:
    """The profile's opening line: how many clients the client 360 holds and as of which day."""
    return MESSAGES("client_360_intro", lang, n=f"{len(client_360):,}", as_of=f"{as_of:%Y-%m-%d}")


def require(frame: pd.DataFrame, columns: Sequence[str], what: str = "client 360") -> None:
    """Stop with the missing column named when `frame` lacks any of `columns`."""
    require_columns(frame, columns, what)


def bureau_band(score: pd.Series) -> pd.Series:
    """The band a bureau score alone puts a client in (missing where the score is)."""
    values = pd.to_numeric(score, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(values), None, dtype=object)
    for band, floor in reversed(BUREAU_BAND_FLOORS):
        out[values >= floor] = band
    return pd.Series(out, index=score.index, dtype="str")


def credit_grade_band(client_360: pd.DataFrame) -> pd.Series:
    """The credit grade band of each client by the catalog's `grade_rule` (rating first, bureau
    score where the rating is missing or disagrees by BUREAU_OVERRIDE_GAP bands or more)."""
    require(client_360, ["internal_rating", "bureau_score"])
    ratings = client_360["internal_rating"]
    unknown = ratings.notna() & ~ratings.isin(INTERNAL_RATINGS)
    if unknown.any():
        row = int(np.flatnonzero(unknown.to_numpy())[0])
        valid = ", ".join(INTERNAL_RATINGS)
        raise InputError(
            "client 360",
            f"unknown internal rating {ratings.iloc[row]!r} (valid: {valid})",
            row=row,
            column="internal_rating",
        )
    rank = {b: i for i, b in enumerate(GRADE_BANDS)}
    by_rating = ratings.map(RATING_BAND).map(rank)
    by_bureau = bureau_band(client_360["bureau_score"]).map(rank)
    lowered = (by_bureau - by_rating >= BUREAU_OVERRIDE_GAP).fillna(False)
    band = by_rating.where(~lowered, by_rating + 1).fillna(by_bureau).fillna(rank["unrated"])
    return pd.Series(np.asarray(GRADE_BANDS)[band.astype(int)], index=client_360.index).rename(
        "grade_band"
    )


def grades_table(client_360: pd.DataFrame, *, min_cell_size: int, lang: str = "en") -> pd.DataFrame:
    """Clients per credit grade band (best first) with their share, median bureau score and the
    ratings each band holds; bands below `min_cell_size` masked. attrs["rule"] states the rule
    (in `lang`)."""
    data = client_360.assign(grade_band=credit_grade_band(client_360))
    groups = data.groupby("grade_band", observed=True)
    table = pd.DataFrame(
        {
            "clients": groups.size(),
            "median_bureau_score": groups["bureau_score"].median(),
            "ratings": groups["internal_rating"].agg(_ratings_held, lang=lang),
        }
    ).reindex([b for b in GRADE_BANDS if b in set(data["grade_band"].unique())])
    table["share"] = table["clients"] / table["clients"].sum()
    table = table.rename_axis("grade_band").reset_index()
    table = table[["grade_band", "ratings", "clients", "share", "median_bureau_score"]]
    table = mask_small_groups(table, "clients", min_cell_size=min_cell_size)
    table.attrs["rule"] = MESSAGES("grade_rule", lang)
    return table


def grade_rule_note(table: pd.DataFrame, lang: str = "en") -> str:
    """The rule line shown under the grade reading ('*Rule:* Band from ...'), from a
    `grades_table`."""
    return MESSAGES("grade_rule_note", lang, rule=table.attrs["rule"])


def _ratings_held(ratings: pd.Series, lang: str = "en") -> str:
    """The internal ratings in a band, in scale order ('AAA, AA'), 'none' (无) when all missing."""
    present = set(ratings.dropna().unique())
    held = [r for r in INTERNAL_RATINGS if r in present]
    return ", ".join(held) if held else MESSAGES("ratings_none", lang)


def plot_grades(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of `grades_table`: the share of clients in each band (masked bands empty)."""
    if ax is None:
        _, ax = new_figure(8, 3.2)
    labels = [group_label("grade_band", b, lang) for b in table["grade_band"]]
    shares = pd.to_numeric(table["share"], errors="coerce").fillna(0).to_numpy(float)
    colours = [PALETTE[2], PALETTE[0], PALETTE[3], PALETTE[1], PALETTE[4]]
    y = np.arange(len(table))[::-1]
    ax.barh(y, shares, color=colours[: len(table)], height=0.6)
    for yi, share, n in zip(y, shares, table["clients"], strict=True):
        text = "–" if pd.isna(n) else f"{format_pct(share)}  ({format_count(n)})"
        ax.annotate(text, (share, yi), xytext=(4, 0), textcoords="offset points", va="center")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, max(shares.max() * 1.25, 0.1))
    pct_axis(ax, "x")
    ax.set_title(MESSAGES("grade_title", lang))
    return ax


def grade_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """The grade mix in two sentences (English or Chinese, same numbers), from `grades_table`."""
    shown = unmasked_rows(table).set_index("grade_band")
    parts = [  # band names in lower case within a sentence (Chinese has no case)
        MESSAGES(
            "grade_part",
            lang,
            band=group_label("grade_band", b, lang).lower(),
            share=format_pct(shown.at[b, "share"]),
        )
        for b in GRADE_BANDS
        if b in shown.index
    ]
    weak = shown["share"].reindex(["watch", "sub_standard"]).fillna(0).sum()
    return MESSAGES(
        "grade_reading",
        lang,
        n=format_count(shown["clients"].sum()),
        parts=MESSAGES("list_sep", lang).join(parts),
        weak=format_pct(weak),
    )


# --------------------------------------------------------------------------- industry × region


def industry_region_table(
    client_360: pd.DataFrame, value: str | None = None, *, min_cell_size: int
) -> pd.DataFrame:
    """Industry (rows) × region (columns): client counts, or the mean of `value` (a number or a
    yes/no column, whose mean is a rate). Cells with fewer than `min_cell_size` clients are masked
    (zeros stay); attrs["counts"] holds the unmasked counts for the chart."""
    require(client_360, ["industry", "region", *([value] if value else [])])
    counts = pd.crosstab(client_360["industry"], client_360["region"])
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    counts = counts[counts.sum(axis=0).sort_values(ascending=False).index]
    if value is None:
        table = mask_small_cells(counts, min_cell_size=min_cell_size)
    else:
        values = _numeric(client_360[value], value)
        means = values.groupby([client_360["industry"], client_360["region"]]).mean().unstack()
        table = means.reindex(index=counts.index, columns=counts.columns).astype("Float64")
        table = table.mask(counts < min_cell_size, pd.NA)
    table.attrs.update({"counts": counts, "value": value, "min_cell_size": min_cell_size})
    table.columns.name = None
    return table.rename_axis("industry").reset_index()


def _numeric(values: pd.Series, column: str) -> pd.Series:
    """A column as float for means and rates (booleans 0/1); stops on text."""
    if values.dtype == object and values.dropna().map(type).eq(bool).all():
        return values.map({True: 1.0, False: 0.0}).astype(float)
    if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
        raise InputError("client 360", "needs a numeric or yes/no column", column=column)
    return values.astype(float)


def plot_industry_region(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Heat map of `industry_region_table`: counts (or the mean of its `value`) per industry ×
    region; masked cells are left blank and hatched, so no small group is shown."""
    value, min_cell_size = table.attrs.get("value"), table.attrs.get("min_cell_size", 1)
    table = table.set_index("industry")
    if ax is None:
        _, ax = new_figure(9, 5.2)
    grid = table.astype(float)
    is_rate = value is not None and bool(grid.stack().dropna().between(0, 1).all())
    fmt = ".0%" if is_rate else (",.0f" if value is None else ".2f")
    sns.heatmap(
        grid, ax=ax, cmap="Blues", annot=True, fmt=fmt, annot_kws={"fontsize": 8},
        linewidths=0.5, linecolor="white", cbar=False, mask=grid.isna(),
    )  # fmt: skip
    ax.patch.set(hatch="///", edgecolor="#cccccc", facecolor="white")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_yticklabels([group_label("industry", v, lang) for v in grid.index], rotation=0)
    ax.set_xticklabels([group_label("region", v, lang) for v in grid.columns])
    ax.tick_params(axis="x", rotation=0)
    ax.set_title(_heat_map_title(value, min_cell_size=min_cell_size, lang=lang))
    return ax


def _heat_map_title(value: str | None, *, min_cell_size: int, lang: str) -> str:
    """Title of the industry × region heat map: what the cells hold and the masking rule."""
    if value is None:
        what = MESSAGES("heat_map_clients", lang)
    elif f"value_name.{value}" in MESSAGES:
        what = MESSAGES(f"value_name.{value}", lang)
    else:  # a column the catalog does not name: its code (in English with spaces)
        what = column_words(value, lang)
    hidden = MESSAGES("heat_map_hidden", lang, n=min_cell_size) if min_cell_size > 1 else ""
    return MESSAGES("heat_map_title", lang, what=what, hidden=hidden)


def industry_region_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """Where the clients concentrate (English or Chinese, same numbers), from
    `industry_region_table` (counts); industry and region names Markdown-escaped."""
    counts: pd.DataFrame = table.attrs["counts"]
    total = counts.to_numpy().sum()
    stacked = counts.stack()
    (industry, region), top = stacked.idxmax(), stacked.max()
    ind = counts.sum(axis=1)
    reg = counts.sum(axis=0)
    return MESSAGES(
        "industry_region_reading",
        lang,
        industry=md_escape(group_label("industry", ind.idxmax(), lang)),
        industry_share=format_pct(ind.max() / total),
        region=md_escape(group_label("region", reg.idxmax(), lang)),
        region_share=format_pct(reg.max() / total),
        cell_industry=md_escape(group_label("industry", industry, lang)),
        cell_region=md_escape(group_label("region", region, lang)),
        cell=format_count(top),
        hidden=int(table.set_index("industry").isna().to_numpy().sum()),
        n_min=table.attrs["min_cell_size"],
    )


# --------------------------------------------------------------------------- lifecycle stage

LIFECYCLE_STAGES: tuple[str, ...] = ("start_up", "growth", "mature", "decline")

STARTUP_MAX_AGE: float = 5.0
"""Firms younger than this (years) and small are start-ups."""
SMALL_MAX_EMPLOYEES: int = 300
"""Fewer employees than this is a small firm (MIIT 2011 SME line for industry, simplified)."""
GROWTH_MIN: float = 0.10
"""Revenue growth (year on year) at or above this is a growth firm."""
DECLINE_MAX: float = -0.05
"""Revenue growth at or below this is a declining firm."""


def lifecycle_rule(stage: str, lang: str = "en") -> str:
    """The rule that puts a client in a lifecycle stage (first match wins, in the order start-up,
    decline, growth, mature), with this module's thresholds filled in."""
    return MESSAGES(
        f"lifecycle_rule.{stage}",
        lang,
        age=f"{STARTUP_MAX_AGE:g}",
        employees=SMALL_MAX_EMPLOYEES,
        decline=f"{DECLINE_MAX:.0%}",
        growth=f"{GROWTH_MIN:.0%}",
    )


def lifecycle_stage(client_360: pd.DataFrame) -> pd.Series:
    """Each client's lifecycle stage by `lifecycle_rule` from firm age, revenue growth and
    employees (first matching rule wins); missing growth counts as steady, missing age as old."""
    require(client_360, ["firm_age_years", "revenue_growth", "employees"])
    age = client_360["firm_age_years"].astype(float)
    growth = client_360["revenue_growth"].astype(float)
    young = (age < STARTUP_MAX_AGE).fillna(False).to_numpy()
    small = (client_360["employees"].astype(float) < SMALL_MAX_EMPLOYEES).fillna(False).to_numpy()
    falling = (growth <= DECLINE_MAX).fillna(False).to_numpy()
    rising = (growth >= GROWTH_MIN).fillna(False).to_numpy()
    stage = np.select(
        [young & small, falling, rising | young], ["start_up", "decline", "growth"], "mature"
    )
    return pd.Series(stage, index=client_360.index, name="lifecycle_stage", dtype="str")


def lifecycle_table(
    client_360: pd.DataFrame, *, min_cell_size: int, lang: str = "en"
) -> pd.DataFrame:
    """Clients per lifecycle stage with the rule that put them there (in `lang`), their share and
    the median firm age, revenue growth and employees; stages below `min_cell_size` masked."""
    data = client_360.assign(lifecycle_stage=lifecycle_stage(client_360))
    groups = data.groupby("lifecycle_stage")
    table = pd.DataFrame(
        {
            "clients": groups.size(),
            "median_age_years": groups["firm_age_years"].median(),
            "median_revenue_growth": groups["revenue_growth"].median(),
            "median_employees": groups["employees"].median(),
        }
    ).reindex(list(LIFECYCLE_STAGES))
    table["clients"] = table["clients"].fillna(0).astype("int64")
    table["share"] = table["clients"] / max(int(table["clients"].sum()), 1)
    table = table.rename_axis("lifecycle_stage").reset_index()
    rules = {stage: lifecycle_rule(stage, lang) for stage in LIFECYCLE_STAGES}
    table.insert(1, "rule", table["lifecycle_stage"].map(rules))
    table = table[table["clients"] > 0]
    cols = ["lifecycle_stage", "rule", "clients", "share", "median_age_years"]
    table = table[[*cols, "median_revenue_growth", "median_employees"]].reset_index(drop=True)
    table = mask_small_groups(table, "clients", min_cell_size=min_cell_size)
    table.attrs["growth_missing"] = int(client_360["revenue_growth"].isna().sum())
    return table


def plot_lifecycle(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Bars of `lifecycle_table`: the share of clients in each lifecycle stage."""
    if ax is None:
        _, ax = new_figure(8, 3.4)
    shares = pd.to_numeric(table["share"], errors="coerce").fillna(0).to_numpy(float)
    colours = {"start_up": PALETTE[5], "growth": PALETTE[2], "mature": PALETTE[0]}
    x = np.arange(len(table))
    ax.bar(
        x, shares, color=[colours.get(s, PALETTE[1]) for s in table["lifecycle_stage"]], width=0.6
    )
    for xi, share, n in zip(x, shares, table["clients"], strict=True):
        text = "–" if pd.isna(n) else f"{format_pct(share)}\n{format_count(n)}"
        ax.annotate(text, (xi, share), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_xticks(x, [group_label("lifecycle_stage", s, lang) for s in table["lifecycle_stage"]])
    ax.set_ylim(0, max(shares.max() * 1.3, 0.1))
    pct_axis(ax)
    ax.set_title(MESSAGES("lifecycle_title", lang))
    return ax


def lifecycle_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """The lifecycle mix and what sets each stage apart (English or Chinese, same numbers), from
    `lifecycle_table`."""
    shown = unmasked_rows(table).set_index("lifecycle_stage")
    parts = [  # stage names in lower case within a sentence (Chinese has no case)
        MESSAGES(
            "lifecycle_part",
            lang,
            stage=group_label("lifecycle_stage", s, lang).lower(),
            share=format_pct(shown.at[s, "share"]),
            age=f"{shown.at[s, 'median_age_years']:.0f}",
            growth=format_pct(shown.at[s, "median_revenue_growth"], 0),
        )
        for s in shown.index
    ]
    missing = table.attrs.get("growth_missing", 0)
    note = MESSAGES("lifecycle_growth_missing", lang, n=format_count(missing)) if missing else ""
    return (
        MESSAGES("lifecycle_reading", lang, parts=MESSAGES("clause_sep", lang).join(parts)) + note
    )


# --------------------------------------------------------------------------- derived columns

SIZE_BANDS: tuple[tuple[str, float], ...] = (
    ("micro", 20),
    ("small", SMALL_MAX_EMPLOYEES),
    ("medium", 1000),
    ("large", np.inf),
)
"""Size band by employees: below each upper bound (micro < 20, small < 300, medium < 1,000)."""


def size_band(client_360: pd.DataFrame) -> pd.Series:
    """Each client's size band by employees (SIZE_BANDS); 'unknown' where employees is missing."""
    require(client_360, ["employees"])
    employees = client_360["employees"].astype(float).to_numpy()
    out = np.full(len(employees), "unknown", dtype=object)
    for band, upper in reversed(SIZE_BANDS):
        out[employees < upper] = band
    return pd.Series(out, index=client_360.index, name="size_band", dtype="str")


def with_profile_columns(client_360: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The client 360 with the derived profile columns asked for (grade_band, lifecycle_stage,
    size_band) added when missing; other names must be client 360 columns."""
    derived = {"grade_band": credit_grade_band, "lifecycle_stage": lifecycle_stage}
    derived["size_band"] = size_band
    out = client_360
    for col in columns:
        if col in out.columns:
            continue
        if col not in derived:
            valid = ", ".join(sorted(derived))
            raise InputError("client 360", f"no column {col!r} (derived: {valid})", column=col)
        out = out.assign(**{col: derived[col](client_360)})
    return out


def group_label(by: str, value: object, lang: str = "en") -> str:
    """Display name of a group: band and stage codes as names, other codes as words (the
    vocabulary's where it has them: "Software & IT"; in Chinese: industries, regions, size
    bands, ... by name where i18n knows them)."""
    if by == "grade_band":
        return BAND_LABELS.get(lang, BAND_LABELS["en"]).get(str(value), str(value))
    if by == "lifecycle_stage":
        return LIFECYCLE_LABELS.get(lang, LIFECYCLE_LABELS["en"]).get(str(value), str(value))
    if lang == "zh":
        return CODE_WORDS_ZH.get(str(value), str(value).replace("_", " "))
    text = str(value)
    return CODE_WORDS.get(text, text.replace("_", " "))


def dimension_label(by: str, lang: str = "en") -> str:
    """Display name of a grouping: 'lifecycle stage' in English, 生命周期阶段 in Chinese; a
    grouping the catalog does not name reads as its code with spaces."""
    key = f"dimension.{by}"
    return MESSAGES(key, lang) if key in MESSAGES else by.replace("_", " ")


def unmasked_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table whose group is large enough to publish (its `masked` flag unset)."""
    return table[~table["masked"].astype(bool)] if "masked" in table.columns else table
