from django.urls import path

from fangxin.engagement import verify_views

app_name = "engagement"
urlpatterns = [
    path("verify/", verify_views.verify, name="verify"),
    path("verify/forget/", verify_views.forget, name="forget"),
]
