"""The page where a visitor proves a mobile number before answering, voting or surveying.
Works without JavaScript: step one sends the code, step two checks it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from fangxin.audit.middleware import client_address
from fangxin.engagement import verification
from fangxin.engagement.forms import CodeForm, PhoneForm
from fangxin.web.forms import apply_validation_error


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=False):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def verify(request):
    target = _next(request)
    step = request.POST.get("step", "phone") if request.method == "POST" else "phone"
    form = PhoneForm(request.POST or None) if step == "phone" else CodeForm(request.POST)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if step == "phone":
                verification.challenge_send(
                    phone=form.cleaned_data["phone"], address=client_address(request)
                )
            else:
                phone = verification.challenge_confirm(
                    phone=form.cleaned_data["phone"], code=form.cleaned_data["code"]
                )
                verification.session_verify(request, phone)
                messages.success(request, "手机号验证成功。")
                return redirect(target)
        except ValidationError as exc:
            apply_validation_error(form, exc)
            status = 400
        else:
            messages.info(request, "验证码已发送，请查看短信。")
            form = CodeForm(initial={"phone": form.cleaned_data["phone"]})
            step = "code"
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "engagement/verify.html",
        {"form": form, "step": step, "next": target},
        status=status,
    )


@require_http_methods(["POST"])
def forget(request):
    request.session.pop(verification.SESSION_KEY, None)
    return redirect(_next(request))
