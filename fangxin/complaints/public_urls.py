from django.urls import path

from fangxin.complaints import public_views as views

app_name = "complaints_public"
urlpatterns = [
    path("new/", views.file_case, name="file"),
    path("filed/", views.filed, name="filed"),
    path("status/", views.status, name="status"),
]
