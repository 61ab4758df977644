"""The rectification notice (整改通知书) as .docx: the confirmed findings with their legal
basis and a fair wording, and the deadline with its rule."""

import datetime

from fangxin.core.officialdocs import OfficialDocument

SEVERITY = {"high": "严重", "medium": "一般", "low": "轻微"}


def notice_docx(document, notice, confirmed, *, issued_on: datetime.date) -> bytes:
    doc = OfficialDocument()
    doc.title(document.bureau.name)
    doc.title("责令整改通知书")
    doc.line(notice.number, center=True)
    doc.line(f"{document.merchant.name}：")
    doc.line(
        f"    经审查，你单位使用的《{document.title}》中有下列格式条款排除或者限制消费者权利、"
        "减轻或者免除经营者责任、加重消费者责任，违反《中华人民共和国消费者权益保护法》"
        "第二十六条及《合同行政监督管理办法》的有关规定："
    )
    rows = [
        (
            str(i),
            f.clause_text(),
            f"{f.title}（{SEVERITY.get(f.severity, f.severity)}）",
            f.basis,
            f.rewording,
        )
        for i, f in enumerate(confirmed, 1)
    ]
    doc.table(["序号", "条款原文", "问题", "法律依据", "修改建议"], rows, size=10)
    doc.line(
        f"    请你单位于{notice.due_on:%Y年%m月%d日}前对上述条款予以修改或者删除，"
        "并将修改后的文本通过放心消费维权平台提交或送交我局。逾期不改正的，"
        "我局将依照《合同行政监督管理办法》第二十条的规定依法处理，并记入信用记录。"
    )
    doc.line(f"    整改期限依据：{notice.due_rule}")
    doc.line("")
    doc.line(document.bureau.name, center=False).paragraph_format.left_indent = None
    doc.line(f"{issued_on:%Y年%m月%d日}")
    return doc.to_bytes()
