"""Where text messages go. `FANGXIN_SMS_BACKEND` names a class with `send(phone, text)` that
raises `SmsError` when the gateway refuses; the console backend (the default) writes the
message to the log with the number masked, for development and for intranets without a
gateway. A bureau's real gateway (运营商/政务短信平台) is a class of the same shape."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from fangxin.core.masking import mask_phone

log = logging.getLogger("fangxin.sms")


class SmsError(Exception):
    pass


class ConsoleBackend:
    def send(self, phone: str, text: str) -> None:
        log.info("短信 → %s：%s", mask_phone(phone), text)


def sms_backend():
    return import_string(settings.FANGXIN_SMS_BACKEND)()
