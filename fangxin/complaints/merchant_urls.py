from django.urls import path

from fangxin.complaints import merchant_views as views

app_name = "complaints_merchant"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("<str:tracking_no>/", views.case_detail, name="case"),
    path("<str:tracking_no>/<str:name>/", views.case_act, name="act"),
]
