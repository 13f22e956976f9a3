"""Financial health of the clients (notebook 02): leverage, current ratio, interest cover and net
margin by credit grade, lifecycle stage or industry, each against a stated warning line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from journey_utils.disclosure import mask_small_groups
from journey_utils.plotting import PALETTE, format_pct, md_escape, pct_axis
from journey_utils.profiling.messages import MESSAGES
from journey_utils.profiling.portfolio import (
    GRADE_BANDS,
    LIFECYCLE_STAGES,
    dimension_label,
    group_label,
    require,
    unmasked_rows,
    with_profile_columns,
)

RATIO_WARNINGS: dict[str, tuple[str, float]] = {
    "leverage": (">", 0.70),
    "current_ratio": ("<", 1.0),
    "interest_cover": ("<", 1.5),
    "net_margin": ("<", 0.0),
}
"""Warning threshold of each financial ratio: (direction, threshold); what it means is the
catalog's `ratio_warning.<ratio>`."""


def ratio_distributions_table(
    client_360: pd.DataFrame, by: str = "grade_band", *, min_cell_size: int, lang: str = "en"
) -> pd.DataFrame:
    """Per group of `by` ('grade_band', 'lifecycle_stage' or any client 360 column, e.g.
    'industry') and ratio: clients with the ratio, P5 / P25 / median / P75 / P95, and the share
    beyond the ratio's warning threshold (RATIO_WARNINGS, stated in `lang`); groups below
    `min_cell_size` masked."""
    data = with_profile_columns(client_360, [by])
    require(data, list(RATIO_WARNINGS))
    codes, groups = pd.factorize(data[by].astype(object).fillna("unknown"), sort=True)
    parts = []
    for ratio, (op, limit) in RATIO_WARNINGS.items():
        values = data[ratio].to_numpy(dtype=float, na_value=np.nan)
        keep = ~np.isnan(values)
        part = _group_quantiles(values[keep], codes[keep], len(groups))
        beyond = values[keep] > limit if op == ">" else values[keep] < limit
        hits = np.bincount(codes[keep], weights=beyond, minlength=len(groups))
        with np.errstate(invalid="ignore", divide="ignore"):
            part["warning_share"] = hits / part["clients"].to_numpy()
        parts.append(part.assign(ratio=ratio, **{by: np.asarray(groups, dtype=object)}))
    table = pd.concat(parts, ignore_index=True)
    table = table[table["clients"] > 0]
    table = table[["ratio", by, "clients", *QUANTILES.values(), "warning_share"]]
    table["warning"] = table["ratio"].map(lambda r: _warning_text(r, lang))
    table = table.sort_values(["ratio", by], key=lambda c: _order_key(c, by)).reset_index(drop=True)
    return mask_small_groups(table, "clients", min_cell_size=min_cell_size)


QUANTILES: dict[float, str] = {0.05: "p5", 0.25: "p25", 0.5: "median", 0.75: "p75", 0.95: "p95"}


def _group_quantiles(values: np.ndarray, codes: np.ndarray, n_groups: int) -> pd.DataFrame:
    """Count and QUANTILES of `values` per group code, by one sort (linear interpolation, as
    pandas' quantile): vectorised across groups, so 500,000 clients take a fraction of a second."""
    counts = np.bincount(codes, minlength=n_groups)
    out: dict[str, np.ndarray] = {"clients": counts}
    ordered = np.append(values[np.lexsort((values, codes))], np.nan)  # empty groups read the NaN
    starts = np.cumsum(counts) - counts
    last = np.maximum(counts - 1, 0)
    for q, name in QUANTILES.items():
        position = q * last
        low = np.floor(position).astype(int)
        high = np.minimum(low + 1, last)
        at_low = np.where(counts > 0, starts + low, len(ordered) - 1)
        at_high = np.where(counts > 0, starts + high, len(ordered) - 1)
        out[name] = ordered[at_low] + (position - low) * (ordered[at_high] - ordered[at_low])
    return pd.DataFrame(out)


def _warning_text(ratio: str, lang: str = "en") -> str:
    """A ratio's warning line as text: '> 70% (liabilities above 70% of assets)'."""
    op, limit = RATIO_WARNINGS[ratio]
    shown = f"{limit:.0%}" if ratio == "leverage" else f"{limit:g}"
    meaning = MESSAGES(f"ratio_warning.{ratio}", lang)
    return MESSAGES("warning_line", lang, op=op, limit=shown, meaning=meaning)


def ratio_label(ratio: str, lang: str = "en") -> str:
    """Display name of a ratio with its unit: 'Leverage (liabilities / assets)', 资产负债率 ..."""
    return MESSAGES(f"ratio_label.{ratio}", lang)


def _order_key(column: pd.Series, by: str) -> pd.Series:
    """Sort key: ratios in RATIO_WARNINGS order, bands and stages in their order, else by name."""
    orders = {"ratio": list(RATIO_WARNINGS), "grade_band": list(GRADE_BANDS)}
    orders["lifecycle_stage"] = list(LIFECYCLE_STAGES)
    order = orders.get(str(column.name))
    if order is None:
        return column.astype(str)
    return column.map({v: i for i, v in enumerate(order)}).fillna(len(order))


def plot_ratio_distributions(table: pd.DataFrame, lang: str = "en", width: float = 11.0) -> Figure:
    """One panel per ratio of `ratio_distributions_table`: a box per group (P25–P75, median line)
    with whiskers at P5 and P95; the extreme 5% tails are not drawn (clipped for display) and the
    warning threshold is a red dashed line. Masked groups are left out."""
    by = next(c for c in table.columns if c not in _RATIO_COLUMNS)
    shown = table[~table["masked"].fillna(False).astype(bool)] if "masked" in table else table
    seen = set(shown["ratio"].unique())
    ratios = [r for r in RATIO_WARNINGS if r in seen]
    groups = list(dict.fromkeys(shown[by]))
    fig, grid = plt.subplots(2, 2, sharey=True, figsize=(width, 1.4 + 0.55 * len(groups)))
    axes = grid.ravel()
    for ax, ratio in zip(axes, ratios, strict=False):
        part = shown[shown["ratio"] == ratio].set_index(by).reindex(groups)
        drawn = part.loc[part["median"].notna(), ["p5", "p25", "median", "p75", "p95"]].astype(
            float
        )
        stats = [
            {"med": r["median"], "q1": r["p25"], "q3": r["p75"], "whislo": r["p5"],
             "whishi": r["p95"], "label": group_label(by, g, lang)}
            for g, r in drawn.iterrows()
        ]  # fmt: skip
        positions = [groups.index(g) for g in drawn.index]
        ax.bxp(stats, positions=positions, orientation="horizontal", showfliers=False,
               widths=0.6, patch_artist=True, boxprops={"facecolor": PALETTE[5], "alpha": 0.6},
               medianprops={"color": PALETTE[0], "linewidth": 2})  # fmt: skip
        ax.axvline(RATIO_WARNINGS[ratio][1], color=PALETTE[1], linestyle="--", linewidth=1)
        ax.set_title(ratio_label(ratio, lang), fontsize=11)
        if ratio in ("leverage", "net_margin"):
            pct_axis(ax, "x")
    axes[0].set_yticks(range(len(groups)), [group_label(by, g, lang) for g in groups])
    axes[0].invert_yaxis()  # shared: the first group on top in every panel
    for ax in axes[len(ratios) :]:
        ax.set_visible(False)
    title = MESSAGES("ratio_plot_title", lang, by=dimension_label(by, lang))
    fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig


_RATIO_COLUMNS = frozenset(
    ["ratio", "clients", "p5", "p25", "median", "p75", "p95", "warning_share", "warning", "masked"]
)


def ratio_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """Per ratio, the range of the share beyond its warning line across the groups (best and worst
    group named; English or Chinese, same numbers), from `ratio_distributions_table`."""
    by = next(c for c in table.columns if c not in _RATIO_COLUMNS)
    shown = unmasked_rows(table).dropna(subset=["warning_share"])
    parts = []
    for ratio in RATIO_WARNINGS:
        part = shown[shown["ratio"] == ratio]
        if part.empty:
            continue
        share = part["warning_share"].astype(float)
        best, worst = part.loc[share.idxmin()], part.loc[share.idxmax()]
        parts.append(
            MESSAGES(
                "ratio_part",
                lang,
                ratio=MESSAGES(f"ratio_name.{ratio}", lang),
                warning=_warning_text(ratio, lang),
                best=format_pct(best["warning_share"]),
                best_group=md_escape(group_label(by, best[by], lang)),
                worst=format_pct(worst["warning_share"]),
                worst_group=md_escape(group_label(by, worst[by], lang)),
            )
        )
    return MESSAGES(
        "ratio_reading",
        lang,
        by=md_escape(dimension_label(by, lang)),
        parts=MESSAGES("clause_sep", lang).join(parts),
    )
