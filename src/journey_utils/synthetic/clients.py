"""Synthetic clients (firmographics, identifiers, names) and their yearly financial statements."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journey_utils.catalog import (
    INDUSTRIES,
    OWNERSHIP_TYPES,
    PROVINCES,
    REGIONS,
    SOURCES,
    TECH_CAPABLE_INDUSTRIES,
)
from journey_utils.synthetic import archetypes as arch
from journey_utils.synthetic import geography as geo
from journey_utils.synthetic import names
from journey_utils.synthetic.context import DAY, Context
from journey_utils.synthetic.effects import default_logit, interest_cover_log
from journey_utils.uscc import make_uscc

Table = dict[str, np.ndarray]


@dataclass
class Clients:
    """One chunk of clients as arrays (index = position in the chunk)."""

    number: np.ndarray
    archetype: np.ndarray
    city: np.ndarray
    province: np.ndarray
    branch: np.ndarray
    industry: np.ndarray
    founded_s: np.ndarray
    employees: np.ndarray
    rm_staff: np.ndarray
    credit_noise: np.ndarray
    """Persistent part of the bank's view of credit risk that is not in the default formula."""
    prior_loans: np.ndarray
    prior_default: np.ndarray
    revenue_ref: np.ndarray
    fin: dict[str, np.ndarray]
    """(n_clients, n_years) statements, NaN where the firm did not exist; already rounded."""
    fy_leverage: np.ndarray
    fy_icov_log: np.ndarray

    @property
    def n(self) -> int:
        return len(self.number)

    @property
    def client_id(self) -> np.ndarray:
        return client_ids(self.number)


def client_ids(number: np.ndarray) -> np.ndarray:
    """'C' + 7-digit client number."""
    return np.char.add("C", np.char.zfill(np.asarray(number).astype("U7"), 7)).astype(object)


def _lognormal(rng: np.random.Generator, median: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    return median * np.exp(rng.normal(0.0, 1.0, size=len(median)) * sigma)


def make_clients(ctx: Context, rng: np.random.Generator, first_number: int, n: int) -> Clients:
    """Draw `n` clients numbered from `first_number`, with their archetype-driven attributes."""
    a = rng.choice(len(arch.ARCHETYPES), size=n, p=arch.SHARES)
    # City: base weight x the archetype's regional multiplier.
    city_p = geo.CITY_WEIGHT[None, :] * arch.region_multipliers()[:, geo.CITY_REGION]
    city_p /= city_p.sum(axis=1, keepdims=True)
    city = arch.sample_rows(rng, city_p, a)
    province = geo.CITY_PROVINCE[city]
    by_prov = ctx.branches.by_province()
    width = max(len(b) for b in by_prov)
    table = np.array([np.resize(b, width) for b in by_prov])
    counts = np.array([len(b) for b in by_prov])
    branch = table[province, (rng.random(n) * counts[province]).astype(np.int64)]

    industry = arch.sample_rows(rng, arch.INDUSTRY_P, a)
    age_med = np.array([x.age_years[0] for x in arch.ARCHETYPES])[a]
    age_sd = np.array([x.age_years[1] for x in arch.ARCHETYPES])[a]
    age_years = np.clip(_lognormal(rng, age_med, age_sd), 0.6, 70.0)
    founded_s = ctx.horizon_s - (age_years * 365.25).astype(np.int64) * DAY
    emp_med = np.array([x.employees[0] for x in arch.ARCHETYPES])[a]
    emp_sd = np.array([x.employees[1] for x in arch.ARCHETYPES])[a]
    employees = np.maximum(1, np.round(_lognormal(rng, emp_med, emp_sd))).astype(np.int64)
    revenue_ref = employees * _lognormal(rng, arch.attribute("revenue_per_employee")[a], 0.35)

    lev_mu = np.array([x.leverage[0] for x in arch.ARCHETYPES])[a]
    lev_sd = np.array([x.leverage[1] for x in arch.ARCHETYPES])[a]
    leverage = np.clip(rng.normal(lev_mu, lev_sd), 0.05, 0.95)
    mar_mu = np.array([x.margin[0] for x in arch.ARCHETYPES])[a]
    mar_sd = np.array([x.margin[1] for x in arch.ARCHETYPES])[a]
    margin = rng.normal(mar_mu, mar_sd)
    gr_mu = np.array([x.growth[0] for x in arch.ARCHETYPES])[a]
    gr_sd = np.array([x.growth[1] for x in arch.ARCHETYPES])[a]
    growth = rng.normal(gr_mu, gr_sd)
    atr = arch.attribute("assets_to_revenue")[a] * np.exp(rng.normal(0, 0.2, n))
    ib_share = rng.uniform(0.35, 0.7, n)
    ib_rate = rng.uniform(0.035, 0.065, n)
    ca_share = rng.uniform(0.3, 0.75, n)
    cl_share = rng.uniform(0.45, 0.9, n)

    fin = _financials(
        ctx,
        rng,
        founded_s,
        revenue_ref,
        leverage,
        margin,
        growth,
        atr,
        ib_share,
        ib_rate,
        ca_share,
        cl_share,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        fy_leverage = fin["total_liabilities"] / fin["total_assets"]
    fy_icov = interest_cover_log(fin["net_profit"], fin["interest_expense"])
    fy_icov = np.where(np.isnan(fin["interest_expense"]), np.nan, fy_icov)

    credit_noise = rng.normal(0.0, 0.6, n)
    prior_loans = rng.poisson(np.where(age_years > 3, 2.0, 0.3))
    prior_default = rng.random(n) < 0.01 * np.exp(credit_noise)
    rm_staff = branch * 1000 + 1000 + rng.integers(1, 40, size=n)
    return Clients(
        number=np.arange(first_number, first_number + n, dtype=np.int64),
        archetype=a,
        city=city,
        province=province,
        branch=branch,
        industry=industry,
        founded_s=founded_s,
        employees=employees,
        rm_staff=rm_staff,
        credit_noise=credit_noise,
        prior_loans=prior_loans,
        prior_default=prior_default,
        revenue_ref=revenue_ref,
        fin=fin,
        fy_leverage=fy_leverage,
        fy_icov_log=fy_icov,
    )


def _financials(
    ctx: Context,
    rng: np.random.Generator,
    founded_s: np.ndarray,
    revenue_ref: np.ndarray,
    leverage: np.ndarray,
    margin: np.ndarray,
    growth: np.ndarray,
    atr: np.ndarray,
    ib_share: np.ndarray,
    ib_rate: np.ndarray,
    ca_share: np.ndarray,
    cl_share: np.ndarray,
) -> dict[str, np.ndarray]:
    n, ny = len(founded_s), ctx.n_years
    years = np.arange(ctx.first_fy, ctx.last_fy + 1)
    founded_year = founded_s.astype("datetime64[s]").astype("datetime64[Y]").astype(int) + 1970
    exists = years[None, :] >= founded_year[:, None]
    shape = (n, ny)
    rev = revenue_ref[:, None] * np.exp(
        growth[:, None] * (years[None, :] - ctx.last_fy) + rng.normal(0, 0.04, shape)
    )
    lev = np.clip(leverage[:, None] + rng.normal(0, 0.03, shape), 0.03, 0.97)
    assets = rev * atr[:, None]
    liab = lev * assets
    mar = margin[:, None] + rng.normal(0, 0.015, shape)
    profit = mar * rev
    interest = np.maximum(1000.0, liab * ib_share[:, None] * ib_rate[:, None])
    cur_assets = np.minimum(assets, assets * ca_share[:, None] * np.exp(rng.normal(0, 0.03, shape)))
    cur_liab = np.minimum(liab, liab * cl_share[:, None] * np.exp(rng.normal(0, 0.03, shape)))
    ocf = profit + 0.04 * assets + rng.normal(0, 1, shape) * 0.04 * rev
    out = {
        "revenue": rev,
        "net_profit": profit,
        "total_assets": assets,
        "total_liabilities": liab,
        "current_assets": cur_assets,
        "current_liabilities": cur_liab,
        "operating_cash_flow": ocf,
        "interest_expense": interest,
    }
    return {k: np.where(exists, np.round(v, 2), np.nan) for k, v in out.items()}


def risk_score(ctx: Context, c: Clients, client: np.ndarray, at_s: np.ndarray) -> np.ndarray:
    """Default-formula linear predictor (not personalised) from the statements of the fiscal
    year before `at_s` (or the nearest one the client has), used for credit decisions."""
    fy = np.clip(
        at_s.astype("datetime64[s]").astype("datetime64[Y]").astype(np.int64) + 1970 - 1,
        ctx.first_fy,
        ctx.last_fy,
    )
    col = fy - ctx.first_fy
    lev = c.fy_leverage[client, col]
    icov = c.fy_icov_log[client, col]
    # A firm younger than the fiscal year: fall back to its first statement.
    missing = np.isnan(lev)
    if missing.any():
        first = np.argmax(~np.isnan(c.fy_leverage[client[missing]]), axis=1)
        lev[missing] = c.fy_leverage[client[missing], first]
        icov[missing] = c.fy_icov_log[client[missing], first]
    # No statement at all yet (founded in the current year): a typical young firm.
    lev = np.where(np.isnan(lev), 0.5, lev)
    icov = np.where(np.isnan(icov), np.log(2.0), icov)
    age = (at_s - c.founded_s[client]) / DAY / 365.25
    return default_logit(lev, icov, age, c.industry[client], np.zeros(len(client)))


def clients_table(ctx: Context, rng: np.random.Generator, c: Clients) -> Table:
    """Rows of the clients source, in catalog column order."""
    n = c.n
    a = c.archetype
    ownership = arch.sample_rows(rng, arch.OWNERSHIP_P, a)
    listed = rng.random(n) < arch.attribute("listed")[a]
    group = (rng.random(n) < arch.attribute("group")[a]) & ~listed
    tech_ok = np.isin(c.industry, [INDUSTRIES.index(i) for i in TECH_CAPABLE_INDUSTRIES])
    high_tech = (rng.random(n) < arch.attribute("high_tech")[a]) & tech_ok
    coop = (np.asarray(arch.ARCHETYPE_NAMES)[a] == "agri_cooperative") & (
        np.asarray(OWNERSHIP_TYPES)[ownership] == "collective"
    )
    uscc = make_uscc(
        geo.CITY_ADMIN[c.city],
        rng,
        registration=np.where(coop, "93", "91"),
        new_style_share=0.0,
    )
    # Firms registered after the 2015 reform got new-style (MA...) organisation codes.
    young = c.founded_s >= np.datetime64("2015-10-01", "s").astype(np.int64)
    if young.any():
        uscc[young] = make_uscc(
            geo.CITY_ADMIN[c.city[young]],
            rng,
            registration=np.where(coop[young], "93", "91"),
            new_style_share=1.0,
        )
    industry = np.asarray(INDUSTRIES, dtype=object)[c.industry]
    name = names.company_names(
        rng, geo.CITY_NAME[c.city], industry, cooperative=coop, group=group, listed=listed
    )
    return {
        "client_id": c.client_id,
        "uscc": uscc.astype(object),
        "name": name,
        "contact_name": names.person_names(rng, n),
        "contact_phone": names.mobile_numbers(rng, n),
        "industry": industry,
        "high_tech": high_tech,
        "province": np.asarray(PROVINCES, dtype=object)[c.province],
        "region": np.asarray(REGIONS, dtype=object)[geo.CITY_REGION[c.city]],
        "founded_on": c.founded_s.astype("datetime64[s]").astype("datetime64[D]"),
        "employees": c.employees,
        "ownership": np.asarray(OWNERSHIP_TYPES, dtype=object)[ownership],
        "listed": listed,
        "home_branch_id": np.asarray(ctx.branches.branch_id, dtype=object)[c.branch],
    }


def financials_table(ctx: Context, c: Clients) -> Table:
    """Rows of the financials source: one per client and fiscal year the firm existed."""
    exists = ~np.isnan(c.fin["revenue"])
    ci, yi = np.nonzero(exists)
    out: Table = {
        "client_id": c.client_id[ci],
        "fiscal_year": (ctx.first_fy + yi).astype(np.int64),
    }
    for k in SOURCES["financials"].columns[2:]:  # the amounts, after the key columns
        out[k] = c.fin[k][ci, yi]
    return out
