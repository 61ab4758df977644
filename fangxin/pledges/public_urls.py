from django.urls import path

from fangxin.pledges import public_views as views

app_name = "pledges_public"
urlpatterns = [
    path("", views.holders, name="directory"),
    path("c/<str:token>/", views.certificate, name="certificate"),
    path("c/<str:token>/qr.svg", views.certificate_qr, name="qr"),
]
