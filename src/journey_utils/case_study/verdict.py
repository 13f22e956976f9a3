"""Plain-language verdicts per outcome (effect found / no detectable effect / cannot be
measured and why), in English or Chinese, with the numbers taken from the estimates."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from journey_utils.case_study.did import DidResult
from journey_utils.case_study.its import ItsResult
from journey_utils.case_study.outcomes import OUTCOMES
from journey_utils.params.intervention import CaseStudyError

Estimate = DidResult | ItsResult
VERDICTS = {
    "en": {"found": "effect found", "none": "no detectable effect",
           "unmeasurable": "cannot be measured"},
    "zh": {"found": "发现效应", "none": "未发现可检测的效应", "unmeasurable": "无法衡量"},
}  # fmt: skip


REASONS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"^no cases of this outcome in the data$", "数据中没有该结果指标的案件"),
        (r"^start (?P<start>\S+) is outside the data \(cases from (?P<lo>\S+) to (?P<hi>\S+)\)$",
         "开始日期 {start} 不在数据范围内（案件日期为 {lo} 至 {hi}）"),
        (r"^no case of the treated units (?P<units>.+)$", "实施单位 {units} 没有任何案件"),
        (r"^no control units with cases: give control units or use design its$",
         "对照单位没有案件：请指定对照单位或改用中断时间序列设计"),
        (r"^only (?P<n>\d+) pre-periods with treated cases \(minimum (?P<m>\d+)\)$",
         "实施组仅有 {n} 个干预前期有案件（至少需要 {m} 个）"),
        (r"^no treated case after the start is mature by as_of \(a case counts (?P<d>\d+) days "
         r"after it starts; NPL needs 12 months on book\)$",
         "截至数据日期，干预开始后的实施组案件尚未成熟（案件在开始 {d} 天后才计入；"
         "不良率需放款满12个月）"),
        (r"^unit 'segment' needs the segment table \(client_id, segment\)$",
         "以客户分群为单位需要分群表（client_id、segment）"),
        (r"^no saved segments: run the segmentation report first$",
         "尚无已保存的客户分群：请先运行客户分群报告"),
        (r"^DiD needs cases of both treated and control units$",
         "双重差分需要实施组和对照组两方的案件"),
        (r"^no treated case after the start$", "干预开始后没有实施组案件"),
        (r"^too few cases: (?P<n>\d+) for (?P<k>\d+) unit and period effects \(need at least "
         r"(?P<m>\d+) more cases than effects\)$",
         "案件太少：{n} 个案件对应 {k} 个单位和期间效应（案件数需比效应数至少多 {m} 个）"),
        (r"^no pre-period besides the reference: cannot test pre-trends$",
         "除参照期外没有干预前期：无法检验事前趋势"),
        (r"^before/after needs treated cases both before and after$",
         "前后对比需要实施组在干预前后都有案件"),
        (r"^ITS needs (?P<m>\d+)\+ pre-periods and a post-period \(has (?P<n>\d+) pre\)$",
         "中断时间序列需要至少 {m} 个干预前期和一个干预后期（现有 {n} 个干预前期）"),
    )
)  # fmt: skip
"""Chinese versions of the reasons a case study cannot be measured (CaseStudyError messages)."""


def reason(detail: str, lang: str = "en") -> str:
    """Why an outcome cannot be measured, in the report language (unknown reasons as given)."""
    if lang == "zh":
        for pattern, template in REASONS_ZH:
            match = pattern.match(detail)
            if match:
                return template.format(**match.groupdict())
    return detail


def verdict_kind(result: Estimate | CaseStudyError) -> str:
    """found (95% interval excludes 0), none (it covers 0) or unmeasurable (an error)."""
    if isinstance(result, CaseStudyError):
        return "unmeasurable"
    return "none" if result.ci_low <= 0 <= result.ci_high else "found"


def verdict(outcome: str, result: Estimate | CaseStudyError, lang: str = "en") -> str:
    """One sentence a manager can read: what the intervention did to this outcome."""
    meta = OUTCOMES[outcome]
    name, unit = meta.display(lang), meta.display_unit(lang)
    kind = verdict_kind(result)
    zh = lang == "zh"
    if isinstance(result, CaseStudyError):
        return (
            f"{name}：无法衡量——{reason(result.detail, lang)}。"
            if zh
            else (f"{name}: cannot be measured — {result.detail}.")
        )
    est, lo, hi = result.estimate, result.ci_low, result.ci_high
    if zh:
        if kind == "found":
            return f"{name}：发现效应，估计 {est:+.2f} {unit}（95%区间 {lo:+.2f} 至 {hi:+.2f}）。"
        return (
            f"{name}：未发现可检测的效应，估计 {est:+.2f} {unit}，"
            f"95%区间 {lo:+.2f} 至 {hi:+.2f} 包含零。"
        )
    if kind == "found":
        return f"{name}: effect found, {est:+.2f} {unit} (95% interval {lo:+.2f} to {hi:+.2f})."
    return (
        f"{name}: no detectable effect, {est:+.2f} {unit}; the 95% interval "
        f"{lo:+.2f} to {hi:+.2f} includes zero."
    )


def verdict_table(
    results: Mapping[str, Estimate | CaseStudyError], lang: str = "en"
) -> pd.DataFrame:
    """One row per outcome: outcome (display name), verdict, estimate, ci_low, ci_high, unit,
    text (the sentence of `verdict`)."""
    labels = VERDICTS.get(lang, VERDICTS["en"])
    rows = []
    for outcome, result in results.items():
        measured = not isinstance(result, CaseStudyError)
        rows.append(
            {
                "outcome": OUTCOMES[outcome].display(lang),
                "verdict": labels[verdict_kind(result)],
                "estimate": result.estimate if measured else float("nan"),
                "ci_low": result.ci_low if measured else float("nan"),
                "ci_high": result.ci_high if measured else float("nan"),
                "unit": OUTCOMES[outcome].display_unit(lang),
                "text": verdict(outcome, result, lang),
            }
        )
    return pd.DataFrame(rows)
