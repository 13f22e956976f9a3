"""Rate sensitivity: how offer acceptance falls as the offered rate's spread over the LPR rises,
per segment (logit slope per 10 bp and the average change in acceptance in percentage points)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import statsmodels.api as sm
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from scipy import stats

from journey_utils.disclosure import mask_small_groups
from journey_utils.errors import InputError, require_columns
from journey_utils.params.run import RunParams
from journey_utils.plotting import PALETTE, md_escape, new_figure, pct_axis
from journey_utils.risk.messages import MESSAGES
from journey_utils.stats import fit_guarded_logit

LONG_TERM_MONTHS = 60
"""Terms above this many months price over the 5-year LPR, the rest over the 1-year LPR."""

MIN_OFFERS = 50
"""Fewest offers (and fewest of each outcome / 5) a group needs before its logit is fitted."""

MIN_EACH_OUTCOME = 10
"""Fewest accepted and fewest declined offers a group needs for a fit."""

Z95 = float(stats.norm.ppf(0.975))

OFFER_COLUMNS = ("client_id", "approved_amount", "offer_accepted", "offered_rate", "term_months")


def _flag(values: pd.Series) -> pd.Series:
    """A yes/no column (bool, object with None, 0/1) as False/True, missing counted as False."""
    return values.astype("boolean").fillna(False).astype(bool)


def offer_frame(
    applications: pd.DataFrame, params: RunParams, segments: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Offers made and answered (approved_amount and offer_accepted known) with the spread over
    the LPR in bp, personalised and accepted flags; segment columns joined when given."""
    require_columns(applications, OFFER_COLUMNS, "applications")
    known = applications["approved_amount"].notna() & applications["offer_accepted"].notna()
    offers = applications.loc[known & applications["offered_rate"].notna()].copy()
    term = offers["term_months"].astype(float)
    offers["lpr"] = np.where(term > LONG_TERM_MONTHS, params.lpr_5y, params.lpr_1y)
    offers["spread_bp"] = (offers["offered_rate"].astype(float) - offers["lpr"]) * 100.0
    offers["spread_10bp"] = offers["spread_bp"] / 10.0
    offers["personalised"] = _flag(offers.get("personalised", pd.Series(False, index=offers.index)))
    offers["accepted"] = _flag(offers["offer_accepted"]).astype("int64")
    if segments is not None:
        require_columns(segments, ["client_id", "segment"], "segments")
        keep = [c for c in ("client_id", "segment", "segment_name") if c in segments.columns]
        offers = offers.merge(segments[keep], on="client_id", how="left")
    return offers.reset_index(drop=True)


def _design(group: pd.DataFrame) -> pd.DataFrame:
    """Constant, spread per 10 bp and (when it varies) the personalised flag."""
    x = pd.DataFrame({"const": 1.0, "spread_10bp": group["spread_10bp"].astype(float)})
    if group["personalised"].nunique() > 1:
        x["personalised"] = group["personalised"].astype(float)
    return x


def _unfit_reason(group: pd.DataFrame, min_offers: int) -> str | None:
    """Why a group's logit would be nonsense (too few offers, no variation), or None."""
    accepted = int(group["accepted"].sum())
    if len(group) < min_offers:
        return f"too few offers ({len(group)} < {min_offers}): no fit"
    if accepted == 0 or accepted == len(group):
        return "every offer had the same answer: no variation to fit"
    if min(accepted, len(group) - accepted) < MIN_EACH_OUTCOME:
        return f"fewer than {MIN_EACH_OUTCOME} accepted or declined offers: no fit"
    if group["spread_bp"].nunique() < 3:
        return "the offered spread barely varies: no fit"
    return None


def fit_acceptance(group: pd.DataFrame) -> sm.discrete.discrete_model.BinaryResultsWrapper:
    """Logit of acceptance on spread per 10 bp (+ personalised) under the shared refusal rules
    (`stats.fit_guarded_logit`); InputError on separation or no convergence."""
    return fit_guarded_logit(_design(group), group["accepted"].astype(float), _refuse_acceptance)


def _refuse_acceptance(message: str, *, column: str | None = None) -> InputError:
    """The acceptance logit's refusal, naming the offers and why (the shared rules' words)."""
    return InputError("offers", f"the acceptance logit cannot be fitted ({message})", column=column)


def _group_keys(by: str | None) -> list[str]:
    return [] if by is None else [by]


def _groups(offers: pd.DataFrame, by: str | None) -> list[tuple[object, pd.DataFrame]]:
    if by is None:
        return [("all", offers)]
    require_columns(offers, [by], "offers")
    return list(offers.groupby(by, sort=True, dropna=True))


def _elasticity_row(group: pd.DataFrame, min_offers: int) -> dict[str, object]:
    """One group's counts, slope per 10 bp with 95% CI and average marginal effect in pp."""
    row: dict[str, object] = {
        "offers": len(group),
        "acceptance_rate": float(group["accepted"].mean()) if len(group) else np.nan,
        "mean_spread_bp": float(group["spread_bp"].mean()) if len(group) else np.nan,
    }
    reason = _unfit_reason(group, min_offers)
    if reason is None:
        try:
            fit = fit_acceptance(group)
        except InputError as err:
            reason = err.detail
    if reason is not None:
        return {**row, "note": reason}
    low, high = fit.conf_int().loc["spread_10bp"]
    margeff = fit.get_margeff(at="overall")
    names = list(fit.model.exog_names[1:])
    k = names.index("spread_10bp")
    ame_low, ame_high = margeff.conf_int()[k]
    return {
        **row,
        "slope_per_10bp": float(fit.params["spread_10bp"]),
        "slope_low": float(low),
        "slope_high": float(high),
        "p_value": float(fit.pvalues["spread_10bp"]),
        "ame_pp_per_10bp": 100.0 * float(margeff.margeff[k]),
        "ame_low": 100.0 * float(ame_low),
        "ame_high": 100.0 * float(ame_high),
        "note": "",
    }


def elasticity_table(
    offers: pd.DataFrame,
    by: str | None = "segment",
    min_offers: int = MIN_OFFERS,
    *,
    min_cell_size: int,
) -> pd.DataFrame:
    """Per group: offers, acceptance rate, mean spread, the logit slope per +10 bp with 95% CI
    and the average change in acceptance (percentage points) per +10 bp with 95% CI; a group
    that cannot be fitted keeps its counts and says why in `note`. A group of fewer than
    `min_cell_size` offers is masked (`mask_small_groups` on `offers`)."""
    require_columns(offers, ["accepted", "spread_bp", "spread_10bp", "personalised"], "offers")
    rows = []
    for key, group in _groups(offers, by):
        rows.append({**({by: key} if by else {}), **_elasticity_row(group, min_offers)})
    columns = [
        *_group_keys(by),
        "offers",
        "acceptance_rate",
        "mean_spread_bp",
        "slope_per_10bp",
        "slope_low",
        "slope_high",
        "p_value",
        "ame_pp_per_10bp",
        "ame_low",
        "ame_high",
        "note",
    ]
    table = pd.DataFrame(rows).reindex(columns=columns)
    return mask_small_groups(table, "offers", min_cell_size=min_cell_size)


def _curve(fit: sm.discrete.discrete_model.BinaryResultsWrapper, group: pd.DataFrame,
           spreads: np.ndarray) -> pd.DataFrame:  # fmt: skip
    """Predicted acceptance along `spreads` (bp) at the group's share of personalised offers,
    with a 95% interval from the linear predictor's standard error."""
    x = pd.DataFrame({"const": 1.0, "spread_10bp": spreads / 10.0})
    if "personalised" in fit.params.index:
        x["personalised"] = float(group["personalised"].mean())
    x = x[fit.params.index]
    eta = x.to_numpy() @ fit.params.to_numpy()
    se = np.sqrt(np.einsum("ij,jk,ik->i", x.to_numpy(), fit.cov_params().to_numpy(), x.to_numpy()))
    expit = stats.logistic.cdf
    return pd.DataFrame(
        {
            "spread_bp": spreads,
            "acceptance": expit(eta),
            "acceptance_low": expit(eta - Z95 * se),
            "acceptance_high": expit(eta + Z95 * se),
        }
    )


def acceptance_curves_table(
    offers: pd.DataFrame,
    by: str | None = "segment",
    spreads: Sequence[float] | None = None,
    min_offers: int = MIN_OFFERS,
) -> pd.DataFrame:
    """Predicted acceptance at each spread (bp) per group from its logit, with a 95% interval;
    default spreads: every 10 bp across the central 90% of offered spreads. Unfitted groups
    are left out."""
    require_columns(offers, ["accepted", "spread_bp", "spread_10bp", "personalised"], "offers")
    if spreads is None:
        lo, hi = np.nanpercentile(offers["spread_bp"], [5, 95])
        grid = np.arange(np.floor(lo / 10) * 10, np.ceil(hi / 10) * 10 + 1, 10.0)
    else:
        grid = np.asarray(spreads, dtype=float)
    parts = []
    for key, group in _groups(offers, by):
        if _unfit_reason(group, min_offers) is not None:
            continue
        try:
            fit = fit_acceptance(group)
        except InputError:
            continue
        curve = _curve(fit, group, grid)
        curve.insert(0, by or "group", key)
        curve.insert(1, "offers", len(group))
        parts.append(curve)
    if not parts:
        cols = [by or "group", "offers", "spread_bp", "acceptance", "acceptance_low"]
        return pd.DataFrame(columns=[*cols, "acceptance_high"])
    return pd.concat(parts, ignore_index=True)


SMALL_MULTIPLES_ABOVE = 4
"""More groups than this get one small panel each: ten overlapping curves cannot be told apart."""

PANEL_COLUMNS = 3
"""Panels per row of the small multiples (wide enough for a segment's name as the title)."""

PORTFOLIO_GREY = "#6c757d"
"""The reference curve on every panel (grey: context, not a group)."""


def _portfolio_curve(table: pd.DataFrame) -> pd.DataFrame:
    """The fitted groups' predicted acceptance at each spread averaged with the groups' offers as
    weights: the reference drawn on every panel (drawn only, never reported)."""
    weights = table["offers"].astype(float) if "offers" in table.columns else 1.0
    weighted = table.assign(_w=weights, _wa=table["acceptance"].astype(float) * weights)
    sums = weighted.groupby("spread_bp", sort=True)[["_wa", "_w"]].sum()
    return pd.DataFrame({"spread_bp": sums.index, "acceptance": sums["_wa"] / sums["_w"]})


def _one_panel(ax: Axes, table: pd.DataFrame, by: str, labels: dict | None) -> None:
    """All groups' curves on one axes, each with its 95% band, named in a legend beside it."""
    for i, (key, curve) in enumerate(table.groupby(by, sort=True)):
        colour = PALETTE[i % len(PALETTE)]
        name = (labels or {}).get(key, key)
        ax.plot(curve["spread_bp"], curve["acceptance"], color=colour, label=str(name))
        ax.fill_between(
            curve["spread_bp"],
            curve["acceptance_low"].astype(float),
            curve["acceptance_high"].astype(float),
            color=colour,
            alpha=0.12,
            linewidth=0,
        )
    ax.legend(frameon=False, fontsize=9, loc="center left", bbox_to_anchor=(1.0, 0.5))


def _small_multiples(
    table: pd.DataFrame, by: str, lang: str, labels: dict | None
) -> tuple[Figure, list[Axes]]:
    """One panel per group on shared axes: its curve and 95% band in navy over the offer-weighted
    curve of all fitted groups in grey, the group's name as the panel's title."""
    groups = list(table.groupby(by, sort=True))
    rows = -(-len(groups) // PANEL_COLUMNS)
    fig, grid = plt.subplots(
        rows, PANEL_COLUMNS, figsize=(9.0, 2.3 * rows + 0.9), sharex=True, sharey=True,
        squeeze=False,
    )  # fmt: skip
    panels = list(grid.ravel())
    for spare in panels[len(groups) :]:
        spare.remove()
    portfolio = _portfolio_curve(table)
    for n, (ax, (key, curve)) in enumerate(zip(panels, groups, strict=False)):
        ax.plot(portfolio["spread_bp"], portfolio["acceptance"], color=PORTFOLIO_GREY, lw=1.2,
                ls="--")  # fmt: skip
        ax.fill_between(
            curve["spread_bp"],
            curve["acceptance_low"].astype(float),
            curve["acceptance_high"].astype(float),
            color=PALETTE[0],
            alpha=0.15,
            linewidth=0,
        )
        ax.plot(curve["spread_bp"], curve["acceptance"], color=PALETTE[0], lw=1.8)
        name = str((labels or {}).get(key, key))
        ax.set_title(textwrap.fill(name, 30), fontsize=10, loc="left")
        pct_axis(ax)
        ax.tick_params(labelsize=9, labelleft=n % PANEL_COLUMNS == 0,
                       labelbottom=n + PANEL_COLUMNS >= len(groups))  # fmt: skip
    handles = [
        Line2D([], [], color=PALETTE[0], lw=1.8),
        Patch(color=PALETTE[0], alpha=0.15, lw=0),
        Line2D([], [], color=PORTFOLIO_GREY, lw=1.2, ls="--"),
    ]
    words = [
        MESSAGES("acceptance_group", lang),
        MESSAGES("acceptance_band", lang),
        MESSAGES("acceptance_portfolio", lang),
    ]
    fig.legend(handles, words, loc="upper left", ncol=3, frameon=False, fontsize=9,
               bbox_to_anchor=(0.0, 1.0))  # fmt: skip
    fig.supxlabel(MESSAGES("acceptance_x", lang), fontsize=11)
    fig.supylabel(MESSAGES("acceptance_y", lang), fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.45 / fig.get_figheight()))
    return fig, panels[: len(groups)]


def plot_acceptance_curves(
    table: pd.DataFrame, by: str = "segment", lang: str = "en", labels: dict | None = None
) -> Figure:
    """An `acceptance_curves_table`: predicted acceptance against spread with its 95% band per
    group, all on one axes up to SMALL_MULTIPLES_ABOVE groups, else one small panel per group
    (the offer-weighted curve of all groups in grey on each); `labels` maps a group key to the
    name shown."""
    if table[by].nunique() > SMALL_MULTIPLES_ABOVE:
        fig, _ = _small_multiples(table, by, lang, labels)
        return fig
    fig, ax = new_figure(8.0, 4.6)
    _one_panel(ax, table, by, labels)
    ax.set_xlabel(MESSAGES("acceptance_x", lang))
    ax.set_ylabel(MESSAGES("acceptance_y", lang))
    pct_axis(ax)
    return fig


SUMMARY_COLUMNS: tuple[str, ...] = (
    "offers", "acceptance_rate", "mean_spread_bp", "ame_pp_per_10bp", "ame_low", "ame_high",
    "p_value", "note",
)  # fmt: skip
"""What a reader needs of the elasticity table: the change in acceptance (pp) per +10 bp."""


def elasticity_summary(table: pd.DataFrame, by: str = "segment_name") -> pd.DataFrame:
    """The elasticity table narrowed to the reader's columns (the logit slopes stay in the full
    table for the modeller)."""
    keep = [c for c in (by, *SUMMARY_COLUMNS, "masked") if c in table.columns]
    return table[keep]


def elasticity_reading(table: pd.DataFrame, by: str = "segment", lang: str = "en") -> str:
    """One paragraph: the most and least rate-sensitive fitted groups and any unfitted ones."""
    fitted = table[table["note"].fillna("") == ""].dropna(subset=["ame_pp_per_10bp"])
    if fitted.empty:
        return MESSAGES("elasticity_none", lang)
    ranked = fitted.sort_values("ame_pp_per_10bp")
    most, least = ranked.iloc[0], ranked.iloc[-1]

    def say(row: pd.Series) -> str:
        return MESSAGES(
            "elasticity_group",
            lang,
            name=md_escape(row[by]),
            ame=f"{row['ame_pp_per_10bp']:+.1f}",
            low=f"{row['ame_low']:+.1f}",
            high=f"{row['ame_high']:+.1f}",
        )

    if len(fitted) == 1:
        text = MESSAGES("elasticity_one", lang, most=say(most))
    else:
        text = MESSAGES("elasticity_two", lang, most=say(most), least=say(least))
    significant = int((fitted["slope_high"] < 0).sum())
    text += MESSAGES("elasticity_significant", lang, n=significant, fitted=len(fitted))
    skipped = len(table) - len(fitted)
    if skipped:
        text += MESSAGES("elasticity_skipped", lang, n=skipped)
    return text
