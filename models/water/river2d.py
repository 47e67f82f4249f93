"""Two-dimensional steady mixing of a continuous point discharge in a bounded river.

Depth-averaged steady transport with constant u, h and E_y and no longitudinal dispersion,
u dC/dx = E_y d2C/dy2 - k C, between impermeable banks at y = 0 and y = B, for a source of
m g/s at (0, y0). The solution is the method of images (HJ 2.3-2018 Appendix E writes its
first terms):

.. math:: C(x, y) = C_h + \\frac{m}{h\\sqrt{4\\pi E_y x u}}
          \\sum_{n=-\\infty}^{\\infty}\\left[e^{-\\frac{u (y - y_0 - 2nB)^2}{4 E_y x}}
          + e^{-\\frac{u (y + y_0 - 2nB)^2}{4 E_y x}}\\right] e^{-k x / u}

For a shoreline outfall (y0 = 0) the two n = 0 terms coincide and give the guideline's
m / (h sqrt(pi E_y x u)) exp(-u y^2 / (4 E_y x)). The same sum, by Poisson summation, equals
the cosine series

.. math:: C(x, y) = C_h + \\frac{m}{u h B}\\left[1 + 2\\sum_{n\\ge1}
          \\cos\\frac{n\\pi y_0}{B}\\cos\\frac{n\\pi y}{B}
          e^{-n^2\\pi^2 x'}\\right] e^{-k x / u},\\qquad x' = \\frac{E_y x}{u B^2}.

Convergence criterion: the images converge fast near the source and the cosine series far
from it. With x' <= 1/pi the image sum is taken over |n| <= 3 (the first omitted image lies
at least 7B away, a relative contribution below 0.5 exp(-49 pi / 4) ~ 1e-17 of m / (u h B));
with x' > 1/pi the cosine series is taken to n = 3 (the first omitted term is below
2 exp(-16 pi) ~ 3e-22 of m / (u h B)). Both truncations are therefore at round-off level,
and mass is conserved: the width integral of C - C_h equals m exp(-k x / u) / (u h).

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E, 河流二维稳态混合模式
   (岸边排放 / 非岸边排放, with bank reflections). The shoreline form with its far-bank image
   is reproduced e.g. in 水资源与水工程学报 2022(6), p. 100, eq. (2).
.. [2] Fischer, H. B., List, E. J., Koh, R. C. Y., Imberger, J. and Brooks, N. H. (1979).
   Mixing in Inland and Coastal Waters. Academic Press, section 5.1.3 (superposition of
   images for a bounded channel and the dimensionless variables x' = x E_y / (u W^2),
   y' = y / W).
"""
from __future__ import annotations

import numpy as np

from ._checks import (
    SECONDS_PER_DAY,
    as_array,
    require_nonnegative,
    require_positive,
    scalar_or_array,
)

__all__ = ["river_2d", "RIVER_2D_IMAGE_SCHEMES", "IMAGE_TERMS", "COSINE_TERMS",
           "SERIES_SWITCH_X_PRIME"]

#: Images used on each side (|n| <= IMAGE_TERMS) where x' <= SERIES_SWITCH_X_PRIME.
IMAGE_TERMS = 3
#: Cosine terms used where x' > SERIES_SWITCH_X_PRIME.
COSINE_TERMS = 3
#: Dimensionless distance at which the image sum and the cosine series need equal work.
SERIES_SWITCH_X_PRIME = 1.0 / np.pi


def _images(xp, yr, y0r):
    """Image sum in units of m / (u h B) for dimensionless x' > 0, y/B, y0/B."""
    total = np.zeros_like(xp)
    four_xp = 4.0 * xp
    for n in range(-IMAGE_TERMS, IMAGE_TERMS + 1):
        total += np.exp(-((yr - y0r - 2 * n) ** 2) / four_xp)
        total += np.exp(-((yr + y0r - 2 * n) ** 2) / four_xp)
    return total / np.sqrt(np.pi * four_xp)


def _cosines(xp, yr, y0r):
    """Cosine series in units of m / (u h B)."""
    total = np.ones_like(xp)
    for n in range(1, COSINE_TERMS + 1):
        total += 2.0 * np.cos(n * np.pi * y0r) * np.cos(n * np.pi * yr) * np.exp(
            -(n * n) * np.pi**2 * xp)
    return total


def _hj23_images(xp, yr, y0r):
    """HJ 2.3-2018's printed forms (units m/(u h B)).

    Shoreline outfall (y0 = 0, or y0 = B seen from the other bank): m / (h sqrt(pi E_y x u))
    [exp(-u y^2/(4 E_y x)) + exp(-u (2B - y)^2/(4 E_y x))], i.e. twice the source and twice
    the far-bank image. Other outfalls: m / (2 h sqrt(pi E_y x u)) [exp(-u (y - y0)^2/(4 E_y x))
    + exp(-u (y + y0)^2/(4 E_y x)) + exp(-u (2B - y - y0)^2/(4 E_y x))].
    """
    four_xp = 4.0 * xp
    # Distances measured from the bank the outfall sits on when it is a shoreline outfall.
    ys = np.where(y0r == 1.0, 1.0 - yr, yr)
    shoreline = 2.0 * (np.exp(-(ys**2) / four_xp) + np.exp(-((2.0 - ys) ** 2) / four_xp))
    general = (np.exp(-((yr - y0r) ** 2) / four_xp) + np.exp(-((yr + y0r) ** 2) / four_xp)
               + np.exp(-((2.0 - yr - y0r) ** 2) / four_xp))
    total = np.where((y0r == 0.0) | (y0r == 1.0), shoreline, general)
    return total / np.sqrt(np.pi * four_xp)


#: Image schemes of :func:`river_2d`: the converged series (exact bounded-channel solution) or
#: the guideline's printed three-term form.
RIVER_2D_IMAGE_SCHEMES = ("converged", "hj2.3")


def river_2d(*, load_g_s, depth_m, velocity_m_s, width_m, transverse_dispersion_m2_s, x_m, y_m,
             outfall_y_m=0.0, k_per_day=0.0, c_background_mg_l=0.0, images="converged"):
    """Steady 2-D depth-averaged concentration below a point outfall, with bank reflections.

    Parameters
    ----------
    load_g_s : array_like
        Pollutant load m = C_p Q_p, g/s (>= 0).
    depth_m : array_like
        Mean depth h, m (> 0).
    velocity_m_s : array_like
        Mean velocity u, m/s (> 0).
    width_m : array_like
        Width B, m (> 0).
    transverse_dispersion_m2_s : array_like
        Transverse mixing coefficient E_y, m2/s (> 0).
    x_m : array_like
        Distance downstream of the outfall, m. Upstream (x < 0) returns the background; at
        x = 0 the plume is a line source: background off the outfall point, +inf on it.
    y_m : array_like
        Distance of the receptor from the reference bank, m, 0 <= y <= B.
    outfall_y_m : array_like, optional
        Distance of the outfall from the same bank, m (0 = shoreline outfall, B/2 = mid-channel).
    k_per_day : array_like, optional
        First-order decay rate, 1/day (>= 0).
    c_background_mg_l : array_like, optional
        Upstream (background) concentration C_h, mg/L.
    images : {"converged", "hj2.3"}
        ``"converged"`` (default): the full image series, exact for the bounded channel and
        mass-conserving at every x. ``"hj2.3"``: the guideline's printed forms with one image
        behind each bank. Shoreline outfall (outfall_y_m = 0 or = B):
        m / (h sqrt(pi E_y x u)) [exp(-u y^2/(4 E_y x)) + exp(-u (2B - y)^2/(4 E_y x))];
        other outfalls: m / (2 h sqrt(pi E_y x u)) [exp(-u (y - y0)^2/(4 E_y x))
        + exp(-u (y + y0)^2/(4 E_y x)) + exp(-u (2B - y - y0)^2/(4 E_y x))]. These equal the
        converged series until the plume reaches the banks a second time and lose mass beyond.

    Returns
    -------
    ndarray or float
        Concentration, mg/L (g/m3).

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流二维稳态混合 (岸边 and 非岸边 outfalls).
    .. [2] Fischer et al. (1979), section 5.1.3.
    """
    if images not in RIVER_2D_IMAGE_SCHEMES:
        raise ValueError(f"images={images!r}: unknown; expected one of "
                         + ", ".join(repr(n) for n in RIVER_2D_IMAGE_SCHEMES))
    m = as_array("load_g_s", load_g_s)
    h = as_array("depth_m", depth_m)
    u = as_array("velocity_m_s", velocity_m_s)
    b = as_array("width_m", width_m)
    ey = as_array("transverse_dispersion_m2_s", transverse_dispersion_m2_s)
    x = as_array("x_m", x_m)
    y = as_array("y_m", y_m)
    y0 = as_array("outfall_y_m", outfall_y_m)
    k = as_array("k_per_day", k_per_day)
    ch = as_array("c_background_mg_l", c_background_mg_l)
    require_nonnegative("load_g_s", m)
    require_positive("depth_m", h)
    require_positive("velocity_m_s", u)
    require_positive("width_m", b)
    require_positive("transverse_dispersion_m2_s", ey)
    require_nonnegative("k_per_day", k)
    require_nonnegative("y_m", y)
    require_nonnegative("outfall_y_m", y0)
    m, h, u, b, ey, x, y, y0, k, ch = np.broadcast_arrays(m, h, u, b, ey, x, y, y0, k, ch)
    if np.any(y > b):
        raise ValueError(f"y_m={y[y > b].flat[0].item()!r}: expected a value between 0 and width_m")
    if np.any(y0 > b):
        raise ValueError(
            f"outfall_y_m={y0[y0 > b].flat[0].item()!r}: expected a value between 0 and width_m")

    xp = ey * x / (u * b * b)
    yr = y / b
    y0r = y0 / b
    shape_factor = np.zeros(xp.shape)
    if images == "hj2.3":
        down = xp > 0
        shape_factor[down] = _hj23_images(xp[down], yr[down], y0r[down])
    else:
        near = (xp > 0) & (xp <= SERIES_SWITCH_X_PRIME)
        far = xp > SERIES_SWITCH_X_PRIME
        shape_factor[near] = _images(xp[near], yr[near], y0r[near])
        shape_factor[far] = _cosines(xp[far], yr[far], y0r[far])
    # x = 0: a line source; the limit is zero off the outfall and unbounded on it.
    at_source = (x == 0) & (y == y0) & (m > 0)
    shape_factor[at_source] = np.inf

    decay = np.exp(-(k / SECONDS_PER_DAY) * np.maximum(x, 0.0) / u)
    with np.errstate(invalid="ignore"):
        plume = np.where(shape_factor > 0, m / (u * h * b) * shape_factor * decay, 0.0)
    return scalar_or_array(ch + plume)
