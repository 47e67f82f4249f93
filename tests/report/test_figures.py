"""Figures: Chinese glyphs present, deterministic bytes, helpers."""
import re
import warnings

import pytest

from eia.report.figures import FIGURE_KINDS, nice_scale_length_m, render_figure, wind_speed_bin_labels
from eia.report.fonts import cjk_font_path, figure_font
from fixtures import synthetic_results

_MISSING = re.compile(r"missing from (current )?font|Glyph .* missing", re.I)


def _figures():
    r = synthetic_results()
    return r["air"]["figures"] + r["water"]["figures"]


def _map_figure():
    return {"id": "m", "kind": "map", "title": {"zh": "位置图"},
            "data": {"boundary_m": [[0, 0], [3000, 0], [3000, 2000], [0, 2000]],
                     "points": [{"name": "污水处理厂", "x_m": 500, "y_m": 400, "kind": {"zh": "污染源", "en": "source"}},
                                {"name": "张庄", "x_m": 2500, "y_m": 1500, "kind": {"zh": "敏感目标", "en": "receptor"}}],
                     "polygons": [{"name": "工业用地", "coordinates_m": [[100, 100], [900, 100], [900, 900]]}],
                     "lines": [{"name": "惠济河", "coordinates_m": [[0, 1000], [3000, 1200]]}]}}


def _glyph_warnings(fn):
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in rec if _MISSING.search(str(w.message))]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kind_renders_without_missing_glyphs(lang):
    figs = _figures() + [_map_figure()]
    assert {f["kind"] for f in figs} == set(FIGURE_KINDS)
    for f in figs:
        bad = _glyph_warnings(lambda: render_figure(f, lang, dpi=50))
        assert bad == [], f"{f['id']}: {bad}"


def test_glyph_check_can_fail():
    """The detector above does catch missing glyphs: DejaVu Sans alone has no Chinese."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def draw():
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig = Figure(figsize=(2, 1))
            FigureCanvasAgg(fig)
            fig.text(0.1, 0.5, "浓度分布")
            fig.canvas.draw()

    assert _glyph_warnings(draw)


def test_font_comes_from_mplfonts():
    p = cjk_font_path()
    assert p.name == "NotoSansCJKsc-Regular.otf" and "mplfonts" in str(p)
    assert "CJK" in figure_font()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_deterministic_bytes(fmt):
    f = _figures()[0]
    a = render_figure(f, "zh", fmt=fmt, dpi=40)
    b = render_figure(f, "zh", fmt=fmt, dpi=40)
    assert a == b
    if fmt == "png":
        assert a[:8] == b"\x89PNG\r\n\x1a\n" and b"Software" not in a
    else:
        assert b"<dc:date>" not in a


def test_unknown_kind_lists_known():
    with pytest.raises(ValueError, match="contour"):
        render_figure({"id": "x", "kind": "pie", "data": {}}, "zh")


def test_contour_shape_checked():
    f = {"id": "c", "kind": "contour", "data": {"x_m": [0, 1, 2], "y_m": [0, 1], "values": [[1, 2], [3, 4]]}}
    with pytest.raises(ValueError, match="shape"):
        render_figure(f, "zh", dpi=30)


@pytest.mark.parametrize("extent, expected", [(6000, 1000), (12000, 2000), (30000, 5000), (700, 100), (55, 10)])
def test_scale_bar_length(extent, expected):
    assert nice_scale_length_m(extent) == expected


def test_speed_bin_labels():
    assert wind_speed_bin_labels([0.5, 2, 4, None], 3) == ["0.5–2 m/s", "2–4 m/s", "≥4 m/s"]
    assert wind_speed_bin_labels([0.5, 2, None], 3) == ["<0.5 m/s", "0.5–2 m/s", "≥2 m/s"]
    with pytest.raises(ValueError, match="speed classes"):
        wind_speed_bin_labels([1, 2], 5)


def test_data_file_contour(tmp_path):
    import pandas as pd

    rows = [{"x_m": x, "y_m": y, "value": x + 10 * y} for x in (0.0, 100.0, 200.0) for y in (0.0, 100.0)]
    pd.DataFrame(rows).to_csv(tmp_path / "grid.csv", index=False)
    from eia.report.figures import load_figure_data

    d = load_figure_data({"id": "c", "kind": "contour", "data_file": "grid.csv", "data": {"unit": "μg/m³"}}, tmp_path)
    assert d["x_m"] == [0.0, 100.0, 200.0] and d["y_m"] == [0.0, 100.0]
    assert d["values"][1][2] == 200.0 + 1000.0
    with pytest.raises(ValueError, match="not found"):
        load_figure_data({"id": "c", "kind": "contour", "data_file": "nope.csv"}, tmp_path)


def test_isolines_of_a_cone_are_circles():
    """z = distance from origin: the isoline at level L is the circle of radius L (to grid accuracy)."""
    import numpy as np

    from eia.report.figures import isolines_geojson

    xs = np.linspace(-3000, 3000, 61)
    X, Y = np.meshgrid(xs, xs)
    data = {"x_m": xs.tolist(), "y_m": xs.tolist(), "values": np.hypot(X, Y).tolist(), "unit": "m",
            "levels": [500, 1000, 2000], "limit": 1500.0}
    fc = isolines_geojson(data, "cone")
    levels = [(f["properties"]["level"], f["properties"]["is_limit"]) for f in fc["features"]]
    assert levels == [(500.0, False), (1000.0, False), (2000.0, False), (1500.0, True)]
    for f in fc["features"]:
        pts = np.array([p for line in f["geometry"]["coordinates"] for p in line])
        r = np.hypot(pts[:, 0], pts[:, 1])
        assert np.all(np.abs(r - f["properties"]["level"]) < 0.05 * 100)  # within 5 % of the 100 m spacing


def test_write_report_adds_isolines_for_contours(tmp_path):
    import json

    from eia.report import write_report

    r = synthetic_results()
    r["air"]["geojson"] = []  # the section wrote no layer for its contour map
    for sec in ("air", "water"):
        r[sec]["figures"] = [f for f in r[sec]["figures"] if f["kind"] == "contour"]
    files = write_report(r, tmp_path, formats=("md",), dpi=30)
    assert "chapters/geojson/air.contour.so2.1h.isolines.geojson" in files
    g = json.loads((tmp_path / "chapters/geojson/air.contour.so2.1h.isolines.geojson").read_text(encoding="utf-8"))
    assert any(f["properties"]["is_limit"] and f["properties"]["level"] == 50.0 for f in g["features"])
