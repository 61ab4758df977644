from django.urls import path

from fangxin.pledges import merchant_views as views

app_name = "pledges_merchant"
urlpatterns = [
    path("", views.pledges, name="list"),
    path("new/", views.pledge_new, name="new"),
    path("<int:pledge_id>/", views.pledge_detail, name="detail"),
    path("<int:pledge_id>/returns/", views.return_log, name="return_log"),
    path("<int:pledge_id>/resubmit/", views.resubmit, name="resubmit"),
]
