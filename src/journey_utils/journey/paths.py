"""Paths through the journey: variants (stage sequences per case), the stage-to-stage transition
matrix and rework loops, computed with numpy over integer codes (no Python loop over cases).

A *visit* is a run of consecutive events of the same stage within a case (entered and completed
are not separate steps). A *pass* through a stage starts at a visit, or when the stage is
`entered` again right after it was `completed` (rework without another stage in between).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from journey_utils.catalog import OUTCOMES, STAGES
from journey_utils.errors import InputError
from journey_utils.journey.cases import require_columns
from journey_utils.journey.masking import mask_cells, mask_groups

STEP_SEPARATOR = " › "
"""Joins the steps of a variant: 'information › application › disbursed'."""

OTHER_VARIANTS = "other variants"
"""Label of the remainder row of `variants_table`."""

START = "start"
"""Row label of the transition matrix for where cases begin."""

_DAY_US = 86_400 * 1_000_000
_PACK_BITS = 3
_PACKED_STEPS = 20  # 20 visits x 3 bits + 3 outcome bits = 63 bits of a uint64


@dataclass(frozen=True)
class EncodedLog:
    """The log as integer arrays in (case, ts, stage order): the shared input of every path
    analysis. `case`, `stage` and `ts_us` are per event; `outcome` and `case_start` per case."""

    order: np.ndarray  # row positions of the log, in sorted order
    case: np.ndarray  # case code per sorted event (0..n_cases-1, non-decreasing)
    stage: np.ndarray  # stage index into STAGES per sorted event
    ts_us: np.ndarray  # timestamp in microseconds per sorted event
    case_start: np.ndarray  # first sorted event of each case (length n_cases + 1, ends with n)
    case_ids: np.ndarray  # application_id of each case code
    outcome: np.ndarray  # outcome index into OUTCOMES per case

    @property
    def n_cases(self) -> int:
        return len(self.case_start) - 1


def _arrow_strings(values: pd.Series) -> pa.Array | None:
    """The column as one Arrow string array when pandas already stores it that way, else None."""
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return None
    strings = pa.array(values.array)
    return strings.combine_chunks() if isinstance(strings, pa.ChunkedArray) else strings


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Integer codes (-1 for missing) and the distinct values, via Arrow when possible (faster)."""
    strings = _arrow_strings(values)
    if strings is None:
        codes, uniques = pd.factorize(values)
        return codes, list(uniques)
    encoded = pc.dictionary_encode(strings)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return codes, encoded.dictionary.to_pylist()


def category_codes(values: pd.Series, names: Sequence[str], column: str) -> np.ndarray:
    """Values as indices into `names` (e.g. STAGES); an unknown or missing value stops with the
    valid ones."""
    codes, uniques = _factorize(values)
    lookup = {name: i for i, name in enumerate(names)}
    unknown = [str(u) for u in uniques if u not in lookup]
    if unknown or (codes < 0).any():
        bad = ", ".join(unknown) or "a missing value"
        raise InputError(
            "journey log", f"unknown {column} {bad} (valid: {', '.join(names)})", column=column
        )
    table = np.array([lookup[u] for u in uniques] or [0], dtype=np.int8)
    return table[codes]


def case_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Case number per event and the application_id of each number. A column already sorted by
    id (the usual case) is coded by comparing neighbours, which is much faster than hashing."""
    strings = _arrow_strings(ids)
    if strings is not None and strings.null_count == 0 and len(strings) > 1:
        head, tail = strings.slice(0, len(strings) - 1), strings.slice(1)
        if not pc.any(pc.less(tail, head)).as_py():
            new = pc.not_equal(tail, head).to_numpy(zero_copy_only=False)
            case = np.concatenate(([0], np.cumsum(new, dtype=np.int64)))
            first = np.concatenate(([True], new))
            return case, strings.filter(pa.array(first)).to_numpy(zero_copy_only=False)
    case, uniques = pd.factorize(ids)
    if (case < 0).any():
        row = int(np.argmax(case < 0))
        raise InputError("journey log", "missing application_id", row=row, column="application_id")
    return case.astype(np.int64), np.asarray(uniques, dtype=object)


def _timestamps_us(ts: pd.Series) -> np.ndarray:
    """Event times as int64 microseconds; a missing timestamp stops with its row."""
    values = pd.to_datetime(ts).to_numpy().astype("datetime64[us]")
    missing = np.isnat(values)
    if missing.any():
        raise InputError(
            "journey log", "missing timestamp", row=int(np.argmax(missing)), column="ts"
        )
    return values.view(np.int64)


def encode_log(log: pd.DataFrame) -> EncodedLog:
    """Sort the log once by (case, ts, stage order) and encode it as integers.

    A log already grouped by case and in time order (the usual case) is not re-sorted."""
    require_columns(log, ["application_id", "stage", "ts", "outcome"])
    if len(log) == 0:
        raise InputError("journey log", "no events to analyse")
    case, case_ids = case_codes(log["application_id"])
    stage = category_codes(log["stage"], STAGES, "stage")
    ts_us = _timestamps_us(log["ts"])
    # ts (µs since 1970 < 2**53) x 8 + stage index fits an int64 and orders ties by stage.
    key = ts_us * 8 + stage
    n = len(case)
    step = np.diff(case)
    new_case = step != 0
    in_order = not (step < 0).any() and not ((np.diff(key) < 0) & ~new_case).any()
    if in_order:
        order = np.arange(n)
    else:
        by_time = np.argsort(key, kind="stable")
        order = by_time[np.argsort(case[by_time], kind="stable")]
        case, stage, ts_us = case[order], stage[order], ts_us[order]
        new_case = case[1:] != case[:-1]
    case_start = np.concatenate(([0], np.flatnonzero(new_case) + 1, [n]))
    first_rows = order[case_start[:-1]]
    outcome = category_codes(log["outcome"].iloc[first_rows], OUTCOMES, "outcome")
    return EncodedLog(
        order=order,
        case=case,
        stage=stage,
        ts_us=ts_us,
        case_start=case_start,
        case_ids=case_ids,
        outcome=outcome,
    )


def _visit_starts(enc: EncodedLog) -> np.ndarray:
    """Positions (in sorted order) of the events that start a stage visit."""
    n = len(enc.case)
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (enc.case[1:] != enc.case[:-1]) | (enc.stage[1:] != enc.stage[:-1])
    return np.flatnonzero(new)


def _case_durations_days(enc: EncodedLog) -> np.ndarray:
    """Days from each case's first to last event."""
    first = enc.ts_us[enc.case_start[:-1]]
    last = enc.ts_us[enc.case_start[1:] - 1]
    return (last - first) / _DAY_US


def _variant_keys(
    visit_case: np.ndarray, visit_stage: np.ndarray, enc: EncodedLog
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per case: a packed key of its first 20 visits and outcome, a hash of any longer tail, and
    the number of visits. Together they identify the variant (the tail hash is 64-bit)."""
    n_cases = enc.n_cases
    n_visits = np.bincount(visit_case, minlength=n_cases)
    first_visit = np.concatenate(([0], np.cumsum(n_visits)[:-1]))
    pos = np.arange(len(visit_case)) - first_visit[visit_case]
    symbol = visit_stage.astype(np.uint64) + np.uint64(1)
    head = pos < _PACKED_STEPS
    shifted = symbol[head] << (np.uint64(_PACK_BITS) * pos[head].astype(np.uint64))
    packed = _sum_uint64(visit_case[head], shifted, n_cases)
    packed |= enc.outcome.astype(np.uint64) << np.uint64(_PACK_BITS * _PACKED_STEPS)
    tail = ~head
    tail_hash = np.zeros(n_cases, dtype=np.uint64)
    if tail.any():
        mult = np.uint64(0x9E3779B97F4A7C15)
        with np.errstate(over="ignore"):
            weights = (pos[tail].astype(np.uint64) + np.uint64(1)) * mult
            tail_hash = _sum_uint64(
                visit_case[tail], (symbol[tail] + np.uint64(1)) * weights, n_cases
            )
    return packed, tail_hash, n_visits


def _sum_uint64(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Wrapping uint64 sum of `values` per group, for groups given in non-decreasing order."""
    out = np.zeros(n_groups, dtype=np.uint64)
    if len(groups) == 0:
        return out
    starts = np.flatnonzero(np.concatenate(([True], groups[1:] != groups[:-1])))
    with np.errstate(over="ignore"):
        out[groups[starts]] = np.add.reduceat(values, starts)
    return out


@dataclass(frozen=True)
class _Visits:
    """Stage visits in sorted order: the case, stage and first event of each visit."""

    case: np.ndarray
    stage: np.ndarray
    first_visit: np.ndarray  # index of each case's first visit (length n_cases + 1)


def _visits(enc: EncodedLog) -> _Visits:
    starts = _visit_starts(enc)
    case = enc.case[starts]
    first_visit = np.searchsorted(case, np.arange(enc.n_cases + 1))
    return _Visits(case=case, stage=enc.stage[starts], first_visit=first_visit)


def _variant_groups(enc: EncodedLog, visits: _Visits) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Variant number of each case (numbered in order of first appearance), and per case the
    keys that order variants independently of row order (tail hash, packed steps, length)."""
    packed, tail_hash, n_visits = _variant_keys(visits.case, visits.stage, enc)
    if not tail_hash.any():
        group = pd.factorize(packed)[0]
    else:
        keys = pd.DataFrame({"packed": packed, "tail": tail_hash, "n": n_visits})
        group = keys.groupby(["packed", "tail", "n"], sort=False).ngroup().to_numpy()
    return group, (tail_hash, packed, n_visits)


def _variant_label(case: int, enc: EncodedLog, visits: _Visits) -> tuple[str, int]:
    """The variant of one case as text, and its number of steps (visits plus the outcome)."""
    stages = visits.stage[visits.first_visit[case] : visits.first_visit[case + 1]]
    steps = [STAGES[s] for s in stages] + [OUTCOMES[enc.outcome[case]]]
    return STEP_SEPARATOR.join(steps), len(steps)


def variants_table(log: pd.DataFrame, top: int = 20, *, min_cell_size: int) -> pd.DataFrame:
    """The `top` most frequent stage sequences (visits, then the outcome), with their share of
    cases and median duration, plus an 'other variants' row so shares add up to 1.

    Columns: rank, variant, outcome, n_steps, cases, share, cumulative_share, median_days
    (first to last event), n_variants (1, or how many variants the remainder row holds).
    Variants of fewer than `min_cell_size` cases are masked (`mask_groups`; 1: every row)."""
    if top < 1:
        raise InputError("variants_table", f"top must be at least 1, got {top}")
    enc = encode_log(log)
    visits = _visits(enc)
    group, keys = _variant_groups(enc, visits)
    n_groups = int(group.max()) + 1 if len(group) else 0
    cases = np.bincount(group, minlength=n_groups)
    first_case = np.full(n_groups, -1, dtype=np.int64)
    is_first = group > np.maximum.accumulate(np.concatenate(([-1], group[:-1])))
    first_case[group[is_first]] = np.flatnonzero(is_first)
    # most cases first; ties by length and steps, so the order does not depend on row order
    ranked = np.lexsort((*(key[first_case] for key in keys), -cases))
    kept = ranked[:top]
    labels = [_variant_label(int(first_case[g]), enc, visits) for g in kept]
    durations = pd.Series(_case_durations_days(enc))
    rank_of = np.full(n_groups, len(kept), dtype=np.int64)
    rank_of[kept] = np.arange(len(kept))
    medians = durations.groupby(rank_of[group]).median()
    total = max(enc.n_cases, 1)
    table = pd.DataFrame(
        {
            "rank": np.arange(1, len(kept) + 1),
            "variant": [label for label, _ in labels],
            "outcome": [OUTCOMES[enc.outcome[first_case[g]]] for g in kept],
            "n_steps": [steps for _, steps in labels],
            "cases": cases[kept],
            "median_days": medians.reindex(np.arange(len(kept))).to_numpy(),
            "n_variants": 1,
        }
    )
    rest = ranked[top:]
    if len(rest):
        other = {
            "rank": pd.NA,
            "variant": OTHER_VARIANTS,
            "outcome": pd.NA,
            "n_steps": pd.NA,
            "cases": int(cases[rest].sum()),
            "median_days": float(medians.get(len(kept), np.nan)),
            "n_variants": len(rest),
        }
        table = pd.concat([table, pd.DataFrame([other])], ignore_index=True)
    table["share"] = table["cases"] / total
    table["cumulative_share"] = table["share"].cumsum()
    table = table.astype({"rank": "Int64", "n_steps": "Int64", "cases": "int64"})
    columns = ["rank", "variant", "outcome", "n_steps", "cases", "share", "cumulative_share"]
    table = table[[*columns, "median_days", "n_variants"]]
    return mask_groups(table, "cases", min_cell_size=min_cell_size)


def _transition_counts(enc: EncodedLog, visits: _Visits) -> np.ndarray:
    """Counts of directly-follows pairs between visits, as a (1 + stages) x (stages + outcomes)
    array: row 0 is the start, columns after the stages are the case outcomes."""
    k, m = len(STAGES), len(OUTCOMES)
    width = k + m
    last_of_case = np.zeros(len(visits.case), dtype=bool)
    last_of_case[visits.first_visit[1:] - 1] = True
    nxt = np.empty(len(visits.case), dtype=np.int64)
    nxt[:-1] = visits.stage[1:]
    nxt[last_of_case] = k + enc.outcome[visits.case[last_of_case]]
    source = visits.stage.astype(np.int64) + 1
    pairs = source * width + nxt
    first_stage = visits.stage[visits.first_visit[:-1]].astype(np.int64)
    counts = np.bincount(pairs, minlength=(k + 1) * width)
    counts += np.bincount(first_stage, minlength=(k + 1) * width)
    return counts.reshape(k + 1, width)


def transition_matrix(
    log: pd.DataFrame, normalise: Literal["row"] | None = None, *, min_cell_size: int
) -> pd.DataFrame:
    """How often each stage visit is directly followed by another stage, or by the case's end.

    Rows: 'start' then the stages the log has; columns: those stages then the outcomes that occur
    (where cases leave). Counts transitions (a case looping counts each time); `normalise='row'`
    gives each row's shares instead. Counts between 1 and `min_cell_size - 1` are masked, and so
    are their shares (`mask_cells`; 1: every count)."""
    if normalise not in (None, "row"):
        raise InputError("transition_matrix", f"normalise must be None or 'row', not {normalise!r}")
    enc = encode_log(log)
    visits = _visits(enc)
    counts = _transition_counts(enc, visits)
    present = np.bincount(enc.stage, minlength=len(STAGES)) > 0
    seen = np.bincount(enc.outcome, minlength=len(OUTCOMES)) > 0
    rows = np.concatenate(([True], present))
    cols = np.concatenate((present, seen))
    names = [*STAGES, *OUTCOMES]
    matrix = pd.DataFrame(
        counts[np.ix_(rows, cols)],
        index=pd.Index([START, *np.array(STAGES)[present]], name="from"),
        columns=pd.Index([n for n, keep in zip(names, cols, strict=True) if keep], name="to"),
    )
    shown = mask_cells(matrix, min_cell_size=min_cell_size)
    if normalise == "row":
        totals = matrix.sum(axis=1).replace(0, np.nan)
        return matrix.div(totals, axis=0).mask(shown.isna())
    return shown


def _status_flags(log: pd.DataFrame, enc: EncodedLog) -> tuple[np.ndarray, np.ndarray]:
    """Per sorted event: is it an `entered` event, is it a `completed` one (False without a
    status column)."""
    if "status" not in log.columns:
        none = np.zeros(len(enc.case), dtype=bool)
        return none, none
    codes, uniques = _factorize(log["status"])
    codes = codes[enc.order]

    def flag(name: str) -> np.ndarray:
        return codes == (uniques.index(name) if name in uniques else -2)

    return flag("entered"), flag("completed")


@dataclass(frozen=True)
class _Rework:
    """One entry per case and stage it went through (sorted by case, then stage)."""

    case: np.ndarray
    stage: np.ndarray
    passes: np.ndarray
    extra_us: np.ndarray  # end of the last pass minus end of the first pass


def _rework(log: pd.DataFrame, enc: EncodedLog) -> _Rework:
    """Passes through each (case, stage) and the time they added, all in numpy."""
    n = len(enc.case)
    entered, completed = _status_flags(log, enc)
    new = np.ones(n, dtype=bool)
    if n > 1:
        same = (enc.case[1:] == enc.case[:-1]) & (enc.stage[1:] == enc.stage[:-1])
        new[1:] = ~same | (entered[1:] & completed[:-1])
    starts = np.flatnonzero(new)
    end_us = enc.ts_us[np.concatenate((starts[1:], [n])) - 1]
    key = enc.case[starts] * len(STAGES) + enc.stage[starts]
    by_key = np.argsort(key, kind="stable")  # passes of one (case, stage) together, in time order
    key, end_us = key[by_key], end_us[by_key]
    first = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    passes = np.diff(np.concatenate((first, [len(key)])))
    last_end = np.maximum.reduceat(end_us, first) if len(first) else end_us[:0]
    return _Rework(
        case=key[first] // len(STAGES),
        stage=key[first] % len(STAGES),
        passes=passes,
        extra_us=last_end - end_us[first],
    )


def rework_cases(log: pd.DataFrame) -> pd.DataFrame:
    """One row per case and stage it went through: passes (how often it entered the stage),
    reworked (entered more than once) and extra_days (from the end of the first pass to the end of
    the last one: the delay the rework added)."""
    enc = encode_log(log)
    rework = _rework(log, enc)
    return pd.DataFrame(
        {
            "application_id": enc.case_ids[rework.case],
            "stage": np.array(STAGES, dtype=object)[rework.stage],
            "passes": rework.passes,
            "reworked": rework.passes > 1,
            "extra_days": rework.extra_us / _DAY_US,
        }
    )


def rework_flags(log: pd.DataFrame) -> pd.DataFrame:
    """One row per case: reworked (any stage entered more than once), n_rework (extra passes in
    all stages) and extra_days (summed over stages), for joining onto a case table."""
    per = rework_cases(log)
    per["extra_passes"] = per["passes"] - 1
    flags = per.groupby("application_id", sort=True).agg(
        reworked=("reworked", "any"),
        n_rework=("extra_passes", "sum"),
        extra_days=("extra_days", "sum"),
    )
    return flags.reset_index()


def rework_table(log: pd.DataFrame, *, min_cell_size: int) -> pd.DataFrame:
    """Per stage: cases at the stage, cases that re-entered it, their share, and the extra days
    the rework added (median and mean over the reworked cases, and in total). Stages with fewer
    than `min_cell_size` cases are masked (`mask_groups`; 1: every row)."""
    enc = encode_log(log)
    rework = _rework(log, enc)
    k = len(STAGES)
    cases = np.bincount(rework.stage, minlength=k)
    hit = rework.passes > 1
    extra = pd.Series(rework.extra_us[hit] / _DAY_US).groupby(rework.stage[hit])
    table = pd.DataFrame(
        {
            "stage": list(STAGES),
            "cases": cases,
            "cases_reworked": np.bincount(rework.stage[hit], minlength=k),
        }
    )
    table["rework_share"] = table["cases_reworked"] / table["cases"]
    table["extra_days_median"] = extra.median().reindex(range(k)).to_numpy()
    table["extra_days_mean"] = extra.mean().reindex(range(k)).to_numpy()
    table["extra_days_total"] = extra.sum().reindex(range(k)).fillna(0.0).to_numpy()
    table = table[table["cases"] > 0].reset_index(drop=True)
    return mask_groups(table, "cases", min_cell_size=min_cell_size)
