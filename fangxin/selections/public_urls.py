from django.urls import path

from fangxin.selections import public_views

app_name = "selections_public"
urlpatterns = [
    path("", public_views.selection_list, name="list"),
    path("<int:selection_id>/", public_views.selection_detail, name="detail"),
    path("<int:selection_id>/vote/", public_views.vote, name="vote"),
    path("<int:selection_id>/apply/", public_views.apply, name="apply"),
    path("<int:selection_id>/results/", public_views.results, name="results"),
]
