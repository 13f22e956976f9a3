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

from journey_utils.plotting import PALETTE, md_escape, new_figure, pct_axis
from journey_utils.profiling.portfolio import DECLINE_MAX, SIZE_BANDS, STARTUP_MAX_AGE
from journey_utils.segmentation.features import (
    FEATURES,
    derive_features,
    feature_label,
    feature_words,
)

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

INDUSTRY_NOUNS: dict[str, tuple[str, str]] = {
    "manufacturing": ("manufacturers", "制造企业"),
    "wholesale_retail": ("traders", "商贸企业"),
    "software_it": ("software firms", "软件企业"),
    "electronics": ("electronics makers", "电子企业"),
    "biotech_pharma": ("biotech firms", "生物医药企业"),
    "construction": ("builders", "建筑企业"),
    "real_estate": ("property developers", "房地产企业"),
    "energy_utilities": ("utilities", "能源公用企业"),
    "transport_logistics": ("logistics firms", "物流企业"),
    "agriculture": ("agri-businesses", "农业经营主体"),
    "hospitality": ("hospitality businesses", "餐饮住宿企业"),
    "textiles": ("textile makers", "纺织企业"),
}
OWNERSHIP_WORDS: dict[str, tuple[str, str]] = {
    "state_owned": ("state-owned", "国有"),
    "foreign": ("foreign-owned", "外资"),
    "collective": ("collective", "集体"),
    "mixed": ("mixed-ownership", "混合所有制"),
}
LIFECYCLE_WORDS: dict[str, tuple[str, str]] = {
    "start_up": ("young", "初创"),
    "fast_growing": ("fast-growing", "高成长"),
    "mature": ("mature", "成熟"),
    "declining": ("declining", "衰退"),
    "established": ("", ""),
}
SIZE_WORDS: dict[str, tuple[str, str]] = {
    "micro": ("micro", "小微"),
    "small": ("small", "小型"),
    "mid": ("", ""),
    "large": ("large", "大型"),
}


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
    unit = "（{d:+.1f} 个标准差）" if lang == "zh" else " ({d:+.1f} SD)"
    return [feature_words(name, d > 0, lang) + unit.format(d=d) for name, d in top.items()]


CLOSE_TO_PORTFOLIO = {"en": "close to the portfolio", "zh": "与全量客户接近"}


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
    life_en, life_zh = LIFECYCLE_WORDS[lifecycle(traits)]
    own = traits["top_ownership"]
    if own in OWNERSHIP_WORDS and traits["top_ownership_share"] >= DOMINANT_SHARE:
        qual_en, qual_zh = OWNERSHIP_WORDS[own]
    elif traits["high_tech_share"] >= HIGH_TECH_SHARE:
        qual_en, qual_zh = "high-tech", "科技型"
    else:
        qual_en, qual_zh = SIZE_WORDS[size_band(traits)]
    industry = traits["top_industry"]
    if industry in INDUSTRY_NOUNS and traits["top_industry_share"] >= DOMINANT_SHARE:
        noun_en, noun_zh = INDUSTRY_NOUNS[industry]
    elif traits["high_tech_share"] >= HIGH_TECH_SHARE:
        noun_en, noun_zh = (
            ("firms", "企业") if qual_en == "high-tech" else ("tech firms", "科技企业")
        )
    elif (
        industry in INDUSTRY_NOUNS
        and traits.get("second_industry") in INDUSTRY_NOUNS
        and traits["top_industry_share"] + traits.get("second_industry_share", 0.0) >= PAIR_SHARE
    ):
        first, second = INDUSTRY_NOUNS[industry], INDUSTRY_NOUNS[traits["second_industry"]]
        noun_en = f"{first[0]} and {second[0]}"
        noun_zh = f"{first[1].removesuffix('企业')}与{second[1]}"
    else:
        noun_en, noun_zh = "mixed-industry firms", "多行业企业"
    en = " ".join(w for w in (life_en, qual_en, noun_en) if w)
    zh = "".join(w for w in (life_zh, qual_zh, noun_zh) if w)
    return en[:1].upper() + en[1:], zh


DISTINGUISHERS: tuple[tuple[str, str, str, bool], ...] = (
    ("median_net_margin", "loss-making", "亏损", False),
    ("median_revenue_growth", "fastest-growing", "增长最快", True),
    ("median_firm_age", "newest", "最年轻", False),
    ("median_employees", "largest", "规模最大", True),
)
"""How segments that would share a name are told apart: (trait, word, 中文, highest wins)."""


def _distinguish(group: pd.DataFrame) -> dict[int, tuple[str, str]]:
    """Words that tell apart segments sharing a name: the first trait on which one of them
    stands out (lowest margin, fastest growth, youngest, largest); else the segment number."""
    words: dict[int, tuple[str, str]] = {}
    for trait, en, zh, highest in DISTINGUISHERS:
        if trait not in group.columns or group[trait].isna().any():
            continue
        values = group.set_index("segment")[trait]
        pick = int(values.idxmax() if highest else values.idxmin())
        if pick not in words and values.nunique() == len(values):
            words[pick] = (en, zh)
        if len(words) == len(group) - 1:
            break
    return words


def name_segments(traits: pd.DataFrame) -> tuple[dict[int, str], dict[int, str]]:
    """Names of all segments; segments that would share a name are told apart by the trait on
    which one of them stands out ('loss-making', 'newest', ...), else by their number."""
    names = {int(r.segment): segment_name(r) for _, r in traits.iterrows()}
    shared = pd.Series({seg: n[0] for seg, n in names.items()})
    en, zh = {}, {}
    for seg, (n_en, n_zh) in names.items():
        en[seg], zh[seg] = n_en, n_zh
    for _name, members in shared.groupby(shared).groups.items():
        if len(members) < 2:
            continue
        words = _distinguish(traits[traits["segment"].isin(members)])
        plain_left = len(words) == len(members) - 1  # the one left over keeps the plain name
        for seg in members:
            n_en, n_zh = names[int(seg)]
            w_en, w_zh = words.get(int(seg), (None, None))
            if w_en:
                en[int(seg)], zh[int(seg)] = f"{n_en}, {w_en}", f"{w_zh}的{n_zh}"
            elif not plain_left:
                en[int(seg)], zh[int(seg)] = f"{n_en} ({seg})", f"{n_zh}（{seg}）"
    return en, zh


# ---------------------------------------------------------------- profile cards


def segment_profile_table(
    client_360: pd.DataFrame,
    result: SegmentResult,
    *,
    min_cell_size: int | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """One profile card per segment: name, size and share, key features against the portfolio,
    typical firm, funnel conversion, NPL rate and satisfaction. NPL rate and CSAT are blanked
    where fewer than `min_cell_size` clients stand behind them."""
    traits = segment_traits(client_360, result)
    diffs = feature_differences(client_360, result)
    n_min = result.min_cell_size if min_cell_size is None else min_cell_size
    names = result.model.names_zh if lang == "zh" else result.model.names
    t = traits
    out = pd.DataFrame(
        {
            "segment": t["segment"],
            "segment_name": t["segment"].map(names),
            "clients": t["clients"],
            "share": t["clients"] / t["clients"].sum(),
            "key_features": [
                ("；" if lang == "zh" else "; ").join(key_features(diffs, s, lang))
                or CLOSE_TO_PORTFOLIO["zh" if lang == "zh" else "en"]
                for s in t["segment"]
            ],
            "main_industry": t["top_industry"],
            "main_industry_share": t["top_industry_share"],
            "median_firm_age": t["median_firm_age"],
            "median_employees": t["median_employees"],
            "high_tech_share": t["high_tech_share"],
            "applications": t["applications"],
            "conversion": t["conversion"],
            "npl_rate": t["npl_rate"].where(t["clients_with_loans"] >= n_min),
            "mean_csat": t["mean_csat"].where(t["csat_responders"] >= n_min),
        }
    )
    return out


PROFILE_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "empty": "Every segment is below the minimum cell size, so no profile is shown.",
        "largest": "{n} segments; the largest, *{name}*, holds {share} of clients ({features}).",
        "npl": "NPL rates range from {low} (*{low_name}*) to {high} (*{high_name}*).",
        "conversion": "Applications are disbursed most often for *{high_name}* ({high}) and "
        "least for *{low_name}* ({low}).",
    },
    "zh": {
        "empty": "所有分群都低于最小单元格规模，因此不展示画像。",
        "largest": "共 {n} 个分群；最大的是 *{name}*，占客户的 {share}（{features}）。",
        "npl": "各分群不良率从 {low}（*{low_name}*）到 {high}（*{high_name}*）不等。",
        "conversion": "申请放款比例最高的是 *{high_name}*（{high}），最低的是 *{low_name}*"
        "（{low}）。",
    },
}
"""The profile reading's sentences in each report language."""


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
    t = PROFILE_TEMPLATES["zh" if lang == "zh" else "en"]
    p = profile[~profile.get("masked", pd.Series(False, index=profile.index)).fillna(False)]
    if p.empty:
        return t["empty"]
    big = p.loc[p["clients"].astype(float).idxmax()]
    parts = [
        t["largest"].format(
            n=len(profile),
            name=md_escape(big.segment_name),
            share=f"{float(big.share):.0%}",
            features=md_escape(big.key_features),
        )
    ]
    npl = p.dropna(subset=["npl_rate"])
    if not npl.empty:
        parts.append(t["npl"].format(**_extremes(npl, "npl_rate", ".1%")))
    conv = p.dropna(subset=["conversion"])
    if not conv.empty:
        parts.append(t["conversion"].format(**_extremes(conv, "conversion", ".0%")))
    return ("" if lang == "zh" else " ").join(parts)


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
        cbar_kws={"label": "SD from portfolio" if lang != "zh" else "与全量的标准差"},
    )
    ax.set_ylabel("")
    ax.tick_params(axis="x", labelsize=8, rotation=60)
    ax.tick_params(axis="y", labelsize=9, rotation=0)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    ax.set_title(
        "分群画像：与全量客户的差异" if lang == "zh" else "Segment map: how each segment differs"
    )
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
    zh = lang == "zh"
    measures = (
        ("share", "客户占比" if lang == "zh" else "share of clients", PALETTE[0]),
        ("conversion", "放款转化率" if lang == "zh" else "applications disbursed", PALETTE[2]),
        ("npl_rate", "不良率（有贷款客户）" if zh else "NPL rate (clients with loans)", PALETTE[1]),
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
    ax.set_title(
        "各分群：规模、转化与不良" if lang == "zh" else "Size, conversion and NPL by segment"
    )
    return ax


# ---------------------------------------------------------------- strategy


def strategy_for(traits: pd.Series) -> dict[str, str]:
    """Product, limit and repayment policy, risk model and service channel of one segment, by the
    rules below (first match wins within each column); `seed_rule` names the source case's rule
    that applied, if any."""
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
        product = "Low-threshold products: inclusive micro loans / starter credit, light documents"
        if life == "start_up":
            seed_rules.append("start-ups: low threshold")
    elif high_tech:
        product = "Sci-tech loan (IP pledge, R&D-linked), working capital"
    elif state or industry in ("construction", "energy_utilities"):
        product = "Project finance and syndicated fixed-asset loans"
    elif industry in ("wholesale_retail", "transport_logistics") or (
        traits["top_ownership"] == "foreign" and traits["top_ownership_share"] >= 0.5
    ):
        product = "Trade finance and revolving working capital"
    elif industry == "agriculture":
        product = "Seasonal agricultural loans, supply-chain finance"
    elif industry == "real_estate":
        product = "Secured development and fixed-asset loans"
    else:
        product = "Working capital and fixed-asset loans"
    # Limit and repayment
    if life == "declining" or risky:
        limit = "Limit capped to cash flow, collateral, amortising repayment, tighter covenants"
    elif life == "mature":
        limit = "High limit, flexible repayment (revolving line, grace periods, bullet options)"
        seed_rules.append("mature firms: high limits, flexible repayment")
    elif life == "start_up" or size_band(traits) == "micro":
        limit = "Small starting limit, raised with repayment history; monthly instalments"
    else:
        limit = "Limit by rating and revenue; standard amortisation"
    # Risk model
    if high_tech:
        risk = "Specialised tech risk model (IP, R&D intensity, growth, equity backing)"
        seed_rules.append("high-tech: specialised risk model")
    elif life == "start_up":
        risk = "Start-up scorecard (founders, cash runway, short history)"
    elif risky:
        risk = "Standard scorecard plus early-warning watch list"
    else:
        risk = "Standard corporate scorecard"
    return {
        "product": product,
        "limit_and_repayment": limit,
        "risk_model": risk,
        "service_channel": service_channel(traits),
        "seed_rule": "; ".join(seed_rules) or "none of the three",
    }


def service_channel(traits: pd.Series) -> str:
    """Channel by size first, then by where the segment already is: a relationship manager for
    large firms (median employees at least the large band), and for others whose offline contact
    is at least `RM_HEAVY`x the portfolio's unless they are micro firms (served digitally with
    call-back); else the digital channel the segment uses most."""
    size = size_band(traits)
    if size == "large":
        return "Dedicated relationship manager"
    base = traits.get("portfolio_interactions_12m", np.nan)
    heavy = pd.notna(base) and base > 0 and traits["interactions_12m"] >= RM_HEAVY * base
    if heavy and size != "micro":
        return "Dedicated relationship manager"
    if heavy:
        return "Shared RM team with WeChat call-back"
    shares = {
        "Mobile app self-service": traits.get("app_share", np.nan),
        "Online banking (web) with RM back-up": traits.get("web_share", np.nan),
        "WeChat mini-program and call-back": traits.get("wechat_share", np.nan),
        "Branch and call centre": traits.get("call_centre_share", np.nan),
    }
    shares = {k: v for k, v in shares.items() if pd.notna(v)}
    return max(shares, key=shares.get) if shares else "Branch and call centre"


STRATEGY_ZH: dict[str, str] = {
    "Low-threshold products: inclusive micro loans / starter credit, light documents": (
        "低门槛产品：普惠小微贷款 / 初创信用贷，材料从简"
    ),
    "Sci-tech loan (IP pledge, R&D-linked), working capital": (
        "科技贷款（知识产权质押、与研发挂钩）、流动资金贷款"
    ),
    "Project finance and syndicated fixed-asset loans": "项目融资与银团固定资产贷款",
    "Trade finance and revolving working capital": "贸易融资与循环流动资金贷款",
    "Seasonal agricultural loans, supply-chain finance": "季节性农业贷款、供应链金融",
    "Secured development and fixed-asset loans": "有抵押的开发贷款与固定资产贷款",
    "Working capital and fixed-asset loans": "流动资金贷款与固定资产贷款",
    "Limit capped to cash flow, collateral, amortising repayment, tighter covenants": (
        "额度以现金流为上限，要求抵押，分期摊还，加严约束条款"
    ),
    "High limit, flexible repayment (revolving line, grace periods, bullet options)": (
        "高额度、灵活还款（循环额度、宽限期、可到期一次还本）"
    ),
    "Small starting limit, raised with repayment history; monthly instalments": (
        "起始额度小，随还款记录提额；按月分期"
    ),
    "Limit by rating and revenue; standard amortisation": "按评级和营收核定额度；标准分期摊还",
    "Specialised tech risk model (IP, R&D intensity, growth, equity backing)": (
        "科技企业专属风险模型（知识产权、研发强度、成长性、股权投资背景）"
    ),
    "Start-up scorecard (founders, cash runway, short history)": (
        "初创企业评分卡（创始人、现金可支撑期、短经营历史）"
    ),
    "Standard scorecard plus early-warning watch list": "标准评分卡加预警观察名单",
    "Standard corporate scorecard": "标准对公评分卡",
    "Dedicated relationship manager": "专属客户经理",
    "Shared RM team with WeChat call-back": "客户经理团队服务加微信回访",
    "Mobile app self-service": "手机银行自助服务",
    "Online banking (web) with RM back-up": "网上银行，客户经理支持",
    "WeChat mini-program and call-back": "微信小程序与回访",
    "Branch and call centre": "网点与客服中心",
    "start-ups: low threshold": "初创企业：低门槛",
    "mature firms: high limits, flexible repayment": "成熟企业：高额度、灵活还款",
    "high-tech: specialised risk model": "科技企业：专属风险模型",
    "none of the three": "三条规则均不适用",
}
"""Chinese wording of every strategy cell that `strategy_for` writes."""

STRATEGY_COLUMNS = ("product", "limit_and_repayment", "risk_model", "service_channel")


def _strategy_zh(strategy: dict[str, str]) -> dict[str, str]:
    """A segment's strategy cells in Chinese (seed rules joined by '；')."""
    out = {col: STRATEGY_ZH.get(strategy[col], strategy[col]) for col in STRATEGY_COLUMNS}
    rules = strategy["seed_rule"].split("; ")
    out["seed_rule"] = "；".join(STRATEGY_ZH.get(r, r) for r in rules)
    return out


def segment_strategy_table(
    client_360: pd.DataFrame, result: SegmentResult, lang: str = "en"
) -> pd.DataFrame:
    """Strategy per segment (product, limit and repayment, risk model, service channel), derived
    from its traits by `strategy_for`, with the seed rule that applied, beside the segment's
    conversion and NPL rate so each action is read against what it should move."""
    traits = segment_traits(client_360, result)
    names = result.model.names_zh if lang == "zh" else result.model.names
    enough = traits["clients_with_loans"] >= result.min_cell_size
    rows = [
        {"segment": int(t.segment), "segment_name": names.get(int(t.segment), ""),
         "clients": int(t.clients), "conversion": t.conversion,
         "npl_rate": t.npl_rate if ok else np.nan,
         **(_strategy_zh(strategy_for(t)) if lang == "zh" else strategy_for(t))}
        for (_, t), ok in zip(traits.iterrows(), enough, strict=True)
    ]  # fmt: skip
    return pd.DataFrame(rows)


STRATEGY_RULES: tuple[tuple[str, str, str], ...] = (
    ("start-ups: low threshold", "low-threshold products", "低门槛产品"),
    (
        "mature firms: high limits, flexible repayment",
        "high limits and flexible repayment",
        "高额度与灵活还款",
    ),
    (
        "high-tech: specialised risk model",
        "the specialised tech risk model",
        "科技企业专属风险模型",
    ),
)
"""The source case's three rules: (seed_rule, English words, Chinese words)."""

STRATEGY_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {"none": "No segment matches the rule for {words}.", "hit": "{words}: {names} ({share} "
           "of clients).", "sep": ", "},
    "zh": {"none": "没有分群适用“{words}”规则。", "hit": "{words}：{names}（占客户的 {share}）。",
           "sep": "、"},
}  # fmt: skip
"""The strategy reading's sentences in each report language."""


def strategy_reading(strategy: pd.DataFrame, lang: str = "en") -> str:
    """Which segments the source case's three rules reached, from the strategy table (its seed
    rules in English or Chinese)."""
    t = STRATEGY_TEMPLATES["zh" if lang == "zh" else "en"]
    parts = []
    for rule, words_en, words_zh in STRATEGY_RULES:
        words = words_zh if lang == "zh" else words_en
        seed = strategy["seed_rule"].astype(str)
        hit = strategy[
            seed.str.contains(rule, regex=False) | seed.str.contains(STRATEGY_ZH[rule], regex=False)
        ]
        if hit.empty:
            parts.append(t["none"].format(words=words))
        else:
            names = t["sep"].join(f"*{md_escape(n)}*" for n in hit["segment_name"])
            share = hit["clients"].sum() / strategy["clients"].sum()
            words = words if lang == "zh" else words.capitalize()
            parts.append(t["hit"].format(words=words, names=names, share=f"{share:.0%}"))
    return ("" if lang == "zh" else " ").join(parts)
