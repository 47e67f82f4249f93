"""Design flows of the scenario's reaches: given, or from a monthly flow series.

References
----------
.. [1] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》, 设计水文条件 (90%保证率最枯月
   平均流量 或 近10年最枯月平均流量).
.. [2] 《工程水文学》(第4版), 第6章 (P-III 频率分析); see :mod:`models.water.hydrology`.
"""
from __future__ import annotations

from models.water.hydrology import (
    design_flow_frequency,
    design_flow_recent_mean,
    driest_month_flows,
)

from eia.water.network import ReachHydraulics
from eia.water.schema import read_monthly_flow_csv

__all__ = ["resolve_design_flow", "resolve_hydraulics"]


def resolve_design_flow(reach) -> dict:
    """Design flow of one reach with how it was obtained.

    Returns
    -------
    dict
        ``design_flow_m3_s``, ``basis`` (text), and for a series the fitted statistics
        (``mean_m3_s``, ``cv``, ``cs``, ``n``, ``guarantee``, ``method``, ``driest_by_year``).
    """
    h = reach.hydrology
    if h.design_flow_m3_s is not None:
        return {"reach": reach.id, "design_flow_m3_s": float(h.design_flow_m3_s), "basis": h.basis or "given in the scenario",
                "basis_zh": h.basis or "情景给定"}
    fs = h.flow_series
    years, months, flows = read_monthly_flow_csv(fs.file, fs.flow_column)
    yrs, driest = driest_month_flows(years, months, flows)
    out = {"reach": reach.id, "series_file": fs.file.name, "years": [int(yrs[0]), int(yrs[-1])],
           "driest_by_year": {int(y): float(q) for y, q in zip(yrs, driest)}}
    if fs.statistic == "frequency":
        kw = {"cs_cv_ratio": fs.cs_cv_ratio} if fs.fit == "curve-fit" and fs.cs_cv_ratio is not None else {}
        try:
            res = design_flow_frequency(driest, fs.guarantee_pct / 100.0, method=fs.fit, **kw)
        except ValueError as exc:
            raise ValueError(f"reach {reach.id!r}: {exc}") from None
        out.update(res)
        out["basis"] = (f"{fs.guarantee_pct:g}% guarantee driest-month flow, Pearson III ({fs.fit}) on "
                        f"{res['n']} years {yrs[0]}-{yrs[-1]} (Cv {res['cv']:.3f}, Cs {res['cs']:.3f})")
        fit_zh = {"curve-fit": "适线法", "moments": "矩法", "l-moments": "线性矩法"}[fs.fit]
        out["basis_zh"] = (f"{fs.guarantee_pct:g}%保证率最枯月平均流量（P-III型曲线，{fit_zh}，{yrs[0]}–{yrs[-1]}年共"
                           f"{res['n']}年，Cv={res['cv']:.3f}，Cs={res['cs']:.3f}）")
    else:
        q = design_flow_recent_mean(yrs, driest, fs.recent_years)
        out.update({"design_flow_m3_s": q, "method": "recent-mean", "n": fs.recent_years})
        out["basis"] = f"mean driest-month flow of the last {fs.recent_years} years ({yrs[-fs.recent_years]}-{yrs[-1]})"
        out["basis_zh"] = f"近{fs.recent_years}年最枯月平均流量（{yrs[-fs.recent_years]}–{yrs[-1]}年）"
    return out


def resolve_hydraulics(water, flow_scale: dict[str, float] | None = None) -> tuple[dict, dict]:
    """(reach id -> ReachHydraulics, reach id -> design-flow record) for every reach."""
    hyd, records = {}, {}
    for r in water.reaches:
        rec = resolve_design_flow(r)
        records[r.id] = rec
        g = r.geometry
        q = rec["design_flow_m3_s"] * (flow_scale or {}).get(r.id, 1.0)
        hyd[r.id] = ReachHydraulics(
            design_flow_m3_s=q, velocity_m_s=g.velocity_m_s, velocity_a=g.velocity_a, velocity_b=g.velocity_b,
            depth_m=g.depth_m, depth_c=g.depth_c, depth_d=g.depth_d, width_m=g.width_m,
        )
    return hyd, records
