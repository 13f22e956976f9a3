"""Touchpoints around the cases: digital sessions and events, offline interactions, surveys."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from journey_utils.catalog import DIGITAL_CHANNELS, DIGITAL_EVENT_TYPES, INTERACTION_KINDS, PRODUCTS
from journey_utils.synthetic import archetypes as arch
from journey_utils.synthetic import effects as fx
from journey_utils.synthetic import names
from journey_utils.synthetic.clients import Clients, Table
from journey_utils.synthetic.context import DAY, Context
from journey_utils.synthetic.journeys import Arrays, application_ids, maturity_seconds

EV = {name: i for i, name in enumerate(DIGITAL_EVENT_TYPES)}
MEAN_EVENT_GAP_S = 40.0


@dataclass
class Sessions:
    """Digital sessions being collected: one entry per family of sessions."""

    client: list[np.ndarray] = field(default_factory=list)
    ts: list[np.ndarray] = field(default_factory=list)
    channel: list[np.ndarray] = field(default_factory=list)
    event_type: list[np.ndarray] = field(default_factory=list)
    session: list[np.ndarray] = field(default_factory=list)
    n_sessions: int = 0

    def add(
        self,
        rng: np.random.Generator,
        client: np.ndarray,
        when: np.ndarray,
        channel: np.ndarray,
        parts: list[tuple[str, np.ndarray]],
        *,
        anchor: int | None = None,
        cut: np.ndarray | None = None,
    ) -> None:
        """Add sessions whose events are `parts` in order (event type, count per session).

        With `anchor`, the first event of part `anchor` happens exactly at `when` (the part must
        have at least one event in every session); otherwise the session's first event does.
        Events later than `cut` (per session) are dropped.
        """
        n = len(client)
        if n == 0:
            return
        counts = np.stack(
            [np.broadcast_to(np.asarray(cnt, dtype=np.int64), (n,)) for _, cnt in parts], axis=1
        )
        types = np.array([EV[t] for t, _ in parts])
        total = counts.sum(axis=1)
        sess = np.repeat(np.arange(n), total)
        etype = np.repeat(np.tile(types, n), counts.ravel())
        first = np.cumsum(total) - total
        gaps = rng.exponential(MEAN_EVENT_GAP_S, len(sess)).astype(np.int64) + 1
        gaps[first[total > 0]] = 0
        csum = np.cumsum(gaps)
        offset = csum - csum[np.repeat(first, total)]
        if anchor is None:
            base = when
        else:
            anchor_pos = first + counts[:, :anchor].sum(axis=1)
            base = when - offset[np.minimum(anchor_pos, len(offset) - 1)]
        ts = base[sess] + offset
        keep = np.ones(len(ts), dtype=bool) if cut is None else ts <= cut[sess]
        self.client.append(client[sess][keep])
        self.ts.append(ts[keep])
        self.channel.append(channel[sess][keep])
        self.event_type.append(etype[keep])
        self.session.append((self.n_sessions + sess)[keep])
        self.n_sessions += n


def _bern(rng: np.random.Generator, p: float, n: int) -> np.ndarray:
    return (rng.random(n) < p).astype(np.int64)


def _channel(rng: np.random.Generator, c: Clients, client: np.ndarray) -> np.ndarray:
    return arch.sample_rows(rng, arch.DIGITAL_CHANNEL_P, c.archetype[client])


def digital_events_table(
    ctx: Context,
    rng: np.random.Generator,
    c: Clients,
    cs: Arrays,
    vis: Arrays,
    chunk_index: int,
) -> Table:
    """Rows of digital_events: sessions around each case plus background logins."""
    h = ctx.horizon_s
    log = Sessions()
    cut = vis["cut"]
    ca = c.archetype[cs["client"]]
    n_case = len(ca)

    # Information stage: the first session's product view is the first product look (t0).
    cl = cs["client"]
    log.add(
        rng,
        cl,
        cs["t0"],
        _channel(rng, c, cl),
        [
            ("login", 1),
            ("product_page_view", 1 + rng.poisson(0.5, n_case)),
            ("faq_view", _bern(rng, 0.3, n_case)),
        ],
        anchor=1,
        cut=cut,
    )
    extra = rng.poisson(arch.attribute("info_sessions")[ca])
    e_case = np.repeat(np.arange(n_case), extra)
    if len(e_case):
        when = cs["t0"][e_case] + (
            rng.uniform(0.05, 0.8, len(e_case)) * (cs["t_app"][e_case] - cs["t0"][e_case])
        ).astype(np.int64)
        m = len(e_case)
        log.add(
            rng,
            cl[e_case],
            when,
            _channel(rng, c, cl[e_case]),
            [
                ("login", 1),
                ("product_page_view", _bern(rng, 0.7, m)),
                ("faq_view", _bern(rng, 0.4, m)),
            ],
            cut=cut[e_case],
        )
    # The calculator session of clients who use it (always inside the information stage).
    calc = np.flatnonzero(cs["used_calc"])
    if len(calc):
        when = cs["t0"][calc] + (
            rng.uniform(0.02, 0.8, len(calc)) * (cs["t_app"][calc] - cs["t0"][calc])
        ).astype(np.int64)
        log.add(
            rng,
            cl[calc],
            when,
            _channel(rng, c, cl[calc]),
            [
                ("login", 1),
                ("rate_calculator", 1),
                ("product_page_view", _bern(rng, 0.5, len(calc))),
            ],
            cut=cut[calc],
        )

    started = np.flatnonzero(~cs["lead"])
    sc = cl[started]
    m = len(started)
    log.add(
        rng,
        sc,
        cs["t_app"][started],
        _channel(rng, c, sc),
        [
            ("login", 1),
            ("form_started", 1),
            ("form_saved", _bern(rng, 0.5, m)),
        ],
        anchor=1,
        cut=cut[started],
    )
    n_fill = rng.poisson(0.8, m)
    f_case = np.repeat(started, n_fill)
    if len(f_case):
        when = cs["t_app"][f_case] + (
            rng.uniform(0.1, 0.9, len(f_case)) * (cs["t_sub"][f_case] - cs["t_app"][f_case])
        ).astype(np.int64)
        log.add(
            rng,
            cl[f_case],
            when,
            _channel(rng, c, cl[f_case]),
            [
                ("login", 1),
                ("form_saved", 1),
                ("document_upload", rng.poisson(1.0, len(f_case))),
            ],
            cut=cut[f_case],
        )
    sub = np.flatnonzero(~cs["lead"] & (~cs["drop"] | ~cs["drop_before"]))
    log.add(
        rng,
        cl[sub],
        cs["t_sub"][sub],
        _channel(rng, c, cl[sub]),
        [
            ("login", 1),
            ("document_upload", rng.poisson(1.5, len(sub))),
            ("form_submitted", 1),
        ],
        anchor=2,
        cut=cut[sub],
    )
    n_msg = 1 + rng.poisson(0.6, len(sub))
    m_case = np.repeat(sub, n_msg)
    if len(m_case):
        when = cs["t_sub"][m_case] + (
            rng.uniform(0.05, 0.95, len(m_case)) * (cs["t_dec"][m_case] - cs["t_sub"][m_case])
        ).astype(np.int64)
        log.add(
            rng,
            cl[m_case],
            when,
            _channel(rng, c, cl[m_case]),
            [
                ("login", 1),
                ("message_read", 1),
                ("document_upload", _bern(rng, 0.3, len(m_case))),
            ],
            cut=cut[m_case],
        )
    dec = np.flatnonzero(~cs["lead"] & ~cs["drop"])
    when = cs["t_dec"][dec] + (rng.uniform(0.05, 2.0, len(dec)) * DAY).astype(np.int64)
    log.add(
        rng,
        cl[dec],
        when,
        _channel(rng, c, cl[dec]),
        [("login", 1), ("message_read", 1)],
        cut=cut[dec],
    )

    # Post-loan: occasional logins to check repayments until maturity or as_of.
    loans = np.flatnonzero(vis["disbursed"])
    end = np.minimum(maturity_seconds(cs)[loans], h)
    months = np.maximum(0, (end - cs["t_disb"][loans]) / (30.4 * DAY))
    n_post = rng.poisson(0.1 * months)
    p_case = np.repeat(loans, n_post)
    if len(p_case):
        span = end[np.repeat(np.arange(len(loans)), n_post)] - cs["t_disb"][p_case]
        when = cs["t_disb"][p_case] + (rng.random(len(p_case)) * span).astype(np.int64)
        log.add(
            rng,
            cl[p_case],
            when,
            _channel(rng, c, cl[p_case]),
            [
                ("login", 1),
                ("message_read", _bern(rng, 0.5, len(p_case))),
            ],
            cut=np.full(len(p_case), h),
        )

    # Background logins over the client's life in the window.
    life_start = np.maximum(c.founded_s, ctx.start_s)
    years = np.maximum(0.0, (h - life_start) / DAY / 365.25)
    n_bg = rng.poisson(arch.attribute("digital_sessions_per_year")[c.archetype] * years)
    b_client = np.repeat(np.arange(c.n), n_bg)
    if len(b_client):
        when = life_start[b_client] + (
            rng.random(len(b_client)) * (h - life_start[b_client])
        ).astype(np.int64)
        log.add(
            rng,
            b_client,
            when,
            _channel(rng, c, b_client),
            [
                ("login", 1),
                ("message_read", _bern(rng, 0.3, len(b_client))),
            ],
            cut=np.full(len(b_client), h - 1),
        )

    client = np.concatenate(log.client)
    ts = np.concatenate(log.ts)
    session = np.concatenate(log.session)
    order = np.lexsort((session, ts, client))
    session = session[order]
    # Session ids numbered by first appearance in the sorted log.
    uniq, first_pos = np.unique(session, return_index=True)
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[np.argsort(first_pos)] = np.arange(len(uniq))
    sess_no = rank[np.searchsorted(uniq, session)] + chunk_index * 100_000_000
    n = len(order)
    return {
        "event_id": chunk_index * 1_000_000_000 + np.arange(1, n + 1, dtype=np.int64),
        "client_id": c.client_id[client[order]],
        "ts": ts[order].astype("datetime64[s]"),
        "channel": np.asarray(DIGITAL_CHANNELS, dtype=object)[np.concatenate(log.channel)[order]],
        "event_type": np.asarray(DIGITAL_EVENT_TYPES, dtype=object)[
            np.concatenate(log.event_type)[order]
        ],
        "session_id": np.char.add("WS", np.char.zfill(sess_no.astype("U11"), 11)).astype(object),
    }


# --- offline interactions ---------------------------------------------------------------------

_DURATION = {
    "rm_meeting": (30, 120),
    "phone_call": (2, 20),
    "branch_visit": (15, 60),
    "site_visit": (60, 240),
}


def interactions_table(
    ctx: Context, rng: np.random.Generator, c: Clients, cs: Arrays, vis: Arrays, chunk_index: int
) -> Table:
    """Rows of interactions: RM contact, first bank response, site visits, contract signing,
    post-loan monitoring, background RM meetings; notes are short Chinese free text."""
    h = ctx.horizon_s
    cut = vis["cut"]
    cl = cs["client"]
    n_case = len(cl)
    parts: list[tuple[np.ndarray, np.ndarray, int, bool, np.ndarray]] = []

    def add(
        client: np.ndarray,
        ts: np.ndarray,
        kind: str,
        keep: np.ndarray,
        rm: bool = True,
        until: np.ndarray | None = None,
    ) -> None:
        """Collect touchpoints (client, ts, kind, by the RM?, latest allowed ts)."""
        limit = np.full(len(ts), h) if until is None else until
        parts.append((client[keep], ts[keep], INTERACTION_KINDS.index(kind), rm, limit[keep]))

    ch = cs["channel"]
    p_rm = np.array([0.4, 0.9, 0.15, 0.15])[ch]  # branch, relationship_manager, web, app
    when = cs["t0"] + (rng.uniform(0.1, 0.9, n_case) * (cs["t_app"] - cs["t0"])).astype(np.int64)
    first_rm = rng.random(n_case) < p_rm
    kind_call = rng.random(n_case) < 0.5
    add(cl, when, "phone_call", first_rm & kind_call & (when <= cut), until=cut)
    add(cl, when, "rm_meeting", first_rm & ~kind_call & (when <= cut), until=cut)
    st = ~cs["lead"]
    when = cs["t_app"] + (rng.uniform(0.5, 6.0, n_case) * 3600).astype(np.int64)
    add(cl, when, "branch_visit", st & (ch == 0) & (when <= cut), until=cut)
    when = cs["t_app"] + np.round(cs["first_response_hours"] * 3600).astype(np.int64)
    add(cl, when, "phone_call", st & (when <= cut), until=cut)
    n_site = np.where(st, 1 + (rng.random(n_case) < 0.3), 0)
    s_case = np.repeat(np.arange(n_case), n_site)
    when = cs["t_dd_in"][s_case] + (
        rng.uniform(0.1, 0.9, len(s_case)) * (cs["t_dd_out"][s_case] - cs["t_dd_in"][s_case])
    ).astype(np.int64)
    add(cl[s_case], when, "site_visit", when <= cut[s_case], rm=False, until=cut[s_case])
    when = cs["t_dd_in"] + (
        rng.uniform(0.1, 0.9, n_case) * (cs["t_dd_out"] - cs["t_dd_in"])
    ).astype(np.int64)
    add(cl, when, "rm_meeting", st & (rng.random(n_case) < 0.5) & (when <= cut), until=cut)
    acc = cs["accepted"]
    when = cs["t_acc"] + (rng.uniform(0.2, 0.8, n_case) * (cs["t_disb"] - cs["t_acc"])).astype(
        np.int64
    )
    add(cl, when, "branch_visit", acc & (when <= h))
    loans = np.flatnonzero(vis["disbursed"])
    end = np.minimum(maturity_seconds(cs)[loans], h)
    n_mon = rng.poisson(np.maximum(0, (end - cs["t_disb"][loans]) / (182.6 * DAY)))
    m_case = np.repeat(loans, n_mon)
    span = end[np.repeat(np.arange(len(loans)), n_mon)] - cs["t_disb"][m_case]
    when = cs["t_disb"][m_case] + (rng.random(len(m_case)) * span).astype(np.int64)
    visit = rng.random(len(m_case)) < 0.5
    add(cl[m_case], when, "site_visit", visit, rm=False)
    add(cl[m_case], when, "phone_call", ~visit)
    life_start = np.maximum(c.founded_s, ctx.start_s)
    years = np.maximum(0.0, (h - life_start) / DAY / 365.25)
    n_bg = rng.poisson(arch.attribute("rm_meetings_per_year")[c.archetype] * years)
    b_client = np.repeat(np.arange(c.n), n_bg)
    when = life_start[b_client] + (rng.random(len(b_client)) * (h - life_start[b_client])).astype(
        np.int64
    )
    add(b_client, when, "rm_meeting", np.ones(len(b_client), dtype=bool))

    client = np.concatenate([p[0] for p in parts])
    ts = np.concatenate([p[1] for p in parts])
    kind = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
    by_rm = np.concatenate([np.full(len(p[0]), p[3]) for p in parts])
    until = np.concatenate([p[4] for p in parts])
    # Meetings and visits happen in office hours: map the time of day onto 09:00-18:00.
    tod = ts % DAY
    office = ts - tod + 9 * 3600 + (tod * 9 // 24)
    ts = np.where(kind != INTERACTION_KINDS.index("phone_call"), np.minimum(office, until), ts)
    order = np.lexsort((kind, ts, client))
    client, ts, kind, by_rm = client[order], ts[order], kind[order], by_rm[order]
    n = len(client)
    risk_officer = (c.branch[client] + 1) * 1000 + 40 + rng.integers(0, 20, size=n)
    staff = np.where(by_rm, c.rm_staff[client], risk_officer)
    lo = np.array([_DURATION[k][0] for k in INTERACTION_KINDS])[kind]
    hi = np.array([_DURATION[k][1] for k in INTERACTION_KINDS])[kind]
    duration = rng.integers(lo, hi + 1).astype(float)
    duration[rng.random(n) < 0.02] = np.nan
    notes = _notes(rng, kind)
    return {
        "interaction_id": chunk_index * 10_000_000 + np.arange(1, n + 1, dtype=np.int64),
        "client_id": c.client_id[client],
        "ts": ts.astype("datetime64[s]"),
        "kind": np.asarray(INTERACTION_KINDS, dtype=object)[kind],
        "staff_id": np.char.add("S", np.char.zfill(staff.astype("U5"), 5)).astype(object),
        "duration_min": duration,
        "notes": notes,
    }


def _notes(rng: np.random.Generator, kind: np.ndarray) -> np.ndarray:
    """A template per row by kind, with `{phone}` and `{product}` filled; ~8% left empty."""
    n = len(kind)
    out = np.empty(n, dtype=object)
    for k, name in enumerate(INTERACTION_KINDS):
        m = np.flatnonzero(kind == k)
        if len(m) == 0:
            continue
        templates = np.asarray(names.NOTE_TEMPLATES[name], dtype=object)
        chosen = templates[rng.integers(0, len(templates), size=len(m))]
        phones = names.mobile_numbers(rng, len(m))
        products = np.asarray(list(names.PRODUCT_WORDS.values()), dtype=object)[
            rng.integers(0, len(PRODUCTS), size=len(m))
        ]
        filled = _fill(chosen, phones, products)
        out[m] = filled
    out[rng.random(n) < 0.08] = None
    return out


def _fill(templates: np.ndarray, phones: np.ndarray, products: np.ndarray) -> np.ndarray:
    """Vectorised placeholder filling: split each distinct template once, then concatenate."""
    out = templates.copy()
    for t in np.unique(templates):
        m = templates == t
        if "{phone}" in t:
            head, tail = t.split("{phone}")
            out[m] = head + phones[m] + tail
        elif "{product}" in t:
            head, tail = t.split("{product}")
            out[m] = head + products[m] + tail
    return out


# --- surveys ----------------------------------------------------------------------------------

SURVEY_RESPONSE = 0.3
CSAT_BASE = {"application": 2.9, "approval": 3.1, "contract_disbursement": 3.3, "post_loan": 3.2}
CSAT_DECLINED = -0.5
"""Declined clients rate the decision lower."""
CSAT_NOISE = 1.2
"""Half-width of the uniform per-response noise of the expected CSAT."""


def csat_expected(
    ctx: Context, stage: str, ts: np.ndarray, archetype: np.ndarray, v2: np.ndarray
) -> np.ndarray:
    """Expected CSAT before noise: stage base + archetype + common trend + form effect."""
    years = np.clip((ts - ctx.start_s) / DAY / 365.25, 0.0, fx.TREND_MAX_YEARS)
    mu = (
        CSAT_BASE[stage] + arch.attribute("csat_offset")[archetype] + fx.CSAT_TREND_PER_YEAR * years
    )
    if stage == "application":
        mu = mu + fx.FORM_CSAT_EFFECT * v2
    return mu


def surveys_table(
    ctx: Context, rng: np.random.Generator, c: Clients, cs: Arrays, vis: Arrays, chunk_index: int
) -> Table:
    """Rows of surveys: ~30% respond after the application stage, the decision, the
    disbursement and six months into the loan. E[csat] is exact: csat = floor(mu + U)."""
    h = ctx.horizon_s
    n_case = len(cs["client"])
    lead = cs["lead"]
    rw_end = np.where(cs["rework"] == 1, cs["t_rwa_out"], cs["t_app_done"])
    points = [
        ("application", rw_end, vis["submitted"]),
        ("approval", cs["t_dec"], vis["decided"]),
        ("contract_disbursement", cs["t_disb"], vis["disbursed"]),
        ("post_loan", cs["t_disb"] + 182 * DAY, vis["disbursed"]),
    ]
    cut = vis["cut"]
    cases, stages, tss, mus = [], [], [], []
    for stage, t, eligible in points:
        ts = t + (rng.uniform(0.5, 3.0, n_case) * DAY).astype(np.int64)
        ok = np.flatnonzero(
            eligible & ~lead & (rng.random(n_case) < SURVEY_RESPONSE) & (ts <= cut) & (ts <= h)
        )
        cases.append(ok)
        stages.append(np.full(len(ok), stage, dtype=object))
        tss.append(ts[ok])
        mu = csat_expected(ctx, stage, ts[ok], c.archetype[cs["client"][ok]], cs["v2"][ok])
        if stage == "approval":
            mu = mu + CSAT_DECLINED * cs["declined"][ok]
        mus.append(mu)
    case = np.concatenate(cases)
    ts = np.concatenate(tss)
    mu = np.concatenate(mus) + rng.uniform(-CSAT_NOISE, CSAT_NOISE, len(case))
    csat = np.clip(np.floor(mu + rng.random(len(case))), 1, 5).astype(np.int64)
    nps = np.clip(np.round(2.0 * csat - 0.5 + rng.normal(0, 1.2, len(case))), 0, 10).astype(
        np.int64
    )
    stage = np.concatenate(stages)
    order = np.lexsort((ts, cs["client"][case]))
    case, ts, stage, csat, nps = case[order], ts[order], stage[order], csat[order], nps[order]
    n = len(case)
    return {
        "response_id": chunk_index * 10_000_000 + np.arange(1, n + 1, dtype=np.int64),
        "client_id": c.client_id[cs["client"][case]],
        "application_id": application_ids(c.number[cs["client"][case]], cs["k"][case]),
        "stage": stage,
        "ts": ts.astype("datetime64[s]"),
        "csat": csat,
        "nps": nps,
    }
