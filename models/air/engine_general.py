"""Exact reference engine for mixed source sets (stacks, areas, volumes) over many hours.

``general_sources_year`` loops over the hours; in each valid, non-calm hour it rotates the
receptors (and area polygons) into each source's wind frame and adds

* stacks: :func:`models.air.point_source_hourly` (ISC3 point-source chain),
* areas: :func:`models.air.area.area_source_hourly` (ISC3 integrated area source, any polygon),
* volumes: :func:`models.air.volume.volume_source_hourly` (ISC3 virtual point source),

for every pollutant (dispersion is linear in the emission rate: chi/Q is computed once per
source-hour and scaled by each pollutant's rate), then streams the (P, R) field into a
:class:`models.air.statistics.YearAccumulator`. Because all sources of an hour are summed before
the statistics are taken, the 1-hour maxima of the mixed set are exact (unlike
:func:`models.air.statistics.combine` of separate runs).

Wind frame: ``wind_from_deg`` is the meteorological direction the wind blows FROM (degrees
clockwise from north). The downwind unit vector is (-sin theta, -cos theta) in (east, north); a
point (E, N) relative to the source has downwind distance x = -(E sin theta + N cos theta) and
crosswind distance y = E cos theta - N sin theta (y positive to the left of the wind), the same
convention as :mod:`models.air.engine`.

Calm hours (wind at the anemometer below ``calm_threshold_m_s``, default 0.5 m/s) follow the rule
of :mod:`models.air.engine` / ISC3 calms processing (EPA-454/B-95-003a vol. I sec. 1.4.4): zero
concentration, counted in ``calm_hours``, excluded from the valid hours, daily means divided by
max(valid hours, 18). Hours with ``hour_valid`` False are counted as missing.

Source sets are small frozen dataclasses of arrays in map coordinates (east, north, metres):
:class:`PointSources`, :class:`AreaSources`, :class:`VolumeSources`; each holds the emission of
P pollutants as an array of shape (S, P).

References
----------
.. [1] U.S. EPA (1995). ISC3 User's Guide, Vol. II, EPA-454/B-95-003b, sec. 1.1 (point sources),
   1.2.2 (volume sources), 1.2.3 (area sources); Vol. I, EPA-454/B-95-003a, sec. 1.4.4 (calms).
.. [2] HJ 2.2-2018, 环境影响评价技术导则 大气环境, 附录 B/C (hourly, daily and annual statistics of
   the predicted concentrations).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .area import (_CULL_SIGMAS, _FAR_RATIO, MIN_DISTANCE_M, _polygon, _resolve_engine, area_source_hourly,
                   release_exponent)
from .point_source import (CALM_THRESHOLD_M_S, DEFAULT_WIND_PROFILE, MIN_DOWNWIND_M, MIN_STACK_WIND_M_S,
                           TAN_OFF_AXIS_LIMIT, INTERMEDIATE_CLASS_SCHEMES, point_source_hourly,
                           source_hour_setup)
from .sigmas import SIGMA_SCHEMES, sigmas
from .stability import normalize_stability
from .statistics import ReceptorStatistics, YearAccumulator
from .volume import _virtual_distance_cached, volume_source_hourly

__all__ = ["PointSources", "AreaSources", "VolumeSources", "general_sources_year", "wind_frame"]


def _vec(name, value, n=None, *, min_value=None, strict=False):
    arr = np.atleast_1d(np.asarray(value, dtype=float))
    if arr.ndim != 1 or (n is not None and arr.shape[0] != n):
        want = f"shape ({n},)" if n is not None else "a 1-D array"
        raise ValueError(f"{name}: expected {want}, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values, got {value!r}")
    if min_value is not None and np.any((arr <= min_value) if strict else (arr < min_value)):
        op = ">" if strict else ">="
        raise ValueError(f"{name}: expected values {op} {min_value}, got {value!r}")
    return arr


def _bcast(value, n):
    """Scalars stand for every element; arrays are left for the shape check."""
    return np.full(n, float(value)) if np.ndim(value) == 0 else value


def _emission(name, value, n):
    q = np.asarray(value, dtype=float)
    if q.ndim == 1:
        q = q[:, None]
    if q.ndim != 2 or q.shape[0] != n:
        raise ValueError(f"{name}: expected shape ({n}, P) (sources x pollutants), got {np.shape(value)}")
    if not np.all(np.isfinite(q)) or np.any(q < 0):
        raise ValueError(f"{name}: expected finite rates >= 0")
    return q


def _freeze(obj, **arrays):
    for k, v in arrays.items():
        if isinstance(v, np.ndarray):
            v.setflags(write=False)
        object.__setattr__(obj, k, v)


@dataclass(frozen=True)
class PointSources:
    """S stacks in map coordinates.

    Attributes
    ----------
    x_m, y_m : ndarray, shape (S,)
        Stack position, east and north, m.
    stack_height_m, stack_diameter_m, exit_velocity_m_s, exit_temperature_k : ndarray, shape (S,)
        Stack geometry and exit conditions.
    emission_g_s : ndarray, shape (S, P)
        Emission rate of each pollutant, g/s.
    """

    x_m: np.ndarray
    y_m: np.ndarray
    stack_height_m: np.ndarray
    stack_diameter_m: np.ndarray
    exit_velocity_m_s: np.ndarray
    exit_temperature_k: np.ndarray
    emission_g_s: np.ndarray

    def __post_init__(self):
        x = _vec("x_m", self.x_m)
        n = x.size
        _freeze(
            self,
            x_m=x,
            y_m=_vec("y_m", self.y_m, n),
            stack_height_m=_vec("stack_height_m", _bcast(self.stack_height_m, n), n, min_value=0, strict=True),
            stack_diameter_m=_vec("stack_diameter_m", _bcast(self.stack_diameter_m, n), n, min_value=0, strict=True),
            exit_velocity_m_s=_vec("exit_velocity_m_s", _bcast(self.exit_velocity_m_s, n), n, min_value=0),
            exit_temperature_k=_vec("exit_temperature_k", _bcast(self.exit_temperature_k, n), n, min_value=0, strict=True),
            emission_g_s=_emission("emission_g_s", self.emission_g_s, n),
        )

    @property
    def n_sources(self) -> int:
        return self.x_m.size


@dataclass(frozen=True)
class AreaSources:
    """S polygonal area sources in map coordinates.

    Attributes
    ----------
    vertices_x_m, vertices_y_m : tuple of ndarray
        Polygon vertices (east, north) of each source, m; each polygon >= 3 vertices.
    release_height_m : ndarray, shape (S,)
        Release height, m.
    emission_g_m2_s : ndarray, shape (S, P)
        Emission per unit area of each pollutant, g m-2 s-1.
    initial_sigma_z_m : ndarray, shape (S,)
        Initial vertical spread sigma_z0, m (default 0).
    """

    vertices_x_m: tuple
    vertices_y_m: tuple
    release_height_m: np.ndarray
    emission_g_m2_s: np.ndarray
    initial_sigma_z_m: np.ndarray = field(default=0.0)

    def __post_init__(self):
        vx = tuple(np.asarray(v, dtype=float).ravel() for v in self.vertices_x_m)
        vy = tuple(np.asarray(v, dtype=float).ravel() for v in self.vertices_y_m)
        n = len(vx)
        if len(vy) != n or n == 0:
            raise ValueError(f"vertices_x_m, vertices_y_m: expected one vertex list per source, got {len(vx)} and {len(vy)}")
        for i, (a, b) in enumerate(zip(vx, vy)):
            if a.shape != b.shape or a.size < 3 or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
                raise ValueError(f"vertices_x_m, vertices_y_m: source {i} needs >= 3 finite (x, y) vertices")
            a.setflags(write=False)
            b.setflags(write=False)
        _freeze(
            self,
            vertices_x_m=vx,
            vertices_y_m=vy,
            release_height_m=_vec("release_height_m", _bcast(self.release_height_m, n), n, min_value=0),
            emission_g_m2_s=_emission("emission_g_m2_s", self.emission_g_m2_s, n),
            initial_sigma_z_m=_vec("initial_sigma_z_m", _bcast(self.initial_sigma_z_m, n), n, min_value=0),
        )

    @property
    def n_sources(self) -> int:
        return len(self.vertices_x_m)


@dataclass(frozen=True)
class VolumeSources:
    """S volume sources in map coordinates.

    Attributes
    ----------
    x_m, y_m : ndarray, shape (S,)
        Centre of each volume (east, north), m.
    release_height_m : ndarray, shape (S,)
        Release height (centre of the volume), m.
    initial_sigma_y_m, initial_sigma_z_m : ndarray, shape (S,)
        Initial dimensions (see :func:`models.air.volume.volume_initial_sigmas`), m.
    emission_g_s : ndarray, shape (S, P)
        Emission rate of each pollutant, g/s.
    """

    x_m: np.ndarray
    y_m: np.ndarray
    release_height_m: np.ndarray
    initial_sigma_y_m: np.ndarray
    initial_sigma_z_m: np.ndarray
    emission_g_s: np.ndarray

    def __post_init__(self):
        x = _vec("x_m", self.x_m)
        n = x.size
        _freeze(
            self,
            x_m=x,
            y_m=_vec("y_m", self.y_m, n),
            release_height_m=_vec("release_height_m", _bcast(self.release_height_m, n), n, min_value=0),
            initial_sigma_y_m=_vec("initial_sigma_y_m", _bcast(self.initial_sigma_y_m, n), n, min_value=0),
            initial_sigma_z_m=_vec("initial_sigma_z_m", _bcast(self.initial_sigma_z_m, n), n, min_value=0),
            emission_g_s=_emission("emission_g_s", self.emission_g_s, n),
        )

    @property
    def n_sources(self) -> int:
        return self.x_m.size


def wind_frame(east_m, north_m, wind_from_deg):
    """Rotate map offsets (east, north) into the wind frame (x downwind, y crosswind to the left).

    Parameters
    ----------
    east_m, north_m : array_like
        Offsets from the source (or frame origin), m.
    wind_from_deg : float
        Direction the wind blows from, degrees clockwise from north.

    Returns
    -------
    x_m, y_m : ndarray
        Downwind and crosswind coordinates, m.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.1.2 (receptor coordinates relative to the
       wind direction; ISC3 wind directions are the directions the wind blows from).
    """
    th = math.radians(float(wind_from_deg))
    sw, cw = math.sin(th), math.cos(th)
    e = np.asarray(east_m, dtype=float)
    n = np.asarray(north_m, dtype=float)
    return -(e * sw + n * cw), e * cw - n * sw


def general_sources_year(
    *,
    point_sources: PointSources | None = None,
    area_sources: AreaSources | None = None,
    volume_sources: VolumeSources | None = None,
    receptor_x_m,
    receptor_y_m,
    receptor_z_m=0.0,
    wind_from_deg,
    wind_speed_m_s,
    ambient_temperature_k,
    stability,
    mixing_height_m,
    day_index,
    hour_valid=None,
    anemometer_height_m=10.0,
    scheme="isc3-rural",
    wind_profile=None,
    calm_threshold_m_s=CALM_THRESHOLD_M_S,
    point_options=None,
    area_options=None,
    n_days=None,
    engine="auto",
    block_hours=None,
    area_cache_mb=128.0,
) -> ReceptorStatistics:
    """Hourly run of mixed point, area and volume sources at R receptors, as statistics.

    Parameters
    ----------
    point_sources, area_sources, volume_sources : dataclass, optional
        Source sets (at least one). All must carry the same number of pollutants P.
    receptor_x_m, receptor_y_m : array_like, shape (R,)
        Receptor coordinates (east, north), m, same frame as the sources.
    receptor_z_m : float or array_like, shape (R,)
        Flagpole heights, m.
    wind_from_deg, wind_speed_m_s, ambient_temperature_k, stability, mixing_height_m : array_like, shape (H,)
        Hourly meteorology: direction the wind blows from (deg clockwise from north), speed at the
        anemometer (m/s), temperature (K), stability class, mixing height (m; needed > 0 in valid
        hours of classes other than E and F).
    day_index : array_like of int, shape (H,)
        0-based day of each hour.
    hour_valid : array_like of bool, shape (H,), optional
        False for missing hours (skipped and counted); default all valid.
    anemometer_height_m : float
        Anemometer height, m.
    scheme : str
        Sigma scheme (:data:`models.air.sigmas.SIGMA_SCHEMES`).
    wind_profile : str, optional
        Wind exponent set; default follows the scheme.
    calm_threshold_m_s : float
        Anemometer wind speeds below this are calm hours.
    point_options : dict, optional
        Extra keyword arguments for :func:`models.air.point_source_hourly`
        (``stack_tip_downwash``, ``buoyancy_induced_dispersion``, ``gradual_rise``,
        ``plume_rise_method``).
    area_options : dict, optional
        Extra keyword arguments for :func:`models.air.area.area_source_hourly`
        (``n_panels``, ``n_gauss``, ``min_distance_m``).
    n_days : int, optional
        Number of days; default ``max(day_index) + 1``.
    engine : {"auto", "numba", "numpy"}
        "numpy": the reference loop calling the hourly functions of each source type;
        "numba": one compiled kernel per block of hours for all sources (same formulas per
        element, equal to the reference to rounding: tested to 1e-9 relative); "auto" uses numba
        when it can be imported.
    block_hours : int, optional
        Hours per compiled block (memory ~ block_hours x P x R values; default 48).
    area_cache_mb : float
        Compiled engine only: memory bound for reusing area-source integrals between hours with
        the same wind direction and class E or F (no lid, so the integral does not depend on the
        hour's mixing height, and the wind speed only divides it). Exact reuse (bit-identical);
        it pays with wind directions reported in whole degrees or sectors. 0 disables it.

    Returns
    -------
    ReceptorStatistics
        Pollutants x receptors statistics; ``extra`` records the source counts, the scheme, the
        engine used and the seconds spent in the compiled kernels.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.1, 1.2.2, 1.2.3.
    .. [2] EPA-454/B-95-003a (ISC3 vol. I), sec. 1.4.4 (calms processing, 75 % rule).
    """
    sets = [s for s in (point_sources, area_sources, volume_sources) if s is not None]
    if not sets:
        raise ValueError("point_sources, area_sources, volume_sources: expected at least one source set")
    for name, s, cls in (("point_sources", point_sources, PointSources), ("area_sources", area_sources, AreaSources),
                         ("volume_sources", volume_sources, VolumeSources)):
        if s is not None and not isinstance(s, cls):
            raise ValueError(f"{name}: expected a {cls.__name__}, got {type(s).__name__}")
    n_pol = {q.shape[1] for q in (
        *( [point_sources.emission_g_s] if point_sources is not None else []),
        *( [area_sources.emission_g_m2_s] if area_sources is not None else []),
        *( [volume_sources.emission_g_s] if volume_sources is not None else []),
    )}
    if len(n_pol) != 1:
        raise ValueError(f"emission: all source sets must carry the same number of pollutants, got {sorted(n_pol)}")
    n_pol = n_pol.pop()
    if scheme not in SIGMA_SCHEMES:
        raise ValueError(f"scheme: unknown sigma scheme {scheme!r}; known: {', '.join(SIGMA_SCHEMES)}")

    rx = _vec("receptor_x_m", receptor_x_m)
    n_rec = rx.size
    ry = _vec("receptor_y_m", receptor_y_m, n_rec)
    rz = _vec("receptor_z_m", _bcast(receptor_z_m, n_rec), n_rec, min_value=0)
    wd = _vec("wind_from_deg", wind_from_deg)
    n_h = wd.size
    u10 = _vec("wind_speed_m_s", _bcast(wind_speed_m_s, n_h), n_h, min_value=0)
    ta = _vec("ambient_temperature_k", _bcast(ambient_temperature_k, n_h), n_h, min_value=0, strict=True)
    zi = np.asarray(_bcast(mixing_height_m, n_h), dtype=float)
    if zi.shape != (n_h,) or np.any(np.isnan(zi)):
        raise ValueError(f"mixing_height_m: expected shape ({n_h},) without NaN, got {np.shape(mixing_height_m)}")
    stab_in = np.asarray(stability)
    stab = normalize_stability(np.full(n_h, stab_in.item()) if stab_in.ndim == 0 else stab_in)
    if stab.shape != (n_h,):
        raise ValueError(f"stability: expected shape ({n_h},), got {stab.shape}")
    day = np.asarray(day_index)
    if day.shape != (n_h,) or day.dtype.kind not in "iu" or np.any(day < 0):
        raise ValueError(f"day_index: expected non-negative integers of shape ({n_h},), got {day_index!r}")
    valid = np.ones(n_h, bool) if hour_valid is None else np.asarray(hour_valid, dtype=bool)
    if valid.shape != (n_h,):
        raise ValueError(f"hour_valid: expected shape ({n_h},), got {valid.shape}")
    if n_days is None:
        n_days = int(day.max()) + 1 if n_h else 0
    if n_h and int(day.max()) >= n_days:
        raise ValueError(f"day_index: values must be < n_days={n_days}")
    calm = valid & (u10 < calm_threshold_m_s)
    run = valid & ~calm
    stable = np.isin(stab, ("E", "F"))
    if np.any(run & ~stable & ~(zi > 0)):
        raise ValueError("mixing_height_m: expected > 0 in valid hours of classes other than E and F")
    point_options = dict(point_options or {})
    area_options = dict(area_options or {})
    engine = _resolve_engine(engine)

    acc = YearAccumulator(n_pol, n_days, n_rec)
    st = acc.stats
    st.calm_hours = int(calm.sum())
    st.missing_hours = int((~valid).sum())
    common = dict(wind_profile=wind_profile, calm_threshold_m_s=calm_threshold_m_s, scheme=scheme)
    summary = {
        "engine": "general_sources_year",
        "backend": engine,
        "scheme": scheme,
        "n_point_sources": 0 if point_sources is None else point_sources.n_sources,
        "n_area_sources": 0 if area_sources is None else area_sources.n_sources,
        "n_volume_sources": 0 if volume_sources is None else volume_sources.n_sources,
    }
    if engine == "numba":
        _year_numba(acc, np.flatnonzero(run), point_sources, area_sources, volume_sources, rx, ry, rz, wd, u10, ta,
                    stab, zi, day, anemometer_height_m, scheme, wind_profile, point_options, area_options,
                    block_hours, area_cache_mb)
        st.extra.update(summary)
        return st

    for h in np.flatnonzero(run):
        cls = str(stab[h])
        zi_h = float(zi[h]) if zi[h] > 0 else 1.0  # E/F ignore the lid
        field_h = np.zeros((n_pol, n_rec))
        if point_sources is not None:
            ps = point_sources
            for s in range(ps.n_sources):
                x, y = wind_frame(rx - ps.x_m[s], ry - ps.y_m[s], wd[h])
                chi_q = point_source_hourly(
                    emission_g_s=1.0, stack_height_m=ps.stack_height_m[s], stack_diameter_m=ps.stack_diameter_m[s],
                    exit_velocity_m_s=ps.exit_velocity_m_s[s], exit_temperature_k=ps.exit_temperature_k[s],
                    ambient_temperature_k=ta[h], wind_speed_m_s=u10[h], anemometer_height_m=anemometer_height_m,
                    stability=cls, mixing_height_m=zi_h, x_m=x, y_m=y, z_m=rz, **common, **point_options)
                field_h += ps.emission_g_s[s][:, None] * chi_q[None, :]
        if area_sources is not None:
            ar = area_sources
            x, y = wind_frame(rx, ry, wd[h])
            for s in range(ar.n_sources):
                vx, vy = wind_frame(ar.vertices_x_m[s], ar.vertices_y_m[s], wd[h])
                chi_q = area_source_hourly(
                    emission_g_m2_s=1.0, vertices_x_m=vx, vertices_y_m=vy, release_height_m=ar.release_height_m[s],
                    wind_speed_m_s=u10[h], stability=cls, mixing_height_m=zi_h, x_m=x, y_m=y, z_m=rz,
                    initial_sigma_z_m=ar.initial_sigma_z_m[s], anemometer_height_m=anemometer_height_m,
                    engine="numpy", **common, **area_options)
                field_h += ar.emission_g_m2_s[s][:, None] * chi_q[None, :]
        if volume_sources is not None:
            vs = volume_sources
            for s in range(vs.n_sources):
                x, y = wind_frame(rx - vs.x_m[s], ry - vs.y_m[s], wd[h])
                chi_q = volume_source_hourly(
                    emission_g_s=1.0, release_height_m=vs.release_height_m[s],
                    initial_sigma_y_m=vs.initial_sigma_y_m[s], initial_sigma_z_m=vs.initial_sigma_z_m[s],
                    wind_speed_m_s=u10[h], stability=cls, mixing_height_m=zi_h, x_m=x, y_m=y, z_m=rz,
                    anemometer_height_m=anemometer_height_m, engine="numpy", **common)
                field_h += vs.emission_g_s[s][:, None] * chi_q[None, :]
        acc.add_hour(int(h), int(day[h]), field_h)

    st.extra.update(summary)
    return st


_POINT_OPTIONS = ("stack_tip_downwash", "buoyancy_induced_dispersion", "gradual_rise", "plume_rise_method")
_AREA_OPTIONS = ("n_panels", "n_gauss", "min_distance_m")


def _lid_free_mixing_heights(classes, scheme, rx, ry, rz, a_vx, a_vy, a_nv, a_he, a_sz0, min_distance):
    """Per class, the mixing height above which no area integral of the run depends on the lid.

    The compiled vertical term reads z_i only in three places: V = 0 when h > z_i, the uniform
    mixing rule sigma_z / z_i >= 1.6, and the lid images, which it stops summing at the first
    image whose Gaussian exponent exceeds the direct term's by 57. With sigma_z bounded by
    sigma_zmax (the largest sigma_z up to the largest receptor-vertex distance, +5 %), z_i >= h,
    z_i >= 1.7 sigma_zmax and (2 z_i - h - z_max)^2 >= max(h^2, (z_max - h)^2) + 120 sigma_zmax^2
    the integral is computed without using z_i at all, so it can be reused bit for bit. E and F
    (no lid) need no bound (0).
    """
    out = {}
    zr_max = float(np.max(rz)) if rz.size else 0.0
    dmax = min_distance
    for s in range(a_nv.size):
        vx, vy = a_vx[s, :a_nv[s]], a_vy[s, :a_nv[s]]
        dmax = max(dmax, float(np.max(np.hypot(rx[:, None] - vx[None, :], ry[:, None] - vy[None, :]))))
    d = np.geomspace(min_distance, max(dmax, 1.01 * min_distance), 400)
    for c in classes:
        if c in ("E", "F"):
            out[c] = 0.0
            continue
        sz_d = sigmas(d, c, scheme)[1]
        need = 0.0
        for s in range(a_nv.size):
            he = float(a_he[s])
            sz = 1.05 * float(np.max(np.sqrt(sz_d * sz_d + a_sz0[s] ** 2)))
            direct = max(he * he, (zr_max - he) ** 2)
            need = max(need, he, 1.7 * sz, 0.5 * (he + zr_max + np.sqrt(direct + 120.0 * sz * sz)))
        out[c] = need
    return out


def _year_numba(acc, hours_run, ps, ar, vs, rx, ry, rz, wd, u10, ta, stab, zi, day, anemometer_height_m, scheme,
                wind_profile, point_options, area_options, block_hours, area_cache_mb=0.0):
    """Compiled path of :func:`general_sources_year`: blocks of hours through ``_area_fast.mixed_block``.

    Per source-hour quantities are computed per block by the reference functions (stack chain by
    :func:`models.air.point_source.source_hour_setup`, release-height wind by the power law of
    :func:`models.air.area.release_wind_m_s`, virtual distances by :mod:`models.air.volume`), so
    memory stays flat in the number of hours.
    """
    import time

    from . import _area_fast as fast

    for name, opts, known in (("point_options", point_options, _POINT_OPTIONS),
                              ("area_options", area_options, _AREA_OPTIONS)):
        bad = sorted(set(opts) - set(known))
        if bad:
            raise ValueError(f"{name}: unknown option(s) {bad}; known: {', '.join(known)}")
    if wind_profile is None:
        wind_profile = DEFAULT_WIND_PROFILE[scheme]
    scheme_code = fast.SCHEME_CODES[scheme]
    tabs = fast.TABLES
    # each class of the run hours: the sigma scheme's check (as the reference), codes, exponents
    classes = sorted({str(c) for c in stab[hours_run]})
    for c in classes:
        sigmas(np.ones(1), c, scheme)
    code = {c: fast.class_code(c, scheme) for c in classes}
    expo = {c: release_exponent(c, wind_profile) for c in classes}
    zr_anem = float(anemometer_height_m)
    if not zr_anem > 0:
        raise ValueError(f"anemometer_height_m: expected > 0, got {anemometer_height_m!r}")

    def release_wind(hrs, heights):
        p = np.array([expo[str(c)] for c in stab[hrs]])
        h = np.maximum(heights, 1.0)
        return np.ascontiguousarray(np.maximum(u10[hrs][:, None] * (h[None, :] / zr_anem) ** p[:, None],
                                               MIN_STACK_WIND_M_S))

    empty1 = np.zeros(0)
    empty2 = np.zeros((0, 1))
    n_pol = acc.stats.annual_sum_g_m3.shape[0]
    # points
    if ps is not None:
        p_opts = dict(stack_tip_downwash=True, buoyancy_induced_dispersion=True, gradual_rise=False,
                      plume_rise_method="briggs")
        p_opts.update(point_options)
        p_x, p_y, p_q = ps.x_m, ps.y_m, np.ascontiguousarray(ps.emission_g_s)
    else:
        p_opts = dict(buoyancy_induced_dispersion=False, gradual_rise=False)
        p_x = p_y = empty1
        p_q = np.zeros((0, n_pol))
    # areas: vertices as the reference takes them (closing vertex dropped, zero area rejected)
    if ar is not None:
        polys = [_polygon(vx, vy)[:2] for vx, vy in zip(ar.vertices_x_m, ar.vertices_y_m)]
        max_nv = max(v[0].size for v in polys)
        a_vx = np.zeros((len(polys), max_nv))
        a_vy = np.zeros((len(polys), max_nv))
        a_nv = np.array([v[0].size for v in polys], dtype=np.int64)
        for i, (vx, vy) in enumerate(polys):
            a_vx[i, :vx.size] = vx
            a_vy[i, :vy.size] = vy
        a_q = np.ascontiguousarray(ar.emission_g_m2_s)
        a_he = np.ascontiguousarray(ar.release_height_m)
        a_sz0 = np.ascontiguousarray(ar.initial_sigma_z_m)
    else:
        a_vx = a_vy = np.zeros((0, 1))
        a_nv = np.zeros(0, dtype=np.int64)
        a_q = np.zeros((0, n_pol))
        a_he = a_sz0 = empty1
    n_panels = int(area_options.get("n_panels", 8))
    n_gauss = int(area_options.get("n_gauss", 8))
    min_distance = float(area_options.get("min_distance_m", MIN_DISTANCE_M))
    if n_panels < 1 or n_gauss < 1:
        raise ValueError(f"area_options: n_panels, n_gauss expected >= 1, got {n_panels!r}, {n_gauss!r}")
    if not min_distance > 0:
        raise ValueError(f"area_options: min_distance_m expected > 0, got {min_distance!r}")
    gx, gw = np.polynomial.legendre.leggauss(n_gauss)
    edges_p = np.linspace(0.0, 1.0, n_panels + 1)
    edges_1 = np.linspace(0.0, 1.0, 2)
    # volumes: virtual distances per (class, source), -1 where the spread is combined in quadrature
    if vs is not None:
        v_x, v_y, v_q = vs.x_m, vs.y_m, np.ascontiguousarray(vs.emission_g_s)
        v_he, v_sy0, v_sz0 = vs.release_height_m, vs.initial_sigma_y_m, vs.initial_sigma_z_m
        xv = {}
        for c in classes:
            for k, s0 in ((0, v_sy0), (1, v_sz0)):
                vals = [_virtual_distance_cached(float(v), c, scheme, k) for v in s0]
                xv[c, k] = np.array([-1.0 if v is None else v for v in vals])
    else:
        v_x = v_y = v_he = v_sy0 = v_sz0 = empty1
        v_q = np.zeros((0, n_pol))

    st = acc.stats
    nb = int(block_hours or 48)
    if nb < 1:
        raise ValueError(f"block_hours: expected >= 1, got {block_hours!r}")
    if not (np.isfinite(area_cache_mb) and area_cache_mb >= 0):
        raise ValueError(f"area_cache_mb: expected a finite value >= 0, got {area_cache_mb!r}")
    block = np.zeros((min(nb, max(len(hours_run), 1)), n_pol, rx.size))
    # area integrals of no-lid hours (E, F) depend on (direction, class) only: reuse them exactly
    n_ar = a_nv.size
    cache = {}
    cache_max = int(area_cache_mb * 1e6 // max(8 * n_ar * rx.size, 1)) if n_ar else 0
    raw = np.zeros((block.shape[0], n_ar, rx.size) if cache_max else (block.shape[0], n_ar, 0))
    n_reused = 0
    zi_free = _lid_free_mixing_heights(classes, scheme, rx, ry, rz, a_vx, a_vy, a_nv, a_he, a_sz0,
                                       min_distance) if cache_max else {}
    t_kernel = 0.0
    for start in range(0, len(hours_run), nb):
        hrs = hours_run[start:start + nb]
        blk = block[:len(hrs)]
        blk[...] = 0.0
        cls_b = [str(c) for c in stab[hrs]]
        kcls = np.array([code[c] for c in cls_b], dtype=np.int64)
        lid = np.array([c not in ("E", "F") for c in cls_b])
        zi_b = np.where(zi[hrs] > 0, zi[hrs], 1.0)
        th = np.radians(wd[hrs])
        sinw, cosw = np.sin(th), np.cos(th)
        if ps is not None:
            setup = source_hour_setup(
                stack_height_m=ps.stack_height_m[None, :], stack_diameter_m=ps.stack_diameter_m[None, :],
                exit_velocity_m_s=ps.exit_velocity_m_s[None, :], exit_temperature_k=ps.exit_temperature_k[None, :],
                ambient_temperature_k=ta[hrs][:, None], wind_speed_m_s=u10[hrs][:, None],
                anemometer_height_m=anemometer_height_m, stability=stab[hrs][:, None],
                stack_tip_downwash=p_opts["stack_tip_downwash"], wind_profile=wind_profile,
                plume_rise_method=p_opts["plume_rise_method"], surface="urban" if "urban" in scheme else "rural",
                allow_intermediate=scheme in INTERMEDIATE_CLASS_SCHEMES)
            rise = setup["rise"]
            shape = (len(hrs), ps.n_sources)

            def c(v, dt=np.float64):
                return np.ascontiguousarray(np.broadcast_to(v, shape), dtype=dt)

            pt = (c(setup["stack_wind_m_s"]), c(setup["stack_height_eff_m"]), c(setup["effective_height_m"]),
                  c(rise["final_rise_m"]), c(rise["distance_to_final_rise_m"]), c(rise["regime"], np.int64),
                  c(rise["fb"]), c(rise["fm"]), c(rise["s"]), c(rise["beta_j"]))
        else:
            z2 = np.zeros((len(hrs), 0))
            pt = (z2, z2, z2, z2, z2, np.zeros((len(hrs), 0), dtype=np.int64), z2, z2, z2, z2)
        a_us = release_wind(hrs, a_he) if ar is not None else np.zeros((len(hrs), 0))
        if vs is not None:
            v_us = release_wind(hrs, v_he)
            v_xvy = np.ascontiguousarray(np.stack([xv[c, 0] for c in cls_b]))
            v_xvz = np.ascontiguousarray(np.stack([xv[c, 1] for c in cls_b]))
        else:
            v_us = v_xvy = v_xvz = np.zeros((len(hrs), 0))
        mode = np.zeros(len(hrs), dtype=np.int64)
        keys = [None] * len(hrs)
        if cache_max:
            for b, h in enumerate(hrs):
                if not lid[b] or zi_b[b] >= zi_free[cls_b[b]]:
                    keys[b] = (float(wd[h]), cls_b[b])
                    hit = cache.get(keys[b])
                    if hit is not None:
                        raw[b] = hit
                        mode[b] = 2
                        n_reused += 1
                    else:
                        mode[b] = 1
        t0 = time.perf_counter()
        args = (rx, ry, rz, sinw, cosw, kcls, zi_b, lid, scheme_code, tabs,
                p_x, p_y, p_q, *pt, bool(p_opts["buoyancy_induced_dispersion"]),
                bool(p_opts["gradual_rise"]), TAN_OFF_AXIS_LIMIT, MIN_DOWNWIND_M,
                a_vx, a_vy, a_nv, a_q, a_us, a_he, a_sz0, min_distance, _CULL_SIGMAS, _FAR_RATIO,
                n_panels, gx, gw, edges_p, edges_1, mode)
        vol = (v_x, v_y, v_q, v_us, v_he, v_sy0, v_sz0, v_xvy, v_xvz)
        # writable C-contiguous copies: one compiled signature whatever the caller passed (read-only
        # arrays of the frozen source sets would otherwise compile separate specialisations)
        fast.mixed_block(blk, *(np.array(v, order="C") if isinstance(v, np.ndarray) else v for v in args), raw,
                         *(np.array(v, order="C") for v in vol))
        for b in np.flatnonzero(mode == 1):
            if len(cache) < cache_max and keys[b] not in cache:
                cache[keys[b]] = raw[b].copy()
        fast.accumulate(blk, hrs, day[hrs].astype(np.int64), st.max_1h_g_m3, st.max_1h_hour, st.daily_sum_g_m3,
                        st.annual_sum_g_m3)
        t_kernel += time.perf_counter() - t0
    np.add.at(st.day_valid_hours, day[hours_run], 1)
    st.valid_hours = int(len(hours_run))
    st.extra["kernel_seconds"] = t_kernel
    st.extra["block_hours"] = nb
    st.extra["area_hours_reused"] = n_reused
