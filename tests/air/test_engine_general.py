"""Mixed-source reference engine (models.air.engine_general)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air.area import area_source_hourly
from models.air.engine import point_sources_year
from models.air.engine_general import (AreaSources, PointSources, VolumeSources, general_sources_year,
                                       wind_frame)
from models.air.volume import volume_source_hourly

RNG = np.random.default_rng(7)
H = 30
RX = RNG.uniform(-2500, 2500, 40)
RY = RNG.uniform(-2500, 2500, 40)
MET = dict(
    wind_from_deg=RNG.uniform(0, 360, H),
    wind_speed_m_s=np.r_[RNG.uniform(0.6, 8, H - 3), 0.2, 0.4, 3.0],
    ambient_temperature_k=np.full(H, 290.0),
    stability=RNG.choice(list("ABCDEF"), H),
    mixing_height_m=np.full(H, 800.0),
    day_index=np.arange(H) // 24,
)
POINTS = PointSources(x_m=[0.0, 500.0], y_m=[0.0, -200.0], stack_height_m=[50.0, 30.0], stack_diameter_m=[2.0, 1.0],
                      exit_velocity_m_s=[10.0, 8.0], exit_temperature_k=[400.0, 350.0],
                      emission_g_s=[[10.0, 1.0], [5.0, 2.0]])
AREAS = AreaSources(vertices_x_m=[[-300, -100, -100, -300], [200, 400, 300]],
                    vertices_y_m=[[100, 100, 250, 250], [300, 300, 500]],
                    release_height_m=[2.0, 5.0], emission_g_m2_s=[[1e-5, 2e-6], [3e-6, 0.0]])
VOLUMES = VolumeSources(x_m=[800.0], y_m=[800.0], release_height_m=[10.0], initial_sigma_y_m=[5.0],
                        initial_sigma_z_m=[4.0], emission_g_s=[[2.0, 0.5]])


def test_wind_frame_convention():
    # Wind from the north (0 deg) blows toward the south: a point due south is downwind.
    x, y = wind_frame(0.0, -100.0, 0.0)
    assert x == pytest.approx(100.0) and y == pytest.approx(0.0, abs=1e-12)
    # Wind from the west (270 deg): a point due east is downwind; due north is to the left (+y).
    x, y = wind_frame(100.0, 0.0, 270.0)
    assert x == pytest.approx(100.0) and y == pytest.approx(0.0, abs=1e-9)
    x, y = wind_frame(0.0, 50.0, 270.0)
    assert x == pytest.approx(0.0, abs=1e-9) and y == pytest.approx(50.0)


def test_points_only_equals_point_engine_reference_path():
    a = general_sources_year(point_sources=POINTS, receptor_x_m=RX, receptor_y_m=RY, **MET)
    b = point_sources_year(source_x_m=POINTS.x_m, source_y_m=POINTS.y_m, stack_height_m=POINTS.stack_height_m,
                           stack_diameter_m=POINTS.stack_diameter_m, exit_velocity_m_s=POINTS.exit_velocity_m_s,
                           exit_temperature_k=POINTS.exit_temperature_k, emission_g_s=POINTS.emission_g_s,
                           receptor_x_m=RX, receptor_y_m=RY, hour_valid=np.ones(H, bool), backend="numpy", **MET)
    np.testing.assert_allclose(a.annual_sum_g_m3, b.annual_sum_g_m3, rtol=1e-12, atol=0)
    np.testing.assert_allclose(a.max_1h_g_m3, b.max_1h_g_m3, rtol=1e-12, atol=0)
    np.testing.assert_allclose(a.daily_sum_g_m3, b.daily_sum_g_m3, rtol=1e-12, atol=0)
    assert (a.calm_hours, a.valid_hours) == (b.calm_hours, b.valid_hours) == (2, H - 2)


def test_area_and_volume_hour_matches_direct_call():
    met = {k: v[:1] for k, v in MET.items()}
    met["wind_from_deg"] = np.array([225.0])  # from the south-west
    met["stability"] = np.array(["D"])
    met["wind_speed_m_s"] = np.array([4.0])
    st_ = general_sources_year(area_sources=AREAS, volume_sources=VOLUMES, receptor_x_m=RX, receptor_y_m=RY, **met)
    x, y = wind_frame(RX, RY, 225.0)
    expected = np.zeros((2, RX.size))
    for s in range(2):
        vx, vy = wind_frame(AREAS.vertices_x_m[s], AREAS.vertices_y_m[s], 225.0)
        c = area_source_hourly(emission_g_m2_s=1.0, vertices_x_m=vx, vertices_y_m=vy,
                               release_height_m=AREAS.release_height_m[s], wind_speed_m_s=4.0, stability="D",
                               mixing_height_m=800.0, x_m=x, y_m=y)
        expected += AREAS.emission_g_m2_s[s][:, None] * c
    xv, yv = wind_frame(RX - 800.0, RY - 800.0, 225.0)
    expected += VOLUMES.emission_g_s[0][:, None] * volume_source_hourly(
        emission_g_s=1.0, release_height_m=10.0, initial_sigma_y_m=5.0, initial_sigma_z_m=4.0, wind_speed_m_s=4.0,
        stability="D", mixing_height_m=800.0, x_m=xv, y_m=yv)
    np.testing.assert_allclose(st_.max_1h_g_m3, expected, rtol=1e-12)
    assert expected.max() > 0


def test_mixed_run_is_the_sum_of_separate_runs():
    kw = dict(receptor_x_m=RX, receptor_y_m=RY, **MET)
    mixed = general_sources_year(point_sources=POINTS, area_sources=AREAS, volume_sources=VOLUMES, **kw)
    parts = [general_sources_year(point_sources=POINTS, **kw), general_sources_year(area_sources=AREAS, **kw),
             general_sources_year(volume_sources=VOLUMES, **kw)]
    np.testing.assert_allclose(mixed.annual_sum_g_m3, sum(p.annual_sum_g_m3 for p in parts), rtol=1e-12)
    np.testing.assert_allclose(mixed.daily_sum_g_m3, sum(p.daily_sum_g_m3 for p in parts), rtol=1e-12)
    # hourly maxima of a sum: between the largest part and the sum of the parts' maxima
    assert np.all(mixed.max_1h_g_m3 <= sum(p.max_1h_g_m3 for p in parts) * (1 + 1e-12))
    assert np.all(mixed.max_1h_g_m3 >= np.max([p.max_1h_g_m3 for p in parts], axis=0) * (1 - 1e-12))
    assert mixed.extra["n_area_sources"] == 2


def test_calm_missing_and_daily_mean_rule():
    met = dict(MET)
    valid = np.ones(H, bool)
    valid[[0, 5]] = False
    st_ = general_sources_year(volume_sources=VOLUMES, receptor_x_m=RX, receptor_y_m=RY, hour_valid=valid, **met)
    assert st_.missing_hours == 2 and st_.calm_hours == 2 and st_.valid_hours == H - 4
    assert st_.day_valid_hours.tolist() == [24 - 2, 6 - 2]  # hours 0, 5 missing; 27, 28 calm
    # the 4-valid-hour second day is divided by 18 (75 % of 24), ISC3 vol. I 1.4.4
    np.testing.assert_allclose(st_.daily_mean_g_m3[:, 1, :], st_.daily_sum_g_m3[:, 1, :] / 18.0)


@settings(max_examples=10, deadline=None)
@given(rot=st.floats(0.0, 360.0), wd=st.floats(0.0, 360.0), cls=st.sampled_from(list("ABCDEF")))
def test_rotating_the_whole_scene_with_the_wind_changes_nothing(rot, wd, cls):
    # Rotating sources, receptors and wind direction together is a symmetry of the model.
    th = np.deg2rad(rot)
    rotmat = lambda e, n: (e * np.cos(th) + n * np.sin(th), -e * np.sin(th) + n * np.cos(th))  # clockwise by rot
    met = dict(wind_speed_m_s=[3.0], ambient_temperature_k=[290.0], stability=[cls], mixing_height_m=[700.0],
               day_index=[0])
    rx, ry = RX[:15], RY[:15]
    base = general_sources_year(area_sources=AREAS, volume_sources=VOLUMES, receptor_x_m=rx, receptor_y_m=ry,
                                wind_from_deg=[wd], **met)
    ax = [rotmat(np.asarray(vx, float), np.asarray(vy, float)) for vx, vy in zip(AREAS.vertices_x_m, AREAS.vertices_y_m)]
    areas = AreaSources(vertices_x_m=[a[0] for a in ax], vertices_y_m=[a[1] for a in ax],
                        release_height_m=AREAS.release_height_m, emission_g_m2_s=AREAS.emission_g_m2_s)
    vx, vy = rotmat(VOLUMES.x_m, VOLUMES.y_m)
    vols = VolumeSources(x_m=vx, y_m=vy, release_height_m=VOLUMES.release_height_m,
                         initial_sigma_y_m=VOLUMES.initial_sigma_y_m, initial_sigma_z_m=VOLUMES.initial_sigma_z_m,
                         emission_g_s=VOLUMES.emission_g_s)
    rrx, rry = rotmat(rx, ry)
    rotated = general_sources_year(area_sources=areas, volume_sources=vols, receptor_x_m=rrx, receptor_y_m=rry,
                                   wind_from_deg=[(wd + rot) % 360.0], **met)
    np.testing.assert_allclose(rotated.max_1h_g_m3, base.max_1h_g_m3, rtol=1e-6, atol=1e-15)


def test_bad_inputs():
    kw = dict(receptor_x_m=RX, receptor_y_m=RY, **MET)
    with pytest.raises(ValueError, match="at least one"):
        general_sources_year(**kw)
    with pytest.raises(ValueError, match="pollutants"):
        general_sources_year(point_sources=POINTS, volume_sources=VolumeSources(
            x_m=[0.0], y_m=[0.0], release_height_m=[1.0], initial_sigma_y_m=[1.0], initial_sigma_z_m=[1.0],
            emission_g_s=[[1.0, 2.0, 3.0]]), **kw)
    with pytest.raises(ValueError, match="stack_height_m"):
        PointSources(x_m=[0.0], y_m=[0.0], stack_height_m=[0.0], stack_diameter_m=[1.0], exit_velocity_m_s=[1.0],
                     exit_temperature_k=[300.0], emission_g_s=[[1.0]])
    with pytest.raises(ValueError, match="emission_g_s"):
        VolumeSources(x_m=[0.0, 1.0], y_m=[0.0, 1.0], release_height_m=1.0, initial_sigma_y_m=1.0,
                      initial_sigma_z_m=1.0, emission_g_s=[[1.0]])
    with pytest.raises(ValueError, match="mixing_height_m"):
        general_sources_year(volume_sources=VOLUMES, **dict(kw, mixing_height_m=np.zeros(H),
                                                             stability=np.full(H, "D")))
    with pytest.raises(ValueError, match="vertices"):
        AreaSources(vertices_x_m=[[0, 1]], vertices_y_m=[[0, 1]], release_height_m=0.0, emission_g_m2_s=[[1.0]])


# ---------------------------------------------------------------------------------------------
# Compiled engine (engine="numba") against the numpy reference engine
# ---------------------------------------------------------------------------------------------
from models.air.area import numba_available  # noqa: E402

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba not importable")
AREAS_MIXED = AreaSources(
    vertices_x_m=[[-300, -100, -100, -300], [200, 400, 300], [0, 90, 90, 0, 0, 60, 60, 0, 0]],
    vertices_y_m=[[100, 100, 250, 250], [300, 300, 500], [-600, -600, -510, -510, -540, -540, -570, -570, -600]],
    release_height_m=[2.0, 5.0, 40.0], emission_g_m2_s=[[1e-5, 2e-6], [3e-6, 0.0], [2e-6, 1e-6]],
    initial_sigma_z_m=[0.0, 1.5, 0.0])  # third: a U-shape given as a closed ring, released at 40 m
VOLUMES_MIXED = VolumeSources(x_m=[800.0, -700.0], y_m=[800.0, 0.0], release_height_m=[10.0, 0.0],
                              initial_sigma_y_m=[5.0, 0.0], initial_sigma_z_m=[4.0, 80.0],
                              emission_g_s=[[2.0, 0.5], [1.0, 1.0]])


def _assert_stats_equal(a, b):
    for f in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3"):
        np.testing.assert_allclose(getattr(a, f), getattr(b, f), rtol=1e-9, atol=1e-300, err_msg=f)
    # the hour of the maximum is the same wherever the maximum is not a near-tie
    assert np.mean(a.max_1h_hour == b.max_1h_hour) > 0.99
    assert (a.valid_hours, a.calm_hours, a.missing_hours) == (b.valid_hours, b.calm_hours, b.missing_hours)
    assert np.array_equal(a.day_valid_hours, b.day_valid_hours)


@needs_numba
@pytest.mark.parametrize("scheme,opts", [
    ("isc3-rural", {}),
    ("isc3-urban", {"point_options": {"gradual_rise": True, "stack_tip_downwash": False}}),
    ("briggs-rural", {"receptor_z_m": 1.5, "area_options": {"n_panels": 4, "n_gauss": 6}}),
    ("gbt3840", {"point_options": {"plume_rise_method": "gbt3840", "buoyancy_induced_dispersion": False}}),
])
def test_numba_engine_equals_numpy_engine(scheme, opts):
    valid = np.ones(H, bool)
    valid[3] = False
    kw = dict(point_sources=POINTS, area_sources=AREAS_MIXED, volume_sources=VOLUMES_MIXED, receptor_x_m=RX,
              receptor_y_m=RY, hour_valid=valid, scheme=scheme, **MET, **opts)
    fast = general_sources_year(**kw, engine="numba", block_hours=7)
    ref = general_sources_year(**kw, engine="numpy")
    _assert_stats_equal(fast, ref)
    assert fast.extra["backend"] == "numba" and ref.extra["backend"] == "numpy"
    assert fast.max_1h_g_m3.max() > 0


@needs_numba
def test_numba_engine_intermediate_gbt3840_classes_for_areas_and_volumes():
    met = dict(MET, stability=np.resize(["A-B", "B-C", "C-D", "D-E", "A", "F"], H))
    kw = dict(area_sources=AREAS_MIXED, volume_sources=VOLUMES_MIXED, receptor_x_m=RX, receptor_y_m=RY,
              scheme="gbt3840", **met)
    fast = general_sources_year(**kw, engine="numba")
    _assert_stats_equal(fast, general_sources_year(**kw, engine="numpy"))
    # the ISC3 schemes have no intermediate classes: both engines refuse them
    for engine in ("numba", "numpy"):
        with pytest.raises(ValueError, match="stability"):
            general_sources_year(**dict(kw, scheme="isc3-rural"), engine=engine)
    # with gbt3840 the stack chain takes them too (wind exponent and rise from the neighbours,
    # models.air.point_source.neighbour_classes), and both engines agree
    with_points = dict(kw, point_sources=POINTS)
    _assert_stats_equal(general_sources_year(**with_points, engine="numba"),
                        general_sources_year(**with_points, engine="numpy"))


@needs_numba
def test_block_size_does_not_change_the_statistics():
    kw = dict(point_sources=POINTS, area_sources=AREAS, volume_sources=VOLUMES, receptor_x_m=RX, receptor_y_m=RY,
              engine="numba", **MET)
    a = general_sources_year(**kw, block_hours=1)
    b = general_sources_year(**kw, block_hours=48)
    for f in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3", "max_1h_hour"):
        np.testing.assert_array_equal(getattr(a, f), getattr(b, f))


def test_engine_and_option_names():
    kw = dict(area_sources=AREAS, receptor_x_m=RX, receptor_y_m=RY, **MET)
    with pytest.raises(ValueError, match="engine"):
        general_sources_year(**kw, engine="gpu")
    if numba_available():
        with pytest.raises(ValueError, match="area_options"):
            general_sources_year(**kw, engine="numba", area_options={"n_pannels": 4})


def test_auto_falls_back_to_numpy_without_numba(monkeypatch):
    import models.air.area as area_mod

    kw = dict(area_sources=AREAS, volume_sources=VOLUMES, receptor_x_m=RX, receptor_y_m=RY, **MET)
    expected = general_sources_year(**kw, engine="numpy")
    monkeypatch.setattr(area_mod, "numba_available", lambda: False)
    st_ = general_sources_year(**kw, engine="auto")
    assert st_.extra["backend"] == "numpy"
    np.testing.assert_array_equal(st_.max_1h_g_m3, expected.max_1h_g_m3)
    with pytest.raises(ValueError, match="numba"):
        general_sources_year(**kw, engine="numba")


@needs_numba
def test_memory_is_flat_in_hours():
    # Hourly fields are streamed block by block: 10 x more hours must not hold 10 x more fields.
    import tracemalloc

    rng = np.random.default_rng(11)
    rx, ry = rng.uniform(-3000, 3000, 2000), rng.uniform(-3000, 3000, 2000)

    def peak(n_h):
        met = dict(wind_from_deg=rng.uniform(0, 360, n_h), wind_speed_m_s=np.full(n_h, 3.0),
                   ambient_temperature_k=np.full(n_h, 290.0), stability=np.full(n_h, "D"),
                   mixing_height_m=np.full(n_h, 800.0), day_index=np.arange(n_h) // 24)
        tracemalloc.start()
        general_sources_year(volume_sources=VOLUMES, receptor_x_m=rx, receptor_y_m=ry, engine="numba", **met)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    peak(24)  # compile / load outside the measurement
    small, large = peak(96), peak(960)
    # 960 hourly fields of 2 pollutants x 2000 receptors would be 30 MB; the daily sums grow by
    # 36 days x 2 x 2000 x 8 B = 1.2 MB
    assert large - small < 4e6


@needs_numba
def test_reused_stable_hour_area_integrals_are_exact():
    # Whole-degree directions repeat; in E and F (no lid) the area integral depends on the direction
    # and class only, so repeated hours reuse it: bit-identical to recomputing, equal to numpy.
    # D hours with a 20 km lid qualify too (the lid cannot reach the integrals), 300 m ones do not
    met = dict(MET, wind_from_deg=np.resize([90.0, 225.0, 300.0], H), stability=np.resize(list("EFDEFDB"), H),
               wind_speed_m_s=np.resize([1.0, 2.5, 4.0, 3.0, 1.5], H),
               mixing_height_m=np.resize([2.0e4, 300.0, 2.0e4, 800.0], H))
    kw = dict(point_sources=POINTS, area_sources=AREAS_MIXED, volume_sources=VOLUMES_MIXED, receptor_x_m=RX,
              receptor_y_m=RY, **met)
    cached = general_sources_year(**kw, engine="numba", block_hours=5)
    fresh = general_sources_year(**kw, engine="numba", block_hours=5, area_cache_mb=0.0)
    assert cached.extra["area_hours_reused"] > 0 and fresh.extra["area_hours_reused"] == 0
    for f in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3", "max_1h_hour"):
        np.testing.assert_array_equal(getattr(cached, f), getattr(fresh, f))
    _assert_stats_equal(cached, general_sources_year(**kw, engine="numpy"))
