from django.urls import path

from fangxin.accounts import staff_views as views

app_name = "accounts_staff"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:user_id>/", views.user_detail, name="user_detail"),
    path(
        "<int:user_id>/memberships/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
