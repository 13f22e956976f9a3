"""The credit-risk study of a loan book of any layout, as its report runs it: read the book
(every row accounted for), split it by date into development and validation windows, fit the
scorecard and the challenger on the first, and judge both on the second."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from journey_utils.errors import InputError
from journey_utils.integration.pipeline import prepare_sources
from journey_utils.integration.privacy import pseudonymiser
from journey_utils.params.run import RunParams
from journey_utils.risk.book import LoanBook, read_loan_book
from journey_utils.risk.challenger import Challenger, comparison_table, fit_challenger
from journey_utils.risk.messages import MESSAGES
from journey_utils.risk.pd_model import pd_to_score, score_grades
from journey_utils.risk.scorecard import PointsScale, Scorecard, fit_scorecard
from journey_utils.risk.validation import (
    Calibration,
    calibration_in_the_large,
    csi_table,
    monotone_grades,
    recalibrate_intercept,
)

SPLIT_SEED = 20240601
VALIDATION_SHARE = 0.3
"""Without a date column, a seeded 30% of the loans validate (the report says it is not out
of time)."""


@dataclass(frozen=True)
class BookStudy:
    """Everything the loan-book report shows."""

    book: LoanBook
    out_of_time: bool
    development: pd.DataFrame
    validation: pd.DataFrame
    scorecard: Scorecard
    challenger: Challenger
    comparison: pd.DataFrame
    grades: pd.DataFrame
    calibration: Calibration
    csi: pd.DataFrame
    recalibrated: Calibration | None = None
    """Calibration after shifting the PDs' level to risk.recent_default_rate (when given)."""


def _split(book: LoanBook, params: RunParams) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """Development and validation loans: before and from `risk.train_until` when the book has
    a date, else a seeded random split. An empty window stops in one line naming it."""
    frame = book.frame
    if "date" in frame.columns:
        cut = pd.Timestamp(params.risk.train_until)
        dev, val = frame[frame["date"] < cut], frame[frame["date"] >= cut]
        for name, part in (("development", dev), ("validation", val)):
            if part.empty or part["target"].nunique() < 2:
                first, last = frame["date"].min(), frame["date"].max()
                raise InputError(
                    "risk.train_until",
                    f"the {name} window holds {len(part)} loans with "
                    f"{int(part['target'].sum()) if len(part) else 0} defaults: move "
                    f"train_until {cut:%Y-%m-%d} inside the book's dates "
                    f"({first:%Y-%m-%d} to {last:%Y-%m-%d})",
                )
        return dev.reset_index(drop=True), val.reset_index(drop=True), True
    rng = np.random.default_rng(SPLIT_SEED)
    held = rng.random(len(frame)) < VALIDATION_SHARE
    return frame[~held].reset_index(drop=True), frame[held].reset_index(drop=True), False


def grade_table(scorecard: Scorecard, validation: pd.DataFrame) -> pd.DataFrame:
    """Per grade of the validation loans (A safest), loans, defaults, observed rate, whether it
    breaks the grade order and the pooled grade after merging (empty grades left out)."""
    grades = score_grades(pd_to_score(scorecard.predict(validation)))
    counts = (
        pd.DataFrame({"grade": grades, "target": validation["target"].to_numpy()})
        .groupby("grade")["target"]
        .agg(loans="size", defaults="sum")
        .reset_index()
        .sort_values("grade")
    )
    return monotone_grades(counts)


def run_book_study(params: RunParams) -> BookStudy:
    """Read the run's loan book, split it and fit and validate both models."""
    spec = params.loan_book
    if spec is None or spec.format != "table":
        raise InputError("loan_book", "this report reads a loan book of format table")
    prepare_sources(params)
    book = read_loan_book(params.loan_book_path, spec, pseudonymiser(params).pseudonymise)
    return study_book(book, params)


def portfolio_book(
    frame: pd.DataFrame, features: Sequence[str], target: str = "npl_12m",
    date: str = "submitted_at",
) -> LoanBook:  # fmt: skip
    """The synthetic portfolio's PD population as a loan book (its exclusions are counted by the
    population itself), so the PD report runs the same scorecard and challenger."""
    data = frame.rename(columns={target: "target", date: "date"})
    data = data[["target", "date", *features]].reset_index(drop=True)
    categorical = tuple(f for f in features if not pd.api.types.is_numeric_dtype(data[f]))
    for f in categorical:
        data[f] = data[f].astype("string")
    for f in features:
        if pd.api.types.is_bool_dtype(data[f]):
            data[f] = data[f].astype(float)
    missing = pd.DataFrame(
        [(f, int(data[f].isna().sum()), 0) for f in features],
        columns=["feature", "missing", "of_which_infinite"],
    )
    quarantine = pd.DataFrame({"row": pd.Series(dtype=int), "reason": pd.Series(dtype=str)})
    return LoanBook(data, quarantine, missing, tuple(features), categorical, len(data))


def portfolio_study(frame: pd.DataFrame, features: Sequence[str], params: RunParams) -> BookStudy:
    """The scorecard and challenger of the portfolio's PD population (out of time at
    risk.train_until), as on any loan book."""
    return study_book(portfolio_book(frame, features), params)


def study_book(book: LoanBook, params: RunParams) -> BookStudy:
    """Split a read loan book and fit and validate the scorecard and the challenger."""
    dev, val, out_of_time = _split(book, params)
    features, categorical = list(book.features), list(book.categorical)
    monotone = {f: d for f, d in params.risk.monotone.items() if f in features}
    scale = PointsScale(params.risk.base_score, params.risk.base_odds, params.risk.pdo)
    card = fit_scorecard(dev, features, categorical, scale=scale, monotone=monotone)
    boost = fit_challenger(dev, features, categorical, monotone=monotone)
    comparison = comparison_table(
        val["target"],
        {"scorecard": card.predict(val), "challenger": boost.predict(val)},
        {"scorecard": card.predict(dev), "challenger": boost.predict(dev)},
    )
    return BookStudy(
        book=book,
        out_of_time=out_of_time,
        development=dev,
        validation=val,
        scorecard=card,
        challenger=boost,
        comparison=comparison,
        grades=grade_table(card, val),
        calibration=calibration_in_the_large(val["target"], card.predict(val)),
        csi=csi_table(dev, val, list(card.selected), categorical),
        recalibrated=_recalibrated(card, val, params.risk.recent_default_rate),
    )


def _recalibrated(card: Scorecard, val: pd.DataFrame, rate: float | None) -> Calibration | None:
    """Calibration of the validation PDs shifted to the stated recent default rate."""
    if rate is None:
        return None
    return calibration_in_the_large(val["target"], recalibrate_intercept(card.predict(val), rate))


def book_intake_reading(study: BookStudy, lang: str = "en") -> str:
    """Rows read, accepted and quarantined, and features kept."""
    book = study.book
    return MESSAGES(
        "book_intake",
        lang,
        rows=f"{book.rows_in:,}",
        accepted=f"{len(book.frame):,}",
        defaults=f"{int(book.frame['target'].sum()):,}",
        quarantined=f"{len(book.quarantine):,}",
        features=len(book.features),
        selected=len(study.scorecard.selected),
    ) + (
        MESSAGES("book_inferred", lang, names=MESSAGES("list_separator", lang).join(book.inferred))
        if book.inferred
        else ""
    )


def quarantine_table(study: BookStudy) -> pd.DataFrame:
    """Quarantined rows by reason (counts; no raw value)."""
    q = study.book.quarantine
    return (
        q.groupby("reason").size().rename("rows").reset_index().sort_values("rows", ascending=False)
    )


def book_answer(study: BookStudy, params: RunParams, lang: str = "en") -> str:
    """The answer first: discrimination of both models, what the scorecard leaves on the table,
    calibration in the large and the grade order."""
    table = study.comparison.set_index("model")
    card, boost = table.loc["scorecard"], table.loc["challenger"]
    cal = study.calibration
    key = "book_calibrated" if cal.p_value >= 0.05 else "book_miscalibrated"
    broken = study.grades[study.grades["breaks_order"]]
    grades = (
        MESSAGES(
            "book_grades_broken",
            lang,
            grades=MESSAGES("list_separator", lang).join(broken["grade"]),
            pooled=MESSAGES("list_separator", lang).join(
                dict.fromkeys(study.grades["pooled_grade"])
            ),
        )
        if len(broken)
        else MESSAGES("book_grades_ordered", lang)
    )
    window = (
        MESSAGES("book_window.oot", lang, cut=params.risk.train_until)
        if study.out_of_time
        else MESSAGES("book_window.random", lang)
    )
    answer = MESSAGES(
        "book_answer",
        lang,
        val=f"{len(study.validation):,}",
        window=window,
        auc=f"{card['auc']:.3f}",
        gini=f"{card['gini']:.3f}",
        auc_c=f"{boost['auc']:.3f}",
        gap=f"{boost['auc'] - card['auc']:+.3f}",
        mean_pd=f"{cal.mean_pd:.1%}",
        observed=f"{cal.observed_rate:.1%}",
        calibration=MESSAGES(key, lang, p=f"{cal.p_value:.3f}"),
        grades=grades,
    )
    recal = study.recalibrated
    if recal is None:
        return answer
    return (
        answer
        + " "
        + MESSAGES(
            "book_recalibrated",
            lang,
            rate=f"{params.risk.recent_default_rate:.1%}",
            mean_pd=f"{recal.mean_pd:.1%}",
            observed=f"{recal.observed_rate:.1%}",
            p=f"{recal.p_value:.3f}",
        )
    )
