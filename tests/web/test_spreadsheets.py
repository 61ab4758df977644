"""Every export defuses text that a spreadsheet would run as a formula."""

import io

from openpyxl import load_workbook

from fangxin.web.spreadsheets import xlsx_bytes


def test_text_that_looks_like_a_formula_is_exported_as_text():
    data = xlsx_bytes([("表", ["名称", "金额"], [['=HYPERLINK("http://x")', -5], ["@SUM(A1)", 3]])])
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[1] == ('\'=HYPERLINK("http://x")', -5)
    assert rows[2] == ("'@SUM(A1)", 3)
