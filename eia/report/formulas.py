"""Registry of assessment formulas that sections may cite by id in their ``"formulas"`` list.

A section's results dict may carry ``"formulas": [...]`` whose entries are either full dicts
``{"id", "name": {"zh", "en"}, "expression", "source"}`` or string ids of :data:`FORMULAS`; the
appendix lists every formula so cited, with its source.

References
----------
HJ 2.2-2018 《环境影响评价技术导则 大气环境》, 5.3.1 (式 1, 最大地面空气质量浓度占标率);
HJ 2.3-2018 《环境影响评价技术导则 地表水环境》, 附录 E (完全混合模式, 一维稳态衰减,
Streeter–Phelps 氧亏方程); Turner, D. B. (1970), Workbook of Atmospheric Dispersion Estimates, EPA AP-26, ch. 3.
"""
from __future__ import annotations

__all__ = ["FORMULAS", "resolve_formula", "formulas_in_use"]

FORMULAS: dict[str, dict] = {
    "air.pmax": {
        "name": {"zh": "最大地面浓度占标率", "en": "Maximum ground-level concentration ratio"},
        "expression": "P_i = C_i / C_0i × 100%",
        "source": "HJ 2.2-2018, 5.3.1, 式 (1)",
    },
    "air.gaussian_point": {
        "name": {"zh": "高斯烟羽点源扩散（基本形式）", "en": "Gaussian plume, point source (basic form)"},
        "expression": "C = Q/(2π u σ_y σ_z) · exp(−y²/2σ_y²) · [exp(−(z−H)²/2σ_z²) + exp(−(z+H)²/2σ_z²)]",
        "source": "GB/T 3840-1991; Turner (1970), Workbook of Atmospheric Dispersion Estimates, ch. 3",
    },
    "air.d10": {
        "name": {"zh": "D10% 距离", "en": "D10% distance"},
        "expression": "D10% = max{x : C_i(x) ≥ 0.1 · C_0i}",
        "source": "HJ 2.2-2018, 5.3.1 (D10%) 与 表 2 (评价等级判据)",
    },
    "water.complete_mixing": {
        "name": {"zh": "河流完全混合模式", "en": "Complete mixing of an outfall in a river"},
        "expression": "C = (C_p Q_p + C_h Q_h) / (Q_p + Q_h)",
        "source": "HJ 2.3-2018, 附录 E (完全混合模式)",
    },
    "water.first_order_decay": {
        "name": {"zh": "河流一维稳态衰减", "en": "One-dimensional steady-state first-order decay"},
        "expression": "C(x) = C_0 · exp(−k x / (86400 u))",
        "source": "HJ 2.3-2018, 附录 E (一维稳态模型, 忽略纵向离散)",
    },
    "water.quality_index": {
        "name": {"zh": "水质指数（标准指数）", "en": "Water-quality (standard) index"},
        "expression": "S_i,j = C_i,j / C_si",
        "source": "HJ 2.3-2018, 附录 D (水质指数法)",
    },
    "water.rate_temperature": {
        "name": {"zh": "降解系数温度修正", "en": "Temperature correction of a rate"},
        "expression": "k_T = k_20 · θ^(T − 20)",
        "source": "HJ 2.3-2018, 附录 F; Chapra (1997), Surface Water-Quality Modeling, Lecture 2",
    },
    "water.do_saturation": {
        "name": {"zh": "饱和溶解氧", "en": "Saturation dissolved oxygen"},
        "expression": "DO_f = 468 / (31.6 + T)",
        "source": "HJ 2.3-2018 (饱和溶解氧浓度, 淡水)",
    },
    "water.capacity": {
        "name": {"zh": "河段水环境容量（控制断面达标）", "en": "Reach capacity (control section at the standard)"},
        "expression": "W = C_s (Q_0 + q) e^(k x_d / u) − C_0 Q_0 e^(−k x_u / u)  (g/s; × 31.536 → t/a)",
        "source": "GB/T 25173-2010, 6.2; HJ 2.3-2018; docs/methods/water-capacity.md §5 (段首/段尾/功能区末端控制)",
    },
    "water.streeter_phelps": {
        "name": {"zh": "Streeter–Phelps 氧亏方程", "en": "Streeter–Phelps oxygen deficit"},
        "expression": "D(t) = k_1 L_0/(k_2 − k_1) · (e^(−k_1 t) − e^(−k_2 t)) + D_0 e^(−k_2 t)",
        "source": "HJ 2.3-2018, 附录 E; Streeter & Phelps (1925), US Public Health Bulletin 146",
    },
}


def resolve_formula(entry: dict | str, where: str) -> dict:
    """A formula dict from a section's ``formulas`` entry (a full dict or a registry id)."""
    if isinstance(entry, str):
        if entry not in FORMULAS:
            raise ValueError(f"{where}: formula id {entry!r} is not in the registry; known ids: {sorted(FORMULAS)}")
        return {"id": entry, **FORMULAS[entry]}
    if not isinstance(entry, dict) or "expression" not in entry:
        raise ValueError(f"{where}: a formula must be a registry id or a dict with 'id', 'name', 'expression', 'source'; got {entry!r}")
    return entry


def formulas_in_use(section: str, result: dict) -> list[str]:
    """Registry ids of the formulas a section's results show it applied (for sections that do not
    list ``formulas`` themselves): read from the fields documented in docs/results/<section>.md."""
    ids: list[str] = []
    if section == "air":
        if isinstance(result.get("estimation"), dict):
            ids += ["air.pmax", "air.d10", "air.gaussian_point"]
        elif isinstance(result.get("predictions"), dict):
            ids.append("air.gaussian_point")
    elif section == "water":
        if result.get("profiles") or result.get("sections"):
            ids += ["water.complete_mixing", "water.first_order_decay", "water.rate_temperature"]
        if result.get("sections"):
            ids.append("water.quality_index")
        profiles = result.get("profiles") or {}
        if any(isinstance(p, dict) and isinstance(p.get("do"), dict) and "skipped" not in p["do"] for p in profiles.values()):
            ids += ["water.streeter_phelps", "water.do_saturation"]
        if isinstance(result.get("capacity"), dict):
            ids.append("water.capacity")
    return ids
