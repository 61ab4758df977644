from django.urls import path

from fangxin.selections import staff_views

app_name = "selections_staff"
urlpatterns = [
    path("", staff_views.selection_list, name="list"),
    path("<int:selection_id>/", staff_views.selection_detail, name="detail"),
    path("<int:selection_id>/move/", staff_views.selection_move, name="move"),
    path("<int:selection_id>/candidates/", staff_views.candidate_add, name="candidate_add"),
    path(
        "<int:selection_id>/candidates/<int:candidate_id>/eligibility/",
        staff_views.candidate_decide,
        name="candidate_decide",
    ),
    path("<int:selection_id>/experts/", staff_views.experts_set, name="experts"),
    path("<int:selection_id>/score/", staff_views.score_sheet, name="score"),
    path("<int:selection_id>/votes/", staff_views.votes_review, name="votes"),
    path("<int:selection_id>/final.xlsx", staff_views.final_export, name="export"),
]
