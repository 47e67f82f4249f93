"""Steady-state Gaussian plume: lateral term and the ISC3 vertical term with ground and lid images.

Concentration (ISC3 vol. II eq. 1-1 with K = 1 so the result is in g/m3)::

    chi = Q V exp(-0.5 (y / sigma_y)**2) / (2 pi u sigma_y sigma_z)

Vertical term with a mixing lid at z_i (eq. 1-50)::

    V = exp(-0.5 ((z_r - h_e)/sz)**2) + exp(-0.5 ((z_r + h_e)/sz)**2)
        + sum_{i>=1} [exp(-0.5 (H1/sz)**2) + exp(-0.5 (H2/sz)**2) + exp(-0.5 (H3/sz)**2) + exp(-0.5 (H4/sz)**2)]
    H1 = z_r - (2 i z_i - h_e), H2 = z_r + (2 i z_i - h_e), H3 = z_r - (2 i z_i + h_e), H4 = z_r + (2 i z_i + h_e)

ISC3 rules: when sigma_z / z_i >= 1.6 the vertical distribution is uniform, V = sqrt(2 pi) sigma_z / z_i
(eq. 1-51); when h_e > z_i the plume is above the lid and the ground-level concentration is zero.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.1.1 (eq. 1-1) and sec. 1.1.6.1 (eqs. 1-50, 1-51).
.. [2] Turner, D.B. (1970). Workbook of Atmospheric Dispersion Estimates, PHS Publ. 999-AP-26,
   chapter 3, eqs. (3.1) to (3.5) (ground reflection, images for a mixing lid).
"""
from __future__ import annotations

import numpy as np

from .sigmas import sigmas

__all__ = ["gaussian_plume", "vertical_term", "lateral_term", "N_LID_IMAGES"]

#: Image pairs summed by the vectorised vertical term. With sigma_z < 1.6 z_i and h_e <= z_i the
#: i-th image is at least (2 i - 1) z_i / sigma_z > (2 i - 1)/1.6 standard deviations away, so the
#: 11th term is below exp(-0.5 (21/1.6)**2) ~ 1e-37 of the direct term: the truncation is exact
#: in double precision.
N_LID_IMAGES = 10


def lateral_term(y_m, sigma_y_m):
    """exp(-0.5 (y / sigma_y)**2).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, eq. (1-1).
    """
    y = np.asarray(y_m, dtype=float)
    return np.exp(-0.5 * (y / sigma_y_m) ** 2)


def vertical_term(*, effective_height_m, sigma_z_m, z_m=0.0, mixing_height_m=None, ground_reflection=True):
    """ISC3 vertical term V (dimensionless; integrates to sqrt(2 pi) sigma_z over z >= 0).

    Parameters
    ----------
    effective_height_m : array_like
        Plume centreline height h_e, m.
    sigma_z_m : array_like
        Vertical dispersion parameter, m.
    z_m : array_like
        Receptor (flagpole) height above ground, m.
    mixing_height_m : array_like, optional
        Mixing height z_i, m; ``None`` or ``inf`` for unlimited mixing (no lid images).
    ground_reflection : bool
        ``False`` drops the ground image (free-space Gaussian; for checks only).

    Returns
    -------
    ndarray

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.6.1, eqs. (1-50), (1-51).
    .. [2] Turner (1970), Workbook, eq. (3.2) (ground reflection) and chapter 5 (limited mixing, image series).
    """
    he = np.asarray(effective_height_m, dtype=float)
    sz = np.asarray(sigma_z_m, dtype=float)
    zr = np.asarray(z_m, dtype=float)
    g = lambda h: np.exp(-0.5 * (h / sz) ** 2)  # noqa: E731
    v = g(zr - he)
    if not ground_reflection:
        return v
    v = v + g(zr + he)
    if mixing_height_m is None:
        return v
    zi = np.asarray(mixing_height_m, dtype=float)
    finite = np.isfinite(zi)
    zi_f = np.where(finite, zi, 1.0)
    images = np.zeros(np.broadcast(v, zi_f).shape)
    for i in range(1, N_LID_IMAGES + 1):
        a = 2.0 * i * zi_f - he
        b = 2.0 * i * zi_f + he
        images = images + g(zr - a) + g(zr + a) + g(zr - b) + g(zr + b)
    with np.errstate(divide="ignore", invalid="ignore"):
        uniform = np.sqrt(2.0 * np.pi) * sz / zi_f
        v_lid = np.where(sz / zi_f >= 1.6, uniform, v + images)
        v_lid = np.where(he > zi_f, 0.0, v_lid)
    return np.where(finite, v_lid, v)


def gaussian_plume(*, emission_g_s, wind_speed_m_s, effective_height_m, x_m, y_m, z_m=0.0, stability,
                   scheme, mixing_height_m=None, ground_reflection=True):
    """Gaussian plume concentration (g/m3) with ground reflection and ISC3 mixing-lid images.

    Parameters
    ----------
    emission_g_s : array_like
        Emission rate Q, g/s.
    wind_speed_m_s : array_like
        Transport wind speed u, m/s (> 0).
    effective_height_m : array_like
        Effective release height h_e, m.
    x_m, y_m : array_like
        Downwind and crosswind receptor distances, m. ``x <= 0`` (upwind) gives 0.
    z_m : array_like
        Flagpole receptor height, m.
    stability : str or array_like of str
        Pasquill class for the sigma scheme.
    scheme : str
        Sigma scheme name (see :data:`models.air.sigmas.SIGMA_SCHEMES`).
    mixing_height_m : array_like, optional
        Mixing height; ``None`` (or inf) means unlimited mixing.
    ground_reflection : bool
        ``False`` gives the free-space plume (used to check mass conservation).

    Returns
    -------
    ndarray
        Concentration, g/m3.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, eq. (1-1) and sec. 1.1.6.1, eqs. (1-50), (1-51).
    .. [2] Turner (1970), Workbook of Atmospheric Dispersion Estimates, eq. (3.1)-(3.3).
    """
    q = np.asarray(emission_g_s, dtype=float)
    u = np.asarray(wind_speed_m_s, dtype=float)
    if np.any(~(u > 0)):
        raise ValueError(f"wind_speed_m_s: expected > 0, got {wind_speed_m_s!r}")
    x = np.asarray(x_m, dtype=float)
    y = np.asarray(y_m, dtype=float)
    x, y = np.broadcast_arrays(x, y)
    down = x > 0
    xs = np.where(down, x, 1.0)
    sy, sz = sigmas(xs, stability, scheme)
    v = vertical_term(effective_height_m=effective_height_m, sigma_z_m=sz, z_m=z_m,
                      mixing_height_m=mixing_height_m, ground_reflection=ground_reflection)
    chi = q * v * lateral_term(y, sy) / (2.0 * np.pi * u * sy * sz)
    return np.where(down, chi, 0.0)
