from django.urls import path

from fangxin.intel import views

app_name = "intel"
urlpatterns = [
    path("hotspots/", views.hotspot_page, name="hotspots"),
    path("mass/", views.mass_list, name="mass_list"),
    path("mass/<int:mass_id>/", views.mass_detail, name="mass_detail"),
    path("mass/<int:mass_id>/<str:action>/", views.mass_action, name="mass_action"),
    path("feedback/", views.feedback_page, name="feedback"),
    path("models/", views.model_list, name="models"),
    path("cases/<str:tracking_no>/category/", views.case_category, name="case_category"),
]
