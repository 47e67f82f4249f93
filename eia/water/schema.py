"""Scenario section ``water``: river system, water-function zones, outfalls and capacity settings.

The river system is a tree of reaches: every reach names the reach it flows into
(``downstream``) and the chainage on that reach where it joins (``joins_at_m``); exactly one reach
(the outlet) has no downstream reach. Chainage runs from 0 at a reach's head to ``length_m`` at its
end. Each reach carries its design hydrology (a given design flow, or a monthly flow series file
analysed by frequency analysis), hydraulic geometry and first-order decay rates with explicit units.

Everything is checked before use; a problem is a ``ValueError`` naming the item, which the loader
reports as ``file:line: water...: message``. Nothing is clipped or filled in silently.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境 (预测条件, 设计水文条件, 水功能区).
.. [2] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》 (设计水文条件, 控制断面).
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from eia.schema_base import DataFile, StrictModel
from eia.units import Q, UnitParseError, to_unit

__all__ = [
    "WaterSection",
    "Reach",
    "ReachHydrology",
    "FlowSeries",
    "HydraulicGeometry",
    "WaterZone",
    "Outfall",
    "Withdrawal",
    "ControlSection",
    "Lake",
    "CapacitySettings",
    "MonteCarloSettings",
    "TreatmentPlant",
    "GradingFacts",
    "OtherLoad",
    "DecayRate",
    "read_monthly_flow_csv",
    "GB3838_CLASSES",
]

GB3838_CLASSES = ("I", "II", "III", "IV", "V")
ControlMode = Literal["segment-head", "segment-end", "zone-end"]

_RATE_KEYS = {"k_per_day": "1/d", "k_per_s": "1/s", "k_per_h": "1/h", "k_per_hour": "1/h"}


def _decay_rate(value: Any) -> float:
    """A first-order rate with an explicit unit -> 1/day. A bare number is ambiguous and refused."""
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in _RATE_KEYS:
            raise ValueError(
                f"decay rate {value!r}: expected one key of {sorted(_RATE_KEYS)} (e.g. {{k_per_day: 0.2}}) "
                "or a string with a unit such as '0.2 /d'"
            )
        key, v = next(iter(value.items()))
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(f"decay rate {key}={v!r}: expected a number")
        out = to_unit(f"{float(v)!r} {_RATE_KEYS[key]}", "1/d")
    elif isinstance(value, bool) or isinstance(value, (int, float)):
        raise ValueError(
            f"decay rate {value!r} has no unit: a bare number is ambiguous (1/d? 1/s?); write e.g. "
            f"'{value} /d' or {{k_per_day: {value}}}"
        )
    elif isinstance(value, str):
        try:
            out = to_unit(value, "1/d")
        except UnitParseError as exc:
            raise ValueError(f"decay rate {value!r}: {exc}") from None
        if value.strip() and _no_unit(value):
            raise ValueError(f"decay rate {value!r} has no unit; write e.g. '{value.strip()} /d'")
    else:
        raise ValueError(f"decay rate {value!r}: expected a string such as '0.2 /d' or {{k_per_day: 0.2}}")
    if out < 0:
        raise ValueError(f"decay rate {value!r}: expected a rate >= 0")
    return out


def _no_unit(text: str) -> bool:
    try:
        float(text.strip())
        return True
    except ValueError:
        return False


#: A first-order rate in 1/day given with an explicit unit ("0.2 /d", "2.3e-6 1/s", {k_per_day: 0.2}).
DecayRate = Annotated[float, BeforeValidator(_decay_rate)]


def read_monthly_flow_csv(path: Path, flow_column: str = "flow_m3_s"):
    """Read a monthly flow CSV with columns ``year``, ``month`` and ``flow_column`` (m3/s).

    Returns (years, months, flows) as lists. Raises ValueError naming the row of a bad value.
    """
    years, months, flows = [], [], []
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        missing = [c for c in ("year", "month", flow_column) if c not in cols]
        if missing:
            raise ValueError(f"{path.name}: missing column(s) {missing}; found {cols}")
        for line, row in enumerate(reader, start=2):
            try:
                y, m = int(row["year"]), int(row["month"])
                q = float(row[flow_column])
            except (TypeError, ValueError):
                raise ValueError(
                    f"{path.name}:{line}: cannot read year/month/{flow_column} from {dict(row)!r}"
                ) from None
            if q != q:
                raise ValueError(f"{path.name}:{line}: {flow_column} is empty/NaN; missing values are not filled")
            years.append(y), months.append(m), flows.append(q)
    if not flows:
        raise ValueError(f"{path.name}: no data rows")
    return years, months, flows


class FlowSeries(StrictModel):
    """A monthly mean-flow series (CSV: ``year,month,flow_m3_s``) reduced to a design flow.

    ``statistic``: ``"frequency"`` — the driest-month flow at ``guarantee_pct`` (90 %保证率最枯月
    平均流量) from a Pearson III frequency analysis of the annual driest-month flows;
    ``"recent-mean"`` — the mean driest-month flow of the last ``recent_years`` years
    (近10年最枯月平均流量). Every year must have all 12 months.
    """

    file: DataFile = Field(..., description="CSV with columns year, month, flow_m3_s (monthly means)")
    flow_column: str = Field("flow_m3_s", description="Name of the flow column (m3/s)")
    statistic: Literal["frequency", "recent-mean"] = "frequency"
    guarantee_pct: float = Field(90.0, gt=0, lt=100, description="Guarantee rate (保证率), %")
    fit: Literal["curve-fit", "moments", "l-moments"] = Field("curve-fit", description="P-III parameter estimation")
    cs_cv_ratio: float | None = Field(None, ge=0, description="Fix Cs = ratio x Cv in curve fitting (e.g. 2.0)")
    recent_years: int = Field(10, ge=1, description="Years averaged by 'recent-mean'")

    @model_validator(mode="after")
    def _check_series(self):
        from models.water.hydrology import driest_month_flows

        years, months, flows = read_monthly_flow_csv(self.file, self.flow_column)
        yrs, _ = driest_month_flows(years, months, flows)  # raises naming missing months
        if self.statistic == "frequency" and len(yrs) < 4:
            raise ValueError(f"{self.file.name}: {len(yrs)} complete year(s); a frequency analysis needs >= 4")
        if self.statistic == "recent-mean" and len(yrs) < self.recent_years:
            raise ValueError(
                f"{self.file.name}: {len(yrs)} complete year(s); 'recent-mean' needs the last {self.recent_years}"
            )
        return self


class ReachHydrology(StrictModel):
    """Design hydrology of a reach: the natural design flow entering its head.

    Give exactly one of ``design_flow_m3_s`` or ``flow_series``.
    """

    design_flow_m3_s: Q["m3/s"] | None = Field(None, description="Design flow at the reach head")
    flow_series: FlowSeries | None = None
    basis: str | None = Field(None, description="How the given design flow was derived (printed in the chapter)")

    @field_validator("design_flow_m3_s")
    @classmethod
    def _positive(cls, v):
        if v is not None and v <= 0:
            raise ValueError(f"design flow {v:g} m3/s: expected a positive flow")
        return v

    @model_validator(mode="after")
    def _one(self):
        if (self.design_flow_m3_s is None) == (self.flow_series is None):
            raise ValueError("give exactly one of design_flow_m3_s or flow_series")
        return self


class HydraulicGeometry(StrictModel):
    """Velocity, depth and width at the design flow: given, or by rating curves u = aQ^b, h = cQ^d."""

    velocity_m_s: Q["m/s"] | None = Field(None, gt=0)
    depth_m: Q["m"] | None = Field(None, gt=0)
    width_m: Q["m"] | None = Field(None, gt=0)
    velocity_a: float | None = Field(None, gt=0, description="u = a Q^b (u in m/s, Q in m3/s)")
    velocity_b: float | None = None
    depth_c: float | None = Field(None, gt=0, description="h = c Q^d (h in m)")
    depth_d: float | None = None
    slope: float | None = Field(None, gt=0, description="Bed slope (for the shear velocity)")
    transverse_dispersion_m2_s: Q["m2/s"] | None = Field(None, gt=0)
    dispersion_m2_s: Q["m2/s"] = Field(0.0, ge=0, description="Longitudinal dispersion (0: plug flow)")

    @model_validator(mode="after")
    def _complete(self):
        if self.velocity_m_s is None and (self.velocity_a is None or self.velocity_b is None):
            raise ValueError("give velocity_m_s, or velocity_a and velocity_b (u = a Q^b)")
        if self.velocity_m_s is not None and self.velocity_a is not None:
            raise ValueError("give velocity_m_s or velocity_a/velocity_b, not both")
        if (self.depth_c is None) != (self.depth_d is None):
            raise ValueError("give both depth_c and depth_d (h = c Q^d)")
        if self.depth_m is not None and self.depth_c is not None:
            raise ValueError("give depth_m or depth_c/depth_d, not both")
        return self


class Reach(StrictModel):
    """One river reach (河段)."""

    id: str = Field(..., min_length=1)
    name: str | None = None
    length_m: Q["m"] = Field(..., gt=0)
    downstream: str | None = Field(None, description="Reach this one flows into (None: the outlet)")
    joins_at_m: Q["m"] | None = Field(None, ge=0, description="Chainage on the downstream reach where it joins")
    hydrology: ReachHydrology
    geometry: HydraulicGeometry
    decay: dict[str, DecayRate] = Field(
        default_factory=dict, description="First-order decay rate per pollutant at 20 degC, with unit ('0.2 /d')"
    )
    temperature_c: float | None = Field(None, ge=-2, le=45, description="Water temperature (corrects rates from 20 degC)")
    theta: float = Field(1.047, gt=0.9, lt=1.2, description="Temperature coefficient of decay (k_T = k20 theta^(T-20))")
    reaeration_per_day: DecayRate | None = Field(None, description="k_a at 20 degC; default from velocity/depth")
    reaeration_method: str = Field("oconnor-dobbins", description="Reaeration formula when k_a is not given")
    upstream_concentrations_mg_l: dict[str, float] = Field(
        default_factory=dict, description="Boundary concentrations at the head of a head reach (背景浓度)"
    )
    upstream_do_mg_l: float | None = Field(None, ge=0)
    illustrative: bool = Field(False, description="Values are plausible stand-ins, not measured (flagged in the chapters)")

    @field_validator("upstream_concentrations_mg_l")
    @classmethod
    def _nonneg(cls, v):
        bad = {k: c for k, c in v.items() if c < 0}
        if bad:
            raise ValueError(f"negative concentrations {bad}")
        return v


class WaterZone(StrictModel):
    """A water-function zone (水功能区) on one reach, with its GB 3838-2002 target class."""

    id: str = Field(..., min_length=1)
    name: str | None = None
    reach: str
    start_m: Q["m"] = Field(..., ge=0)
    end_m: Q["m"] = Field(..., gt=0)
    target_class: Literal["I", "II", "III", "IV", "V"]
    water_body: Literal["river", "lake"] = "river"
    protected: bool = Field(False, description="Drinking-water source / protected aquatic habitat (HJ 2.3 Table 1 note 5)")

    @model_validator(mode="after")
    def _order(self):
        if self.end_m <= self.start_m:
            raise ValueError(f"zone {self.id!r}: end_m {self.end_m:g} must be greater than start_m {self.start_m:g}")
        return self


class Outfall(StrictModel):
    """A discharge (排污口) into a reach."""

    id: str = Field(..., min_length=1)
    reach: str
    chainage_m: Q["m"] = Field(..., ge=0)
    flow_m3_d: Q["m3/d"] = Field(..., gt=0, description="Effluent flow")
    concentrations_mg_l: dict[str, float] = Field(default_factory=dict)
    bank: Literal["left", "right", "centre"] = "left"
    distance_from_bank_m: Q["m"] = Field(0.0, ge=0)
    status: Literal["existing", "approved", "planned"] = "existing"
    illustrative: bool = Field(False, description="Values are plausible stand-ins, not measured (flagged in the chapters)")
    park_treatment_plant: bool = Field(False, description="The cluster's wastewater treatment plant outfall")
    discharge: Literal["direct", "indirect"] = "direct"
    operating_days: float = Field(365.0, gt=0, le=366, description="Days of discharge per year")
    enterprise: str | None = None
    max_load_t_a: dict[str, float] = Field(default_factory=dict, description="Upper bound per pollutant in allocation")

    @field_validator("concentrations_mg_l")
    @classmethod
    def _nonneg(cls, v):
        bad = {k: c for k, c in v.items() if c < 0}
        if bad:
            raise ValueError(f"negative concentrations {bad}")
        return v


class Withdrawal(StrictModel):
    """A water withdrawal (取水口): removes flow without changing the concentration."""

    id: str
    reach: str
    chainage_m: Q["m"] = Field(..., ge=0)
    flow_m3_s: Q["m3/s"] = Field(..., gt=0)


class ControlSection(StrictModel):
    """A control (assessment) section (控制断面); its target is the zone's unless given."""

    id: str
    reach: str
    chainage_m: Q["m"] = Field(..., ge=0)
    target_class: Literal["I", "II", "III", "IV", "V"] | None = None


class Lake(StrictModel):
    """A lake or reservoir (湖库) assessed for total phosphorus."""

    id: str
    name: str | None = None
    volume_m3: Q["m3"] = Field(..., gt=0)
    area_m2: Q["m2"] = Field(..., gt=0)
    mean_depth_m: Q["m"] | None = Field(None, gt=0)
    inflow_m3_s: Q["m3/s"] = Field(..., gt=0)
    tp_loading_t_a: Q["t/a"] = Field(..., ge=0, description="Present total-phosphorus load")
    target_class: Literal["I", "II", "III", "IV", "V"]
    method: str = Field("vollenweider-1976", description="Lake phosphorus model (models.water.LAKE_PHOSPHORUS_METHODS)")


class MonteCarloSettings(StrictModel):
    """Monte Carlo over decay rate, design flow and background (lognormal factors, mean 1)."""

    samples: int = Field(2000, ge=10, le=1_000_000)
    seed: int = 20240601
    decay_cv: float = Field(0.3, ge=0, le=3)
    design_flow_cv: float = Field(0.2, ge=0, le=3)
    background_cv: float = Field(0.2, ge=0, le=3)


class CapacitySettings(StrictModel):
    """What capacity is computed and how (控制方式, 安全余量, 分配, 不确定性)."""

    pollutants: list[str] = Field(..., min_length=1)
    control_mode: ControlMode = "zone-end"
    safety_margin_pct: float = Field(0.0, ge=0, lt=100)
    zone_inflow: Literal["predicted", "upstream-target"] = Field(
        "predicted",
        description="C0 entering a zone: the predicted concentration, or the upstream zone's target (上游来水按目标)",
    )
    allocation: Literal["linprog", "equal-ratio", "both", "none"] = "both"
    monte_carlo: MonteCarloSettings | None = None


class TreatmentPlant(StrictModel):
    """The park wastewater treatment plant (园区污水处理厂)."""

    name: str | None = None
    design_m3_d: Q["m3/d"] = Field(..., gt=0)
    current_m3_d: Q["m3/d"] = Field(..., ge=0)
    outfall: str | None = Field(None, description="Id of its outfall")
    illustrative: bool = Field(False, description="Values are plausible stand-ins, not measured (flagged in the chapters)")


class GradingFacts(StrictModel):
    """Facts for the footnotes of HJ 2.3-2018 Table 1 (None: not known, reported as undecided)."""

    thermal_discharge_exceeds_with_sensitive_target: bool | None = Field(None, description="Note 6")
    seawater_cooling_m3_d: Q["m3/d"] | None = Field(None, ge=0, description="Note 7: sea water used as cooling medium")
    only_clean_drainage_meeting_standard: bool | None = Field(None, description="Note 8")
    existing_outfall_no_new_load: bool | None = Field(None, description="Note 9")
    all_wastewater_reused: bool | None = Field(None, description="Note 10")
    stockpile_initial_rainwater_included: bool | None = Field(None, description="Note 3")
    cooling_water_excluded: bool | None = Field(None, description="Note 2: indirect cooling / clean drainage not counted")


class OtherLoad(StrictModel):
    """A load not represented by an outfall (non-point source, 面源), counted against a zone."""

    zone: str
    pollutant: str
    load_t_a: Q["t/a"] = Field(..., ge=0)
    status: Literal["existing", "approved"] = "existing"
    description: str | None = None


class WaterSection(StrictModel):
    """River system, zones, outfalls and capacity settings (HJ 2.3-2018 / 水环境容量)."""

    reaches: list[Reach] = Field(..., min_length=1)
    zones: list[WaterZone] = Field(..., min_length=1)
    outfalls: list[Outfall] = Field(default_factory=list)
    withdrawals: list[Withdrawal] = Field(default_factory=list)
    control_sections: list[ControlSection] = Field(default_factory=list)
    lakes: list[Lake] = Field(default_factory=list)
    capacity: CapacitySettings
    treatment_plant: TreatmentPlant | None = None
    grading: GradingFacts = Field(default_factory=GradingFacts)
    other_loads: list[OtherLoad] = Field(default_factory=list)
    ph: float | None = Field(None, ge=0, le=14, description="River pH (for the pH index)")

    @model_validator(mode="after")
    def _consistent(self):
        """Cross-item checks; every problem is reported at the item it concerns (file:line)."""
        problems: list[tuple[tuple, str]] = []

        def bad(loc: tuple, message: str) -> None:
            problems.append((loc, message))

        reaches: dict = {}
        index = {r.id: i for i, r in enumerate(self.reaches)}
        for i, r in enumerate(self.reaches):
            if r.id in reaches:
                bad(("reaches", i, "id"), f"reach id {r.id!r} is used twice")
            reaches[r.id] = r
        # tree: references, chainage, one outlet, no cycles
        outlets = [r.id for r in self.reaches if r.downstream is None]
        for i, r in enumerate(self.reaches):
            if r.downstream is not None:
                if r.downstream not in reaches:
                    bad(("reaches", i, "downstream"), f"reach {r.id!r}: downstream {r.downstream!r} is not a reach (known: {sorted(reaches)})")
                    continue
                if r.downstream == r.id:
                    bad(("reaches", i, "downstream"), f"reach {r.id!r} flows into itself")
                    continue
                if r.joins_at_m is None:
                    bad(("reaches", i), f"reach {r.id!r}: joins_at_m is required (chainage on {r.downstream!r} where it joins)")
                elif r.joins_at_m > reaches[r.downstream].length_m:
                    bad(("reaches", i, "joins_at_m"),
                        f"reach {r.id!r}: joins_at_m {r.joins_at_m:g} m is beyond the end of {r.downstream!r} "
                        f"(length {reaches[r.downstream].length_m:g} m)")
            elif r.joins_at_m is not None:
                bad(("reaches", i, "joins_at_m"), f"reach {r.id!r}: joins_at_m given but no downstream reach")
        cycles = set()
        for r in self.reaches:
            seen, cur = [r.id], r
            while cur.downstream is not None and cur.downstream in reaches:
                cur = reaches[cur.downstream]
                if cur.id in seen:
                    cyc = tuple(sorted(seen[seen.index(cur.id):]))
                    if cyc not in cycles:
                        cycles.add(cyc)
                        bad(("reaches", index[cur.id], "downstream"), f"reaches form a cycle: {' -> '.join(seen[seen.index(cur.id):] + [cur.id])}")
                    break
                seen.append(cur.id)
        if len(outlets) != 1 and not cycles:
            if not outlets:
                bad(("reaches",), "no outlet reach (every reach has a downstream reach)")
            else:
                bad(("reaches",),
                    f"reaches do not connect into one river system: {len(outlets)} reaches have no downstream "
                    f"reach ({outlets}); give 'downstream' and 'joins_at_m' for all but the outlet")
        # every reach needs a decay rate and a head (background) concentration for each capacity pollutant
        for i, r in enumerate(self.reaches):
            for p in self.capacity.pollutants:
                if p not in r.decay:
                    bad(("reaches", i, "decay"),
                        f"reach {r.id!r}: no decay rate for {p!r} (give e.g. decay: {{{p}: '0.2 /d'}}; '0 /d' for a conservative pollutant)")
            missing = [p for p in self.capacity.pollutants if p not in r.upstream_concentrations_mg_l]
            if missing:
                bad(("reaches", i, "upstream_concentrations_mg_l"), f"reach {r.id!r}: no upstream (background) concentration for {missing}")

        def on_reach(kind, loc, item_id, reach_id, chainage, field="chainage_m"):
            if reach_id not in reaches:
                bad(loc + ("reach",), f"{kind} {item_id!r}: reach {reach_id!r} is not a reach (known: {sorted(reaches)})")
                return
            if chainage > reaches[reach_id].length_m:
                bad(loc + (field,),
                    f"{kind} {item_id!r}: chainage {chainage:g} m is outside reach {reach_id!r} (0-{reaches[reach_id].length_m:g} m)")

        for kind, key, items in (("zone", "zones", self.zones), ("outfall", "outfalls", self.outfalls),
                                 ("withdrawal", "withdrawals", self.withdrawals),
                                 ("control section", "control_sections", self.control_sections), ("lake", "lakes", self.lakes)):
            seen_ids: set = set()
            for i, it in enumerate(items):
                if it.id in seen_ids:
                    bad((key, i, "id"), f"{kind} id {it.id!r} is used twice")
                seen_ids.add(it.id)
        for i, z in enumerate(self.zones):
            on_reach("zone", ("zones", i), z.id, z.reach, z.end_m, "end_m")
        for i, o in enumerate(self.outfalls):
            on_reach("outfall", ("outfalls", i), o.id, o.reach, o.chainage_m)
            if o.discharge == "direct":
                missing = [p for p in self.capacity.pollutants if p not in o.concentrations_mg_l]
                if missing:
                    bad(("outfalls", i, "concentrations_mg_l"), f"outfall {o.id!r}: no concentration for {missing}")
            if o.reach in reaches:
                w = reaches[o.reach].geometry.width_m
                if w is not None and o.distance_from_bank_m > w:
                    bad(("outfalls", i, "distance_from_bank_m"),
                        f"outfall {o.id!r}: distance_from_bank_m {o.distance_from_bank_m:g} exceeds the width {w:g} m")
        for i, w in enumerate(self.withdrawals):
            on_reach("withdrawal", ("withdrawals", i), w.id, w.reach, w.chainage_m)
        for i, c in enumerate(self.control_sections):
            on_reach("control section", ("control_sections", i), c.id, c.reach, c.chainage_m)
        # zones on one reach must not overlap
        by_reach: dict[str, list] = {}
        for i, z in enumerate(self.zones):
            by_reach.setdefault(z.reach, []).append((i, z))
        for rid, zs in by_reach.items():
            zs = sorted(zs, key=lambda t: t[1].start_m)
            for (_, a), (j, b) in zip(zs, zs[1:]):
                if b.start_m < a.end_m - 1e-9:
                    bad(("zones", j, "start_m"), f"zones {a.id!r} and {b.id!r} overlap on reach {rid!r}")
        zone_ids = {z.id for z in self.zones}
        for i, ol in enumerate(self.other_loads):
            if ol.zone not in zone_ids:
                bad(("other_loads", i, "zone"), f"other load on zone {ol.zone!r}: not a zone (known: {sorted(zone_ids)})")
        if self.treatment_plant and self.treatment_plant.outfall:
            if self.treatment_plant.outfall not in {o.id for o in self.outfalls}:
                bad(("treatment_plant", "outfall"), f"treatment_plant.outfall {self.treatment_plant.outfall!r} is not an outfall")
        if problems:
            # one error per item, located at the item (the loader prints file:line for each)
            raise ValidationError.from_exception_data(
                title="WaterSection",
                line_errors=[InitErrorDetails(type=PydanticCustomError("value_error", "{message}", {"message": m}),
                                              loc=loc, input=None) for loc, m in problems],
            )
        return self
