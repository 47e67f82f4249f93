"""Ambient limits for the air assessment, from the standards registry (:mod:`eia.standards`).

The standard for each pollutant follows HJ 2.2-2018 5.2: the GB 3095 edition chosen by the
scenario (``meta.standards.ambient_air``: ``"by-date"`` or an edition id), then HJ 2.2-2018
Appendix D for items GB 3095 does not list. Values are returned in μg/m³ with the registry's
:class:`eia.standards.Limit` so the caller can record them (``RunContext.use_standard``).

References
----------
.. [1] HJ 2.2-2018, 5.2 (assessment standards), 5.3.1 (C0i and the 2x/3x/6x conversions).
.. [2] GB 3095-2012 Tables 1-2; GB 3095-2026.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["AirLimit", "LimitResolver", "STANDARD_PERIODS"]

#: Averaging periods the prediction compares with the standard.
STANDARD_PERIODS = ("1h", "8h", "24h", "annual")


@dataclass(frozen=True)
class AirLimit:
    """One ambient limit in μg/m³ with its provenance."""

    pollutant: str
    averaging_period: str
    value_ug_m3: float
    standard_id: str
    status: str
    citation: str
    description: str = ""
    limit: Any = None

    def as_dict(self) -> dict:
        return {
            "pollutant": self.pollutant,
            "averaging_period": self.averaging_period,
            "value_ug_m3": self.value_ug_m3,
            "standard_id": self.standard_id,
            "status": self.status,
            "citation": self.citation,
            "description": self.description,
        }


class LimitResolver:
    """Look up ambient limits for one assessment (date, edition, functional class).

    Parameters
    ----------
    assessment_date : date or ISO str
    edition : str
        ``"by-date"`` or a GB 3095 edition id (``"GB 3095-2012"``).
    air_class : str
        ``"1"`` or ``"2"``.
    on_use : callable(limit), optional
        Called with every registry ``Limit`` used (``RunContext.use_standard``).
    """

    def __init__(self, assessment_date, edition: str = "by-date", air_class: str = "2",
                 on_use: Callable[[Any], None] | None = None):
        from eia import standards

        self._std = standards
        self.date = assessment_date
        self.edition = edition
        self.air_class = str(air_class)
        self.on_use = on_use or (lambda lim: None)
        self._cache: dict = {}

    def _standard_for(self, pollutant: str) -> str:
        std = self._std
        if self.edition != "by-date":
            try:
                sid = std.default_registry().resolve_standard(self.edition)
                if std.normalise_item(pollutant) in std.items(sid):
                    return sid
            except std.StandardsError:
                pass
        return std.ambient_air_standard_for(pollutant, self.date)

    def periods(self, pollutant: str, air_class: str | None = None) -> dict[str, AirLimit]:
        """Every limit of ``pollutant`` (period -> :class:`AirLimit`), empty when none is known."""
        cls = str(air_class or self.air_class)
        key = ("periods", pollutant, cls)
        if key in self._cache:
            return self._cache[key]
        std = self._std
        out: dict[str, AirLimit] = {}
        try:
            sid = self._standard_for(pollutant)
            reg = std.default_registry()
            for per in reg.periods(sid, pollutant):
                if per not in STANDARD_PERIODS:
                    continue
                lim = std.get_limit(sid, assessment_date=self.date, class_or_grade=cls, item=pollutant,
                                    averaging_period=per).to("ug/m3")
                out[per] = AirLimit(pollutant, per, float(lim.value), lim.standard_id, lim.status,
                                    lim.citation, limit=lim)
        except std.StandardsError:
            out = {}
        self._cache[key] = out
        return out

    def limit(self, pollutant: str, period: str, air_class: str | None = None) -> AirLimit | None:
        """The limit for one period, recorded as used; None when the standard has none."""
        lim = self.periods(pollutant, air_class).get(period)
        if lim is not None:
            self.on_use(lim.limit)
        return lim

    def one_hour_c0(self, pollutant: str, air_class: str | None = None) -> AirLimit | None:
        """C0i of HJ 2.2-2018 5.3.1: the 1h limit, or 8h x 2, 24h x 3, annual x 6."""
        cls = str(air_class or self.air_class)
        std = self._std
        try:
            sid = self._standard_for(pollutant)
            eq = std.one_hour_equivalent(pollutant, cls, sid, assessment_date=self.date)
        except std.StandardsError:
            return None
        lim = eq.limit
        self.on_use(lim)
        factor_to_ug = lim.to("ug/m3").value / lim.value if lim.value else 1.0
        return AirLimit(pollutant, "1h", float(eq.value) * factor_to_ug, lim.standard_id, lim.status,
                        eq.citation, description=eq.description, limit=lim)
