"""Tests of the synthetic portfolio: files, determinism, scale, censoring, dirty rows, truth."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import statsmodels.api as sm
from scipy import stats

from journey_utils import catalog as cat
from journey_utils.catalog import SOURCES
from journey_utils.errors import JourneyError
from journey_utils.params.run import RunParams
from journey_utils.synthetic import ensure_synthetic_sources, generate_portfolio
from journey_utils.synthetic import portfolio as portfolio_module
from journey_utils.synthetic.geography import CITIES
from journey_utils.uscc import valid_uscc_mask

SEED = 20240601
AS_OF = date(2025, 12, 31)
TS_COLUMNS = {
    "digital_events": ("ts",),
    "interactions": ("ts",),
    "applications": ("started_at", "submitted_at", "decided_at", "disbursed_at"),
    "stage_events": ("ts",),
    "surveys": ("ts",),
}


def make_params(folder: Path, **values: object) -> RunParams:
    base: dict[str, object] = {
        "run_name": "synthetic-test",
        "data_dir": str(folder),
        "n_clients": 1500,
        "seed": SEED,
        "dirty_share": 0.02,
    }
    return RunParams(**{**base, **values})


def file_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read_source(params: RunParams, name: str, *, as_text: bool = False) -> pd.DataFrame:
    """A source as the analyst reads it: CSV as text or typed, Parquet typed."""
    info = SOURCES[name]
    path = params.raw_dir / info.default_file
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if as_text:
        return pd.read_csv(path, encoding=info.default_encoding, dtype=str, keep_default_na=False)
    frame = pd.read_csv(path, encoding=info.default_encoding)
    for col in TS_COLUMNS.get(name, ()):
        frame[col] = pd.to_datetime(frame[col])
    return frame


def truth_of(params: RunParams) -> dict:
    return json.loads((params.root / "truth" / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunParams, dict[str, int]]:
    params = make_params(tmp_path_factory.mktemp("small"))
    return params, generate_portfolio(params)


@pytest.fixture(scope="module")
def small_clean(tmp_path_factory: pytest.TempPathFactory) -> RunParams:
    params = make_params(tmp_path_factory.mktemp("small_clean"), dirty_share=0.0)
    generate_portfolio(params)
    return params


# --- files, columns, encodings ---------------------------------------------------------------


def test_writes_the_nine_sources_truth_and_fingerprint(small) -> None:
    params, rows = small
    assert set(rows) == set(SOURCES)
    for name, info in SOURCES.items():
        path = params.raw_dir / info.default_file
        if path.suffix == ".parquet":
            assert pq.ParquetFile(path).metadata.num_rows == rows[name]
        else:
            with path.open(encoding=info.default_encoding) as f:
                assert sum(1 for _ in f) - 1 == rows[name]
    assert not list((params.raw_dir).glob("truth*")), "truth must live outside raw/"
    truth = truth_of(params)
    assert truth["rows_written"] == rows
    fp = json.loads((params.raw_dir / "_generator.json").read_text(encoding="utf-8"))
    assert fp == truth["fingerprint"]
    assert {"seed", "n_clients", "start_date", "as_of", "dirty_share", "abandon_after_days"} <= set(
        fp
    )
    arch = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
    assert list(arch.columns) == ["client_id", "archetype"]
    assert len(arch) == params.n_clients
    assert set(arch.archetype) == set(truth["archetypes"]["names"])
    assert not [p for p in params.root.iterdir() if p.name.startswith(".synthetic-")]


def test_columns_order_and_encodings_match_the_catalog(small) -> None:
    params, _ = small
    for info in SOURCES.values():
        path = params.raw_dir / info.default_file
        if path.suffix == ".parquet":
            assert tuple(pq.read_schema(path).names) == info.columns
            continue
        data = path.read_bytes()
        header = data.split(b"\n", 1)[0].decode("ascii")
        assert tuple(header.split(",")) == info.columns
        data.decode(info.default_encoding)  # raises if not
        if info.default_encoding == "gbk":
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")  # Chinese names really are GBK bytes


def test_csv_value_formats(small) -> None:
    params, _ = small
    apps = read_source(params, "applications", as_text=True)
    ts_re = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
    for col in TS_COLUMNS["applications"]:
        filled = apps[col][apps[col] != ""]
        assert len(filled) and filled.str.match(ts_re).all(), col
    for col in ("personalised", "offer_accepted"):
        assert set(apps[col]) <= {"true", "false", ""}
    lead = apps["started_at"] == ""
    assert lead.any() and (apps.loc[lead, "n_form_fields"] == "").all()
    assert apps["n_form_fields"][~lead].str.match(r"^\d+$").all()  # integers, not 60.0
    clients = read_source(params, "clients", as_text=True)
    assert clients["founded_on"].str.match(r"^\d{4}-\d{2}-\d{2}$").all()
    assert set(clients["high_tech"]) | set(clients["listed"]) <= {"true", "false"}
    assert clients["contact_phone"].str.match(r"^1\d{10}$").all()
    assert clients["name"].str.contains("公司|合作社").all()
    region_of = {c.province: c.region for c in CITIES}
    assert (clients["province"].map(region_of) == clients["region"]).all()
    assert clients["uscc"].str[2:8].isin({c.admin_code for c in CITIES}).all()
    assert clients["home_branch_id"].str.match(r"^BR\d{3}$").all()
    inter = read_source(params, "interactions", as_text=True)
    assert inter["staff_id"].str.match(r"^S\d{5}$").all()
    assert inter["notes"].str.contains(r"1\d{10}").any(), "some notes carry a phone number"


# --- determinism and scale ---------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(small, tmp_path: Path) -> None:
    params, _ = small
    again = make_params(tmp_path / "again")
    generate_portfolio(again)
    first, second = file_hashes(params.root), file_hashes(again.root)
    assert first == second
    other = make_params(tmp_path / "other", seed=SEED + 1)
    generate_portfolio(other)
    third = file_hashes(other.root)
    for path, digest in first.items():
        if path.endswith((".csv", ".parquet")):
            assert third[path] != digest, path


def test_rows_grow_linearly_with_clients(small_clean, tmp_path: Path) -> None:
    big = truth_of(small_clean)["rows"]
    third = make_params(tmp_path / "third", n_clients=500, dirty_share=0.0)
    generate_portfolio(third)
    small_rows = truth_of(third)["rows"]
    for name in SOURCES:
        ratio = big[name] / small_rows[name]
        assert 2.4 < ratio < 3.6, (name, ratio)


# --- identifiers -------------------------------------------------------------------------------


def test_clean_usccs_valid_corrupted_ones_not(small) -> None:
    params, _ = small
    clients = read_source(params, "clients", as_text=True)
    truth = truth_of(params)["dirty_rows"]["per_source"]["clients"]
    number = clients["client_id"].str[1:].astype(int)
    clean = number <= params.n_clients
    valid = valid_uscc_mask(clients["uscc"])
    assert valid[clean].all()
    assert (~valid).sum() == truth["bad_uscc"] > 0
    assert clients[clean].drop_duplicates("client_id")["uscc"].is_unique
    # Farmers' cooperatives are registered under authority 9, category 3.
    coop = clients["name"].str.endswith("合作社")
    assert coop.any() and clients.loc[coop & clean, "uscc"].str.startswith("93").all()


# --- dirty rows --------------------------------------------------------------------------------


def _flag_invalid(name: str, df: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Row rules a contract would apply (enums, signs, ranges, dates, check digits)."""
    bad = pd.Series(False, index=df.index)
    end = as_of + pd.Timedelta(days=1)
    enums = {
        "clients": {"ownership": cat.OWNERSHIP_TYPES, "region": cat.REGIONS},
        "credit_history": {"internal_rating": cat.INTERNAL_RATINGS},
        "digital_events": {"channel": cat.DIGITAL_CHANNELS, "event_type": cat.DIGITAL_EVENT_TYPES},
        "interactions": {"kind": cat.INTERACTION_KINDS},
        "applications": {
            "product": cat.PRODUCTS,
            "channel": cat.APPLICATION_CHANNELS,
            "outcome": cat.RAW_OUTCOMES,
        },
        "stage_events": {"stage": cat.STAGES, "status": cat.STAGE_STATUSES},
        "loan_performance": {"classification": cat.CLASSIFICATIONS},
        "surveys": {"stage": cat.STAGES},
    }
    for col, allowed in enums.get(name, {}).items():
        bad |= ~df[col].isin(allowed)
    numeric = {
        "clients": ("employees",),
        "financials": ("revenue", "total_assets", "total_liabilities", "interest_expense"),
        "credit_history": ("past_loans", "inquiries_6m", "max_dpd_24m"),
        "interactions": ("duration_min",),
        "applications": ("requested_amount", "approved_amount"),
        "loan_performance": ("balance", "dpd"),
    }
    for col in numeric.get(name, ()):
        bad |= pd.to_numeric(df[col]) < 0
    if name == "clients":
        bad |= ~valid_uscc_mask(df["uscc"]) | (pd.to_datetime(df["founded_on"]) >= end)
    if name == "financials":
        bad |= df["fiscal_year"] > as_of.year
    if name == "credit_history":
        bad |= pd.to_datetime(df["as_of_date"]) >= end
    if name == "loan_performance":
        bad |= pd.to_datetime(df["month"]) >= end
    if name == "surveys":
        bad |= ~df["csat"].between(1, 5) | ~df["nps"].between(0, 10)
    for col in TS_COLUMNS.get(name, ()):
        bad |= df[col] >= end
    if name == "applications":
        bad |= df["decided_at"] < df["submitted_at"]
    return bad


def quarantine(params: RunParams) -> dict[str, tuple[pd.DataFrame, int]]:
    """A minimal integration: drop invalid rows, then duplicate keys (keep first), then orphans."""
    as_of = pd.Timestamp(params.as_of)
    accepted: dict[str, pd.DataFrame] = {}
    out = {}
    for name, info in SOURCES.items():
        df = read_source(params, name)
        bad = _flag_invalid(name, df, as_of)
        valid = df[~bad]
        bad[valid.index[valid.duplicated(list(info.key))]] = True
        if info.parent:
            col, parent = info.parent
            bad |= ~df[col].isin(accepted[parent][col])
        accepted[name] = df[~bad]
        out[name] = (df[~bad], int(bad.sum()))
    return out


def test_dirty_rows_counted_in_truth_and_quarantined_exactly(small, small_clean) -> None:
    params, rows = small
    truth = truth_of(params)
    dirty = truth["dirty_rows"]
    assert dirty["total"] == sum(v["total"] for v in dirty["per_source"].values())
    result = quarantine(params)
    for name in SOURCES:
        per = dirty["per_source"][name]
        clean_rows = truth["rows"][name]
        assert per["total"] == rows[name] - clean_rows == int(np.floor(0.02 * clean_rows + 0.5))
        assert per["total"] == sum(v for k, v in per.items() if k != "total")
        assert per["duplicate"] > 0 and (name == "clients" or per["orphan"] > 0)
        kept, flagged = result[name]
        assert flagged == per["total"], name
        expected = read_source(small_clean, name)
        pd.testing.assert_frame_equal(
            kept.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False
        )


# --- journeys: censoring, gaps, consistency -----------------------------------------------------


def test_nothing_happens_after_as_of(small_clean) -> None:
    params = small_clean
    end = pd.Timestamp(params.as_of)
    for name, cols in TS_COLUMNS.items():
        df = read_source(params, name)
        for col in cols:
            assert df[col].max() <= end, (name, col)
    lp = read_source(params, "loan_performance")
    assert pd.to_datetime(lp["month"]).max() <= end


def test_censoring_and_abandonment_gaps(small_clean) -> None:
    params = small_clean
    cap = 0.75 * params.abandon_after_days
    as_of = pd.Timestamp(params.as_of)
    apps = read_source(params, "applications")
    se = read_source(params, "stage_events").sort_values(["application_id", "ts"], kind="stable")
    journey = se[se["stage"] != "post_loan"]
    gaps = journey.groupby("application_id")["ts"].diff().dt.total_seconds() / 86400
    assert gaps.max() <= cap
    # Outcomes are consistent with the milestones that happened by as_of.
    ip = apps[apps["outcome"] == "in_progress"]
    assert ip["disbursed_at"].isna().all()
    assert ip.loc[ip["decided_at"].notna(), "approved_amount"].notna().all()
    assert (ip["offer_accepted"].isna() | (ip["offer_accepted"] == True)).all()  # noqa: E712
    assert apps.loc[apps["outcome"] == "declined", "decided_at"].notna().all()
    assert apps.loc[apps["outcome"] == "disbursed", "disbursed_at"].notna().all()
    withdrawn = apps[apps["outcome"] == "withdrawn"]
    assert (withdrawn["decided_at"].isna() | (withdrawn["offer_accepted"] == False)).all()  # noqa: E712
    # Open cases are either stopped (idle longer than the cap) or still active near as_of;
    # both kinds exist, and active ones are never idle beyond the cap.
    last = se.groupby("application_id")["ts"].max()
    idle = (as_of - ip["application_id"].map(last)).dt.total_seconds() / 86400
    assert (idle > params.abandon_after_days).any() and (idle <= cap).any()


def test_censored_outcomes_become_in_progress(small_clean) -> None:
    """White box: cases whose decision falls after as_of show no decision in the files."""
    from journey_utils.synthetic import clients, journeys
    from journey_utils.synthetic.context import make_context

    params = small_clean
    ctx = make_context(params)
    rng = np.random.default_rng([params.seed, 0])
    c = clients.make_clients(ctx, rng, 1, params.n_clients)
    cs = journeys.simulate_cases(ctx, rng, c)
    ids = journeys.application_ids(c.number[cs["client"]], cs["k"])
    apps = read_source(params, "applications").set_index("application_id").loc[ids]
    h = ctx.horizon_s
    late_decision = ~cs["lead"] & ~cs["drop"] & (cs["t_app"] <= h) & (cs["t_dec"] > h)
    late_disbursal = cs["accepted"] & (cs["t_dec"] <= h) & (cs["t_disb"] > h)
    assert late_decision.any() and late_disbursal.any()
    assert (apps["outcome"][late_decision] == "in_progress").all()
    assert apps["decided_at"][late_decision].isna().all()
    assert apps["offered_rate"][late_decision].isna().all()
    assert (apps["outcome"][late_disbursal] == "in_progress").all()
    assert apps["disbursed_at"][late_disbursal].isna().all()
    assert apps["decided_at"][late_disbursal].notna().all()


def test_stage_events_match_digital_evidence(small_clean) -> None:
    params = small_clean
    apps = read_source(params, "applications")
    se = read_source(params, "stage_events")
    de = read_source(params, "digital_events")
    assert de["event_id"].is_unique
    first_look = se[(se["stage"] == "information") & (se["status"] == "entered")]
    first_look = first_look.merge(apps[["application_id", "client_id"]])
    views = de[de["event_type"] == "product_page_view"][["client_id", "ts"]]
    assert len(first_look.merge(views.drop_duplicates())) == len(first_look)
    started = apps[apps["started_at"].notna()]
    forms = de[de["event_type"] == "form_started"][["client_id", "ts"]]
    matched = started.merge(
        forms, left_on=["client_id", "started_at"], right_on=["client_id", "ts"]
    )
    assert len(matched) == len(started)
    lead = apps["started_at"].isna()
    assert 0.1 < lead.mean() < 0.4
    assert apps.loc[lead, ["submitted_at", "first_response_hours"]].isna().all().all()
    # Rework: some cases enter due diligence or the application stage twice.
    entered = se[se["status"] == "entered"].groupby(["application_id", "stage"]).size()
    assert (entered > 1).any()
    loans = apps[apps["disbursed_at"].notna()]["application_id"]
    post = se[(se["stage"] == "post_loan") & (se["status"] == "entered")]["application_id"]
    assert set(loans) == set(post)


def test_loan_classification_follows_dpd(small_clean) -> None:
    params = small_clean
    lp = read_source(params, "loan_performance").sort_values(["application_id", "month"])
    limits = {
        "normal": (0, 30),
        "special_mention": (1, 90),
        "substandard": (91, 180),
        "doubtful": (181, 360),
        "loss": (361, 10**6),
    }
    for cls, (lo, hi) in limits.items():
        dpd = lp.loc[lp["classification"] == cls, "dpd"]
        assert dpd.between(lo, hi).all(), cls
    npl = lp["classification"].isin(cat.NPL_CLASSES)
    was_npl = npl.groupby(lp["application_id"]).cummax()
    assert npl.any() and not (was_npl & (lp["classification"] == "normal")).any()
    assert (lp.groupby("application_id")["balance"].diff().dropna() <= 1e-6).all()
    apps = read_source(params, "applications").set_index("application_id")
    first = lp.groupby("application_id")["month"].min()
    disb_month_end = apps.loc[first.index, "disbursed_at"].dt.to_period("M").dt.to_timestamp("M")
    assert (pd.to_datetime(first).values == disb_month_end.values).all()
    opening = lp.groupby("application_id")["balance"].first()
    assert (opening == apps.loc[opening.index, "approved_amount"]).all()
    # NPL starts 3-11 or 14+ months after the disbursement month: npl_12m is unambiguous.
    first_npl = pd.to_datetime(lp[npl].groupby("application_id")["month"].min())
    start = pd.to_datetime(first.loc[first_npl.index])
    months = (first_npl.dt.year - start.dt.year) * 12 + first_npl.dt.month - start.dt.month
    assert len(months) and not months.isin([0, 1, 2, 12, 13]).any()


def test_surveys_and_nps_are_correlated(small_clean) -> None:
    sv = read_source(small_clean, "surveys")
    assert set(sv["stage"]) == {"application", "approval", "contract_disbursement", "post_loan"}
    assert sv["csat"].between(1, 5).all() and sv["nps"].between(0, 10).all()
    assert np.corrcoef(sv["csat"], sv["nps"])[0, 1] > 0.5


# --- interventions in the truth ----------------------------------------------------------------


def test_interventions_are_applied_as_recorded(small_clean) -> None:
    params = small_clean
    everything = truth_of(params)
    truth = everything["interventions"]
    form = truth["form_simplification"]
    apps = read_source(params, "applications")
    started = apps[apps["started_at"].notna()]
    treated = started["branch_id"].isin(form["treated_branches"])
    post = started["started_at"] >= pd.Timestamp(form["date"])
    v2 = started["form_version"] == "v2_simplified"
    assert (v2 == (treated & post)).all()
    assert 0.3 < len(form["treated_branches"]) / len(everything["branches"]) < 0.5
    assert started.loc[v2, "n_form_fields"].mean() < started.loc[~v2, "n_form_fields"].mean() - 20
    placebo = truth["placebo"]
    assert not set(placebo["branches"]) & set(form["treated_branches"])
    assert date.fromisoformat(placebo["date"]) < date.fromisoformat(form["date"])


def test_ensure_generates_only_when_needed(tmp_path: Path) -> None:
    params = make_params(tmp_path / "ens", n_clients=200)
    assert ensure_synthetic_sources(params) is True
    assert ensure_synthetic_sources(params) is False
    changed = make_params(tmp_path / "ens", n_clients=200, dirty_share=0.0)
    assert ensure_synthetic_sources(changed) is True
    (changed.raw_dir / "surveys.csv").unlink()
    assert ensure_synthetic_sources(changed) is True
    with pytest.raises(JourneyError, match="synthetic"):
        ensure_synthetic_sources(make_params(tmp_path / "real", synthetic=False))
    with pytest.raises(JourneyError):
        generate_portfolio(make_params(tmp_path / "real", synthetic=False))


def test_a_crash_leaves_no_half_data_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    params = make_params(tmp_path / "crash", n_clients=200)
    generate_portfolio(params)
    before = file_hashes(params.root)

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(portfolio_module.activity, "surveys_table", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        generate_portfolio(make_params(tmp_path / "crash", n_clients=300))
    assert file_hashes(params.root) == before
    assert sorted(p.name for p in params.root.iterdir()) == ["raw", "truth"]


# --- planted effects are recoverable from the raw files ------------------------------------------


@pytest.fixture(scope="module")
def default_scale(tmp_path_factory: pytest.TempPathFactory) -> RunParams:
    """The default run's size and seed (20,000 clients), without dirty rows."""
    params = make_params(tmp_path_factory.mktemp("default"), n_clients=20_000, dirty_share=0.0)
    generate_portfolio(params)
    return params


def _dropout_frame(params: RunParams) -> pd.DataFrame:
    """Dropout population, outcome and features exactly as truth.json defines them."""
    apps = read_source(params, "applications")
    se = read_source(params, "stage_events")
    de = read_source(params, "digital_events")
    pop = apps[apps["started_at"] <= pd.Timestamp(params.as_of) - pd.Timedelta(days=365)].copy()
    entered = se[se["status"] == "entered"]
    info = entered[entered["stage"] == "information"].groupby("application_id")["ts"].min()
    app = entered[entered["stage"] == "application"].groupby("application_id")["ts"].min()
    pop["t_info"] = pop["application_id"].map(info)
    pop["t_app"] = pop["application_id"].map(app)
    calc = de[de["event_type"] == "rate_calculator"][["client_id", "ts"]]
    hits = pop[["application_id", "client_id", "t_info", "t_app"]].merge(calc, on="client_id")
    hits = hits[(hits["ts"] >= hits["t_info"]) & (hits["ts"] <= hits["t_app"])]
    return pd.DataFrame(
        {
            "dropout": pop["decided_at"].isna().astype(int),
            "const": 1.0,
            "n_form_fields_per_10": pop["n_form_fields"] / 10,
            "first_response_days": pop["first_response_hours"] / 24,
            "personalised": pop["personalised"].astype(float),
            "used_rate_calculator": pop["application_id"]
            .isin(hits["application_id"])
            .astype(float),
        }
    )


def _default_frame(params: RunParams) -> pd.DataFrame:
    apps = read_source(params, "applications")
    clients = read_source(params, "clients")
    fin = read_source(params, "financials")
    lp = read_source(params, "loan_performance")
    cutoff = pd.Timestamp(params.as_of) - pd.DateOffset(months=12)
    pop = apps[apps["disbursed_at"] <= cutoff].copy()
    npl = lp[lp["classification"].isin(cat.NPL_CLASSES)].merge(
        pop[["application_id", "disbursed_at"]]
    )
    npl = npl[pd.to_datetime(npl["month"]) <= npl["disbursed_at"] + pd.DateOffset(months=12)]
    pop["fiscal_year"] = pop["submitted_at"].dt.year - 1
    pop = pop.merge(fin, on=["client_id", "fiscal_year"], how="left")
    pop = pop.merge(clients[["client_id", "founded_on", "industry"]], on="client_id")
    assert pop["total_assets"].notna().all(), "every loan has last year's statements"
    cover = (pop["net_profit"] + pop["interest_expense"]) / pop["interest_expense"]
    age_days = (pop["submitted_at"] - pd.to_datetime(pop["founded_on"])).dt.total_seconds() / 86400
    frame = pd.DataFrame(
        {
            "npl_12m": pop["application_id"].isin(npl["application_id"]).astype(int),
            "const": 1.0,
            "leverage": pop["total_liabilities"] / pop["total_assets"],
            "interest_cover_log": np.log(cover.clip(0.1, 50)),
            "firm_age_years": age_days / 365.25,
            "personalised": pop["personalised"].astype(float),
        }
    )
    dummies = pd.get_dummies(pop["industry"], dtype=float).drop(columns="manufacturing")
    return pd.concat([frame, dummies], axis=1)


def _check_in_ci(fit, truth: dict[str, float]) -> dict[str, tuple[float, float, float]]:
    """Each true value must lie in its 95% CI, Bonferroni-adjusted over the checked
    coefficients (simultaneous 95%), so a correct generator passes for 95% of seeds."""
    z = stats.norm.ppf(1 - 0.05 / (2 * len(truth)))
    misses = {}
    for name, value in truth.items():
        est, se = fit.params[name], fit.bse[name]
        if not est - z * se <= value <= est + z * se:
            misses[name] = (value, est, se)
    return misses


def test_dropout_coefficients_are_recovered(default_scale) -> None:
    params = default_scale
    truth = truth_of(params)["dropout"]
    frame = _dropout_frame(params)
    assert len(frame) == truth["realised"]["n"]
    assert frame["dropout"].mean() == pytest.approx(truth["realised"]["dropout_rate"])
    fit = sm.Logit(frame["dropout"], frame.drop(columns="dropout")).fit(disp=0)
    assert _check_in_ci(fit, truth["coefficients"]) == {}


def test_default_coefficients_are_recovered(default_scale) -> None:
    params = default_scale
    truth = truth_of(params)["default"]
    frame = _default_frame(params)
    assert len(frame) == truth["realised"]["n"]
    assert frame["npl_12m"].mean() == pytest.approx(truth["realised"]["npl_12m_rate"])
    assert 0.03 <= frame["npl_12m"].mean() <= 0.05
    fit = sm.Logit(frame["npl_12m"], frame.drop(columns="npl_12m")).fit(disp=0)
    planted = dict(truth["coefficients"])
    planted |= {k: truth["industry"][k] for k in ("real_estate", "construction")}
    assert _check_in_ci(fit, planted) == {}


def test_rate_elasticity_ranks_segments(default_scale) -> None:
    params = default_scale
    truth = truth_of(params)["rate_elasticity"]
    apps = read_source(params, "applications")
    arch = pd.read_parquet(params.root / "truth" / "archetypes.parquet")
    offers = apps[apps["approved_amount"].notna() & apps["offer_accepted"].notna()]
    offers = offers.merge(arch, on="client_id")
    lpr = np.where(offers["term_months"] > 60, truth["lpr_5y"], truth["lpr_1y"])
    offers = offers.assign(spread_10bp=(offers["offered_rate"] - lpr) * 10)
    estimated, planted = [], []
    for name, group in offers.groupby("archetype"):
        x = sm.add_constant(group[["spread_10bp"]].assign(p=group["personalised"].astype(float)))
        fit = sm.Logit(group["offer_accepted"].astype(int), x).fit(disp=0)
        estimated.append(fit.params["spread_10bp"])
        planted.append(truth["by_archetype"][name]["slope_per_10bp"])
    assert stats.spearmanr(estimated, planted).statistic > 0.8


def test_archetypes_are_separable_from_client_features(default_scale) -> None:
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    params = default_scale
    clients = read_source(params, "clients").set_index("client_id")
    fin = read_source(params, "financials").sort_values("fiscal_year")
    latest = fin.groupby("client_id").tail(1).set_index("client_id").reindex(clients.index)
    before = fin.groupby("client_id").nth(-2).set_index("client_id").reindex(clients.index)
    events = read_source(params, "digital_events")["client_id"].value_counts()
    cases = read_source(params, "applications")["client_id"].value_counts()
    numeric = pd.DataFrame(
        {
            "log_revenue": np.log(latest["revenue"]),
            "log_employees": np.log(clients["employees"]),
            "age": (pd.Timestamp(params.as_of) - pd.to_datetime(clients["founded_on"])).dt.days,
            "leverage": latest["total_liabilities"] / latest["total_assets"],
            "margin": latest["net_profit"] / latest["revenue"],
            "growth": latest["revenue"] / before["revenue"] - 1,
            "events": events.reindex(clients.index).fillna(0),
            "cases": cases.reindex(clients.index).fillna(0),
        }
    )
    numeric = numeric.fillna(numeric.median())
    onehot = pd.get_dummies(clients[["industry", "ownership"]], dtype=float)
    x = np.hstack([StandardScaler().fit_transform(numeric), onehot, clients[["high_tech"]]])
    labels = KMeans(10, n_init=10, random_state=0).fit_predict(x.astype(float))
    arch = pd.read_parquet(params.root / "truth" / "archetypes.parquet").set_index("client_id")
    assert adjusted_rand_score(arch["archetype"].reindex(clients.index), labels) >= 0.6
