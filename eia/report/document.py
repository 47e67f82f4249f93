"""The document model: chapters of headings, paragraphs, tables and figures built from results.

:func:`build_document` turns a results dict (results.json) into a :class:`Document` that every
writer (Word, Markdown, HTML, CSV/XLSX) renders, so all formats carry the same content, the same
numbering and the same numbers. Nothing here computes a value: every number printed comes from
the results dict.

Section content (docs/architecture.md, "Report-ready content in results"): each section dict of
results (``air``, ``water``, ``admission``, ``checklist``) may carry ``tables``, ``figures``,
``paragraphs``, ``geojson``, and optionally ``models`` (``[{"name", "version", "reference"}]``) and
``formulas`` (registry ids or ``{"id", "name", "expression", "source"}`` dicts). Items are placed in
the chapter named by their ``chapter`` key (default: the section's own chapter), grouped under an
optional ``subsection`` heading (``{"zh", "en"}``), and ordered by an optional numeric ``order``
(default: paragraphs, then tables, then figures, in the order the section listed them).

References
----------
HJ 130-2019 《规划环境影响评价技术导则 总纲》, 附录 (contents of a planning-EIA report);
HJ 131-2021 《开发区区域环境影响评价技术导则》, 4 (report chapters); GB/T 7713.1-2006, 5.3–5.4
(tables and figures numbered by chapter).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eia.report.figures import isolines_geojson, load_figure_data, render_figure
from eia.report.formulas import formulas_in_use, resolve_formula
from eia.report.i18n import CHAPTER_KEYS, chapter_title, label, text
from eia.report.summaries import derived_models, grades_table, item_label, receptors_table
from eia.report.tables import validate_table

__all__ = ["Heading", "Paragraph", "TableBlock", "FigureBlock", "Chapter", "Document", "build_document", "SECTION_KEYS"]

#: Results keys that hold section dicts, in report order, with their default chapter.
SECTION_KEYS = {"air": "air", "water": "water", "admission": "admission", "checklist": "checklist"}


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str
    style: str = "body"  # body | note | provenance | bullet


@dataclass
class TableBlock:
    number: str  # "1-1" / "A-1"
    title: str
    table: dict  # the contract table dict (raw values)
    lang: str

    def caption(self) -> str:
        return f"{label('table', self.lang)} {self.number} {self.title}".strip()


@dataclass
class FigureBlock:
    number: str
    title: str
    figure: dict
    lang: str
    png: bytes | None = None
    error: str | None = None

    def caption(self) -> str:
        return f"{label('figure', self.lang)} {self.number} {self.title}".strip()


@dataclass
class Chapter:
    key: str
    number: str  # "1", "2", ..., "A" for the appendix
    title: str
    blocks: list = field(default_factory=list)

    def heading(self, lang: str) -> str:
        if self.key == "appendix":
            return f"{self.title}" if lang == "zh" else self.title
        return f"{self.number} {self.title}"


@dataclass
class Document:
    lang: str
    title: str
    engine: str
    version: str
    scenario_file: str
    scenario_sha256: str
    standards_line: str
    chapters: list[Chapter]
    geojson: list[dict]

    def tables(self) -> list[TableBlock]:
        return [b for c in self.chapters for b in c.blocks if isinstance(b, TableBlock)]

    def figures(self) -> list[FigureBlock]:
        return [b for c in self.chapters for b in c.blocks if isinstance(b, FigureBlock)]


# --------------------------------------------------------------------------- collection
def _section_items(results: dict) -> list[dict]:
    """Every paragraph/table/figure of every section, tagged with kind, chapter and position."""
    items = []
    seq = 0
    for skey, default_chapter in SECTION_KEYS.items():
        sec = results.get(skey)
        if not isinstance(sec, dict):
            continue
        for kind, base in (("paragraph", 0), ("table", 1), ("figure", 2)):
            for i, it in enumerate(sec.get(kind + "s") or []):
                where = f"results[{skey!r}][{kind + 's'!r}][{i}]"
                if not isinstance(it, dict):
                    raise ValueError(f"{where}: expected a dict, got {type(it).__name__}")
                if kind == "table":
                    validate_table(it, where)
                if kind == "figure" and "kind" not in it:
                    raise ValueError(f"{where}: figure has no 'kind'")
                ch = it.get("chapter") or default_chapter
                if ch not in CHAPTER_KEYS:
                    raise ValueError(f"{where}: chapter {ch!r} is not one of {CHAPTER_KEYS}")
                seq += 1
                order = it.get("order")
                items.append({"kind": kind, "item": it, "chapter": ch, "section": skey,
                              "sort": (float(order) if isinstance(order, (int, float)) else base, seq)})
    return items


def _standards_line(results: dict, lang: str) -> str:
    ids = [s.get("standard_id", "") for s in results.get("standards") or []]
    return label("list_sep", lang).join(ids) if ids else label("no_standards", lang)


def _provenance(results: dict, lang: str) -> Paragraph:
    eng = results.get("engine") or {}
    sc = results.get("scenario") or {}
    return Paragraph(
        label("provenance", lang, engine=eng.get("name", "eia-engine"), version=eng.get("version", "?"),
              file=sc.get("file", "?"), sha=sc.get("sha256", "?"), standards=_standards_line(results, lang)),
        "provenance",
    )


def _data_note(results: dict, lang: str) -> Paragraph | None:
    note = ((results.get("scenario") or {}).get("meta") or {}).get("data_note")
    if not note:
        return None
    return Paragraph(f"{label('g.data_note', lang)}：{text(note, lang)}" if lang == "zh" else f"{label('g.data_note', lang)}: {text(note, lang)}", "note")


def _col(key: str, lab: str, lang: str, unit: str | None = None, fmt: str | None = None) -> dict:
    return {"key": key, "label": label(lab, lang) if "." in lab else lab, "unit": unit, "format": fmt}


def _cluster_table(results: dict, lang: str) -> dict:
    sc = results.get("scenario") or {}
    cl = sc.get("cluster") or {}
    zh = lang == "zh"
    rows = []

    def add(k: str, v: Any, unit: str | None = None, fmt: str | None = None):
        if v is None or v == "" or v == []:
            return
        rows.append({"item": label(k, lang), "value": v, "unit": unit, "_fmt": fmt})

    name = cl.get("name")
    if not zh and cl.get("name_en"):
        name = f"{cl['name_en']} ({cl.get('name')})"
    add("c.name", name)
    loc = cl.get("location") or {}
    place = "".join(x for x in (loc.get("province"), loc.get("city"), loc.get("county")) if x) if zh else \
        ", ".join(x for x in (loc.get("county"), loc.get("city"), loc.get("province")) if x)
    add("c.location", place)
    if "latitude_deg" in loc and "longitude_deg" in loc:
        add("c.origin", f"{loc['latitude_deg']}°N, {loc['longitude_deg']}°E")
    add("c.area", cl.get("area_km2"), "km²")
    add("c.built", cl.get("built_area_km2"), "km²")
    add("c.development", cl.get("development_area_km2"), "km²")
    inds = cl.get("leading_industries") or []
    if inds:
        names = [(i.get("name") if zh else (i.get("name_en") or i.get("name"))) for i in inds]
        add("c.industries", label("list_sep", lang).join(n for n in names if n))
    ph = cl.get("planning_horizon") or {}
    parts = []
    if ph.get("base_year"):
        parts.append(label("c.base_year", lang, y=ph["base_year"]))
    if ph.get("near_term_year"):
        parts.append(label("c.near_year", lang, y=ph["near_term_year"]))
    if ph.get("long_term_year"):
        parts.append(label("c.long_year", lang, y=ph["long_term_year"]))
    add("c.horizon", label("list_sep", lang).join(parts) if parts else None)
    add("c.enterprises", cl.get("enterprise_count"))
    add("c.employees", cl.get("employees"))
    add("c.description", cl.get("description"))
    # A value column of mixed content: numbers keep their raw value (formatted with 'g').
    for r in rows:
        if r["unit"]:
            r["item"] = f"{r['item']}（{r['unit']}）" if zh else f"{r['item']} ({r['unit']})"
        r.pop("unit")
        r.pop("_fmt")
    return {
        "id": "general.cluster", "chapter": "general",
        "title": {lang: label("g.cluster_table", lang)},
        "columns": [_col("item", "c.item", lang), _col("value", "c.value", lang)],
        "rows": rows,
    }


def _standards_table(results: dict, lang: str) -> dict | None:
    std = results.get("standards") or []
    if not std:
        return None
    sep = label("list_sep", lang)
    rows = []
    for s in std:
        title = s.get("title_zh") if lang == "zh" else (s.get("title_en") or s.get("title_zh"))
        sid = s.get("standard_id", "")
        rows.append({
            "standard": f"{sid} {title}" if title else sid,
            "items": sep.join(item_label(i, lang) for i in s.get("items") or []),
            "unconfirmed": sep.join(item_label(i, lang) for i in s.get("unconfirmed") or []) or None,
        })
    return {
        "id": "general.standards", "chapter": "general", "title": {lang: label("g.standards_table", lang)},
        "columns": [_col("standard", "s.standard", lang), _col("items", "s.items", lang), _col("unconfirmed", "s.unconfirmed", lang)],
        "rows": rows,
    }


def _models_table(results: dict, lang: str) -> dict | None:
    rows = []
    for skey in SECTION_KEYS:
        sec = results.get(skey)
        if not isinstance(sec, dict):
            continue
        for m in sec.get("models") or []:
            if isinstance(m, str):
                m = {"name": m}
            rows.append({
                "chapter": chapter_title(SECTION_KEYS[skey], lang),
                "model": text(m.get("name"), lang),
                "version": m.get("version"),
                "reference": text(m.get("reference") or m.get("citation"), lang) or None,
            })
    rows += derived_models(results, lang)
    if not rows:
        return None
    return {
        "id": "general.models", "chapter": "general", "title": {lang: label("g.models_table", lang)},
        "columns": [_col("chapter", "m.section", lang), _col("model", "m.model", lang), _col("version", "m.version", lang),
                    _col("reference", "m.reference", lang)],
        "rows": rows,
    }


def _warnings_table(results: dict, lang: str) -> dict | None:
    w = results.get("warnings") or []
    if not w:
        return None
    return {
        "id": "general.warnings", "chapter": "general", "title": {lang: label("g.warnings_table", lang)},
        "columns": [_col("code", "w.code", lang), _col("message", "w.message", lang)],
        "rows": [{"code": x.get("code", ""), "message": text(x.get("message", ""), lang)} for x in w],
    }


def _formulas_table(results: dict, lang: str) -> dict | None:
    seen: dict[str, dict] = {}
    for skey in SECTION_KEYS:
        sec = results.get(skey)
        if not isinstance(sec, dict):
            continue
        listed = sec.get("formulas")
        for i, f in enumerate(listed if listed is not None else formulas_in_use(skey, sec)):
            fd = resolve_formula(f, f"results[{skey!r}]['formulas'][{i}]")
            seen.setdefault(str(fd.get("id", f"{skey}.{i}")), fd)
    if not seen:
        return None
    rows = [{"id": k, "name": text(v.get("name"), lang), "expression": v.get("expression"), "source": text(v.get("source"), lang)}
            for k, v in seen.items()]
    return {
        "id": "appendix.formulas", "chapter": "appendix", "title": {lang: label("a.formulas_table", lang)},
        "columns": [_col("id", "f.id", lang), _col("name", "f.name", lang), _col("expression", "f.expression", lang),
                    _col("source", "f.source", lang)],
        "rows": rows,
    }


def _industries_table(results: dict, lang: str) -> dict | None:
    inds = ((results.get("scenario") or {}).get("cluster") or {}).get("leading_industries") or []
    if not inds:
        return None
    rows = [{"industry": i.get("name") if lang == "zh" else (i.get("name_en") or i.get("name")),
             "codes": label("list_sep", lang).join(i.get("gbt4754_codes") or [])} for i in inds]
    return {
        "id": "appendix.industries", "chapter": "appendix", "title": {lang: label("a.industries_table", lang)},
        "columns": [_col("industry", "i.industry", lang), _col("codes", "i.codes", lang)],
        "rows": rows,
    }


def _boundary_table(results: dict, lang: str) -> dict | None:
    b = (((results.get("scenario") or {}).get("cluster") or {}).get("boundary") or {}).get("coordinates_m") or []
    if not b:
        return None
    return {
        "id": "appendix.boundary", "chapter": "appendix", "title": {lang: label("a.boundary_table", lang)},
        "columns": [_col("vertex", "b.vertex", lang), {"key": "x_m", "label": "x", "unit": "m", "format": ".1f"},
                    {"key": "y_m", "label": "y", "unit": "m", "format": ".1f"}],
        "rows": [{"vertex": i + 1, "x_m": v[0], "y_m": v[1]} for i, v in enumerate(b)],
    }


# --------------------------------------------------------------------------- assembly
class _Numberer:
    def __init__(self, chapter: Chapter, lang: str):
        self.chapter, self.lang, self.nt, self.nf = chapter, lang, 0, 0

    def table(self, t: dict) -> TableBlock:
        self.nt += 1
        return TableBlock(f"{self.chapter.number}-{self.nt}", text(t.get("title"), self.lang) or str(t["id"]), t, self.lang)

    def figure(self, f: dict) -> FigureBlock:
        self.nf += 1
        return FigureBlock(f"{self.chapter.number}-{self.nf}", text(f.get("title"), self.lang) or str(f.get("id", "")), f, self.lang)


#: Subsection of a table or figure that names none, by id prefix (longest match wins), from the
#: ids documented in docs/results/<section>.md. Paragraphs (no id) open the chapter.
DEFAULT_SUBSECTIONS: dict[str, dict[str, str]] = {
    "air.emissions": {"zh": "污染源与排放总量", "en": "Sources and total load"},
    "air.total_load": {"zh": "污染源与排放总量", "en": "Sources and total load"},
    "air.estimation": {"zh": "估算模式与评价等级", "en": "Screening and assessment grade"},
    "air.grade": {"zh": "估算模式与评价等级", "en": "Screening and assessment grade"},
    "air.met": {"zh": "气象特征", "en": "Meteorology"},
    "air.wind_rose": {"zh": "气象特征", "en": "Meteorology"},
    "air.predictions": {"zh": "预测与评价结果", "en": "Prediction results"},
    "air.contour": {"zh": "预测与评价结果", "en": "Prediction results"},
    "air.regional_change": {"zh": "预测与评价结果", "en": "Prediction results"},
    "air.protection": {"zh": "大气环境防护距离", "en": "Air protection distance"},
    "water.grade": {"zh": "评价等级", "en": "Assessment grade"},
    "water.sections": {"zh": "水质预测结果", "en": "Predicted water quality"},
    "water.profile": {"zh": "水质预测结果", "en": "Predicted water quality"},
    "water.nearfield": {"zh": "排污口近区", "en": "Near field of the outfall"},
    "water.capacity": {"zh": "水环境容量", "en": "Assimilative capacity"},
    "water.capacity.uncertainty": {"zh": "不确定性分析", "en": "Uncertainty"},
    "water.allocation": {"zh": "允许排放量分配", "en": "Allocation of permissible loads"},
    "admission.criteria": {"zh": "生态环境准入清单", "en": "Admission list"},
    "admission.screening": {"zh": "入园项目筛查", "en": "Screening of applicants"},
    "admission.verdicts": {"zh": "入园项目筛查", "en": "Screening of applicants"},
    "admission.map": {"zh": "入园项目筛查", "en": "Screening of applicants"},
    "admission.budgets": {"zh": "总量指标占用", "en": "Load budgets"},
    "admission.detail": {"zh": "项目筛查明细", "en": "Screening details"},
}


def _default_subsection(item: dict) -> Any:
    ident = str(item.get("id", ""))
    best = ""
    for prefix in DEFAULT_SUBSECTIONS:
        if (ident == prefix or ident.startswith(prefix + ".")) and len(prefix) > len(best):
            best = prefix
    return DEFAULT_SUBSECTIONS.get(best)


def _emit(chapter: Chapter, num: _Numberer, items: list[dict], lang: str, sub_prefix: str, sub_start: int,
          defaults: bool = False) -> int:
    """Append items grouped by ``subsection`` (ungrouped first); return the next subsection number.

    With ``defaults``, a table or figure without ``subsection`` is grouped by its id
    (:data:`DEFAULT_SUBSECTIONS`) when at least two groups result.
    """
    def key(it: dict) -> str:
        sub = it["item"].get("subsection")
        if sub is None and defaults and it["kind"] != "paragraph":
            sub = _default_subsection(it["item"])
        return text(sub, lang)

    ordered = sorted(items, key=lambda x: x["sort"])
    names = {key(it) for it in ordered}
    if defaults and len(names - {""}) < 2 and not any(it["item"].get("subsection") for it in ordered):
        names = {""}
        key = lambda it: ""  # noqa: E731 - one group needs no heading
    groups: dict[str, list[dict]] = {}
    for it in ordered:
        groups.setdefault(key(it), []).append(it)
    n = sub_start
    for name, group in sorted(groups.items(), key=lambda kv: (kv[0] != "", 0)):
        if name:
            chapter.blocks.append(Heading(2 + sub_prefix.count("."), f"{sub_prefix}.{n} {name}"))
            n += 1
        for it in group:
            obj = it["item"]
            if it["kind"] == "paragraph":
                chapter.blocks.append(Paragraph(text(obj, lang), obj.get("style", "body") if obj.get("style") in ("body", "note", "bullet") else "body"))
            elif it["kind"] == "table":
                chapter.blocks.append(num.table(obj))
            else:
                chapter.blocks.append(num.figure(obj))
    return n


def _general_bucket(item: dict) -> str:
    ident = str(item["item"].get("id", "")).lower()
    if any(k in ident for k in ("receptor", "sensitive")):
        return "receptors"
    if "model" in ident:
        return "models"
    return "grades"


def build_document(results: dict, lang: str | None = None, *, base_dir: Path | None = None, render_figures: bool = True,
                   dpi: int = 200) -> Document:
    """Build the chapters of a results dict.

    Parameters
    ----------
    results : dict
        The content of results.json (docs/architecture.md).
    lang : {"zh", "en"}, optional
        Language of the chapters; default ``results["scenario"]["meta"]["language"]`` (or zh).
    base_dir : Path, optional
        Run directory, against which figures' ``data_file`` paths are resolved.
    render_figures : bool
        Draw the figures (PNG). False leaves ``FigureBlock.png`` empty (for quick checks).

    Raises
    ------
    ValueError
        If results is not a dict or a section's content breaks the contract (naming where).
    """
    if not isinstance(results, dict):
        raise ValueError(f"results: expected a dict (the content of results.json), got {type(results).__name__}")
    meta = (results.get("scenario") or {}).get("meta") or {}
    lang = lang or meta.get("language") or "zh"
    if lang not in ("zh", "en"):
        raise ValueError(f"language: got {lang!r}; expected 'zh' or 'en'")
    zh = lang == "zh"
    title = (meta.get("title") if zh else (meta.get("title_en") or meta.get("title"))) or "EIA"
    eng = results.get("engine") or {}
    sc = results.get("scenario") or {}
    items = _section_items(results)
    by_chapter: dict[str, list[dict]] = {k: [] for k in CHAPTER_KEYS}
    for it in items:
        by_chapter[it["chapter"]].append(it)

    present = ["general"] + [k for k in CHAPTER_KEYS[1:-1] if by_chapter[k]] + ["appendix"]
    chapters: list[Chapter] = []
    for i, key in enumerate(present, start=1):
        number = "A" if key == "appendix" else str(i)
        chapters.append(Chapter(key, number, chapter_title(key, lang)))

    numberers: dict[str, _Numberer] = {}
    for ch in chapters:
        num = _Numberer(ch, lang)
        numberers[ch.key] = num
        ch.blocks.append(_provenance(results, lang))
        note = _data_note(results, lang)
        if note is not None:
            ch.blocks.append(note)
        if ch.key == "general":
            _build_general(ch, num, results, by_chapter["general"], lang, title)
        elif ch.key == "appendix":
            _build_appendix(ch, num, results, by_chapter["appendix"], lang)
        else:
            _emit(ch, num, by_chapter[ch.key], lang, ch.number, 1, defaults=True)

    doc = Document(
        lang=lang, title=title, engine=eng.get("name", "eia-engine"), version=str(eng.get("version", "?")),
        scenario_file=str(sc.get("file", "?")), scenario_sha256=str(sc.get("sha256", "?")),
        standards_line=_standards_line(results, lang), chapters=chapters,
        geojson=[g for s in SECTION_KEYS if isinstance(results.get(s), dict) for g in (results[s].get("geojson") or [])],
    )
    section_ids = {str(g.get("id")) for g in doc.geojson if isinstance(g, dict)}
    for fb in doc.figures():
        # Isolines of every contour map as GeoJSON, unless the section wrote that layer itself.
        fid = str(fb.figure.get("id", ""))
        if fb.figure.get("kind") != "contour" or fid in section_ids:
            continue
        try:
            fc = isolines_geojson(load_figure_data(fb.figure, base_dir), fid)
        except (ValueError, KeyError, TypeError) as exc:
            fb.error = f"{type(exc).__name__}: {exc}"
            continue
        doc.geojson.append({"id": f"{fid}.isolines", "chapter": fb.figure.get("chapter"), "title": fb.figure.get("title"),
                            "features": fc})
    if render_figures:
        for fb in doc.figures():
            try:
                fb.png = render_figure(fb.figure, lang, fmt="png", dpi=dpi, base_dir=base_dir)
            except (ValueError, KeyError, TypeError, IndexError) as exc:
                # One malformed figure must not lose the whole report: print the reason in its place.
                fb.error = f"{type(exc).__name__}: {exc}"
    files = _files_table(doc, lang, render_figures)
    if files is not None:
        chapters[-1].blocks.append(numberers["appendix"].table(files))
    return doc


def _files_table(doc: Document, lang: str, rendered: bool) -> dict | None:
    """Which file under ``chapters/`` holds each table, figure and GeoJSON layer."""
    from eia.report import naming

    rows = []
    for b in doc.tables():
        rows.append({"kind": label("table", lang), "number": b.number, "title": b.title,
                     "file": "tables/" + naming.table_filename(b.number, str(b.table["id"]))})
    for b in doc.figures():
        rows.append({"kind": label("figure", lang), "number": b.number, "title": b.title,
                     "file": None if rendered and b.png is None else "figures/" + naming.figure_filename(b.number)})
    for g in doc.geojson:
        if isinstance(g, dict) and g.get("id"):
            rows.append({"kind": "GeoJSON", "number": None, "title": text(g.get("title"), lang) or None,
                         "file": "geojson/" + naming.geojson_filename(str(g["id"]))})
    if not rows:
        return None
    return {
        "id": "appendix.files", "chapter": "appendix", "title": {lang: label("a.files_table", lang)},
        "columns": [_col("kind", "o.kind", lang), _col("number", "o.number", lang), _col("title", "o.title", lang),
                    _col("file", "o.file", lang)],
        "rows": rows,
    }


def _build_general(ch: Chapter, num: _Numberer, results: dict, items: list[dict], lang: str, title: str) -> None:
    meta = (results.get("scenario") or {}).get("meta") or {}
    n = ch.number
    ch.blocks.append(Paragraph(label("g.intro", lang, title=title, date=meta.get("assessment_date", "?"))))
    buckets: dict[str, list[dict]] = {"grades": [], "receptors": [], "models": []}
    for it in items:
        buckets[_general_bucket(it)].append(it)

    ch.blocks.append(Heading(2, f"{n}.1 {label('g.scenario', lang)}"))
    ch.blocks.append(num.table(_cluster_table(results, lang)))

    ch.blocks.append(Heading(2, f"{n}.2 {label('g.standards', lang)}"))
    st = _standards_table(results, lang)
    if st is not None:
        ch.blocks.append(num.table(st))
        if any(s.get("unconfirmed") for s in results.get("standards") or []):
            ch.blocks.append(Paragraph(label("g.unconfirmed_note", lang), "note"))
    else:
        sel = meta.get("standards") or {}
        ch.blocks.append(Paragraph(label("list_sep", lang).join(f"{k}: {v}" for k, v in sel.items()) or label("no_standards", lang)))

    ch.blocks.append(Heading(2, f"{n}.3 {label('g.grades', lang)}"))
    gt = grades_table(results, lang)
    if gt is not None:
        ch.blocks.append(num.table(gt))
    if buckets["grades"]:
        _emit(ch, num, buckets["grades"], lang, f"{n}.3", 1)
    if gt is None and not buckets["grades"]:
        ch.blocks.append(Paragraph(label("g.no_grades", lang)))

    ch.blocks.append(Heading(2, f"{n}.4 {label('g.receptors', lang)}"))
    rt = receptors_table(results, lang)
    if rt is not None:
        ch.blocks.append(num.table(rt))
    if buckets["receptors"]:
        _emit(ch, num, buckets["receptors"], lang, f"{n}.4", 1)
    if rt is None and not buckets["receptors"]:
        has_sections = any(isinstance(results.get(k), dict) for k in ("air", "water"))
        ch.blocks.append(Paragraph(label("g.receptors_in_chapters" if has_sections else "g.no_receptors", lang)))

    ch.blocks.append(Heading(2, f"{n}.5 {label('g.models', lang)}"))
    mt = _models_table(results, lang)
    if mt is not None:
        ch.blocks.append(num.table(mt))
    if buckets["models"]:
        _emit(ch, num, buckets["models"], lang, f"{n}.5", 1)
    if mt is None and not buckets["models"]:
        ch.blocks.append(Paragraph(label("g.no_models", lang)))

    ch.blocks.append(Heading(2, f"{n}.6 {label('g.data_note', lang)}"))
    note = meta.get("data_note")
    ch.blocks.append(Paragraph(text(note, lang) if note else label("g.no_data_note", lang)))

    ch.blocks.append(Heading(2, f"{n}.7 {label('g.warnings', lang)}"))
    wt = _warnings_table(results, lang)
    ch.blocks.append(num.table(wt) if wt is not None else Paragraph(label("g.no_warnings", lang)))


def _build_appendix(ch: Chapter, num: _Numberer, results: dict, items: list[dict], lang: str) -> None:
    sub = 1
    ft = _formulas_table(results, lang)
    if ft is not None:
        ch.blocks.append(Heading(2, f"A.{sub} {label('a.formulas', lang)}"))
        ch.blocks.append(num.table(ft))
        sub += 1
    ch.blocks.append(Heading(2, f"A.{sub} {label('a.inputs', lang)}"))
    sub += 1
    for t in (_industries_table(results, lang), _boundary_table(results, lang)):
        if t is not None:
            ch.blocks.append(num.table(t))
    sub = _emit(ch, num, items, lang, "A", sub)
    ch.blocks.append(Heading(2, f"A.{sub} {label('a.files', lang)}"))
    ch.blocks.append(Paragraph(label("a.files_text", lang)))
