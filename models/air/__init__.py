"""Air dispersion models (Gaussian plume, ISC3 regulatory chain, GB/T 3840-91).

Public functions of the ISC3 core are imported eagerly; the GB/T 3840-91, area, volume and
general-engine functions live in their own modules and are resolved lazily on first access
(``models.air.area_source_hourly`` imports ``models.air.area``), so this package imports even
when an optional module is absent.
"""
from __future__ import annotations

import importlib

from .engine import point_sources_year
from .gaussian import gaussian_plume, vertical_term
from .plume_rise import plume_rise_briggs
from .point_source import point_source_hourly
from .sigmas import SIGMA_SCHEMES, sigmas
from .statistics import ReceptorStatistics, YearAccumulator, combine
from .wind_profile import WIND_EXPONENTS, wind_at_height

_LAZY = {
    "stability_class_gbt3840": ".stability",
    "solar_elevation_deg": ".stability",
    "normalize_stability": ".stability",
    "area_source_hourly": ".area",
    "volume_source_hourly": ".volume",
    "general_sources_year": ".engine_general",
    "plume_rise_gbt3840": ".plume_rise_gbt3840",
    "sigmas_gbt3840": ".sigmas_gbt3840",
    "sigmas_briggs_rural": ".sigmas_briggs",
    "sigmas_briggs_urban": ".sigmas_briggs",
}

__all__ = [
    "sigmas", "SIGMA_SCHEMES", "plume_rise_briggs", "gaussian_plume", "vertical_term",
    "point_source_hourly", "point_sources_year", "wind_at_height", "WIND_EXPONENTS",
    "ReceptorStatistics", "YearAccumulator", "combine", *_LAZY,
]


def __getattr__(name):
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name], __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
