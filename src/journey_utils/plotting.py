"""House style for every chart: one seaborn theme, one palette, CNY and percent formatting."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from journey_utils.catalog import STAGES
from journey_utils.fonts import font_stack, register_cjk_font
from journey_utils.i18n import (
    CELL_WORDS_ZH,
    cell_words,
    column_en,
    column_zh,
    is_code,
    label,
    reason_words,
    text,
)
from journey_utils.shown_tables import save_shown
from journey_utils.vocabulary import (
    OUTCOME_LABELS,
    code_words,
    humanise,
    outcome_label,
    stage_label,
)

PALETTE: tuple[str, ...] = (
    "#1f4e79",  # bank navy: the main series
    "#c8102e",  # signal red: problems, drop-off, NPL
    "#2e8b57",  # green: good outcomes
    "#e0a526",  # amber: warnings, in progress
    "#6c757d",  # grey: context, other
    "#5b9bd5",
    "#8e6c8a",
    "#a3c586",
    "#d98c5f",
    "#4bacc6",
)
"""Colours in the order series take them; 0 is the bank's main colour, 1 flags problems."""

OUTCOME_COLOURS: dict[str, str] = {
    "disbursed": PALETTE[2],
    "declined": PALETTE[1],
    "withdrawn": PALETTE[8],
    "abandoned": PALETTE[6],
    "in_progress": PALETTE[3],
    "ended": PALETTE[7],
}

STATUS_COLOURS: dict[str, str] = {"ok": PALETTE[2], "warning": PALETTE[3], "problem": PALETTE[1]}

FONT_FAMILY: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
)
"""Fonts charts try in order after the registered CJK family (which sets Chinese and Latin)."""

CJK_FAMILY: str | None = register_cjk_font()
"""The CJK family registered with matplotlib when this module is imported (None, with a warning
naming the install command, when the font package is missing)."""

if CJK_FAMILY and CJK_FAMILY not in mpl.rcParams["font.family"]:
    # a per-glyph fallback after the default family: Chinese labels drawn before (or without)
    # `apply_house_style` show characters, not boxes; Latin text keeps its font
    mpl.rcParams["font.family"] = [*mpl.rcParams["font.family"], CJK_FAMILY]


def apply_house_style() -> None:
    """Set the workbook's look for all later charts (called once at the top of each notebook).

    Any `sns.set_theme()` resets the fonts to Latin-only ones, so Chinese would show as boxes:
    call this again after it to put the registered CJK family back first."""
    sns.set_theme(context="notebook", style="whitegrid", palette=list(PALETTE))
    # set_theme resets fonts, so the CJK-capable family goes in after it.
    mpl.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": font_stack((*FONT_FAMILY, *mpl.rcParams["font.sans-serif"])),
            "axes.unicode_minus": False,
            "figure.figsize": (8.0, 4.2),
            "figure.dpi": 110,
            "savefig.dpi": 110,
            "savefig.bbox": "tight",
            "axes.titleweight": "bold",
            "axes.titlesize": 13,
            "axes.titlelocation": "left",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "grid.color": "#e6e6e6",
        }
    )


def format_cny(value: float, lang: str = "en", decimals: int = 1) -> str:
    """CNY in the units a banker reads: 万亿/亿/万 in Chinese, tn/bn/m/k in English."""
    if value is None or pd.isna(value):
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(float(value))
    if lang == "zh":
        for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
            if v >= size:
                return f"{sign}¥{v / size:,.{decimals}f}{unit}"
        return f"{sign}¥{v:,.0f}"
    for unit, size in (("tn", 1e12), ("bn", 1e9), ("m", 1e6), ("k", 1e3)):
        if v >= size:
            return f"{sign}CNY {v / size:,.{decimals}f}{unit}"
    return f"{sign}CNY {v:,.0f}"


def format_pct(share: float, decimals: int = 1) -> str:
    """A share (0.123) as a percentage ('12.3%')."""
    if share is None or pd.isna(share):
        return "–"
    return f"{100 * float(share):.{decimals}f}%"


def format_count(value: float) -> str:
    """A count with thousands separators."""
    if value is None or pd.isna(value):
        return "–"
    if np.isinf(value):  # open ends of bands, e.g. a grade's score range
        return "−∞" if value < 0 else "∞"
    return f"{int(value):,}"


def cny_axis(ax: Axes, axis: str = "y", lang: str = "en") -> Axes:
    """Label an axis in CNY units."""
    fmt = FuncFormatter(lambda v, _pos: format_cny(v, lang, decimals=0))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


class ExactPercent(Formatter):
    """Shares as percentages with as many decimals as the ticks need to be exact (2.5% is never
    printed as 2%), at least `decimals`."""

    def __init__(self, decimals: int = 0) -> None:
        self.decimals = decimals

    def _needed(self, values: Sequence[float]) -> int:
        for places in range(self.decimals, 4):
            if all(abs(round(v * 100, places) - v * 100) < 1e-6 for v in values):
                return places
        return 3

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        places = self._needed(values)
        return [format_pct(v, places) for v in values]

    def __call__(self, x: float, pos: int | None = None) -> str:
        return format_pct(x, self._needed([x]))


def pct_axis(ax: Axes, axis: str = "y", decimals: int = 0) -> Axes:
    """Label an axis of shares (0–1) as percentages, ticks at round steps (1, 2 or 5 times a
    power of ten) and printed exactly."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    target.set_major_formatter(ExactPercent(decimals))
    return ax


LABEL_GAP_PT = 3.0
"""Points between a point's edge and its label."""
LABEL_RINGS: tuple[float, ...] = (1.0, 2.0, 3.0, 4.5, 6.0, 8.0, 10.0)
"""Distances tried for a label, in multiples of its point's radius plus the gap."""


def _around(d: float) -> list[tuple[float, float, str, str]]:
    """16 offsets at distance `d` (points) with the text anchored on the side facing the point:
    right, left, above and below first, then the diagonals and between."""
    order = [0, 8, 4, 12, 2, 6, 10, 14, 1, 3, 5, 7, 9, 11, 13, 15]
    places = []
    for k in order:
        angle = np.pi * k / 8
        cos, sin = float(np.cos(angle)), float(np.sin(angle))
        ha = "left" if cos > 0.3 else "right" if cos < -0.3 else "center"
        va = "bottom" if sin > 0.3 else "top" if sin < -0.3 else "center"
        places.append((d * cos, d * sin, ha, va))
    return places


def place_labels(
    ax: Axes,
    xs: Sequence[float],
    ys: Sequence[float],
    texts: Sequence[str],
    radii_pt: Sequence[float] | None = None,
    fontsize: float = 8,
) -> list[Any]:
    """Label points so no label overlaps another label or a point and none leaves the axes:
    each label tries 16 places around its point (right, left, above and below first), then the
    same on wider rings with a leader line, and takes the first free one (the caller orders the
    points, e.g. biggest first). Where none is free, the point gets a number and its name goes
    in a key beside the axes. Returns the label artists (names or numbers)."""
    fig = ax.figure
    fig.canvas.draw()  # label sizes need a renderer with the final limits
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    radii = list(radii_pt) if radii_pt is not None else [0.0] * len(texts)
    scale = fig.dpi / 72.0  # points to pixels
    taken: list[Any] = []  # the points' own discs (their squares, a little inside), then labels
    for x, y, radius in zip(xs, ys, radii, strict=True):
        cx, cy = ax.transData.transform((x, y))
        half = max(radius * scale * 0.85, 1.0)
        taken.append(Bbox.from_extents(cx - half, cy - half, cx + half, cy + half))
    artists, keyed = [], []
    for x, y, words, radius in zip(xs, ys, texts, radii, strict=True):
        placed = None
        for far in LABEL_RINGS:
            d = (radius + LABEL_GAP_PT) * far
            for dx, dy, ha, va in _around(d):
                label = ax.annotate(
                    words, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    fontsize=fontsize,
                )  # fmt: skip
                box = label.get_window_extent(renderer).expanded(1.04, 1.2)
                inside = frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
                clear = not any(box.overlaps(other) for other in taken)
                label.remove()
                if inside and clear:
                    arrow = {"arrowstyle": "-", "color": "#6c757d", "lw": 0.6} if far > 1 else None
                    placed = ax.annotate(
                        words, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha,
                        va=va, fontsize=fontsize, arrowprops=arrow,
                    )  # fmt: skip
                    taken.append(box)
                    break
            if placed is not None:
                break
        if placed is None:  # no free place: a number on the point, its name in a key beside
            keyed.append(f"{len(keyed) + 1}  {words}")
            placed = ax.annotate(str(len(keyed)), (x, y), ha="center", va="center",
                                 fontsize=fontsize, fontweight="bold")  # fmt: skip
        artists.append(placed)
    if keyed:
        ax.text(1.02, 1.0, "\n".join(keyed), transform=ax.transAxes, ha="left", va="top",
                fontsize=fontsize)  # fmt: skip
    return artists


def count_axis(ax: Axes, axis: str = "y") -> Axes:
    """Label an axis of counts with thousands separators."""
    fmt = FuncFormatter(lambda v, _pos: format_count(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
    return ax


def stage_order(stages: Sequence[str] | None = None) -> list[str]:
    """Stages in journey order (unknown ones last)."""
    known = [s for s in STAGES if stages is None or s in stages]
    extra = [s for s in (stages or []) if s not in STAGES]
    return known + sorted(extra)


def interval_err(estimate: object, low: object, high: object) -> np.ndarray:
    """Error-bar lengths (2 x n) for matplotlib from an estimate and its interval: never negative
    (rounding can put a bound a hair past the estimate), zero where the interval is unknown."""
    est = np.asarray(estimate, dtype=float)
    below = est - np.asarray(low, dtype=float)
    above = np.asarray(high, dtype=float) - est
    return np.clip(np.nan_to_num(np.vstack([below, above])), 0.0, None)


def label_right_of(ax: Axes, x: float, y: float, text: str, fontsize: int = 9) -> None:
    """A value label just right of a point or interval end (forest plots, comparisons)."""
    ax.annotate(
        text, (x, y), xytext=(6, 0), textcoords="offset points", va="center", fontsize=fontsize
    )


def new_figure(width: float = 8.0, height: float = 4.2) -> tuple[Figure, Axes]:
    """A figure in house style with one axes."""
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def header(name: str, lang: str = "en") -> str:
    """A column's report header in the report language: in Chinese the header map's words, else
    the code's name (a pivot's columns are codes: regions, ratios, stages); English words for
    unknown columns."""
    if lang == "zh":
        return column_zh(str(name)) or (str(label(name, lang)) if is_code(name) else humanise(name))
    return column_en(str(name)) or humanise(name)


_MARKDOWN_INLINE = re.compile(r"[\\`*\[\]~$]|(?<![^\W_])_|_(?![^\W_])|:(?=//)")
"""What would open Markdown markup inside a sentence: backslash escapes, code spans, emphasis,
strikethrough, links and images (nbconvert keeps `javascript:` links, so `[x](javascript:...)`
must stay text), math (`$`, `\\(`), the `:` of a bare URL (nbconvert links it) and a `_` not
inside a word (one inside a word, as in snake_case, opens nothing and is left alone)."""


def md_escape(value: object) -> str:
    """A value from the data (a name, a label, an error message) as literal text inside Markdown
    the workbook builds: `& < >` HTML-escaped (as in `style_table`), what would open Markdown
    markup written as a character reference (`[` as `&#91;`: Markdown shows it, never parses it)
    and runs of whitespace (line breaks too) made one space, so the value opens no element, link,
    heading or list. Apply it where the value enters the sentence, never to the template or to
    numbers the workbook formatted."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_INLINE.sub(lambda m: f"&#{ord(m.group())};", text)


STAGE_COLUMNS = frozenset({"stage", "from", "to", "from_stage", "to_stage", "furthest_stage"})
"""Columns whose values are stage codes: reports show them as stage names."""

OUTCOME_COLUMNS = frozenset({"outcome"})
"""Columns whose values are outcome codes: reports show them as outcome names."""

P_VALUE_COLUMNS = frozenset({"p_value", "p_holm", "pvalue"})


def format_p(value: float) -> str:
    """A p-value as a reader expects it: '< 0.001' below a thousandth, else three decimals."""
    if value is None or pd.isna(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


CATEGORY_COLUMNS = frozenset(
    {"industry", "main_industry", "region", "ownership", "grade_band", "lifecycle_stage",
     "size_band", "pain_point", "group_by", "group", "ratio", "product", "channel",
     "band", "reason", "model", "source", "parent", "table"}
)  # fmt: skip
"""Columns whose values are snake_case codes: reports show them as words."""


NAME_COLUMNS = frozenset({"column", "column_a", "column_b", "foreign_key", "feature"})
"""Columns whose values name a column of the data: reports show them as that column's header."""

TERM_COLUMNS = frozenset({"term"})
"""Columns of model terms ("const", "leverage", "industry[real_estate]"): shown as words."""

KNOWN_CODE_COLUMNS = frozenset({"top_value"})
"""Columns of mixed values: the codes the vocabulary knows are shown as words, others as they
are (a column profile's most frequent value)."""

WORDED_COLUMNS = NAME_COLUMNS | TERM_COLUMNS | KNOWN_CODE_COLUMNS | frozenset(CELL_WORDS_ZH)
"""Columns besides the category columns whose text `style_table` shows in words."""

_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
_LEVEL_TERM = re.compile(r"(?P<name>[a-z][a-z0-9_]*)\[(?:T\.)?(?P<level>[^\]]+)\]")
_INTERCEPTS = frozenset({"const", "Intercept"})


def _code_label(code: object, column: str, lang: str) -> object:
    if not isinstance(code, str):
        return code
    if column in OUTCOME_COLUMNS or code in OUTCOME_LABELS["en"]:
        return outcome_label(code, lang) if code in OUTCOME_LABELS["en"] else code
    if code in STAGES:
        return stage_label(code, lang)
    if lang == "zh" and column == "reason" and (words := reason_words(code, lang)) is not None:
        return words  # a quarantine reason (English: the contract's text in words, below)
    if (words := cell_words(column, code, lang)) is not None:
        return words
    if column in NAME_COLUMNS:
        return header(code, lang) if _IDENTIFIER.fullmatch(code) else code
    if column in TERM_COLUMNS:
        return _term_label(code, lang)
    if column in KNOWN_CODE_COLUMNS:
        return _known_code_label(code, lang)
    if column not in CATEGORY_COLUMNS:
        return code
    if lang == "zh":
        return label(code, lang)
    return code_words(code)


def _term_label(term: str, lang: str) -> str:
    """A model term as words: the intercept, a column's header, or a category's level
    ("industry[real_estate]" -> "Industry: Real estate")."""
    if term in _INTERCEPTS:
        return text("intercept", lang)
    level = _LEVEL_TERM.fullmatch(term)
    if level:
        name, value = level.group("name"), level.group("level")
        return text("term_level", lang, name=header(name, lang), level=label(value, lang))
    return header(term, lang) if _IDENTIFIER.fullmatch(term) else term


def _known_code_label(value: str, lang: str) -> str:
    """A value that may be a code: its words when the vocabulary knows it, True / False as yes /
    no, anything else as it is."""
    if value in ("True", "False"):
        return text("yes" if value == "True" else "no", lang)
    return str(label(value, lang)) if is_code(value) else value


_SHARE_NAME = re.compile(
    r"(share|conversion|difference|satisfied|rate|probability|predicted|observed)(_low|_high)?$"
    r"|^(step|cum|diff|obs)_(low|high)$|^(mean_)?pd(_low|_high|_test)?$|^observed_test$"
)
"""Column names that hold a share (0..1): shown as percentages when their values fit."""


_MONEY_NAME = re.compile(r"(amount|volume|balance)$")
"""Column names that hold CNY: shown in units (万 / 亿 in Chinese, m / bn in English)."""


def _looks_like_share(df: pd.DataFrame, col: object) -> bool:
    if not isinstance(col, str) or not _SHARE_NAME.search(col):
        return False
    values = pd.to_numeric(df[col], errors="coerce").dropna()
    return pd.api.types.is_numeric_dtype(df[col]) and bool(values.abs().le(1 + 1e-9).all())


def _float_format(values: pd.Series) -> str:
    """Decimals by magnitude, so a table never shows 3,802.50 employees or 0.3 of a ratio:
    none from 100 up, one from 10 up, two below."""
    typical = values.abs().median()
    if pd.isna(typical) or typical < 10:
        return "{:,.2f}"
    return "{:,.1f}" if typical < 100 else "{:,.0f}"


def _holds_bools(values: pd.Series) -> bool:
    """An object column of True/False with gaps (e.g. a flag column after masking)."""
    present = values.dropna()
    return values.dtype == object and not present.empty and present.map(type).eq(bool).all()


def format_moment(value: object) -> str:
    """A date or time as a report shows it: a date (or a midnight) as YYYY-MM-DD, a time of
    day to the second, a period as written (a year as 2024)."""
    if isinstance(value, pd.Period):
        return str(value)
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.date().isoformat() if stamp == stamp.normalize() else str(stamp)


def _holds_moments(values: pd.Series) -> bool:
    """Dates and times: a datetime column, or an object column of timestamps, dates, periods."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    present = values.dropna()
    return (
        values.dtype == object
        and not present.empty
        and bool(present.map(lambda v: isinstance(v, pd.Timestamp | pd.Period | date)).all())
    )


def _shows_words(df: pd.DataFrame, col: object) -> bool:
    """True when a column's values are codes or data words `_code_label` names for a reader."""
    if col in STAGE_COLUMNS or col in OUTCOME_COLUMNS or col in CATEGORY_COLUMNS:
        return True
    return col in WORDED_COLUMNS and not _is_numeric(df[col])


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _is_count(values: pd.Series) -> bool:
    """Integers, or floats holding only whole numbers (e.g. counts turned Float64 by masking)."""
    if pd.api.types.is_integer_dtype(values):
        return True
    if not pd.api.types.is_float_dtype(values):
        return False
    present = values.dropna()
    return not present.empty and bool((present == present.round()).all())


def _html_text(fmt: str | Callable[[Any], object] | None = None) -> Callable[[Any], str]:
    """A Styler formatter whose output is HTML-escaped, so a value shows as text, never markup
    (`fmt` as in `Styler.format`; None shows the value as pandas would by default); an infinite
    number shows as −∞ or +∞."""

    def show(value: Any) -> str:
        if isinstance(value, float | np.floating) and np.isinf(value):
            return "−∞" if value < 0 else "+∞"  # an open bin edge: never Python's "inf"
        if isinstance(fmt, str):
            text = fmt.format(value)
        elif fmt is not None:
            text = fmt(value)
        elif pd.api.types.is_float(value):
            text = f"{value:.{pd.get_option('styler.format.precision')}f}"
        else:
            text = value
        return html.escape(str(text))

    return show


def style_table(
    df: pd.DataFrame,
    pct_columns: Sequence[str] = (),
    cny_columns: Sequence[str] = (),
    lang: str = "en",
    html_columns: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> pd.io.formats.style.Styler:
    """A DataFrame formatted for a report: readable headers, stage and outcome codes as names,
    counts with separators, shares as % (named columns, or recognised by name: *share,
    *conversion, ... with values within ±1), p-values, CNY in units, booleans as yes/no.

    Every cell and header is HTML-escaped, so markup in the data shows as text; only
    `html_columns` (markup the workbook built, e.g. links, its text already escaped) are not.
    `headers` gives a table its own header for named columns (the others keep the usual words).
    In a scheduled run the frame is also saved beside the report (`shown_tables`)."""
    save_shown(df)
    if "masked" in df.columns and not df["masked"].fillna(False).astype(bool).any():
        df = df.drop(columns=["masked"])  # say "masked" only where something is
    formats: dict[str, object] = {}
    for col in df.columns:
        if _shows_words(df, col):
            formats[col] = lambda v, _col=col, _lang=lang: _code_label(v, _col, _lang)
        elif _holds_moments(df[col]):
            formats[col] = format_moment
        elif col in P_VALUE_COLUMNS:
            formats[col] = format_p
        elif col in pct_columns or _looks_like_share(df, col):
            formats[col] = format_pct
        elif col in cny_columns or (
            isinstance(col, str) and _MONEY_NAME.search(col) and _is_numeric(df[col])
        ):
            formats[col] = lambda v, _lang=lang: format_cny(v, _lang)
        elif pd.api.types.is_bool_dtype(df[col]) or _holds_bools(df[col]):
            words = (text("yes", lang), text("no", lang))
            formats[col] = lambda v, _w=words: "–" if pd.isna(v) else (_w[0] if v else _w[1])
        elif _is_count(df[col]):
            formats[col] = format_count
        elif pd.api.types.is_float_dtype(df[col]):
            formats[col] = _float_format(df[col])
    shown = {
        col: str if col in html_columns else _html_text(formats.get(col)) for col in df.columns
    }
    styler = df.style.format(shown, na_rep="–").hide(axis="index")
    styler = styler.format_index(_html_text(), axis="index")
    own = headers or {}
    return styler.format_index(
        lambda name: html.escape(own.get(name) or header(name, lang)), axis="columns"
    )
