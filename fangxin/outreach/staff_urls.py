from django.urls import path

from fangxin.outreach import staff_views as views

app_name = "outreach_staff"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_new, name="event_new"),
    path("<int:event_id>/", views.event_detail, name="event"),
    path("<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:event_id>/photos/", views.photo_add, name="photo_add"),
    path("<int:event_id>/photos/<int:photo_id>/remove/", views.photo_remove, name="photo_remove"),
    path("<int:event_id>/cases/", views.case_link, name="case_link"),
    path("<int:event_id>/cases/<int:link_id>/unlink/", views.case_unlink, name="case_unlink"),
    path("<int:event_id>/publish/", views.event_publish, name="event_publish"),
    path("<int:event_id>/unpublish/", views.event_unpublish, name="event_unpublish"),
    path("<int:event_id>/delete/", views.event_delete, name="event_delete"),
    path("photos/<str:token>/", views.photo, name="photo"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("articles/<int:article_id>/publish/", views.article_publish, name="article_publish"),
    path("articles/<int:article_id>/unpublish/", views.article_unpublish, name="article_unpublish"),
    path("articles/<int:article_id>/cover/", views.article_cover, name="article_cover"),
    path("articles/<int:article_id>/delete/", views.article_delete, name="article_delete"),
]
