"""The known truth of a generation: planted effects, their populations and realised sizes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from journey_utils.catalog import INDUSTRIES
from journey_utils.synthetic import archetypes as arch
from journey_utils.synthetic import effects as fx
from journey_utils.synthetic import journeys
from journey_utils.synthetic.clients import Clients
from journey_utils.synthetic.context import (
    DAY,
    Context,
    month_end_seconds,
    month_index,
    to_seconds,
)


def years_before(d: date, years: int) -> date:
    """Same day `years` earlier (28 Feb for 29 Feb)."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


@dataclass
class TruthAccumulator:
    """Sums and counts gathered chunk by chunk, turned into means at the end."""

    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    archetype_counts: np.ndarray = field(
        default_factory=lambda: np.zeros(len(arch.ARCHETYPES), int)
    )

    def add(self, name: str, values: np.ndarray) -> None:
        self.sums[name] += float(np.sum(values))
        self.counts[name] += int(np.size(values))

    def mean(self, name: str) -> float | None:
        n = self.counts.get(name, 0)
        return self.sums[name] / n if n else None

    def n(self, name: str) -> int:
        return int(self.counts.get(name, 0))

    def collect(self, ctx: Context, c: Clients, cs: journeys.Arrays, vis: journeys.Arrays) -> None:
        """Add one chunk's populations and model probabilities."""
        iv = ctx.interventions
        h = ctx.horizon_s
        self.archetype_counts += np.bincount(c.archetype, minlength=len(arch.ARCHETYPES))
        st = vis["started"]
        pop = st & (cs["t_app"] <= h - 365 * DAY)
        self.add("dropout.y", cs["drop"][pop])
        self.add("dropout.p", cs["p_drop"][pop])
        cutoff = to_seconds(years_before(ctx.params.as_of, 1))
        pop = vis["disbursed"] & (cs["t_disb"] <= cutoff)
        self.add("default.y", cs["npl12"][pop])
        self.add("default.p", cs["p_npl"][pop])
        ans = vis["answered"]
        ca = c.archetype[cs["client"]]
        for i, name in enumerate(arch.ARCHETYPE_NAMES):
            m = ans & (ca == i)
            self.add(f"accept.y.{name}", cs["accepted"][m])
            self.add(f"accept.p.{name}", cs["p_accept"][m])
            self.add(f"accept.spread.{name}", cs["spread_bp"][m])
        # Form simplification: started at a treated branch on or after the date.
        tp = st & (cs["t_app"] >= ctx.form_start_s[cs["branch"]])
        completion = fx.DROPOUT_BEFORE_SUBMISSION * (cs["p_drop_v1"] - cs["p_drop"])
        self.add("form.completion_att", completion[tp])
        self.add("form.v2_share", cs["v2"][tp])
        self.add("form.decided", vis["decided"][tp])
        # Segment programme: clients of the treated industries, started on or after the date.
        treated_group = np.isin(c.industry[cs["client"]], iv.personalisation_industries)
        post = st & (cs["t_app"] >= ctx.personalisation_s)
        tp = post & treated_group
        self.add("pers.decided", vis["decided"][tp])
        self.add("pers.share_treated_post", cs["personalised"][tp])
        self.add("pers.share_control_post", cs["personalised"][post & ~treated_group])
        self.add("pers.share_treated_pre", cs["personalised"][st & ~post & treated_group])
        loans = tp & vis["disbursed"]
        self.add("pers.npl_att", (cs["p_npl"] - cs["p_npl_cf"])[loans])
        self.add("pers.npl_expected", cs["p_npl"][loans])
        self.add("pers.npl_expected_cf", cs["p_npl_cf"][loans])
        # Early credit outcome: NPL by EARLY_NPL_MONTHS on book, loans observed that long.
        k = fx.EARLY_NPL_MONTHS
        seen = month_end_seconds(month_index(cs["t_disb"]) + k) <= h
        share = fx.npl_by_month_share(k, cs["term_months"])
        self.add("pers.npl_early_att", ((cs["p_npl"] - cs["p_npl_cf"]) * share)[loans & seen])
        self.add("pers.accept_att", (cs["p_accept"] - cs["p_accept_cf"])[tp & ans])
        self.add(
            "pers.completion_att",
            (fx.DROPOUT_BEFORE_SUBMISSION * (cs["p_drop_pers_cf"] - cs["p_drop"]))[tp],
        )
        self.add("pers.dropout_att", (cs["p_drop"] - cs["p_drop_pers_cf"])[tp])


def ratio(acc: TruthAccumulator, num: str, den: str) -> float | None:
    """Sum of `num` over sum of `den` (None without cases)."""
    return acc.sums[num] / acc.sums[den] if acc.sums.get(den) else None


def _iso(d: date) -> str:
    return d.isoformat()


def build_truth(
    ctx: Context,
    acc: TruthAccumulator,
    *,
    version: str,
    fingerprint: dict[str, object],
    rows_clean: dict[str, int],
    rows_written: dict[str, int],
    dirty: dict[str, object],
) -> dict[str, object]:
    """The content of truth.json."""
    p = ctx.params
    iv = ctx.interventions
    branch_ids = ctx.branches.branch_id
    h_minus_365 = date.fromordinal(p.as_of.toordinal() - 365)
    disb_cutoff = years_before(p.as_of, 1)
    pct = 100.0

    def pp(name: str) -> float | None:
        m = acc.mean(name)
        return None if m is None else round(m * pct, 4)

    total_clients = int(acc.archetype_counts.sum())
    archetypes = {
        "file": "truth/archetypes.parquet (client_id, archetype)",
        "names": list(arch.ARCHETYPE_NAMES),
        "shares": {a.name: a.share for a in arch.ARCHETYPES},
        "realised_counts": {
            a.name: int(n) for a, n in zip(arch.ARCHETYPES, acc.archetype_counts, strict=True)
        },
        "n_clients": total_clients,
        "profiles": {a.name: a.profile() for a in arch.ARCHETYPES},
        "separability_features": (
            "per client: log latest revenue, log employees, firm age at as_of, leverage, net "
            "margin and revenue growth of the latest fiscal year, digital events per client, "
            "applications per client, plus one-hot industry / ownership / high_tech"
        ),
    }
    dropout = {
        "population": (
            "applications with started_at (application stage entered) not null and "
            f"started_at <= as_of - 365 days ({_iso(h_minus_365)} 00:00:00); all are resolved"
        ),
        "outcome": (
            "client drop-out before a decision: decided_at is null and outcome is withdrawn or "
            "in_progress (in_progress here = stopped, inferred abandoned). Equivalently, in this "
            "population, decided_at is null"
        ),
        "features": {
            "n_form_fields_per_10": "applications.n_form_fields / 10",
            "first_response_days": "applications.first_response_hours / 24",
            "personalised": "applications.personalised (1/0)",
            "used_rate_calculator": (
                "1 if digital_events has a rate_calculator event of the client with ts between "
                "the case's information-stage 'entered' ts and its application-stage 'entered' "
                "ts (inclusive), else 0"
            ),
            "not_in_model": "documents_requested, form_version, channel, product, time: true 0",
        },
        "model": "logit(P(dropout)) = const + sum(coef x feature); no time trend",
        "coefficients": dict(fx.DROPOUT_COEF),
        "share_before_submission": fx.DROPOUT_BEFORE_SUBMISSION,
        "share_explicit_withdrawal": fx.DROPOUT_EXPLICIT_WITHDRAWAL,
        "realised": {
            "n": acc.n("dropout.y"),
            "dropout_rate": acc.mean("dropout.y"),
            "mean_model_probability": acc.mean("dropout.p"),
        },
    }
    default = {
        "population": (
            "applications with disbursed_at not null and disbursed_at <= as_of - 12 months "
            f"({_iso(disb_cutoff)} 00:00:00)"
        ),
        "outcome": (
            "npl_12m = 1 if loan_performance has a row of the loan with classification in "
            "(substandard, doubtful, loss) and month <= disbursed_at + 12 months; first NPL "
            "month-ends of these loans are 3-11 months after the disbursement month and later "
            "defaults start 14 or more months after it, so the boundary convention does not matter"
        ),
        "features": {
            "leverage": "total_liabilities / total_assets of financials with fiscal_year = "
            "year(submitted_at) - 1",
            "interest_cover_log": "ln(clip((net_profit + interest_expense) / interest_expense, "
            "0.1, 50)) of the same fiscal year",
            "firm_age_years": "(submitted_at - founded_on) in days (fractional) / 365.25",
            "industry": "dummies of clients.industry, reference manufacturing",
            "personalised": "applications.personalised (1/0)",
        },
        "model": "logit(P(npl_12m)) = const + sum(coef x feature) + industry[industry]",
        "coefficients": dict(fx.DEFAULT_COEF),
        "industry": dict(fx.DEFAULT_INDUSTRY),
        "late_default": (
            f"a loan sound at 12 months becomes NPL later with probability "
            f"{fx.LATE_DEFAULT_RATIO} x P(npl_12m), if its term is 15 months or more"
        ),
        "selection": "decline and pricing depend on the same features plus credit_history "
        "noise that is independent of the default draw",
        "realised": {
            "n": acc.n("default.y"),
            "npl_12m_rate": acc.mean("default.y"),
            "mean_model_probability": acc.mean("default.p"),
        },
    }
    rate = {
        "population": "applications with approved_amount not null and offer_accepted not null",
        "outcome": "offer_accepted",
        "spread_bp": (
            "(offered_rate - lpr) x 100 where lpr = lpr_1y if term_months <= "
            f"{fx.LONG_TERM_MONTHS}, else lpr_5y"
        ),
        "lpr_1y": p.lpr_1y,
        "lpr_5y": p.lpr_5y,
        "model": "logit(P(accept)) = intercept[archetype] + slope_per_10bp[archetype] x "
        "spread_bp / 10 + personalised x personalised",
        "personalised": fx.ACCEPT_PERSONALISED,
        "pricing_noise_bp_sd": fx.PRICING_NOISE_BP,
        "by_archetype": {
            a.name: {
                "intercept": a.accept_intercept,
                "slope_per_10bp": a.accept_slope_per_10bp,
                "n_offers": acc.n(f"accept.y.{a.name}"),
                "acceptance_rate": acc.mean(f"accept.y.{a.name}"),
                "mean_spread_bp": acc.mean(f"accept.spread.{a.name}"),
            }
            for a in arch.ARCHETYPES
        },
        "ranking_most_sensitive_first": [
            a.name for a in sorted(arch.ARCHETYPES, key=lambda x: x.accept_slope_per_10bp)
        ],
    }
    treated = [branch_ids[b] for b in iv.form_branches]
    placebo = [branch_ids[b] for b in iv.placebo_branches]
    untreated = [b for i, b in enumerate(branch_ids) if i not in iv.form_branches]
    interventions = {
        "form_simplification": {
            "date": _iso(iv.form_date),
            "treated_branches": treated,
            "waves": [
                {
                    "start": _iso(day),
                    "branches": sorted(
                        b for b, d in zip(treated, iv.form_starts, strict=True) if d == day
                    ),
                }
                for day in sorted(set(iv.form_starts))
            ],
            "control_branches": untreated,
            "assignment": "applications.branch_id in treated_branches and started_at >= the "
            "branch's wave start use form_version v2_simplified, every other started "
            "application v1_standard",
            "treated_post_population": "started applications at treated branches with "
            "started_at >= the branch's wave start",
            "effects_on_treated_post": {
                "completion_rate_pp": pp("form.completion_att"),
                "completion_definition": "submitted_at not null / started_at not null; the "
                "truth is the mean over the population of P(submit | v2 fields) - "
                "P(submit | own v1 field count), P(submit) = 1 - "
                f"{fx.DROPOUT_BEFORE_SUBMISSION} x P(dropout); estimate on cases old enough "
                "to be resolved",
                "time_to_decision_days": -fx.FORM_TIME_SAVED_DAYS,
                "time_to_decision_definition": "decided_at - started_at in days, decided "
                "applications; every treated case fills the form exactly 3.0 days faster",
                "csat_application": fx.FORM_CSAT_EFFECT,
                "csat_definition": "surveys.csat with stage = application of the treated "
                "applications (E[csat] shifts by exactly +0.4)",
            },
            "n_treated_post": acc.n("form.completion_att"),
        },
        "segment_personalisation": {
            "date": _iso(iv.personalisation_date),
            "treated_industries": sorted(INDUSTRIES[i] for i in iv.personalisation_industries),
            "assignment": (
                f"every started application is personalised with probability "
                f"{fx.PERSONALISED_BASE_SHARE} (RM discretion); applications of the treated "
                f"industries with started_at >= date are personalised with probability "
                f"{fx.PERSONALISED_TREATED_SHARE}"
            ),
            "effect_per_personalised_case": {
                "npl_12m_logit": fx.DEFAULT_COEF["personalised"],
                "acceptance_logit": fx.ACCEPT_PERSONALISED,
                "dropout_logit": fx.DROPOUT_COEF["personalised"],
            },
            "effects_on_treated_post": {
                "approval_time_days": fx.PROGRAMME_APPROVAL_DAYS,
                "approval_time_definition": "decided_at - submitted_at in days, decided "
                "applications; every treated application (personalised or not) spends exactly "
                "5.0 days less in due diligence; RM-discretion personalisation has no effect on it",
                "npl_12m_pp": pp("pers.npl_att"),
                "npl_6m_pp": pp("pers.npl_early_att"),
                "npl_6m_definition": f"NPL (substandard or worse) by {fx.EARLY_NPL_MONTHS} months "
                "on book (months after the disbursement month), treated loans observed that "
                "long by as_of: the mean of (P(npl_12m | actual) - P(npl_12m | without the "
                "programme)) x P(first NPL month <= 6 | NPL within 12 months, term); the first "
                f"NPL month is uniform on {fx.NPL_MONTHS_ON_BOOK[0]}..{fx.NPL_MONTHS_ON_BOOK[1]}",
                "npl_hazard_ratio": ratio(acc, "pers.npl_expected", "pers.npl_expected_cf"),
                "npl_hazard_ratio_definition": "expected NPLs within 12 months of the treated "
                "loans with the programme over those without it; the NPL month does not depend "
                "on risk, so each loan's hazard is proportional to its 12-month probability and "
                "this ratio is the programme's hazard ratio (to within the rarity of NPL)",
                "acceptance_pp": pp("pers.accept_att"),
                "completion_rate_pp": pp("pers.completion_att"),
                "definition": "npl / acceptance / completion: means over started applications "
                "of the treated industries with started_at >= date (disbursed / answered offers "
                "/ all respectively) of P(outcome | actual personalisation) - P(outcome | "
                "personalisation without the intervention), from the model probabilities",
                "npl_observable": "no loan of this population is 12 months old by as_of; the "
                "NPL effect is a model quantity",
            },
            "n_treated_post": acc.n("pers.decided"),
            "n_treated_post_decided": round(acc.sums["pers.decided"]),
            "personalised_share": {
                "treated_post": acc.mean("pers.share_treated_post"),
                "treated_pre": acc.mean("pers.share_treated_pre"),
                "control_post": acc.mean("pers.share_control_post"),
            },
        },
        "placebo": {
            "date": _iso(iv.placebo_date),
            "branches": placebo,
            "control_branches": [b for b in untreated if b not in placebo],
            "effects": "none on anything; compare with control_branches (not form-treated) or "
            "with windows that end before form_simplification.date",
        },
        "time_trends": {
            "csat_per_year": fx.CSAT_TREND_PER_YEAR,
            "time_to_decision_days_per_year": fx.DECISION_TREND_DAYS_PER_YEAR,
            "definition": f"linear in years since start_date (at the survey ts / at "
            f"submitted_at), flat after {fx.TREND_MAX_YEARS} years; all branches and archetypes",
        },
    }
    journey = {
        "stage_durations_days": {
            "information": "0.5 + Gamma(2, 4), first product_page_view to form_started",
            "application_fill": "3.5 + Gamma(2, 2.5) (v1_standard); v2_simplified: 3.0 less",
            "preliminary_review": "0.5 + Gamma(2, 1), submission to application completed",
            "due_diligence": f"14 + Gamma(2, 5) + time trend + {fx.PROGRAMME_APPROVAL_DAYS} for "
            "the segment programme's treated applications",
            "approval": "2 + Gamma(2, 2.5), ends with the decision",
            "offer_answer": "1 + Gamma(2, 1.5), decision to contract start (or refusal)",
            "contract_disbursement": "3 + Gamma(2, 4)",
            "cap": f"every gap between consecutive stage events (post_loan aside) is at most "
            f"{round(ctx.gap_cap_days, 2)} days (0.97 x 0.75 x abandon_after_days)",
        },
        "exact_shifts": "the -3.0 (form) and -5.0 (segment programme) day shifts are exact when "
        "abandon_after_days >= 16; with shorter caps durations are floored at a few hours",
        "rework_share": journeys.REWORK_SHARE,
        "rework": "half re-enter application, half due_diligence: a second entered/completed pair",
        "lead_only": "per-archetype lead_share (see archetypes.profiles): only information events",
        "dropout_timing": "before submission: uniform within the form filling; after: uniform "
        "between submission and the would-be decision; later events are not written",
        "abandoned": "raw outcome in_progress with no activity after the drop-out; integration "
        "infers abandoned after abandon_after_days",
        "first_response_hours": "30 x branch factor x lognormal(0, 0.6), clipped 0.5..120; a "
        "phone_call interaction is written at started_at + first_response_hours",
        "cases_per_client": "Poisson(archetype cases_per_year x window years), max "
        f"{journeys.MAX_CASES}; cases of a client never overlap before their outcome",
    }
    return {
        "generator_version": version,
        "fingerprint": fingerprint,
        "rows": rows_clean,
        "rows_written": rows_written,
        "as_of_cutoff": f"{_iso(p.as_of)} 00:00:00 (no clean timestamp is later)",
        "branches": ctx.branches.records(),
        "archetypes": archetypes,
        "dropout": dropout,
        "default": default,
        "rate_elasticity": rate,
        "interventions": interventions,
        "journey": journey,
        "dirty_rows": dirty,
    }
