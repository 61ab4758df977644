from django.urls import include, path

from fangxin.api.api import api

urlpatterns = [
    path("", include("fangxin.web.urls")),
    path("accounts/", include("fangxin.accounts.urls")),
    path("complaints/", include("fangxin.complaints.public_urls")),
    path("staff/calendar/", include("fangxin.core.urls")),
    path("staff/audit/", include("fangxin.audit.urls")),
    path("staff/users/", include("fangxin.accounts.staff_urls")),
    path("staff/cases/", include("fangxin.complaints.staff_urls")),
    path("merchant/cases/", include("fangxin.complaints.merchant_urls")),
    path("merchant/pledges/", include("fangxin.pledges.merchant_urls")),
    path("merchant/odr/", include("fangxin.merchants.merchant_urls")),
    path("staff/pledges/", include("fangxin.pledges.staff_urls")),
    path("staff/merchants/", include("fangxin.merchants.staff_urls")),
    path("staff/trusted/", include("fangxin.trusted.staff_urls")),
    path("staff/intel/", include("fangxin.intel.urls")),
    path("staff/campaign/", include("fangxin.campaigns.staff_urls")),
    path("staff/clauses/", include("fangxin.clauses.staff_urls")),
    path("merchant/clauses/", include("fangxin.clauses.merchant_urls")),
    path("clause-reviews/", include("fangxin.clauses.public_urls")),
    path("pledges/", include("fangxin.pledges.public_urls")),
    path("", include("fangxin.engagement.public_urls")),
    path("selections/", include("fangxin.selections.public_urls")),
    path("surveys/", include("fangxin.surveys.public_urls")),
    path("news/", include("fangxin.outreach.public_urls")),
    path("staff/quiz/", include("fangxin.engagement.staff_urls")),
    path("staff/selections/", include("fangxin.selections.staff_urls")),
    path("staff/surveys/", include("fangxin.surveys.staff_urls")),
    path("staff/outreach/", include("fangxin.outreach.staff_urls")),
    path("merchants/", include("fangxin.merchants.public_urls")),
    path("trusted/", include("fangxin.trusted.public_urls")),
    path("api/v1/", api.urls),
]

handler400 = "fangxin.web.views.error_400"
handler403 = "fangxin.web.views.error_403"
handler404 = "fangxin.web.views.error_404"
handler500 = "fangxin.web.views.error_500"
