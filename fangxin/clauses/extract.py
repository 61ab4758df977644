"""Text out of what a merchant or an inspector brings: pasted text, .docx, a PDF with a text
layer, or a photo of a shop notice or a paper contract (OCR by Debian's Tesseract with its
simplified-Chinese data). The kind is recognised by content (magic bytes), never by the name,
and anything we cannot read is refused with a Chinese message before anything is written."""

import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass

from fangxin.core.filetypes import sniff

MAX_BYTES = int(os.environ.get("FANGXIN_CLAUSE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
MAX_TEXT_CHARS = 500_000  # ~250 pages: far above any contract; bounds review time and storage
MAX_PDF_PAGES = 300
# A phone photo is 12–50 megapixels; larger is a decompression bomb, not a notice.
MAX_IMAGE_PIXELS = 80_000_000
OCR_TIMEOUT_SECONDS = 60
# chi_sim alone reads the Latin letters and digits of a notice; adding eng made it misread
# whole Chinese lines as English in our samples.
OCR_LANGUAGES = "chi_sim"
TESSERACT = shutil.which("tesseract") or "/usr/bin/tesseract"

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
# Tesseract puts a space between Chinese characters; Chinese has none.
_OCR_SPACES = re.compile(rf"(?<={_CJK}) +(?={_CJK})")


class ExtractionError(ValueError):
    """The upload cannot be read; `message` is for the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Extracted:
    text: str
    kind: str  # text | docx | pdf | image
    pages: int = 1
    ocr: bool = False


def _decode_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ExtractionError("无法识别的文件：请上传文本、Word（.docx）、PDF 或图片。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("文本文件的编码无法识别，请另存为 UTF-8 后上传。")


def _docx_text(data: bytes) -> tuple[str, int]:
    """Paragraphs and table rows in document order; table cells are separated by tabs (the
    clause splitter treats a cell as a clause)."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        raise ExtractionError("Word 文件已损坏或不是 .docx 格式，无法读取。") from exc
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = []
                for cell in row.cells:
                    value = cell.text.replace("\n", " ").strip()
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                lines.append("\t".join(cells))
    return "\n".join(lines), 1


_NUMBERED = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇\d]+[条章节款项]|[一二三四五六七八九十]+[、.．]"
    r"|\d+[、.．)）]|[（(]\d+[)）]|[（(][一二三四五六七八九十]+[)）]|[①-⑳])"
)
_LINE_END = "。；;！!？?：:"


def _unwrap(page_text: str) -> str:
    """A PDF breaks lines where the page ends them, mid-clause; join a line to the next unless
    it ends a sentence or the next one starts a numbered item."""
    out: list[str] = []
    for line in page_text.splitlines():
        line = line.strip()
        if out and out[-1] and line and out[-1][-1] not in _LINE_END and not _NUMBERED.match(line):
            out[-1] += line
        else:
            out.append(line)
    return "\n".join(out)


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractionError("PDF 已加密，请去除密码后再上传。")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ExtractionError(f"PDF 超过 {MAX_PDF_PAGES} 页，请拆分后上传。")
        texts = [_unwrap(_no_radicals(page.extract_text() or "")) for page in pages]
    except ExtractionError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ExtractionError("PDF 文件已损坏，无法读取。") from exc
    except Exception as exc:
        # pypdf can raise NotImplementedError (unsupported encryption) and others on odd files.
        raise ExtractionError("PDF 文件无法读取（可能已加密或已损坏）。") from exc
    return "\n".join(texts), len(texts)


def _image_text(data: bytes) -> str:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise ExtractionError("图片尺寸过大，请压缩到 8000 万像素以内。")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image = ImageOps.exif_transpose(image).convert("L")
    except ExtractionError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ExtractionError("图片已损坏或格式不受支持（请上传 JPG 或 PNG）。") from exc
    # Tesseract reads small print badly: bring the short side of a small photo up to ~1500 px.
    short = min(image.size)
    if short and short < 1000:
        factor = 1500 / short
        image = image.resize((round(image.width * factor), round(image.height * factor)))
    png = io.BytesIO()
    image.save(png, format="PNG")
    if not os.path.exists(TESSERACT):
        raise ExtractionError("本机未安装文字识别组件（Tesseract），暂不能识别图片。")
    try:
        # A fixed argument list, no shell: the image goes in on stdin.
        done = subprocess.run(  # noqa: S603
            [TESSERACT, "stdin", "stdout", "-l", OCR_LANGUAGES, "--psm", "6"],
            input=png.getvalue(),
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError("图片识别超时，请上传更清晰或更小的图片。") from exc
    if done.returncode != 0:
        raise ExtractionError("图片无法识别，请上传更清晰的照片。")
    text = done.stdout.decode("utf-8", "replace")
    return "\n".join(_OCR_SPACES.sub("", line).strip() for line in text.splitlines())


def extract(data: bytes, *, filename: str = "") -> Extracted:
    """The text of an upload, or ExtractionError. `filename` only names the file in messages
    elsewhere; the content decides the kind."""
    if not data:
        raise ExtractionError("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ExtractionError(f"文件超过 {MAX_BYTES // (1024 * 1024)}MB。")
    head = data[:16]
    kind = sniff(head)
    pages, ocr = 1, False
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # OLE compound file: an old .doc, or a password-protected .docx.
        raise ExtractionError("不支持旧版 .doc 或已加密的 Word 文件，请另存为 .docx 后上传。")
    if head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise ExtractionError("不支持的文件类型：请上传文本、Word（.docx）、PDF 或图片。")
    if kind and kind[0] == "application/pdf":
        text, pages = _pdf_text(data)
        kind_name = "pdf"
    elif kind:
        if kind[0] in ("image/heic", "image/gif"):
            raise ExtractionError("请将照片转为 JPG 或 PNG 后上传。")
        text, kind_name, ocr = _image_text(data), "image", True
    elif head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                is_docx = "word/document.xml" in package.namelist()
        except zipfile.BadZipFile as exc:
            raise ExtractionError("文件已损坏，无法读取。") from exc
        if not is_docx:
            raise ExtractionError("压缩包或其他 Office 文件不受支持，请上传 Word（.docx）。")
        text, pages = _docx_text(data)
        kind_name = "docx"
    else:
        text, kind_name = _decode_text(data), "text"
    return _checked(Extracted(text=text, kind=kind_name, pages=pages, ocr=ocr))


def _one_char_nfkc(char: str) -> str:
    normal = _SUPPLEMENT.get(char) or unicodedata.normalize("NFKC", char)
    return normal if len(normal) == 1 else char


def _no_radicals(text: str) -> str:
    return _RADICALS.sub(lambda m: _one_char_nfkc(m.group()), text)


def extract_pasted(text: str) -> Extracted:
    return _checked(Extracted(text=text or "", kind="text"))


# PDF fonts often map ideographs to the look-alike Kangxi radicals (⾝ for 身, ⼀ for 一):
# one character for one, so positions in the text do not move.
_RADICALS = re.compile(r"[\u2e80-\u2fdf]")
# The supplement radicals (U+2E80–2EFF) have no Unicode decomposition; these are the ones PDF
# fonts emit for simplified characters.
_SUPPLEMENT = dict(
    zip(
        "⺠⻓⻔⻢⻋⻜⻛⻅⻉⻩⻝⻥⻆⻬⻰⻳⺟⻚⻘⻨⻄⻢⻈⻓⻌⺮⺌⺍⺗",
        "民长门马车飞风见贝黄食鱼角齐龙龟母页青麦西马讠长辶竹小小心",
        strict=True,
    )
)


def _checked(found: Extracted) -> Extracted:
    text = found.text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = _no_radicals(text)
    if len(text) > MAX_TEXT_CHARS:
        raise ExtractionError(f"文字超过 {MAX_TEXT_CHARS:,} 字，请拆分后分次提交。")
    if not re.search(r"[\u3400-\u9fffA-Za-z]", text):
        if found.kind == "image":
            raise ExtractionError("图片中没有识别出文字，请上传清晰、正对拍摄的照片。")
        if found.kind == "pdf":
            raise ExtractionError("PDF 没有文字层（可能是扫描件），请上传照片或 Word 文件。")
        raise ExtractionError("没有可审查的文字。")
    return Extracted(text=text, kind=found.kind, pages=found.pages, ocr=found.ocr)
