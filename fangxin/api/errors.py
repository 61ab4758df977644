"""Turn pydantic validation errors into the contract's `{"errors": {"field": ["中文消息"]}}`."""

import re
from typing import Any

_MESSAGES = {
    "missing": "此项为必填项。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD。",
    "date_type": "日期格式应为 YYYY-MM-DD。",
    "datetime_parsing": "时间格式应为 ISO 8601，例如 2026-03-15T09:30:00+08:00。",
    "datetime_from_date_parsing": "时间格式应为 ISO 8601，例如 2026-03-15T09:30:00+08:00。",
    "datetime_type": "时间格式应为 ISO 8601，例如 2026-03-15T09:30:00+08:00。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "decimal_parsing": "应为数字，例如 128.50。",
    "decimal_type": "应为数字，例如 128.50。",
    "string_type": "应为文本。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "json_invalid": "请求体不是有效的 JSON。",
    "model_attributes_type": "应为 JSON 对象。",
    "dict_type": "应为 JSON 对象。",
    "list_type": "应为列表。",
    "extra_forbidden": "不允许的字段。",
    "enum": "取值无效。",
    "literal_error": "取值无效。",
}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LOCATIONS = {"body", "query", "path", "header", "form", "cookie", "payload"}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    # pydantic reports a date bound as its ISO text; a date reads better as 早于/晚于.
    if kind == "greater_than_equal" and _ISO_DATE.fullmatch(str(ctx.get("ge"))):
        return f"不能早于 {ctx['ge']}。"
    if kind == "less_than_equal" and _ISO_DATE.fullmatch(str(ctx.get("le"))):
        return f"不能晚于 {ctx['le']}。"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}。"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}。"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}。"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}。"
    if kind == "string_too_long":
        return f"长度不能超过 {ctx.get('max_length')} 个字符。"
    if kind == "string_too_short":
        return (
            "此项不能为空。"
            if ctx.get("min_length") == 1
            else (f"长度不能少于 {ctx.get('min_length')} 个字符。")
        )
    if kind == "value_error":
        # Our own validators raise ValueError with a Chinese sentence.
        return str(ctx.get("error") or error.get("msg", "输入无效。")).removeprefix("Value error, ")
    return _MESSAGES.get(kind, "输入无效。")


def field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{dotted.field: [messages]}; a body that is not an object is reported as `body`."""
    result: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ()) if str(p) not in _LOCATIONS]
        # Ninja wraps a body schema under its parameter name; drop that wrapper.
        if len(loc) > 1 and loc[0] in {"data", "payload"}:
            loc = loc[1:]
        field = ".".join(loc) or "body"
        result.setdefault(field, [])
        message = _message(error)
        if message not in result[field]:
            result[field].append(message)
    return result
