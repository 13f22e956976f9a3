"""The conformed tables, built with DuckDB over the accepted sources: outcomes, journey log, 360."""

from __future__ import annotations

from pathlib import Path

import duckdb

from journey_utils.catalog import CLASSIFICATIONS, NPL_CLASSES, SOURCES, STAGES
from journey_utils.duckdb_sql import PARQUET, case_order, count_rows, path_literal
from journey_utils.integration.sources import ROW_COLUMN
from journey_utils.params.run import RunParams


def infer_outcomes(con: duckdb.DuckDBPyConnection, staging: Path, params: RunParams) -> None:
    """Rewrite applications with the journey outcome: raw in_progress gone quiet → abandoned.

    An open application whose last activity (last stage event; without any, submission or
    start) is more than `abandon_after_days` before `as_of` counts as abandoned; the source's
    own value stays in `outcome_raw`.
    """
    apps = staging / "applications.parquet"
    tmp = staging / "applications.outcome.parquet"
    events = path_literal(staging / "stage_events.parquet")
    as_of = f"date '{params.as_of.isoformat()}'"
    con.execute(
        f"""
        copy (
          with last_stage as (
            select application_id, max(ts) as last_stage_at
            from read_parquet({events}) group by application_id
          ),
          apps as (
            select a.*, coalesce(l.last_stage_at, a.submitted_at, a.started_at) as last_activity_at
            from read_parquet({path_literal(apps)}) a left join last_stage l using (application_id)
          )
          select * replace (
                   case when outcome = 'in_progress'
                         and date_diff('day', cast(last_activity_at as date), {as_of})
                             > {int(params.abandon_after_days)}
                        then 'abandoned' else outcome end as outcome
                 ),
                 outcome as outcome_raw
          from apps order by {ROW_COLUMN}
        ) to {path_literal(tmp)} ({PARQUET})
        """
    )
    tmp.replace(apps)


def build_journey_log(con: duckdb.DuckDBPyConnection, staging: Path) -> int:
    """One row per stage event with the case's attributes and outcome, in case and time order."""
    stage_order = case_order("s.stage", STAGES)
    events = path_literal(staging / "stage_events.parquet")
    apps = path_literal(staging / "applications.parquet")
    con.execute(
        f"""
        copy (
          select s.application_id, a.client_id, s.stage, s.status, s.ts,
                 a.product, a.channel, a.branch_id, a.form_version, a.n_form_fields,
                 a.personalised, a.outcome, a.last_activity_at
          from read_parquet({events}) s
          join read_parquet({apps}) a using (application_id)
          order by s.application_id, s.ts, {stage_order},
                   case s.status when 'entered' then 0 else 1 end
        ) to {path_literal(staging / "journey_log.parquet")} ({PARQUET})
        """
    )
    return count_rows(con, staging / "journey_log.parquet")


def build_client_360(con: duckdb.DuckDBPyConnection, staging: Path, params: RunParams) -> int:
    """One row per accepted client: firmographics, latest financials and credit, behaviour,
    applications and loans, satisfaction."""
    p = {name: path_literal(staging / f"{name}.parquet") for name in SOURCES}
    as_of = params.as_of.isoformat()
    window_start = f"(date '{as_of}' + interval 1 day - interval 12 month)"
    window_end = f"(date '{as_of}' + interval 1 day)"
    channels = ("web", "app", "wechat", "call_centre")
    kinds = ("rm_meeting", "branch_visit", "phone_call", "site_visit")
    channel_cols = ",\n".join(
        f"count(*) filter (where channel = '{c}') / count(*) as share_{c}_12m" for c in channels
    )
    kind_cols = ",\n".join(
        f"count(*) filter (where kind = '{k}' and recent) as n_{k}_12m" for k in kinds
    )
    class_rank = case_order("lp.classification", CLASSIFICATIONS)
    classes = ", ".join(f"'{c}'" for c in CLASSIFICATIONS)
    npl = ", ".join(f"'{c}'" for c in NPL_CLASSES)
    outcomes = ("disbursed", "declined", "withdrawn", "abandoned", "in_progress")
    outcome_cols = ",\n".join(f"count(*) filter (where outcome = '{o}') as n_{o}" for o in outcomes)
    con.execute(
        f"""
        copy (
          with fin as (
            select f.*, prev.revenue as prev_revenue
            from read_parquet({p["financials"]}) f
            left join read_parquet({p["financials"]}) prev
              on prev.client_id = f.client_id and prev.fiscal_year = f.fiscal_year - 1
            where f.fiscal_year <= {params.as_of.year}
            qualify row_number() over (partition by f.client_id order by f.fiscal_year desc) = 1
          ),
          credit as (
            select * from read_parquet({p["credit_history"]})
            qualify row_number() over (partition by client_id order by as_of_date desc) = 1
          ),
          digital as (
            select client_id,
                   count(*) as n_digital_events_12m,
                   count(distinct session_id) as n_sessions_12m,
                   {channel_cols}
            from read_parquet({p["digital_events"]})
            where ts >= {window_start} and ts < {window_end}
            group by client_id
          ),
          offline as (
            select client_id,
                   count(*) as n_interactions,
                   count(*) filter (where recent) as n_interactions_12m,
                   sum(duration_min) filter (where recent) as interaction_minutes_12m,
                   {kind_cols}
            from (select *, ts >= {window_start} and ts < {window_end} as recent
                  from read_parquet({p["interactions"]}))
            group by client_id
          ),
          apps as (
            select client_id,
                   count(*) as n_applications,
                   {outcome_cols},
                   min(started_at) as first_application_at,
                   max(started_at) as last_application_at
            from read_parquet({p["applications"]})
            group by client_id
          ),
          loan_months as (
            select a.client_id, lp.application_id, lp.month, lp.balance, lp.dpd,
                   {class_rank} as class_rank
            from read_parquet({p["loan_performance"]}) lp
            join read_parquet({p["applications"]}) a using (application_id)
          ),
          loans as (
            select client_id,
                   count(distinct application_id) as n_loans,
                   max(class_rank) as worst_rank,
                   max(dpd) as max_dpd
            from loan_months group by client_id
          ),
          balances as (
            select client_id, sum(balance) as outstanding_balance
            from (select * from loan_months
                  qualify row_number() over (partition by application_id order by month desc) = 1)
            group by client_id
          ),
          surveys as (
            select client_id, count(*) as n_survey_responses,
                   avg(csat) as mean_csat, avg(nps) as mean_nps
            from read_parquet({p["surveys"]}) group by client_id
          )
          select
            c.client_id, c.industry, c.high_tech, c.province, c.region, c.founded_on,
            date_diff('day', c.founded_on, date '{as_of}') / 365.25 as firm_age_years,
            c.employees, c.ownership, c.listed, c.home_branch_id,
            fin.fiscal_year, fin.revenue, fin.net_profit, fin.total_assets,
            fin.total_liabilities, fin.current_assets, fin.current_liabilities,
            fin.operating_cash_flow, fin.interest_expense,
            fin.total_liabilities / nullif(fin.total_assets, 0) as leverage,
            fin.current_assets / nullif(fin.current_liabilities, 0) as current_ratio,
            (fin.net_profit + fin.interest_expense) / nullif(fin.interest_expense, 0)
              as interest_cover,
            fin.net_profit / nullif(fin.revenue, 0) as net_margin,
            fin.revenue / nullif(fin.prev_revenue, 0) - 1 as revenue_growth,
            credit.as_of_date as credit_as_of, credit.internal_rating, credit.bureau_score,
            credit.past_loans, credit.max_dpd_24m, credit.defaulted_before, credit.inquiries_6m,
            coalesce(digital.n_digital_events_12m, 0) as n_digital_events_12m,
            coalesce(digital.n_sessions_12m, 0) as n_sessions_12m,
            {", ".join(f"digital.share_{c}_12m" for c in channels)},
            coalesce(offline.n_interactions, 0) as n_interactions,
            coalesce(offline.n_interactions_12m, 0) as n_interactions_12m,
            coalesce(offline.interaction_minutes_12m, 0) as interaction_minutes_12m,
            {", ".join(f"coalesce(offline.n_{k}_12m, 0) as n_{k}_12m" for k in kinds)},
            coalesce(apps.n_applications, 0) as n_applications,
            {", ".join(f"coalesce(apps.n_{o}, 0) as n_{o}" for o in outcomes)},
            apps.first_application_at, apps.last_application_at,
            coalesce(loans.n_loans, 0) as n_loans,
            balances.outstanding_balance,
            ([{classes}])[loans.worst_rank] as worst_classification,
            case when loans.worst_rank is null then null
                 else ([{classes}])[loans.worst_rank] in ({npl}) end as npl,
            loans.max_dpd,
            coalesce(surveys.n_survey_responses, 0) as n_survey_responses,
            surveys.mean_csat, surveys.mean_nps
          from read_parquet({p["clients"]}) c
          left join fin using (client_id)
          left join credit using (client_id)
          left join digital using (client_id)
          left join offline using (client_id)
          left join apps using (client_id)
          left join loans using (client_id)
          left join balances using (client_id)
          left join surveys using (client_id)
          order by c.{ROW_COLUMN}
        ) to {path_literal(staging / "client_360.parquet")} ({PARQUET})
        """
    )
    return count_rows(con, staging / "client_360.parquet")
