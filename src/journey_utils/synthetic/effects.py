"""The planted effects (DESIGN §6): true coefficients, intervention dates and treated groups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from journey_utils.catalog import INDUSTRIES
from journey_utils.errors import ParamsError
from journey_utils.params.intervention import InterventionSpec

# --- dropout (pain-point drivers) ----------------------------------------------------------
DROPOUT_COEF: dict[str, float] = {
    "const": -3.25,
    "n_form_fields_per_10": 0.35,
    "first_response_days": 0.25,
    "personalised": -0.5,
    "used_rate_calculator": -0.3,
}
DROPOUT_BEFORE_SUBMISSION = 0.6
"""Share of drop-outs that happen before the form is submitted."""
DROPOUT_EXPLICIT_WITHDRAWAL = 0.4
"""Share of drop-outs that tell the bank (outcome withdrawn); the rest simply stop."""

# --- default (PD drivers) -------------------------------------------------------------------
DEFAULT_COEF: dict[str, float] = {
    "const": -4.0,
    "leverage": 2.5,
    "interest_cover_log": -0.5,
    "firm_age_years": -0.03,
    "personalised": -0.4,
}
DEFAULT_INDUSTRY: dict[str, float] = {ind: 0.0 for ind in INDUSTRIES} | {
    "real_estate": 0.8,
    "construction": 0.4,
    "hospitality": 0.3,
    "software_it": -0.2,
}
"""Industry terms; manufacturing is the reference (0)."""
INTEREST_COVER_CLIP = (0.1, 50.0)
LATE_DEFAULT_RATIO = 0.5
"""A loan that is sound at 12 months becomes NPL later with probability 0.5 x p_npl_12m."""
NPL_MONTHS_ON_BOOK = (3, 11)
"""A loan that becomes NPL within 12 months does so first at a month on book drawn uniformly
from 3..11 (whole months after the disbursement month), whatever its risk: its hazard is
proportional to its 12-month probability, and an early share of it is known exactly."""
EARLY_NPL_MONTHS = 6
"""The early credit outcome the truth records: NPL by this many months on book."""


def npl_by_month_share(months: int, term: np.ndarray) -> np.ndarray:
    """P(first NPL month on book <= months | NPL within 12 months), per loan of `term` months
    (a loan that matures before its drawn NPL month never becomes NPL)."""
    lo, hi = NPL_MONTHS_ON_BOOK
    reach = np.minimum(months, term)
    return np.clip(reach - lo + 1, 0, hi - lo + 1) / (hi - lo + 1)


# --- rate elasticity --------------------------------------------------------------------------
ACCEPT_PERSONALISED = 0.5
LONG_TERM_MONTHS = 60
"""Offers with term_months above this are priced off the 5-year LPR."""
PRICING_NOISE_BP = 30.0

# --- interventions ----------------------------------------------------------------------------
FORM_FIELDS = {"v1_standard": (60.0, 8.0), "v2_simplified": (25.0, 4.0)}
FORM_TIME_SAVED_DAYS = 3.0
FORM_CSAT_EFFECT = 0.4
PROGRAMME_APPROVAL_DAYS = -5.0
"""Segment programme: every application of a treated client group started on or after the date
spends exactly this many days less between submission and decision (due diligence)."""
PERSONALISED_BASE_SHARE = 0.10
PERSONALISED_TREATED_SHARE = 0.90
PERSONALISATION_INDUSTRIES = (
    "software_it",
    "biotech_pharma",
    "electronics",
    "manufacturing",
    "hospitality",
)
"""The client groups of the segment programme when params name none (`unit_column: industry`)."""
TREATED_BRANCH_SHARE = 0.4
PLACEBO_BRANCH_SHARE = 0.5
"""Share of the branches untreated by form simplification that form the placebo group."""

# --- common time trends -------------------------------------------------------------------
CSAT_TREND_PER_YEAR = 0.1
DECISION_TREND_DAYS_PER_YEAR = -1.5
TREND_MAX_YEARS = 4.0
"""Trends are linear in years since start_date, flat after this many years."""


def months_before(d: date, months: int) -> date:
    """First day of the month that contains `d` minus `months` months."""
    m = d.year * 12 + d.month - 1 - months
    return date(m // 12, m % 12 + 1, 1)


@dataclass(frozen=True)
class Interventions:
    """Dates and treated groups of the interventions of one generation."""

    form_date: date
    """The first day the simplified form is used (the first wave's start)."""
    form_branches: tuple[int, ...]
    form_starts: tuple[date, ...]
    """Each form branch's own start (a roll-out in waves), aligned with form_branches."""
    personalisation_date: date
    personalisation_industries: tuple[int, ...]
    placebo_date: date
    placebo_branches: tuple[int, ...]


def make_interventions(
    rng: np.random.Generator,
    branch_ids: tuple[str, ...],
    start_date: date,
    as_of: date,
    case_studies: tuple[InterventionSpec, ...] = (),
) -> Interventions:
    """Place the interventions as the params' case studies define them, so the configured treated
    units are the truly treated ones at any seed and scale: the simplified form in the branches
    and from the date of the first branch study (`unit_column: branch_id`), the segment
    programme in the industries and from the date of the first industry study. Without one, the
    form goes to a seeded draw of TREATED_BRANCH_SHARE of the branches 18 months before as_of
    and the programme to PERSONALISATION_INDUSTRIES 12 months before as_of. The draw is made
    either way, so the rest of the portfolio does not depend on what params name."""
    n_branches = len(branch_ids)
    order = rng.permutation(n_branches)
    n_treated = round(TREATED_BRANCH_SHARE * n_branches)
    treated = np.sort(order[:n_treated])
    earliest = months_before(start_date, -3)

    def clamp(d: date) -> date:
        return max(d, earliest)

    form_date = clamp(months_before(as_of, 18))
    spec = next((cs for cs in case_studies if cs.unit_column == "branch_id"), None)
    starts = {int(b): form_date for b in treated}
    if spec is not None:
        own = spec.unit_starts()
        position = dict(zip(spec.treated, _branch_indices(spec, branch_ids), strict=True))
        starts = {int(position[u]): day for u, day in own.items()}
        treated = np.sort(list(starts))
        form_date = spec.start
    industries = [INDUSTRIES.index(i) for i in PERSONALISATION_INDUSTRIES]
    programme_date = clamp(months_before(as_of, 12))
    programme = next((cs for cs in case_studies if cs.unit_column == "industry"), None)
    if programme is not None:
        industries = _industry_indices(programme)
        programme_date = programme.start
    untreated = [b for b in order if b not in set(treated.tolist())]
    placebo = np.sort(untreated[: round(PLACEBO_BRANCH_SHARE * len(untreated))])
    return Interventions(
        form_date=form_date,
        form_branches=tuple(int(b) for b in treated),
        form_starts=tuple(starts[int(b)] for b in treated),
        personalisation_date=programme_date,
        personalisation_industries=tuple(sorted(industries)),
        placebo_date=clamp(months_before(as_of, 30)),
        placebo_branches=tuple(int(b) for b in placebo),
    )


def _branch_indices(spec: InterventionSpec, branch_ids: tuple[str, ...]) -> np.ndarray:
    """Positions of the spec's treated branches; a branch the generator does not make stops the
    generation in one line naming the valid ones."""
    position = {b: i for i, b in enumerate(branch_ids)}
    unknown = [b for b in spec.treated if b not in position]
    if unknown:
        raise ParamsError(
            "<params>",
            f"case study {spec.name!r}: treated branch {unknown[0]!r} is not one of the "
            f"generated branches ({branch_ids[0]}..{branch_ids[-1]})",
            column="case_studies",
        )
    return np.array([position[b] for b in spec.treated], dtype=np.int64)


def _industry_indices(spec: InterventionSpec) -> list[int]:
    """Codes of the spec's treated industries; an unknown one stops in one line."""
    unknown = [i for i in spec.treated if i not in INDUSTRIES]
    if unknown:
        raise ParamsError(
            "<params>",
            f"case study {spec.name!r}: treated industry {unknown[0]!r} is not an industry code "
            f"({', '.join(INDUSTRIES)})",
            column="case_studies",
        )
    return [INDUSTRIES.index(i) for i in spec.treated]


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def dropout_logit(
    n_form_fields: np.ndarray,
    first_response_hours: np.ndarray,
    personalised: np.ndarray,
    used_rate_calculator: np.ndarray,
) -> np.ndarray:
    """Linear predictor of the client-side drop-out model."""
    c = DROPOUT_COEF
    return (
        c["const"]
        + c["n_form_fields_per_10"] * n_form_fields / 10.0
        + c["first_response_days"] * first_response_hours / 24.0
        + c["personalised"] * personalised
        + c["used_rate_calculator"] * used_rate_calculator
    )


INDUSTRY_TERM = np.array([DEFAULT_INDUSTRY[i] for i in INDUSTRIES])


def default_logit(
    leverage: np.ndarray,
    interest_cover_log: np.ndarray,
    firm_age_years: np.ndarray,
    industry: np.ndarray,
    personalised: np.ndarray,
) -> np.ndarray:
    """Linear predictor of NPL within 12 months of disbursement (`industry` = index codes)."""
    c = DEFAULT_COEF
    return (
        c["const"]
        + c["leverage"] * leverage
        + c["interest_cover_log"] * interest_cover_log
        + c["firm_age_years"] * firm_age_years
        + INDUSTRY_TERM[industry]
        + c["personalised"] * personalised
    )


def interest_cover_log(net_profit: np.ndarray, interest_expense: np.ndarray) -> np.ndarray:
    """ln(clip((net_profit + interest_expense) / interest_expense, 0.1, 50))."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (net_profit + interest_expense) / interest_expense
    return np.log(np.clip(ratio, *INTEREST_COVER_CLIP))
