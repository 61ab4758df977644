"""Evidence files: photos and PDFs, each at most 10 MB, recognised by their content (magic
bytes), never by their name or the browser's claimed type."""

import hashlib
import secrets

from django.core.exceptions import ValidationError

from fangxin.complaints.models import Case, Evidence
from fangxin.core.filetypes import sniff

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


def evidence_check(files) -> list[tuple[object, str, str]]:
    """[(file, content_type, suffix)] or ValidationError({"evidence": [...]}) naming each bad
    file."""
    files = list(files or [])
    errors = []
    if len(files) > MAX_FILES:
        errors.append(f"最多上传{MAX_FILES}个文件。")
    checked = []
    for upload in files:
        name = (upload.name or "文件")[:100]
        if upload.size > MAX_BYTES:
            errors.append(f"“{name}”超过10MB。")
            continue
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        if kind is None:
            errors.append(f"“{name}”不是有效的图片（JPG/PNG/WebP/HEIC/GIF）或PDF文件。")
            continue
        checked.append((upload, *kind))
    if errors:
        raise ValidationError({"evidence": errors})
    return checked


def evidence_store(case: Case, checked) -> list[Evidence]:
    stored = []
    for upload, content_type, suffix in checked:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        item = Evidence(
            case=case,
            token=secrets.token_hex(16) + suffix,
            original_name=(upload.name or "证据")[:200],
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        item.file.save(item.token, upload, save=False)
        item.save()
        stored.append(item)
    return stored
