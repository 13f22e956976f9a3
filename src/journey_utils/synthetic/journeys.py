"""Cases (applications) of each client: timeline, outcome, censoring at as_of, and stage events."""

from __future__ import annotations

import numpy as np

from journey_utils.catalog import APPLICATION_CHANNELS, FORM_VERSIONS, PRODUCTS, STAGES
from journey_utils.synthetic import archetypes as arch
from journey_utils.synthetic import effects as fx
from journey_utils.synthetic.clients import Clients, Table, risk_score
from journey_utils.synthetic.context import (
    DAY,
    Context,
    month_end_seconds,
    month_index,
    year_of,
)

Arrays = dict[str, np.ndarray]

MAX_CASES = 9
"""Cap on cases per client (application ids carry a 2-digit case number)."""
REWORK_SHARE = 0.05

# Product terms (months) and their probabilities; pricing premium in basis points.
TERMS: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {
    "working_capital": ((12, 24, 36), (0.6, 0.3, 0.1)),
    "fixed_asset": ((36, 60, 84, 120), (0.3, 0.35, 0.2, 0.15)),
    "project_finance": ((60, 96, 120, 180), (0.2, 0.3, 0.3, 0.2)),
    "trade_finance": ((12,), (1.0,)),
    "sci_tech_loan": ((12, 24, 36), (0.4, 0.4, 0.2)),
    "inclusive_micro": ((12, 24, 36), (0.5, 0.3, 0.2)),
}
PRICE_PREMIUM_BP: dict[str, float] = {
    "working_capital": 0.0,
    "fixed_asset": 10.0,
    "project_finance": 20.0,
    "trade_finance": -15.0,
    "sci_tech_loan": -10.0,
    "inclusive_micro": 40.0,
}
BULLET_PRODUCTS = ("working_capital", "trade_finance")

# The bank's credit view: decline and pricing depend on the default formula's risk plus the
# client's persistent credit noise (bureau, rating), never on the default draw itself.
RISK_CENTER = -3.1
DECLINE_CONST = -1.6
DECLINE_SLOPE = 1.3
SPREAD_BASE_BP = 70.0
SPREAD_SLOPE_BP = 40.0


def _s(days: np.ndarray) -> np.ndarray:
    """Days to int64 seconds."""
    return np.round(np.asarray(days) * DAY).astype(np.int64)


def _choice_by_product(rng: np.random.Generator, product: np.ndarray) -> np.ndarray:
    term = np.zeros(len(product), dtype=np.int64)
    for i, p in enumerate(PRODUCTS):
        m = product == i
        if m.any():
            values, probs = TERMS[p]
            term[m] = rng.choice(values, size=int(m.sum()), p=probs)
    return term


def _draws(ctx: Context, rng: np.random.Generator, c: Clients) -> tuple[Arrays, np.ndarray]:
    """Per-case random draws that do not depend on when the case happens."""
    a = c.archetype
    lam = arch.attribute("cases_per_year")[a] * ctx.window_years
    n_cases = np.minimum(rng.poisson(lam), MAX_CASES)
    founded_year = year_of(c.founded_s)
    # The bank needs a full fiscal year of statements: cases start from 1 January after founding.
    first_ok = (
        (founded_year + 1 - 1970).astype("datetime64[Y]").astype("datetime64[s]").astype(np.int64)
    )
    earliest = np.maximum(ctx.start_s + 3600, first_ok)
    n_cases[earliest >= ctx.horizon_s] = 0
    client = np.repeat(np.arange(c.n), n_cases)
    n = len(client)
    starts = np.cumsum(n_cases) - n_cases
    k = np.arange(n) - np.repeat(starts, n_cases)
    u = rng.random(n)
    u = u[np.lexsort((u, client))]
    span = (ctx.horizon_s - earliest[client]).astype(float)
    cap = ctx.gap_cap_days
    ca = a[client]

    product = arch.sample_rows(rng, arch.PRODUCT_P, ca)
    own_branch = c.branch[client]
    other = rng.integers(0, len(ctx.branches.branch_id), size=n)
    same_prov = ctx.branches.province[other] == c.province[client]
    branch = np.where((rng.random(n) < 0.1) & same_prov, other, own_branch)
    req = (
        c.revenue_ref[client]
        * arch.attribute("loan_to_revenue")[ca]
        * np.exp(rng.normal(0, 0.5, n))
    )
    micro = product == PRODUCTS.index("inclusive_micro")
    req = np.clip(req, 5e4, np.where(micro, 1e7, 3e9))
    req = np.maximum(1e4, np.round(req / 1e4) * 1e4)
    rework_u = rng.random(n)
    d: Arrays = {
        "client": client,
        "k": k,
        "cand_t0": earliest[client] + (u * span).astype(np.int64),
        "gap_days": 7.0 + rng.exponential(30.0, n),
        "lead": rng.random(n) < arch.attribute("lead_share")[ca],
        "product": product,
        "term_months": _choice_by_product(rng, product),
        "channel": arch.sample_rows(rng, arch.APP_CHANNEL_P, ca),
        "branch": branch,
        "requested_amount": req,
        "used_calc": rng.random(n) < arch.attribute("calculator_use")[ca],
        "fields_v1": np.clip(np.round(rng.normal(*fx.FORM_FIELDS["v1_standard"], n)), 30, 95),
        "fields_v2": np.clip(np.round(rng.normal(*fx.FORM_FIELDS["v2_simplified"], n)), 8, 45),
        "docs_v1": 5 + rng.poisson(2.0, n),
        "docs_v2": 3 + rng.poisson(1.5, n),
        "first_response_hours": np.round(
            np.clip(
                30.0 * ctx.branch_response_factor[branch] * np.exp(rng.normal(0, 0.6, n)),
                0.5,
                120.0,
            ),
            1,
        ),
        "pers_cf": rng.random(n) < fx.PERSONALISED_BASE_SHARE,
        "pers_boost": rng.random(n)
        < (fx.PERSONALISED_TREATED_SHARE - fx.PERSONALISED_BASE_SHARE)
        / (1 - fx.PERSONALISED_BASE_SHARE),
        "u_drop": rng.random(n),
        "u_before": rng.random(n),
        "u_withdraw": rng.random(n),
        "u_droppos": rng.uniform(0.1, 0.9, n),
        "info_days": np.minimum(0.5 + rng.gamma(2.0, 4.0, n), cap),
        "fill_v1_days": np.minimum(
            fx.FORM_TIME_SAVED_DAYS + 0.5 + rng.gamma(2.0, 2.5, n), 0.6 * cap
        ),
        "prelim_days": np.minimum(0.5 + rng.gamma(2.0, 1.0, n), 0.35 * cap),
        "dd_base_days": np.minimum(14.0 + rng.gamma(2.0, 5.0, n), cap),
        "approval_days": np.minimum(2.0 + rng.gamma(2.0, 2.5, n), cap),
        "accept_days": np.minimum(1.0 + rng.gamma(2.0, 1.5, n), cap),
        "contract_days": np.minimum(3.0 + rng.gamma(2.0, 4.0, n), cap),
        "rework": np.where(rework_u < REWORK_SHARE / 2, 1, np.where(rework_u < REWORK_SHARE, 2, 0)),
        "rework_gap_days": np.minimum(rng.uniform(1.0, 5.0, n), cap),
        "rework_days": np.minimum(rng.uniform(3.0, 10.0, n), cap),
        "u_decline": rng.random(n),
        "approve_frac": rng.uniform(0.6, 1.0, n),
        "price_noise_bp": rng.normal(0.0, fx.PRICING_NOISE_BP, n),
        "u_accept": rng.random(n),
        "u_default": rng.random(n),
        "u_late": rng.random(n),
        "npl_month": rng.integers(fx.NPL_MONTHS_ON_BOOK[0], fx.NPL_MONTHS_ON_BOOK[1] + 1, size=n),
        "late_frac": rng.random(n),
        "npl_dpd": rng.integers(91, 117, size=n),
    }
    return d, n_cases


def _timeline(ctx: Context, c: Clients, d: Arrays, t0: np.ndarray) -> Arrays:
    """All times and outcomes of the cases in `d` (a subset) starting at `t0`, uncensored."""
    p = ctx.params
    iv = ctx.interventions
    client = d["client"]
    started = ~d["lead"]
    t_app = t0 + _s(d["info_days"])
    v2 = started & (t_app >= ctx.form_start_s[d["branch"]])
    fields = np.where(v2, d["fields_v2"], d["fields_v1"])
    treated_group = np.isin(c.industry[client], iv.personalisation_industries)
    pers_treated = started & treated_group & (t_app >= ctx.personalisation_s)
    pers = d["pers_cf"] | (pers_treated & d["pers_boost"])
    frh = d["first_response_hours"]
    calc = d["used_calc"]
    p_drop = fx.logistic(fx.dropout_logit(fields, frh, pers, calc))
    p_drop_v1 = fx.logistic(fx.dropout_logit(d["fields_v1"], frh, pers, calc))
    p_drop_pers_cf = fx.logistic(fx.dropout_logit(fields, frh, d["pers_cf"], calc))
    drop = started & (d["u_drop"] < p_drop)

    # Durations never go below a few hours; the planted shifts are exact while the caps leave
    # room for them (abandon_after_days >= 16, see truth.json journey.exact_shifts).
    fill = np.maximum(d["fill_v1_days"] - fx.FORM_TIME_SAVED_DAYS * v2, 0.1)
    t_sub = t_app + _s(fill)
    t_app_done = t_sub + _s(d["prelim_days"])
    rw_app = d["rework"] == 1
    t_rwa_in = t_app_done + _s(d["rework_gap_days"])
    t_rwa_out = t_rwa_in + _s(d["rework_days"])
    t_dd_in = np.where(rw_app, t_rwa_out, t_app_done)
    years = np.clip((t_sub - ctx.start_s) / DAY / 365.25, 0.0, fx.TREND_MAX_YEARS)
    dd = d["dd_base_days"] + fx.DECISION_TREND_DAYS_PER_YEAR * years
    dd = np.maximum(dd + fx.PROGRAMME_APPROVAL_DAYS * pers_treated, 0.25)
    t_dd_out = t_dd_in + _s(dd)
    rw_dd = d["rework"] == 2
    t_rwd_in = t_dd_out + _s(d["rework_gap_days"])
    t_rwd_out = t_rwd_in + _s(d["rework_days"])
    t_ap_in = np.where(rw_dd, t_rwd_out, t_dd_out)
    t_dec = t_ap_in + _s(d["approval_days"])

    risk = risk_score(ctx, c, client, t_sub)
    credit = risk - RISK_CENTER + c.credit_noise[client]
    p_decline = fx.logistic(DECLINE_CONST + DECLINE_SLOPE * credit)
    declined = started & ~drop & (d["u_decline"] < p_decline)
    approved = started & ~drop & ~declined
    lpr = np.where(d["term_months"] > fx.LONG_TERM_MONTHS, p.lpr_5y, p.lpr_1y)
    premium = np.array([PRICE_PREMIUM_BP[x] for x in PRODUCTS])[d["product"]]
    spread = SPREAD_BASE_BP + SPREAD_SLOPE_BP * credit + premium + d["price_noise_bp"]
    rate = np.round(lpr + np.maximum(spread, -30.0) / 100.0, 2)
    spread_bp = (rate - lpr) * 100.0
    ca = c.archetype[client]
    acc_lin = arch.attribute("accept_intercept")[ca] + arch.attribute("accept_slope_per_10bp")[
        ca
    ] * (spread_bp / 10.0)
    p_acc = fx.logistic(acc_lin + fx.ACCEPT_PERSONALISED * pers)
    p_acc_cf = fx.logistic(acc_lin + fx.ACCEPT_PERSONALISED * d["pers_cf"])
    accepted = approved & (d["u_accept"] < p_acc)
    t_acc = t_dec + _s(d["accept_days"])
    t_disb = t_acc + _s(d["contract_days"])

    # Default: statements of the fiscal year before submission, age at submission.
    fy_col = np.clip(year_of(t_sub) - 1, ctx.first_fy, ctx.last_fy) - ctx.first_fy
    lev = c.fy_leverage[client, fy_col]
    icov = c.fy_icov_log[client, fy_col]
    age = (t_sub - c.founded_s[client]) / DAY / 365.25
    ind = c.industry[client]
    lin = fx.default_logit(lev, icov, age, ind, np.zeros(len(client)))
    p_npl = fx.logistic(lin + fx.DEFAULT_COEF["personalised"] * pers)
    p_npl_cf = fx.logistic(lin + fx.DEFAULT_COEF["personalised"] * d["pers_cf"])
    npl12 = accepted & (d["u_default"] < p_npl)
    term = d["term_months"]
    late = accepted & ~npl12 & (term >= 15) & (d["u_late"] < fx.LATE_DEFAULT_RATIO * p_npl)
    npl_month = np.where(
        npl12,
        d["npl_month"],
        np.where(late, 14 + (d["late_frac"] * np.maximum(term - 14, 1)).astype(np.int64), -1),
    )

    before = d["u_before"] < fx.DROPOUT_BEFORE_SUBMISSION
    t_drop = np.where(
        before,
        t_app + _s(d["u_droppos"] * fill),
        t_sub + ((t_dec - t_sub) * d["u_droppos"]).astype(np.int64),
    )
    end = np.select(
        [~started, drop, declined, approved & ~accepted],
        [t_app, t_drop, t_dec, t_acc],
        default=t_disb,
    )
    return {
        "t0": t0,
        "t_app": t_app,
        "t_sub": t_sub,
        "t_app_done": t_app_done,
        "t_rwa_in": t_rwa_in,
        "t_rwa_out": t_rwa_out,
        "t_dd_in": t_dd_in,
        "t_dd_out": t_dd_out,
        "t_rwd_in": t_rwd_in,
        "t_rwd_out": t_rwd_out,
        "t_ap_in": t_ap_in,
        "t_dec": t_dec,
        "t_acc": t_acc,
        "t_disb": t_disb,
        "t_drop": t_drop,
        "end": end,
        "v2": v2,
        "n_form_fields": fields,
        "personalised": pers,
        "pers_treated": pers_treated,
        "p_drop": p_drop,
        "p_drop_v1": p_drop_v1,
        "p_drop_pers_cf": p_drop_pers_cf,
        "drop": drop,
        "drop_before": before,
        "declined": declined,
        "approved": approved,
        "accepted": accepted,
        "offered_rate": rate,
        "spread_bp": spread_bp,
        "p_accept": p_acc,
        "p_accept_cf": p_acc_cf,
        "p_npl": p_npl,
        "p_npl_cf": p_npl_cf,
        "npl12": npl12,
        "npl_month": npl_month,
        "leverage": lev,
        "interest_cover_log": icov,
        "firm_age_years": age,
        "risk": risk,
        "fill_days": fill,
        "dd_days": dd,
    }


def simulate_cases(ctx: Context, rng: np.random.Generator, c: Clients) -> Arrays:
    """Every case of the chunk's clients, scheduled one after another per client and simulated
    to the end; cases that would start after as_of are dropped."""
    d, _ = _draws(ctx, rng, c)
    n = len(d["client"])
    out: Arrays = {}
    prev_end = np.full(c.n, np.iinfo(np.int64).min // 2, dtype=np.int64)
    for kk in range(int(d["k"].max(initial=-1)) + 1):
        idx = np.flatnonzero(d["k"] == kk)
        sub = {key: v[idx] for key, v in d.items()}
        t0 = np.maximum(sub["cand_t0"], prev_end[sub["client"]] + _s(sub["gap_days"]))
        res = _timeline(ctx, c, sub, t0)
        prev_end[sub["client"]] = res["end"]
        for key, v in res.items():
            if key not in out:
                out[key] = np.empty(n, dtype=v.dtype)
            out[key][idx] = v
    cases = {**d, **out}
    keep = cases["t0"] <= ctx.horizon_s if n else np.zeros(0, dtype=bool)
    return {key: v[keep] for key, v in cases.items()}


def application_ids(number: np.ndarray, k: np.ndarray) -> np.ndarray:
    """'A' + 7-digit client number + 2-digit case number."""
    num = np.asarray(number, dtype=np.int64) * 100 + np.asarray(k, dtype=np.int64)
    return np.char.add("A", np.char.zfill(num.astype("U9"), 9)).astype(object)


def visibility(ctx: Context, cs: Arrays) -> Arrays:
    """What is observable at as_of: censored outcome and which milestones happened by then."""
    h = ctx.horizon_s
    started = ~cs["lead"] & (cs["t_app"] <= h)
    drop = cs["drop"]
    cut = np.where(drop, np.minimum(cs["t_drop"], h), h)
    submitted = started & (~drop | ~cs["drop_before"]) & (cs["t_sub"] <= h)
    decided = started & ~drop & (cs["t_dec"] <= h)
    approved = decided & cs["approved"]
    answered = approved & (cs["t_acc"] <= h)
    disbursed = answered & cs["accepted"] & (cs["t_disb"] <= h)
    withdrawn = (
        drop & (cs["u_withdraw"] < fx.DROPOUT_EXPLICIT_WITHDRAWAL) & (cs["t_drop"] <= h)
    ) | (answered & ~cs["accepted"])
    outcome = np.select(
        [disbursed, decided & cs["declined"], withdrawn],
        ["disbursed", "declined", "withdrawn"],
        default="in_progress",
    ).astype(object)
    return {
        "started": started,
        "submitted": submitted,
        "decided": decided,
        "approved": approved,
        "answered": answered,
        "disbursed": disbursed,
        "outcome": outcome,
        "cut": cut,
    }


def _ts(seconds: np.ndarray, mask: np.ndarray) -> np.ndarray:
    out = seconds.astype("datetime64[s]")
    out[~mask] = np.datetime64("NaT")
    return out


def applications_table(ctx: Context, c: Clients, cs: Arrays, vis: Arrays) -> Table:
    """Rows of the applications source (one per case), censored at as_of."""
    st = vis["started"]
    responded = st & (cs["t_app"] + _s(cs["first_response_hours"] / 24.0) <= ctx.horizon_s)
    n = len(st)
    nan = np.full(n, np.nan)
    approved_amount = np.maximum(
        1e4, np.round(cs["requested_amount"] * cs["approve_frac"] / 1e4) * 1e4
    )
    offer_accepted = np.where(vis["answered"], cs["accepted"].astype(np.int8), -1).astype(np.int8)
    return {
        "application_id": application_ids(c.number[cs["client"]], cs["k"]),
        "client_id": c.client_id[cs["client"]],
        "product": np.asarray(PRODUCTS, dtype=object)[cs["product"]],
        "requested_amount": np.where(st, cs["requested_amount"], nan),
        "term_months": np.where(st, cs["term_months"], nan),
        "channel": np.asarray(APPLICATION_CHANNELS, dtype=object)[cs["channel"]],
        "branch_id": np.asarray(ctx.branches.branch_id, dtype=object)[cs["branch"]],
        "form_version": np.where(
            st, np.asarray(FORM_VERSIONS, dtype=object)[cs["v2"].astype(int)], None
        ),
        "n_form_fields": np.where(st, cs["n_form_fields"], nan),
        "documents_requested": np.where(st, np.where(cs["v2"], cs["docs_v2"], cs["docs_v1"]), nan),
        "personalised": np.where(st, cs["personalised"].astype(np.int8), -1).astype(np.int8),
        "started_at": _ts(cs["t_app"], st),
        "submitted_at": _ts(cs["t_sub"], vis["submitted"]),
        "first_response_hours": np.where(responded, cs["first_response_hours"], nan),
        "outcome": vis["outcome"],
        "decided_at": _ts(cs["t_dec"], vis["decided"]),
        "approved_amount": np.where(vis["approved"], approved_amount, nan),
        "offered_rate": np.where(vis["approved"], cs["offered_rate"], nan),
        "offer_accepted": offer_accepted,
        "disbursed_at": _ts(cs["t_disb"], vis["disbursed"]),
    }


def maturity_seconds(cs: Arrays) -> np.ndarray:
    """Month-end of the maturity month (disbursement month + term), midnight, in seconds."""
    return month_end_seconds(month_index(cs["t_disb"]) + cs["term_months"])


def stage_events_table(ctx: Context, c: Clients, cs: Arrays, vis: Arrays) -> Table:
    """Rows of the stage_events source: entered/completed per stage, up to as_of or drop-out."""
    started = ~cs["lead"]
    acc = cs["accepted"]
    rw_app = started & (cs["rework"] == 1)
    rw_dd = started & (cs["rework"] == 2)
    ever_npl = cs["npl_month"] >= 0
    mat = maturity_seconds(cs)
    spec = [
        ("information", "entered", "t0", np.ones_like(started)),
        ("information", "completed", "t_app", started),
        ("application", "entered", "t_app", started),
        ("application", "completed", "t_app_done", started),
        ("application", "entered", "t_rwa_in", rw_app),
        ("application", "completed", "t_rwa_out", rw_app),
        ("due_diligence", "entered", "t_dd_in", started),
        ("due_diligence", "completed", "t_dd_out", started),
        ("due_diligence", "entered", "t_rwd_in", rw_dd),
        ("due_diligence", "completed", "t_rwd_out", rw_dd),
        ("approval", "entered", "t_ap_in", started),
        ("approval", "completed", "t_dec", started),
        ("contract_disbursement", "entered", "t_acc", acc),
        ("contract_disbursement", "completed", "t_disb", acc),
        ("post_loan", "entered", "t_disb", acc),
        ("post_loan", "completed", mat, acc & ~ever_npl),
    ]
    cut = vis["cut"]
    case_parts, seq_parts, ts_parts, stage_parts, status_parts = [], [], [], [], []
    for seq, (stage, status, when, mask) in enumerate(spec):
        t = cs[when] if isinstance(when, str) else when
        keep = np.flatnonzero(mask & (t <= cut))
        case_parts.append(keep)
        seq_parts.append(np.full(len(keep), seq))
        ts_parts.append(t[keep])
        stage_parts.append(np.full(len(keep), STAGES.index(stage)))
        status_parts.append(np.full(len(keep), status == "completed"))
    case = np.concatenate(case_parts)
    seq = np.concatenate(seq_parts)
    order = np.lexsort((seq, case))
    case = case[order]
    app_id = application_ids(c.number[cs["client"]], cs["k"])
    return {
        "application_id": app_id[case],
        "stage": np.asarray(STAGES, dtype=object)[np.concatenate(stage_parts)[order]],
        "status": np.where(np.concatenate(status_parts)[order], "completed", "entered").astype(
            object
        ),
        "ts": np.concatenate(ts_parts)[order].astype("datetime64[s]"),
    }
