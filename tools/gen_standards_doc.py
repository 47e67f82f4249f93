"""Write docs/standards.md from the standards registry's package data.

Usage: ``python tools/gen_standards_doc.py [--check]``.  With ``--check`` the script exits 1 when
docs/standards.md differs from what it would write (for CI), without writing.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eia.standards.registry import default_registry  # noqa: E402

INTRO = """# Standards registry (`eia.standards`)

The engine keeps environmental quality standards as **data**: one CSV row per limit value under
`eia/standards/data/`, with the edition metadata in `standards.yaml` and item spellings in
`aliases.yaml`.  Code never holds a limit value.  This page is generated from those files by
`tools/gen_standards_doc.py`; do not edit the tables by hand.

## What every look-up returns

`get_limit(...)` returns a frozen `Limit` with `value`, `value_high` (pH range), `unit`, `kind`
(`max`: must not exceed; `min`: must not fall below, dissolved oxygen; `range`: pH 6-9),
`standard_id`, `class_or_grade`, `item`, `averaging_period`, `effective_date`, `valid_until`,
`phase`, `validity`, `status`, `citation` and `note`.

* `validity` is the in-force state of the row **on the assessment date**: `in force`,
  `superseded` or `not yet in force`.
* `status` equals `validity` unless the value itself is `unconfirmed` (or `draft`) in the data;
  then it stays `unconfirmed` whatever the date, and `Limit.unconfirmed` is True.  The pipeline
  must turn every unconfirmed value it uses into a `ctx.warn("standard-unconfirmed", ...)`.
* `citation` names the standard, table, row (序号) and class; where the value was checked
  against a secondary source (a transcription of the standard, a press report), that source is
  named too.

## How "in force" is decided

* An **edition** is in force on date *d* when `effective_date <= d < superseded_on`, where
  `superseded_on` is the first day the successor applies.  A **family** groups the editions of
  one standard (`ambient-air` = GB 3095-2012, GB 3095-2026); `family_for_date(family, d)`
  returns the edition in force, and `get_limit("ambient-air", assessment_date=d, ...)` uses it.
  GB 3095-2012 applies 2016-01-01 .. 2026-02-28; GB 3095-2026 from 2026-03-01.  No edition is
  returned before 2016-01-01 (GB 3095-1996 is not carried).
* A **row** may carry its own window `effective_date .. valid_until` (both inclusive).  This is
  how GB 3095-2026's two phases are stored: transitional limits (过渡阶段浓度限值) 2026-03-01 ..
  2030-12-31, final limits (浓度限值) from 2031-01-01 (clause 4.4).
* When a caller names an edition explicitly and the date lies outside it, the nearest row is
  returned with `validity` `superseded` or `not yet in force`, so a report can still quote the
  edition it was asked for.
* Without `assessment_date`, the phase is chosen for today's date; the pipeline should always
  pass the scenario's assessment date so runs are reproducible.

## Class and item conventions

* Air function classes `"1"` (一类区, 一级浓度限值) and `"2"` (二类区, 二级浓度限值); `2`,
  `"二类区"`, `"二级"` are accepted.  GB 3838 classes `"I"`..`"V"` (`"Ⅲ"`, `"III类"` accepted).
* Rows without a class (HJ 2.2-2018 Appendix D, GB 3838 Table 2) apply to any class.
* Item codes are lower case (`so2`, `pm2.5`, `nh3-n`, `codmn`, ...); Chinese and English names
  and the spellings in `aliases.yaml` are accepted; unknown items get `difflib` suggestions.
* `water_body` is `"river"` or `"lake"` (lake/reservoir, 湖、库).  GB 3838 total phosphorus has
  separate river and lake/reservoir rows; total nitrogen is defined for lakes/reservoirs only.

## Methods

**1-hour limit for HJ 2.2-2018 screening.**  The maximum ground-level concentration ratio
P_i = C_i / C_0i x 100 % uses the 1-hour limit C_0i: the GB 3095 class-2 1h limit (class 1 in a
class-1 area); for pollutants not in GB 3095, the 1h limit of the standard chosen under 5.2 (the
GB 3095 edition in force, then HJ 2.2-2018 Appendix D, then other references).  Where only an
8h, 24h or annual limit exists, it is converted to 1h by **x2, x3 or x6** respectively
(HJ 2.2-2018 5.3.1, definition of C_0i; the brief cited the clause as 5.3.2.3 - the clause
number could not be checked against a copy and is marked unverified in every citation).
`one_hour_equivalent(item, class_or_grade, standard=None, assessment_date=...)` applies this,
preferring 1h, then 8h, 24h, annual; a quarterly (season) limit is not converted.

**Single-factor class of surface water (GB 3838-2002 Table 1).**  `surface_water_class(item, c,
water_body)` returns the best class I..V whose limit the concentration meets, else `劣V`.
"Meets" is `c <= limit` for `max` items (a value equal to the limit attains the class),
`c >= limit` for dissolved oxygen, and `6 <= pH <= 9` for pH, which is common to all classes
(a pH inside the range returns `I`, outside returns `劣V`).  Class I dissolved oxygen is
"饱和率90% (或7.5)"; the 7.5 mg/L alternative is used.

**Pollution equivalents (HJ 2.3-2018 Table 1).**  `pollutant_equivalent_kg(item, medium="water")`
returns the kg per pollution equivalent of the Environmental Protection Tax Law, Annex 2; the
number of equivalents of a discharge is its mass in kg divided by this value.
"""


def _md_escape(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def _fmt(v) -> str:
    return f"{v:g}"


def build() -> str:
    reg = default_registry()
    out = [INTRO, "## Standards\n",
           "| id | title | family | published | effective | superseded on | status | rows | unconfirmed |",
           "|---|---|---|---|---|---|---|---|---|"]
    for i in reg.list_standards():
        out.append(f"| {i.id} | {i.title_zh} / {i.title_en} | {i.family} | {i.published or ''} | "
                   f"{i.effective_date} | {i.superseded_on or ''} | {i.status} | {i.n_rows} | {i.n_unconfirmed} |")
    for i in reg.list_standards():
        out.append(f"\n## {i.id} {i.title_zh}\n")
        out.append(f"{i.title_en}. Family `{i.family}`; effective {i.effective_date}"
                   + (f", superseded on {i.superseded_on} by {i.superseded_by}" if i.superseded_on else "")
                   + f". Data file `eia/standards/data/{i.data}`.\n")
        if i.note:
            out.append(i.note.strip() + "\n")
        if i.phases:
            out.append("Phases: " + "; ".join(f"{p['name']} {p['start']} .. {p['end'] or 'open'}"
                                              for p in i.phases) + ".\n")
        out.append("Sources:\n")
        out.extend(f"- {s}" for s in i.sources)
        out.append("")
        if i.kind == "equivalents":
            out.append("| medium | # | item | name | kg per equivalent | status |")
            out.append("|---|---|---|---|---|---|")
            for e in reg.pollutant_equivalents():
                seq = e.citation.split("污染当量值 ")[-1].split(".")[0] if "污染当量值 " in e.citation else ""
                out.append(f"| {e.medium} | {seq} | `{e.item}` | {e.name_zh} ({_md_escape(e.name_en)}) | "
                           f"{_fmt(e.value_kg)} | {e.status} |")
            continue
        t = reg.table(i.id)
        out.append("| table | item | name | class | period | water body | phase | limit | unit | status |")
        out.append("|---|---|---|---|---|---|---|---|---|---|")
        for _, r in t.iterrows():
            if r["kind"] == "range":
                val = f"{_fmt(r['value'])}-{_fmt(r['value_high'])}"
            else:
                val = ("≥ " if r["kind"] == "min" else "≤ ") + _fmt(r["value"])
            out.append(f"| {r['table']} | `{r['item']}` | {r['name_zh']} | {r['class_or_grade']} | "
                       f"{r['averaging_period']} | {r['water_body']} | {r['phase']} | {val} | {r['unit']} | "
                       f"{r['status']} |")
        notes = sorted({(r["status"], r["note"]) for _, r in t.iterrows() if r["note"]})
        if notes:
            out.append("\nNotes on rows (distinct):\n")
            out.extend(f"- ({s}) {_md_escape(n)}" for s, n in notes)
        cites = list(dict.fromkeys(t["citation"].str.split("; ", n=1).str[1].dropna()))
        if cites:
            out.append("\nSecondary sources named in row citations:\n")
            out.extend(f"- {_md_escape(c)}" for c in cites)
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    text = build()
    path = ROOT / "docs" / "standards.md"
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date; run python tools/gen_standards_doc.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
