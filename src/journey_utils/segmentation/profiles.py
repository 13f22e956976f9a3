"""What each segment is and what it needs: profile cards against the portfolio, a name derived
from the profile by stated rules, the segment map, and the strategy table (product, limit and
repayment, risk model, service channel) with the source case's three rules where they apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes

from journey_utils.disclosure import mask_small_groups
from journey_utils.i18n import LANGS
from journey_utils.plotting import PALETTE, md_escape, new_figure, pct_axis
from journey_utils.profiling.portfolio import DECLINE_MAX, SIZE_BANDS, STARTUP_MAX_AGE
from journey_utils.segmentation.features import (
    FEATURES,
    derive_features,
    feature_label,
    feature_words,
)
from journey_utils.segmentation.messages import MESSAGES

if TYPE_CHECKING:
    from journey_utils.segmentation.model import SegmentResult

KEY_DIFFERENCE = 0.5
"""A feature is 'key' for a segment when its mean differs from the portfolio's by at least this
many portfolio standard deviations."""

N_KEY_FEATURES = 3

# Naming and strategy thresholds on a segment's medians and shares (stated, bank-adjustable).
# Age, growth and size lines are the client profile's own (profiling.py), so a "start-up" or a
# "small" firm means the same in every report.
START_UP_AGE = STARTUP_MAX_AGE
"""Median firm age (years) below which a segment counts as start-ups."""
MATURE_AGE = 15.0
"""Median firm age at or above which a segment counts as mature."""
DECLINE_GROWTH = DECLINE_MAX
"""Median yearly revenue growth at or below which a segment counts as declining."""
FAST_GROWTH = 0.15
"""Median growth at or above which a segment is named fast-growing (stricter than a single
client's growth stage, GROWTH_MIN, because a median of 15% means most firms grow fast)."""
MICRO_EMPLOYEES, SMALL_EMPLOYEES, LARGE_EMPLOYEES = (int(u) for _, u in SIZE_BANDS[:3])
HIGH_TECH_SHARE = 0.5
"""Share of high-tech firms at or above which a segment counts as high-tech."""
DOMINANT_SHARE = 0.5
"""Share at or above which one industry or ownership type names a segment."""
PAIR_SHARE = 0.7
"""Joint share at or above which the two main industries together name a segment."""
HIGH_LEVERAGE = 0.75
RM_HEAVY = 1.5
"""Segment mean of RM/branch interactions, as a multiple of the portfolio's, for an RM channel."""

# Words of segment names are the catalog's industry_noun.<industry>, ownership_word.<ownership>,
# lifecycle_word.<lifecycle> and size_word.<size band>.


# ---------------------------------------------------------------- traits and differences


def _segment_of(result: SegmentResult) -> pd.Series:
    return pd.Series(result.labels, name="segment")


def _top_level(values: pd.Series, segment: pd.Series) -> pd.DataFrame:
    """Most common level per segment and its share."""
    counts = pd.crosstab(segment.to_numpy(), values.fillna("missing").to_numpy())
    shares = counts.div(counts.sum(axis=1), axis=0)
    ranked = np.argsort(-shares.to_numpy(), axis=1, kind="stable")
    second = ranked[:, 1] if shares.shape[1] > 1 else ranked[:, 0]
    rows = np.arange(len(shares))
    return pd.DataFrame(
        {
            "top": shares.idxmax(axis=1),
            "top_share": shares.max(axis=1),
            "second": shares.columns[second],
            "second_share": shares.to_numpy()[rows, second] if shares.shape[1] > 1 else 0.0,
        },
        index=shares.index,
    )


def segment_traits(client_360: pd.DataFrame, result: SegmentResult) -> pd.DataFrame:
    """Per segment: size, medians and shares that the naming and strategy rules read, and the
    outcome measures of the profile card (conversion, NPL rate, CSAT)."""
    c = client_360.reset_index(drop=True)
    seg = _segment_of(result)
    num = c.assign(segment=seg.to_numpy())
    g = num.groupby("segment")
    out = pd.DataFrame(
        {
            "clients": g.size(),
            "median_firm_age": g["firm_age_years"].median(),
            "median_employees": g["employees"].median(),
            "median_revenue": g["revenue"].median(),
            "median_leverage": g["leverage"].median(),
            "median_net_margin": g["net_margin"].median(),
            "median_revenue_growth": g["revenue_growth"].median(),
            "high_tech_share": g["high_tech"].mean().astype(float),
            "listed_share": g["listed"].mean().astype(float),
            "digital_events_12m": g["n_digital_events_12m"].mean(),
            "interactions_12m": g["n_interactions_12m"].mean(),
        }
    )
    for ch in ("web", "app", "wechat", "call_centre"):
        out[f"{ch}_share"] = g[f"share_{ch}_12m"].mean()
    for col, name in (("industry", "industry"), ("ownership", "ownership")):
        top = _top_level(c[col], seg)
        out[f"top_{name}"] = top["top"]
        out[f"top_{name}_share"] = top["top_share"]
        out[f"second_{name}"] = top["second"]
        out[f"second_{name}_share"] = top["second_share"]
    apps = g["n_applications"].sum()
    out["applications"] = apps
    out["conversion"] = g["n_disbursed"].sum() / apps.where(apps > 0)
    npl = pd.to_numeric(num["npl"].astype("Float64"), errors="coerce")
    has_loan = npl.notna()
    out["clients_with_loans"] = has_loan.groupby(seg).sum()
    out["npl_rate"] = npl.groupby(seg).mean().astype(float)
    out["csat_responders"] = num["mean_csat"].notna().groupby(seg).sum()
    out["mean_csat"] = g["mean_csat"].mean()
    out["portfolio_interactions_12m"] = float(c["n_interactions_12m"].mean())
    out["portfolio_npl_rate"] = float(npl.mean()) if has_loan.any() else np.nan
    return out.rename_axis("segment").reset_index()


def feature_differences(client_360: pd.DataFrame, result: SegmentResult) -> pd.DataFrame:
    """Segments x numeric features: (segment mean - portfolio mean) / portfolio SD of the derived
    features, missing values skipped: the standardised differences the profile words read."""
    features = derive_features(client_360).reset_index(drop=True)
    numeric = [f.name for f in FEATURES if features[f.name].notna().any()]
    x = features[numeric]
    sd = x.std()
    sd = sd.where(sd > 1e-9)
    means = x.groupby(_segment_of(result).to_numpy()).mean()
    z = (means - x.mean()) / sd
    return z.rename_axis("segment")


def key_features(differences: pd.DataFrame, segment: int, lang: str = "en") -> list[str]:
    """Words for the segment's largest standardised differences ('younger firms', ...)."""
    row = differences.loc[segment].dropna()
    row = row[row.abs() >= KEY_DIFFERENCE]
    top = row.reindex(row.abs().sort_values(ascending=False).index)[:N_KEY_FEATURES]
    return [
        MESSAGES("key_feature", lang, words=feature_words(name, d > 0, lang), d=d)
        for name, d in top.items()
    ]


# ---------------------------------------------------------------- names


def lifecycle(traits: pd.Series) -> str:
    """Lifecycle of a segment from its medians: declining (growth <= -5% and at least 15 years),
    start-up (under 5 years), fast-growing (growth >= 15%), mature (15 years or more),
    else established."""
    age, growth = traits["median_firm_age"], traits["median_revenue_growth"]
    if pd.notna(growth) and growth <= DECLINE_GROWTH and age >= MATURE_AGE:
        return "declining"
    if age < START_UP_AGE:
        return "start_up"
    if pd.notna(growth) and growth >= FAST_GROWTH:
        return "fast_growing"
    if age >= MATURE_AGE:
        return "mature"
    return "established"


def size_band(traits: pd.Series) -> str:
    """Size of a segment's typical firm by its median employees, on the client profile's size
    bands (micro < 20 <= small < 300 <= mid < 1000 <= large)."""
    e = traits["median_employees"]
    if e < MICRO_EMPLOYEES:
        return "micro"
    if e < SMALL_EMPLOYEES:
        return "small"
    return "large" if e >= LARGE_EMPLOYEES else "mid"


def segment_name(traits: pd.Series) -> tuple[str, str]:
    """(English, Chinese) name of a segment from its traits: lifecycle, then the dominant
    non-private ownership or high-tech or size, then the dominant industry (at least half), the
    two main industries (together at least `PAIR_SHARE`) or 'mixed-industry'."""
    return _segment_name_in(traits, "en"), _segment_name_in(traits, "zh")


def _segment_name_in(traits: pd.Series, lang: str) -> str:
    """A segment's name in one language, by the rules of `segment_name`."""
    life = MESSAGES(f"lifecycle_word.{lifecycle(traits)}", lang)
    high_tech = traits["high_tech_share"] >= HIGH_TECH_SHARE
    own = f"ownership_word.{traits['top_ownership']}"
    tech_qualifier = False
    if own in MESSAGES and traits["top_ownership_share"] >= DOMINANT_SHARE:
        qualifier = MESSAGES(own, lang)
    elif high_tech:
        qualifier, tech_qualifier = MESSAGES("qualifier_high_tech", lang), True
    else:
        qualifier = MESSAGES(f"size_word.{size_band(traits)}", lang)
    industry = f"industry_noun.{traits['top_industry']}"
    second = f"industry_noun.{traits.get('second_industry')}"
    if industry in MESSAGES and traits["top_industry_share"] >= DOMINANT_SHARE:
        noun = MESSAGES(industry, lang)
    elif high_tech:
        noun = MESSAGES("noun_firms" if tech_qualifier else "noun_tech_firms", lang)
    elif (
        industry in MESSAGES
        and second in MESSAGES
        and traits["top_industry_share"] + traits.get("second_industry_share", 0.0) >= PAIR_SHARE
    ):
        first = MESSAGES(industry, lang).removesuffix(MESSAGES("pair_shared_word", lang))
        noun = MESSAGES("industry_pair", lang, first=first, second=MESSAGES(second, lang))
    else:
        noun = MESSAGES("noun_mixed_industry", lang)
    name = MESSAGES("name_word_sep", lang).join(w for w in (life, qualifier, noun) if w)
    return name[:1].upper() + name[1:]  # Chinese has no case: unchanged


DISTINGUISHERS: tuple[tuple[str, bool], ...] = (
    ("median_net_margin", False),
    ("median_revenue_growth", True),
    ("median_firm_age", False),
    ("median_employees", True),
)
"""How segments that would share a name are told apart: (trait, highest wins); the word is the
catalog's `distinguisher.<trait>` ('loss-making', 'fastest-growing', 'newest', 'largest')."""


def _distinguish(group: pd.DataFrame) -> dict[int, str]:
    """The trait that tells apart each of the segments sharing a name: the first trait on which
    one of them stands out (lowest margin, fastest growth, youngest, largest); else none."""
    words: dict[int, str] = {}
    for trait, highest in DISTINGUISHERS:
        if trait not in group.columns or group[trait].isna().any():
            continue
        values = group.set_index("segment")[trait]
        pick = int(values.idxmax() if highest else values.idxmin())
        if pick not in words and values.nunique() == len(values):
            words[pick] = trait
        if len(words) == len(group) - 1:
            break
    return words


def name_segments(traits: pd.DataFrame) -> tuple[dict[int, str], dict[int, str]]:
    """Names of all segments; segments that would share a name are told apart by the trait on
    which one of them stands out ('loss-making', 'newest', ...), else by their number."""
    names = {int(r.segment): segment_name(r) for _, r in traits.iterrows()}
    shared = pd.Series({seg: n[0] for seg, n in names.items()})
    final = {seg: dict(zip(("en", "zh"), pair, strict=True)) for seg, pair in names.items()}
    for _name, members in shared.groupby(shared).groups.items():
        if len(members) < 2:
            continue
        words = _distinguish(traits[traits["segment"].isin(members)])
        plain_left = len(words) == len(members) - 1  # the one left over keeps the plain name
        for seg in members:
            plain = final[int(seg)]
            if int(seg) in words:
                trait = f"distinguisher.{words[int(seg)]}"
                final[int(seg)] = {
                    lang: MESSAGES("name_told_apart", lang, name=name, word=MESSAGES(trait, lang))
                    for lang, name in plain.items()
                }
            elif not plain_left:
                final[int(seg)] = {
                    lang: MESSAGES("name_numbered", lang, name=name, segment=seg)
                    for lang, name in plain.items()
                }
    return {s: n["en"] for s, n in final.items()}, {s: n["zh"] for s, n in final.items()}


# ---------------------------------------------------------------- profile cards


def segment_profile_table(
    client_360: pd.DataFrame,
    result: SegmentResult,
    *,
    min_cell_size: int,
    lang: str = "en",
) -> pd.DataFrame:
    """One profile card per segment: name, size and share, key features against the portfolio,
    typical firm, funnel conversion, NPL rate and satisfaction. NPL rate and CSAT are blanked
    where fewer than `min_cell_size` clients stand behind them, and a segment of fewer than
    `min_cell_size` clients is masked (`mask_small_groups` on `clients`), so the table is fit
    to show as it is."""
    traits = segment_traits(client_360, result)
    diffs = feature_differences(client_360, result)
    names = result.model.names_in(lang)
    t = traits
    out = pd.DataFrame(
        {
            "segment": t["segment"],
            "segment_name": t["segment"].map(names),
            "clients": t["clients"],
            "share": t["clients"] / t["clients"].sum(),
            "key_features": [
                MESSAGES("clause_sep", lang).join(key_features(diffs, s, lang))
                or MESSAGES("close_to_portfolio", lang)
                for s in t["segment"]
            ],
            "main_industry": t["top_industry"],
            "main_industry_share": t["top_industry_share"],
            "median_firm_age": t["median_firm_age"],
            "median_employees": t["median_employees"],
            "high_tech_share": t["high_tech_share"],
            "applications": t["applications"],
            "conversion": t["conversion"],
            "npl_rate": t["npl_rate"].where(t["clients_with_loans"] >= min_cell_size),
            "mean_csat": t["mean_csat"].where(t["csat_responders"] >= min_cell_size),
        }
    )
    return mask_small_groups(out, "clients", min_cell_size=min_cell_size)


def _extremes(p: pd.DataFrame, col: str, fmt: str) -> dict[str, str]:
    """Lowest and highest value of a column with the segments' names (Markdown-escaped),
    formatted."""
    values = p[col].astype(float)
    hi, lo = p.loc[values.idxmax()], p.loc[values.idxmin()]
    return {
        "high": format(float(hi[col]), fmt),
        "high_name": md_escape(hi.segment_name),
        "low": format(float(lo[col]), fmt),
        "low_name": md_escape(lo.segment_name),
    }


def segment_profile_reading(profile: pd.DataFrame, lang: str = "en") -> str:
    """The largest segment, the riskiest and the best-converting ones, from the profile table."""
    p = profile[~profile.get("masked", pd.Series(False, index=profile.index)).fillna(False)]
    if p.empty:
        return MESSAGES("profile_empty", lang)
    big = p.loc[p["clients"].astype(float).idxmax()]
    parts = [
        MESSAGES(
            "profile_largest",
            lang,
            n=len(profile),
            name=md_escape(big.segment_name),
            share=f"{float(big.share):.0%}",
            features=md_escape(big.key_features),
        )
    ]
    npl = p.dropna(subset=["npl_rate"])
    if not npl.empty:
        parts.append(MESSAGES("profile_npl", lang, **_extremes(npl, "npl_rate", ".1%")))
    conv = p.dropna(subset=["conversion"])
    if not conv.empty:
        parts.append(MESSAGES("profile_conversion", lang, **_extremes(conv, "conversion", ".0%")))
    return MESSAGES("sentence_sep", lang).join(parts)


def _labels(profile: pd.DataFrame) -> list[str]:
    """'3 · Small traders' axis labels (segment numbers may be floats after masking)."""
    return [
        f"{int(s)} · {n}" for s, n in zip(profile["segment"], profile["segment_name"], strict=True)
    ]


def segment_map_table(
    differences: pd.DataFrame, profile: pd.DataFrame, *, min_cell_size: int
) -> pd.DataFrame:
    """The segment map: segment, segment_name and the standardised feature differences
    (`feature_differences`) of each segment of the profile with at least `min_cell_size`
    clients."""
    shown = profile[profile["clients"].astype(float) >= min_cell_size]
    table = differences.loc[shown["segment"].astype(int)].reset_index(drop=True)
    table.insert(0, "segment", shown["segment"].astype(int).to_numpy())
    table.insert(1, "segment_name", shown["segment_name"].to_numpy())
    return table


def plot_segment_map(table: pd.DataFrame, lang: str = "en") -> Axes:
    """Heat map of a `segment_map_table` (rows: segments by name, columns: features), clipped
    at ±2 SD."""
    z = table.drop(columns=["segment", "segment_name"]).clip(-2, 2)
    z.index = _labels(table)
    z.columns = [feature_label(c, lang) for c in z.columns]
    _, ax = new_figure(11.0, 0.42 * len(z) + 2.4)
    sns.heatmap(
        z,
        ax=ax,
        cmap="RdBu_r",
        center=0,
        vmin=-2,
        vmax=2,
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": MESSAGES("map_colour_label", lang)},
    )
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelsize=8, rotation=60)
    ax.tick_params(axis="y", labelsize=9, rotation=0)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_title(MESSAGES("map_title", lang))
    return ax


def segment_outcomes_table(profile: pd.DataFrame, *, min_cell_size: int) -> pd.DataFrame:
    """Per segment of a `segment_profile_table` with at least `min_cell_size` clients: its
    name, share of clients, funnel conversion and NPL rate."""
    shown = profile[profile["clients"].astype(float) >= min_cell_size]
    return shown[["segment", "segment_name", "share", "conversion", "npl_rate"]]


def plot_segment_outcomes(table: pd.DataFrame, lang: str = "en") -> Axes:
    """A `segment_outcomes_table`: per segment (by name) the share of clients, funnel
    conversion and NPL rate side by side."""
    shown = table.iloc[::-1]
    labels = _labels(shown)
    measures = (
        ("share", MESSAGES("outcome_share", lang), PALETTE[0]),
        ("conversion", MESSAGES("outcome_conversion", lang), PALETTE[2]),
        ("npl_rate", MESSAGES("outcome_npl", lang), PALETTE[1]),
    )
    _, ax = new_figure(9.0, 0.5 * len(shown) + 1.6)
    y = np.arange(len(shown))
    height = 0.26
    for i, (col, label, colour) in enumerate(measures):
        values = shown[col].astype(float).to_numpy()  # a masked value draws no bar
        ax.barh(y + (1 - i) * height, values, height=height, color=colour, label=label)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=9)
    pct_axis(ax, axis="x")
    ax.legend(loc="lower right", fontsize=9)
    ax.set_title(MESSAGES("outcomes_title", lang))
    return ax


# ---------------------------------------------------------------- strategy


def strategy_for(traits: pd.Series, lang: str = "en") -> dict[str, str]:
    """Product, limit and repayment policy, risk model and service channel of one segment, by the
    rules below (first match wins within each column); `seed_rule` names the source case's rules
    that applied, if any (in `lang`)."""
    life = lifecycle(traits)
    high_tech = traits["high_tech_share"] >= HIGH_TECH_SHARE
    industry = traits["top_industry"] if traits["top_industry_share"] >= DOMINANT_SHARE else ""
    state = traits["top_ownership"] == "state_owned" and traits["top_ownership_share"] >= 0.5
    npl, base_npl = traits.get("npl_rate", np.nan), traits.get("portfolio_npl_rate", np.nan)
    risky = traits["median_leverage"] >= HIGH_LEVERAGE or (
        pd.notna(npl) and pd.notna(base_npl) and base_npl > 0 and npl >= 1.5 * base_npl
    )
    seed_rules = []
    # Product
    if life == "start_up" or size_band(traits) == "micro":
        product = "product.low_threshold"
        if life == "start_up":
            seed_rules.append("seed_rule.start_up")
    elif high_tech:
        product = "product.sci_tech"
    elif state or industry in ("construction", "energy_utilities"):
        product = "product.project_finance"
    elif industry in ("wholesale_retail", "transport_logistics") or (
        traits["top_ownership"] == "foreign" and traits["top_ownership_share"] >= 0.5
    ):
        product = "product.trade_finance"
    elif industry == "agriculture":
        product = "product.agricultural"
    elif industry == "real_estate":
        product = "product.development"
    else:
        product = "product.working_capital"
    # Limit and repayment
    if life == "declining" or risky:
        limit = "limit.capped"
    elif life == "mature":
        limit = "limit.high_flexible"
        seed_rules.append("seed_rule.mature")
    elif life == "start_up" or size_band(traits) == "micro":
        limit = "limit.small_start"
    else:
        limit = "limit.by_rating"
    # Risk model
    if high_tech:
        risk = "risk_model.tech"
        seed_rules.append("seed_rule.high_tech")
    elif life == "start_up":
        risk = "risk_model.start_up"
    elif risky:
        risk = "risk_model.watch_list"
    else:
        risk = "risk_model.standard"
    cells = {"product": product, "limit_and_repayment": limit, "risk_model": risk}
    cells["service_channel"] = f"channel.{service_channel(traits)}"
    out = {col: MESSAGES(key, lang) for col, key in cells.items()}
    rules = [MESSAGES(key, lang) for key in seed_rules or ["seed_rule.none"]]
    out["seed_rule"] = MESSAGES("clause_sep", lang).join(rules)
    return out


def service_channel(traits: pd.Series) -> str:
    """Channel code (catalog `channel.<code>`) by size first, then by where the segment already
    is: a relationship manager for large firms (median employees at least the large band), and
    for others whose offline contact is at least `RM_HEAVY`x the portfolio's unless they are micro
    firms (served digitally with call-back); else the digital channel the segment uses most."""
    size = size_band(traits)
    if size == "large":
        return "dedicated_rm"
    base = traits.get("portfolio_interactions_12m", np.nan)
    heavy = pd.notna(base) and base > 0 and traits["interactions_12m"] >= RM_HEAVY * base
    if heavy and size != "micro":
        return "dedicated_rm"
    if heavy:
        return "shared_rm"
    shares = {
        "app": traits.get("app_share", np.nan),
        "web": traits.get("web_share", np.nan),
        "wechat": traits.get("wechat_share", np.nan),
        "branch": traits.get("call_centre_share", np.nan),
    }
    shares = {k: v for k, v in shares.items() if pd.notna(v)}
    return max(shares, key=shares.get) if shares else "branch"


def segment_strategy_table(
    client_360: pd.DataFrame, result: SegmentResult, lang: str = "en", *, min_cell_size: int
) -> pd.DataFrame:
    """Strategy per segment (product, limit and repayment, risk model, service channel), derived
    from its traits by `strategy_for`, with the seed rule that applied, beside the segment's
    conversion and NPL rate so each action is read against what it should move. The NPL rate is
    blanked where fewer than `min_cell_size` clients have a loan, and a segment of fewer than
    `min_cell_size` clients is masked (`mask_small_groups` on `clients`)."""
    traits = segment_traits(client_360, result)
    names = result.model.names_in(lang)
    enough = traits["clients_with_loans"] >= min_cell_size
    rows = [
        {"segment": int(t.segment), "segment_name": names.get(int(t.segment), ""),
         "clients": int(t.clients), "conversion": t.conversion,
         "npl_rate": t.npl_rate if ok else np.nan, **strategy_for(t, lang)}
        for (_, t), ok in zip(traits.iterrows(), enough, strict=True)
    ]  # fmt: skip
    return mask_small_groups(pd.DataFrame(rows), "clients", min_cell_size=min_cell_size)


SEED_RULES: tuple[str, ...] = ("start_up", "mature", "high_tech")
"""The source case's three rules: catalog `seed_rule.<code>` (as the strategy table names it)
and `rule_words.<code>` (what it gives, in the reading)."""


def strategy_reading(strategy: pd.DataFrame, lang: str = "en") -> str:
    """Which segments the source case's three rules reached, from the strategy table (its seed
    rules in English or Chinese)."""
    parts = []
    seed = strategy["seed_rule"].astype(str)
    for code in SEED_RULES:
        words = MESSAGES(f"rule_words.{code}", lang)
        rules = [MESSAGES(f"seed_rule.{code}", table_lang) for table_lang in LANGS]
        hit = strategy[seed.map(lambda cell, rules=rules: any(r in cell for r in rules))]
        if hit.empty:
            parts.append(MESSAGES("strategy_none", lang, words=words))
        else:
            names = MESSAGES("list_sep", lang).join(
                f"*{md_escape(n)}*" for n in hit["segment_name"]
            )
            share = hit["clients"].sum() / strategy["clients"].sum()
            words = words[:1].upper() + words[1:]  # starts the sentence (Chinese has no case)
            parts.append(
                MESSAGES("strategy_hit", lang, words=words, names=names, share=f"{share:.0%}")
            )
    return MESSAGES("sentence_sep", lang).join(parts)
