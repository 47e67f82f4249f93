"""One stack, one hour: the ISCST3 regulatory-default point-source chain (vectorised reference).

Chain (EPA-454/B-95-003b vol. II sec. 1.1), in order:

1. wind at release height by the power law (sec. 1.1.3), with a 1.0 m/s floor at release height;
2. stack-tip downwash ``h_s' = h_s + 2 d_s (v_s/u_s - 1.5)`` for ``v_s < 1.5 u_s`` (sec. 1.1.4.1);
3. Briggs final plume rise ``h_e = h_s' + dh_f`` (sec. 1.1.4.2-1.1.4.9; regulatory default: no gradual
   rise in the plume height);
4. downwind/crosswind distances from the wind direction (sec. 1.1.2); receptors less than 1 m
   downwind, or more than 50 degrees off the plume axis (``|y| > x tan 50``), get zero, as in ISCST3;
5. sigma_y, sigma_z at the downwind distance (sec. 1.1.5.1), with buoyancy-induced dispersion
   ``sigma_e = sqrt(sigma**2 + (dh(x)/3.5)**2)`` using the distance-dependent rise ``dh(x)`` up to
   the distance of final rise (sec. 1.1.5.3);
6. Gaussian plume with the ISC3 vertical term (sec. 1.1.6.1): lid images in A-D, uniform mixing for
   ``sigma_z >= 1.6 z_i``, zero when ``h_e > z_i`` (A-D); unlimited mixing for E and F;
7. calm hours (reference wind speed below ``calm_threshold_m_s``) give zero (ISC3 calms processing,
   vol. I sec. 1.4.4; the averaging rule is in :mod:`models.air.statistics`).

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.1.1 to 1.1.6.
.. [2] U.S. EPA (1995). ISC3 User's Guide, Vol. I, EPA-454/B-95-003a, sec. 3.2.2 (DFAULT options).
"""
from __future__ import annotations

import numpy as np

from .gaussian import lateral_term, vertical_term
from .plume_rise import briggs_rise_parameters, gradual_rise_m, stack_tip_downwash_height_m
from .sigmas import SIGMA_SCHEMES, sigmas
from .wind_profile import WIND_EXPONENTS, stability_index, wind_at_height

__all__ = ["point_source_hourly", "source_hour_setup", "TAN_OFF_AXIS_LIMIT", "DEFAULT_WIND_PROFILE",
           "PLUME_RISE_METHODS", "INTERMEDIATE_CLASS_SCHEMES", "neighbour_classes", "MIN_STACK_WIND_M_S", "CALM_THRESHOLD_M_S", "MIN_DOWNWIND_M"]

#: ISCST3 evaluates only receptors within 50 degrees of the plume axis.
TAN_OFF_AXIS_LIMIT = float(np.tan(np.deg2rad(50.0)))
#: ISC3 floor for the wind speed at release height, m/s (vol. II sec. 1.1.3).
MIN_STACK_WIND_M_S = 1.0
#: Reference wind speeds below this are calm hours (see docs/methods/air-isc3.md).
CALM_THRESHOLD_M_S = 0.5
#: Receptors closer than this downwind get zero (ISCST3 skips x < 1 m).
MIN_DOWNWIND_M = 1.0

#: Wind-profile exponent set used by default with each sigma scheme.
DEFAULT_WIND_PROFILE = {
    "isc3-rural": "isc3-rural",
    "isc3-urban": "isc3-urban",
    "briggs-rural": "isc3-rural",
    "briggs-urban": "isc3-urban",
    "gbt3840": "gbt3840",
}
PLUME_RISE_METHODS = ("briggs", "gbt3840")
#: Sigma schemes whose tables define the GB/T 3840-91 intermediate classes (A-B, B-C, C-D, D-E).
INTERMEDIATE_CLASS_SCHEMES = ("gbt3840",)


def neighbour_classes(stability, *, allow_intermediate: bool):
    """Split GB/T 3840-91 intermediate classes into their Pasquill neighbours.

    GB/T 3840-91 (Appendix B) defines the intermediate classes A-B, B-C, C-D and D-E for its sigma
    table only; the wind-profile exponents and the plume-rise formulas are given for A..F. For an
    intermediate class the wind exponent is the mean of its neighbours' (the convention of the area
    and volume sources, docs/methods/air-gbt3840.md), and plume rise and the mixing lid follow the
    less stable neighbour: Briggs' stable-rise formulas and ISC3's "no lid" rule apply to E and F
    only (EPA-454/B-95-003b vol. II 1.1.4.3, 1.1.6), and D-E is not E.

    Returns
    -------
    (lower, upper) : ndarray of str
        Equal to the input classes for A..F.
    """
    arr = np.asarray(stability)
    if not allow_intermediate:
        stability_index(arr)  # raises for anything but A..F
        return arr, arr
    from .stability import normalize_stability

    labels = normalize_stability(arr)
    lower = np.char.partition(labels.astype(str), "-")[..., 0]
    upper = np.where(np.char.find(labels.astype(str), "-") >= 0, np.char.partition(labels.astype(str), "-")[..., 2], lower)
    return lower, upper


def _pick(name, value, known):
    if value not in known:
        raise ValueError(f"{name}: unknown value {value!r}; known: {', '.join(known)}")
    return value


def source_hour_setup(*, stack_height_m, stack_diameter_m, exit_velocity_m_s, exit_temperature_k,
                      ambient_temperature_k, wind_speed_m_s, anemometer_height_m, stability,
                      stack_tip_downwash=True, wind_profile="isc3-rural", plume_rise_method="briggs",
                      surface="rural", allow_intermediate=False):
    """Per source-hour quantities of the chain (steps 1-3), broadcast over the inputs.

    Returns
    -------
    dict
        ``stack_wind_m_s``, ``stack_height_eff_m`` (after downwash), ``effective_height_m``,
        ``rise`` (dict of :func:`models.air.plume_rise.briggs_rise_parameters`), ``k`` (class 0..5).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.3, 1.1.4.
    """
    _pick("wind_profile", wind_profile, tuple(WIND_EXPONENTS))
    _pick("plume_rise_method", plume_rise_method, PLUME_RISE_METHODS)
    lower, upper = neighbour_classes(stability, allow_intermediate=allow_intermediate)
    k = stability_index(lower)
    hs = np.asarray(stack_height_m, dtype=float)
    if np.any(~(hs > 0)):
        raise ValueError(f"stack_height_m: expected > 0, got {stack_height_m!r}")
    us = wind_at_height(wind_speed_m_s=wind_speed_m_s, reference_height_m=anemometer_height_m,
                        height_m=hs, stability=lower, exponents=wind_profile)
    if allow_intermediate:  # mean exponent of the two neighbours = geometric mean of the speeds
        us = np.sqrt(us * wind_at_height(wind_speed_m_s=wind_speed_m_s, reference_height_m=anemometer_height_m,
                                         height_m=hs, stability=upper, exponents=wind_profile))
    us = np.maximum(us, MIN_STACK_WIND_M_S)
    if stack_tip_downwash:
        hsp = stack_tip_downwash_height_m(stack_height_m=hs, stack_diameter_m=stack_diameter_m,
                                          exit_velocity_m_s=exit_velocity_m_s, wind_speed_m_s=us)
    else:
        hsp = np.broadcast_to(hs, us.shape).astype(float)
    rise = briggs_rise_parameters(stack_diameter_m=stack_diameter_m, exit_velocity_m_s=exit_velocity_m_s,
                                  exit_temperature_k=exit_temperature_k,
                                  ambient_temperature_k=ambient_temperature_k, wind_speed_m_s=us,
                                  stability=lower)
    if plume_rise_method == "gbt3840":
        from .plume_rise_gbt3840 import plume_rise_gbt3840
        final = plume_rise_gbt3840(stack_height_m=hsp, stack_diameter_m=stack_diameter_m,
                                   exit_velocity_m_s=exit_velocity_m_s, exit_temperature_k=exit_temperature_k,
                                   ambient_temperature_k=ambient_temperature_k, wind_speed_m_s=us,
                                   stability=stability, surface=surface)
        rise = dict(rise, final_rise_m=np.asarray(final, dtype=float) * np.ones_like(rise["final_rise_m"]))
    return {
        "stack_wind_m_s": us,
        "stack_height_eff_m": hsp,
        "effective_height_m": hsp + rise["final_rise_m"],
        "rise": rise,
        "k": k,
    }


def point_source_hourly(*, emission_g_s, stack_height_m, stack_diameter_m, exit_velocity_m_s,
                        exit_temperature_k, ambient_temperature_k, wind_speed_m_s, anemometer_height_m=10.0,
                        stability, mixing_height_m, x_m, y_m, z_m=0.0, scheme="isc3-rural",
                        stack_tip_downwash=True, buoyancy_induced_dispersion=True, gradual_rise=False,
                        wind_profile=None, plume_rise_method="briggs",
                        calm_threshold_m_s=CALM_THRESHOLD_M_S):
    """Hourly concentration (g/m3) from one stack at receptors (x downwind, y crosswind).

    Parameters
    ----------
    emission_g_s : float
        Emission rate, g/s.
    stack_height_m, stack_diameter_m, exit_velocity_m_s, exit_temperature_k : float
        Stack geometry and exit conditions.
    ambient_temperature_k : float
        Ambient temperature, K.
    wind_speed_m_s : float
        Wind speed at the anemometer, m/s.
    anemometer_height_m : float
        Anemometer height, m.
    stability : str
        Pasquill class 'A'..'F'; with ``scheme="gbt3840"`` also the GB/T 3840-91 intermediate
        classes 'A-B', 'B-C', 'C-D', 'D-E' (see :func:`neighbour_classes`).
    mixing_height_m : float
        Mixing height, m (ignored for E and F, as in ISC3).
    x_m, y_m, z_m : array_like
        Receptor downwind, crosswind and flagpole coordinates, m (broadcast together).
    scheme : str
        Sigma scheme (default ``"isc3-rural"``).
    stack_tip_downwash, buoyancy_induced_dispersion : bool
        ISC3 regulatory defaults ``True``.
    gradual_rise : bool
        Use the distance-dependent rise in the plume height too (ISC3 non-default GRDRIS).
    wind_profile : str, optional
        Exponent set for the wind profile; default follows the scheme (see
        :data:`DEFAULT_WIND_PROFILE`).
    plume_rise_method : {"briggs", "gbt3840"}
        Final-rise formula. "gbt3840" calls ``models.air.plume_rise_gbt3840``.
    calm_threshold_m_s : float
        Reference wind speeds below this are calm and give zero.

    Returns
    -------
    ndarray
        Concentration, g/m3, shape of the broadcast receptor arrays.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.1 to 1.1.6 (point-source short-term model).
    .. [2] EPA-454/B-95-003a, vol. I, sec. 1.4.4 (calms processing) and 3.2.2 (DFAULT).
    """
    if scheme not in SIGMA_SCHEMES:
        raise ValueError(f"scheme: unknown sigma scheme {scheme!r}; known: {', '.join(SIGMA_SCHEMES)}")
    if wind_profile is None:
        wind_profile = DEFAULT_WIND_PROFILE[scheme]
    u10 = np.asarray(wind_speed_m_s, dtype=float)
    if np.any(u10 < 0) or not np.all(np.isfinite(u10)):
        raise ValueError(f"wind_speed_m_s: expected finite values >= 0, got {wind_speed_m_s!r}")
    zi = np.asarray(mixing_height_m, dtype=float)
    if np.any(~(zi > 0)):
        raise ValueError(f"mixing_height_m: expected > 0, got {mixing_height_m!r}")
    calm = u10 < calm_threshold_m_s
    setup = source_hour_setup(stack_height_m=stack_height_m, stack_diameter_m=stack_diameter_m,
                              exit_velocity_m_s=exit_velocity_m_s, exit_temperature_k=exit_temperature_k,
                              ambient_temperature_k=ambient_temperature_k,
                              wind_speed_m_s=np.where(calm, 1.0, u10),
                              anemometer_height_m=anemometer_height_m, stability=stability,
                              stack_tip_downwash=stack_tip_downwash, wind_profile=wind_profile,
                              plume_rise_method=plume_rise_method,
                              surface="urban" if "urban" in scheme else "rural",
                              allow_intermediate=scheme in INTERMEDIATE_CLASS_SCHEMES)
    x = np.asarray(x_m, dtype=float)
    y = np.asarray(y_m, dtype=float)
    z = np.asarray(z_m, dtype=float)
    x, y, z = np.broadcast_arrays(x, y, z)
    inside = (x >= MIN_DOWNWIND_M) & (np.abs(y) <= TAN_OFF_AXIS_LIMIT * x)
    xs = np.where(inside, x, 1.0)
    sy, sz = sigmas(xs, stability, scheme)
    rise = setup["rise"]
    dh_x = gradual_rise_m(rise, xs)
    if buoyancy_induced_dispersion:
        sy = np.sqrt(sy * sy + (dh_x / 3.5) ** 2)
        sz = np.sqrt(sz * sz + (dh_x / 3.5) ** 2)
    he = setup["stack_height_eff_m"] + dh_x if gradual_rise else setup["effective_height_m"]
    # ISC3 assumes unlimited mixing in stable hours (E, F)
    zi_eff = np.where(setup["k"] >= 4, np.inf, zi)
    v = vertical_term(effective_height_m=he, sigma_z_m=sz, z_m=z, mixing_height_m=zi_eff)
    us = setup["stack_wind_m_s"]
    chi = np.asarray(emission_g_s, dtype=float) * v * lateral_term(y, sy) / (2.0 * np.pi * us * sy * sz)
    return np.where(inside & ~calm, chi, 0.0)
