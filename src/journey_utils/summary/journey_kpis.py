"""The journey's headline figures for the one-page summary, computed by the same functions as
the journey report so the two always agree."""

from __future__ import annotations

from datetime import date

import pandas as pd

from journey_utils.journey.dropoff import dropoff_table
from journey_utils.journey.funnel import funnel_table
from journey_utils.journey.timing import time_to_decision_table
from journey_utils.plotting import format_pct
from journey_utils.summary.kpis import Kpi
from journey_utils.vocabulary import stage_label


def journey_kpis(log: pd.DataFrame, as_of: date | str, lang: str = "en") -> list[Kpi]:
    """Conversion to disbursement, median time to decision, and the stage that loses most cases."""
    funnel = funnel_table(log)
    first, last = funnel.iloc[0], funnel.iloc[-1]
    kpis = [
        Kpi(
            "journey_conversion",
            "Journey conversion",
            float(last["cumulative_conversion"]),
            format_pct(last["cumulative_conversion"]),
            (
                f"从{stage_label(first['stage'], 'zh')}开始的案件最终放款"
                if lang == "zh"
                else f"of cases starting at {stage_label(first['stage']).lower()} end disbursed"
            ),
        )
    ]
    if "application" in set(log["stage"]):
        decision = time_to_decision_table(log, as_of).iloc[0]
        kpis.append(
            Kpi(
                "median_days_to_decision",
                "Time to decision",
                float(decision["median"]),
                f"{decision['median']:.0f} 天"
                if lang == "zh"
                else f"{decision['median']:.0f} days",
                "从申请到决策的中位天数（未结案件按删失处理）"
                if lang == "zh"
                else "median from application to decision (open cases censored)",
            )
        )
    lost = dropoff_table(log)
    lost = lost[lost["outcome"] != "in_progress"].groupby("stage", sort=False)["cases"].sum()
    if lost.sum() > 0:
        stage = lost.idxmax()
        share = format_pct(lost.max() / lost.sum())
        kpis.append(
            Kpi(
                "largest_dropoff_stage",
                "Largest drop-out",
                float(lost.max() / lost.sum()),
                stage_label(stage, lang),
                f"未获贷款而结束的案件中 {share} 止步于此"
                if lang == "zh"
                else f"{share} of cases ending without a loan stop here",
            )
        )
    return kpis
