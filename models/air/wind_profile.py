"""Power-law wind profile: extrapolate the anemometer wind speed to release height.

``u(z) = u_ref (z / z_ref) ** p`` with a stability-dependent exponent ``p`` chosen from a named
exponent set.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.1.3 (power-law profile) and the default exponents listed there
   (rural 0.07, 0.07, 0.10, 0.15, 0.35, 0.55; urban 0.15, 0.15, 0.20, 0.25, 0.30, 0.30).
.. [2] GB/T 3840-91, 制定地方大气污染物排放标准的技术方法, 附录 B (B1.4, 表 B2: 风速高度指数 p;
   城市 0.10, 0.15, 0.20, 0.25, 0.30, 0.30; 乡村 0.07, 0.07, 0.10, 0.15, 0.25, 0.25).
"""
from __future__ import annotations

import numpy as np

__all__ = ["WIND_EXPONENTS", "wind_exponent", "wind_at_height", "stability_index"]

STABILITY_LETTERS = ("A", "B", "C", "D", "E", "F")

#: Power-law exponents for Pasquill classes A..F, by exponent-set name.
WIND_EXPONENTS: dict[str, tuple[float, ...]] = {
    "isc3-rural": (0.07, 0.07, 0.10, 0.15, 0.35, 0.55),
    "isc3-urban": (0.15, 0.15, 0.20, 0.25, 0.30, 0.30),
    "gbt3840-rural": (0.07, 0.07, 0.10, 0.15, 0.25, 0.25),
    "gbt3840-urban": (0.10, 0.15, 0.20, 0.25, 0.30, 0.30),
}
# "gbt3840" alone means the rural (乡村) row, the usual choice for a cluster outside a city.
WIND_EXPONENTS["gbt3840"] = WIND_EXPONENTS["gbt3840-rural"]


def stability_index(stability) -> np.ndarray:
    """Pasquill letters ('A'..'F', any case) -> integer codes 0..5 (array, same shape).

    Raises
    ------
    ValueError
        If any element is not one of A..F.
    """
    arr = np.asarray(stability)
    if arr.dtype.kind in "iu":
        raise ValueError(f"stability: expected Pasquill letters 'A'..'F', got integers {arr!r}")
    flat = arr.ravel()
    out = np.empty(flat.shape, dtype=np.int64)
    lookup = {c: i for i, c in enumerate(STABILITY_LETTERS)}
    cache: dict = {}
    for i, v in enumerate(flat):
        code = cache.get(v)
        if code is None:
            key = str(v).strip().upper()
            if key not in lookup:
                raise ValueError(
                    f"stability: unknown class {v!r}; expected one of {', '.join(STABILITY_LETTERS)}"
                )
            code = cache[v] = lookup[key]
        out[i] = code
    return out.reshape(arr.shape)


def _exponent_table(exponents: str) -> np.ndarray:
    if exponents not in WIND_EXPONENTS:
        raise ValueError(
            f"exponents: unknown exponent set {exponents!r}; known: {', '.join(sorted(WIND_EXPONENTS))}"
        )
    return np.asarray(WIND_EXPONENTS[exponents], dtype=float)


def wind_exponent(stability, exponents: str = "isc3-rural") -> np.ndarray:
    """Power-law exponent p for each stability class.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.3 (ISC3 default exponents).
    .. [2] GB/T 3840-91, 附录 B, 表 B2.
    """
    return _exponent_table(exponents)[stability_index(stability)]


def wind_at_height(*, wind_speed_m_s, reference_height_m, height_m, stability,
                   exponents: str = "isc3-rural") -> np.ndarray:
    """Wind speed at ``height_m`` from the power law ``u = u_ref (z / z_ref) ** p``.

    Parameters
    ----------
    wind_speed_m_s : array_like
        Wind speed measured at the reference (anemometer) height, m/s (>= 0).
    reference_height_m : array_like
        Anemometer height, m (> 0).
    height_m : array_like
        Height at which the speed is wanted, m (> 0).
    stability : str or array_like of str
        Pasquill class 'A'..'F'.
    exponents : str
        Exponent set: ``"isc3-rural"``, ``"isc3-urban"``, ``"gbt3840"`` (= ``"gbt3840-rural"``),
        ``"gbt3840-urban"``.

    Returns
    -------
    ndarray
        Wind speed at ``height_m``, m/s. No lower limit is applied here (ISC3's 1 m/s floor at
        release height is part of :func:`models.air.point_source_hourly`).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.3 (power-law wind profile).
    .. [2] GB/T 3840-91, 附录 B, B1.4 式 (B3) and 表 B2.
    """
    u = np.asarray(wind_speed_m_s, dtype=float)
    zr = np.asarray(reference_height_m, dtype=float)
    z = np.asarray(height_m, dtype=float)
    if np.any(u < 0) or not np.all(np.isfinite(u)):
        raise ValueError(f"wind_speed_m_s: expected finite values >= 0, got {u!r}")
    if np.any(zr <= 0):
        raise ValueError(f"reference_height_m: expected > 0, got {zr!r}")
    if np.any(z <= 0):
        raise ValueError(f"height_m: expected > 0, got {z!r}")
    p = wind_exponent(stability, exponents)
    return u * (z / zr) ** p
