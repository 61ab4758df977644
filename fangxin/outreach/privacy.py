"""What the public pages may not show: identifiers of a person in the text staff publish.

Publishing is refused, with the list of what to remove, when a text carries a mobile number,
身份证号, bank card, e-mail, QQ or WeChat id, or a licence plate (textintel.redact finds them).
Names and addresses are not refused: the redactor also finds officials' names and venues, which
publicity pieces name on purpose; landlines neither, as offices publish their numbers. Staff
write consumers as 王某 or 李女士 (see docs/outreach.md)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from fangxin.core.masking import mask_phone
from fangxin.textintel.redact import redact

REFUSED = {
    "mobile": "手机号",
    "id_number": "身份证号",
    "bank_card": "银行卡号",
    "email": "邮箱",
    "qq": "QQ号",
    "wechat": "微信号",
    "plate": "车牌号",
}


def personal_data_found(texts: Iterable[tuple[str, str]]) -> list[str]:
    """For each (label, text): “正文中的手机号“138****5678”” per identifier found, masked so
    that the message itself discloses nothing."""
    found = []
    for label, text in texts:
        for span in redact(text or "").spans:
            if span.kind in REFUSED:
                value = mask_phone(text[span.start : span.end])
                found.append(f"{label}中的{REFUSED[span.kind]}“{value}”")
    return found


def personal_data_refuse(texts: Iterable[tuple[str, str]], *, field: str) -> None:
    found = personal_data_found(texts)
    if found:
        raise ValidationError(
            {field: ["公开内容不得含有个人信息，请删除后再发布：" + "；".join(found) + "。"]}
        )
