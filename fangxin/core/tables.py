"""Reading an uploaded table (.xlsx or .csv in UTF-8 or GB18030) for the bulk imports, and
guessing which column holds which field from the usual headings."""

import csv
import io

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000


class TableError(ValueError):
    """The file cannot be read as a table (wrong type, no header, too large)."""


def read_table(content: bytes, *, max_rows: int = MAX_ROWS) -> tuple[list[str], list[list]]:
    if len(content) > MAX_BYTES:
        raise TableError("文件超过50MB，请分批导入。")
    if content[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:  # noqa: BLE001 — any unreadable workbook is the user's file
            raise TableError("无法读取该Excel文件，请确认是.xlsx格式。") from exc
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = None
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None or "\x00" in text:
            raise TableError("无法识别文件格式，请上传.xlsx或.csv文件。")
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise TableError("CSV文件格式有误（例如某个单元格过长或引号不配对）。") from exc
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if len(rows) < 2:
        raise TableError("文件中没有数据行。")
    if len(rows) - 1 > max_rows:
        raise TableError(f"一次最多导入{max_rows}行。")
    header = [str(c).strip() for c in rows[0]]
    return header, rows[1:]


def guess_mapping(header: list[str], fields) -> dict[str, str]:
    """{field key: column heading} for `fields` = [(key, label, (aliases…))]."""
    mapping, used = {}, set()
    for key, _, aliases in fields:
        for alias in aliases:
            if alias in header and alias not in used:
                mapping[key] = alias
                used.add(alias)
                break
    return mapping


def cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""
