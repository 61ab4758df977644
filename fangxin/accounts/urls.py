from django.urls import path

from fangxin.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/otp/", views.login_otp_view, name="login_otp"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("security/", views.security_view, name="security"),
    path("security/totp/", views.totp_setup_view, name="totp_setup"),
    path("security/totp/disable/", views.totp_disable_view, name="totp_disable"),
]
