"""The inputs and composite steps of the risk report (notebook 05): load what the PD, rate and
demand models need in one call, and the readings of the PD model's validation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from journey_utils.errors import InputError
from journey_utils.integration.pipeline import ensure_integrated, prepare_sources
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.integration.processed import load_client_360, load_processed
from journey_utils.membership import isin
from journey_utils.params.run import RunParams
from journey_utils.risk.demand import (
    DemandModel,
    demand_calibration_table,
    demand_features,
    demand_frame,
    expected_demand_table,
    fit_demand_model,
)
from journey_utils.risk.features import PD_FEATURES, PDData, pd_frame
from journey_utils.risk.loan_book import SBAPDData, read_sba_loans, sba_pd_frame
from journey_utils.risk.messages import MESSAGES
from journey_utils.risk.pd_model import PDModel, psi_total
from journey_utils.risk.watchlist import watchlist_frame
from journey_utils.segmentation.model import named_segments

DEMAND_HOLDOUT_SHARE = 0.3
"""Share of clients held out of the demand fit to check its calibration on unseen clients."""

PSI_BANDS: tuple[tuple[float, str], ...] = ((0.1, "stable"), (0.25, "worth_watching"))
"""PSI below 0.1 is stable, below 0.25 worth watching, above that the population has shifted
(the verdicts' words are the catalog's `psi_band.<verdict>`)."""

PSI_SHIFTED = "shifted"
"""The PSI verdict above the last band."""


@dataclass(frozen=True)
class RiskInputs:
    """What the risk report reads: the PD population and the tables around it."""

    params: RunParams
    pd: PDData
    applications: pd.DataFrame
    client_360: pd.DataFrame
    credit_history: pd.DataFrame
    loan_performance: pd.DataFrame
    segments: pd.DataFrame | None

    def loans(self, on_book_only: bool = True) -> pd.DataFrame:
        """Disbursed loans (on book at as_of by default) with their class, client attributes and
        segment: the watchlist's population."""
        return watchlist_frame(
            self.applications,
            self.loan_performance,
            self.client_360,
            self.params.as_of,
            segments=self.segments,
            on_book_only=on_book_only,
        )

    def with_segments(self, frame: pd.DataFrame) -> pd.DataFrame:
        """`frame` with the saved segment name of each client (None when no segments were saved)."""
        if self.segments is None:
            return frame.assign(segment_name=None)
        cols = ["client_id", "segment", "segment_name"]
        return frame.merge(self.segments[cols], on="client_id", how="left")


def load_risk_inputs(params: RunParams) -> RiskInputs:
    """Integrate if needed, then build the PD population (per the run's `risk` params) and load
    the client 360, applications, credit history, loan performance and saved segments."""
    ensure_integrated(params)
    apps = load_processed(params, "applications")
    credit = load_processed(params, "credit_history")
    perf = load_processed(params, "loan_performance")
    population = pd_frame(
        apps,
        load_processed(params, "financials"),
        load_processed(params, "clients"),
        perf,
        params.as_of,
        window_months=params.risk.pd_window_months,
        credit_history=credit,
    )
    seg_path = params.processed_dir / "segments.parquet"
    segments = pd.read_parquet(seg_path) if seg_path.is_file() else None
    if segments is not None:
        segments = named_segments(segments, params.lang)
    return RiskInputs(
        params=params,
        pd=population,
        applications=apps,
        client_360=load_client_360(params),
        credit_history=credit,
        loan_performance=perf,
        segments=segments,
    )


def load_loan_book(params: RunParams) -> SBAPDData:
    """The run's real loan book (the SBA case file) with names and loan numbers pseudonymised
    by the run's key, as the SBA PD population."""
    prepare_sources(params)
    if params.loan_book is not None and params.loan_book.format != "sba_case":
        raise InputError(
            params.loan_book_path,
            "05b reads the SBA layout; a table loan book is reported by 05c_loan_book_scorecard",
            column="loan_book.format",
        )
    loans = read_sba_loans(params.loan_book_path, pseudonymiser(params).pseudonymise)
    return sba_pd_frame(loans)


STEPS: tuple[str, ...] = tuple(
    key.removeprefix("step_name.") for key in MESSAGES.entries if key.startswith("step_name.")
)
"""The risk reports' steps that have a name (the catalog's `step_name.<step>`)."""


def step_name(key: str, lang: str = "en") -> str:
    """The name of a risk-report step in the report language."""
    if key not in STEPS:
        raise InputError("step", f"unknown step {key!r} (known: {', '.join(STEPS)})")
    return MESSAGES(f"step_name.{key}", lang)


def loan_book_reading(book: SBAPDData, lang: str = "en") -> str:
    """One sentence: loans read, left out, modelled, charged off, and the approval years."""
    frame = book.frame
    left_out = int(book.exclusions["loans"].sum())
    years = frame["approval_date"].dt.year
    return MESSAGES(
        "loan_book_reading",
        lang,
        total=f"{len(frame) + left_out:,}",
        left_out=f"{left_out:,}",
        modelled=f"{len(frame):,}",
        defaults=f"{int(frame['default'].sum()):,}",
        rate=f"{frame['default'].mean():.1%}",
        first=years.min(),
        last=years.max(),
    )


def pd_features(frame: pd.DataFrame) -> list[str]:
    """The core PD features present in the frame (the model specification of the truth)."""
    return [f for f in PD_FEATURES if f in frame.columns]


def segment_pd_table(model: PDModel, inputs: RiskInputs, *, min_cell_size: int) -> pd.DataFrame:
    """Mean predicted PD per segment over the out-of-time (most recent) loans, for pricing;
    segments with fewer loans than `min_cell_size` are left out."""
    frame = inputs.pd.frame
    recent = frame[frame["submitted_at"] >= model.train_until]
    if recent.empty:
        raise InputError("PD population", "no loans after the training cut to price")
    scored = inputs.with_segments(recent.assign(pd=model.predict(recent).to_numpy()))
    if scored["segment_name"].isna().all():
        raise InputError("segments", "no saved segments: run the segmentation report first")
    table = scored.groupby("segment_name").agg(loans=("pd", "size"), pd=("pd", "mean"))
    return table[table["loans"] >= min_cell_size].reset_index()


def pd_model_reading(model: PDModel, lang: str = "en") -> str:
    """Two sentences for a manager: how well the model ranks unseen later loans and whether its
    level is right."""
    perf = model.performance.set_index("period")
    test = perf.loc["test"]
    cal = model.calibration
    gaps = (cal["observed"] - cal["predicted"]).abs()
    worst = cal.loc[gaps.idxmax()]
    return MESSAGES(
        "pd_model_reading",
        lang,
        train=f"{int(perf.loc['train', 'loans']):,}",
        cut=model.train_until.date(),
        test=f"{int(test['loans']):,}",
        auc=f"{test['auc']:.2f}",
        gini=f"{test['gini']:.2f}",
        ks=f"{test['ks']:.2f}",
        mean_pd=f"{test['mean_pd']:.1%}",
        observed=f"{test['default_rate']:.1%}",
        gap=f"{gaps.max() * 100:.1f}",
        decile=int(worst["decile"]),
    )


def psi_reading(table: pd.DataFrame, lang: str = "en") -> str:
    """One sentence: the total PSI between the training and test scores and what it means."""
    total = psi_total(table)
    verdict = next((name for limit, name in PSI_BANDS if total < limit), PSI_SHIFTED)
    band = MESSAGES(f"psi_band.{verdict}", lang)
    return MESSAGES("psi_reading", lang, total=f"{total:.3f}", band=band)


def downgraded_reading(worsened: pd.DataFrame, lang: str = "en") -> str:
    """One sentence: how many clients the latest rating review downgraded (one row each)."""
    return MESSAGES("downgraded_reading", lang, n=f"{len(worsened):,}")


@dataclass(frozen=True)
class DemandFit:
    """The financing-demand model, its calibration on held-out clients and today's forecast."""

    model: DemandModel
    calibration: pd.DataFrame
    current: pd.DataFrame
    horizon_months: int
    exclusions: pd.DataFrame
    """Panel rows left out of the fit, per reason (reason, rows): the held-out clients' rows
    (kept for the calibration check), the rows of clients outside the fitting sample (a panel
    of more than `risk.demand_fit_clients` training clients) and the model's own exclusions."""
    clients: int = 0
    """Clients in the panel."""
    fitted_clients: int = 0
    """Clients whose snapshots the model was fitted on."""
    held_clients: int = 0
    """Clients held out for the calibration check."""

    @property
    def coefficients(self) -> pd.DataFrame:
        """The demand GLM's coefficients (see `DemandModel`)."""
        return self.model.coefficients

    def predict(self, frame: pd.DataFrame) -> pd.Series:
        """The chance that each row of a panel-like frame starts an application within the
        horizon."""
        return self.model.predict(frame)


def fit_demand(inputs: RiskInputs) -> DemandFit:
    """Fit the demand GLM on a client sample, check calibration on the held-out clients and
    score every client as of the run date."""
    params = inputs.params
    horizon = params.risk.demand_horizon_months
    segments = inputs.segments
    rng = np.random.default_rng(params.seed)
    c360 = inputs.client_360
    clients = c360["client_id"].unique()  # the panel's clients, in its order
    share = int(len(clients) * DEMAND_HOLDOUT_SHARE)
    held = rng.choice(clients, min(share, params.risk.demand_check_clients), replace=False)
    train = clients[~isin(pd.Index(clients), held)]
    cap = params.risk.demand_fit_clients
    fitted = rng.choice(train, cap, replace=False) if len(train) > cap else train
    if len(fitted) < len(train):  # a bank-size panel: only the held-out and sampled clients
        c360 = c360[isin(c360["client_id"], np.concatenate([held, fitted]))]
    panel = demand_frame(c360, inputs.applications, params.as_of, horizon, segments=segments)
    test = pd.Series(isin(panel["client_id"], held), index=panel.index)
    model = fit_demand_model(panel[~test])
    unsampled = (len(train) - len(fitted)) * panel["snapshot"].nunique()  # rows never built
    as_of = pd.Timestamp(params.as_of)
    current = demand_features(inputs.client_360, inputs.applications, as_of, as_of, segments)
    if segments is not None:
        current = current.merge(segments[["client_id", "segment_name"]], on="client_id")
    return DemandFit(
        model=model,
        calibration=demand_calibration_table(model, panel[test]),
        current=current,
        horizon_months=horizon,
        exclusions=pd.DataFrame(
            [
                ("held out", int(test.sum())),
                *([("not in the fitting sample", int(unsampled))] if unsampled else []),
                *model.exclusions.itertuples(index=False, name=None),
            ],
            columns=["reason", "rows"],
        ),
        clients=len(clients),
        fitted_clients=len(fitted),
        held_clients=len(held),
    )


def demand_fit_reading(fit: DemandFit, lang: str = "en") -> str:
    """What the demand model was fitted on: clients used, held out, and the sample when the
    panel is larger than `risk.demand_fit_clients` (never a silent sample)."""
    text = MESSAGES(
        "demand_fit_reading",
        lang,
        fitted=f"{fit.fitted_clients:,}",
        held=f"{fit.held_clients:,}",
    )
    reasons = fit.exclusions.set_index("reason")["rows"]
    if fit.held_clients < int(fit.clients * DEMAND_HOLDOUT_SHARE):
        text += MESSAGES("demand_check_note", lang, held=f"{fit.held_clients:,}")
    if "not in the fitting sample" in reasons.index:
        text += MESSAGES(
            "demand_sample_note",
            lang,
            fitted=f"{fit.fitted_clients:,}",
            train=f"{fit.clients - fit.held_clients:,}",
            rows=f"{int(reasons['not in the fitting sample']):,}",
        )
    return text


def expected_demand(fit: DemandFit, inputs: RiskInputs, by: str) -> pd.DataFrame:
    """Expected applicants and volume in the next horizon per group (masked below the run's
    minimum cell size), largest expected volume first."""
    table = expected_demand_table(
        fit.model,
        fit.current,
        inputs.applications,
        by=by,
        min_cell_size=inputs.params.min_cell_size,
    )
    return table.sort_values("expected_volume", ascending=False, na_position="last")
