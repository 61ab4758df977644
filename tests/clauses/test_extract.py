"""Text out of uploads: every readable kind gives its text, every unreadable one a Chinese
message — recognised by content, never by the file's name."""

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from fangxin.clauses import extract as extract_module
from fangxin.clauses.extract import ExtractionError, extract, extract_pasted

FIXTURES = Path(__file__).parent / "fixtures"


def _docx(paragraphs, table=None) -> bytes:
    document = Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _refused(data: bytes) -> str:
    with pytest.raises(ExtractionError) as caught:
        extract(data, filename="x")
    return caught.value.message


def test_pasted_text_is_kept_as_typed():
    found = extract_pasted("  本店商品一经售出，概不退换。\r\n")
    assert (found.text, found.kind) == ("本店商品一经售出，概不退换。", "text")


def test_a_text_file_in_gb18030_is_read():
    found = extract("会员卡过期作废。".encode("gb18030"))
    assert found.text == "会员卡过期作废。" and found.kind == "text"


def test_a_docx_gives_paragraphs_and_table_cells_in_order():
    data = _docx(
        ["第一条 会员卡一经售出概不退款。"], table=[["项目", "说明"], ["押金", "押金不退"]]
    )
    found = extract(data, filename="合同.pdf")  # the name lies; the content decides
    assert found.kind == "docx"
    assert found.text.splitlines() == [
        "第一条 会员卡一经售出概不退款。",
        "项目\t说明",
        "押金\t押金不退",
    ]


def test_a_pdf_text_layer_is_read_with_wrapped_lines_joined():
    found = extract((FIXTURES / "contract.pdf").read_bytes())
    assert found.kind == "pdf" and found.pages == 1
    assert "第四条 本协议最终解释权归本俱乐部所有。" in found.text.splitlines()
    assert "可向消费者协会投诉或依法向人民法院起诉。" in found.text  # no radical look-alikes


def test_a_photo_of_a_notice_is_read_by_ocr():
    found = extract((FIXTURES / "notice.png").read_bytes())
    assert found.kind == "image" and found.ocr
    assert "本活动最终解释权归本店所有" in found.text
    assert "概不退换" in found.text


def test_an_image_without_text_is_refused_in_chinese():
    assert "没有识别出文字" in _refused((FIXTURES / "no-text.png").read_bytes())


def test_an_empty_file_is_refused():
    assert _refused(b"") == "文件是空的。"


@pytest.mark.parametrize("head", [b"MZ\x90\x00\x03", b"\x7fELF\x02\x01\x01", b"#!/bin/sh\n"])
def test_a_renamed_executable_is_refused(head):
    assert "不支持的文件类型" in _refused(head + b"\x00" * 200)


def test_an_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "contract.pdf"))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert _refused(buffer.getvalue()) == "PDF 已加密，请去除密码后再上传。"


def test_a_corrupt_pdf_is_refused():
    assert "PDF" in _refused(b"%PDF-1.7\n" + b"\x8f garbage " * 50)


def test_a_corrupt_docx_is_refused():
    assert "损坏" in _refused(b"PK\x03\x04" + b"\x00\x13garbage" * 40)


def test_an_encrypted_or_old_word_file_is_refused():
    assert ".docx" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_binary_junk_is_refused():
    assert "无法识别" in _refused(bytes(range(256)) * 4)


def test_a_file_over_the_limit_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(extract_module, "MAX_BYTES", 1024)
    assert "超过" in _refused(b"a" * 2048)


def test_text_without_any_letter_is_refused():
    with pytest.raises(ExtractionError, match="没有可审查的文字"):
        extract_pasted("😀😀 ！！ 123")
