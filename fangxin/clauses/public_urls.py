from django.urls import path

from fangxin.clauses import publication_views

app_name = "clauses_public"
urlpatterns = [
    path("", publication_views.public_list, name="list"),
    path("<int:publication_id>/", publication_views.public_detail, name="detail"),
]
