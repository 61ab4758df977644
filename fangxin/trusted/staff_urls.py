from django.urls import path

from fangxin.trusted import views

app_name = "trusted_staff"
urlpatterns = [
    path("", views.pool_list, name="pool"),
    path("<int:record_id>/", views.detail, name="detail"),
    path("<int:record_id>/<str:name>/", views.step, name="step"),
]
