"""Link to the air model: the atmospheric environmental protection distance of one enterprise.

The admission rule ``protection_distance`` needs, for an applicant's own sources, the distance of
HJ 2.2-2018 §8.8.5 computed with the cluster's meteorology. The computation belongs to the air
package (:func:`eia.air.protection.protection_distance`, signature in docs/results/air.md); this
module adapts the call: it loads the scenario's hourly meteorology once, takes the ambient limits
(1 h and 24 h) of the pollutants the sources emit from the standards registry, and uses the
scenario's dispersion, NO2-conversion and protection-distance options.

References
----------
HJ 2.2-2018 环境影响评价技术导则 大气环境, §8.8.5 (大气环境防护距离).
"""
from __future__ import annotations

from typing import Callable

__all__ = ["apd_model_for", "source_hull_m"]


def source_hull_m(sources, pad_m: float = 10.0) -> list[tuple[float, float]]:
    """A boundary around the sources (convex hull padded by ``pad_m``) when no site polygon is given."""
    from shapely.geometry import MultiPoint, Polygon

    pts = []
    for s in sources:
        if getattr(s, "kind", None) == "area" and hasattr(s, "polygon_m"):
            pts.extend(s.polygon_m())
        else:
            pts.append((s.x_m, s.y_m))
    hull = MultiPoint(pts).convex_hull.buffer(pad_m, join_style=2)
    assert isinstance(hull, Polygon)
    return [tuple(c) for c in hull.exterior.coords[:-1]]


def apd_model_for(scenario, results: dict | None, ctx=None) -> tuple[Callable | None, str]:
    """Return ``(model, reason)``: ``model(sources, boundary_m) -> distance_m`` or ``None`` and why not."""
    air = getattr(scenario, "air", None)
    if air is None:
        return None, "情景无大气部分（air），无法计算企业的大气环境防护距离；请提供 atmospheric_protection_distance_m"
    if getattr(air, "meteorology", None) is None:
        return None, "情景无逐时气象数据（air.meteorology），无法计算大气环境防护距离；请提供 atmospheric_protection_distance_m"
    try:
        from eia.air.limits import LimitResolver
        from eia.air.meteorology import load_meteorology
        from eia.air.protection import protection_distance
    except ImportError:
        return None, "本版本未包含大气环境防护距离模型（eia.air.protection）；请提供 atmospheric_protection_distance_m"

    warn = ctx.warn if ctx is not None else None
    loc = scenario.cluster.location
    std = scenario.meta.standards
    resolver = LimitResolver(scenario.meta.assessment_date, std.ambient_air, std.ambient_air_class,
                             on_use=ctx.use_standard if ctx is not None else None)
    state: dict = {}

    def met():
        if "met" not in state:
            state["met"] = load_meteorology(air.meteorology, latitude_deg=loc.latitude_deg, longitude_deg=loc.longitude_deg,
                                            timezone_offset_h=loc.timezone_offset_h, warn=warn)
        return state["met"]

    def model(sources, boundary_m) -> float:
        emitted = {p for s in sources for p, v in s.emissions_g_s.items() if v > 0}
        if "nox" in emitted and air.no2_from_nox is not None:
            emitted.add("no2")
        limits = {}
        for p in sorted(emitted):
            per = {k: v.value_ug_m3 for k, v in resolver.periods(p).items() if k in ("1h", "24h")}
            if per:
                limits[p] = per
        if not limits:
            return 0.0
        out = protection_distance(sources=list(sources), meteorology=met(), boundary_m=boundary_m, limits_ug_m3=limits,
                                  options=air.protection_distance, dispersion=air.dispersion, no2_from_nox=air.no2_from_nox, warn=warn)
        return float(out["distance_m"])

    return model, ""
