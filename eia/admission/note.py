"""Screening notes (筛查意见) for one application: Markdown and .docx, from the screening dict only."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from eia.admission.engine import VERDICTS
from eia.admission.pipeline import _evidence_text

__all__ = ["note_markdown", "write_note_docx"]


def _source(r: dict) -> str:
    s = r["source"]
    return s["document"] + (f" {s['clause']}" if s.get("clause") else "")


def _threshold(t) -> str:
    if t is None:
        return "—"
    if isinstance(t, dict):
        return "; ".join(f"{k}={v}" for k, v in t.items() if v not in (None, [], {}))
    return str(t)


def note_markdown(screening: dict, criteria: dict, cluster_name: str, warnings: list[str] | None = None) -> str:
    """A Markdown screening note: verdict, deciding rules, conditions, every rule with evidence and clause."""
    v = screening["verdict"]
    lines = [
        f"# 入园项目生态环境准入筛查意见：{screening['name']}",
        "",
        f"- 集聚区：{cluster_name}",
        f"- 准入清单：{criteria['title']}（{criteria['id']} 版本 {criteria['version']}；{criteria['issuing_document']}；{criteria['effective_date']} 起施行）",
        f"- 筛查日期：{dt.date.today().isoformat()}",
        "",
        f"## 结论：{VERDICTS[v]['zh']}（{VERDICTS[v]['en']}）",
        "",
    ]
    by_id = {r["rule_id"]: r for r in screening["rules"]}
    if screening["deciding_rules"]:
        lines.append("决定性条款：")
        lines += [f"- **{rid}**（{by_id[rid]['outcome_label']['zh']}）：{by_id[rid]['message']['zh']} —— {by_id[rid]['clause']}（{_source(by_id[rid])}）"
                  for rid in screening["deciding_rules"]]
        lines.append("")
    conds = [r for r in screening["rules"] if r["outcome"] == "condition"]
    if conds:
        lines.append("## 准入条件")
        lines += [f"{i}. {r['condition'] or r['clause']}（{r['rule_id']}）" for i, r in enumerate(conds, 1)]
        lines.append("")
    lines += ["## 逐条判定", "", "| 条款 | 维度 | 判定 | 结果 | 依据数据 | 限值/要求 | 管控要求 | 依据 |", "|---|---|---|---|---|---|---|---|"]
    esc = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    for r in screening["rules"]:
        lines.append("| " + " | ".join(esc(x) for x in (
            r["rule_id"], r["dimension_label"]["zh"], r["outcome_label"]["zh"], r["message"]["zh"],
            _evidence_text(r["evidence"]) or "—", _threshold(r["threshold"]), r["clause"], _source(r))) + " |")
    lines.append("")
    lines.append("判定优先级：任一否决项不符合→不予准入；否则任一项缺少资料→需补充资料；否则任一附条件项不符合→有条件准入；否则准入。")
    if warnings:
        lines += ["", "## 提示", ""] + [f"- {w}" for w in warnings]
    return "\n".join(lines) + "\n"


def write_note_docx(path: str | Path, screening: dict, criteria: dict, cluster_name: str, warnings: list[str] | None = None) -> Path:
    """The same note as a .docx file (python-docx)."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")
    v = screening["verdict"]
    doc.add_heading(f"入园项目生态环境准入筛查意见：{screening['name']}", level=1)
    for t in (f"集聚区：{cluster_name}",
              f"准入清单：{criteria['title']}（{criteria['id']} 版本 {criteria['version']}；{criteria['issuing_document']}）",
              f"筛查日期：{dt.date.today().isoformat()}"):
        doc.add_paragraph(t)
    doc.add_heading(f"结论：{VERDICTS[v]['zh']}", level=2)
    by_id = {r["rule_id"]: r for r in screening["rules"]}
    for rid in screening["deciding_rules"]:
        doc.add_paragraph(f"{rid}（{by_id[rid]['outcome_label']['zh']}）：{by_id[rid]['message']['zh']} —— {by_id[rid]['clause']}", style="List Bullet")
    conds = [r for r in screening["rules"] if r["outcome"] == "condition"]
    if conds:
        doc.add_heading("准入条件", level=2)
        for r in conds:
            doc.add_paragraph(f"{r['condition'] or r['clause']}（{r['rule_id']}）", style="List Number")
    doc.add_heading("逐条判定", level=2)
    head = ("条款", "维度", "判定", "结果", "依据数据", "管控要求", "依据")
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for c, h in zip(table.rows[0].cells, head):
        c.text = h
    for r in screening["rules"]:
        cells = table.add_row().cells
        for c, val in zip(cells, (r["rule_id"], r["dimension_label"]["zh"], r["outcome_label"]["zh"], r["message"]["zh"],
                                  _evidence_text(r["evidence"]) or "—", r["clause"], _source(r))):
            c.text = str(val)
    doc.add_paragraph("判定优先级：任一否决项不符合→不予准入；否则任一项缺少资料→需补充资料；否则任一附条件项不符合→有条件准入；否则准入。")
    if warnings:
        doc.add_heading("提示", level=2)
        for w in warnings:
            doc.add_paragraph(w, style="List Bullet")
    path = Path(path)
    doc.save(path)
    return path
