"""Checks for Chinese identifiers: unified social credit code, resident ID number, mobile number.

The ``*_error`` functions are pure and return a Chinese message (or None) so that forms, APIs
and imports can share the wording; the ``validate_*`` wrappers adapt them to Django fields.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

# GB 32100-2015 drops I, O, Z, S, V because they are easily confused with digits.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_CHARSET)}
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_AUTHORITIES = frozenset("123456789ANY")

_ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_NUMBER_CHECK_CHARS = "10X98765432"
_ID_NUMBER_PROVINCES = frozenset(
    (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55))
    + (*range(61, 66), 71, 81, 82, 83)
)
_EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)

# Explicit [0-9] because \d and str.isdigit() also accept full-width and other Unicode digits.
_ID_NUMBER_RE = re.compile(r"[0-9]{17}[0-9X]")
_DIGITS_RE = re.compile(r"[0-9]+")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_MOBILE_SEPARATORS_RE = re.compile(r"[\s\-]+")


def normalize_credit_code(value: str) -> str:
    return value.strip().upper()


def credit_code_error(value: str) -> str | None:
    code = normalize_credit_code(value)
    if len(code) != 18:
        return "统一社会信用代码应为18位"
    if any(char not in _CREDIT_CODE_VALUES for char in code):
        return "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）"
    if code[0] not in _CREDIT_CODE_AUTHORITIES:
        return "统一社会信用代码的登记管理部门代码（第1位）无效"
    if not _DIGITS_RE.fullmatch(code[2:8]):
        return "统一社会信用代码的行政区划码（第3–8位）应为数字"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位错误"
    return None


def credit_code_check_char(body: str) -> str:
    """The GB 32100 check character for the first 17 characters of a code."""
    total = sum(
        _CREDIT_CODE_VALUES[char] * weight
        for char, weight in zip(body, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def normalize_id_number(value: str) -> str:
    return value.strip().upper()


def id_number_error(value: str, *, today: datetime.date | None = None) -> str | None:
    number = normalize_id_number(value)
    if len(number) != 18:
        return "身份证号应为18位"
    if not _ID_NUMBER_RE.fullmatch(number):
        return "身份证号前17位应为数字，最后一位应为数字或X"
    if int(number[:2]) not in _ID_NUMBER_PROVINCES:
        return "身份证号地区码无效"
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "身份证号出生日期无效"
    # Resolved lazily so that malformed input can be rejected without configured settings.
    if today is None:
        today = timezone.localdate()
    if not _EARLIEST_BIRTH_DATE <= birth_date <= today:
        return "身份证号出生日期无效"
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:17], _ID_NUMBER_WEIGHTS, strict=True)
    )
    if _ID_NUMBER_CHECK_CHARS[total % 11] != number[17]:
        return "身份证号校验位错误"
    return None


def normalize_mobile(value: str) -> str:
    number = _MOBILE_SEPARATORS_RE.sub("", value)
    if number.startswith("+86"):
        return number[3:]
    # A bare "86" is only a country code when it precedes a full 11-digit number.
    if number.startswith("86") and len(number) == 13:
        return number[2:]
    return number


def mobile_error(value: str) -> str | None:
    number = normalize_mobile(value)
    if len(number) != 11 or not _DIGITS_RE.fullmatch(number):
        return "手机号码应为11位数字"
    if not _MOBILE_RE.fullmatch(number):
        return "手机号码格式不正确"
    return None


def validate_credit_code(value: str) -> None:
    message = credit_code_error(value)
    if message is not None:
        raise ValidationError(message, code="invalid_credit_code")


def validate_id_number(value: str) -> None:
    message = id_number_error(value)
    if message is not None:
        raise ValidationError(message, code="invalid_id_number")


def validate_mobile(value: str) -> None:
    message = mobile_error(value)
    if message is not None:
        raise ValidationError(message, code="invalid_mobile")


def text_field(value, field: str, label: str, limit: int, *, required: bool = True) -> str:
    """Free text a service accepts: trimmed, required unless said otherwise, at most `limit`
    characters; otherwise ValidationError({field: [中文消息]})."""
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [f"请填写{label}。"]})
    if len(value) > limit:
        raise ValidationError({field: [f"{label}不能超过{limit}个字。"]})
    return value
