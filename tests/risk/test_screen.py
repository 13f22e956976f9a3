"""The scorecard's variable screen beyond information value, on simulated books with planted
drivers: noise that passes the IV line by chance is mostly left out as unstable, a driver whose
effect reverses over time is left out by the time halves, a near-copy of a stronger feature is
left out naming it, and a book with too few defaults per half says the check was skipped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from journey_utils.risk.scorecard import fit_scorecard, scorecard_screen
from journey_utils.risk.screen import MIN_HALF_DEFAULTS, halves, later_z
from loan_books import CATEGORICAL, FEATURES, simulated_book


def test_noise_is_rarely_kept_and_the_drivers_always_over_seeds() -> None:
    """Over ten books, the pure-noise number is kept in at most two (without the stability
    screen it passes the IV line in about four of ten); the planted drivers in every one."""
    kept_noise = 0
    for seed in range(1, 11):
        book, _ = simulated_book(seed, 5000)
        card = fit_scorecard(book, FEATURES, CATEGORICAL)
        assert {"amount", "ratio", "purpose"} <= set(card.selected), seed
        assert card.stability == "random"
        kept_noise += "noise" in card.selected
    assert kept_noise <= 2


def _reversing_book(seed: int, n: int = 8000) -> pd.DataFrame:
    """A planted driver plus `flip`, which raises risk in the first year of applications and
    lowers it in the second (a product change): its pooled effect is near zero, each year's
    strong."""
    rng = np.random.default_rng(seed)
    date = pd.Timestamp("2022-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 730, n)), "D")
    ratio, flip = rng.normal(1.5, 0.6, n), rng.normal(size=n)
    later = date >= pd.Timestamp("2023-01-01")
    eta = -2.5 - 0.9 * (ratio - 1.5) + np.where(later, -0.8, 0.8) * flip
    target = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    return pd.DataFrame({"date": date, "ratio": ratio, "flip": flip, "target": target})


@pytest.mark.parametrize("seed", [1, 2])
def test_a_driver_that_reverses_over_time_is_left_out_by_the_time_halves(seed: int) -> None:
    book = _reversing_book(seed)
    card = fit_scorecard(book, ["ratio", "flip"])
    screen = card.screen.set_index("feature")
    assert card.stability == "time"
    assert "ratio" in card.selected and "flip" not in card.selected
    assert "earlier half" in screen.loc["flip", "note"] or "IV below" in screen.loc["flip", "note"]


def test_a_near_copy_of_a_stronger_feature_is_left_out_naming_it() -> None:
    book, _ = simulated_book(4, 8000)
    rng = np.random.default_rng(4)
    book["ratio_noisy"] = book["ratio"] + rng.normal(0, 0.15, len(book))
    card = fit_scorecard(book, [*FEATURES, "ratio_noisy"], CATEGORICAL)
    screen = card.screen.set_index("feature")
    dropped = "ratio_noisy" if "ratio" in card.selected else "ratio"
    assert dropped not in card.selected
    assert "WoE correlates" in screen.loc[dropped, "note"]


def test_too_few_defaults_per_half_skips_the_check_and_says_so() -> None:
    book, _ = simulated_book(5, 8000)
    rare = pd.concat([book[book["target"] == 0], book[book["target"] == 1].head(80)])
    card = fit_scorecard(rare, FEATURES, CATEGORICAL)
    assert 2 * MIN_HALF_DEFAULTS > 80 and card.stability == "skipped"
    assert card.screen["iv_later"].isna().all()


def test_halves_follow_the_dates_and_the_slope_sign() -> None:
    frame = pd.DataFrame({"date": pd.to_datetime(["2021-03-01", "2020-01-01", "2022-01-01",
                                                  "2020-06-01"])})  # fmt: skip
    early, how = halves(frame)
    assert how == "time" and list(early) == [False, True, False, True]
    rng = np.random.default_rng(0)
    woe = rng.normal(size=4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(2 + woe))).astype(int)  # higher WoE, safer
    assert later_z(woe, y) < -5 and later_z(np.ones(10), np.zeros(10)) == 0.0


def test_a_weight_of_the_wrong_sign_leaves_the_model_with_a_note() -> None:
    """`echo` follows the driver (so it has information of its own) but, given the driver,
    lowers risk: its WoE weight would be positive (a safer bin costing points)."""
    rng = np.random.default_rng(7)
    n = 20000
    driver = rng.normal(size=n)
    echo = driver + rng.normal(0, 0.8, n)
    eta = -2.5 + 1.2 * driver - 0.5 * echo
    target = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
    book = pd.DataFrame({"driver": driver, "echo": echo, "target": target})
    card = fit_scorecard(book, ["driver", "echo"])
    screen = card.screen.set_index("feature")
    assert card.selected == ("driver",)
    assert "wrong sign" in screen.loc["echo", "note"]
    assert (card.result.params[list(card.selected)] < 0).all()


def test_every_screen_note_reads_in_chinese() -> None:
    """Each reason a feature leaves the screen has its Chinese line, with its figures kept."""
    book, _ = simulated_book(4, 8000)
    book["ratio_noisy"] = book["ratio"] + np.random.default_rng(4).normal(0, 0.15, len(book))
    card = fit_scorecard(book, [*FEATURES, "ratio_noisy"], CATEGORICAL)
    english = card.screen.set_index("feature")["note"]
    chinese = scorecard_screen(card, "zh").set_index("feature")["note"]
    assert english["noise"] == "IV below 0.02" and chinese["noise"] == "信息值低于 0.02"
    assert chinese["branch_code"] == "各类别的贷款占比均低于 2%"
    dropped = next(f for f in ("ratio_noisy", "ratio") if f not in card.selected)
    assert "相关系数" in chinese[dropped] and english[dropped].split()[2] in chinese[dropped]
    assert (scorecard_screen(card, "en")["note"] == card.screen["note"]).all()
