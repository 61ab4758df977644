from django.urls import path

from fangxin.outreach import public_views as views

app_name = "outreach_public"
urlpatterns = [
    path("", views.news, name="news"),
    path("articles/<int:article_id>/", views.article, name="article"),
    path("articles/<int:article_id>/cover/", views.article_cover, name="article_cover"),
    path("events/<int:event_id>/", views.event, name="event"),
    path("photos/<str:token>/", views.photo, name="photo"),
]
