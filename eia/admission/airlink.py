"""Link to the air model: the atmospheric environmental protection distance of one enterprise.

The admission rule ``protection_distance`` needs, for an applicant's own sources, the distance of
HJ 2.2-2018 §8.8.5 computed with the cluster's meteorology. The computation itself belongs to the
air package (:func:`eia.air.protection.protection_distance`); this module only adapts the call and
says why no model is available when the scenario lacks what it needs.

References
----------
HJ 2.2-2018 环境影响评价技术导则 大气环境, §8.8.5 (大气环境防护距离).
"""
from __future__ import annotations

import inspect
from typing import Callable

__all__ = ["apd_model_for"]


def apd_model_for(scenario, results: dict | None, ctx=None) -> tuple[Callable | None, str]:
    """Return ``(model, reason)``: ``model(sources) -> distance_m`` or ``None`` and why not.

    The model is built from ``scenario.air`` (meteorology, dispersion options, limits) and calls
    ``eia.air.protection.protection_distance`` for the applicant's sources only.
    """
    air = getattr(scenario, "air", None)
    if air is None:
        return None, "情景无大气部分（air），无法计算企业的大气环境防护距离；请提供 atmospheric_protection_distance_m"
    if getattr(air, "meteorology", None) is None:
        return None, "情景无逐时气象数据（air.meteorology），无法计算大气环境防护距离；请提供 atmospheric_protection_distance_m"
    try:
        from eia.air import protection as _prot
    except ImportError:
        return None, "本版本未包含大气环境防护距离模型（eia.air.protection）；请提供 atmospheric_protection_distance_m"
    fn = getattr(_prot, "protection_distance", None)
    if fn is None:
        return None, "eia.air.protection 未提供 protection_distance；请提供 atmospheric_protection_distance_m"
    return _bind(fn, scenario, results, ctx), ""


def _bind(fn: Callable, scenario, results, ctx) -> Callable:
    params = inspect.signature(fn).parameters
    available = {"scenario": scenario, "air": scenario.air, "ctx": ctx, "results": results,
                 "boundary_m": scenario.cluster.boundary.coordinates_m if scenario.cluster.boundary else None}

    def model(sources) -> float:
        kwargs = {k: v for k, v in available.items() if k in params}
        out = fn(list(sources), **kwargs)
        if isinstance(out, dict):
            out = out.get("distance_m", out.get("protection_distance_m"))
        if out is None:
            return 0.0
        return float(out)

    return model
