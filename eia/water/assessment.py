"""Water-quality indices of HJ 2.3-2018 (水质指数法) for the assessment of predicted concentrations.

* general item: S = C / Cs;
* dissolved oxygen: S = |DOf - DO| / (DOf - DOs) for DO >= DOs, S = 10 - 9 DO / DOs for DO < DOs,
  with DOf = 468 / (31.6 + T) the saturation concentration;
* pH: S = (7.0 - pH) / (7.0 - pH_sd) for pH <= 7.0, S = (pH - 7.0) / (pH_su - 7.0) for pH > 7.0.

S > 1 means the target is not met.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix D (水质指数法: 一般性水质因子,
   溶解氧, pH) — DOf = 468/(31.6 + T).
"""
from __future__ import annotations

import numpy as np

__all__ = ["index_single", "index_do", "index_ph", "do_saturation_hj23"]


def _arr(name, v):
    a = np.asarray(v, dtype=float)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name}={v!r}: expected finite numbers")
    return a


def _out(a):
    return a if a.ndim else float(a)


def index_single(c_mg_l, cs_mg_l):
    """Standard index S = C / Cs of a general item (HJ 2.3-2018 Appendix D)."""
    c = _arr("c_mg_l", c_mg_l)
    cs = _arr("cs_mg_l", cs_mg_l)
    if np.any(cs <= 0):
        raise ValueError(f"cs_mg_l={cs_mg_l!r}: expected a positive standard value")
    return _out(c / cs)


def do_saturation_hj23(temperature_c):
    """DOf = 468 / (31.6 + T), mg/L (HJ 2.3-2018 Appendix D, fresh water)."""
    t = _arr("temperature_c", temperature_c)
    return _out(468.0 / (31.6 + t))


def index_do(do_mg_l, dos_mg_l, temperature_c):
    """Standard index of dissolved oxygen (HJ 2.3-2018 Appendix D).

    S = |DOf - DO| / (DOf - DOs) if DO >= DOs, else S = 10 - 9 DO / DOs.
    """
    do = _arr("do_mg_l", do_mg_l)
    dos = _arr("dos_mg_l", dos_mg_l)
    dof = np.asarray(do_saturation_hj23(temperature_c))
    if np.any(dof <= dos):
        raise ValueError(f"dos_mg_l={dos_mg_l!r} is not below the saturation {dof.tolist()} mg/L at this temperature")
    s = np.where(do >= dos, np.abs(dof - do) / (dof - dos), 10.0 - 9.0 * do / dos)
    return _out(s)


def index_ph(ph, ph_sd=6.0, ph_su=9.0):
    """Standard index of pH (HJ 2.3-2018 Appendix D); ph_sd/ph_su the lower/upper limits (6-9)."""
    p = _arr("ph", ph)
    return _out(np.where(p <= 7.0, (7.0 - p) / (7.0 - ph_sd), (p - 7.0) / (ph_su - 7.0)))
