"""The scorecard path of a loan book: optimal binning per feature (optbinning: monotonic trend
where the data supports it, missing values in their own bin, categorical levels merged, a minimum
bin share), a logit on the weight of evidence, points per bin from the base score, base odds and
points to double the odds, and the reason codes of each scored loan.

WoE convention (optbinning's): WoE = ln(share of goods / share of bads) in the bin, so a positive
WoE marks a safer bin; the logit models the log-odds of default, so its WoE coefficients are
negative when a feature works as expected, and more points mean a safer loan."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from optbinning import BinningProcess

from journey_utils.errors import InputError
from journey_utils.risk.messages import MESSAGES
from journey_utils.risk.screen import MIN_HALF_DEFAULTS, correlated, halves, stability

MIN_BIN_SHARE = 0.05
"""Smallest share of the development loans a bin may hold."""
MIN_IV = 0.02
"""Features below this information value are screened out (the usual 'not useful' line)."""
TREND = "auto_asc_desc"
"""optbinning's monotonic trend where params state no direction: ascending or descending,
whichever fits (a scorecard's points must move one way along a number)."""
MAX_BINS = 8
"""Most bins per feature before the missing bin."""
CAT_CUTOFF = 0.02
"""Categorical levels holding less than this share of the loans are pooled into one level
before binning (a feature with fewer than two such levels is not binned): ordering 150 thin
levels by their default rates would manufacture an information value out of noise."""
OTHER = "(other)"
"""The pooled level of a categorical feature's thin levels."""


@dataclass(frozen=True)
class PointsScale:
    """How log-odds become points: `base_score` at `base_odds` (goods per bad), and `pdo` more
    points for each doubling of the odds."""

    base_score: float = 600.0
    base_odds: float = 50.0
    pdo: float = 20.0

    @property
    def factor(self) -> float:
        return self.pdo / np.log(2.0)

    @property
    def offset(self) -> float:
        return self.base_score - self.factor * np.log(self.base_odds)

    def score(self, log_odds_bad: np.ndarray) -> np.ndarray:
        """Points of a log-odds of default (higher is safer)."""
        return self.offset - self.factor * np.asarray(log_odds_bad, dtype=float)

    def pd_of(self, score: np.ndarray) -> np.ndarray:
        """The probability of default a score stands for."""
        log_odds_bad = (self.offset - np.asarray(score, dtype=float)) / self.factor
        return 1.0 / (1.0 + np.exp(-log_odds_bad))


@dataclass(frozen=True)
class Scorecard:
    """A fitted scorecard: the binning, the WoE logit, the screen and the points table."""

    binning: BinningProcess
    result: object
    """The statsmodels Logit of default on the selected features' WoE."""
    selected: tuple[str, ...]
    screen: pd.DataFrame
    """feature, kind, bins, iv, selected and why not."""
    points: pd.DataFrame
    """feature, bin, loans, event_rate, woe, points (the constant spread over the features)."""
    scale: PointsScale
    kept: dict[str, tuple[str, ...]]
    """Per categorical feature, the levels binned as themselves (the rest pooled as OTHER)."""
    stability: str = "skipped"
    """How the stability screen split the loans: 'time', 'random' or 'skipped' (too few
    defaults in a half)."""

    def woe(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The selected features of `frame` as weights of evidence."""
        features = list(self.binning.variable_names)
        woe = transform_woe(self.binning, _pool(frame[features], self.kept))
        return woe[list(self.selected)]

    def log_odds(self, frame: pd.DataFrame) -> np.ndarray:
        woe = sm.add_constant(self.woe(frame), has_constant="add")
        return np.asarray(woe.to_numpy(float) @ np.asarray(self.result.params, dtype=float))  # type: ignore[attr-defined]

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of default of each loan."""
        return 1.0 / (1.0 + np.exp(-self.log_odds(frame)))

    def score(self, frame: pd.DataFrame) -> np.ndarray:
        """Scorecard points of each loan (higher is safer)."""
        return self.scale.score(self.log_odds(frame))

    def reasons(self, frame: pd.DataFrame, top: int = 2) -> pd.DataFrame:
        """The `top` adverse factors of each loan: the features whose points fall furthest below
        the best points that feature gives (columns reason_1.. with the feature names)."""
        params = self.result.params  # type: ignore[attr-defined]
        woe = self.woe(frame)
        points = -self.scale.factor * woe * params[list(self.selected)].to_numpy()
        best = self.points.groupby("feature")["points"].max()
        const_share = (self.scale.offset - self.scale.factor * params["const"]) / len(self.selected)
        shortfall = best[list(self.selected)].to_numpy() - (points + const_share)
        order = np.argsort(-shortfall.to_numpy(), axis=1)[:, :top]
        names = np.array(self.selected)[order]
        return pd.DataFrame(names, columns=[f"reason_{i + 1}" for i in range(top)],
                            index=frame.index)  # fmt: skip


def fit_scorecard(
    frame: pd.DataFrame,
    features: Sequence[str],
    categorical: Sequence[str] = (),
    target: str = "target",
    scale: PointsScale | None = None,
    monotone: dict[str, str] | None = None,
) -> Scorecard:
    """Bin every feature on `frame` (the development loans), screen them by information value,
    fit the logit of `target` on the selected features' WoE and build the points table. Missing
    values get their own bin; nothing is dropped. Stops (InputError) when no feature passes."""
    scale = scale or PointsScale()
    features = list(features)
    y = frame[target].astype(int).to_numpy()
    if y.sum() == 0 or y.sum() == len(y):
        raise InputError("scorecard", "the development loans hold only one outcome")
    trend = {"increasing": "ascending", "decreasing": "descending"}
    fit_params: dict[str, dict[str, object]] = {
        f: {"monotonic_trend": trend.get((monotone or {}).get(f, ""), TREND)}
        for f in features
        if f not in categorical
    }
    kept = _kept_levels(frame, categorical)
    thin = [f for f in categorical if len(kept[f]) < 2]
    binned = [f for f in features if f not in thin]
    pooled = _pool(frame[binned], kept)
    binning = _fit_binning(pooled, y, binned, categorical, fit_params)
    summary = binning.summary().set_index("name")
    screen = pd.DataFrame(
        {
            "feature": features,
            "kind": ["categorical" if f in categorical else "numeric" for f in features],
            "bins": [int(summary.loc[f, "n_bins"]) if f in binned else 0 for f in features],
            "iv": [float(summary.loc[f, "iv"]) if f in binned else 0.0 for f in features],
        }
    )
    screen["selected"] = screen["iv"] >= MIN_IV
    screen["note"] = np.where(
        screen["selected"], "", MESSAGES("screen.iv_below", "en", line=MIN_IV)
    )
    screen.loc[screen["feature"].isin(thin), "note"] = MESSAGES(
        "screen.thin", "en", share=f"{CAT_CUTOFF:.0%}"
    )
    checked = _screen_stability(screen, frame, pooled, y, categorical, fit_params)
    selected = tuple(screen.loc[screen["selected"], "feature"])
    if not selected:
        raise InputError("scorecard", f"no feature reaches an information value of {MIN_IV}"
                         + (" and stays stable" if checked != "skipped" else ""))  # fmt: skip
    woe = transform_woe(binning, pooled)[list(selected)]
    _refuse_collinear(woe)
    dropped = correlated(woe, screen.set_index("feature").loc[list(selected), "iv"])
    for feature, (partner, r) in dropped.items():
        row = screen["feature"] == feature
        screen.loc[row, "selected"] = False
        screen.loc[row, "note"] = MESSAGES(
            "screen.correlated", "en", r=f"{r:+.2f}", partner=partner
        )
    selected = tuple(f for f in selected if f not in dropped)
    result, selected = _fit_signed(woe[list(selected)], y, screen)
    points = _points(binning, result, selected, scale)
    return Scorecard(binning, result, selected, screen, points, scale, kept, checked)  # fmt: skip


def _fit_signed(
    woe: pd.DataFrame, y: np.ndarray, screen: pd.DataFrame
) -> tuple[object, tuple[str, ...]]:
    """The WoE logit, refitted without the feature of the most wrongly signed weight until every
    weight is negative (a safer bin must never cost points); `screen` notes who left and why."""
    selected = list(woe.columns)
    while True:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = sm.Logit(y, sm.add_constant(woe[selected], has_constant="add")).fit(disp=0)
        weights = result.params[selected]
        wrong = weights[weights > 0]
        if wrong.empty or len(selected) == 1:
            return result, tuple(selected)
        feature = str(wrong.idxmax())
        row = screen["feature"] == feature
        screen.loc[row, "selected"] = False
        screen.loc[row, "note"] = MESSAGES("screen.wrong_sign", "en", w=f"{wrong.max():+.2f}")
        selected.remove(feature)


def _fit_binning(
    pooled: pd.DataFrame, y: np.ndarray, features: Sequence[str], categorical: Sequence[str],
    fit_params: dict[str, dict[str, object]],
) -> BinningProcess:  # fmt: skip
    """optbinning's BinningProcess of `features` fitted on the pooled loans."""
    binning = BinningProcess(
        variable_names=list(features),
        categorical_variables=[f for f in categorical if f in features],
        max_n_bins=MAX_BINS,
        min_bin_size=MIN_BIN_SHARE,
        binning_fit_params={f: fit_params.get(f, {}) for f in features},
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        binning.fit(pooled[list(features)], y)
    return binning


def _screen_stability(
    screen: pd.DataFrame, frame: pd.DataFrame, pooled: pd.DataFrame, y: np.ndarray,
    categorical: Sequence[str], fit_params: dict[str, dict[str, object]],
) -> str:  # fmt: skip
    """Bin the IV-selected features again on the earlier half of the loans and leave out those
    whose bins no longer order the later half's risk (in place on `screen`, which gains
    iv_earlier and iv_later). Returns how the halves were made: 'time', 'random' or 'skipped'
    (too few defaults in a half)."""
    screen["iv_earlier"] = np.nan
    screen["iv_later"] = np.nan
    candidates = list(screen.loc[screen["selected"], "feature"])
    early, how = halves(frame)
    if not candidates or min(y[early].sum(), y[~early].sum()) < MIN_HALF_DEFAULTS:
        return "skipped"
    binning = _fit_binning(pooled[early], y[early], candidates, categorical, fit_params)
    labels = binning.transform(pooled[candidates], metric="bins")
    woe = transform_woe(binning, pooled[candidates])
    table = stability(labels, woe, y, early).set_index("feature")
    rows = screen["feature"].isin(candidates)
    for column in ("iv_earlier", "iv_later"):
        screen.loc[rows, column] = screen.loc[rows, "feature"].map(table[column]).to_numpy()
    unstable = rows & ~screen["feature"].map(table["stable"]).fillna(True).astype(bool)
    screen.loc[unstable, "selected"] = False
    screen.loc[unstable, "note"] = MESSAGES(f"screen.unstable_{how}", "en")
    return how


COLLINEAR = 0.999
"""Two selected features whose WoE columns correlate beyond this carry the same information:
the logit cannot tell their weights apart, so the fit stops and names them."""


def _refuse_collinear(woe: pd.DataFrame) -> None:
    """Stop in one line naming the first pair of selected features with (nearly) the same WoE."""
    if woe.shape[1] < 2:
        return
    corr = np.nan_to_num(np.corrcoef(woe.to_numpy(float), rowvar=False), nan=0.0)
    names = list(woe.columns)
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            if abs(corr[i, j]) > COLLINEAR:
                raise InputError(
                    "scorecard",
                    f"features {names[i]!r} and {names[j]!r} carry the same information "
                    f"(WoE correlation {corr[i, j]:.3f}): keep one of them in loan_book.features",
                    column=names[j],
                )


def transform_woe(binning: BinningProcess, frame: pd.DataFrame) -> pd.DataFrame:
    """Each value's WoE; missing and special values take their own bin's WoE (optbinning's
    default would give them 0, the WoE of an average loan, whatever their default rate)."""
    return binning.transform(
        frame, metric="woe", metric_missing="empirical", metric_special="empirical"
    )


def _kept_levels(frame: pd.DataFrame, categorical: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The levels of each categorical feature that hold at least CAT_CUTOFF of the loans."""
    kept = {}
    for f in categorical:
        shares = frame[f].astype("string").value_counts(normalize=True)
        kept[f] = tuple(str(v) for v in shares[shares >= CAT_CUTOFF].index)
    return kept


def _pool(frame: pd.DataFrame, kept: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """The frame with each categorical feature's thin levels pooled into OTHER (missing stays
    missing, its own bin)."""
    out = frame.copy()
    for f, levels in kept.items():
        if f in out.columns:
            text = out[f].astype("string")
            out[f] = text.where(text.isin(levels) | text.isna(), OTHER).astype(object)
    return out


def _points(
    binning: BinningProcess, result: object, selected: Sequence[str], scale: PointsScale
) -> pd.DataFrame:
    """Points of every bin of every selected feature; the offset and the constant's points are
    spread evenly, so a loan's points add up to its score."""
    params = result.params  # type: ignore[attr-defined]
    const_share = (scale.offset - scale.factor * params["const"]) / len(selected)
    rows = []
    for feature in selected:
        table = binning.get_binned_variable(feature).binning_table.build()
        table = table[table.index != "Totals"]
        table = table[table["Count"] > 0]
        for _, row in table.iterrows():
            woe = float(row["WoE"])
            label = row["Bin"]
            if not isinstance(label, str):  # a categorical bin: the levels it holds
                label = ", ".join(str(v) for v in label)
            rows.append({
                "feature": feature, "bin": label, "loans": int(row["Count"]),
                "event_rate": float(row["Event rate"]), "woe": woe,
                "points": -scale.factor * params[feature] * woe + const_share,
            })  # fmt: skip
    return pd.DataFrame(rows)


SLOT = "FIELDSLOT"
"""Stands for a field while a note's English text becomes its pattern."""
NOTE_PATTERNS: tuple[tuple[str, str], ...] = tuple(
    (key, re.escape(MESSAGES(key, "en", **dict.fromkeys(fields, SLOT))).replace(SLOT, "(.+)"))
    for key, fields in (
        ("screen.iv_below", ("line",)), ("screen.thin", ("share",)),
        ("screen.unstable_time", ()), ("screen.unstable_random", ()),
        ("screen.correlated", ("r", "partner")), ("screen.wrong_sign", ("w",)),
    )
)  # fmt: skip
"""Each screen note's catalog key and the pattern of its English text (fields as groups)."""


def scorecard_screen(card: Scorecard, lang: str = "en") -> pd.DataFrame:
    """The screen table with its notes in the report language."""
    screen = card.screen.copy()
    screen["note"] = [_note_in(str(note), lang) for note in screen["note"]]
    return screen


def _note_in(note: str, lang: str) -> str:
    """One screen note (English, as fit_scorecard wrote it) in `lang`."""
    for key, pattern in NOTE_PATTERNS:
        match = re.fullmatch(pattern, note)
        if match:
            names = re.findall(r"\{(\w+)\}", MESSAGES.entries[key]["en"])
            return MESSAGES(key, lang, **dict(zip(names, match.groups(), strict=True)))
    return note
