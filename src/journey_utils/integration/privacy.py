"""Keyed-hash pseudonyms for personal data, so no raw identifier leaves integration (DESIGN §8).

The key comes from the environment variable ``JOURNEY_PSEUDO_KEY`` and is read only in this
module: it is never a parameter, because papermill writes parameters into executed notebooks.
A synthetic run without the variable uses a fixed demo key and says so (``key_source="demo"``).
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from journey_utils.catalog import SOURCES, identifier_columns
from journey_utils.errors import JourneyError
from journey_utils.params.run import RunParams

KEY_ENV = "JOURNEY_PSEUDO_KEY"
MIN_KEY_CHARS = 16
_DEMO_KEY = b"loan-journey-workbook/DEMO-KEY/not-a-secret/synthetic-data-only"

KeySource = Literal["env", "demo"]

PREFIXES: dict[str, str] = {
    "client_id": "C",
    "uscc": "U",
    "name": "N",
    "contact_name": "P",
    "contact_phone": "T",
    "staff_id": "S",
}
"""Pseudonym prefix per identifier column: the prefix says what kind of identifier it was."""

PSEUDONYM_HEX = 16
_MEMO_LIMIT = 2_000_000


@dataclass(repr=False)
class Pseudonymiser:
    """HMAC-SHA256 pseudonyms under one key; `key_source` says whether the key is the demo key."""

    key_source: KeySource
    _key: bytes = field(repr=False)
    _memo: dict[str, tuple[pd.Index, np.ndarray]] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return f"Pseudonymiser(key_source={self.key_source!r})"

    def pseudonymise(self, series: pd.Series, prefix: str) -> pd.Series:
        """Replace every value by `prefix-<16 hex>`; the same value and key give the same pseudonym.

        Each distinct value is hashed once (factorize), and values already seen by this
        pseudonymiser are looked up, not hashed again, so chunk after chunk of events with the
        same clients costs little; nulls stay null. The prefix is part of the hashed message,
        so the same text in two kinds of column gets unrelated pseudonyms.
        """
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        mapped = self._lookup(pd.Index(uniques, dtype="str"), prefix)
        table = np.append(mapped, None)  # code -1 (null) picks the trailing None
        return pd.Series(table[codes], index=series.index, name=series.name, dtype="str")

    def pseudonymise_frame(self, frame: pd.DataFrame, name: str) -> pd.DataFrame:
        """A copy of a frame of source `name`: identifiers pseudonymised, free text dropped."""
        info = SOURCES[name]
        out = frame.drop(columns=[c for c in info.free_text if c in frame.columns])
        for col in identifier_columns(name):
            if col in out.columns:
                out[col] = self.pseudonymise(out[col], PREFIXES[col])
        return out

    def _lookup(self, values: pd.Index, prefix: str) -> np.ndarray:
        known, pseudonyms = self._memo.get(prefix, (pd.Index([], dtype="str"), _EMPTY))
        where = known.get_indexer(values) if len(known) else np.full(len(values), -1)
        hit = where >= 0
        out = np.empty(len(values), dtype=object)
        out[hit] = pseudonyms[where[hit]]
        fresh = values[~hit]
        hashed = np.array([self._hash(v, prefix) for v in fresh], dtype=object)
        out[~hit] = hashed
        if len(fresh):
            if len(known) + len(fresh) > _MEMO_LIMIT:
                known, pseudonyms = pd.Index([], dtype="str"), _EMPTY
            self._memo[prefix] = (known.append(fresh), np.concatenate([pseudonyms, hashed]))
        return out

    def _hash(self, value: str, prefix: str) -> str:
        digest = hmac.digest(self._key, f"{prefix}:{value}".encode(), "sha256")
        return f"{prefix}-{digest.hex()[:PSEUDONYM_HEX]}"


_EMPTY = np.array([], dtype=object)


def pseudonymiser(params: RunParams) -> Pseudonymiser:
    """The run's pseudonymiser: key from $JOURNEY_PSEUDO_KEY, else the demo key for synthetic data.

    Real data without a key stops the run: a silent default key would make pseudonyms
    reversible by anyone who has this code.
    """
    raw = os.environ.get(KEY_ENV, "")
    if raw:
        if len(raw) < MIN_KEY_CHARS:
            raise JourneyError(
                f"{KEY_ENV} is too short ({len(raw)} characters): use at least {MIN_KEY_CHARS}"
            )
        return Pseudonymiser("env", raw.encode("utf-8"))
    if params.synthetic:
        return Pseudonymiser("demo", _DEMO_KEY)
    raise JourneyError(
        f"set the environment variable {KEY_ENV} to the bank's pseudonymisation key "
        "(real data is never pseudonymised with the demo key)"
    )


def pseudonymise(series: pd.Series, prefix: str, params: RunParams) -> pd.Series:
    """Pseudonyms for one column under the run's key (see `Pseudonymiser.pseudonymise`)."""
    return pseudonymiser(params).pseudonymise(series, prefix)


def key_source(params: RunParams) -> KeySource:
    """Which key the run uses: "env" (the bank's key) or "demo" (synthetic data only)."""
    return pseudonymiser(params).key_source
