"""Client profiling (DESIGN §5, notebook 02): who the clients are. Credit grade bands, industry ×
region, lifecycle stage and size band, each a table (`*_table`) with a chart twin (`plot_*`) and a
manager's reading (`*_reading`); financial health and pain points build on these in
`financial_health.py` and `pain_points.py`, the column profile is `column_profile.py`.

Every function takes the client 360 (one row per client, `conform.build_client_360`); tables that
publish groups take `min_cell_size` and mask groups below it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from journey_utils.catalog import INTERNAL_RATINGS
from journey_utils.disclosure import mask_small_cells, mask_small_groups
from journey_utils.errors import InputError, require_columns
from journey_utils.plotting import PALETTE, format_count, format_pct, new_figure, pct_axis

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

GRADE_RULE = (
    "Band from the internal rating (AAA–BBB investment grade, BB–B standard, CCC watch, CC–C "
    "sub-standard); without a rating, from the bureau score (≥ 740, 670–739, 635–669, < 635); a "
    "bureau score two or more bands worse than the rating lowers the band by one."
)

BAND_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "investment_grade": "Investment grade",
        "standard": "Standard",
        "watch": "Watch",
        "sub_standard": "Sub-standard",
        "unrated": "Unrated",
    },
    "zh": {
        "investment_grade": "投资级",
        "standard": "标准",
        "watch": "关注",
        "sub_standard": "次级",
        "unrated": "未评级",
    },
}


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
    """The credit grade band of each client by the rule in GRADE_RULE (rating first, bureau score
    where the rating is missing or disagrees by BUREAU_OVERRIDE_GAP bands or more)."""
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


def grade_table(client_360: pd.DataFrame, min_cell_size: int = 1) -> pd.DataFrame:
    """Clients per credit grade band (best first) with their share, median bureau score and the
    ratings each band holds; bands below `min_cell_size` masked. attrs["rule"] states the rule."""
    data = client_360.assign(grade_band=credit_grade_band(client_360))
    groups = data.groupby("grade_band", observed=True)
    table = pd.DataFrame(
        {
            "clients": groups.size(),
            "median_bureau_score": groups["bureau_score"].median(),
            "ratings": groups["internal_rating"].agg(_ratings_held),
        }
    ).reindex([b for b in GRADE_BANDS if b in set(data["grade_band"].unique())])
    table["share"] = table["clients"] / table["clients"].sum()
    table = table.rename_axis("grade_band").reset_index()
    table = table[["grade_band", "ratings", "clients", "share", "median_bureau_score"]]
    table = mask_small_groups(table, "clients", min_cell_size)
    table.attrs["rule"] = GRADE_RULE
    return table


def _ratings_held(ratings: pd.Series) -> str:
    """The internal ratings in a band, in scale order ('AAA, AA'), 'none' when all missing."""
    present = set(ratings.dropna().unique())
    held = [r for r in INTERNAL_RATINGS if r in present]
    return ", ".join(held) if held else "none"


def plot_grades(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Horizontal bars of `grade_table`: the share of clients in each band (masked bands empty)."""
    if ax is None:
        _, ax = new_figure(8, 3.2)
    labels = [BAND_LABELS.get(lang, BAND_LABELS["en"]).get(b, b) for b in table["grade_band"]]
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
    ax.set_title("客户信用等级分布" if lang == "zh" else "Clients by credit grade band")
    return ax


def grade_reading(table: pd.DataFrame) -> str:
    """The grade mix in two sentences, from `grade_table`."""
    shown = unmasked_rows(table).set_index("grade_band")
    parts = [
        f"{format_pct(shown.at[b, 'share'])} {BAND_LABELS['en'][b].lower()}"
        for b in GRADE_BANDS
        if b in shown.index
    ]
    weak = shown["share"].reindex(["watch", "sub_standard"]).fillna(0).sum()
    return (
        f"Of {format_count(shown['clients'].sum())} clients, " + ", ".join(parts) + ". "
        f"{format_pct(weak)} sit on watch or below: the clients whose next application needs the "
        "closest credit look."
    )


# --------------------------------------------------------------------------- industry × region


def industry_region_table(
    client_360: pd.DataFrame, value: str | None = None, min_cell_size: int = 1
) -> pd.DataFrame:
    """Industry (rows) × region (columns): client counts, or the mean of `value` (a number or a
    yes/no column, whose mean is a rate). Cells with fewer than `min_cell_size` clients are masked
    (zeros stay); attrs["counts"] holds the unmasked counts for the chart."""
    require(client_360, ["industry", "region", *([value] if value else [])])
    counts = pd.crosstab(client_360["industry"], client_360["region"])
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    counts = counts[counts.sum(axis=0).sort_values(ascending=False).index]
    if value is None:
        table = mask_small_cells(counts, min_cell_size)
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


def plot_industry_region(
    client_360: pd.DataFrame,
    value: str | None = None,
    min_cell_size: int = 1,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Heat map of `industry_region_table`: counts (or the mean of `value`) per industry ×
    region; masked cells are left blank and hatched, so no small group is shown."""
    table = industry_region_table(client_360, value, min_cell_size).set_index("industry")
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
    ax.set_yticklabels([str(v).replace("_", " ") for v in grid.index], rotation=0)
    ax.tick_params(axis="x", rotation=0)
    what = value.replace("_", " ") if value else ("客户数" if lang == "zh" else "clients")
    title = f"行业 × 区域：{what}" if lang == "zh" else f"Industry × region: {what}"
    ax.set_title(f"{title} (cells < {min_cell_size} hidden)" if min_cell_size > 1 else title)
    return ax


def industry_region_reading(table: pd.DataFrame) -> str:
    """Where the clients concentrate, from `industry_region_table` (counts)."""
    counts: pd.DataFrame = table.attrs["counts"]
    total = counts.to_numpy().sum()
    stacked = counts.stack()
    (industry, region), top = stacked.idxmax(), stacked.max()
    ind = counts.sum(axis=1)
    reg = counts.sum(axis=0)
    hidden = int(table.set_index("industry").isna().to_numpy().sum())
    return (
        f"The largest industry is {ind.idxmax().replace('_', ' ')} "
        f"({format_pct(ind.max() / total)} of clients) and the largest region {reg.idxmax()} "
        f"({format_pct(reg.max() / total)}); the biggest single cell is "
        f"{industry.replace('_', ' ')} in {region} with {format_count(top)} clients. "
        f"{hidden} cell(s) are hidden because they hold fewer than "
        f"{table.attrs['min_cell_size']} clients."
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

LIFECYCLE_RULES: dict[str, str] = {
    "start_up": f"younger than {STARTUP_MAX_AGE:g} years and fewer than {SMALL_MAX_EMPLOYEES} "
    "employees",
    "decline": f"otherwise, revenue growth ≤ {DECLINE_MAX:.0%}",
    "growth": f"otherwise, revenue growth ≥ {GROWTH_MIN:.0%}, or younger than "
    f"{STARTUP_MAX_AGE:g} years (already past small size)",
    "mature": f"the rest: {STARTUP_MAX_AGE:g} years or older with revenue growth between "
    f"{DECLINE_MAX:.0%} and {GROWTH_MIN:.0%} (or unknown growth)",
}
"""The lifecycle rule, first match wins, in the order start-up, decline, growth, mature."""

STAGE_LABELS: dict[str, dict[str, str]] = {
    "en": {"start_up": "Start-up", "growth": "Growth", "mature": "Mature", "decline": "Decline"},
    "zh": {"start_up": "初创期", "growth": "成长期", "mature": "成熟期", "decline": "衰退期"},
}


def lifecycle_stage(client_360: pd.DataFrame) -> pd.Series:
    """Each client's lifecycle stage by LIFECYCLE_RULES from firm age, revenue growth and
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


def lifecycle_table(client_360: pd.DataFrame, min_cell_size: int = 1) -> pd.DataFrame:
    """Clients per lifecycle stage with the rule that put them there, their share and the median
    firm age, revenue growth and employees; stages below `min_cell_size` masked."""
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
    table.insert(1, "rule", table["lifecycle_stage"].map(LIFECYCLE_RULES))
    table = table[table["clients"] > 0]
    cols = ["lifecycle_stage", "rule", "clients", "share", "median_age_years"]
    table = table[[*cols, "median_revenue_growth", "median_employees"]].reset_index(drop=True)
    table = mask_small_groups(table, "clients", min_cell_size)
    table.attrs["growth_missing"] = int(client_360["revenue_growth"].isna().sum())
    return table


def plot_lifecycle(table: pd.DataFrame, ax: Axes | None = None, lang: str = "en") -> Axes:
    """Bars of `lifecycle_table`: the share of clients in each lifecycle stage."""
    if ax is None:
        _, ax = new_figure(8, 3.4)
    names = STAGE_LABELS.get(lang, STAGE_LABELS["en"])
    shares = pd.to_numeric(table["share"], errors="coerce").fillna(0).to_numpy(float)
    colours = {"start_up": PALETTE[5], "growth": PALETTE[2], "mature": PALETTE[0]}
    x = np.arange(len(table))
    ax.bar(
        x, shares, color=[colours.get(s, PALETTE[1]) for s in table["lifecycle_stage"]], width=0.6
    )
    for xi, share, n in zip(x, shares, table["clients"], strict=True):
        text = "–" if pd.isna(n) else f"{format_pct(share)}\n{format_count(n)}"
        ax.annotate(text, (xi, share), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_xticks(x, [names.get(s, s) for s in table["lifecycle_stage"]])
    ax.set_ylim(0, max(shares.max() * 1.3, 0.1))
    pct_axis(ax)
    ax.set_title("客户生命周期阶段" if lang == "zh" else "Clients by lifecycle stage")
    return ax


def lifecycle_reading(table: pd.DataFrame) -> str:
    """The lifecycle mix and what sets each stage apart, from `lifecycle_table`."""
    shown = unmasked_rows(table).set_index("lifecycle_stage")
    parts = [
        f"{STAGE_LABELS['en'][s].lower()} {format_pct(shown.at[s, 'share'])} "
        f"(median {shown.at[s, 'median_age_years']:.0f} years, growth "
        f"{format_pct(shown.at[s, 'median_revenue_growth'], 0)})"
        for s in shown.index
    ]
    missing = table.attrs.get("growth_missing", 0)
    note = f" {format_count(missing)} clients have no prior-year revenue." if missing else ""
    return "Lifecycle mix: " + "; ".join(parts) + "." + note


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
    """Display name of a group: band and stage codes as names, other codes with spaces."""
    if by == "grade_band":
        return BAND_LABELS.get(lang, BAND_LABELS["en"]).get(str(value), str(value))
    if by == "lifecycle_stage":
        return STAGE_LABELS.get(lang, STAGE_LABELS["en"]).get(str(value), str(value))
    return str(value).replace("_", " ")


def unmasked_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a table whose group is large enough to publish (its `masked` flag unset)."""
    return table[~table["masked"].astype(bool)] if "masked" in table.columns else table
