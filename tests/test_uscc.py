"""Tests of the unified social credit code check digits, validation and generation."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from journey_utils.uscc import (
    USCC_CHARSET,
    is_valid_uscc,
    make_uscc,
    org_code_check_digit,
    uscc_check_digit,
    uscc_check_digits,
    valid_uscc_mask,
)

STANDARD_EXAMPLE = "91350100M000100Y43"
"""The worked example of GB 32100-2015."""
PUBLISHED = (
    "9144030071526726XG",
    "914403001922038216",
    "91330100799655058B",
    "91110000802100433B",
)
"""Codes printed on large companies' public business licences (X as organisation check digit,
letters as final check digit)."""


def test_standard_example_check_digits() -> None:
    assert uscc_check_digit(STANDARD_EXAMPLE[:17]) == "3"
    assert org_code_check_digit("M000100Y") == "4"
    assert is_valid_uscc(STANDARD_EXAMPLE)


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code: str) -> None:
    assert is_valid_uscc(code)
    assert uscc_check_digit(code[:17]) == code[17]


@pytest.mark.parametrize("code", (STANDARD_EXAMPLE, *PUBLISHED))
def test_every_single_character_change_is_caught(code: str) -> None:
    for pos in range(18):
        for ch in USCC_CHARSET:
            if ch != code[pos]:
                changed = code[:pos] + ch + code[pos + 1 :]
                assert not is_valid_uscc(changed), changed


@pytest.mark.parametrize(
    "bad",
    [
        None,
        float("nan"),
        913501000000000000,
        "",
        STANDARD_EXAMPLE[:17],
        STANDARD_EXAMPLE + "0",
        STANDARD_EXAMPLE.lower(),
        "91350100M000100Y4I",  # I is not a USCC character
        "９1350100M000100Y43",  # full-width digit
        "91350100M000100Y53",  # organisation-code check digit wrong
    ],
)
def test_invalid_inputs(bad: object) -> None:
    assert not is_valid_uscc(bad)
    assert not valid_uscc_mask(pd.Series([bad], dtype=object)).iloc[0]


def test_org_check_is_enforced_even_with_matching_final_digit() -> None:
    first17 = "91350100M000100Y5"  # wrong organisation-code check digit (should be 4)
    assert not is_valid_uscc(first17 + uscc_check_digit(first17))


def test_check_digit_rejects_foreign_characters() -> None:
    with pytest.raises(ValueError, match="not allowed"):
        uscc_check_digit("91350100M000100YO")
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_digit("913501")


def test_make_uscc_is_valid_and_structured() -> None:
    rng = np.random.default_rng(1)
    admin = np.array(["440300", "110108", "650100"] * 400)
    reg = np.where(np.arange(len(admin)) % 5 == 0, "93", "91")
    codes = make_uscc(admin, rng, registration=reg, new_style_share=0.5)
    assert all(is_valid_uscc(c) for c in codes)
    assert [c[2:8] for c in codes] == list(admin)
    assert [c[:2] for c in codes] == list(reg)
    new_style = np.array([c[8:10] == "MA" for c in codes])
    assert 0.4 < new_style.mean() < 0.6
    assert len(set(codes)) == len(codes)


def test_vectorised_functions_match_scalar_ones() -> None:
    rng = np.random.default_rng(2)
    codes = make_uscc(np.array(["320500"] * 3000), rng)
    # Break a third of them in random places with random characters.
    broken = codes.astype(object)
    idx = rng.choice(len(codes), 1000, replace=False)
    for i in idx:
        pos = int(rng.integers(0, 18))
        broken[i] = broken[i][:pos] + USCC_CHARSET[int(rng.integers(0, 31))] + broken[i][pos + 1 :]
    values = pd.Series([*broken, None, "x"], dtype=object)
    expected = [is_valid_uscc(v) for v in values]
    assert valid_uscc_mask(values).tolist() == expected
    assert valid_uscc_mask(values.astype("string")).tolist() == expected
    assert list(uscc_check_digits(np.array([c[:17] for c in codes]))) == [c[17] for c in codes]


def test_mask_keeps_index_and_name() -> None:
    s = pd.Series([STANDARD_EXAMPLE, None], index=[10, 20], name="uscc")
    out = valid_uscc_mask(s)
    assert out.index.tolist() == [10, 20] and out.name == "uscc" and out.dtype == bool


def test_mask_is_fast_on_bank_scale() -> None:
    rng = np.random.default_rng(3)
    codes = pd.Series(make_uscc(np.array(["440300"] * 500_000), rng), dtype="str")
    start = time.perf_counter()
    mask = valid_uscc_mask(codes)
    elapsed = time.perf_counter() - start
    assert mask.all()
    assert elapsed < 3.0, f"{elapsed:.2f} s for 500,000 codes"
