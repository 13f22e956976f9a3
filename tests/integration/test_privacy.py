"""Pseudonyms: stable under a key, other under another, unlinkable without it; demo key labelled."""

from __future__ import annotations

import hashlib
import hmac
import inspect
import time

import numpy as np
import pandas as pd
import pytest

from journey_utils.errors import JourneyError
from journey_utils.integration.privacy import (
    KEY_ENV,
    identifier_columns,
    key_source,
    pseudonymise,
    pseudonymiser,
)
from journey_utils.params.run import RunParams

SYNTHETIC = RunParams(run_name="t", data_dir="/tmp/unused", synthetic=True)
REAL = RunParams(run_name="t", data_dir="/tmp/unused", synthetic=False)
BANK_KEY = "bank-secret-key-0123456789"


@pytest.fixture(autouse=True)
def _no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)


def test_format_stability_and_nulls() -> None:
    s = pd.Series(["C1", "C2", None, "C1"], dtype="str")
    out = pseudonymise(s, "C", SYNTHETIC)
    assert out.iloc[0] == out.iloc[3] != out.iloc[1]
    assert pd.isna(out.iloc[2])
    assert out.dropna().str.fullmatch(r"C-[0-9a-f]{16}").all()
    assert out.tolist() == pseudonymise(s, "C", SYNTHETIC).tolist()
    assert out.index.equals(s.index) and str(out.dtype) == "str"


def test_another_key_gives_other_pseudonyms(monkeypatch: pytest.MonkeyPatch) -> None:
    s = pd.Series(["C1", "C2"], dtype="str")
    demo = pseudonymise(s, "C", SYNTHETIC)
    monkeypatch.setenv(KEY_ENV, BANK_KEY)
    bank = pseudonymise(s, "C", SYNTHETIC)
    monkeypatch.setenv(KEY_ENV, BANK_KEY + "-other")
    other = pseudonymise(s, "C", SYNTHETIC)
    assert not set(demo) & set(bank) and not set(bank) & set(other)


def test_unlinkable_without_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, BANK_KEY)
    value = "91350100M000100Y43"
    pseudo = pseudonymise(pd.Series([value]), "U", REAL).iloc[0]
    digest = pseudo.split("-", 1)[1]
    for guess in (value, f"U:{value}", f"U-{value}"):
        for algo in (hashlib.sha256, hashlib.md5, hashlib.sha1):
            assert algo(guess.encode()).hexdigest()[:16] != digest
        assert hmac.digest(b"", guess.encode(), "sha256").hex()[:16] != digest
    assert value not in pseudo


def test_the_prefix_separates_kinds_of_identifier() -> None:
    s = pd.Series(["13800000001"])
    assert (
        pseudonymise(s, "T", SYNTHETIC).iloc[0][2:] != pseudonymise(s, "C", SYNTHETIC).iloc[0][2:]
    )


def test_synthetic_run_without_key_uses_the_labelled_demo_key() -> None:
    assert key_source(SYNTHETIC) == "demo"
    assert "demo" in repr(pseudonymiser(SYNTHETIC))


def test_real_run_without_key_stops_with_one_line() -> None:
    with pytest.raises(JourneyError) as err:
        pseudonymiser(REAL)
    assert KEY_ENV in str(err.value) and "\n" not in str(err.value)


def test_bank_key_is_used_for_real_and_synthetic_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, BANK_KEY)
    assert key_source(REAL) == "env" and key_source(SYNTHETIC) == "env"


def test_short_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, "secret")
    with pytest.raises(JourneyError, match="too short"):
        pseudonymiser(REAL)


def test_the_key_is_never_a_parameter_nor_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "key" not in inspect.signature(pseudonymise).parameters
    assert not any("key" in k for k in RunParams.model_fields)
    monkeypatch.setenv(KEY_ENV, BANK_KEY)
    assert BANK_KEY not in repr(pseudonymiser(REAL))


def test_frame_pseudonymises_identifiers_and_drops_free_text() -> None:
    assert identifier_columns("clients") == (
        "client_id",
        "uscc",
        "name",
        "contact_name",
        "contact_phone",
    )
    assert identifier_columns("interactions") == ("client_id", "staff_id")
    assert identifier_columns("stage_events") == ()
    frame = pd.DataFrame(
        {"interaction_id": ["I1"], "client_id": ["C1"], "staff_id": ["RM7"], "notes": ["张伟"]}
    )
    out = pseudonymiser(SYNTHETIC).pseudonymise_frame(frame, "interactions")
    assert list(out.columns) == ["interaction_id", "client_id", "staff_id"]
    assert out.loc[0, "interaction_id"] == "I1"
    assert out.loc[0, "client_id"].startswith("C-") and out.loc[0, "staff_id"].startswith("S-")


def test_fast_on_many_rows_with_few_distinct_values() -> None:
    ids = np.char.add("C", np.arange(50_000).astype(str))
    s = pd.Series(np.tile(ids, 20), dtype="str")  # a million rows, 50,000 clients
    t0 = time.perf_counter()
    out = pseudonymiser(SYNTHETIC).pseudonymise(s, "C")
    assert time.perf_counter() - t0 < 5
    assert out.nunique() == 50_000
