"""Mobile-number verification for the public activities (quiz, votes, surveys): a six-digit
code by text message, then the number is held in the visitor's session for a while.

The rate limits answer the abuse the 3·15 morning brings: one code a minute and ten a day per
number (so nobody floods a stranger's phone), thirty codes an hour per address (so one machine
cannot verify a block of numbers), five wrong guesses per code."""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.core.masking import mask_phone
from fangxin.core.validators import mobile_error, normalize_mobile
from fangxin.engagement.models import PhoneChallenge
from fangxin.messaging.backends import SmsError, sms_backend
from fangxin.web import ratelimit

CODE_MINUTES = 5
MAX_TRIES = 5
VERIFIED_HOURS = 2
SESSION_KEY = "fangxin_verified_phone"


def _digest(phone: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def phone_clean(value: str | None) -> str:
    number = normalize_mobile((value or "").strip())
    message = mobile_error(number) if number else "请填写手机号码。"
    if message:
        raise ValidationError({"phone": [message if message.endswith("。") else message + "。"]})
    return number


def challenge_send(*, phone: str, address: str | None) -> PhoneChallenge:
    """Send a fresh code to `phone`. Refuses (ValidationError on "phone") when a limit is hit
    or the gateway refuses; nothing is stored then."""
    phone = phone_clean(phone)
    if not ratelimit.hit("sms-code-min", phone, limit=1, window_seconds=60):
        raise ValidationError({"phone": ["验证码已发送，请1分钟后再试。"]})
    if not ratelimit.hit("sms-code-day", phone, limit=10, window_seconds=86400):
        raise ValidationError({"phone": ["该号码今天获取验证码的次数已达上限，请明天再试。"]})
    if not ratelimit.hit("sms-code-addr", address or "-", limit=30, window_seconds=3600):
        raise ValidationError({"phone": ["本网络获取验证码过于频繁，请稍后再试。"]})
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        challenge = PhoneChallenge.objects.create(
            phone=phone,
            code_hash=_digest(phone, code),
            address=address,
            created_at=now,
            expires_at=now + datetime.timedelta(minutes=CODE_MINUTES),
        )
        try:
            sms_backend().send(
                phone, f"【放心消费】您的验证码是{code}，{CODE_MINUTES}分钟内有效。请勿告诉他人。"
            )
        except SmsError as exc:
            raise ValidationError({"phone": ["短信发送失败，请稍后再试。"]}) from exc
    return challenge


def challenge_confirm(*, phone: str, code: str) -> str:
    """Check `code` against the newest unexpired code of `phone`; returns the number."""
    phone = phone_clean(phone)
    code = (code or "").strip()
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationError({"code": ["请输入短信中的6位数字验证码。"]})
    now = timezone.now()
    # The wrong guess is counted in its own committed transaction, then refused: raising
    # inside the block would roll the count back and allow unlimited guesses.
    with transaction.atomic():
        challenge = (
            PhoneChallenge.objects.select_for_update()
            .filter(phone=phone, verified_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if challenge is None or challenge.tries >= MAX_TRIES:
            raise ValidationError({"code": ["验证码已过期或错误次数过多，请重新获取。"]})
        right = hmac.compare_digest(challenge.code_hash, _digest(phone, code))
        if right:
            challenge.verified_at = now
            challenge.save(update_fields=["verified_at"])
        else:
            challenge.tries += 1
            challenge.save(update_fields=["tries"])
    if not right:
        left = MAX_TRIES - challenge.tries
        message = (
            f"验证码不正确，还可以再试{left}次。" if left else "验证码错误次数过多，请重新获取。"
        )
        raise ValidationError({"code": [message]})
    return phone


def session_verify(request, phone: str) -> None:
    until = timezone.now() + datetime.timedelta(hours=VERIFIED_HOURS)
    request.session[SESSION_KEY] = {"phone": phone, "until": until.isoformat()}


def verified_phone(request) -> str | None:
    """The number this visitor verified in the last VERIFIED_HOURS hours, or None."""
    held = request.session.get(SESSION_KEY)
    if not held:
        return None
    try:
        until = datetime.datetime.fromisoformat(held["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until <= timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    return held.get("phone")


def verified_label(request) -> str:
    phone = verified_phone(request)
    return mask_phone(phone) if phone else ""
