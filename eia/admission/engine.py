"""Admission screening engine: resolve a criteria set, build the cluster environment, screen.

Verdict precedence (documented in docs/criteria-reference.md):

1. any rule with outcome ``fail`` (a violated rule of severity ``reject``) -> ``reject``
   (a rejection stands even if other information is missing);
2. else any ``missing-data`` -> ``needs_more_information``;
3. else any ``condition`` (a violated rule of severity ``condition``) -> ``admit_with_conditions``;
4. else ``admit``.

Batch screening is cumulative: an application admitted (with or without conditions) consumes its
pollutant loads and wastewater flow from the cluster budgets (:class:`Ledger`); later applicants
see only what is left. Rejected and incomplete applications consume nothing.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from pydantic import TypeAdapter, ValidationError

from eia.admission.rules import QUOTA_KINDS, Finding, evaluate_rule, outcome_of
from eia.admission.schema import (
    AIR_POLLUTANTS,
    DIMENSIONS,
    CriteriaSection,
    CriteriaSet,
    EnterpriseApplication,
    PolicyCatalogue,
    Receptor,
    RedlinePolygon,
    Rule,
    canonical_pollutant,
)
from eia.errors import EiaError

__all__ = [
    "VERDICTS",
    "EXIT_CODES",
    "DATA_DIR",
    "Environment",
    "Ledger",
    "Screening",
    "bundled_sets",
    "load_criteria_set",
    "resolve_criteria",
    "load_policy_catalogue",
    "build_environment",
    "screen",
    "screen_batch",
    "aggregate_verdict",
]

DATA_DIR = Path(__file__).parent / "data"
CRITERIA_DIR = DATA_DIR / "criteria"
DEFAULT_SET_ID = "generic-park-2024"

VERDICTS = {
    "admit": {"zh": "准入", "en": "admit"},
    "admit_with_conditions": {"zh": "有条件准入", "en": "admit with conditions"},
    "reject": {"zh": "不予准入", "en": "reject"},
    "needs_more_information": {"zh": "需补充资料", "en": "needs more information"},
}
#: CLI exit codes of ``eia screen`` (docs/architecture.md).
EXIT_CODES = {"admit": 0, "admit_with_conditions": 10, "reject": 11, "needs_more_information": 12}

OUTCOME_LABELS = {
    "pass": {"zh": "符合", "en": "pass"},
    "fail": {"zh": "不符合（否决）", "en": "fail"},
    "condition": {"zh": "附条件", "en": "condition"},
    "missing-data": {"zh": "缺少资料", "en": "missing data"},
    "not-applicable": {"zh": "不适用", "en": "not applicable"},
}

_RULE_ADAPTER = TypeAdapter(Rule)


# ----------------------------------------------------------------------------- criteria sets
def bundled_sets() -> dict[str, Path]:
    """Bundled criteria sets: id (file stem) -> path."""
    return {p.stem: p for p in sorted(CRITERIA_DIR.glob("*.yaml"))}


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Read and validate a criteria-set YAML file; problems raise ``ScenarioInvalid`` (file:line: field: message)."""
    from eia.loader import load_model

    inst, _ = load_model(CriteriaSet, path)
    return inst


def _set_from_section(section: CriteriaSection | None) -> tuple[CriteriaSet, str]:
    if section is not None and section.set_file is not None:
        return load_criteria_set(section.set_file), str(section.set_file)
    sid = (section.set_id if section is not None else None) or DEFAULT_SET_ID
    sets = bundled_sets()
    if sid not in sets:
        raise EiaError(f"criteria.set_id: unknown set {sid!r}; bundled sets: {', '.join(sets) or '(none)'}", exit_code=1)
    return load_criteria_set(sets[sid]), f"bundled:{sid}"


def _merge_override(rule_dict: dict, ov: dict) -> dict:
    out = dict(rule_dict)
    for k, v in ov.items():
        if k == "id" or v is None:
            continue
        if k == "parameters":
            out["parameters"] = {**(out.get("parameters") or {}), **v}
        else:
            out[k] = v
    return out


def resolve_criteria(section: CriteriaSection | None) -> tuple[CriteriaSet, str]:
    """The effective criteria set: the referenced set with the section's overrides and additions.

    Returns the set and a description of where it came from. Unknown override ids, duplicate added
    ids and invalid merged rules raise :class:`EiaError` naming the override.
    """
    cset, origin = _set_from_section(section)
    if section is None or (not section.overrides and not section.add_rules):
        return cset, origin
    rules = {r.id: r for r in cset.rules}
    order = [r.id for r in cset.rules]
    for i, ov in enumerate(section.overrides):
        if ov.id not in rules:
            raise EiaError(f"criteria.overrides[{i}].id: no rule {ov.id!r} in set {cset.id}; rules: {', '.join(order)}", exit_code=1)
        merged = _merge_override(rules[ov.id].model_dump(), ov.model_dump(exclude_unset=True))
        try:
            rules[ov.id] = _RULE_ADAPTER.validate_python(merged)
        except ValidationError as exc:
            msgs = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}" for e in exc.errors(include_url=False))
            raise EiaError(f"criteria.overrides[{i}] (rule {ov.id}): {msgs}", exit_code=1) from None
    for i, r in enumerate(section.add_rules):
        if r.id in rules:
            raise EiaError(f"criteria.add_rules[{i}].id: rule {r.id!r} already in set {cset.id}; use overrides to change it", exit_code=1)
        rules[r.id] = r
        order.append(r.id)
    eff = cset.model_copy(update={"rules": [rules[i] for i in order]})
    return eff, origin + " (with scenario overrides)"


@lru_cache(maxsize=16)
def _load_catalogue(path: str) -> PolicyCatalogue:
    from eia.loader import load_model

    inst, _ = load_model(PolicyCatalogue, path)
    return inst


def load_policy_catalogue(catalogue_id: str = "industrial_policy_2024", catalogue_file: str | Path | None = None) -> PolicyCatalogue:
    """A bundled (by id) or user industrial-policy catalogue, validated and cached."""
    if catalogue_file is not None:
        return _load_catalogue(str(Path(catalogue_file).resolve()))
    path = DATA_DIR / f"{catalogue_id}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in DATA_DIR.glob("industrial_policy_*.yaml"))
        raise ValueError(f"catalogue={catalogue_id!r}: unknown; expected one of {known}")
    return _load_catalogue(str(path))


@lru_cache(maxsize=8)
def _load_sanitary(path: str) -> dict:
    import yaml

    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("categories"), dict):
        raise EiaError(f"{path}: a sanitary-distance table needs a 'categories' mapping", exit_code=1)
    return data


# ----------------------------------------------------------------------------- environment
@dataclass
class Ledger:
    """Budgets consumed by admitted applications in a batch: key -> amount (t/a or m3/d)."""

    consumed: dict[tuple, float] = field(default_factory=dict)

    def consume(self, amounts: dict[tuple, float]) -> None:
        for k, v in amounts.items():
            self.consumed[k] = self.consumed.get(k, 0.0) + float(v)

    def copy(self) -> "Ledger":
        return Ledger(dict(self.consumed))


def _canon_table(d: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(d, dict):
        return out
    for k, v in d.items():
        try:
            out[canonical_pollutant(k)] = v
        except ValueError:
            continue
    return out


def sources_hash(sources: list) -> str:
    """Stable hash of an enterprise's air-source list (the protection-distance cache key).

    Source ids and names are left out: the same stacks under other names share one model run.
    """
    dumped = []
    for s in sources:
        d = s.model_dump(mode="json") if hasattr(s, "model_dump") else dict(s)
        for k in ("id", "name", "enterprise"):
            d.pop(k, None)
        dumped.append(d)
    return hashlib.sha256(json.dumps(dumped, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class Environment:
    """Everything about the cluster a rule needs: leading industries, geometry, budgets, models.

    Parameters
    ----------
    leading_codes : GB/T 4754 codes of the leading industries.
    boundary_m : cluster boundary vertices or None.
    receptors : sensitive receptors.
    redlines : ecological red-line polygons.
    air_remaining_t_a : {pollutant: remaining t/a} from results['air']['total_load'].
    water_remaining_t_a : {pollutant: {zone: remaining t/a}} from results['water']['remaining_capacity_t_a'].
    wwtp_remaining_m3_d : remaining treatment capacity of the park WWTP, or None.
    apd_model : callable(sources, boundary_m) -> float (m), the atmospheric protection distance of
        a source set around a site boundary, or None when no air model is available; results are
        cached per distinct (source set, boundary).
    mean_wind_speed_m_s : long-term mean wind speed for the sanitary tables, or None.
    """

    def __init__(
        self,
        *,
        leading_codes: Iterable[str] = (),
        boundary_m: list | None = None,
        receptors: Iterable[Receptor] = (),
        redlines: Iterable[RedlinePolygon] = (),
        air_remaining_t_a: dict | None = None,
        water_remaining_t_a: dict | None = None,
        wwtp_remaining_m3_d: float | None = None,
        apd_model: Callable[[list, list], float] | None = None,
        apd_unavailable_reason: str = "大气环境防护距离模型不可用（情景无大气气象数据）",
        mean_wind_speed_m_s: float | None = None,
    ):
        import numpy as np
        import shapely
        from shapely.geometry import Polygon

        self.leading_codes = tuple(leading_codes)
        self.boundary = Polygon(boundary_m) if boundary_m else None
        self.boundary_prepared = self.boundary
        if self.boundary is not None:
            shapely.prepare(self.boundary)
        self.receptors = list(receptors)
        self._rec_xy = np.array([[r.x_m, r.y_m] for r in self.receptors], dtype=float).reshape(-1, 2)
        self._rec_points = shapely.points(self._rec_xy) if len(self.receptors) else None
        self.redlines = [(r.name, Polygon(r.coordinates_m)) for r in redlines]
        for _, g in self.redlines:
            shapely.prepare(g)
        self.air_remaining = {k: float(v) for k, v in _canon_table(air_remaining_t_a or {}).items() if v is not None}
        self.water_remaining = {k: {str(z): float(x) for z, x in v.items() if x is not None} for k, v in _canon_table(water_remaining_t_a or {}).items() if isinstance(v, dict)}
        self.wwtp_remaining_m3_d = None if wwtp_remaining_m3_d is None else float(wwtp_remaining_m3_d)
        self.apd_model = apd_model
        self.apd_unavailable_reason = apd_unavailable_reason
        self.mean_wind_speed_m_s = mean_wind_speed_m_s
        self._apd_cache: dict[str, float] = {}
        self.apd_model_calls = 0
        self._policy_cache: dict[int, tuple] = {}
        self._static_cache: tuple | None = None

    # budgets
    def budget_keys(self, pollutant: str, zone: str) -> list[tuple]:
        if pollutant in AIR_POLLUTANTS:
            return [("air", pollutant)] if pollutant in self.air_remaining else []
        zones = self.water_remaining.get(pollutant, {})
        keys = [("water", pollutant, z) for z in dict.fromkeys([zone, "total"]) if z in zones]
        return keys

    def remaining(self, key: tuple) -> float:
        if key[0] == "air":
            return self.air_remaining[key[1]]
        return self.water_remaining[key[1]][key[2]]

    # policy
    def policy_entries(self, rule) -> list:
        """Catalogue entries of a policy rule as (entry, keywords, all_keywords), lower-cased, cached."""
        cached = self._policy_cache.get(id(rule))
        if cached is None:
            p = rule.parameters
            cat = load_policy_catalogue(p.catalogue, p.catalogue_file)
            # entries with their keywords lower-cased once (matching is case-insensitive)
            cached = [(e, tuple(k.lower() for k in e.keywords), tuple(k.lower() for k in e.all_keywords))
                      for e in list(cat.entries) + list(p.extra_entries)]
            self._policy_cache[id(rule)] = (rule, cached)
            return cached
        if cached[0] is not rule:
            self._policy_cache.pop(id(rule))
            return self.policy_entries(rule)
        cached = cached[1]
        return cached

    def policy_title(self, rule) -> str:
        p = rule.parameters
        return load_policy_catalogue(p.catalogue, p.catalogue_file).title

    # geometry
    def site_geometry(self, app: EnterpriseApplication):
        from shapely.geometry import Point, Polygon

        if app.site_polygon_m:
            return Polygon(app.site_polygon_m)
        if app.x_m is not None and app.y_m is not None:
            return Point(app.x_m, app.y_m)
        return None

    def redlines_hit(self, site, buffer_m: float) -> list[str]:
        g = site.buffer(buffer_m) if buffer_m > 0 else site
        return [name for name, poly in self.redlines if poly.intersects(g)]

    def receptor_distance(self, app: EnterpriseApplication) -> tuple[float | None, str, str | None]:
        import numpy as np
        import shapely

        if not app.site_polygon_m and app.x_m is None:
            return None, "未提供厂址坐标或厂界，无法计算与敏感目标的距离", None
        if self._rec_points is None:
            return None, "情景未给出环境敏感目标（criteria.sensitive_receptors）", None
        if app.site_polygon_m:
            d = shapely.distance(self.site_geometry(app), self._rec_points)
            frm = "site polygon (厂界)"
        else:
            d = np.hypot(self._rec_xy[:, 0] - app.x_m, self._rec_xy[:, 1] - app.y_m)
            frm = "site point (no polygon given: distance from the site point)"
        i = int(np.argmin(d))
        return float(d[i]), frm, self.receptors[i].name

    # distances
    def atmospheric_distance(self, app: EnterpriseApplication) -> tuple[float | None, str, list]:
        if app.atmospheric_protection_distance_m is not None:
            return app.atmospheric_protection_distance_m, "declared by the enterprise (own EIA)", []
        if app.air_sources is None:
            return None, "未提供大气污染源参数或大气环境防护距离", []
        if not app.air_sources:
            return 0.0, "no air sources", []
        if self.apd_model is None:
            return None, self.apd_unavailable_reason, []
        if app.site_polygon_m:
            boundary, how = [tuple(p) for p in app.site_polygon_m], "computed (eia.air.protection, HJ 2.2-2018 §8.8.5) from the site boundary"
        else:
            from eia.admission.airlink import source_hull_m

            boundary = source_hull_m(app.air_sources)
            how = "computed (eia.air.protection, HJ 2.2-2018 §8.8.5); no site polygon: boundary taken as the sources' hull + 10 m"
        key = sources_hash(app.air_sources) + json.dumps(boundary)
        if key not in self._apd_cache:
            self.apd_model_calls += 1
            try:
                self._apd_cache[key] = float(self.apd_model(app.air_sources, boundary))
            except ValueError as exc:
                return None, f"大气环境防护距离无法计算：{exc}", []
        return self._apd_cache[key], how, []

    def sanitary_distance(self, app: EnterpriseApplication, rule) -> tuple[float | None, str, list]:
        if app.sanitary_distance_m is not None:
            return app.sanitary_distance_m, "declared by the enterprise (industry standard, own EIA)", []
        if not app.industry_category:
            return None, "", []  # no sanitary standard named: not applicable
        path = rule.parameters.sanitary_table_file or (DATA_DIR / "sanitary_distance.yaml")
        table = _load_sanitary(str(path))
        cat = table["categories"].get(app.industry_category)
        if cat is None:
            return None, f"卫生防护距离表中无行业类别 {app.industry_category!r}（已有：{', '.join(table['categories'])}）", []
        bands = cat.get("bands") or []
        std = cat.get("standard", "")
        if not bands:
            return None, f"{cat.get('name', app.industry_category)}（{std}）的卫生防护距离限值未收录（未经核实），请提供 sanitary_distance_m", []
        if app.production_scale is None:
            return None, f"需提供生产规模（{cat.get('scale_unit', '')}）以查{std}", []
        u = rule.parameters.mean_wind_speed_m_s or self.mean_wind_speed_m_s
        if u is None:
            return None, "需提供近五年平均风速以查卫生防护距离表", []
        for band in bands:
            smax = band.get("scale_max")
            if smax is None or app.production_scale <= smax:
                for w in band["wind"]:
                    lo, hi = w.get("from_m_s", 0.0), w.get("to_m_s")
                    if u >= lo and (hi is None or u < hi):
                        warn = [("sanitary-table-unconfirmed", f"{std} {app.industry_category}: 卫生防护距离取值标记为未核实")] if cat.get("status") != "confirmed" else []
                        return float(w["distance_m"]), f"{std} {cat.get('clause', '')}", warn
        return None, f"{std}: 规模 {app.production_scale} 或风速 {u} m/s 超出表列范围", []


def _nested(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def _scenario_receptors(scenario) -> list[Receptor]:
    """Sensitive receptors named by the air section (duck-typed: items with name, x_m, y_m)."""
    out = []
    air = getattr(scenario, "air", None)
    recs = getattr(air, "receptors", None)
    for r in getattr(recs, "sensitive", None) or []:
        x, y, name = getattr(r, "x_m", None), getattr(r, "y_m", None), getattr(r, "name", None)
        if x is not None and y is not None and name:
            out.append(Receptor(name=str(name), x_m=float(x), y_m=float(y), kind=getattr(r, "kind", None)))
    return out


def build_environment(scenario, results: dict | None, ctx=None, *, apd_model: Callable | None = None) -> Environment:
    """Build the screening environment of a cluster from its scenario and the run's results.

    The remaining capacities are read from ``results`` (never typed in by hand):
    ``results['air']['total_load'][p]['remaining_t_a']``, ``results['water']['remaining_capacity_t_a']``
    and ``results['water']['treatment_plant']['remaining_m3_d']``.
    """
    results = results or {}
    crit = scenario.criteria
    air_total = _nested(results, "air", "total_load") or {}
    air_rem = {k: v.get("remaining_t_a") for k, v in air_total.items() if isinstance(v, dict) and v.get("remaining_t_a") is not None}
    water_rem = _nested(results, "water", "remaining_capacity_t_a") or {}
    wwtp = _nested(results, "water", "treatment_plant", "remaining_m3_d")
    receptors = list(crit.sensitive_receptors) if crit else []
    seen = {(r.x_m, r.y_m) for r in receptors}
    receptors += [r for r in _scenario_receptors(scenario) if (r.x_m, r.y_m) not in seen]
    reason = "大气环境防护距离模型不可用（情景无大气部分）"
    if apd_model is None:
        from eia.admission.airlink import apd_model_for

        apd_model, reason = apd_model_for(scenario, results, ctx)
    u = _nested(results, "air", "meteorology", "mean_wind_speed_m_s")
    return Environment(
        leading_codes=[c for ind in scenario.cluster.leading_industries for c in ind.gbt4754_codes],
        boundary_m=scenario.cluster.boundary.coordinates_m if scenario.cluster.boundary else None,
        receptors=receptors,
        redlines=crit.ecological_redlines if crit else [],
        air_remaining_t_a=air_rem,
        water_remaining_t_a=water_rem,
        wwtp_remaining_m3_d=wwtp,
        apd_model=apd_model,
        apd_unavailable_reason=reason,
        mean_wind_speed_m_s=u,
    )


# ----------------------------------------------------------------------------- screening
@dataclass
class Screening:
    """The screening of one application."""

    key: str
    name: str
    verdict: str
    deciding_rules: list[str]
    rules: list[dict]
    consumes: dict[tuple, float]
    warnings: list[tuple[str, str]] = field(default_factory=list)
    index: int | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.verdict]

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "id": self.key,
            "name": self.name,
            "verdict": self.verdict,
            "verdict_label": VERDICTS[self.verdict],
            "deciding_rules": self.deciding_rules,
            "consumed": [{"budget": "/".join(k), "amount": v} for k, v in self.consumes.items()],
            "rules": self.rules,
        }


def _static_parts(cset: CriteriaSet, env: Environment) -> list[tuple[Any, dict]]:
    """Per-rule report fields that do not depend on the application (computed once per set)."""
    cached = env._static_cache
    if cached is not None and cached[0] is cset:
        return cached[1]
    parts = [
        (rule, {
            "rule_id": rule.id, "dimension": rule.dimension, "dimension_label": DIMENSIONS[rule.dimension], "kind": rule.kind,
            "severity": rule.severity, "clause": rule.clause, "clause_en": rule.clause_en, "source": rule.source.model_dump(),
        })
        for rule in cset.rules if rule.enabled
    ]
    env._static_cache = (cset, parts)
    return parts


def aggregate_verdict(outcomes: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """Overall verdict and deciding rule ids from ``[(rule_id, outcome), ...]`` (precedence in the module doc)."""
    for outcome, verdict in (("fail", "reject"), ("missing-data", "needs_more_information"), ("condition", "admit_with_conditions")):
        ids = [rid for rid, o in outcomes if o == outcome]
        if ids:
            return verdict, ids
    return "admit", []


def screen(app: EnterpriseApplication, cset: CriteriaSet, env: Environment, ledger: Ledger | None = None) -> Screening:
    """Screen one application against a criteria set in a cluster environment.

    ``ledger`` holds what earlier admitted applicants consumed (not modified here).
    """
    ledger = ledger or Ledger()
    rows, outcomes, consumes, warns = [], [], {}, []
    for rule, static in _static_parts(cset, env):
        f: Finding = evaluate_rule(rule, app, env, ledger)
        oc = outcome_of(f.status, rule.severity)
        outcomes.append((rule.id, oc))
        if f.consumes:
            consumes.update(f.consumes)
        if f.warnings:
            warns.extend(f.warnings)
        row = dict(static)
        row.update({
            "outcome": oc,
            "outcome_label": OUTCOME_LABELS[oc],
            "message": {"zh": f.message_zh, "en": f.message_en},
            "evidence": f.evidence,
            "threshold": f.threshold,
            "condition": rule.condition if oc == "condition" else None,
        })
        rows.append(row)
    verdict, deciding = aggregate_verdict(outcomes)
    return Screening(app.key, app.name, verdict, deciding, rows, consumes if verdict in ("admit", "admit_with_conditions") else {}, warns)


def screen_batch(apps: Iterable[EnterpriseApplication], cset: CriteriaSet, env: Environment, ledger: Ledger | None = None) -> tuple[list[Screening], Ledger]:
    """Screen applications in arrival order, cumulatively (admitted ones consume budgets)."""
    ledger = ledger.copy() if ledger is not None else Ledger()
    out = []
    for i, app in enumerate(apps):
        s = screen(app, cset, env, ledger)
        s.index = i
        ledger.consume(s.consumes)
        out.append(s)
    return out, ledger


def uses_quota(cset: CriteriaSet) -> bool:
    """Whether the set has rules whose outcome depends on earlier admissions."""
    return any(r.enabled and r.kind in QUOTA_KINDS for r in cset.rules)



