"""Rating migration (issue 5): how risk classes move between consecutive re-assessments, as a
transition table (counts and row shares, best class first), its grade-band version, the clients
whose class worsened, and the share upgraded / stable / downgraded.

Works for the internal rating of the credit history (yearly `as_of_date`) and for the five-tier
loan classification at year ends (`year_end_snapshots`)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from journey_utils.catalog import CLASSIFICATIONS, INTERNAL_RATINGS
from journey_utils.disclosure import MASK, mask_small_cells, mask_small_groups
from journey_utils.errors import InputError, require_columns, stop_at_first
from journey_utils.i18n import CODE_WORDS_ZH, check_lang
from journey_utils.membership import isin
from journey_utils.plotting import PALETTE, format_count, format_pct, md_escape, new_figure
from journey_utils.profiling.portfolio import RATING_BAND
from journey_utils.risk.messages import MESSAGES
from journey_utils.vocabulary import BAND_LABELS

DIRECTIONS: tuple[str, ...] = ("upgraded", "stable", "downgraded")

_PSEUDONYM = re.compile(r"^C-[0-9a-f]{16}$")
"""A pseudonymised client id (privacy.Pseudonymiser with prefix C)."""


def migration_table(
    history: pd.DataFrame,
    id_col: str = "client_id",
    period_col: str = "as_of_date",
    class_col: str = "internal_rating",
    order: Sequence[str] = INTERNAL_RATINGS,
    from_period: object = None,
    to_period: object = None,
    *,
    bands: Mapping[str, str] | None = None,
    min_cell_size: int = 1,
) -> pd.DataFrame:
    """Transitions between the classes of consecutive periods (all consecutive pairs pooled, or
    the pair `from_period` → `to_period`): one row per from/to class in `order` (best first) with
    units, row_share and notches (> 0 = worse). `bands` maps classes to coarser bands first.
    Units in only one period of a pair are not counted: attrs["new"] / ["exited"] say how many.
    Counts are raw: publish through `migration_matrix`, `plot_migration`, `migration_summary`,
    which mask cells below `min_cell_size` (kept in attrs)."""
    data = _clean(history, id_col, period_col, class_col, order)
    if bands is not None:
        data[class_col] = data[class_col].map(bands)
        order = list(dict.fromkeys(bands[c] for c in order if c in bands))
    pairs = _pairs(data[period_col], from_period, to_period)
    moves, new, exited = [], 0, 0
    for start, end in pairs:
        a = data.loc[data[period_col] == start, [id_col, class_col]]
        b = data.loc[data[period_col] == end, [id_col, class_col]]
        both = a.merge(b, on=id_col, suffixes=("_from", "_to"))
        moves.append(both)
        new += int((~isin(b[id_col], a[id_col])).sum())
        exited += int((~isin(a[id_col], b[id_col])).sum())
    pooled = pd.concat(moves, ignore_index=True)
    counts = pd.crosstab(
        pd.Categorical(pooled[f"{class_col}_from"], categories=order),
        pd.Categorical(pooled[f"{class_col}_to"], categories=order),
        dropna=False,
    )
    table = counts.stack().rename("units").rename_axis(["from_class", "to_class"]).reset_index()
    table["from_class"] = table["from_class"].astype(str)
    table["to_class"] = table["to_class"].astype(str)
    totals = table.groupby("from_class")["units"].transform("sum")
    table["from_total"] = totals
    table["row_share"] = table["units"] / totals.where(totals > 0)
    rank = {c: i for i, c in enumerate(order)}
    table["notches"] = table["to_class"].map(rank) - table["from_class"].map(rank)
    table.attrs.update(
        {
            "order": list(order),
            "pairs": [(_iso(s), _iso(e)) for s, e in pairs],
            "units": len(pooled),
            "new": new,
            "exited": exited,
            "missing_class": int(history[class_col].isna().sum()),
            "min_cell_size": min_cell_size,
        }
    )
    return table


def band_migration_table(history: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    """`migration_table` of internal ratings mapped to profiling's grade bands (investment grade,
    standard, watch, sub-standard): the readable version of the rating matrix."""
    return migration_table(history, bands=RATING_BAND, **kwargs)  # type: ignore[arg-type]


def _clean(
    history: pd.DataFrame, id_col: str, period_col: str, class_col: str, order: Sequence[str]
) -> pd.DataFrame:
    """The rows with a class, checked: known classes, one row per unit and period."""
    require_columns(history, [id_col, period_col, class_col], "history", list_present=True)
    data = history.loc[history[class_col].notna(), [id_col, period_col, class_col]].copy()
    unknown = ~data[class_col].isin(order)
    stop_at_first(
        unknown,
        "history",
        lambda row: f"unknown class {data[class_col].iloc[row]!r} (valid: {', '.join(order)})",
        class_col,
    )
    twice = data.duplicated([id_col, period_col])
    if twice.any():
        row = int(np.flatnonzero(twice.to_numpy())[0])
        raise InputError("history", f"{id_col} appears twice in one period", row=row, column=id_col)
    if data.empty:
        raise InputError("history", f"no rows with a {class_col}", column=class_col)
    return data


def _pairs(periods: pd.Series, start: object, end: object) -> list[tuple[object, object]]:
    """The period pairs to compare: every consecutive pair, or the one asked for (a missing end
    is the period after the start, a missing start the period before the end)."""
    seen = list(pd.Index(periods.unique()).sort_values())
    if start is None and end is None:
        if len(seen) < 2:
            raise InputError("history", "fewer than two periods: nothing to compare")
        return list(itertools.pairwise(seen))
    dated = isinstance(seen[0], pd.Timestamp)
    keys = [pd.Timestamp(p) if dated and p is not None else p for p in (start, end)]
    for given in keys:
        if given is not None and given not in seen:
            valid = ", ".join(_iso(p) for p in seen)
            raise InputError("history", f"no period {_iso(given)} (periods: {valid})")
    a, b = keys
    i = seen.index(a) if a is not None else seen.index(b) - 1
    j = seen.index(b) if b is not None else i + 1
    if i < 0 or j >= len(seen) or i >= j:
        raise InputError("history", "the from period must come before the to period")
    return [(seen[i], seen[j])]


def _iso(period: object) -> str:
    """A period as text: a date as YYYY-MM-DD, anything else as itself."""
    return period.date().isoformat() if isinstance(period, pd.Timestamp) else str(period)


def year_end_snapshots(
    perf: pd.DataFrame,
    id_col: str = "application_id",
    month_col: str = "month",
    class_col: str = "classification",
) -> pd.DataFrame:
    """Each loan's class at every December month-end it was reported (as_of_date, id, class),
    ready for `migration_table(..., id_col, class_col=..., order=CLASSIFICATIONS)`."""
    require_columns(perf, [id_col, month_col, class_col], "loan_performance")
    month = pd.to_datetime(perf[month_col])
    keep = (month.dt.month == 12) & (month.dt.is_month_end)
    out = perf.loc[keep, [id_col, class_col]].assign(as_of_date=month[keep])
    return out[[id_col, "as_of_date", class_col]].reset_index(drop=True)


# --------------------------------------------------------------------------- published forms


def migration_matrix(
    table: pd.DataFrame, values: str = "row_share", *, min_cell_size: int | None = None
) -> pd.DataFrame:
    """The from × to matrix of `values` ('units' or 'row_share'), classes in order, cells from
    1 to min_cell_size - 1 units blanked (default: the table's attrs["min_cell_size"])."""
    if values not in ("units", "row_share"):
        raise InputError(
            "migration table", f"values must be 'units' or 'row_share', not {values!r}"
        )
    order = table.attrs.get("order") or list(dict.fromkeys(table["from_class"]))
    wide = table.pivot(index="from_class", columns="to_class", values=values)
    wide = wide.reindex(index=order, columns=order)
    units = table.pivot(index="from_class", columns="to_class", values="units")
    limit = min_cell_size if min_cell_size is not None else table.attrs.get("min_cell_size", 1)
    small = mask_small_cells(units.reindex(index=order, columns=order), min_cell_size=limit).isna()
    out = wide.astype("Float64").mask(small, pd.NA)
    out.index.name, out.columns.name = "from", "to"
    return out


def plot_migration(
    table: pd.DataFrame,
    ax: Axes | None = None,
    lang: str = "en",
    *,
    min_cell_size: int | None = None,
) -> Axes:
    """Heatmap of row shares with the units in each cell (rows: class before, columns: class
    after, best first); cells below min_cell_size show the mask sign and no colour."""
    shares = migration_matrix(table, "row_share", min_cell_size=min_cell_size)
    units = migration_matrix(table, "units", min_cell_size=min_cell_size)
    n = len(shares)
    if ax is None:
        _, ax = new_figure(max(5.0, 0.75 * n + 2.5), max(3.5, 0.6 * n + 1.5))
    text = np.full(shares.shape, "", dtype=object)
    masked: list[tuple[int, int]] = []
    for (i, j), share in np.ndenumerate(shares.to_numpy(dtype=float, na_value=np.nan)):
        if np.isnan(share):
            masked += [(i, j)] if pd.isna(units.iat[i, j]) else []
            continue
        if units.iat[i, j] > 0:
            text[i, j] = f"{_share_text(share)}\n{format_count(units.iat[i, j])}"
    names = [_label(c, lang) for c in shares.index]
    sns.heatmap(
        shares.astype(float),
        ax=ax,
        cmap="Blues",
        vmin=0,
        vmax=1,
        annot=text,
        fmt="",
        annot_kws={"fontsize": 8},
        cbar=False,
        linewidths=0.5,
        linecolor="white",
        xticklabels=names,
        yticklabels=names,
    )
    ax.grid(False)
    for i, j in masked:
        ax.text(j + 0.5, i + 0.5, MASK, ha="center", va="center", fontsize=8, color=PALETTE[4])
    ax.set_xlabel(MESSAGES("migration_x", lang))
    ax.set_ylabel(MESSAGES("migration_y", lang))
    ax.tick_params(axis="x", rotation=0)
    ax.tick_params(axis="y", rotation=0)
    ax.set_title(MESSAGES("migration_title", lang))
    return ax


def _share_text(share: float) -> str:
    """A cell's row share: whole percent, '<1%' for a few."""
    return "<1%" if 0 < share < 0.005 else format_pct(share, 0)


def _label(code: str, lang: str) -> str:
    """A class as shown: grade bands and loan classes as words, ratings as they are."""
    bands = BAND_LABELS.get(lang, BAND_LABELS["en"])
    if code in bands:
        return bands[code]
    if lang == "zh" and code in CODE_WORDS_ZH:
        return CODE_WORDS_ZH[code]
    return code.replace("_", " ")


def migration_summary(table: pd.DataFrame, *, min_cell_size: int | None = None) -> pd.DataFrame:
    """Units upgraded, stable and downgraded (by notches) with their shares; masked below
    min_cell_size (default: the table's)."""
    notches = table["notches"].to_numpy()
    direction = np.select([notches < 0, notches > 0], ["upgraded", "downgraded"], "stable")
    counts = table.groupby(direction)["units"].sum().reindex(list(DIRECTIONS), fill_value=0)
    out = counts.rename_axis("direction").reset_index()
    total = int(out["units"].sum())
    out["share"] = out["units"] / total if total else np.nan
    limit = min_cell_size if min_cell_size is not None else table.attrs.get("min_cell_size", 1)
    out = mask_small_groups(out, "units", min_cell_size=limit)
    out.attrs = dict(table.attrs)
    return out


def migration_reading(
    table: pd.DataFrame, summary: pd.DataFrame | None = None, lang: str = "en"
) -> str:
    """One or two sentences: how many were re-assessed, the share upgraded / stable / downgraded,
    and how many were new (not counted)."""
    check_lang(lang)
    s = (summary if summary is not None else migration_summary(table)).set_index("direction")
    pairs = table.attrs.get("pairs", [])
    span = (
        MESSAGES("migration_span", lang, start=md_escape(pairs[0][0]), end=md_escape(pairs[-1][1]))
        if pairs
        else ""
    )
    shares = {d: s.at[d, "share"] for d in DIRECTIONS}
    parts = [
        MESSAGES(
            "migration_share",
            lang,
            share="–" if pd.isna(v) else format_pct(float(v)),
            direction=MESSAGES(f"direction.{d}", lang),
        )
        for d, v in shares.items()
    ]
    n = format_count(table.attrs.get("units", 0))
    joined = MESSAGES("migration_share_sep", lang).join(parts)
    first = MESSAGES("migration_first", lang, n=n, span=span, parts=joined)
    down, up = shares["downgraded"], shares["upgraded"]
    if not (pd.isna(down) or pd.isna(up)):
        first += MESSAGES("migration_down" if down > up else "migration_up", lang)
    new = table.attrs.get("new", 0)
    if new:
        first += MESSAGES("migration_new", lang, new=format_count(new))
    return first


def worsened_clients(
    history: pd.DataFrame,
    id_col: str = "client_id",
    period_col: str = "as_of_date",
    class_col: str = "internal_rating",
    order: Sequence[str] = INTERNAL_RATINGS,
    *,
    min_notches: int = 1,
) -> pd.DataFrame:
    """Units whose class worsened by at least `min_notches` between the last two periods: id,
    from_class, to_class, notches, worst moves first. Client ids must be pseudonymised."""
    data = _clean(history, id_col, period_col, class_col, order)
    if id_col == "client_id":
        raw = ~data[id_col].astype(str).str.fullmatch(_PSEUDONYM)
        if raw.any():
            row = int(np.flatnonzero(raw.to_numpy())[0])
            raise InputError("history", "client ids are not pseudonymised", row=row, column=id_col)
    start, end = _pairs(data[period_col], None, None)[-1]
    a = data.loc[data[period_col] == start, [id_col, class_col]]
    b = data.loc[data[period_col] == end, [id_col, class_col]]
    both = a.merge(b, on=id_col, suffixes=("_from", "_to"))
    rank = {c: i for i, c in enumerate(order)}
    both["notches"] = both[f"{class_col}_to"].map(rank) - both[f"{class_col}_from"].map(rank)
    out = both[both["notches"] >= min_notches].rename(
        columns={f"{class_col}_from": "from_class", f"{class_col}_to": "to_class"}
    )
    out = out.sort_values(["notches", id_col], ascending=[False, True]).reset_index(drop=True)
    out.attrs.update({"from_period": _iso(start), "to_period": _iso(end), "compared": len(both)})
    return out[[id_col, "from_class", "to_class", "notches"]]


LOAN_CLASSES: tuple[str, ...] = CLASSIFICATIONS
"""Order for the five-tier loan classification (normal first)."""
