"""The ten latent client archetypes that drive every other attribute of a synthetic client."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from journey_utils.catalog import (
    APPLICATION_CHANNELS,
    DIGITAL_CHANNELS,
    INDUSTRIES,
    OWNERSHIP_TYPES,
    PRODUCTS,
    REGIONS,
)


@dataclass(frozen=True)
class Archetype:
    """Distributions of one latent client type. Medians are of log-normal draws."""

    name: str
    label_zh: str
    share: float
    industry: dict[str, float]
    age_years: tuple[float, float]
    """(median, log-sd) of firm age at as_of."""
    employees: tuple[float, float]
    """(median, log-sd) of employees."""
    revenue_per_employee: float
    """Median revenue per employee, CNY (log-sd 0.35)."""
    assets_to_revenue: float
    leverage: tuple[float, float]
    """(mean, sd) of total liabilities / total assets."""
    margin: tuple[float, float]
    """(mean, sd) of net profit / revenue."""
    growth: tuple[float, float]
    """(mean, sd) of yearly log revenue growth."""
    high_tech: float
    ownership: dict[str, float]
    listed: float
    group: float
    region: dict[str, float]
    """Multipliers of the base regional weights (1 when absent)."""
    products: dict[str, float]
    app_channels: dict[str, float]
    digital_channels: dict[str, float]
    digital_sessions_per_year: float
    """Background digital sessions per year (logins, messages)."""
    info_sessions: float
    """Extra information-stage sessions per case (Poisson mean)."""
    cases_per_year: float
    lead_share: float
    calculator_use: float
    rm_meetings_per_year: float
    loan_to_revenue: float
    """Median requested amount / revenue."""
    accept_intercept: float
    accept_slope_per_10bp: float
    csat_offset: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def profile(self) -> dict[str, object]:
        """JSON-friendly description for truth.json."""
        return asdict(self)


def _d(**kw: float) -> dict[str, float]:
    return dict(kw)


ARCHETYPES: tuple[Archetype, ...] = (
    Archetype(
        "tech_startup",
        "科技初创企业",
        0.10,
        industry=_d(software_it=0.6, biotech_pharma=0.2, electronics=0.2),
        age_years=(2.5, 0.35),
        employees=(18, 0.5),
        revenue_per_employee=4.0e5,
        assets_to_revenue=1.6,
        leverage=(0.28, 0.07),
        margin=(-0.16, 0.06),
        growth=(0.45, 0.08),
        high_tech=0.85,
        ownership=_d(private=0.96, mixed=0.04),
        listed=0.0,
        group=0.0,
        region=_d(east=1.6, south=1.6, north=1.4, northeast=0.4, northwest=0.4, central=0.7),
        products=_d(sci_tech_loan=0.6, working_capital=0.3, inclusive_micro=0.1),
        app_channels=_d(app=0.45, web=0.35, relationship_manager=0.1, branch=0.1),
        digital_channels=_d(app=0.55, web=0.3, wechat=0.13, call_centre=0.02),
        digital_sessions_per_year=12.0,
        info_sessions=2.0,
        cases_per_year=0.45,
        lead_share=0.22,
        calculator_use=0.55,
        rm_meetings_per_year=0.15,
        loan_to_revenue=0.35,
        accept_intercept=1.5,
        accept_slope_per_10bp=-0.05,
        csat_offset=0.1,
    ),
    Archetype(
        "growth_tech",
        "成长型科技企业",
        0.08,
        industry=_d(software_it=0.4, electronics=0.35, biotech_pharma=0.25),
        age_years=(10, 0.25),
        employees=(320, 0.5),
        revenue_per_employee=1.0e6,
        assets_to_revenue=1.3,
        leverage=(0.40, 0.07),
        margin=(0.12, 0.04),
        growth=(0.22, 0.06),
        high_tech=0.95,
        ownership=_d(private=0.78, mixed=0.17, foreign=0.05),
        listed=0.3,
        group=0.1,
        region=_d(east=1.6, south=1.6, north=1.4, northeast=0.4, northwest=0.4, central=0.7),
        products=_d(sci_tech_loan=0.45, working_capital=0.35, fixed_asset=0.2),
        app_channels=_d(app=0.3, web=0.3, relationship_manager=0.3, branch=0.1),
        digital_channels=_d(app=0.45, web=0.4, wechat=0.13, call_centre=0.02),
        digital_sessions_per_year=8.5,
        info_sessions=1.5,
        cases_per_year=0.65,
        lead_share=0.18,
        calculator_use=0.5,
        rm_meetings_per_year=0.5,
        loan_to_revenue=0.12,
        accept_intercept=2.0,
        accept_slope_per_10bp=-0.15,
    ),
    Archetype(
        "mature_manufacturer",
        "成熟制造企业",
        0.14,
        industry=_d(manufacturing=0.88, electronics=0.07, energy_utilities=0.05),
        age_years=(25, 0.2),
        employees=(1200, 0.5),
        revenue_per_employee=1.2e6,
        assets_to_revenue=1.1,
        leverage=(0.50, 0.05),
        margin=(0.07, 0.02),
        growth=(0.04, 0.04),
        high_tech=0.15,
        ownership=_d(private=0.62, mixed=0.23, state_owned=0.1, foreign=0.05),
        listed=0.2,
        group=0.25,
        region=_d(east=1.5, south=1.2, central=1.1, northwest=0.5, southwest=0.7),
        products=_d(fixed_asset=0.45, working_capital=0.45, trade_finance=0.1),
        app_channels=_d(relationship_manager=0.55, branch=0.25, web=0.15, app=0.05),
        digital_channels=_d(web=0.55, app=0.25, wechat=0.1, call_centre=0.1),
        digital_sessions_per_year=2.5,
        info_sessions=0.7,
        cases_per_year=0.45,
        lead_share=0.15,
        calculator_use=0.3,
        rm_meetings_per_year=1.0,
        loan_to_revenue=0.06,
        accept_intercept=2.5,
        accept_slope_per_10bp=-0.25,
    ),
    Archetype(
        "soe_infrastructure",
        "国有基建企业",
        0.06,
        industry=_d(construction=0.4, energy_utilities=0.4, transport_logistics=0.2),
        age_years=(35, 0.2),
        employees=(4000, 0.5),
        revenue_per_employee=1.5e6,
        assets_to_revenue=2.5,
        leverage=(0.68, 0.05),
        margin=(0.04, 0.015),
        growth=(0.03, 0.03),
        high_tech=0.03,
        ownership=_d(state_owned=0.88, mixed=0.12),
        listed=0.35,
        group=0.6,
        region=_d(north=1.5, northwest=1.6, southwest=1.4, east=0.7, south=0.7),
        products=_d(project_finance=0.55, fixed_asset=0.3, working_capital=0.15),
        app_channels=_d(relationship_manager=0.85, branch=0.15),
        digital_channels=_d(web=0.7, app=0.1, wechat=0.05, call_centre=0.15),
        digital_sessions_per_year=1.2,
        info_sessions=0.3,
        cases_per_year=0.35,
        lead_share=0.1,
        calculator_use=0.15,
        rm_meetings_per_year=1.5,
        loan_to_revenue=0.05,
        accept_intercept=3.5,
        accept_slope_per_10bp=-0.30,
    ),
    Archetype(
        "trading_sme",
        "商贸中小企业",
        0.14,
        industry=_d(wholesale_retail=0.85, transport_logistics=0.15),
        age_years=(9, 0.3),
        employees=(45, 0.5),
        revenue_per_employee=2.5e6,
        assets_to_revenue=0.5,
        leverage=(0.68, 0.05),
        margin=(0.02, 0.012),
        growth=(0.05, 0.04),
        high_tech=0.0,
        ownership=_d(private=0.95, collective=0.05),
        listed=0.0,
        group=0.02,
        region=_d(east=1.3, south=1.3),
        products=_d(working_capital=0.6, trade_finance=0.35, inclusive_micro=0.05),
        app_channels=_d(branch=0.35, web=0.25, app=0.2, relationship_manager=0.2),
        digital_channels=_d(web=0.35, app=0.35, wechat=0.25, call_centre=0.05),
        digital_sessions_per_year=5.0,
        info_sessions=1.0,
        cases_per_year=0.6,
        lead_share=0.2,
        calculator_use=0.4,
        rm_meetings_per_year=0.3,
        loan_to_revenue=0.1,
        accept_intercept=2.4,
        accept_slope_per_10bp=-0.20,
    ),
    Archetype(
        "micro_business",
        "小微个体经营",
        0.18,
        industry=_d(hospitality=0.5, wholesale_retail=0.3, textiles=0.1, transport_logistics=0.1),
        age_years=(5, 0.4),
        employees=(6, 0.45),
        revenue_per_employee=5.0e5,
        assets_to_revenue=0.6,
        leverage=(0.36, 0.07),
        margin=(0.06, 0.03),
        growth=(0.0, 0.04),
        high_tech=0.0,
        ownership=_d(private=1.0),
        listed=0.0,
        group=0.0,
        region=_d(central=1.2, southwest=1.2, south=1.1),
        products=_d(inclusive_micro=0.8, working_capital=0.2),
        app_channels=_d(app=0.4, branch=0.4, web=0.15, relationship_manager=0.05),
        digital_channels=_d(wechat=0.5, app=0.35, web=0.1, call_centre=0.05),
        digital_sessions_per_year=6.0,
        info_sessions=0.8,
        cases_per_year=0.22,
        lead_share=0.28,
        calculator_use=0.35,
        rm_meetings_per_year=0.05,
        loan_to_revenue=0.2,
        accept_intercept=1.8,
        accept_slope_per_10bp=-0.10,
    ),
    Archetype(
        "declining_traditional",
        "传统衰退企业",
        0.10,
        industry=_d(textiles=0.5, manufacturing=0.35, wholesale_retail=0.15),
        age_years=(30, 0.2),
        employees=(180, 0.5),
        revenue_per_employee=4.5e5,
        assets_to_revenue=1.4,
        leverage=(0.78, 0.05),
        margin=(-0.05, 0.025),
        growth=(-0.15, 0.05),
        high_tech=0.02,
        ownership=_d(private=0.6, collective=0.3, mixed=0.1),
        listed=0.02,
        group=0.05,
        region=_d(northeast=2.0, north=1.3, central=1.2, east=0.8, south=0.6),
        products=_d(working_capital=0.85, fixed_asset=0.15),
        app_channels=_d(branch=0.6, relationship_manager=0.3, web=0.1),
        digital_channels=_d(web=0.4, call_centre=0.35, wechat=0.2, app=0.05),
        digital_sessions_per_year=0.8,
        info_sessions=0.3,
        cases_per_year=0.3,
        lead_share=0.15,
        calculator_use=0.15,
        rm_meetings_per_year=0.4,
        loan_to_revenue=0.1,
        accept_intercept=1.8,
        accept_slope_per_10bp=-0.07,
    ),
    Archetype(
        "real_estate_construction",
        "房地产与建筑企业",
        0.08,
        industry=_d(real_estate=0.6, construction=0.4),
        age_years=(15, 0.25),
        employees=(350, 0.5),
        revenue_per_employee=4.0e6,
        assets_to_revenue=3.0,
        leverage=(0.83, 0.04),
        margin=(0.06, 0.03),
        growth=(-0.05, 0.05),
        high_tech=0.0,
        ownership=_d(private=0.7, state_owned=0.15, mixed=0.15),
        listed=0.1,
        group=0.3,
        region=_d(south=1.2, east=1.1, southwest=1.2),
        products=_d(project_finance=0.5, fixed_asset=0.25, working_capital=0.25),
        app_channels=_d(relationship_manager=0.7, branch=0.3),
        digital_channels=_d(web=0.6, app=0.15, wechat=0.15, call_centre=0.1),
        digital_sessions_per_year=1.2,
        info_sessions=0.4,
        cases_per_year=0.38,
        lead_share=0.12,
        calculator_use=0.2,
        rm_meetings_per_year=0.75,
        loan_to_revenue=0.15,
        accept_intercept=1.9,
        accept_slope_per_10bp=-0.06,
    ),
    Archetype(
        "agri_cooperative",
        "农业合作社",
        0.06,
        industry=_d(agriculture=0.95, wholesale_retail=0.05),
        age_years=(14, 0.25),
        employees=(35, 0.5),
        revenue_per_employee=3.5e5,
        assets_to_revenue=1.2,
        leverage=(0.42, 0.06),
        margin=(0.04, 0.02),
        growth=(0.02, 0.04),
        high_tech=0.0,
        ownership=_d(collective=0.7, private=0.3),
        listed=0.0,
        group=0.0,
        region=_d(
            central=2.0, northeast=2.0, southwest=1.6, northwest=1.6, east=0.5, south=0.5, north=0.8
        ),
        products=_d(inclusive_micro=0.6, working_capital=0.4),
        app_channels=_d(branch=0.7, relationship_manager=0.2, app=0.1),
        digital_channels=_d(wechat=0.5, call_centre=0.3, app=0.15, web=0.05),
        digital_sessions_per_year=0.6,
        info_sessions=0.2,
        cases_per_year=0.18,
        lead_share=0.15,
        calculator_use=0.1,
        rm_meetings_per_year=0.25,
        loan_to_revenue=0.2,
        accept_intercept=2.0,
        accept_slope_per_10bp=-0.12,
    ),
    Archetype(
        "export_processor",
        "外向型加工企业",
        0.06,
        industry=_d(electronics=0.4, textiles=0.3, manufacturing=0.3),
        age_years=(12, 0.2),
        employees=(600, 0.5),
        revenue_per_employee=8.0e5,
        assets_to_revenue=0.9,
        leverage=(0.60, 0.05),
        margin=(0.03, 0.015),
        growth=(0.12, 0.04),
        high_tech=0.2,
        ownership=_d(foreign=0.6, private=0.3, mixed=0.1),
        listed=0.08,
        group=0.15,
        region=_d(
            south=2.5, east=2.0, north=0.5, northeast=0.3, northwest=0.2, southwest=0.3, central=0.5
        ),
        products=_d(trade_finance=0.6, working_capital=0.4),
        app_channels=_d(relationship_manager=0.45, web=0.35, branch=0.2),
        digital_channels=_d(web=0.6, app=0.3, wechat=0.05, call_centre=0.05),
        digital_sessions_per_year=5.0,
        info_sessions=0.8,
        cases_per_year=0.5,
        lead_share=0.15,
        calculator_use=0.35,
        rm_meetings_per_year=0.6,
        loan_to_revenue=0.08,
        accept_intercept=2.6,
        accept_slope_per_10bp=-0.22,
    ),
)

ARCHETYPE_NAMES: tuple[str, ...] = tuple(a.name for a in ARCHETYPES)
SHARES = np.array([a.share for a in ARCHETYPES])
assert abs(SHARES.sum() - 1.0) < 1e-9


def probability_table(attr: str, levels: tuple[str, ...]) -> np.ndarray:
    """(n_archetypes, n_levels) probabilities of a categorical attribute, rows summing to 1."""
    table = np.array([[getattr(a, attr).get(lv, 0.0) for lv in levels] for a in ARCHETYPES])
    unknown = {k for a in ARCHETYPES for k in getattr(a, attr)} - set(levels)
    if unknown:
        raise ValueError(f"{attr}: unknown levels {sorted(unknown)} (valid: {', '.join(levels)})")
    return table / table.sum(axis=1, keepdims=True)


def region_multipliers() -> np.ndarray:
    """(n_archetypes, n_regions) multipliers of the regional client weights."""
    return np.array([[a.region.get(r, 1.0) for r in REGIONS] for a in ARCHETYPES])


def attribute(name: str) -> np.ndarray:
    """A numeric attribute of every archetype, as an array indexed by archetype."""
    return np.array([getattr(a, name) for a in ARCHETYPES], dtype=float)


INDUSTRY_P = probability_table("industry", INDUSTRIES)
OWNERSHIP_P = probability_table("ownership", OWNERSHIP_TYPES)
PRODUCT_P = probability_table("products", PRODUCTS)
APP_CHANNEL_P = probability_table("app_channels", APPLICATION_CHANNELS)
DIGITAL_CHANNEL_P = probability_table("digital_channels", DIGITAL_CHANNELS)


def sample_rows(rng: np.random.Generator, prob: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per element of `rows`, from the probability row prob[rows]."""
    cum = np.cumsum(prob, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(rows))
    return (u[:, None] > cum[rows]).sum(axis=1)
