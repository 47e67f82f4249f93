"""Atmospheric environmental protection distance (大气环境防护距离, HJ 2.2-2018 8.8.5).

On a regular grid (spacing <= 50 m) around the site boundary, the short-term contribution of the
sources — the highest 1-hour value and the highest daily mean of the meteorological year — is
compared with the ambient limit of the same period. Cells OUTSIDE the boundary where the
contribution exceeds the limit form the exceedance area; the protection distance is the largest
distance from the boundary to an exceeding cell centre (自厂界起至超标区域的最远垂直距离). Zero when
no cell outside the boundary exceeds.

The exceedance envelope is returned as GeoJSON polygons (union of the exceeding cells, local metres).

References
----------
.. [1] HJ 2.2-2018, 8.8.5 (大气环境防护距离: short-term contribution of all the project's sources
   beyond the boundary, grid resolution not coarser than 50 m, the farthest distance from the
   boundary to the exceeding area). Clause number as recalled; not verified against a copy.
"""
from __future__ import annotations

import numpy as np

__all__ = ["protection_distance", "exceedance_distance_m", "envelope_geojson"]


def exceedance_distance_m(boundary_m, x_m, y_m, exceed) -> float:
    """Largest distance from the boundary polygon to a point flagged ``exceed`` outside it (0 if none).

    References
    ----------
    .. [1] HJ 2.2-2018, 8.8.5.
    """
    from shapely import contains_xy, distance, points
    from shapely.geometry import Polygon

    poly = Polygon(boundary_m)
    x = np.asarray(x_m, float)
    y = np.asarray(y_m, float)
    e = np.asarray(exceed, bool) & ~contains_xy(poly, x, y)
    if not e.any():
        return 0.0
    d = distance(poly, points(x[e], y[e]))
    return float(np.max(d))


def envelope_geojson(x_m, y_m, exceed, resolution_m: float, properties: dict | None = None) -> dict:
    """GeoJSON FeatureCollection of the union of square cells (side ``resolution_m``) flagged ``exceed``."""
    from shapely import box, union_all
    from shapely.geometry import mapping

    x = np.asarray(x_m, float)[np.asarray(exceed, bool)]
    y = np.asarray(y_m, float)[np.asarray(exceed, bool)]
    if x.size == 0:
        return {"type": "FeatureCollection", "features": []}
    h = resolution_m / 2.0
    geom = union_all(box(x - h, y - h, x + h, y + h))
    polys = list(geom.geoms) if hasattr(geom, "geoms") else [geom]
    feats = []
    for g in polys:
        gj = mapping(g)
        feats.append({"type": "Feature", "properties": dict(properties or {}),
                      "geometry": {"type": gj["type"], "coordinates": _lists(gj["coordinates"])}})
    return {"type": "FeatureCollection", "features": feats}


def _lists(obj):
    if isinstance(obj, (list, tuple)):
        return [_lists(o) for o in obj]
    return round(float(obj), 3)


def protection_distance(*, sources, meteorology, boundary_m, limits_ug_m3, pollutants=None, options=None,
                        dispersion=None, no2_from_nox=None, warn=None) -> dict:
    """Atmospheric environmental protection distance of a set of sources (HJ 2.2-2018 8.8.5).

    Parameters
    ----------
    sources : list of eia.air.schema.PointSource / AreaSource / VolumeSource
        The sources of the project or enterprise (all contribute, whatever their ``status``).
    meteorology : eia.air.meteorology.MetData
        Checked hourly meteorology (:func:`eia.air.meteorology.load_meteorology`).
    boundary_m : list of (x, y)
        Site boundary polygon, local metres.
    limits_ug_m3 : dict
        ``{pollutant: {"1h": value, "24h": value}}`` ambient limits, μg/m³ (periods absent are not
        checked).
    pollutants : list of str, optional
        Pollutants to check (default: those in ``limits_ug_m3``).
    options : eia.air.schema.ProtectionDistanceOptions, optional
        Grid resolution (<= 50 m), margin beyond the boundary, periods.
    dispersion : eia.air.schema.DispersionOptions, optional
    no2_from_nox : eia.air.schema.NO2Conversion, optional
        Derive NO2 from NOx emissions.
    warn : callable(code, message, **details), optional

    Returns
    -------
    dict
        ``distance_m`` (max over pollutants and periods, 0 when nothing exceeds beyond the
        boundary), ``by_pollutant`` {pollutant: {period: {"distance_m", "max_outside_ug_m3",
        "limit_ug_m3", "exceeding_cells", "at_grid_edge"}}}, ``grid`` (resolution, margin, cells),
        ``envelope`` (GeoJSON FeatureCollection), ``governing`` (pollutant, period) or None.

    References
    ----------
    .. [1] HJ 2.2-2018, 8.8.5.
    """
    from eia.air.predictions import run_hourly, species_for
    from eia.air.receptors import boundary_grid
    from eia.air.schema import DispersionOptions, ProtectionDistanceOptions

    options = options or ProtectionDistanceOptions()
    dispersion = dispersion or DispersionOptions()
    warn = warn or (lambda *a, **k: None)
    if options.resolution_m > 50.0:
        raise ValueError(f"options.resolution_m: HJ 2.2-2018 8.8.5 asks for <= 50 m, got {options.resolution_m}")
    pollutants = list(pollutants if pollutants is not None else limits_ug_m3)
    xs, ys, px, py, outside = boundary_grid(boundary_m, resolution_m=options.resolution_m, margin_m=options.margin_m)
    species = sorted({species_for(p, no2_from_nox)[0] for p in pollutants})
    ny, nx = ys.size, xs.size
    edge = np.zeros((ny, nx), bool)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = True
    # only cells outside the boundary matter: model those alone
    px, py, edge = px[outside], py[outside], edge.ravel()[outside]
    run = run_hourly(sources=list(sources), species=species, met=meteorology, receptor_x_m=px, receptor_y_m=py,
                     receptor_z_m=np.zeros_like(px), dispersion=dispersion, groups=lambda s: {"contribution"})
    outside = np.ones(px.size, bool)
    by_pol: dict = {}
    features = []
    best = (0.0, None)
    for p in pollutants:
        sp, factor = species_for(p, no2_from_nox)
        lims = limits_ug_m3.get(p, {})
        for per in options.averaging_periods:
            lim = lims.get(per)
            if lim is None:
                continue
            if per == "1h":
                field = run.max_1h_ug_m3[("contribution", sp)] * factor["1h"]
            else:
                d = run.daily_ug_m3[("contribution", sp)] * factor["24h"]
                field = np.nanmax(d, axis=0) if np.isfinite(d).any() else np.zeros(px.size)
            exceed = (field > lim) & outside
            dist = exceedance_distance_m(boundary_m, px, py, exceed)
            at_edge = bool((exceed & edge).any())
            if at_edge:
                warn("air-protection-grid-edge",
                     f"protection distance: {p} {per} exceeds the limit at the edge of the grid; the distance "
                     f"({dist:.0f} m) is a lower bound — enlarge protection_distance.margin_m",
                     pollutant=p, period=per)
            by_pol.setdefault(p, {})[per] = {
                "distance_m": dist,
                "max_outside_ug_m3": float(field[outside].max()) if outside.any() else 0.0,
                "limit_ug_m3": float(lim),
                "exceeding_cells": int(exceed.sum()),
                "at_grid_edge": at_edge,
            }
            if exceed.any():
                fc = envelope_geojson(px, py, exceed, options.resolution_m,
                                      {"pollutant": p, "averaging_period": per, "limit_ug_m3": float(lim)})
                features.extend(fc["features"])
            if dist > best[0]:
                best = (dist, (p, per))
    return {
        "distance_m": best[0],
        "governing": None if best[1] is None else {"pollutant": best[1][0], "averaging_period": best[1][1]},
        "by_pollutant": by_pol,
        "grid": {"resolution_m": options.resolution_m, "margin_m": options.margin_m, "nx": int(nx), "ny": int(ny),
                 "cells_outside": int(px.size)},
        "envelope": {"type": "FeatureCollection", "features": features},
        "field_axes": {"x_m": xs, "y_m": ys},
    }
