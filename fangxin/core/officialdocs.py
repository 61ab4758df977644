"""Official documents as .docx in the layout of GB/T 9704 (A4, margins 37/28/26/35 mm, body in
仿宋 三号 16 pt, titles in 小标宋 二号 22 pt): 调解书, 整改通知书 and the reports to come."""

import io
from collections.abc import Sequence

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


class OfficialDocument:
    def __init__(self):
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self._qn, self._pt = qn, Pt
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.left_margin = Mm(37), Mm(28)
        section.right_margin, section.bottom_margin = Mm(26), Mm(35)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = BODY_FONT, Pt(16)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)

    def line(self, text: str, *, bold: bool = False, center: bool = False, size: int = 16):
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, self._pt(size)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def title(self, text: str):
        paragraph = self.line(text, center=True, size=22)
        run = paragraph.runs[0]
        run.font.name = TITLE_FONT
        run._element.rPr.rFonts.set(self._qn("w:eastAsia"), TITLE_FONT)
        return paragraph

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], *, size: int = 12):
        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = str(value)
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = self._pt(size)
                        run.bold = r == 0
        return table

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
