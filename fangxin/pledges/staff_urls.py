from django.urls import path

from fangxin.pledges import staff_views as views

app_name = "pledges_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pledge_id>/", views.detail, name="detail"),
    path("<int:pledge_id>/review/", views.review, name="review"),
    path("<int:pledge_id>/breach/", views.breach_open, name="breach_open"),
    path("<int:pledge_id>/breach/<str:name>/", views.breach_step, name="breach_step"),
]
