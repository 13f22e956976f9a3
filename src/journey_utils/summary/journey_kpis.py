"""The journey's headline figures for the one-page summary, computed by the same functions as
the journey report so the two always agree."""

from __future__ import annotations

from datetime import date

import pandas as pd

from journey_utils.journey.dropoff import dropoff_table
from journey_utils.journey.funnel import funnel_table
from journey_utils.journey.masking import EVERY_GROUP
from journey_utils.journey.timing import time_to_decision_table
from journey_utils.plotting import format_pct
from journey_utils.summary.kpis import Kpi
from journey_utils.summary.messages import MESSAGES
from journey_utils.vocabulary import stage_label


def journey_kpis(log: pd.DataFrame, as_of: date | str, lang: str = "en") -> list[Kpi]:
    """Conversion to disbursement, median time to decision, and the stage that loses most cases."""
    funnel = funnel_table(log, min_cell_size=EVERY_GROUP)  # headline figures read every stage
    first, last = funnel.iloc[0], funnel.iloc[-1]
    # a stage's English name is lower-cased inside the sentence (the Chinese has no case)
    start = stage_label(first["stage"], lang).lower()
    kpis = [
        Kpi(
            "journey_conversion",
            MESSAGES("kpi_label.journey_conversion"),
            float(last["cumulative_conversion"]),
            format_pct(last["cumulative_conversion"]),
            MESSAGES("kpi_note.journey_conversion", lang, stage=start),
        )
    ]
    if "application" in set(log["stage"].unique()):
        decision = time_to_decision_table(log, as_of, min_cell_size=EVERY_GROUP).iloc[0]
        kpis.append(
            Kpi(
                "median_days_to_decision",
                MESSAGES("kpi_label.median_days_to_decision"),
                float(decision["median"]),
                MESSAGES(
                    "kpi_value.median_days_to_decision", lang, days=f"{decision['median']:.0f}"
                ),
                MESSAGES("kpi_note.median_days_to_decision", lang),
            )
        )
    leak = largest_dropoff(log, lang)
    if leak is not None:
        name, _, share = leak
        kpis.append(
            Kpi(
                "largest_dropoff_stage",
                MESSAGES("kpi_label.largest_dropoff_stage"),
                share,
                name,
                MESSAGES("kpi_note.largest_dropoff_stage", lang, share=format_pct(share)),
            )
        )
    return kpis


def largest_dropoff(log: pd.DataFrame, lang: str = "en") -> tuple[str, int, float] | None:
    """The stage where most cases that ended without a loan stopped: its name in `lang`, those
    cases and their share of all such cases (None when no case ended without a loan)."""
    lost = dropoff_table(log)
    lost = lost[lost["outcome"] != "in_progress"].groupby("stage", sort=False)["cases"].sum()
    if lost.sum() <= 0:
        return None
    stage = lost.idxmax()
    return stage_label(stage, lang), int(lost.max()), float(lost.max() / lost.sum())
