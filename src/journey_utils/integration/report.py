"""Charts and plain-language readings of an integration run, for notebook 01 and the summary."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from journey_utils.i18n import check_lang
from journey_utils.integration.processed import IntegrationResult
from journey_utils.plotting import PALETTE, count_axis, format_count, format_pct, pct_axis
from journey_utils.vocabulary import humanise

SOURCE_NAMES_ZH: dict[str, str] = {
    "clients": "客户",
    "applications": "贷款申请",
    "credit_history": "信用记录",
    "financials": "财务报表",
    "stage_events": "旅程阶段事件",
    "loan_performance": "贷后表现",
    "surveys": "满意度调查",
    "interactions": "客户互动",
    "digital_events": "数字渠道行为",
    "client_360": "客户360视图",
    "journey_log": "旅程日志",
}
"""Chinese names of the sources and conformed tables, for charts and readings."""

WORDS: dict[str, dict[str, str]] = {
    "rows_of": {"en": "  {q} of {n} rows", "zh": "  {n} 行中 {q} 行"},
    "intake_x": {"en": "share of received rows quarantined", "zh": "被隔离行占接收行的比例"},
    "intake_title": {"en": "Rows quarantined per source", "zh": "各数据源被隔离的行"},
    "none_quarantined": {"en": "No row was quarantined", "zh": "没有行被隔离"},
    "reasons_x": {"en": "rows quarantined", "zh": "被隔离行数"},
    "reasons_title": {"en": "Why rows were quarantined", "zh": "行被隔离的原因"},
    "top_of": {"en": " (top {n} of {total})", "zh": "（共 {total} 项，显示前 {n} 项）"},
    "none": {"en": "none", "zh": "无"},
    "missing_title": {"en": "Required columns: share missing", "zh": "必填列：缺失比例"},
    "invalid_title": {"en": "Share of values breaking the contract", "zh": "违反数据约定的值占比"},
    "as_of": {"en": " as of", "zh": " 数据截止日"},
    "ranges_title": {"en": "Date range of each source", "zh": "各数据源的日期范围"},
}
"""Chart words of this module in each report language."""


def word(key: str, lang: str = "en", **fields: object) -> str:
    """A chart word of this module in `lang`, with `fields` filled in."""
    return WORDS[key][check_lang(lang)].format(**fields)


def source_label(source: str, lang: str = "en") -> str:
    """A source as a chart shows it: 'digital_events' -> 'Digital events' / '数字渠道行为'."""
    if check_lang(lang) == "zh":
        return SOURCE_NAMES_ZH.get(source, source)
    return humanise(source)


def _source_name(source: str, lang: str) -> str:
    """A source as a reading names it: its code in English, its Chinese name in Chinese."""
    return SOURCE_NAMES_ZH.get(source, source) if lang == "zh" else source


def intake_table(result: IntegrationResult) -> pd.DataFrame:
    """One row per source: rows received, accepted and quarantined, and whether they reconcile;
    what `plot_intake` draws and `intake_reading` reads."""
    return result.summary_frame()


def quarantine_reasons_table(result: IntegrationResult) -> pd.DataFrame:
    """Quarantined rows per source and reason; what `plot_quarantine_reasons` draws."""
    return result.reasons_frame()


def date_ranges_table(result: IntegrationResult) -> pd.DataFrame:
    """Per source: its main date column and its first and last value among accepted rows; what
    `plot_date_ranges` draws."""
    return result.date_ranges_frame()


def plot_intake(table: pd.DataFrame, lang: str = "en") -> Figure:
    """Share of each source's rows that went to quarantine, labelled "quarantined of received";
    draws `intake_table`."""
    data = table.assign(share=table["quarantined"] / table["rows_in"].clip(lower=1)).sort_values(
        "share"
    )
    fig, ax = plt.subplots(figsize=(8.0, 0.42 * len(data) + 1.3))
    labels = data["source"].map(lambda s: source_label(s, lang))
    ax.barh(labels, data["share"], color=PALETTE[1])
    pct_axis(ax, "x", decimals=1)
    top = float(data["share"].max()) if len(data) else 0.0
    ax.set_xlim(0, max(top * 1.6, 0.001))
    for y, (_, row) in enumerate(data.iterrows()):
        note = word(
            "rows_of", lang, q=format_count(row["quarantined"]), n=format_count(row["rows_in"])
        )
        ax.text(row["share"], y, note, va="center", fontsize=9, color=PALETTE[4])
    ax.set_xlabel(word("intake_x", lang))
    ax.set_title(word("intake_title", lang))
    return fig


def plot_quarantine_reasons(table: pd.DataFrame, top: int = 15, lang: str = "en") -> Figure:
    """The most frequent reasons rows were quarantined, labelled with their source (the reasons
    themselves are the contract's words, in English); draws `quarantine_reasons_table`."""
    if table.empty:
        fig, ax = plt.subplots(figsize=(8.0, 1.6))
        ax.text(0.5, 0.5, word("none_quarantined", lang), ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = table.nlargest(top, "rows").iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * len(data) + 1.2))
    sources = data["source"].map(lambda s: source_label(s, lang))
    ax.barh(sources + " · " + data["reason"].str.slice(0, 60), data["rows"], color=PALETTE[1])
    count_axis(ax, "x")
    ax.set_xlabel(word("reasons_x", lang))
    shown = word("top_of", lang, n=len(data), total=len(table)) if len(table) > len(data) else ""
    ax.set_title(word("reasons_title", lang) + shown)
    return fig


def _bar_panel(
    ax, labels: pd.Series, shares: pd.Series, colour: str, title: str, lang: str = "en"
) -> None:
    """One horizontal bar panel of shares, labelled with their percentage."""
    ax.set_title(title, fontsize=11)
    if shares.empty:
        ax.text(0.5, 0.5, word("none", lang), ha="center", va="center", color=PALETTE[2])
        ax.set_axis_off()
        return
    ax.barh(labels, shares, color=colour)
    pct_axis(ax, "x", decimals=2 if shares.max() < 0.01 else 1)  # tiny shares: distinct ticks
    for y, share in enumerate(shares):
        ax.text(share, y, " " + format_pct(share, 2), va="center", fontsize=9)
    ax.set_xlim(0, shares.max() * 1.35)


def plot_column_quality(table: pd.DataFrame, top: int = 12, lang: str = "en") -> Figure:
    """Where the data falls short: required columns with missing values, and columns with
    invalid values (worst first), from `column_quality_table`. Optional columns that are empty
    by design are not problems."""
    missing = table[table["required"] & (table["completeness"] < 1)].assign(
        share=lambda d: 1 - d["completeness"]
    )
    invalid = table[table["invalid"] > 0].assign(share=lambda d: 1 - d["validity"])
    missing = missing.nlargest(top, "share").iloc[::-1]
    invalid = invalid.nlargest(top, "share").iloc[::-1]
    rows = max(len(missing), len(invalid), 2)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.0, 0.35 * rows + 1.4))
    for ax, data, colour, title in (
        (left, missing, PALETTE[3], "missing_title"),
        (right, invalid, PALETTE[1], "invalid_title"),
    ):
        labels = data["source"] + "." + data["column"]
        _bar_panel(ax, labels, data["share"], colour, word(title, lang), lang)
    fig.tight_layout()
    return fig


def plot_date_ranges(table: pd.DataFrame, as_of: object | None = None, lang: str = "en") -> Figure:
    """When each source's records start and end (`date_ranges_table`): gaps and late extracts
    show at a glance.

    Attributes that are not record dates (a firm's founding date) are left out of the chart.
    """
    data = table.dropna(subset=["min", "max"])
    data = data[data["column"] != "founded_on"].iloc[::-1]
    fig, ax = plt.subplots(figsize=(8.0, 0.4 * max(len(data), 1) + 1.2))
    start = pd.to_datetime(data["min"])
    end = pd.to_datetime(data["max"])
    ax.barh(data["source"] + "." + data["column"], end - start, left=start, color=PALETTE[5])
    if as_of is not None:
        ax.axvline(pd.Timestamp(as_of), color=PALETTE[1], linestyle="--", linewidth=1)
        ax.text(
            pd.Timestamp(as_of), len(data) - 0.4, word("as_of", lang), color=PALETTE[1], fontsize=9
        )
    ax.set_title(word("ranges_title", lang))
    fig.autofmt_xdate()
    return fig


def quality_by_source(quality: pd.DataFrame) -> pd.DataFrame:
    """Per source: columns, required columns with gaps, columns with invalid values, worst
    validity — the compact table under the chart."""
    grouped = quality.groupby("source", sort=False)
    return pd.DataFrame(
        {
            "columns": grouped.size(),
            "required_with_gaps": grouped.apply(
                lambda g: int((g["required"] & (g["completeness"] < 1)).sum())
            ),
            "columns_with_invalid_values": grouped.apply(lambda g: int((g["invalid"] > 0).sum())),
            "worst_validity": grouped["validity"].min(),
        }
    ).reset_index()


READINGS: dict[str, dict[str, str]] = {
    "intake": {
        "en": "We received **{rows} rows** across {sources} sources and accepted **{accepted}** of "
        "them; {quarantined} rows were set aside in quarantine with a reason. ",
        "zh": "本次共从 {sources} 个数据源接收 **{rows} 行**数据，"
        "其中 **{accepted}** 通过校验并入库；{quarantined} 行连同原因被移入隔离区。",
    },
    "worst": {
        "en": "The source with the most problems is **{source}** ({rate} of its rows "
        "quarantined). ",
        "zh": "问题最多的数据源是 **{source}**（{rate} 的行被隔离）。",
    },
    "similar": {
        "en": "Quarantine rates are similar across sources ({low} to {high}). ",
        "zh": "各数据源的隔离率相近（{low} 至 {high}）。",
    },
    "reconciles": {
        "en": "Every row is accounted for: rows in = accepted + quarantined for every source.",
        "zh": "每一行都有去向：每个数据源的接收行数 = 入库行数 + 隔离行数。",
    },
    "unreconciled": {
        "en": "**Warning: the counts do not reconcile for at least one source.**",
        "zh": "**警告：至少有一个数据源的行数无法对账。**",
    },
    "no_orphans": {
        "en": "Every record links to a known client or application: no orphans.",
        "zh": "每条记录都能关联到已知的客户或申请：没有孤立记录。",
    },
    "orphans": {
        "en": "{orphans} records pointed to a client or application we do not hold and were "
        "quarantined as orphans; most came from **{source}** ({worst}).",
        "zh": "{orphans} 条记录指向我们未持有的客户或申请，已作为孤立记录移入隔离区；"
        "其中大部分来自 **{source}**（{worst} 条）。",
    },
    "privacy": {
        "en": "**Privacy.** Company names, contact names, phone numbers, staff ids, unified social "
        "credit codes and client ids were replaced by keyed-hash pseudonyms at integration; "
        "free-text notes were removed. No report shows a raw identifier.",
        "zh": "**隐私保护。** 企业名称、联系人姓名、电话号码、员工编号、统一社会信用代码和客户编号"
        "已在数据整合时替换为带密钥的哈希假名；自由文本备注已删除。任何报告都不显示原始标识符。",
    },
    "demo_key": {
        "en": " **This run used the fixed demo key** (synthetic data, `JOURNEY_PSEUDO_KEY` not "
        "set): its pseudonyms are not secret. Real data requires a secret key.",
        "zh": " **本次运行使用了固定的演示密钥**（合成数据，未设置 `JOURNEY_PSEUDO_KEY`）："
        "其假名并不保密。真实数据必须使用保密密钥。",
    },
    "no_notes": {
        "en": "Every value was read as written: no unit had to be decided and no invisible "
        "character removed.",
        "zh": "所有值均按原样读取：无需判定时间单位，也没有删除不可见字符。",
    },
    "notes": {
        "en": "Reading took {n} step(s) beyond the contract, each named below; a value that "
        "could not be read unambiguously was quarantined instead, never guessed.",
        "zh": "读取时在数据约定之外做了 {n} 项处理，逐项列于下表；无法无歧义读取的值一律隔离，"
        "从不猜测。",
    },
    "secret_key": {
        "en": " The key came from the environment (`JOURNEY_PSEUDO_KEY`) and is not stored.",
        "zh": " 密钥取自环境变量（`JOURNEY_PSEUDO_KEY`），且未被存储。",
    },
}
"""Sentences of the integration readings in each report language."""


def _say(key: str, lang: str, **fields: object) -> str:
    """One reading sentence in `lang`, with `fields` filled in."""
    return READINGS[key][check_lang(lang)].format(**fields)


def intake_reading(summary: pd.DataFrame, lang: str = "en") -> str:
    """One paragraph for a manager: how much arrived, how much was usable, where it broke."""
    rows_in = int(summary["rows_in"].sum())
    quarantined = int(summary["quarantined"].sum())
    rates = summary["quarantined"] / summary["rows_in"].clip(lower=1)
    text = _say(
        "intake",
        lang,
        rows=format_count(rows_in),
        sources=len(summary),
        accepted=format_pct(1 - quarantined / max(rows_in, 1), 2),
        quarantined=format_count(quarantined),
    )
    if quarantined:
        worst = rates.idxmax()
        if rates[worst] > 1.5 * rates.median():
            source = _source_name(summary.at[worst, "source"], lang)
            text += _say("worst", lang, source=source, rate=format_pct(rates[worst], 2))
        else:
            low, high = format_pct(rates.min(), 2), format_pct(rates.max(), 2)
            text += _say("similar", lang, low=low, high=high)
    reconciles = bool(summary["reconciles"].all())
    return text + _say("reconciles" if reconciles else "unreconciled", lang)


NOTE_TEXTS: dict[str, dict[str, str]] = {
    "epoch_unit": {
        "en": "whole numbers read as time since 1970 in {detail} (UTC)",
        "zh": "整数按 1970 年起的{detail}（UTC）读取",
    },
    "invisible_removed": {
        "en": "invisible characters (NUL, zero-width space, byte-order mark) removed from "
        "{detail} values",
        "zh": "已从 {detail} 个值中删除不可见字符（NUL、零宽空格、字节顺序标记）",
    },
}
EPOCH_WORDS_ZH = {
    "seconds": "秒",
    "milliseconds": "毫秒",
    "microseconds": "微秒",
    "nanoseconds": "纳秒",
}


def reading_notes_table(notes: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """What reading decided or cleaned, one row per source and column, in words: nothing here
    changed a value's meaning, and every such step is named rather than done silently."""
    lang = check_lang(lang)
    rows = []
    for _, n in notes.iterrows():
        detail = n["detail"]
        if n["note"] == "epoch_unit" and lang == "zh":
            detail = EPOCH_WORDS_ZH.get(str(detail), detail)
        elif n["note"] == "invisible_removed":
            detail = format_count(int(detail))
        text = NOTE_TEXTS.get(str(n["note"]), {"en": str(n["note"]), "zh": str(n["note"])})
        rows.append(
            {
                "source": source_label(str(n["source"]), lang),
                "column": n["column"],
                "what_was_done": text[lang].format(detail=detail),
            }
        )
    return pd.DataFrame(rows, columns=["source", "column", "what_was_done"])


def notes_reading(notes: pd.DataFrame, lang: str = "en") -> str:
    """One sentence before the notes table: how many such steps, or that there were none."""
    if notes.empty:
        return _say("no_notes", lang)
    return _say("notes", lang, n=len(notes))


def integrity_reading(integrity: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on orphans: records that point to a client or application we do not have."""
    orphans = int(integrity["orphans"].sum()) if "orphans" in integrity else 0
    if orphans == 0:
        return _say("no_orphans", lang)
    worst = integrity.sort_values("orphans", ascending=False).iloc[0]
    return _say(
        "orphans",
        lang,
        orphans=format_count(orphans),
        source=_source_name(worst["source"], lang),
        worst=format_count(worst["orphans"]),
    )


def privacy_statement(result: IntegrationResult, lang: str = "en") -> str:
    """How identifiers were protected in this run, stated plainly (the demo key is flagged)."""
    key = "demo_key" if result.uses_demo_key else "secret_key"
    return _say("privacy", lang) + _say(key, lang)
