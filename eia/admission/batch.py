"""Applications from CSV/XLSX tables, and the batch result table (CSV, XLSX, rows).

Columns (docs/criteria-reference.md "Batch files"); every column but ``name`` is optional and an
empty cell is "not given":

=============================  ==============================================================
column                         meaning
=============================  ==============================================================
name                           enterprise name (required)
id                             application id (default: name)
gbt4754_codes                  GB/T 4754-2017 codes, separated by ';' (e.g. ``C1351;C1352``)
products                       ``name:capacity unit`` separated by ';' (``生猪屠宰:50 万头/a``)
processes, keywords            free text separated by ';'
x_m, y_m                       site location (local metres)
clean_production_level         I, II, III (or 国际先进, 国内先进, 国内一般)
so2_t_a … tp_t_a               declared annual emissions (t/a) of so2, nox, particulates, vocs,
                               cod, nh3n, tp; all blank = emissions not given; when some are
                               given, a blank one means "not emitted" (as in the YAML mapping)
wastewater_m3_d                wastewater flow
wastewater_destination         park_wwtp, direct or none
receiving_zone                 water functional zone receiving the load
water_m3_a, energy_tce_a       fresh water and comprehensive energy per year
output_value_1e4_yuan_a        output value (10^4 yuan per year)
output_quantity_a, output_unit annual output and its unit
air_sources_file               YAML/JSON list of the enterprise's air sources (relative to the table)
atmospheric_protection_distance_m, sanitary_distance_m, industry_category, production_scale, risk_q
=============================  ==============================================================
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eia.admission.engine import VERDICTS, Screening
from eia.admission.schema import POLLUTANTS, EnterpriseApplication
from eia.errors import EiaError, Problem, ScenarioInvalid

__all__ = ["read_applications", "row_to_application", "batch_rows", "write_batch_table", "COLUMNS"]

_SIMPLE = (
    "name", "id", "gbt4754_codes", "processes", "keywords", "x_m", "y_m", "clean_production_level",
    "atmospheric_protection_distance_m", "industry_category", "production_scale", "sanitary_distance_m", "risk_q", "notes",
)
_EMISSION_COLS = {f"{p}_t_a": p for p in POLLUTANTS}
_RESOURCES = ("water_m3_a", "energy_tce_a", "output_value_1e4_yuan_a", "output_quantity_a", "output_unit")
COLUMNS = (*_SIMPLE, "products", *_EMISSION_COLS, "wastewater_m3_d", "wastewater_destination", "receiving_zone", *_RESOURCES, "air_sources_file")
_PRODUCT = re.compile(r"^\s*(?P<name>[^:：]+?)\s*(?:[:：]\s*(?P<cap>[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*(?P<unit>.*?))?\s*$")


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _products(text: str) -> list[dict]:
    out = []
    for part in re.split(r"[;；]", text):
        if not part.strip():
            continue
        m = _PRODUCT.match(part)
        if not m:
            raise ValueError(f"cannot read product {part!r}: expected 'name:capacity unit'")
        d: dict[str, Any] = {"name": m.group("name")}
        if m.group("cap"):
            d["capacity"] = float(m.group("cap"))
            d["unit"] = m.group("unit") or None
        out.append(d)
    return out


def row_to_application(row: dict, base_dir: Path | None = None) -> dict:
    """Map one table row (column -> cell) to the EnterpriseApplication mapping."""
    unknown = [k for k in row if k not in COLUMNS and not str(k).startswith("_") and not str(k).startswith("Unnamed")]
    if unknown:
        raise ValueError(f"unknown column(s) {unknown}; expected some of: {', '.join(COLUMNS)}")
    cell = {k: (None if _blank(v) else (v.strip() if isinstance(v, str) else v)) for k, v in row.items()}
    d: dict[str, Any] = {k: cell[k] for k in _SIMPLE if cell.get(k) is not None}
    if "name" in d:
        d["name"] = str(d["name"])
    if "id" in d:
        d["id"] = str(d["id"])
    if cell.get("products") is not None:
        d["products"] = _products(str(cell["products"]))
    em = {p: cell[c] for c, p in _EMISSION_COLS.items() if cell.get(c) is not None}
    if em:
        d["emissions_t_a"] = em
    ww = {k2: cell[k1] for k1, k2 in (("wastewater_m3_d", "flow_m3_d"), ("wastewater_destination", "destination"), ("receiving_zone", "receiving_zone")) if cell.get(k1) is not None}
    if ww:
        d["wastewater"] = ww
    res = {k: cell[k] for k in _RESOURCES if cell.get(k) is not None}
    if res:
        d["resources"] = res
    if cell.get("air_sources_file") is not None:
        from eia.loader import read_document

        p = Path(str(cell["air_sources_file"]))
        if base_dir is not None and not p.is_absolute():
            p = base_dir / p
        doc = read_document(p)
        if doc.problems and not isinstance(doc.data, list):
            raise ValueError("air_sources_file: " + "; ".join(str(x) for x in doc.problems))
        if not isinstance(doc.data, list):
            raise ValueError(f"air_sources_file {p}: expected a list of sources")
        d["air_sources"] = doc.data
    return d


def _read_table(path: Path):
    import pandas as pd

    suf = path.suffix.lower()
    if suf == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suf in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    raise EiaError(f"{path}: unknown table type {suf!r}; expected .csv or .xlsx", exit_code=1)


def read_applications(path: str | Path) -> list[EnterpriseApplication]:
    """Read applications from a CSV/XLSX table, in row order; every problem reported at once.

    Raises
    ------
    ScenarioInvalid
        Listing ``file:row: column: message`` for every invalid row (exit code 1).
    """
    path = Path(path)
    if not path.exists():
        raise EiaError(f"{path}: file not found", exit_code=1)
    df = _read_table(path)
    if "name" not in df.columns:
        raise ScenarioInvalid([Problem(str(path), 1, "name", f"required column 'name' missing; columns: {list(df.columns)}")])
    apps, problems = [], []
    for i, row in enumerate(df.to_dict(orient="records")):
        line = i + 2  # header is line 1
        try:
            data = row_to_application(row, path.parent)
            apps.append(EnterpriseApplication.model_validate(data))
        except ValidationError as exc:
            for e in exc.errors(include_url=False):
                loc = ".".join(str(x) for x in e["loc"] if not str(x).startswith("function"))
                msg = e["msg"].removeprefix("Value error, ")
                problems.append(Problem(str(path), line, loc, msg))
        except ValueError as exc:
            problems.append(Problem(str(path), line, "", str(exc)))
    if problems:
        raise ScenarioInvalid(problems)
    return apps


def batch_rows(screenings: list[Screening], rule_ids: list[str]) -> list[dict]:
    """One row per application: verdict, deciding rules and their messages, each rule's outcome."""
    rows = []
    for s in screenings:
        by_id = {r["rule_id"]: r for r in s.rules}
        row = {
            "index": (s.index or 0) + 1,
            "id": s.key,
            "name": s.name,
            "verdict": s.verdict,
            "verdict_zh": VERDICTS[s.verdict]["zh"],
            "deciding_rules": ";".join(s.deciding_rules),
            "deciding_reasons": "；".join(f"{rid}: {by_id[rid]['message']['zh']}" for rid in s.deciding_rules),
        }
        for rid in rule_ids:
            row[rid] = by_id[rid]["outcome"] if rid in by_id else "disabled"
        rows.append(row)
    return rows


def write_batch_table(rows: list[dict], out_dir: Path, stem: str = "screening") -> list[Path]:
    """Write the batch table as CSV (UTF-8 with BOM, opens in Excel) and XLSX; returns the paths."""
    import pandas as pd

    out_dir.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame(rows)
    csv_path, xlsx_path = out_dir / f"{stem}.csv", out_dir / f"{stem}.xlsx"
    df.to_csv(csv_path, index=False, encoding="utf-8-sig")
    df.to_excel(xlsx_path, index=False, sheet_name="screening")
    return [csv_path, xlsx_path]
