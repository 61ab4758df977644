"""Spreadsheet exports shared by every list: one rule against formula injection, one XLSX
writer, one download response."""

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell that starts with one of these as a formula (CSV and XLSX alike):
# text typed by a consumer or a merchant must never become one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text is defused with a leading apostrophe; numbers, dates and None stay as they are."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """One workbook; each sheet is (title, header, rows). Written streaming (write_only), so
    an export of 50,000 rows does not hold a cell object per value."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes([(title, header, rows)]), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
