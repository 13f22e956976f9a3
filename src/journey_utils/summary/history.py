"""KPI history across runs: save each run's headline figures, compare with the previous scheduled
run, and show the change on the summary tiles."""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from journey_utils.catalog import STAGES
from journey_utils.errors import InputError
from journey_utils.i18n import LANGS, check_lang
from journey_utils.integration.inventory import input_inventory
from journey_utils.params.run import RunParams, project_root
from journey_utils.parquet_files import write_parquet_atomic
from journey_utils.plotting import PALETTE, format_cny, format_count, format_pct, md_escape
from journey_utils.summary.kpis import Kpi, kpi_name, kpi_tiles_html
from journey_utils.summary.messages import MESSAGES
from journey_utils.vocabulary import stage_label

HISTORY_FILE = "kpi_history.parquet"
HISTORY_COLUMNS: tuple[str, ...] = (
    "run_id",
    "run_at",
    "scheduled",
    "data_fingerprint",
    "key",
    "label",
    "value",
    "text",
    "unit",
)
"""One row per run x KPI; `unit` (share, count, cny, days, number) says how a change is shown."""

KPI_UNITS: dict[str, str] = {
    "clients": "count",
    "applications": "count",
    "disbursed": "count",
    "disbursed_amount": "cny",
    "stage_events": "count",
    "npl_share": "share",
    "rows_in": "count",
    "quarantine_share": "share",
    "journey_conversion": "share",
    "median_days_to_decision": "days",
    "largest_dropoff_stage": "share",
}
"""Units of the known KPIs; others are guessed from the name (`kpi_unit`)."""

KPI_POLARITY: dict[str, int] = {
    "applications": 1,
    "disbursed": 1,
    "disbursed_amount": 1,
    "journey_conversion": 1,
    "npl_share": -1,
    "quarantine_share": -1,
    "median_days_to_decision": -1,
}
"""+1 when higher is better, -1 when lower is better; KPIs not listed go by `_POLARITY_WORDS`,
else 0 (neutral: a change is shown but neither green nor red)."""

TEXT_KPIS: frozenset[str] = frozenset({"largest_dropoff_stage"})
"""KPIs whose headline is their text (a stage): a different text is a change of its own, and
their values are compared only while the text stays the same."""

_POLARITY_WORDS: tuple[tuple[str, int], ...] = (
    ("npl", -1),
    ("days", -1),
    ("time_to", -1),
    ("quarantine", -1),
    ("conversion", 1),
    ("csat", 1),
    ("satisf", 1),
    ("approval_rate", 1),
    ("acceptance", 1),
    ("completion", 1),
)

_RUN_ID_TIME = re.compile(r"^(\d{8}-\d{6})-")
_ARROWS = {"up": "▲", "down": "▼", "unchanged": "=", "changed": "↔", "new": "•", "n/a": "•"}
_COLOURS = {"better": PALETTE[2], "worse": PALETTE[1]}
MINUS = "−"


@dataclass(frozen=True)
class RunIdentity:
    """Who is running the notebook: the runner's run id and start time, or an interactive run."""

    run_id: str
    run_at: datetime
    scheduled: bool


def kpi_history_path(params: RunParams) -> Path:
    """The data set's KPI history file (per data set: KPIs of different data are not comparable)."""
    return params.root / HISTORY_FILE


def run_identity(namespace: Mapping[str, Any], now: datetime | None = None) -> RunIdentity:
    """The run from a notebook's globals: `run_id` / `scheduled` (and `run_started`) injected by
    `journey run`, else an interactive run stamped with the current UTC time."""
    run_id = namespace.get("run_id")
    if not run_id:
        moment = (now or datetime.now(UTC)).astimezone(UTC)
        return RunIdentity(f"interactive-{moment:%Y%m%d-%H%M%S}", moment, False)
    started = namespace.get("run_started") or _time_from_run_id(str(run_id)) or now
    return RunIdentity(
        str(run_id), _as_utc(started or datetime.now(UTC)), bool(namespace.get("scheduled", True))
    )


def _time_from_run_id(run_id: str) -> datetime | None:
    """The UTC start time encoded in a runner id `YYYYmmdd-HHMMSS-<name>`, if it has one."""
    match = _RUN_ID_TIME.match(run_id)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def _as_utc(moment: datetime | str | pd.Timestamp) -> datetime:
    stamp = pd.Timestamp(moment)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.to_pydatetime()


def data_fingerprint(params: RunParams) -> str:
    """A short hash of the run's inputs (the integration report's file hashes), so a reader can
    tell whether two runs saw the same data."""
    sources = input_inventory(params, project_root())["sources"]
    pairs = sorted((str(name), str(info.get("sha256", ""))) for name, info in sources.items())
    return hashlib.sha256(json.dumps(pairs).encode()).hexdigest()[:16]


def kpi_unit(key: str) -> str:
    """How a KPI's change is shown: share, count, cny, days or number (known KPIs, else by its
    name)."""
    if key in KPI_UNITS:
        return KPI_UNITS[key]
    if re.search(r"(share|conversion|rate|ratio)$", key):
        return "share"
    return "days" if "days" in key else "number"


def polarity(key: str) -> int:
    """+1 higher is better, -1 lower is better, 0 neutral, for a KPI key."""
    if key in KPI_POLARITY:
        return KPI_POLARITY[key]
    return next((sign for word, sign in _POLARITY_WORDS if word in key), 0)


def kpi_records(kpis: Sequence[Kpi] | pd.DataFrame) -> pd.DataFrame:
    """KPIs (a list of `Kpi` or `kpis_frame`'s table) as key, label, value, text, unit rows."""
    frame = kpis.copy() if isinstance(kpis, pd.DataFrame) else pd.DataFrame(map(vars, kpis))
    if frame.empty:
        raise InputError("kpis", "no KPIs given")
    if "key" not in frame.columns or "value" not in frame.columns:
        raise InputError("kpis", "needs columns key and value", column="key")
    if frame["key"].duplicated().any():
        dup = frame.loc[frame["key"].duplicated(), "key"].iloc[0]
        raise InputError("kpis", f"KPI {dup!r} given twice", column="key")
    frame["key"] = frame["key"].astype(str)
    frame["label"] = frame.get("label", frame["key"]).astype(str)
    frame["text"] = frame.get("text", pd.Series("", index=frame.index)).astype(str)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    if "unit" not in frame.columns:
        frame["unit"] = frame["key"].map(kpi_unit)
    return frame[["key", "label", "value", "text", "unit"]].reset_index(drop=True)


def read_kpi_history(history_path: Path, missing_ok: bool = False) -> pd.DataFrame | None:
    """The saved history (None when missing and `missing_ok`); a missing or unreadable file
    otherwise stops with one line naming it."""
    path = Path(history_path)
    if not path.is_file():
        if missing_ok:
            return None
        raise InputError(path, "KPI history file not found")
    try:
        history = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for a damaged file
        reason = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
        raise InputError(
            path, f"not a readable KPI history ({reason}); restore or delete it"
        ) from None
    missing = [c for c in HISTORY_COLUMNS if c not in history.columns]
    if missing:
        raise InputError(
            path, f"not a KPI history: missing column(s) {', '.join(missing)}", column=missing[0]
        )
    return history[list(HISTORY_COLUMNS)]


def save_run_kpis(
    history_path: Path,
    run_id: str,
    run_at: datetime | str,
    data_fingerprint: str,
    kpis: Sequence[Kpi] | pd.DataFrame,
    scheduled: bool,
) -> pd.DataFrame:
    """Add this run's KPIs to the history (replacing the run's rows if it was saved before, so
    re-running a run id never duplicates) and return the whole history."""
    if not str(run_id).strip():
        raise InputError(history_path, "empty run id", column="run_id")
    rows = kpi_records(kpis).assign(
        run_id=str(run_id),
        run_at=pd.Timestamp(_as_utc(run_at)),
        scheduled=bool(scheduled),
        data_fingerprint=str(data_fingerprint),
    )[list(HISTORY_COLUMNS)]
    old = read_kpi_history(Path(history_path), missing_ok=True)
    if old is not None and not old.empty:
        rows = pd.concat([old[old["run_id"] != str(run_id)], rows], ignore_index=True)
    history = rows.sort_values("run_at", kind="stable").reset_index(drop=True)
    history["run_at"] = pd.to_datetime(history["run_at"], utc=True)
    write_parquet_atomic(history, Path(history_path))
    return history


def previous_run_kpis(
    history_path: Path, run_id: str, scheduled_only: bool = True
) -> pd.DataFrame | None:
    """The KPIs of the latest run before `run_id` (scheduled runs only by default), or None when
    there is none (the first run). Runs after `run_id`, if it is in the history, are ignored."""
    history = read_kpi_history(Path(history_path), missing_ok=True)
    if history is None:
        return None
    earlier = history[history["run_id"] != str(run_id)]
    own = history.loc[history["run_id"] == str(run_id), "run_at"]
    if not own.empty:
        earlier = earlier[earlier["run_at"] < own.min()]
    if scheduled_only:
        earlier = earlier[earlier["scheduled"].astype(bool)]
    if earlier.empty:
        return None
    latest = earlier.sort_values("run_at", kind="stable")["run_id"].iloc[-1]
    return earlier[earlier["run_id"] == latest].reset_index(drop=True)


def _signed(number: float, body: str) -> str:
    return f"+{body}" if number > 0 else (f"{MINUS}{body}" if number < 0 else body)


def _change_text(unit: str, change: float, previous: float, lang: str = "en") -> str:
    """The change as shown: pp for shares, counts with separators, CNY in bank units."""
    size = abs(change)
    if unit == "share":
        return _signed(change, MESSAGES("change_pp", lang, pp=f"{100 * size:.1f}"))
    if unit == "days":
        return _signed(change, MESSAGES("change_days", lang, days=f"{size:.1f}"))
    if unit == "count":
        body = format_count(size)
    elif unit == "cny":
        body = format_cny(size, lang)
    else:
        body = f"{size:,.2f}"
    relative = change / previous if previous else math.nan
    if math.isfinite(relative) and change != 0:
        body += f" ({_signed(relative, format_pct(abs(relative)))})"
    return _signed(change, body)


def _rounded_change(unit: str, change: float) -> float:
    """The change at the precision it is shown, so '+0.0 pp' never counts as a move."""
    if unit == "share":
        return round(100 * change, 1) / 100
    if unit == "days":
        return round(change, 1)
    return round(change, 0 if unit in ("count", "cny") else 2)


def _shown_change(unit: str, change: float, previous: float, direction: str, lang: str) -> str:
    """The change in words for a report in `lang` ('unchanged' when it rounds to nothing)."""
    if direction not in ("up", "down"):
        return MESSAGES("change_unchanged", lang) if direction == "unchanged" else ""
    return _change_text(unit, _rounded_change(unit, change), previous, lang)


_VALUE_TEXTS: dict[str, Callable[[float, str], str]] = {
    "cny": format_cny,
    "days": lambda days, lang: MESSAGES(
        "kpi_value.median_days_to_decision", lang, days=f"{days:.0f}"
    ),
}
"""How a tile writes a figure whose text differs by language, by unit (shares, counts and
scores read the same in every language)."""


def _stage_of(text: str) -> str | None:
    """The journey stage a text KPI's headline names, in any report language (else None)."""
    return next(
        (stage for stage in STAGES if any(text == stage_label(stage, lang) for lang in LANGS)),
        None,
    )


def _same_text(text: object, previous: object) -> bool:
    """Two runs' headline texts say the same: equal, or naming one stage in two languages."""
    if str(text) == str(previous):
        return True
    stage = _stage_of(str(text))
    return stage is not None and stage == _stage_of(str(previous))


def previous_text_in(row: pd.Series, lang: str) -> str:
    """The previous run's figure as a report in `lang` shows it. The history is shared by both
    languages, so a run in the other language saved its text in that language: a stage is named
    in `lang`, and a figure whose saved text is the other language's writing of its saved number
    (CNY, days) is written again from that number. Any other text is shown as saved."""
    saved = str(row["previous_text"])
    if row["key"] in TEXT_KPIS:
        stage = _stage_of(saved)
        return saved if stage is None else stage_label(stage, lang)
    write = _VALUE_TEXTS.get(str(row["unit"]))
    if write is None or pd.isna(row["previous"]):
        return saved
    value = float(row["previous"])
    if any(saved == write(value, other) for other in LANGS if other != lang):
        return write(value, lang)
    return saved


def _row_change(row: pd.Series, lang: str) -> str:
    """A row's change in `lang`, worded as `change_text` words it in English."""
    if row["direction"] == "changed":
        return MESSAGES("change_was", lang, previous=previous_text_in(row, lang))
    return _shown_change(row["unit"], row["change"], row["previous"], row["direction"], lang)


def _one_change(row: pd.Series) -> dict[str, Any]:
    current, previous, unit = row["value"], row["previous"], row["unit"]
    if pd.isna(previous) or pd.isna(current):
        direction = "new" if pd.isna(previous) and not pd.isna(current) else "n/a"
        return {"change": math.nan, "direction": direction, "assessment": "", "change_text": ""}
    if row["key"] in TEXT_KPIS and not _same_text(row["text"], row["previous_text"]):
        text = MESSAGES("change_was", "en", previous=str(row["previous_text"]))
        return {"change": math.nan, "direction": "changed", "assessment": "", "change_text": text}
    change = _rounded_change(unit, float(current) - float(previous))
    direction = "up" if change > 0 else ("down" if change < 0 else "unchanged")
    sign = polarity(row["key"])
    assessment = "unchanged" if change == 0 else ""
    if sign and change:
        assessment = "better" if sign * change > 0 else "worse"
    return {
        "change": float(current) - float(previous),
        "direction": direction,
        "assessment": assessment,
        "change_text": _shown_change(unit, change, float(previous), direction, "en"),
    }


def kpi_changes(
    current: Sequence[Kpi] | pd.DataFrame, previous: pd.DataFrame | None, lang: str | None = None
) -> pd.DataFrame:
    """Per current KPI: value now and before, absolute change (pp for shares), direction, and
    better/worse by the KPI's polarity ('' when neutral); previous None means the first run.

    With `lang`, the columns a report shows (label, previous_text, change_text) are in that
    language, the previous figure written in it where the history saved another language's
    text (`previous_text_in`); without, they are as saved, the change in English."""
    now = kpi_records(current)
    empty = pd.DataFrame(columns=list(HISTORY_COLUMNS))
    before = previous if previous is not None else empty
    before = before.drop_duplicates("key", keep="last").set_index("key")

    def earlier(column: str, missing: object) -> list[object]:
        return [before[column].get(key, missing) for key in now["key"]]

    table = now.assign(
        previous=pd.Series(earlier("value", math.nan), dtype="float64"),
        previous_text=earlier("text", ""),
        previous_run_id=earlier("run_id", ""),
        previous_run_at=earlier("run_at", pd.NaT),
        polarity=now["key"].map(polarity),
    )
    parts = pd.DataFrame([_one_change(row) for _, row in table.iterrows()], index=table.index)
    table = pd.concat([table, parts], axis=1)
    table["change_pp"] = (100 * table["change"]).where(table["unit"] == "share")
    order = [
        "key",
        "label",
        "unit",
        "value",
        "text",
        "previous",
        "previous_text",
        "change",
        "change_pp",
        "direction",
        "polarity",
        "assessment",
        "change_text",
        "previous_run_id",
        "previous_run_at",
    ]
    table = table[order].rename(columns={"value": "current", "text": "current_text"})
    return table if lang is None else _in_language(table, check_lang(lang))


def _in_language(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The changes with the figure's name, the previous figure and the change in `lang`."""
    shown = changes.copy()
    rows = [row for _, row in changes.iterrows()]
    shown["label"] = [kpi_name(row["key"], row["label"], lang) for row in rows]
    shown["previous_text"] = [previous_text_in(row, lang) for row in rows]
    shown["change_text"] = [_row_change(row, lang) for row in rows]
    return shown


def _label(row: pd.Series, lang: str) -> str:
    """The figure's name in the reading: its label, translated for a Chinese report."""
    return kpi_name(row["key"], row["label"], lang)


def _change(row: pd.Series, lang: str) -> str:
    """The change inside the reading (Markdown-escaped: it may quote the previous run's text)."""
    return md_escape(_row_change(row, lang))


def kpi_change_reading(changes: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on what moved since the previous scheduled run, or that this is the first."""
    known = changes[changes["previous_run_id"].astype(str) != ""]
    if known.empty:
        return MESSAGES("change_first_run", lang)
    when = pd.Timestamp(known["previous_run_at"].iloc[0]).strftime("%Y-%m-%d")
    moved = known[known["direction"].isin(["up", "down", "changed"])]
    still = int((known["direction"] == "unchanged").sum())
    verdict = {
        "better": MESSAGES("change_better", lang),
        "worse": MESSAGES("change_worse", lang),
        "": "",
    }
    items = [
        f"{md_escape(_label(r, lang))} {_change(r, lang)}{verdict[r['assessment']]}"
        for _, r in moved.iterrows()
    ]
    if not items:
        tail = MESSAGES("change_all_unchanged", lang)
    else:
        tail = MESSAGES("change_others_unchanged", lang, n=still) if still else ""
    joined = MESSAGES("change_sep", lang).join(items)
    return MESSAGES("change_reading", lang, when=when, items=joined, tail=tail)


def change_badge(row: pd.Series | None, lang: str) -> str:
    """The small coloured line under a tile: arrow, change and the previous value."""
    if row is None or row["direction"] in ("new", "n/a"):
        return ""
    colour = _COLOURS.get(row["assessment"], PALETTE[4])
    before = "" if row["direction"] == "changed" else MESSAGES("change_vs", lang)
    if before:
        before = (
            f'<span style="color:#6c757d;font-weight:400">{before}'
            f"{html.escape(previous_text_in(row, lang))}</span>"
        )
    return (
        f'<div class="kpi-change kpi-{row["assessment"] or "neutral"}" style="font-size:12px;'
        f'margin-top:6px;color:{colour};font-weight:600">{_ARROWS[row["direction"]]} '
        f"{html.escape(_row_change(row, lang))} {before}</div>"
    )


def kpi_tiles_with_change_html(kpis: Sequence[Kpi], changes: pd.DataFrame, lang: str = "en") -> str:
    """`summary.kpi_tiles_html` tiles, each with an arrow and the change since the previous run,
    green when better and red when worse by the KPI's polarity (grey when neutral)."""
    by_key = {row["key"]: row for _, row in changes.iterrows()}
    empty = kpi_tiles_html([])
    wrapper = empty[: -len("</div>")]
    tiles = []
    for kpi in kpis:
        # the figure's name in the report language; the note under it stays as computed
        kpi = replace(kpi, label=kpi_name(kpi.key, kpi.label, lang))
        tile = kpi_tiles_html([kpi])[len(wrapper) : -len("</div>")]
        badge = change_badge(by_key.get(kpi.key), lang)
        tiles.append(tile[: -len("</div>")] + badge + "</div>")
    return wrapper + "".join(tiles) + "</div>"
