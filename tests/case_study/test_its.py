"""Interrupted time series on synthetic series with a planted level change."""

from __future__ import annotations

import numpy as np
import pytest

from journey_utils.case_study.its import fit_its, its_series, newey_west_lags, plot_its
from journey_utils.params.intervention import CaseStudyError
from text_checks import has_cjk


def test_its_recovers_the_level_change_beyond_the_trend(toy):
    result = fit_its(toy)
    assert result.ci_low < 2.0 < result.ci_high
    assert result.slope_ci_low < 0 < result.slope_ci_high
    assert result.pre_slope == pytest.approx(0.5, abs=0.1)
    assert result.hac_lags == newey_west_lags(16) == 2


def test_its_needs_pre_periods(toy):
    with pytest.raises(CaseStudyError, match="pre-periods"):
        fit_its(toy[toy["rel_period"] >= -2])


def test_its_series_and_plot(toy):
    series = its_series(toy)
    assert len(series) == 16
    ax = plot_its(toy, fit_its(toy), unit="days")
    assert ax.get_ylabel() == "days"
    points = ax.get_lines()[0]  # the treated units' mean of every period
    assert np.allclose(points.get_xdata(), series["rel_period"])
    assert np.allclose(points.get_ydata(), series["value"])


def test_its_plot_in_chinese(toy):
    ax = plot_its(toy, fit_its(toy), unit="天", lang="zh")
    labels = [t.get_text() for t in ax.get_legend().get_texts()] + [ax.get_title()]
    assert all(has_cjk(label) for label in labels)
