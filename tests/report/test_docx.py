"""The Word chapters: every table value re-read from the .docx matches results.json."""
import io
import re

import docx
import pytest
from docx.oxml.ns import qn

from eia.report.docx import docx_bytes
from eia.report.document import SECTION_KEYS, build_document
from eia.report.fonts import DocxFonts
from eia.report.i18n import text
from eia.report.tables import column_header, format_cell
from fixtures import synthetic_results

_CAPTION = re.compile(r"^(?:表|Table) (\S+) (.*?)(（续）| \(continued\))?$")


def _docx(results, lang, **kw):
    d = build_document(results, lang, render_figures=kw.pop("figures", False), dpi=40)
    return docx.Document(io.BytesIO(docx_bytes(d, dpi=40, **kw)))


def _tables_by_caption(document):
    """{number: (title, headers, rows)} merging split parts (parts repeat the first column)."""
    out, caption = {}, None
    body = document.element.body
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            t = "".join(x.text or "" for x in el.iter(qn("w:t")))
            m = _CAPTION.match(t)
            if m:
                caption = m
        elif el.tag == qn("w:tbl"):
            assert caption is not None, "table without caption"
            tbl = docx.table.Table(el, document)
            cells = [[c.text for c in r.cells] for r in tbl.rows]
            number, title, cont = caption.group(1), caption.group(2), caption.group(3)
            if cont:
                prev = out[number]
                prev[1].extend(cells[0][1:])
                for r, extra in zip(prev[2], cells[1:]):
                    r.extend(extra[1:])
            else:
                out[number] = (title, cells[0], cells[1:])
    return out


def _expected_section_tables(results, lang):
    for skey in SECTION_KEYS:
        for t in (results.get(skey) or {}).get("tables", []):
            headers = [column_header(c, lang) for c in t["columns"]]
            rows = [[format_cell(r.get(c["key"]), c.get("format"), lang) for c in t["columns"]] for r in t["rows"]]
            yield text(t["title"], lang), headers, rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docx_tables_match_results(lang):
    results = synthetic_results()
    got = _tables_by_caption(_docx(results, lang))
    by_title = {v[0]: v for v in got.values()}
    expected = list(_expected_section_tables(results, lang))
    assert len(expected) == 9
    for title, headers, rows in expected:
        assert title in by_title, f"missing table {title!r}; have {sorted(by_title)}"
        _, h, r = by_title[title]
        assert h == headers
        assert r == rows


def test_same_numbers_in_both_languages():
    results = synthetic_results()
    num = re.compile(r"^-?[\d,]+(\.\d+)?(E[+-]\d+)?$")
    zh = _tables_by_caption(_docx(results, "zh"))
    en = _tables_by_caption(_docx(results, "en"))
    assert zh.keys() == en.keys()
    for k in zh:
        a = [c for row in zh[k][2] for c in row if num.match(c)]
        b = [c for row in en[k][2] for c in row if num.match(c)]
        assert a == b, k


def test_numbering_per_chapter():
    got = _tables_by_caption(_docx(synthetic_results(), "zh"))
    assert {"1-1", "1-2", "2-1", "2-2", "3-1", "4-1", "5-1", "6-1", "A-1"} <= set(got)


def test_cluster_facts_from_results():
    results = synthetic_results()
    got = _tables_by_caption(_docx(results, "zh"))
    title, headers, rows = got["1-1"]
    facts = dict(rows)
    assert facts["规划面积（km²）"] == "14"
    assert facts["从业人员"] == "32000"
    assert facts["名称"] == results["scenario"]["cluster"]["name"]


def _rfonts(style):
    rf = style.element.rPr.find(qn("w:rFonts"))
    return rf.get(qn("w:eastAsia")), rf.get(qn("w:ascii")), rf.get(qn("w:asciiTheme"))


def test_fonts_east_asian_and_latin():
    doc = _docx(synthetic_results(), "zh")
    assert _rfonts(doc.styles["Normal"]) == ("SimSun", "Times New Roman", None)
    assert _rfonts(doc.styles["Heading 1"]) == ("SimHei", "Times New Roman", None)
    custom = _docx(synthetic_results(), "zh", fonts=DocxFonts(body_east_asia="FangSong", latin="Arial"))
    assert _rfonts(custom.styles["EIA Body"])[:2] == ("FangSong", "Arial")


def test_layout_header_footer_landscape_split():
    results = synthetic_results(wide_cols=40)
    doc = _docx(results, "zh", figures=True)
    xml = doc.element.xml
    assert 'w:orient="landscape"' in xml
    assert "（续）" in "".join(p.text for p in doc.paragraphs)
    assert doc.sections[0].header.paragraphs[0].text == results["scenario"]["meta"]["title"]
    assert "PAGE" in doc.sections[0].footer._element.xml
    assert "w:tblHeader" in xml
    assert len(doc.inline_shapes) == 4
    page_w = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    assert all(s.width <= page_w for s in doc.inline_shapes)


def test_every_chapter_states_provenance():
    results = synthetic_results()
    doc = _docx(results, "en")
    paras = [p.text for p in doc.paragraphs]
    prov = [p for p in paras if p.startswith("This chapter was generated by")]
    assert len(prov) == 7  # general, air, water, capacity, admission, checklist, appendix
    for p in prov:
        assert "0.1.0" in p and results["scenario"]["sha256"] in p and "GB 3095-2026" in p and "GB 3838-2002" in p


def test_docx_deterministic():
    results = synthetic_results()
    d = build_document(results, "zh", render_figures=False)
    assert docx_bytes(d, assessment_date="2026-11-01") == docx_bytes(d, assessment_date="2026-11-01")


_ORDER = {
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
             "tcFitText", "vAlign", "hideMark"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
              "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "trPr": ["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight", "tblHeader",
             "tblCellSpacing", "jc", "hidden"],
}


def test_property_elements_in_schema_order():
    """Word refuses files whose property children are out of ECMA-376 order (tcPr §17.4.42, tblPr §17.4.60)."""
    d = build_document(synthetic_results(wide_cols=40), "zh", render_figures=False)
    body = docx.Document(io.BytesIO(docx_bytes(d))).element.body
    checked = 0
    for tag, order in _ORDER.items():
        for el in body.iter(qn(f"w:{tag}")):
            names = [c.tag.split("}")[1] for c in el]
            assert len(names) == len(set(names)), (tag, names)
            idx = [order.index(n) for n in names]
            assert idx == sorted(idx), (tag, names)
            checked += 1
    assert checked > 100


def _orientation_of_paragraphs(document):
    """{paragraph text: 'landscape'|'portrait'} from the section breaks (w:sectPr) of the body."""
    out, pending = {}, []
    for el in document.element.body.iterchildren():
        if el.tag == qn("w:p"):
            pending.append("".join(x.text or "" for x in el.iter(qn("w:t"))))
            sect = el.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        elif el.tag == qn("w:sectPr"):
            sect = el
        else:
            continue
        if sect is not None:
            pg = sect.find(qn("w:pgSz"))
            orient = pg.get(qn("w:orient")) or "portrait"
            out.update({t: orient for t in pending})
            pending = []
    return out


def test_chapter_opening_on_a_wide_table_starts_landscape():
    r = synthetic_results(wide_cols=30)
    wide = r["air"]["tables"].pop(3)
    wide.pop("subsection")
    r["checklist"]["tables"] = [dict(wide, chapter="checklist", id="checklist.wide")]
    orient = _orientation_of_paragraphs(_docx(r, "zh"))
    assert orient["6 符合性核查"] == "landscape"
    assert orient["1 总则"] == "portrait" and orient["2 大气环境影响预测与评价"] == "portrait"


@pytest.mark.parametrize("lang, head", [("zh", "目  录"), ("en", "Contents")])
def test_table_of_contents_field_and_update_on_open(lang, head):
    document = _docx(synthetic_results(), lang)
    body = document.element.body
    instr = [el.text for el in body.iter(qn("w:instrText"))]
    assert any(t.strip().startswith('TOC \\o "1-2"') for t in instr)
    texts = [p.text for p in document.paragraphs]
    assert head in texts[:12]
    # the cached field result already lists the chapters (readers that do not update fields)
    first_h1 = next(p.text for p in document.paragraphs if p.style.name == "Heading 1")
    assert texts.count(first_h1) == 2 and texts.index(head) < texts.index(first_h1)
    settings = document.settings.element
    tags = [child.tag for child in settings]
    update = [c for c in settings if c.tag == qn("w:updateFields")]
    assert len(update) == 1 and update[0].get(qn("w:val")) == "true"
    # schema order (ECMA-376 17.15.1.78): updateFields precedes compat and rsids
    for later in ("w:compat", "w:rsids"):
        if qn(later) in tags:
            assert tags.index(qn("w:updateFields")) < tags.index(qn(later))
