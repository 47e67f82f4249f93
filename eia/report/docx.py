"""Word (.docx) chapters with python-docx: real tables, numbered captions, Chinese fonts.

Typesetting follows the usual form of Chinese technical reports: A4, body 宋体/Times New Roman
小四 (12 pt) with a two-character first-line indent and 1.5 line spacing, headings in 黑体, table
captions above tables and figure captions below figures, numbered per chapter ("表 3-1", "图 2-1").
Wide tables get a smaller font (五号 10.5 → 小五 9 → 六号 7.5 pt), then a landscape section, then
are split into parts that repeat the first column (:func:`eia.report.tables.plan_layout`).

The file is deterministic for the same input: fixed core properties (dates from the assessment
date) and fixed ZIP entry timestamps.

References
----------
ECMA-376 Part 1 (Office Open XML), §17.3.2.26 ``w:rFonts`` (``w:eastAsia``), §17.4.49 ``w:tblHeader``
(repeat header row), §17.6.11 ``w:pgSz`` (orientation); GB/T 7713.1-2006, 5.3–5.4 (captions);
GB/T 9704-2012 《党政机关公文格式》 (字号: 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt).
"""
from __future__ import annotations

import datetime as dt
import io
import struct
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from eia.report.document import Document, FigureBlock, Heading, Paragraph, TableBlock
from eia.report.fonts import DocxFonts
from eia.report.ziputil import deterministic_zip
from eia.report.i18n import label, text
from eia.report.tables import TableLayout, display_width, plan_layout, table_matrix

__all__ = ["write_docx", "docx_bytes", "table_parts", "PAGE"]

#: A4 page geometry (cm): width, height, and margins.
PAGE = {"width_cm": 21.0, "height_cm": 29.7, "left_cm": 2.5, "right_cm": 2.5, "top_cm": 2.5, "bottom_cm": 2.2}
_PT_PER_CM = 72 / 2.54


def _text_width_pt(landscape: bool) -> float:
    w = PAGE["height_cm"] if landscape else PAGE["width_cm"]
    return (w - PAGE["left_cm"] - PAGE["right_cm"]) * _PT_PER_CM


def table_parts(block: TableBlock) -> tuple[TableLayout, list[tuple[list[str], list[list[str]]]]]:
    """Layout and the printed parts (headers, body) of a table block; used by writer and tests."""
    headers, body = table_matrix(block.table, block.lang)
    layout = plan_layout(headers, body, _text_width_pt(False), _text_width_pt(True))
    parts = [([headers[j] for j in g], [[r[j] for j in g] for r in body]) for g in layout.groups]
    return layout, parts


# --------------------------------------------------------------------------- fonts and styles
def _set_run_fonts(rpr_parent, latin: str, east_asia: str) -> None:
    """Set ascii/hAnsi/eastAsia fonts on a style or run element, dropping theme fonts."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for att in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(att)) is not None:
            del rfonts.attrib[qn(att)]
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _style(doc, name: str, base: str | None, fonts: DocxFonts, *, east_asia: str, size_pt: float, bold: bool = False,
           align=None, indent_chars: float = 0.0, line_spacing: float | None = None, before_pt: float = 0, after_pt: float = 0,
           keep_next: bool = False, color: RGBColor | None = None, italic: bool = False):
    from docx.enum.style import WD_STYLE_TYPE

    styles = doc.styles
    try:
        st = styles[name]
    except KeyError:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            st.base_style = styles[base]
    st.font.size = Pt(size_pt)
    st.font.bold = bold
    st.font.italic = italic
    st.font.color.rgb = color or RGBColor(0, 0, 0)
    _set_run_fonts(st.element, fonts.latin, east_asia)
    pf = st.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Pt(size_pt * indent_chars) if indent_chars else None
    if line_spacing is not None:
        pf.line_spacing = line_spacing
    pf.space_before = Pt(before_pt)
    pf.space_after = Pt(after_pt)
    pf.keep_with_next = keep_next
    return st


def _setup_styles(doc, fonts: DocxFonts) -> None:
    _style(doc, "Normal", None, fonts, east_asia=fonts.body_east_asia, size_pt=fonts.body_pt)
    _style(doc, "EIA Body", "Normal", fonts, east_asia=fonts.body_east_asia, size_pt=fonts.body_pt, indent_chars=2,
           line_spacing=1.5, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "EIA Note", "Normal", fonts, east_asia=fonts.body_east_asia, size_pt=9, line_spacing=1.15, after_pt=3,
           color=RGBColor(0x40, 0x40, 0x40))
    _style(doc, "EIA Table", "Normal", fonts, east_asia=fonts.body_east_asia, size_pt=10.5, align=WD_ALIGN_PARAGRAPH.CENTER,
           line_spacing=1.0)
    _style(doc, "EIA Caption", "Normal", fonts, east_asia=fonts.heading_east_asia, size_pt=fonts.caption_pt, bold=True,
           align=WD_ALIGN_PARAGRAPH.CENTER, before_pt=6, after_pt=4)
    _style(doc, "EIA Figure", "Normal", fonts, east_asia=fonts.body_east_asia, size_pt=fonts.body_pt,
           align=WD_ALIGN_PARAGRAPH.CENTER, before_pt=6, keep_next=True)
    for lvl, size in ((1, 16), (2, 14), (3, 12)):
        st = _style(doc, f"Heading {lvl}", None, fonts, east_asia=fonts.heading_east_asia, size_pt=size, bold=True,
                    before_pt=12 if lvl > 1 else 0, after_pt=8, keep_next=True, line_spacing=1.25)
        st.paragraph_format.page_break_before = lvl == 1
        st.paragraph_format.first_line_indent = None
        if lvl == 1:
            st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _style(doc, "Title", None, fonts, east_asia=fonts.heading_east_asia, size_pt=22, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
           before_pt=120, after_pt=24)
    _style(doc, "Subtitle", None, fonts, east_asia=fonts.body_east_asia, size_pt=14, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=12)
    _style(doc, "Header", None, fonts, east_asia=fonts.body_east_asia, size_pt=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "Footer", None, fonts, east_asia=fonts.body_east_asia, size_pt=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    # East Asian line breaking and default language for the document.
    rpr_default = doc.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        lang = rpr_default.find(".//" + qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")


def _page_setup(section, landscape: bool) -> None:
    w, h = Cm(PAGE["width_cm"]), Cm(PAGE["height_cm"])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if landscape else (w, h)
    section.left_margin, section.right_margin = Cm(PAGE["left_cm"]), Cm(PAGE["right_cm"])
    section.top_margin, section.bottom_margin = Cm(PAGE["top_cm"]), Cm(PAGE["bottom_cm"])
    section.header_distance, section.footer_distance = Cm(1.3), Cm(1.2)


def _field(paragraph, instr: str, placeholder: str = "1") -> None:
    """Insert a simple field (e.g. PAGE) into a paragraph, showing ``placeholder`` until updated."""
    run = paragraph.add_run()
    for kind, val in (("begin", None), ("instr", instr), ("separate", None), ("text", placeholder), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {val} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = placeholder
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


#: CT_Settings children that must follow w:updateFields (ECMA-376 Part 1, 17.15.1.78 sequence);
#: Word reports "unreadable content" for elements out of schema order.
_AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
                        "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def _fld_char(run, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    run._r.append(el)


def _toc_field(doc, entries: list[tuple[int, str]]) -> None:
    """A Word TOC field (levels 1-2) whose cached result already lists the headings.

    The field spans one paragraph per entry, as Word's own TOC does: readers that do not update
    fields (LibreOffice conversion, previews) still show the contents, without page numbers; Word
    rebuilds it with page numbers on opening (settings ``updateFields``).
    """
    entries = entries or [(1, "")]
    for i, (level, title) in enumerate(entries):
        par = doc.add_paragraph()
        par.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        if i == 0:
            _fld_char(par.add_run(), "begin")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-2" \\h \\z \\u '
            par.add_run()._r.append(instr)
            _fld_char(par.add_run(), "separate")
        par.add_run(title)
        if i == len(entries) - 1:
            _fld_char(par.add_run(), "end")


def _set_update_fields(settings) -> None:
    """Ask Word to update fields (the table of contents) when the document is opened."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    later = {qn(f"w:{n}") for n in _AFTER_UPDATE_FIELDS}
    for child in settings:
        if child.tag in later:
            child.addprevious(update)
            return
    settings.append(update)


def _bottom_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        b.set(qn(k), v)
    bdr.append(b)
    ppr.insert_element_before(bdr, *_AFTER_PBDR_IN_PPR)


def _header_footer(section, d: Document) -> None:
    hp = section.header.paragraphs[0]
    hp.style = "Header"
    hp.text = d.title
    _bottom_border(hp)
    fp = section.footer.paragraphs[0]
    fp.style = "Footer"
    fp.add_run(label("footer", d.lang, engine=d.engine, version=d.version, sha8=d.scenario_sha256[:8]))
    _field(fp, "PAGE")
    tail = label("footer_tail", d.lang)
    if tail:
        fp.add_run(tail)


# --------------------------------------------------------------------------- tables
# Children must follow the schema order (ECMA-376 §17.4.42 tcPr, §17.4.60 tblPr, §17.3.1.26 pPr);
# Word rejects a file whose elements are out of order.
_AFTER_SHD_IN_TCPR = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_CELLMAR_IN_TBLPR = ("w:tblLook", "w:tblCaption", "w:tblDescription")
_AFTER_PBDR_IN_PPR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                      "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                      "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                      "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                      "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shd, *_AFTER_SHD_IN_TCPR)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cant_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _cell_margins(table, twips: int) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.insert_element_before(mar, *_AFTER_CELLMAR_IN_TBLPR)


def _para(doc, content: str, style: str):
    """Add a paragraph with a style given by name (the style id is looked up once per document:
    python-docx's own lookup by name scans every style on each call)."""
    p = doc.add_paragraph(content)
    p._p.style = doc._eia_style_ids[style]
    return p


def _write_cell(cell, value: str, size_pt: float, bold: bool, left: bool, style_id: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p._p.style = style_id
    if left:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(value)
    run.font.size = Pt(size_pt)
    run.bold = bold


def _add_table(doc, block: TableBlock, state: dict) -> None:
    layout, parts = table_parts(block)
    if layout.landscape and not state["landscape"]:
        _switch_orientation(doc, True, state)
    elif not layout.landscape and state["landscape"]:
        _switch_orientation(doc, False, state)
    for pi, (headers, body) in enumerate(parts):
        cap = block.caption()
        if pi > 0:
            cap += label("continued", block.lang)
        _para(doc, cap, "EIA Caption").paragraph_format.keep_with_next = True
        group = layout.groups[pi]
        widths = [layout.col_widths_pt[j] for j in group]
        t = doc.add_table(rows=1 + len(body), cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False  # python-docx writes w:tblLayout type=fixed
        _cell_margins(t, 57 if layout.font_pt < 9 else 85)
        left = [max((display_width(r[j]) for r in body), default=0) > 24 for j in range(len(headers))]
        sid = doc._eia_style_ids["EIA Table"]
        rows = t.rows
        head = rows[0].cells
        for j, h in enumerate(headers):
            _write_cell(head[j], h, layout.font_pt, True, False, sid)
            head[j].width = Pt(widths[j])  # w:tcW, which Word follows
            _shade(head[j], "E7E6E6")
        _repeat_header(rows[0])
        for i, r in enumerate(body, start=1):
            _cant_split(rows[i])
            cells = rows[i].cells
            for j, v in enumerate(r):
                _write_cell(cells[j], v, layout.font_pt, False, left[j], sid)
                cells[j].width = Pt(widths[j])
        for j, w in enumerate(widths):
            t.columns[j].width = Pt(w)  # w:gridCol, which LibreOffice follows
    notes = block.table.get("notes")
    lines = notes.get(block.lang) or notes.get("zh") or notes.get("en") if isinstance(notes, dict) else notes
    if isinstance(lines, str):
        lines = [lines]
    if lines:
        for k, line in enumerate(lines):
            prefix = label("notes", block.lang) if k == 0 else ""
            num = f"{k + 1}. " if len(lines) > 1 else ""
            _para(doc, f"{prefix}{num}{text(line, block.lang)}", "EIA Note")
    else:
        _para(doc, "", "EIA Note")


def _switch_orientation(doc, landscape: bool, state: dict) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(sec, landscape)
    state["landscape"] = landscape
    state["fresh_page"] = True


# --------------------------------------------------------------------------- figures
def _png_size(png: bytes) -> tuple[int, int]:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("figure image is not a PNG")
    w, h = struct.unpack(">II", png[16:24])
    return w, h


def _add_figure(doc, block: FigureBlock, state: dict, dpi: int) -> None:
    if state["landscape"]:
        _switch_orientation(doc, False, state)
    if block.png is None:
        _para(doc, label("fig.failed", block.lang, n=block.number, err=block.error or "—"), "EIA Note")
        _para(doc, block.caption(), "EIA Caption")
        return
    w_px, h_px = _png_size(block.png)
    max_w = (PAGE["width_cm"] - PAGE["left_cm"] - PAGE["right_cm"])
    max_h = 19.0
    w_cm = min(max_w, w_px / dpi * 2.54)
    h_cm = w_cm * h_px / w_px
    if h_cm > max_h:
        w_cm *= max_h / h_cm
    p = _para(doc, "", "EIA Figure")
    p.add_run().add_picture(io.BytesIO(block.png), width=Cm(w_cm))
    _para(doc, block.caption(), "EIA Caption")


# --------------------------------------------------------------------------- document
def docx_bytes(d: Document, *, fonts: DocxFonts | None = None, assessment_date: str | None = None, dpi: int = 200) -> bytes:
    """Render a :class:`~eia.report.document.Document` as .docx bytes.

    Parameters
    ----------
    d : Document
        Built by :func:`eia.report.document.build_document`.
    fonts : DocxFonts, optional
        Font names and sizes (default 宋体/黑体/Times New Roman).
    assessment_date : str, optional
        ISO date stored as the document's created/modified date (keeps output reproducible).
    dpi : int
        Resolution the figures were rendered at (sets their printed size).
    """
    fonts = fonts or DocxFonts()
    doc = new_docx()
    _setup_styles(doc, fonts)
    doc._eia_style_ids = {st.name: st.style_id for st in doc.styles if st.type == WD_STYLE_TYPE.PARAGRAPH}
    sec = doc.sections[0]
    _page_setup(sec, False)
    _header_footer(sec, d)
    when = dt.datetime(2000, 1, 1)
    if assessment_date:
        try:
            when = dt.datetime.fromisoformat(str(assessment_date))
        except ValueError:
            pass
    cp = doc.core_properties
    cp.title = d.title
    cp.author = f"{d.engine} {d.version}"
    cp.last_modified_by = f"{d.engine} {d.version}"
    cp.created = when
    cp.modified = when
    cp.revision = 1
    cp.language = "zh-CN" if d.lang == "zh" else "en-GB"
    cp.comments = f"scenario {d.scenario_file} sha256 {d.scenario_sha256}"

    # Cover
    _para(doc, d.title, "Title")
    _para(doc, "（计算成果章节）" if d.lang == "zh" else "(computed chapters)", "Subtitle")
    _para(doc, f"{d.engine} {d.version}", "Subtitle")
    _para(doc, f"SHA-256 {d.scenario_sha256}", "EIA Note").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, ("标准：" if d.lang == "zh" else "Standards: ") + d.standards_line, "EIA Note").alignment = WD_ALIGN_PARAGRAPH.CENTER

    # Table of contents: a Word TOC field over heading levels 1-2; Word fills it when the document
    # is opened (settings: updateFields), LibreOffice on Tools > Update.
    toc_head = _para(doc, "目  录" if d.lang == "zh" else "Contents", "Subtitle")
    toc_head.paragraph_format.page_break_before = True
    entries = []
    for ch in d.chapters:
        entries.append((1, ch.heading(d.lang)))
        entries += [(2, b.text) for b in ch.blocks if isinstance(b, Heading) and b.level <= 2]
    _toc_field(doc, entries)
    _set_update_fields(doc.settings.element)

    state = {"landscape": False}

    def lead_landscape(blocks: list, start: int) -> bool:
        """Whether the text starting at ``start`` leads into a landscape table: headings and a few
        paragraphs then go on the landscape page with it, not alone on a portrait page."""
        n_par = 0
        for nxt in blocks[start:]:
            if isinstance(nxt, Paragraph):
                n_par += 1
                if n_par > 4:
                    return False
                continue
            if isinstance(nxt, Heading):
                continue
            return isinstance(nxt, TableBlock) and table_parts(nxt)[0].landscape
        return False

    for ch in d.chapters:
        state["fresh_page"] = False
        want = lead_landscape(ch.blocks, 0)
        if state["landscape"] != want:
            _switch_orientation(doc, want, state)
        h1 = _para(doc, ch.heading(d.lang), "Heading 1")
        if state["fresh_page"]:
            h1.paragraph_format.page_break_before = False  # the new section already starts a page
        state["fresh_page"] = False
        for k, b in enumerate(ch.blocks):
            if isinstance(b, (Heading, Paragraph)):
                want = lead_landscape(ch.blocks, k)
                if state["landscape"] != want:
                    _switch_orientation(doc, want, state)
            if isinstance(b, Heading):
                _para(doc, b.text, f"Heading {min(b.level, 3)}")
            elif isinstance(b, Paragraph):
                style = {"body": "EIA Body", "note": "EIA Note", "provenance": "EIA Note", "bullet": "List Bullet"}[b.style]
                _para(doc, b.text, style)
            elif isinstance(b, TableBlock):
                _add_table(doc, b, state)
            elif isinstance(b, FigureBlock):
                _add_figure(doc, b, state, dpi)
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue(), when)


def write_docx(d: Document, path: Path, **kw) -> Path:
    """Write the chapters as a .docx file at ``path``; keyword arguments go to :func:`docx_bytes`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(docx_bytes(d, **kw))
    return path
