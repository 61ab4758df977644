from django.urls import path

from fangxin.surveys import public_views

app_name = "surveys_public"
urlpatterns = [
    path("", public_views.survey_list, name="list"),
    path("<int:survey_id>/", public_views.survey_page, name="survey"),
    path("<int:survey_id>/thanks/", public_views.survey_thanks, name="thanks"),
]
