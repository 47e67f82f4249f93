"""Regulatory checklists as data: what a planning-EIA report must contain and settle.

Checklists (``eia/checklists/data/*.yaml``) list items with a clause citation and a declarative
check over the document ``{"scenario": <validated scenario>, "results": <results dict>}``:

- ``{exists: PATH}`` — the path exists and is not empty (None, "", [], {} count as empty);
- ``{in: PATH, values: [...]}`` — the value is one of ``values``;
- ``{eq|ne|gte|lte|gt|lt: PATH, value: X}`` — comparisons;
- ``{len_gte: PATH, value: N}`` — a list/mapping with at least N entries;
- ``{covers: PATH, values: [...]}`` — the values found (wildcard path) include every one of ``values``;
- ``{all: [checks]}``, ``{any: [checks]}``, ``{not: check}``.

A PATH is dotted (``results.air.grade.grade``); ``*`` maps over a list or mapping
(``scenario.air.point_sources.*.stack_height_m``), and a wildcard path "exists" when it yields at
least one value and every value is non-empty. An item may have ``applies_if`` (a check): when it is
false the item is "not applicable". Each item evaluates to ``satisfied``, ``missing`` or
``not_applicable`` with its evidence.

``evaluate(ctx, results)`` is called by :func:`eia.pipeline.compute_results` for every run.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from eia.schema_base import StrictModel

__all__ = ["evaluate", "evaluate_items", "evaluate_document", "scenario_document", "load_checklists", "Checklist", "ChecklistItem", "check", "resolve_path", "DATA_DIR"]

DATA_DIR = Path(__file__).parent / "data"
_MISSING = object()
_OPS = ("exists", "covers", "in", "eq", "ne", "gte", "lte", "gt", "lt", "len_gte", "all", "any", "not")


class Bilingual(StrictModel):
    zh: str = Field(..., min_length=1)
    en: str = Field(..., min_length=1)


class ChecklistItem(StrictModel):
    """One item: what must be present or settled, where the requirement is written, how to check it."""

    id: str = Field(..., min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    text: Bilingual
    clause: str = Field(..., min_length=1, description="Standard and clause, e.g. 'HJ 2.2-2018 5.3'")
    check: dict[str, Any]
    applies_if: dict[str, Any] | None = None
    verified_clause: bool = Field(True, description="False when the clause number could not be checked against the text")

    @model_validator(mode="after")
    def _checks(self):
        _validate_check(self.check, "check")
        if self.applies_if is not None:
            _validate_check(self.applies_if, "applies_if")
        return self


class Checklist(StrictModel):
    id: str = Field(..., min_length=1)
    title: Bilingual
    standard: str = Field(..., min_length=1, description="Standard the checklist follows, e.g. 'HJ 130-2019'")
    note: str | None = None
    items: list[ChecklistItem] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        ids = [i.id for i in self.items]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"duplicate item ids: {dup}")
        return self


def _validate_check(c: Any, where: str) -> None:
    if not isinstance(c, dict):
        raise ValueError(f"{where}: a check is a mapping such as {{exists: results.air}}, got {c!r}")
    ops = [k for k in c if k in _OPS]
    if len(ops) != 1:
        raise ValueError(f"{where}: exactly one operator expected among {', '.join(_OPS)}; got keys {list(c)}")
    op = ops[0]
    extra = set(c) - {op, "values", "value"}
    if extra:
        raise ValueError(f"{where}: unknown key(s) {sorted(extra)} next to {op!r}")
    if op in ("all", "any"):
        if not isinstance(c[op], list) or not c[op]:
            raise ValueError(f"{where}.{op}: expected a non-empty list of checks")
        for i, sub in enumerate(c[op]):
            _validate_check(sub, f"{where}.{op}[{i}]")
    elif op == "not":
        _validate_check(c[op], f"{where}.not")
    else:
        if not isinstance(c[op], str) or not re.match(r"^(scenario|results)(\.[^.]+)*$", c[op]):
            raise ValueError(f"{where}.{op}: expected a dotted path starting with 'scenario' or 'results', got {c[op]!r}")
        if op in ("in", "covers") and not isinstance(c.get("values"), list):
            raise ValueError(f"{where}: {op!r} needs 'values: [...]'")
        if op in ("eq", "ne", "gte", "lte", "gt", "lt", "len_gte") and "value" not in c:
            raise ValueError(f"{where}: {op!r} needs 'value'")


# ------------------------------------------------------------------------------ evaluation
def resolve_path(doc: Any, path: str) -> Any:
    """Values at a dotted path; ``*`` maps over lists/mappings (returns a list). Missing -> sentinel."""
    cur: list = [doc]
    wildcard = "*" in path.split(".")
    for part in path.split("."):
        nxt = []
        for obj in cur:
            if part == "*":
                if isinstance(obj, dict):
                    nxt.extend(obj.values())
                elif isinstance(obj, list):
                    nxt.extend(obj)
            elif isinstance(obj, dict) and part in obj:
                nxt.append(obj[part])
            elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
                nxt.append(obj[int(part)])
        cur = nxt
        if not cur:
            return [] if wildcard else _MISSING
    return cur if wildcard else cur[0]


def _empty(v: Any) -> bool:
    return v is None or v is _MISSING or (isinstance(v, (str, list, dict, tuple)) and len(v) == 0)


def _short(v: Any) -> str:
    if v is _MISSING:
        return "(absent)"
    if isinstance(v, list) and v and isinstance(v[0], (dict, list)):
        return f"[{len(v)} item(s)]"
    if isinstance(v, dict):
        keys = list(v)
        return "{" + ", ".join(map(str, keys[:6])) + (", ..." if len(keys) > 6 else "") + "}"
    r = repr(v)
    return r if len(r) <= 80 else r[:77] + "..."


def check(c: dict, doc: dict) -> tuple[bool, str]:
    """Evaluate a declarative check against ``doc``; returns (ok, evidence text)."""
    op = next(k for k in c if k in _OPS)
    if op == "all":
        res = [check(s, doc) for s in c[op]]
        return all(r[0] for r in res), " AND ".join(r[1] for r in res)
    if op == "any":
        res = [check(s, doc) for s in c[op]]
        return any(r[0] for r in res), " OR ".join(r[1] for r in res)
    if op == "not":
        ok, ev = check(c[op], doc)
        return (not ok), f"NOT({ev})"
    path = c[op]
    v = resolve_path(doc, path)
    if op == "exists":
        if isinstance(v, list) and "*" in path:
            ok = bool(v) and not any(_empty(x) for x in v)
            return ok, f"{path}: {len(v)} value(s){'' if ok else ' (some empty or none)'}"
        return (not _empty(v)), f"{path} = {_short(v)}"
    if v is _MISSING:
        return False, f"{path} absent"
    vals = v if (isinstance(v, list) and "*" in path) else [v]
    if not vals:
        return False, f"{path}: no values"
    if op == "covers":
        lacking = [x for x in c["values"] if x not in vals]
        return not lacking, f"{path}: {'covers ' + str(c['values']) if not lacking else 'lacks ' + str(lacking)}"
    if op == "in":
        ok = all(x in c["values"] for x in vals)
        return ok, f"{path} = {_short(v)} {'in' if ok else 'not in'} {c['values']}"
    if op == "len_gte":
        n = len(v) if isinstance(v, (list, dict, str)) else 0
        return n >= c["value"], f"len({path}) = {n} (need >= {c['value']})"
    ref = c["value"]
    cmp = {"eq": lambda a: a == ref, "ne": lambda a: a != ref, "gte": lambda a: a >= ref, "lte": lambda a: a <= ref,
           "gt": lambda a: a > ref, "lt": lambda a: a < ref}[op]
    try:
        ok = all(cmp(x) for x in vals)
    except TypeError:
        return False, f"{path} = {_short(v)} not comparable with {ref!r}"
    return ok, f"{path} = {_short(v)} ({op} {ref!r}: {'yes' if ok else 'no'})"


@lru_cache(maxsize=8)
def _load(path: str) -> Checklist:
    from eia.loader import load_model

    inst, _ = load_model(Checklist, path)
    return inst


def load_checklists(directory: str | Path | None = None) -> list[Checklist]:
    """Every checklist in ``directory`` (default: the bundled ones), validated (file:line errors)."""
    d = Path(directory) if directory else DATA_DIR
    return [_load(str(p.resolve())) for p in sorted(d.glob("*.yaml"))]


def evaluate_items(checklist: Checklist, doc: dict) -> list[dict]:
    """Evaluate every item of one checklist against ``{"scenario": ..., "results": ...}``."""
    out = []
    for item in checklist.items:
        status: Literal["satisfied", "missing", "not_applicable"]
        if item.applies_if is not None:
            applies, ev_a = check(item.applies_if, doc)
            if not applies:
                out.append({"checklist": checklist.id, "id": item.id, "text": item.text.model_dump(), "clause": item.clause,
                            "verified_clause": item.verified_clause, "status": "not_applicable", "evidence": f"not applicable: {ev_a}"})
                continue
        ok, ev = check(item.check, doc)
        status = "satisfied" if ok else "missing"
        out.append({"checklist": checklist.id, "id": item.id, "text": item.text.model_dump(), "clause": item.clause,
                    "verified_clause": item.verified_clause, "status": status, "evidence": ev})
    return out


_STATUS = {"satisfied": {"zh": "已满足", "en": "satisfied"}, "missing": {"zh": "缺失", "en": "missing"},
           "not_applicable": {"zh": "不适用", "en": "not applicable"}}


def evaluate_document(doc: dict, checklists: list[Checklist] | None = None) -> dict:
    """Evaluate all checklists against a document; returns the ``results['checklist']`` dict."""
    checklists = checklists if checklists is not None else load_checklists()
    items: list[dict] = []
    lists = []
    for cl in checklists:
        res = evaluate_items(cl, doc)
        items += res
        counts = {s: sum(1 for r in res if r["status"] == s) for s in _STATUS}
        lists.append({"id": cl.id, "title": cl.title.model_dump(), "standard": cl.standard, "counts": counts})
    tables = []
    for cl, meta in zip(checklists, lists):
        rows = [{"id": r["id"], "item": r["text"], "clause": r["clause"] + ("" if r["verified_clause"] else " (条款号未核实)"),
                 "status": _STATUS[r["status"]], "evidence": r["evidence"]} for r in items if r["checklist"] == cl.id]
        tables.append({
            "id": f"checklist.{cl.id}", "chapter": "checklist", "title": cl.title.model_dump(),
            "columns": [
                {"key": "id", "label": {"zh": "编号", "en": "Id"}, "unit": None, "format": None},
                {"key": "item", "label": {"zh": "检查项", "en": "Item"}, "unit": None, "format": None},
                {"key": "clause", "label": {"zh": "依据条款", "en": "Clause"}, "unit": None, "format": None},
                {"key": "status", "label": {"zh": "状态", "en": "Status"}, "unit": None, "format": None},
                {"key": "evidence", "label": {"zh": "证据", "en": "Evidence"}, "unit": None, "format": None},
            ],
            "rows": rows,
            "notes": {"zh": [f"已满足 {meta['counts']['satisfied']} 项，缺失 {meta['counts']['missing']} 项，不适用 {meta['counts']['not_applicable']} 项。"],
                      "en": [f"{meta['counts']['satisfied']} satisfied, {meta['counts']['missing']} missing, {meta['counts']['not_applicable']} not applicable."]},
        })
    total = {s: sum(m["counts"][s] for m in lists) for s in _STATUS}
    return {
        "checklists": lists,
        "items": items,
        "summary": total,
        "tables": tables,
        "figures": [],
        "paragraphs": [{"chapter": "checklist",
                        "zh": f"对照 {'、'.join(m['standard'] for m in lists)} 的编制要求逐项检查：已满足 {total['satisfied']} 项，缺失 {total['missing']} 项，不适用 {total['not_applicable']} 项。",
                        "en": f"Checked against {', '.join(m['standard'] for m in lists)}: {total['satisfied']} satisfied, {total['missing']} missing, {total['not_applicable']} not applicable."}],
    }


def scenario_document(scenario, results: dict) -> dict:
    """The document checks run against: the validated scenario (as JSON) and the results."""
    return {"scenario": scenario.model_dump(mode="json") if scenario is not None else {}, "results": results}


def evaluate(ctx, results: dict) -> dict:
    """Evaluate the bundled checklists for a run (called by :func:`eia.pipeline.compute_results`)."""
    out = evaluate_document(scenario_document(ctx.scenario, results))
    return out
