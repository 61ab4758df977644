from django.urls import path

from fangxin.merchants import public_views as views

app_name = "merchants_public"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("credit/", views.credit_list, name="credit"),
    path("<int:merchant_id>/", views.profile, name="profile"),
]
