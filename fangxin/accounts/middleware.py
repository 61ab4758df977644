"""Session policy: idle timeout, and the account conditions that must be met before anything
else (second factor for administrators in production, an expired password)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from fangxin.accounts.services import password_expired, second_factor_required

LAST_SEEN_KEY = "fangxin_last_seen"


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.FANGXIN_IDLE_TIMEOUT_MINUTES * 60:
                logout(request)
                if _wants_json(request):
                    return JsonResponse({"detail": "会话已超时，请重新登录。"}, status=401)
                messages.info(request, "您已长时间未操作，为保护信息安全已自动退出，请重新登录。")
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            # Saving the session is a database write: refresh the mark once a minute, not on
            # every request (the timeout is then exact to within that minute).
            if now - last_seen > 60 or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Paths an account under a pending condition may still reach.
_OPEN_PREFIXES = ("/static/", "/accounts/logout", "/accounts/login", "/favicon")


class AccountPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if second_factor_required(user) and not user.totp_enabled:
                target = reverse("accounts:totp_setup")
                if request.path != target:
                    messages.warning(request, "管理员账户必须先启用两步验证。")
                    return redirect(target)
            elif password_expired(user):
                target = reverse("accounts:password_change")
                if request.path != target:
                    messages.warning(request, "您的密码已超过有效期，请先修改密码。")
                    return redirect(target)
        return self.get_response(request)
