from django.urls import path

from fangxin.merchants import odr_views

app_name = "merchants_odr"
urlpatterns = [path("", odr_views.merchant_odr, name="mine")]
