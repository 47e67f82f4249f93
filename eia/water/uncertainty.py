"""Monte Carlo uncertainty of zone capacities, vectorised over samples.

Decay rate k, design flow Q0 and background C0 of every zone x pollutant row are multiplied by
independent lognormal factors with mean 1 and coefficient of variation cv
(sigma = sqrt(ln(1 + cv^2)), factor = exp(sigma z - sigma^2/2)); the capacity of the primary
control mode is evaluated for all rows and samples at once, and its 5th, 50th and 95th
percentiles are reported. On reaches with a rating curve u = aQ^b the velocity follows the sampled
flow (u = u0 (Q/Q0)^b); length, target and effluent flow are held at their values.

References
----------
.. [1] 崔嵩, 贾朝阳, 付强, 胡鹏, 宋梓菡, 卜鑫宇 (2022). Monte Carlo uncertainty of the water
   environmental capacity of the Songhua River (东北农业大学 / 中国水利水电科学研究院); web text at
   http://m.zgkjsz.com/page/2022/0105/11789275.shtml (Monte Carlo over model parameters).
.. [2] Benjamin, J. R. and Cornell, C. A. (1970). Probability, Statistics, and Decision for Civil
   Engineers. McGraw-Hill, section 3.3 (lognormal: sigma_ln^2 = ln(1 + V^2)).
"""
from __future__ import annotations

import numpy as np

from models.water.capacity import apply_safety_margin, capacity_t_a

__all__ = ["lognormal_factors", "capacity_percentiles"]


def lognormal_factors(rng, cv: float, shape) -> np.ndarray:
    """Lognormal multipliers with mean 1 and coefficient of variation ``cv`` (1.0 if cv = 0)."""
    if cv < 0:
        raise ValueError(f"cv={cv}: expected a coefficient of variation >= 0")
    if cv == 0:
        return np.ones(shape)
    s = np.sqrt(np.log1p(cv * cv))
    return np.exp(s * rng.standard_normal(shape) - 0.5 * s * s)


def capacity_percentiles(rows: list[dict], *, samples: int, seed: int, decay_cv: float, design_flow_cv: float,
                         background_cv: float, safety_margin_pct: float = 0.0,
                         percentiles=(5, 50, 95), dtype=np.float64) -> dict:
    """P5/P50/P95 capacity (t/a) per row; rows carry the ZoneInputs fields and ``control_mode``.

    Returns
    -------
    dict
        ``percentiles`` (list), ``values`` (n_rows x n_percentiles array, t/a), ``probability_positive``
        (share of samples with positive capacity per row).
    """
    n = len(rows)
    rng = np.random.default_rng(seed)
    col = lambda key: np.array([r[key] for r in rows], dtype=dtype)[:, None]
    k = col("k_per_day") * lognormal_factors(rng, decay_cv, (n, samples)).astype(dtype)
    q = col("design_flow_m3_s") * lognormal_factors(rng, design_flow_cv, (n, samples)).astype(dtype)
    c0 = col("c0_mg_l") * lognormal_factors(rng, background_cv, (n, samples)).astype(dtype)
    # velocity follows the sampled flow on reaches with a rating curve u = aQ^b (b = 0: given velocity)
    b = np.array([r.get("velocity_exponent_b", 0.0) for r in rows], dtype=dtype)[:, None]
    u = col("velocity_m_s") * (q / col("design_flow_m3_s")) ** b
    modes = sorted({r["control_mode"] for r in rows})
    out = np.empty((n, samples), dtype=dtype)
    for mode in modes:
        sel = np.array([r["control_mode"] == mode for r in rows])
        sub = lambda a: a[sel]
        xg = col("outfall_distance_m")[sel] if mode == "zone-end" else None
        out[sel] = capacity_t_a(
            mode=mode, cs_mg_l=sub(col("cs_mg_l")), c0_mg_l=sub(c0), q_upstream_m3_s=sub(q), k_per_day=sub(k),
            velocity_m_s=sub(u), length_m=sub(col("length_m")),
            q_effluent_m3_s=sub(col("q_effluent_m3_s")), outfall_distance_m=xg,
        )
    out = apply_safety_margin(out, safety_margin_pct)
    pct = np.percentile(out, percentiles, axis=1).T
    return {"percentiles": list(percentiles), "values": pct, "probability_positive": np.mean(out > 0, axis=1)}
