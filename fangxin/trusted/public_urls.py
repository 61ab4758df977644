from django.urls import path

from fangxin.trusted import views

app_name = "trusted_public"
urlpatterns = [path("", views.public_directory, name="directory")]
