"""Water-environment capacity (水环境容量 / 纳污能力) of river segments, per control mode.

All functions are vectorised (numpy broadcasting), so Monte Carlo samples can be passed as arrays.

A load W (g/s) discharged with effluent flow q into a river carrying Q0 at concentration C_in
mixes completely to (C_in Q0 + W)/(Q0 + q) and then decays as exp(-k x/u) (1-D plug flow,
HJ 2.3-2018 Appendix E). Setting the concentration at the control section equal to the target
Cs and solving for W gives the capacity. The control modes of the national guide differ in where
the outfall and the control section are:

=====================  ==========================================  ============================
mode                   outfall / control section                    W (g/s)
=====================  ==========================================  ============================
``segment-head`` 段首   outfall at the zone head; Cs met just         Cs (Q0 + q) - C0 Q0
                       below it (x = 0)
``segment-end`` 段尾    outfall at the zone head; Cs met at the       Cs (Q0+q) e^{kL/u} - C0 Q0
                       zone end (x = L)
``zone-end`` 功能区末端 outfalls generalised to one outfall at        Cs (Q0+q) e^{k(L-x)/u}
                       distance x from the head (centre of gravity,  - C0 Q0 e^{-k x/u}
                       x = L/2 by default); Cs met at the zone end
=====================  ==========================================  ============================

Converting g/s to t/a multiplies by 31.536 (86 400 s x 365 d / 10^6 g per t).

References
----------
.. [1] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》, 河流一维水环境容量模型
   W = 31.536 [Cs (Q0 + q) exp(k x / (86 400 u)) - C0 Q0]; 控制断面 (段首控制, 段尾控制,
   功能区末端控制); 排污口概化 (重心法).
.. [2] GB/T 25173-2010, 水域纳污能力计算规程, 6.2 (河流一维模型: C_x = C0 exp(-K x/u),
   M = (Cs - C_x)(Q + Q_p); 排污口概化于河段中点, x = L/2).
.. [3] 逄勇, 陆桂华 等 (2010). 《水环境容量计算理论及应用》. 科学出版社, 第3章 (一维河流
   水环境容量; 控制断面的选择).
.. [4] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E (河流完全混合模型; 一维
   稳态模型 C = C0 exp(-k x/u)).
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "G_S_TO_T_A",
    "SECONDS_PER_DAY",
    "CONTROL_MODES",
    "capacity_1d_g_s",
    "capacity_t_a",
    "remaining_capacity_t_a",
    "apply_safety_margin",
    "mode_geometry",
]

SECONDS_PER_DAY = 86_400.0
#: 1 g/s sustained for a 365-day year, in t/a (86 400 x 365 / 10^6).
G_S_TO_T_A = SECONDS_PER_DAY * 365.0 / 1e6

#: Control modes, name -> description; see :func:`mode_geometry`.
CONTROL_MODES = {
    "segment-head": "段首控制: outfall at the zone head, target met immediately below it",
    "segment-end": "段尾控制: outfall at the zone head, target met at the zone end",
    "zone-end": "功能区末端控制: outfalls generalised to one point (centre of gravity), target met at the zone end",
}


def _arr(name, value):
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}={value!r}: expected finite numbers")
    return arr


def _nonneg(name, value):
    arr = _arr(name, value)
    if np.any(arr < 0):
        raise ValueError(f"{name}={arr.tolist() if arr.size < 8 else '...'}: expected values >= 0")
    return arr


def _positive(name, value):
    arr = _arr(name, value)
    if np.any(arr <= 0):
        raise ValueError(f"{name}={arr.tolist() if arr.size < 8 else '...'}: expected values > 0")
    return arr


def mode_geometry(mode, length_m, outfall_distance_m=None):
    """Distances (upstream x_u, downstream x_d) of the generalised outfall for a control mode.

    Parameters
    ----------
    mode : str
        One of :data:`CONTROL_MODES`.
    length_m : array_like
        Zone (segment) length L, m (>= 0).
    outfall_distance_m : array_like, optional
        For ``zone-end``: distance of the generalised outfall below the zone head, m
        (0 <= x <= L); default L/2 (GB/T 25173-2010 6.2). Ignored by the other modes.

    Returns
    -------
    (x_up_m, x_down_m) : tuple of ndarray
        Decay distance from the zone head to the outfall, and from the outfall to the control
        section.

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 控制断面与排污口概化.
    .. [2] GB/T 25173-2010, 6.2 (x = L/2).
    """
    if mode not in CONTROL_MODES:
        raise ValueError(f"mode={mode!r}: unknown control mode; expected one of {sorted(CONTROL_MODES)}")
    length = _nonneg("length_m", length_m)
    zero = np.zeros_like(length)
    if mode == "segment-head":
        return zero, zero
    if mode == "segment-end":
        return zero, length
    x = length / 2.0 if outfall_distance_m is None else _nonneg("outfall_distance_m", outfall_distance_m)
    if np.any(x > length * (1 + 1e-12)):
        raise ValueError(f"outfall_distance_m={np.asarray(x).tolist()}: expected 0 <= x <= length_m")
    return np.broadcast_arrays(x, length - x)


def capacity_1d_g_s(*, cs_mg_l, c0_mg_l, q_upstream_m3_s, q_effluent_m3_s, k_per_day, velocity_m_s,
                    x_up_m, x_down_m):
    """Capacity (g/s) of one generalised outfall under the 1-D decay model.

    .. math:: W = C_s (Q_0 + q)\\, e^{k x_d / u} - C_0 Q_0\\, e^{-k x_u / u}

    with k in 1/s (k_per_day / 86 400). A negative result means the background alone already
    exceeds the target (no capacity; an over-load), and is returned as is.

    Parameters
    ----------
    cs_mg_l : array_like
        Target concentration at the control section (GB 3838 class limit), mg/L.
    c0_mg_l : array_like
        Concentration entering the zone head, mg/L.
    q_upstream_m3_s : array_like
        Design flow at the zone head, m3/s (> 0).
    q_effluent_m3_s : array_like
        Effluent flow added at the outfall, m3/s (>= 0).
    k_per_day : array_like
        First-order decay rate, 1/day (>= 0).
    velocity_m_s : array_like
        Mean velocity at design flow, m/s (> 0).
    x_up_m, x_down_m : array_like
        Distances zone head -> outfall and outfall -> control section, m (>= 0).

    Returns
    -------
    ndarray or float
        W, g/s.

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 一维模型 W = 31.536[Cs(Q0+q)exp(kx/86400u) - C0 Q0].
    .. [2] GB/T 25173-2010, 6.2.
    .. [3] HJ 2.3-2018, Appendix E.
    """
    cs = _nonneg("cs_mg_l", cs_mg_l)
    c0 = _nonneg("c0_mg_l", c0_mg_l)
    q0 = _positive("q_upstream_m3_s", q_upstream_m3_s)
    q = _nonneg("q_effluent_m3_s", q_effluent_m3_s)
    k = _nonneg("k_per_day", k_per_day) / SECONDS_PER_DAY
    u = _positive("velocity_m_s", velocity_m_s)
    xu = _nonneg("x_up_m", x_up_m)
    xd = _nonneg("x_down_m", x_down_m)
    growth = k * xd / u
    if np.any(growth > 700.0):
        raise ValueError(
            f"k_per_day x x_down_m / velocity_m_s = {float(np.max(growth)):.4g} (in k/s x s): the decay exponent "
            "overflows; expected k in 1/day and distances in m (check the unit of k)"
        )
    w = cs * (q0 + q) * np.exp(growth) - c0 * q0 * np.exp(-k * xu / u)
    return w if w.ndim else float(w)


def capacity_t_a(*, mode, cs_mg_l, c0_mg_l, q_upstream_m3_s, k_per_day, velocity_m_s, length_m,
                 q_effluent_m3_s=0.0, outfall_distance_m=None, safety_margin_pct=0.0):
    """Water-environment capacity of a zone (t/a) under a control mode, net of a safety margin.

    Parameters
    ----------
    mode : str
        ``"segment-head"``, ``"segment-end"`` or ``"zone-end"`` (see :data:`CONTROL_MODES`).
    cs_mg_l, c0_mg_l, q_upstream_m3_s, k_per_day, velocity_m_s, q_effluent_m3_s : array_like
        As in :func:`capacity_1d_g_s`.
    length_m : array_like
        Zone length L, m.
    outfall_distance_m : array_like, optional
        ``zone-end`` only: generalised outfall position below the zone head (default L/2).
    safety_margin_pct : float
        Share of the capacity reserved as safety margin (安全余量), percent, 0 <= m < 100.

    Returns
    -------
    ndarray or float
        Capacity, t/a (negative when the zone is already over its target at the head).

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003).
    .. [2] GB/T 25173-2010, 6.2.
    .. [3] HJ 2.3-2018, 术语和定义 (安全余量) and 污染源排放量核算 (安全余量: III 类水域及涉及
       保护目标的水域不低于标准值的 10 %, IV/V 类水域不低于 8 %).
    """
    xu, xd = mode_geometry(mode, length_m, outfall_distance_m)
    w = capacity_1d_g_s(
        cs_mg_l=cs_mg_l, c0_mg_l=c0_mg_l, q_upstream_m3_s=q_upstream_m3_s, q_effluent_m3_s=q_effluent_m3_s,
        k_per_day=k_per_day, velocity_m_s=velocity_m_s, x_up_m=xu, x_down_m=xd,
    )
    return apply_safety_margin(np.asarray(w) * G_S_TO_T_A, safety_margin_pct)


def apply_safety_margin(capacity_t_a, safety_margin_pct):
    """Capacity available for allocation after reserving a safety margin: W (1 - m/100).

    A negative capacity (over-load) is returned unchanged: a margin does not shrink a deficit.

    References
    ----------
    .. [1] HJ 2.3-2018, 术语和定义 (安全余量: 为保障受纳水体水环境质量改善目标安全而预留的负荷量).
    """
    m = float(safety_margin_pct)
    if not 0 <= m < 100:
        raise ValueError(f"safety_margin_pct={safety_margin_pct}: expected a percentage 0 <= m < 100")
    w = np.asarray(capacity_t_a, dtype=float)
    out = np.where(w > 0, w * (1.0 - m / 100.0), w)
    return out if out.ndim else float(out)


def remaining_capacity_t_a(capacity_t_a, existing_t_a=0.0, approved_t_a=0.0):
    """Remaining capacity = capacity - existing load - approved (not yet built) load, t/a.

    Negative values mean the zone is over-loaded by that amount.

    References
    ----------
    .. [1] HJ 131-2021 (规划环境影响评价技术导则 产业园区), 资源环境承载力评估 (剩余环境容量).
    """
    out = np.asarray(capacity_t_a, dtype=float) - _nonneg("existing_t_a", existing_t_a) - _nonneg("approved_t_a", approved_t_a)
    return out if out.ndim else float(out)
