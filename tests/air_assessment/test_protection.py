"""Atmospheric protection distance (HJ 2.2-2018 8.8.5) on constructed cases."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eia.air.meteorology import check_meteorology
from eia.air.protection import envelope_geojson, exceedance_distance_m, protection_distance
from eia.air.schema import MeteorologyColumns, PointSource, ProtectionDistanceOptions

BOX = [(-100.0, -100.0), (100.0, -100.0), (100.0, 100.0), (-100.0, 100.0)]


def one_hour_met(n=1):
    t = pd.date_range("2023-06-01 10:00", periods=n, freq="h")
    df = pd.DataFrame({"time": t.strftime("%Y-%m-%d %H:%M"), "wind_from_deg": 270.0, "wind_speed_m_s": 2.0,
                       "temperature_k": 293.0, "stability": "D", "mixing_height_m": 800.0})
    return check_meteorology(df, columns=MeteorologyColumns(), latitude_deg=34, longitude_deg=115)


def stack(q):
    return PointSource(id="s", x_m=0, y_m=0, stack_height_m=10, stack_diameter_m=0.3, exit_velocity_m_s=2,
                       exit_temperature_k=293.0, emissions_g_s={"h2s": q})


def test_zero_when_no_exceedance():
    out = protection_distance(sources=[stack(1e-4)], meteorology=one_hour_met(), boundary_m=BOX,
                              limits_ug_m3={"h2s": {"1h": 10.0}},
                              options=ProtectionDistanceOptions(margin_m=500))
    assert out["distance_m"] == 0.0 and out["governing"] is None
    assert out["envelope"]["features"] == []
    assert out["by_pollutant"]["h2s"]["1h"]["exceeding_cells"] == 0


def test_positive_distance_matches_direct_plume_calculation():
    """Wind from the west: the exceedance lies along y = 0 east of the boundary (x = 100 m).

    The expected distance is (farthest cell centre on the axis with C > limit) - 100 m, with C from
    models.air.point_source_hourly evaluated independently at those cell centres.
    """
    from models.air.point_source import point_source_hourly

    q, limit = 0.2, 10.0
    opts = ProtectionDistanceOptions(resolution_m=25, margin_m=1500)
    out = protection_distance(sources=[stack(q)], meteorology=one_hour_met(), boundary_m=BOX,
                              limits_ug_m3={"h2s": {"1h": limit}}, options=opts)
    xs = out["field_axes"]["x_m"]
    assert 0.0 in out["field_axes"]["y_m"]
    c = point_source_hourly(emission_g_s=q, stack_height_m=10, stack_diameter_m=0.3, exit_velocity_m_s=2,
                            exit_temperature_k=293.0, ambient_temperature_k=293.0, wind_speed_m_s=2.0,
                            stability="D", mixing_height_m=800.0, x_m=xs, y_m=0.0) * 1e6
    far = xs[(c > limit) & (xs > 100.0)].max()
    assert out["distance_m"] == pytest.approx(far - 100.0)
    assert out["distance_m"] > 0 and out["governing"] == {"pollutant": "h2s", "averaging_period": "1h"}
    assert not out["by_pollutant"]["h2s"]["1h"]["at_grid_edge"]
    feats = out["envelope"]["features"]
    assert feats and all(f["geometry"]["type"] == "Polygon" for f in feats)


def test_exceedance_only_inside_boundary_gives_zero():
    big = [(-3000.0, -3000.0), (3000.0, -3000.0), (3000.0, 3000.0), (-3000.0, 3000.0)]
    out = protection_distance(sources=[stack(0.2)], meteorology=one_hour_met(), boundary_m=big,
                              limits_ug_m3={"h2s": {"1h": 10.0}}, options=ProtectionDistanceOptions(margin_m=300))
    assert out["distance_m"] == 0.0


def test_grid_edge_warned():
    warnings = []
    out = protection_distance(sources=[stack(50.0)], meteorology=one_hour_met(), boundary_m=BOX,
                              limits_ug_m3={"h2s": {"1h": 10.0}}, options=ProtectionDistanceOptions(margin_m=200),
                              warn=lambda code, msg, **d: warnings.append(code))
    assert out["by_pollutant"]["h2s"]["1h"]["at_grid_edge"]
    assert "air-protection-grid-edge" in warnings


def test_resolution_above_50m_rejected():
    with pytest.raises(ValueError):
        ProtectionDistanceOptions(resolution_m=100)


def test_distance_helper_and_envelope():
    x = np.array([150.0, 300.0, 0.0])
    y = np.array([0.0, 0.0, 0.0])
    assert exceedance_distance_m(BOX, x, y, [True, True, True]) == pytest.approx(200.0)  # inside point ignored
    fc = envelope_geojson(np.array([0.0, 10.0]), np.array([0.0, 0.0]), [True, True], 10.0)
    (f,) = fc["features"]
    xs = [p[0] for p in f["geometry"]["coordinates"][0]]
    assert min(xs) == -5.0 and max(xs) == 15.0
