"""Masking of personal data for display, exports and audit-log summaries."""

from __future__ import annotations

from collections.abc import Callable

_COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "司徒",
        "夏侯",
        "长孙",
        "宇文",
        "轩辕",
        "端木",
        "南宫",
        "独孤",
    }
)
_ADDRESS_MARKERS = ("省", "市", "区", "县", "乡", "镇", "街道")
# Words that contain a marker character but name a place inside the administrative area;
# keeping them would reveal e.g. the residential compound.
_NON_ADMIN_WORDS = (
    "小区",
    "社区",
    "园区",
    "景区",
    "校区",
    "厂区",
    "超市",
    "菜市",
    "夜市",
    "市场",
)
_ADDRESS_SCAN_LENGTH = 20
_MASK = "****"

PERSONAL_FIELDS = frozenset(
    {
        "name",
        "full_name",
        "complainant_name",
        "reporter_name",
        "phone",
        "mobile",
        "id_number",
        "address",
        "email",
        "legal_representative",
        "contact_phone",
        "contact_person",
        "signer_name",
    }
)


def _keep_ends(value: str, head: int, tail: int) -> str:
    # Values too short to hide anything between the kept ends are masked completely,
    # so the masker never returns its input unchanged.
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    return _keep_ends(value.strip(), 3, 4)


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    return _keep_ends(value.strip(), 6, 4)


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    name = value.strip()
    if len(name) <= 1:
        return "*" * len(name)
    # A two-character name such as "欧阳" is surname 欧 plus given name 阳, not a bare surname.
    if len(name) > 2 and name[:2] in _COMPOUND_SURNAMES:
        return name[:2] + "*"
    return name[0] + "*"


def mask_address(value: str | None) -> str:
    if not value:
        return ""
    address = value.strip()
    scanned = address[:_ADDRESS_SCAN_LENGTH]
    for word in _NON_ADMIN_WORDS:
        scanned = scanned.replace(word, "\0" * len(word))
    end = 0
    for marker in _ADDRESS_MARKERS:
        index = scanned.rfind(marker)
        if index >= 0:
            end = max(end, index + len(marker))
    if end == 0:
        end = 4
    return address[:end] + _MASK


def mask_email(value: str | None) -> str:
    if not value:
        return ""
    local, at, domain = value.strip().rpartition("@")
    if not at:
        return domain[:1] + "***"
    return local[:1] + "***@" + domain


def _masker_for(field_name: str) -> Callable[[str | None], str]:
    if "phone" in field_name or "mobile" in field_name:
        return mask_phone
    if "id_number" in field_name:
        return mask_id_number
    if "address" in field_name:
        return mask_address
    if "email" in field_name:
        return mask_email
    return mask_name


def mask_field(field_name: str, value: object) -> object:
    if field_name not in PERSONAL_FIELDS:
        return value
    if value is None:
        return ""
    return _masker_for(field_name)(str(value))
