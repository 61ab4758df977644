from django.urls import path

from fangxin.merchants import credit_views, odr_views, registry_views, station_views
from fangxin.merchants import staff_views as views

app_name = "merchants_staff"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("new/", views.merchant_new, name="new"),
    path("import/", registry_views.import_page, name="import"),
    path("duplicates/", registry_views.duplicates, name="duplicates"),
    path("merge/", registry_views.merge, name="merge"),
    path("odr/", odr_views.staff_odr, name="odr"),
    path("odr/<int:odr_id>/", odr_views.staff_odr_decide, name="odr_decide"),
    path("stations/", station_views.stations, name="stations"),
    path("stations/new/", station_views.station_new, name="station_new"),
    path("stations/<int:station_id>/", station_views.station_edit, name="station_edit"),
    path("credit/", credit_views.entries, name="credit"),
    path("credit/new/", credit_views.entry_new, name="credit_new"),
    path("credit/<int:entry_id>/", credit_views.entry_detail, name="credit_detail"),
    path("<int:merchant_id>/", views.merchant_detail, name="detail"),
    path("<int:merchant_id>/edit/", views.merchant_edit, name="edit"),
    path("<int:merchant_id>/accounts/", views.account_invite, name="account_invite"),
]
