import time

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from fangxin.accounts import services
from fangxin.accounts.access import login_required
from fangxin.accounts.forms import LoginForm, OtpForm, PasswordChangeForm
from fangxin.accounts.middleware import LAST_SEEN_KEY
from fangxin.accounts.signin import sign_in_password, sign_in_second_factor
from fangxin.audit.middleware import client_address

PENDING_KEY = "fangxin_pending_user"
PENDING_SECONDS = 300
SETUP_SECRET_KEY = "fangxin_totp_setup_secret"  # noqa: S105 (a session key name)


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("web:home")


def _complete_login(request, user):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[LAST_SEEN_KEY] = time.time()
    return redirect(_next_url(request))


def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = sign_in_password(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            address=client_address(request),
        )
        if result.user is None:
            error = result.error
        elif result.needs_second_factor:
            request.session[PENDING_KEY] = {"id": result.user.pk, "at": time.time()}
            return redirect(f"{reverse('accounts:login_otp')}?next={_next_url(request)}")
        else:
            return _complete_login(request, result.user)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next_url(request)},
        status=200,
    )


def login_otp_view(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, "请重新输入用户名和密码。")
        return redirect("accounts:login")
    form = OtpForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = sign_in_second_factor(
            user_id=pending["id"], code=form.cleaned_data["code"], address=client_address(request)
        )
        if result.complete:
            request.session.pop(PENDING_KEY, None)
            return _complete_login(request, result.user)
        error = result.error
    return render(
        request,
        "accounts/login_otp.html",
        {"form": form, "error": error, "next": _next_url(request)},
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.success(request, "您已安全退出。")
    return redirect("accounts:login")


@login_required
def password_change_view(request):
    form = PasswordChangeForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                actor=request.user, user=request.user, password=form.cleaned_data["new_password"]
            )
        except ValidationError as exc:
            for message in exc.message_dict.get("password", []):
                form.add_error("new_password", message)
        else:
            # Keep this session signed in; other sessions of the user end with the old hash.
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def security_view(request):
    return render(
        request,
        "accounts/security.html",
        {
            "required": services.second_factor_required(request.user),
        },
    )


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def totp_setup_view(request):
    if request.user.totp_enabled:
        messages.info(request, "两步验证已启用。")
        return redirect("accounts:security")
    secret = request.session.get(SETUP_SECRET_KEY)
    if not secret:
        secret = services.totp_new_secret()
        request.session[SETUP_SECRET_KEY] = secret
    form = OtpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enable(
                actor=request.user, user=request.user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form.add_error("code", exc.message_dict["code"][0])
        else:
            request.session.pop(SETUP_SECRET_KEY, None)
            messages.success(request, "两步验证已启用，下次登录时需要输入动态验证码。")
            return redirect("accounts:security")
    uri = services.totp_provisioning_uri(request.user, secret)
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "secret": secret, "qr_svg": _qr_svg(uri)},
    )


@login_required
@require_POST
def totp_disable_view(request):
    try:
        services.totp_disable(
            actor=request.user, user=request.user, password=request.POST.get("password", "")
        )
    except ValidationError as exc:
        messages.error(request, exc.message_dict["password"][0])
    else:
        messages.success(request, "两步验证已关闭。")
    return redirect("accounts:security")
