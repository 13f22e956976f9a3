"""Key figures of a run for the one-page summary: volumes, data quality, portfolio headline."""

from __future__ import annotations

import html
from dataclasses import dataclass

import duckdb
import pandas as pd

from journey_utils.catalog import NPL_CLASSES
from journey_utils.i18n import check_lang
from journey_utils.params.run import RunParams
from journey_utils.plotting import format_cny, format_count, format_pct
from journey_utils.summary.messages import MESSAGES


@dataclass(frozen=True)
class Kpi:
    """One headline figure: a machine value, its display text and a one-line explanation."""

    key: str
    label: str
    value: float
    text: str
    note: str = ""


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> float:
    value = con.execute(sql).fetchone()[0]
    return float(value) if value is not None else float("nan")


def _note(key: str, lang: str, **fields: str) -> str:
    """What the headline tile `key` counts, in `lang` (the catalog's `kpi_note.<key>`)."""
    return MESSAGES(f"kpi_note.{key}", lang, **fields)


def _label(key: str) -> str:
    """The English name of the headline figure `key`, the label saved with the KPI history."""
    return MESSAGES(f"kpi_label.{key}")


def kpi_name(kpi_key: str, label: str, lang: str = "en") -> str:
    """A KPI's name: its carried (English, saved) label in English, the catalog's in Chinese."""
    key = f"kpi_label.{kpi_key}"
    return label if check_lang(lang) == "en" or key not in MESSAGES else MESSAGES(key, lang)


def summary_kpis(params: RunParams, summary: pd.DataFrame) -> list[Kpi]:
    """Headline volumes and quality from the conformed Parquet tables (DuckDB, bounded memory)."""
    p = params.processed_dir
    con = duckdb.connect()
    try:
        apps = f"read_parquet('{p / 'applications.parquet'}')"
        perf = f"read_parquet('{p / 'loan_performance.parquet'}')"
        npl = ", ".join(f"'{c}'" for c in NPL_CLASSES)
        clients = _scalar(con, f"select count(*) from read_parquet('{p / 'client_360.parquet'}')")
        n_apps = _scalar(con, f"select count(*) from {apps}")
        disbursed = _scalar(con, f"select count(*) from {apps} where outcome = 'disbursed'")
        amount = _scalar(con, f"select sum(approved_amount) from {apps} where outcome='disbursed'")
        events = _scalar(con, f"select count(*) from read_parquet('{p / 'journey_log.parquet'}')")
        # The regulator's NPL ratio by count: loans on the book at the last month-end reported
        # (balance > 0), classified substandard or worse (the watchlist uses the same rule).
        npl_share = _scalar(
            con,
            f"""with last as (select application_id, max(month) as m,
                                     arg_max(classification, month) as cls,
                                     arg_max(balance, month) as bal
                              from {perf} group by application_id)
                select avg(case when cls in ({npl}) then 1.0 else 0.0 end) from last
                where m = (select max(month) from {perf}) and bal > 0""",
        )
        surveys = p / "surveys.parquet"
        csat = _scalar(
            con,
            f"""select avg(csat) from read_parquet('{surveys}')
                where ts > timestamp '{params.as_of}' - interval 12 month""",
        )
    finally:
        con.close()
    lang = params.lang
    share = format_pct(disbursed / n_apps if n_apps else float("nan"))
    rows_in = float(summary["rows_in"].sum())
    quarantined = float(summary["quarantined"].sum())
    return [
        Kpi("clients", _label("clients"), clients, format_count(clients), _note("clients", lang)),
        Kpi(
            "applications",
            _label("applications"),
            n_apps,
            format_count(n_apps),
            _note("applications", lang),
        ),
        Kpi(
            "disbursed",
            _label("disbursed"),
            disbursed,
            format_count(disbursed),
            _note("disbursed", lang, share=share),
        ),
        Kpi(
            "disbursed_amount",
            _label("disbursed_amount"),
            amount,
            format_cny(amount, lang),
            _note("disbursed_amount", lang),
        ),
        Kpi(
            "stage_events",
            _label("stage_events"),
            events,
            format_count(events),
            _note("stage_events", lang),
        ),
        Kpi(
            "npl_share",
            _label("npl_share"),
            npl_share,
            format_pct(npl_share),
            _note("npl_share", lang),
        ),
        Kpi("csat", _label("csat"), csat, f"{csat:.2f} / 5", _note("csat", lang)),
        Kpi(
            "rows_in",
            _label("rows_in"),
            rows_in,
            format_count(rows_in),
            _note("rows_in", lang),
        ),
        Kpi(
            "quarantine_share",
            _label("quarantine_share"),
            quarantined / rows_in if rows_in else float("nan"),
            format_pct(quarantined / rows_in if rows_in else float("nan"), 2),
            _note("quarantine_share", lang, n=format_count(quarantined)),
        ),
    ]


def kpis_frame(kpis: list[Kpi]) -> pd.DataFrame:
    """The KPIs as a table (the numbers behind the tiles)."""
    return pd.DataFrame([k.__dict__ for k in kpis])


def kpis_table(kpis: list[Kpi]) -> pd.DataFrame:
    """The KPIs as a report table: figure, value as shown, what it counts."""
    return pd.DataFrame(
        {
            "figure": [k.label for k in kpis],
            "value": [k.text for k in kpis],
            "what_it_counts": [k.note for k in kpis],
        }
    )


def kpi_tiles_html(kpis: list[Kpi]) -> str:
    """KPI tiles as self-contained HTML (inline styles, no external assets)."""
    tile = (
        '<div style="flex:1 1 170px;border:1px solid #d9dee5;border-radius:8px;padding:12px 14px;'
        'background:#f7f9fc"><div style="font-size:12px;color:#6c757d;text-transform:uppercase;'
        'letter-spacing:.04em">{label}</div><div style="font-size:24px;font-weight:700;'
        'color:#1f4e79;margin:4px 0">{text}</div><div style="font-size:12px;color:#555">{note}'
        "</div></div>"
    )
    tiles = "".join(
        tile.format(label=html.escape(k.label), text=html.escape(k.text), note=html.escape(k.note))
        for k in kpis
    )
    return f'<div style="display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 16px">{tiles}</div>'
