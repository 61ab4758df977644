from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.accounts.selectors import membership_list_for_user
from fangxin.campaigns.selectors import campaign_current
from fangxin.complaints.selectors import notification_list_for_user
from fangxin.complaints.services import notifications_mark_read
from fangxin.core.calendar import day_status, deadline_for
from fangxin.core.selectors import unit_list_for_bureau


def home(request):
    bureau_id = request.user.bureau_id if request.user.is_authenticated else None
    return render(request, "web/home.html", {"campaign": campaign_current(bureau_id=bureau_id)})


@staff_required
def staff_home(request):
    today = timezone.localdate()
    memberships = membership_list_for_user(request.user)
    return render(
        request,
        "web/staff_home.html",
        {
            "today": today,
            "today_status": day_status(today),
            "acceptance": deadline_for("complaint.acceptance", today),
            "memberships": memberships,
            "notifications": notification_list_for_user(request.user),
            "units": unit_list_for_bureau(request.user.bureau_id),
        },
    )


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    return render(request, "errors/403_csrf.html", status=403)


@staff_required
@require_POST
def notifications_read(request):
    notifications_mark_read(user=request.user)
    return redirect("web:staff_home")
