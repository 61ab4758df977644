"""Photos of publicity events and article covers: shown to the public, so stricter than a
complaint's evidence. The evidence rule (content sniffed by magic bytes, at most 10 MB) first,
then: an image a browser shows (no PDF, no HEIC), at most 5 MB, that Pillow can open."""

import io
import secrets

from django.core.exceptions import ValidationError

from fangxin.complaints.evidence import evidence_check

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
SHOWN_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def photo_check(upload, *, field: str = "photo") -> tuple[str, str]:
    """(content_type, suffix) of an acceptable photo, or ValidationError({field: [...]})."""
    if upload is None:
        raise ValidationError({field: ["请选择要上传的照片。"]})
    name = (upload.name or "照片")[:100]
    if not upload.size:
        raise ValidationError({field: [f"“{name}”是空文件，请重新选择。"]})
    try:
        [(_, content_type, suffix)] = evidence_check([upload])
    except ValidationError as exc:
        raise ValidationError(
            {field: [f"“{name}”不是有效的照片，请上传JPG、PNG、WebP或GIF格式的图片。"]}
        ) from exc
    if content_type not in SHOWN_TYPES:
        raise ValidationError({field: [f"“{name}”不是网页可显示的照片，请转换为JPG或PNG后上传。"]})
    if upload.size > MAX_BYTES:
        raise ValidationError({field: [f"“{name}”超过5MB，请压缩后上传。"]})
    _decodable(upload, name, field)
    return content_type, suffix


def _decodable(upload, name: str, field: str) -> None:
    """A file that starts like a PNG but is not one would show as a broken image."""
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({field: [f"“{name}”尺寸过大，请压缩到4000万像素以内。"]})
            probe.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError({field: [f"“{name}”已损坏，无法显示，请重新选择。"]}) from None


def photo_token(suffix: str) -> str:
    return secrets.token_hex(16) + suffix


def photo_response(file, content_type: str, *, public: bool):
    """Stream a stored photo (ours only: the pages never point at another site)."""
    from django.http import FileResponse

    response = FileResponse(file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Cached briefly: a withdrawn item stops showing within minutes.
    response["Cache-Control"] = ("public" if public else "private") + ", max-age=300"
    return response
