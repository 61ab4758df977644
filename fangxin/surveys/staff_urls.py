from django.urls import path

from fangxin.surveys import staff_views as views

app_name = "surveys_staff"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
    path("<int:survey_id>/edit/", views.survey_edit, name="edit"),
    path("<int:survey_id>/transition/", views.survey_transition, name="transition"),
    path("<int:survey_id>/extend/", views.survey_extend, name="extend"),
    path("<int:survey_id>/questions/", views.question_add, name="question_add"),
    path(
        "<int:survey_id>/questions/<int:question_id>/edit/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "<int:survey_id>/questions/<int:question_id>/move/",
        views.question_move,
        name="question_move",
    ),
    path("<int:survey_id>/results/", views.survey_results_view, name="results"),
    path("<int:survey_id>/export.xlsx", views.survey_export, name="export"),
]
