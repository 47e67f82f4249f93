"""Markdown chapters: headings, pipe tables with captions, figures as linked PNG files.

References
----------
CommonMark 0.31 and GitHub Flavored Markdown spec, "Tables (extension)" (pipe tables; ``|`` in a
cell escaped as ``\\|``).
"""
from __future__ import annotations

from eia.report import naming
from eia.report.document import Document, FigureBlock, Heading, Paragraph, TableBlock
from eia.report.i18n import label, text
from eia.report.tables import table_matrix

__all__ = ["markdown_text", "figure_filename", "md_escape"]


def md_escape(s: str) -> str:
    """Escape a table cell for a pipe table (pipes, and line breaks as ``<br>``)."""
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def figure_filename(block: FigureBlock) -> str:
    """File name of a figure under ``figures/`` (``fig-02-01.png``)."""
    return naming.figure_filename(block.number)


def _table(b: TableBlock) -> list[str]:
    headers, body = table_matrix(b.table, b.lang)
    out = [f"**{b.caption()}**", "", "| " + " | ".join(md_escape(h) for h in headers) + " |",
           "|" + "|".join(" --- " for _ in headers) + "|"]
    out += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in body]
    notes = b.table.get("notes")
    lines = (notes.get(b.lang) or notes.get("zh") or notes.get("en")) if isinstance(notes, dict) else notes
    if isinstance(lines, str):
        lines = [lines]
    if lines:
        out.append("")
        out += [f"{label('notes', b.lang) if k == 0 else ''}{k + 1 if len(lines) > 1 else ''}{'. ' if len(lines) > 1 else ''}{text(x, b.lang)}  "
                for k, x in enumerate(lines)]
    return out


def markdown_text(d: Document) -> str:
    """The whole document as Markdown (figures referenced as ``figures/fig-N-M.png``)."""
    out = [f"# {d.title}", ""]
    for ch in d.chapters:
        out += [f"## {ch.heading(d.lang)}", ""]
        for b in ch.blocks:
            if isinstance(b, Heading):
                out += ["#" * (b.level + 1) + " " + b.text, ""]
            elif isinstance(b, Paragraph):
                if b.style in ("note", "provenance"):
                    out += [f"> {b.text}", ""]
                elif b.style == "bullet":
                    out += [f"- {b.text}", ""]
                else:
                    out += [b.text, ""]
            elif isinstance(b, TableBlock):
                out += _table(b) + [""]
            elif isinstance(b, FigureBlock):
                if b.png is None:
                    out += [f"> {label('fig.failed', d.lang, n=b.number, err=b.error or '—')}", ""]
                else:
                    out += [f"![{b.caption()}](figures/{figure_filename(b)})", ""]
                out += [f"*{b.caption()}*", ""]
    return "\n".join(out).rstrip() + "\n"
