"""Pages for the public: file a complaint, report or enquiry; follow it; rate it. They work
without JavaScript and on a phone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fangxin.complaints import services
from fangxin.complaints.forms import FilingForm, SatisfactionForm, StatusLookupForm
from fangxin.complaints.intake import case_file, filing_problems
from fangxin.complaints.models import Kind
from fangxin.complaints.selectors import case_public_get
from fangxin.complaints.serialize import case_public_body
from fangxin.web.ratelimit import allow

FILED_KEY = "fangxin_filed"


@require_http_methods(["GET", "POST"])
def file_case(request):
    kind = request.GET.get("kind")
    form = FilingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"kind": kind} if kind in Kind.values else {},
    )
    actor = request.user if request.user.is_authenticated else None
    if request.method == "POST" and not form.is_valid():
        form.add_service_errors(
            {
                path: messages
                for path, messages in filing_problems(actor=actor, filing=form.filing()).items()
                if path.replace(".", "_") not in form.errors
            }
        )
    elif request.method == "POST":
        try:
            case = case_file(
                actor=actor, filing=form.filing(), evidence=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict)
        else:
            request.session[FILED_KEY] = case.tracking_no
            return redirect("complaints_public:filed")
    status = 400 if request.method == "POST" else 200
    return render(request, "complaints/public_file.html", {"form": form}, status=status)


def filed(request):
    number = request.session.get(FILED_KEY)
    if not number:
        return redirect("complaints_public:file")
    return render(request, "complaints/public_filed.html", {"tracking_no": number})


@require_http_methods(["GET", "POST"])
def status(request):
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = StatusLookupForm(data)
    case, rating = None, None
    if data is not None and form.is_valid():
        if not allow(request, "status", limit=30, window_seconds=60):
            form.add_error(None, "查询过于频繁，请稍后再试。")
            return render(request, "complaints/public_status.html", {"form": form}, status=429)
        case = case_public_get(form.cleaned_data["tracking_no"], form.cleaned_data["phone_last4"])
        if case is None:
            form.add_error(None, "未找到该编号的记录，或手机号后四位不符。")
        elif request.POST.get("action") == "rate":
            rating = SatisfactionForm(request.POST)
            if rating.is_valid():
                try:
                    services.case_rate(
                        case=case,
                        satisfaction=rating.cleaned_data["satisfaction"],
                        comment=rating.cleaned_data["comment"],
                    )
                except ValidationError as exc:
                    rating.add_error("satisfaction", exc.message_dict["satisfaction"][0])
                else:
                    messages.success(request, "感谢您的评价！")
                    case.refresh_from_db()
                    rating = None
    body = case_public_body(case) if case else None
    can_rate = bool(case and case.satisfaction is None and case.status in services.RATEABLE)
    return render(
        request,
        "complaints/public_status.html",
        {
            "form": form,
            "case": body,
            "rating": rating or (SatisfactionForm() if can_rate else None),
        },
    )
