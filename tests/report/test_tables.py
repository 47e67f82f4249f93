"""Cell formatting and table layout."""
import math

import pytest
from hypothesis import given, settings, strategies as st

from eia.report.tables import FONT_SIZES_PT, display_width, format_cell, plan_layout, table_matrix, validate_table


@pytest.mark.parametrize(
    "value, fmt, lang, expected",
    [
        (None, None, "zh", "—"),
        (True, None, "zh", "是"),
        (False, None, "en", "No"),
        (12.3, ".4g", "zh", "12.3"),
        (123456.7, ".4g", "zh", "1.235E+05"),
        (0.000012345, ".2f", "en", "0.00"),
        (-0.0001, ",.1f", "zh", "0.0"),
        (12345.678, ",.1f", "en", "12,345.7"),
        (7, None, "zh", "7"),
        (1 / 3, None, "zh", "0.333333"),
        (float("nan"), ".2f", "zh", "—"),
        ({"zh": "一级", "en": "Grade 1"}, None, "en", "Grade 1"),
        ({"zh": "仅中文"}, None, "en", "仅中文"),
        (["C17", "C18"], None, "zh", "C17、C18"),
        ("SO2", ".2f", "zh", "SO2"),
    ],
)
def test_format_cell(value, fmt, lang, expected):
    assert format_cell(value, fmt, lang) == expected


def test_format_cell_bad_format_names_it():
    with pytest.raises(ValueError, match="'.2q'"):
        format_cell(1.5, ".2q", "zh")


@settings(max_examples=80, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(0, 6))
def test_fixed_format_round_trips(value, digits):
    """A fixed-point cell parses back to the value rounded to the shown digits, in both languages."""
    zh = format_cell(value, f".{digits}f", "zh")
    en = format_cell(value, f".{digits}f", "en")
    assert zh == en
    assert math.isclose(float(zh), round(value, digits), abs_tol=10 ** -digits)


def test_display_width_counts_cjk_double():
    assert display_width("SO2") == 3
    assert display_width("浓度") == 4
    assert display_width("μg/m³") == 5


def test_validate_table_names_problem():
    with pytest.raises(ValueError, match="no 'columns'"):
        validate_table({"id": "x"}, "results['air']['tables'][0]")
    with pytest.raises(ValueError, match="chapter 'nope'"):
        validate_table({"id": "x", "chapter": "nope", "columns": [{"key": "a"}]}, "t")


def test_header_carries_unit():
    t = {"id": "t", "columns": [{"key": "c", "label": {"zh": "浓度", "en": "Conc."}, "unit": "μg/m³", "format": ".1f"}],
         "rows": [{"c": 1.25}]}
    assert table_matrix(t, "zh") == (["浓度（μg/m³）"], [["1.2"]])
    assert table_matrix(t, "en") == (["Conc. (μg/m³)"], [["1.2"]])


P, L = 453.5, 700.2


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 40), st.integers(1, 12), st.integers(0, 5))
def test_layout_fits_page_and_covers_columns(ncols, cell_chars, nrows):
    headers = [f"列{j}（mg/L）" for j in range(ncols)]
    body = [["8" * cell_chars for _ in range(ncols)] for _ in range(nrows)]
    lay = plan_layout(headers, body, P, L)
    width = L if lay.landscape else P
    covered = sorted({j for g in lay.groups for j in g})
    assert covered == list(range(ncols))
    for g in lay.groups:
        assert g[0] == 0
        assert sum(lay.col_widths_pt[j] for j in g) <= width + 1e-6
    assert lay.font_pt in FONT_SIZES_PT
    if len(lay.groups) > 1:
        assert lay.landscape and lay.font_pt == FONT_SIZES_PT[-1]


def test_layout_escalates_with_width():
    """Narrow tables stay portrait at 10.5 pt; wider ones shrink, turn landscape, then split."""
    def lay(n):
        return plan_layout([f"h{j}" for j in range(n)], [["123456.78"] * n], P, L)

    from eia.report.tables import _ATTEMPTS

    assert (lay(3).font_pt, lay(3).landscape) == (10.5, False)
    steps = [_ATTEMPTS.index((lay(n).landscape, lay(n).font_pt)) for n in range(1, 40)]
    assert steps == sorted(steps)  # a wider table never gets an earlier (roomier) choice
    assert len(set(steps)) >= 4
    assert len(lay(39).groups) > 1


def test_wrapping_text_gets_the_spare_width():
    body = [["SO2", "短", "这是一段很长的管控要求文字，需要在单元格内折行显示，不能挤占数字列的宽度。" * 2]]
    lay = plan_layout(["污染物", "等级", "管控要求"], body, P, L)
    assert not lay.landscape and lay.font_pt == 10.5
    assert abs(sum(lay.col_widths_pt) - P) < 1e-6
    assert lay.col_widths_pt[2] > 3 * lay.col_widths_pt[0]


def test_layout_rejects_bad_width():
    with pytest.raises(ValueError, match="positive"):
        plan_layout(["a"], [["1"]], 0, 10)


def test_fixed_wording_complete_in_both_languages():
    from eia.report.i18n import STRINGS, label

    for key, entry in STRINGS.items():
        assert set(entry) == {"zh", "en"}, key
    assert label("footer_tail", "en") == ""  # empty on purpose: no fallback to the Chinese " 页"
    assert label("footer_tail", "zh") == " 页"


def test_text_of_non_bilingual_dict_is_kept():
    from eia.report.i18n import text

    assert text({"a": 1, "b": "x"}, "zh") == "a: 1, b: x"
    assert text({"zh": "", "en": "only en"}, "zh") == "only en"
