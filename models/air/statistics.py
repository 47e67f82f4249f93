"""Receptor statistics of an hourly dispersion run: 1-hour maxima, daily means, annual mean.

Every hourly engine (point sources, area/volume sources) returns a :class:`ReceptorStatistics`, so
that the assessment layer can superpose engines and compute HJ 663-2013 percentiles without caring
which physics produced the hours. Memory is O(pollutants x days x receptors), flat in the number of
hours: hours are streamed into a :class:`YearAccumulator`.

Averaging follows ISCST3 (EPA-454/B-95-003b, vol. I, sec. 1.4.4 "calms processing"): a short-term
average is the sum of the valid hourly values divided by the number of valid hours, but by no less
than 75 % of the hours in the period (18 of 24); calm and missing hours contribute zero to the sum.
The annual mean divides by the number of valid (non-calm, non-missing) hours.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. I, EPA-454/B-95-003a, section 1.4.4 (calm processing) and 3.3.
.. [2] HJ 663-2013, 环境空气质量评价技术规范（试行）, 4.3 (daily percentiles) and Table 3.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["ReceptorStatistics", "YearAccumulator", "combine"]


@dataclass
class ReceptorStatistics:
    """Statistics of one run over H hours, P pollutants, D days and R receptors.

    Attributes
    ----------
    max_1h_g_m3 : ndarray, shape (P, R)
        Highest 1-hour concentration at each receptor.
    max_1h_hour : ndarray of int, shape (P, R)
        Index (into the hourly input) of the hour of that maximum (-1 where never positive).
    daily_sum_g_m3 : ndarray, shape (P, D, R)
        Sum of hourly concentrations per day (valid hours only).
    day_valid_hours : ndarray of int, shape (D,)
        Valid (non-calm, non-missing) hours per day.
    annual_sum_g_m3 : ndarray, shape (P, R)
        Sum of hourly concentrations over all valid hours.
    valid_hours, calm_hours, missing_hours : int
        Counts over the run.
    """

    max_1h_g_m3: np.ndarray
    max_1h_hour: np.ndarray
    daily_sum_g_m3: np.ndarray
    day_valid_hours: np.ndarray
    annual_sum_g_m3: np.ndarray
    valid_hours: int = 0
    calm_hours: int = 0
    missing_hours: int = 0
    hours_per_day: int = 24
    extra: dict = field(default_factory=dict)

    @property
    def daily_mean_g_m3(self) -> np.ndarray:
        """Daily means, ISC3 convention: sum / max(valid hours, 18)."""
        denom = np.maximum(self.day_valid_hours, int(np.ceil(0.75 * self.hours_per_day)))
        return self.daily_sum_g_m3 / denom[None, :, None]

    @property
    def annual_mean_g_m3(self) -> np.ndarray:
        """Mean over the valid hours of the run."""
        return self.annual_sum_g_m3 / max(self.valid_hours, 1)

    def daily_percentile_g_m3(self, percentile: float, *, min_valid_hours: int = 20) -> np.ndarray:
        """Daily-mean percentile per receptor over days with enough valid hours.

        HJ 663-2013 4.3 requires at least 20 valid hours for a valid daily mean (GB 3095-2012
        Table 4 data-validity rule) and takes the percentile by its own rank formula
        (k = 1 + (n - 1) p / 100, linear between ranks), which is numpy's "linear" method.
        """
        days = self.day_valid_hours >= min_valid_hours
        if not days.any():
            return np.full(self.max_1h_g_m3.shape, np.nan)
        daily = self.daily_sum_g_m3[:, days, :] / self.day_valid_hours[days][None, :, None]
        return np.percentile(daily, percentile, axis=1, method="linear")


class YearAccumulator:
    """Stream hourly concentration fields of shape (P, R) into :class:`ReceptorStatistics`."""

    def __init__(self, n_pollutants: int, n_days: int, n_receptors: int, hours_per_day: int = 24):
        self.stats = ReceptorStatistics(
            max_1h_g_m3=np.zeros((n_pollutants, n_receptors)),
            max_1h_hour=np.full((n_pollutants, n_receptors), -1, dtype=np.int64),
            daily_sum_g_m3=np.zeros((n_pollutants, n_days, n_receptors)),
            day_valid_hours=np.zeros(n_days, dtype=np.int64),
            annual_sum_g_m3=np.zeros((n_pollutants, n_receptors)),
            hours_per_day=hours_per_day,
        )

    def add_hour(self, hour_index: int, day_index: int, conc_g_m3: np.ndarray) -> None:
        """Add one valid hour's field (shape (P, R))."""
        s = self.stats
        higher = conc_g_m3 > s.max_1h_g_m3
        s.max_1h_g_m3 = np.where(higher, conc_g_m3, s.max_1h_g_m3)
        s.max_1h_hour[higher] = hour_index
        s.daily_sum_g_m3[:, day_index, :] += conc_g_m3
        s.annual_sum_g_m3 += conc_g_m3
        s.day_valid_hours[day_index] += 1
        s.valid_hours += 1

    def add_calm(self) -> None:
        self.stats.calm_hours += 1

    def add_missing(self) -> None:
        self.stats.missing_hours += 1

    def result(self) -> ReceptorStatistics:
        return self.stats


def combine(a: ReceptorStatistics, b: ReceptorStatistics) -> ReceptorStatistics:
    """Superpose two runs over the same hours and receptors (e.g. point + area sources).

    Sums add exactly. The 1-hour maximum of a sum is not the sum of maxima, so the combined
    maximum is only an upper bound unless the engines were run together; it is flagged in
    ``extra["max_1h_is_upper_bound"]``.
    """
    if a.daily_sum_g_m3.shape != b.daily_sum_g_m3.shape or a.valid_hours != b.valid_hours:
        raise ValueError("combine: runs must share pollutants, days, receptors and valid hours")
    return ReceptorStatistics(
        max_1h_g_m3=a.max_1h_g_m3 + b.max_1h_g_m3,
        max_1h_hour=np.where(a.max_1h_g_m3 >= b.max_1h_g_m3, a.max_1h_hour, b.max_1h_hour),
        daily_sum_g_m3=a.daily_sum_g_m3 + b.daily_sum_g_m3,
        day_valid_hours=a.day_valid_hours.copy(),
        annual_sum_g_m3=a.annual_sum_g_m3 + b.annual_sum_g_m3,
        valid_hours=a.valid_hours,
        calm_hours=a.calm_hours,
        missing_hours=a.missing_hours,
        hours_per_day=a.hours_per_day,
        extra={"max_1h_is_upper_bound": True},
    )
