"""Fast hourly engine: many stacks x many receptors x many hours -> receptor statistics.

``point_sources_year`` runs the ISCST3 regulatory-default point-source chain of
:func:`models.air.point_source_hourly` for every source, receptor and hour, and streams each hour
into a :class:`models.air.statistics.ReceptorStatistics` (1-hour maxima, daily sums, annual sum),
so memory is flat in the number of hours.

Design (see docs/methods/air-isc3.md):

* per source-hour quantities (stack-top wind, downwash, plume-rise parameters, effective height)
  are computed once, vectorised, by the same functions as the reference path;
* dispersion is linear in the emission rate, so chi/Q is computed once per source-receptor-hour
  and multiplied by each pollutant's rate;
* receptors are sorted by bearing from each source once, so the receptors inside ISCST3's
  50-degree window around the plume axis are found by bisection (sector culling);
* the compiled kernel (numba, parallel over hours) skips pairs whose lateral term
  ``exp(-0.5 (y/sigma_y)**2)`` or (stable hours) vertical term is below ``exp(-cutoff_exponent)``;
* a pure-numpy reference path (``backend="numpy"``) calls :func:`point_source_hourly` directly.

Calm hours: the reference wind speed below ``calm_threshold_m_s`` (default 0.5 m/s) marks a calm
hour. Following ISC3 calms processing (EPA-454/B-95-003a, vol. I sec. 1.4.4) a calm hour gives zero
concentration everywhere, is excluded from the number of valid hours, and a daily average is the
sum over the day divided by max(valid hours, 18). Hours at or above the threshold are modelled,
with ISC3's 1 m/s floor on the wind speed at release height.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. I (EPA-454/B-95-003a) sec. 1.4.4, 3.2.2; Vol. II (EPA-454/B-95-003b) sec. 1.1.
"""
from __future__ import annotations

import math
import os

import numpy as np

from .point_source import (CALM_THRESHOLD_M_S, DEFAULT_WIND_PROFILE, INTERMEDIATE_CLASS_SCHEMES, MIN_DOWNWIND_M,
                           TAN_OFF_AXIS_LIMIT, neighbour_classes,
                           point_source_hourly, source_hour_setup)
from .sigmas import ISC3_RURAL_SIGMA_Y, ISC3_URBAN, SIGMA_SCHEMES, sigma_z_table_arrays
from .statistics import ReceptorStatistics, YearAccumulator
from .wind_profile import stability_index

__all__ = ["point_sources_year", "BACKENDS", "numba_available"]

BACKENDS = ("auto", "numba", "numpy")
_FAST_SCHEMES = {"isc3-rural": 0, "isc3-urban": 1}


def numba_available() -> bool:
    """True when the compiled kernels can be used."""
    try:
        import numba  # noqa: F401
    except ImportError:
        return False
    return True


def _as_1d(name, value, n=None, dtype=float):
    arr = np.asarray(value, dtype=dtype)
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, arr, dtype=dtype)
    if arr.ndim != 1 or (n is not None and arr.shape[0] != n):
        want = f"shape ({n},)" if n is not None else "a 1-D array"
        raise ValueError(f"{name}: expected {want}, got shape {arr.shape}")
    if dtype is float and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: expected finite values")
    return arr


def point_sources_year(*, source_x_m, source_y_m, stack_height_m, stack_diameter_m, exit_velocity_m_s,
                       exit_temperature_k, emission_g_s, receptor_x_m, receptor_y_m, receptor_z_m=0.0,
                       wind_from_deg, wind_speed_m_s, ambient_temperature_k, stability, mixing_height_m,
                       day_index, hour_valid, anemometer_height_m=10.0, scheme="isc3-rural",
                       stack_tip_downwash=True, buoyancy_induced_dispersion=True, gradual_rise=False,
                       precision="float64", wind_profile=None, calm_threshold_m_s=CALM_THRESHOLD_M_S,
                       backend="auto", cutoff_exponent=50.0, block_hours=None,
                       n_days=None) -> ReceptorStatistics:
    """Year (or any period) of hourly concentrations from S stacks at R receptors, as statistics.

    Parameters
    ----------
    source_x_m, source_y_m, stack_height_m, stack_diameter_m, exit_velocity_m_s, exit_temperature_k : array_like, shape (S,)
        Stack positions (m) and parameters.
    emission_g_s : array_like, shape (S, P) or (S,)
        Emission rates of P pollutants, g/s.
    receptor_x_m, receptor_y_m : array_like, shape (R,)
        Receptor coordinates, m (same frame as the sources; y to the north).
    receptor_z_m : float or array_like, shape (R,)
        Flagpole heights, m.
    wind_from_deg, wind_speed_m_s, ambient_temperature_k, stability, mixing_height_m : array_like, shape (H,)
        Hourly meteorology: direction the wind blows from (degrees clockwise from north), speed at
        the anemometer (m/s), temperature (K), Pasquill class letters, mixing height (m).
    day_index : array_like of int, shape (H,)
        0-based day of each hour (for the daily averages).
    hour_valid : array_like of bool, shape (H,)
        False for missing hours (skipped and counted).
    anemometer_height_m : float
        Anemometer height, m.
    scheme : str
        Sigma scheme; the compiled kernel supports "isc3-rural" and "isc3-urban", other schemes
        use the numpy path.
    stack_tip_downwash, buoyancy_induced_dispersion, gradual_rise : bool
        ISC3 options (regulatory default True, True, False).
    precision : {"float64", "float32"}
        Arithmetic of the per-receptor physics in the compiled kernel. "float64" agrees with the
        reference to rounding; "float32" uses twice the SIMD lanes (geometry, culling and sums stay
        double) and agrees to ~1e-5 relative. The numpy backend always computes in float64.
    wind_profile : str, optional
        Wind exponent set; default follows the scheme.
    calm_threshold_m_s : float
        Reference wind speeds below this are calm hours (zero, excluded from averaging counts).
    backend : {"auto", "numba", "numpy"}
        "auto" uses numba when available and the scheme is supported.
    cutoff_exponent : float
        Skip source-receptor pairs whose lateral (or stable vertical) Gaussian factor is below
        exp(-cutoff_exponent) (default 50: below 2e-22). ``inf`` disables the culling.
    block_hours : int, optional
        Hours computed per parallel block (memory ~ block_hours x P x R values).
    n_days : int, optional
        Number of days; default ``max(day_index) + 1``.

    Returns
    -------
    ReceptorStatistics
        With ``extra`` holding ``backend`` and, for the compiled path, ``kernel_seconds``,
        ``threads`` and ``block_hours``.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1 (point-source model);
       EPA-454/B-95-003a, vol. I, sec. 1.4.4 (calms processing).
    """
    sx = _as_1d("source_x_m", source_x_m)
    n_src = sx.shape[0]
    sy_ = _as_1d("source_y_m", source_y_m, n_src)
    hs = _as_1d("stack_height_m", stack_height_m, n_src)
    ds = _as_1d("stack_diameter_m", stack_diameter_m, n_src)
    vs = _as_1d("exit_velocity_m_s", exit_velocity_m_s, n_src)
    ts = _as_1d("exit_temperature_k", exit_temperature_k, n_src)
    q = np.asarray(emission_g_s, dtype=float)
    if q.ndim == 1:
        q = q[:, None]
    if q.ndim != 2 or q.shape[0] != n_src:
        raise ValueError(f"emission_g_s: expected shape ({n_src}, P), got {np.shape(emission_g_s)}")
    n_pol = q.shape[1]
    rx = _as_1d("receptor_x_m", receptor_x_m)
    n_rec = rx.shape[0]
    ry = _as_1d("receptor_y_m", receptor_y_m, n_rec)
    rz = _as_1d("receptor_z_m", receptor_z_m, n_rec)
    wd = _as_1d("wind_from_deg", wind_from_deg)
    n_h = wd.shape[0]
    u10 = _as_1d("wind_speed_m_s", wind_speed_m_s, n_h)
    ta = _as_1d("ambient_temperature_k", ambient_temperature_k, n_h)
    zi = _as_1d("mixing_height_m", mixing_height_m, n_h)
    stab = np.asarray(stability)
    if stab.shape != (n_h,):
        raise ValueError(f"stability: expected shape ({n_h},), got {stab.shape}")
    k = stability_index(neighbour_classes(stab, allow_intermediate=scheme in INTERMEDIATE_CLASS_SCHEMES)[0])
    day = _as_1d("day_index", day_index, n_h, dtype=np.int64)
    valid = _as_1d("hour_valid", hour_valid, n_h, dtype=bool)
    if np.any(u10 < 0):
        raise ValueError("wind_speed_m_s: expected values >= 0")
    if np.any(day < 0):
        raise ValueError("day_index: expected values >= 0")
    if precision not in ("float64", "float32"):
        raise ValueError(f"precision: expected 'float64' or 'float32', got {precision!r}")
    if backend not in BACKENDS:
        raise ValueError(f"backend: unknown {backend!r}; known: {', '.join(BACKENDS)}")
    if scheme not in SIGMA_SCHEMES:
        raise ValueError(f"scheme: unknown sigma scheme {scheme!r}; known: {', '.join(SIGMA_SCHEMES)}")
    if wind_profile is None:
        wind_profile = DEFAULT_WIND_PROFILE[scheme]
    if n_days is None:
        n_days = int(day.max()) + 1 if n_h else 0
    calm = valid & (u10 < calm_threshold_m_s)
    run = valid & ~calm
    # valid hours with a positive lid only (A-D need it; E, F ignore it)
    if np.any(run & (k <= 3) & ~(zi > 0)):
        raise ValueError("mixing_height_m: expected > 0 in valid unstable/neutral hours")

    acc = YearAccumulator(n_pol, n_days, n_rec)
    st = acc.stats
    st.calm_hours = int(calm.sum())
    st.missing_hours = int((~valid).sum())

    if backend == "auto":
        backend = "numba" if (numba_available() and scheme in _FAST_SCHEMES) else "numpy"
    if backend == "numba" and scheme not in _FAST_SCHEMES:
        raise ValueError(f"backend: 'numba' supports schemes {', '.join(_FAST_SCHEMES)}, got {scheme!r}")

    if backend == "numpy":
        _year_numpy(acc, locals())
        st.extra["backend"] = "numpy"
        return st
    _year_numba(acc, locals())
    st.extra["backend"] = "numba"
    return st


def _year_numpy(acc, a):
    """Reference path: point_source_hourly for every source-hour (slow; tests and fallback)."""
    rx, ry, rz, run = a["rx"], a["ry"], a["rz"], a["run"]
    for h in np.flatnonzero(run):
        th = math.radians(a["wd"][h])
        sw, cw = math.sin(th), math.cos(th)
        field = np.zeros((a["n_pol"], a["n_rec"]))
        for s in range(a["n_src"]):
            dx = rx - a["sx"][s]
            dy = ry - a["sy_"][s]
            x = -(dx * sw + dy * cw)
            y = dx * cw - dy * sw
            chi_q = point_source_hourly(
                emission_g_s=1.0, stack_height_m=a["hs"][s], stack_diameter_m=a["ds"][s],
                exit_velocity_m_s=a["vs"][s], exit_temperature_k=a["ts"][s],
                ambient_temperature_k=a["ta"][h], wind_speed_m_s=a["u10"][h],
                anemometer_height_m=a["anemometer_height_m"], stability=a["stab"][h],
                mixing_height_m=a["zi"][h] if a["zi"][h] > 0 else 1.0, x_m=x, y_m=y, z_m=rz,
                scheme=a["scheme"], stack_tip_downwash=a["stack_tip_downwash"],
                buoyancy_induced_dispersion=a["buoyancy_induced_dispersion"],
                gradual_rise=a["gradual_rise"], wind_profile=a["wind_profile"],
                calm_threshold_m_s=a["calm_threshold_m_s"])
            field += a["q"][s][:, None] * chi_q[None, :]
        acc.add_hour(int(h), int(a["day"][h]), field)


def _year_numba(acc, a):
    import time

    from . import _fastvec

    n_src, n_rec, n_pol = a["n_src"], a["n_rec"], a["n_pol"]
    run = a["run"]
    hours_run = np.flatnonzero(run)
    # per source-hour chain quantities, (H, S), by the same vectorised functions as the reference
    stab_hs = a["stab"][:, None]  # (H, 1): broadcast against the (1, S) stack arrays
    setup = source_hour_setup(
        stack_height_m=a["hs"][None, :], stack_diameter_m=a["ds"][None, :],
        exit_velocity_m_s=a["vs"][None, :], exit_temperature_k=a["ts"][None, :],
        ambient_temperature_k=a["ta"][:, None], wind_speed_m_s=np.maximum(a["u10"], 0.0)[:, None],
        anemometer_height_m=a["anemometer_height_m"], stability=stab_hs,
        stack_tip_downwash=a["stack_tip_downwash"], wind_profile=a["wind_profile"])
    rise = setup["rise"]

    def c(v, dt=np.float64):
        return np.ascontiguousarray(np.broadcast_to(v, (a["n_h"], n_src)), dtype=dt)

    us_hs = c(setup["stack_wind_m_s"])
    hsp_hs = c(setup["stack_height_eff_m"])
    he_hs = c(setup["effective_height_m"])
    final_hs = c(rise["final_rise_m"])
    xf_hs = c(rise["distance_to_final_rise_m"])
    regime_hs = c(rise["regime"], np.int64)
    fb_hs, fm_hs, s_hs, bj_hs = c(rise["fb"]), c(rise["fm"]), c(rise["s"]), c(rise["beta_j"])
    th = np.radians(a["wd"])
    sinw, cosw = np.sin(th), np.cos(th)
    kcls = a["k"].astype(np.int64)
    zi_h = np.where(a["zi"] > 0, a["zi"], 1.0)

    # receptors sorted by bearing (clockwise from north) from each source
    bearing = np.arctan2(a["rx"][None, :] - a["sx"][:, None], a["ry"][None, :] - a["sy_"][:, None])
    order = np.argsort(bearing, axis=1, kind="stable").astype(np.int64)
    bearing_sorted = np.take_along_axis(bearing, order, axis=1)
    rx_sorted = np.ascontiguousarray(a["rx"][order])
    ry_sorted = np.ascontiguousarray(a["ry"][order])
    rz_sorted = np.ascontiguousarray(a["rz"][order])

    cy = np.ascontiguousarray(ISC3_RURAL_SIGMA_Y[:, 0])
    dy = np.ascontiguousarray(ISC3_RURAL_SIGMA_Y[:, 1])
    zbreak, za, zb = sigma_z_table_arrays()
    zbreak = np.where(np.isfinite(zbreak), zbreak, 1e300)
    za = np.where(np.isnan(za), -1.0, za)  # marks the class-A 5000 m range
    urb = np.ascontiguousarray(ISC3_URBAN)
    scheme_code = _FAST_SCHEMES[a["scheme"]]

    dtype = np.float64  # hourly fields are summed in double precision in both modes
    n_threads = _n_threads()
    nb = a["block_hours"] or max(8 * n_threads, 48)
    nb = int(max(1, min(nb, len(hours_run) or 1)))
    block = np.zeros((nb, n_pol, n_rec), dtype=dtype)
    st = acc.stats
    t_kernel = 0.0
    for start in range(0, len(hours_run), nb):
        hrs = hours_run[start:start + nb]
        blk = block[:len(hrs)]
        blk[...] = 0.0
        t0 = time.perf_counter()
        if a["precision"] == "float32":
            from ._fastvec32 import hours_block32 as kernel
        else:
            kernel = _fastvec.hours_block
        kernel(hrs, blk, kcls, zi_h, sinw, cosw, us_hs, hsp_hs, he_hs, final_hs, xf_hs,
                          regime_hs, fb_hs, fm_hs, s_hs, bj_hs, a["sx"], a["sy_"], a["q"],
                          rx_sorted, ry_sorted, rz_sorted, order, bearing_sorted, scheme_code,
                          bool(a["buoyancy_induced_dispersion"]), bool(a["gradual_rise"]),
                          float(a["cutoff_exponent"]), TAN_OFF_AXIS_LIMIT, MIN_DOWNWIND_M,
                          cy, dy, zbreak, za, zb, urb)
        _fastvec.accumulate(blk, hrs, a["day"][hrs], st.max_1h_g_m3, st.max_1h_hour, st.daily_sum_g_m3,
                         st.annual_sum_g_m3)
        t_kernel += time.perf_counter() - t0
    np.add.at(st.day_valid_hours, a["day"][hours_run], 1)
    st.valid_hours = int(len(hours_run))
    st.extra["kernel_seconds"] = t_kernel
    st.extra["threads"] = n_threads
    st.extra["block_hours"] = nb


def _n_threads() -> int:
    try:
        import numba
        return int(numba.get_num_threads())
    except Exception:  # pragma: no cover - numba missing
        return os.cpu_count() or 1
