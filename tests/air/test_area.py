"""ISC3 integrated area source (models.air.area).

No published ISC3/AERMOD area-source test case with printed concentrations was retrievable for this
work; the checks are the analytic limits of the formulation: (a) a very small area equals the
Gaussian point source of the same emission (ISC3 vol. II eq. 1-1); (b) a very wide area of small
along-wind depth equals the infinite crosswind line source chi = 2 q_L exp(-H^2/2 sz^2) /
(sqrt(2 pi) sz u) (Turner 1970, Workbook, chapter 3, line sources); (c) mass conservation of the
flux through a downwind plane; plus symmetry, superposition and quadrature convergence.
"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air.area import (area_source_hourly, area_source_rectangle_hourly, rectangle_vertices,
                             release_wind_m_s)
from models.air.gaussian import gaussian_plume
from models.air.sigmas import sigmas

P_RURAL = dict(zip("ABCDEF", (0.07, 0.07, 0.10, 0.15, 0.35, 0.55)))


def _us(u10, h, cls):
    return max(u10 * (max(h, 1.0) / 10.0) ** P_RURAL[cls], 1.0)


@pytest.mark.parametrize("cls", list("ABCDEF"))
def test_small_area_equals_point_source(cls):
    a = 1.0
    x = np.array([300.0, 1000.0, 3000.0])
    y = np.array([0.0, 40.0, 150.0])
    zi = 800.0
    c = area_source_rectangle_hourly(x0_m=-a / 2, y0_m=-a / 2, length_x_m=a, width_y_m=a,
                                     emission_g_m2_s=1.0 / a**2, release_height_m=5.0, wind_speed_m_s=3.0,
                                     stability=cls, mixing_height_m=zi, x_m=x, y_m=y)
    p = gaussian_plume(emission_g_s=1.0, wind_speed_m_s=_us(3.0, 5.0, cls), effective_height_m=5.0, x_m=x,
                       y_m=y, stability=cls, scheme="isc3-rural", mixing_height_m=None if cls in "EF" else zi)
    np.testing.assert_allclose(c, p, rtol=2e-3)


@pytest.mark.parametrize("scheme", ["isc3-urban", "briggs-rural", "gbt3840"])
def test_small_area_equals_point_source_other_schemes(scheme):
    x = np.array([500.0, 2000.0])
    y = np.array([10.0, -60.0])
    c = area_source_rectangle_hourly(x0_m=-0.5, y0_m=-0.5, length_x_m=1.0, width_y_m=1.0, emission_g_m2_s=2.0,
                                     release_height_m=0.0, wind_speed_m_s=4.0, stability="D",
                                     mixing_height_m=1000.0, x_m=x, y_m=y, scheme=scheme, wind_profile="isc3-rural")
    p = gaussian_plume(emission_g_s=2.0, wind_speed_m_s=_us(4.0, 0.0, "D"), effective_height_m=0.0, x_m=x, y_m=y,
                       stability="D", scheme=scheme, mixing_height_m=1000.0)
    np.testing.assert_allclose(c, p, rtol=2e-3)


@pytest.mark.parametrize("cls,h", [("B", 0.0), ("D", 0.0), ("D", 10.0), ("F", 3.0)])
def test_wide_area_approaches_infinite_line_source(cls, h):
    width = 400_000.0  # crosswind extent >> sigma_y at every x tested
    x = np.array([200.0, 1000.0, 5000.0])
    c = area_source_rectangle_hourly(x0_m=-0.5, y0_m=-width / 2, length_x_m=1.0, width_y_m=width,
                                     emission_g_m2_s=1.0, release_height_m=h, wind_speed_m_s=6.0, stability=cls,
                                     mixing_height_m=1.0e6, x_m=x, y_m=np.zeros_like(x))
    _, sz = sigmas(x, cls, "isc3-rural")
    q_line = 1.0  # g m-1 s-1 (1 g m-2 s-1 over 1 m along-wind depth)
    line = 2 * q_line * np.exp(-0.5 * (h / sz) ** 2) / (np.sqrt(2 * np.pi) * sz * _us(6.0, h, cls))
    np.testing.assert_allclose(c, line, rtol=1e-3)


def test_mass_conservation_flux_through_downwind_plane():
    # No lid (class E: unlimited mixing), ground reflection: flux u * integral(chi dy dz) = Q_A * area.
    vx, vy = [0.0, 120.0, 80.0, -40.0], [-50.0, -20.0, 60.0, 30.0]
    area = 0.5 * abs(np.dot(vx, np.roll(vy, -1)) - np.dot(vy, np.roll(vx, -1)))
    x = 2000.0
    sy, sz = sigmas(x, "E", "isc3-rural")
    gy, wy = np.polynomial.legendre.leggauss(48)
    gz, wz = np.polynomial.legendre.leggauss(32)
    ylim, zlim = 8 * sy + 150, 8 * sz + 20
    yy, zz = 0.5 * ylim * (gy + 1) * 2 - ylim, 0.5 * zlim * (gz + 1)
    Y, Z = np.meshgrid(yy, zz, indexing="ij")
    W = np.outer(wy * ylim, wz * 0.5 * zlim)
    c = area_source_hourly(emission_g_m2_s=1.0e-3, vertices_x_m=vx, vertices_y_m=vy, release_height_m=4.0,
                           wind_speed_m_s=3.0, stability="E", mixing_height_m=500.0, x_m=x, y_m=Y, z_m=Z)
    flux = _us(3.0, 4.0, "E") * np.sum(W * c)
    assert flux == pytest.approx(1.0e-3 * area, rel=2e-3)


def test_superposition_and_concave_polygon():
    x = np.array([-20.0, 60.0, 400.0, 1500.0])
    y = np.array([10.0, -30.0, 80.0, 0.0])
    kw = dict(emission_g_m2_s=1e-4, release_height_m=1.0, wind_speed_m_s=2.5, stability="C",
              mixing_height_m=600.0, x_m=x, y_m=y)
    # L-shape = rectangle [0,100]x[0,40] + rectangle [0,40]x[40,100]
    lshape = area_source_hourly(vertices_x_m=[0, 100, 100, 40, 40, 0], vertices_y_m=[0, 0, 40, 40, 100, 100], **kw)
    r1 = area_source_rectangle_hourly(x0_m=0, y0_m=0, length_x_m=100, width_y_m=40, **kw)
    r2 = area_source_rectangle_hourly(x0_m=0, y0_m=40, length_x_m=40, width_y_m=60, **kw)
    np.testing.assert_allclose(lshape, r1 + r2, rtol=2e-3, atol=1e-12)
    # a polygon concave across the wind (two chords per slice): U-shape
    u = area_source_hourly(vertices_x_m=[0, 90, 90, 0, 0, 60, 60, 0], vertices_y_m=[0, 0, 90, 90, 60, 60, 30, 30], **kw)
    parts = (area_source_rectangle_hourly(x0_m=0, y0_m=0, length_x_m=90, width_y_m=30, **kw)
             + area_source_rectangle_hourly(x0_m=60, y0_m=30, length_x_m=30, width_y_m=30, **kw)
             + area_source_rectangle_hourly(x0_m=0, y0_m=60, length_x_m=90, width_y_m=30, **kw))
    np.testing.assert_allclose(u, parts, rtol=2e-3, atol=1e-12)


def test_vertex_order_and_closed_ring_do_not_matter():
    vx, vy = rectangle_vertices(x0_m=-30, y0_m=-10, length_x_m=60, width_y_m=25, angle_deg=30)
    kw = dict(emission_g_m2_s=1e-4, release_height_m=2.0, wind_speed_m_s=3.0, stability="D",
              mixing_height_m=500.0, x_m=np.array([0.0, 200.0, 900.0]), y_m=np.array([5.0, -20.0, 40.0]))
    a = area_source_hourly(vertices_x_m=vx, vertices_y_m=vy, **kw)
    b = area_source_hourly(vertices_x_m=vx[::-1], vertices_y_m=vy[::-1], **kw)
    c = area_source_hourly(vertices_x_m=np.r_[vx[2:], vx[:2], vx[2]], vertices_y_m=np.r_[vy[2:], vy[:2], vy[2]], **kw)
    np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_allclose(a, c, rtol=1e-12)


def test_upwind_calm_inside_and_convergence():
    kw = dict(vertices_x_m=[0, 100, 100, 0], vertices_y_m=[0, 0, 50, 50], emission_g_m2_s=1e-4,
              release_height_m=0.0, stability="D", mixing_height_m=500.0)
    up = area_source_hourly(**kw, wind_speed_m_s=3.0, x_m=np.array([-1.0, -500.0]), y_m=np.array([25.0, 25.0]))
    assert np.all(up == 0.0)
    calm = area_source_hourly(**kw, wind_speed_m_s=0.3, x_m=500.0, y_m=25.0)
    assert calm == 0.0
    inside = area_source_hourly(**kw, wind_speed_m_s=3.0, x_m=50.0, y_m=25.0)
    assert np.isfinite(inside) and inside > 0
    x = np.array([50.0, 101.0, 300.0, 2000.0])
    y = np.array([25.0, 60.0, -10.0, 100.0])
    base = area_source_hourly(**kw, wind_speed_m_s=3.0, x_m=x, y_m=y)
    fine = area_source_hourly(**kw, wind_speed_m_s=3.0, x_m=x, y_m=y, n_panels=16, n_gauss=16)
    np.testing.assert_allclose(base, fine, rtol=1e-3)


@pytest.mark.parametrize("cls", ["A", "D", "F"])
def test_default_quadrature_on_a_field_against_a_fine_reference(cls):
    g = np.linspace(-4000.0, 4000.0, 31)
    X, Y = np.meshgrid(g, g)
    kw = dict(emission_g_m2_s=1e-6, vertices_x_m=[0, 300, 200, -100, -50], vertices_y_m=[0, 0, 200, 250, 100],
              release_height_m=2.0, wind_speed_m_s=3.0, stability=cls, mixing_height_m=500.0, x_m=X, y_m=Y)
    c = area_source_hourly(**kw)
    ref = area_source_hourly(**kw, n_panels=32, n_gauss=16)
    m = ref > 0.01 * ref.max()
    np.testing.assert_allclose(c[m], ref[m], rtol=1e-3)
    assert np.all(c[ref == 0.0] == 0.0)


def test_release_wind_profile_and_floor():
    assert release_wind_m_s(wind_speed_m_s=4.0, anemometer_height_m=10.0, release_height_m=40.0,
                            stability="D", wind_profile="isc3-rural") == pytest.approx(4.0 * 4.0**0.15)
    assert release_wind_m_s(wind_speed_m_s=0.6, anemometer_height_m=10.0, release_height_m=2.0,
                            stability="F", wind_profile="isc3-rural") == 1.0
    # intermediate class: mean of the neighbours' exponents
    assert release_wind_m_s(wind_speed_m_s=4.0, anemometer_height_m=10.0, release_height_m=40.0,
                            stability="C-D", wind_profile="gbt3840") == pytest.approx(4.0 * 4.0**0.125)


def test_bad_inputs():
    kw = dict(emission_g_m2_s=1e-4, release_height_m=0.0, wind_speed_m_s=3.0, stability="D",
              mixing_height_m=500.0, x_m=100.0, y_m=0.0)
    with pytest.raises(ValueError, match="vertices"):
        area_source_hourly(vertices_x_m=[0, 1], vertices_y_m=[0, 1], **kw)
    with pytest.raises(ValueError, match="zero area"):
        area_source_hourly(vertices_x_m=[0, 1, 2], vertices_y_m=[0, 1, 2], **kw)
    with pytest.raises(ValueError, match="scheme"):
        area_source_hourly(vertices_x_m=[0, 1, 1], vertices_y_m=[0, 0, 1], **dict(kw, scheme="pg"))
    with pytest.raises(ValueError, match="emission_g_m2_s"):
        area_source_hourly(vertices_x_m=[0, 1, 1], vertices_y_m=[0, 0, 1], **dict(kw, emission_g_m2_s=-1))
    with pytest.raises(ValueError, match="length_x_m"):
        rectangle_vertices(x0_m=0, y0_m=0, length_x_m=0, width_y_m=1)


@settings(max_examples=25, deadline=None)
@given(
    half_widths=st.lists(st.floats(5.0, 200.0), min_size=2, max_size=4),
    depth=st.floats(10.0, 300.0),
    x=st.floats(-100.0, 3000.0), y=st.floats(0.0, 500.0), z=st.floats(0.0, 20.0),
    cls=st.sampled_from(list("ABCDEF")),
)
def test_symmetric_polygon_gives_symmetric_field(half_widths, depth, x, y, z, cls):
    n = len(half_widths)
    xs = np.linspace(0.0, depth, n)
    vx = np.r_[xs, xs[::-1]]
    vy = np.r_[-np.asarray(half_widths), np.asarray(half_widths)[::-1]]
    kw = dict(vertices_x_m=vx, vertices_y_m=vy, emission_g_m2_s=1e-4, release_height_m=2.0, wind_speed_m_s=3.0,
              stability=cls, mixing_height_m=700.0, z_m=z)
    a = area_source_hourly(**kw, x_m=x, y_m=y)
    b = area_source_hourly(**kw, x_m=x, y_m=-y)
    assert a == pytest.approx(b, rel=1e-9, abs=1e-300)


@settings(max_examples=25, deadline=None)
@given(q=st.floats(1e-6, 1e-2), k=st.floats(0.1, 10.0), x=st.floats(10.0, 5000.0), y=st.floats(-300, 300))
def test_linear_in_emission(q, k, x, y):
    kw = dict(vertices_x_m=[0, 50, 50, 0], vertices_y_m=[0, 0, 30, 30], release_height_m=0.0, wind_speed_m_s=3.0,
              stability="D", mixing_height_m=500.0, x_m=x, y_m=y)
    a = area_source_hourly(emission_g_m2_s=q, **kw)
    b = area_source_hourly(emission_g_m2_s=k * q, **kw)
    assert b == pytest.approx(k * a, rel=1e-12, abs=1e-300)


# ---------------------------------------------------------------------------------------------
# Compiled path (engine="numba") against the numpy reference path
# ---------------------------------------------------------------------------------------------
from models.air.area import ENGINES, numba_available  # noqa: E402

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba not importable")
GBT_CLASSES = ["A", "A-B", "B", "B-C", "C", "C-D", "D", "D-E", "E", "F"]
SCHEME_CLASSES = [(s, c) for s in ("isc3-rural", "isc3-urban", "briggs-rural", "briggs-urban") for c in "ABCDEF"]
SCHEME_CLASSES += [("gbt3840", c) for c in GBT_CLASSES]


def _star_polygon(radii, phase, cx, cy):
    """Simple (star-shaped, possibly concave) polygon from radii at equal angle steps."""
    n = len(radii)
    ang = phase + 2 * np.pi * np.arange(n) / n
    return cx + np.asarray(radii) * np.cos(ang), cy + np.asarray(radii) * np.sin(ang)


def _assert_same(fast, ref):
    # rtol 1e-9 everywhere; below 1e-300 g/m3 (denormal numbers) only the absolute value counts
    np.testing.assert_allclose(fast, ref, rtol=1e-9, atol=1e-300)
    # exactly zero in one path only where the other is below 1e-300 (underflow of erfc/exp)
    assert np.all(fast[ref == 0.0] < 1e-300) and np.all(ref[fast == 0.0] < 1e-300)


@needs_numba
@settings(max_examples=60, deadline=None)
@given(
    radii=st.lists(st.floats(20.0, 400.0), min_size=3, max_size=8),
    phase=st.floats(0.0, 6.3),
    sc=st.sampled_from(SCHEME_CLASSES),
    he=st.sampled_from([0.0, 2.0, 10.0, 30.0]),
    sz0=st.sampled_from([0.0, 3.0]),
    zi=st.sampled_from([25.0, 300.0, 1500.0]),
    z=st.sampled_from([0.0, 1.5]),
    seed=st.integers(0, 10_000),
)
def test_numba_equals_numpy_on_random_polygons(radii, phase, sc, he, sz0, zi, z, seed):
    scheme, cls = sc
    rng = np.random.default_rng(seed)
    cx, cy = rng.uniform(-100, 100, 2)
    vx, vy = _star_polygon(radii, phase, cx, cy)
    # receptors: scattered, inside the polygon, on its vertices and on its edges
    t = rng.uniform(0, 1, vx.size)
    ex = vx + t * (np.roll(vx, -1) - vx)
    ey = vy + t * (np.roll(vy, -1) - vy)
    x = np.r_[rng.uniform(-3000, 6000, 60), cx + 0.3 * (vx - cx), vx, ex, 20_000.0]
    y = np.r_[rng.uniform(-2000, 2000, 60), cy + 0.3 * (vy - cy), vy, ey, 50.0]
    kw = dict(emission_g_m2_s=1e-5, vertices_x_m=vx, vertices_y_m=vy, release_height_m=he, wind_speed_m_s=3.0,
              stability=cls, mixing_height_m=zi, x_m=x, y_m=y, z_m=z, scheme=scheme, initial_sigma_z_m=sz0,
              wind_profile="isc3-rural" if scheme != "gbt3840" else "gbt3840")
    ref = area_source_hourly(**kw, engine="numpy")
    fast = area_source_hourly(**kw, engine="numba")
    _assert_same(fast, ref)
    assert ref.max() > 0 or he > zi


@needs_numba
@pytest.mark.parametrize("n_panels,n_gauss,min_d", [(1, 3, 1.0), (4, 12, 5.0), (16, 16, 0.5)])
def test_numba_equals_numpy_for_quadrature_options(n_panels, n_gauss, min_d):
    g = np.linspace(-1500.0, 3000.0, 25)
    X, Y = np.meshgrid(g, g)
    kw = dict(emission_g_m2_s=1e-6, vertices_x_m=[0, 100, 100, 40, 40, 0], vertices_y_m=[0, 0, 40, 40, 100, 100],
              release_height_m=1.0, wind_speed_m_s=2.0, stability="B", mixing_height_m=400.0, x_m=X, y_m=Y,
              n_panels=n_panels, n_gauss=n_gauss, min_distance_m=min_d)
    _assert_same(area_source_hourly(**kw, engine="numba"), area_source_hourly(**kw, engine="numpy"))


def test_engine_names():
    assert ENGINES == ("auto", "numba", "numpy")
    with pytest.raises(ValueError, match="engine"):
        area_source_hourly(emission_g_m2_s=1e-4, vertices_x_m=[0, 1, 1], vertices_y_m=[0, 0, 1], release_height_m=0.0,
                           wind_speed_m_s=3.0, stability="D", mixing_height_m=500.0, x_m=100.0, y_m=0.0,
                           engine="fortran")


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("cls", ["B", "D", "F"])
def test_plume_edge_tail_equals_point_source(engine, cls):
    # Far off the plume axis (4 to 7.5 sigma_y) the erf differences of the crosswind integral cancel
    # to rounding noise unless they are taken on the tail with erfc; a 1 m x 1 m area must still
    # equal the Gaussian point source there (ISC3 vol. II eq. 1-1).
    if engine == "numba" and not numba_available():
        pytest.skip("numba not importable")
    x = np.array([500.0, 2000.0, 2000.0])
    sy, _ = sigmas(x, cls, "isc3-rural")
    y = np.array([4.0, 6.0, 7.5]) * sy
    c = area_source_rectangle_hourly(x0_m=-0.5, y0_m=-0.5, length_x_m=1.0, width_y_m=1.0, emission_g_m2_s=1.0,
                                     release_height_m=0.0, wind_speed_m_s=3.0, stability=cls, mixing_height_m=2000.0,
                                     x_m=x, y_m=y, engine=engine)
    p = gaussian_plume(emission_g_s=1.0, wind_speed_m_s=_us(3.0, 0.0, cls), effective_height_m=0.0, x_m=x, y_m=y,
                       stability=cls, scheme="isc3-rural", mixing_height_m=None if cls in "EF" else 2000.0)
    np.testing.assert_allclose(c, p, rtol=2e-2)
