from django.urls import path

from fangxin.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/notifications/read/", views.notifications_read, name="notifications_read"),
]
