"""A self-contained HTML page of the chapters: inline CSS, figures embedded as base64 PNG.

References
----------
WHATWG HTML Living Standard, §4.9.2 ``<caption>`` and §4.8.3 ``<img>`` (RFC 2397 ``data:`` URLs).
"""
from __future__ import annotations

import base64
import html as _html

from eia.report.document import Document, FigureBlock, Heading, Paragraph, TableBlock
from eia.report.i18n import label, text
from eia.report.tables import table_matrix

__all__ = ["html_text"]

_CSS = """
body{font-family:"Times New Roman","SimSun","Songti SC","Noto Serif CJK SC",serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.6;color:#111}
h1,h2,h3,h4{font-family:"Helvetica Neue",Arial,"SimHei","Heiti SC","Noto Sans CJK SC",sans-serif}
h1{text-align:center}h2{border-bottom:1px solid #999;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em auto 1.2em;font-size:.88em}
caption{font-weight:bold;padding:.3em;caption-side:top}
th,td{border:1px solid #777;padding:.2em .5em;text-align:center;vertical-align:middle}
th{background:#e7e6e6}
td.l{text-align:left}
.tablewrap{overflow-x:auto}
figure{text-align:center;margin:1em 0}figure img{max-width:100%;height:auto}
figcaption{font-weight:bold;font-size:.92em}
.note{color:#444;font-size:.88em}
.prov{color:#555;font-size:.82em;border-left:3px solid #bbb;padding-left:.6em}
nav ol{columns:2}
"""


def _e(s: str) -> str:
    return _html.escape(s, quote=True)


def _table(b: TableBlock) -> str:
    headers, body = table_matrix(b.table, b.lang)
    rows = ["<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"]
    for r in body:
        rows.append("<tr>" + "".join(f'<td{" class=l" if len(c) > 24 else ""}>{_e(c)}</td>' for c in r) + "</tr>")
    out = f'<div class="tablewrap"><table id="{_e(str(b.table["id"]))}"><caption>{_e(b.caption())}</caption>' \
          f"<thead>{rows[0]}</thead><tbody>{''.join(rows[1:])}</tbody></table></div>"
    notes = b.table.get("notes")
    lines = (notes.get(b.lang) or notes.get("zh") or notes.get("en")) if isinstance(notes, dict) else notes
    if isinstance(lines, str):
        lines = [lines]
    if lines:
        out += '<p class="note">' + _e(label("notes", b.lang)) + "<br>".join(_e(text(x, b.lang)) for x in lines) + "</p>"
    return out


def html_text(d: Document) -> str:
    """The whole document as one self-contained HTML page."""
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if d.lang == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{_e(d.title)}</title><style>{_CSS}</style></head><body>", f"<h1>{_e(d.title)}</h1>"]
    parts.append("<nav><ol>" + "".join(f'<li><a href="#ch-{c.key}">{_e(c.heading(d.lang))}</a></li>' for c in d.chapters) + "</ol></nav>")
    for ch in d.chapters:
        parts.append(f'<section id="ch-{ch.key}"><h2>{_e(ch.heading(d.lang))}</h2>')
        for b in ch.blocks:
            if isinstance(b, Heading):
                lvl = min(b.level + 1, 6)
                parts.append(f"<h{lvl}>{_e(b.text)}</h{lvl}>")
            elif isinstance(b, Paragraph):
                cls = {"note": ' class="note"', "provenance": ' class="prov"'}.get(b.style, "")
                parts.append(f"<p{cls}>{_e(b.text)}</p>")
            elif isinstance(b, TableBlock):
                parts.append(_table(b))
            elif isinstance(b, FigureBlock):
                if b.png is None:
                    img = f'<p class="note">{_e(label("fig.failed", d.lang, n=b.number, err=b.error or "—"))}</p>'
                else:
                    img = f'<img alt="{_e(b.caption())}" src="data:image/png;base64,{base64.b64encode(b.png).decode()}">'
                parts.append(f'<figure id="{_e(str(b.figure.get("id", "")))}">{img}<figcaption>{_e(b.caption())}</figcaption></figure>')
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
