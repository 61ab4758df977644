from django.urls import path

from fangxin.engagement import staff_views

app_name = "engagement_staff"
urlpatterns = [
    path("", staff_views.quiz_list, name="quizzes"),
    path("questions/", staff_views.question_bank, name="questions"),
    path("<int:quiz_id>/", staff_views.quiz_detail, name="quiz"),
    path("<int:quiz_id>/state/", staff_views.quiz_move, name="move"),
    path("<int:quiz_id>/commit/", staff_views.draw_commit, name="commit"),
    path("<int:quiz_id>/draw/", staff_views.draw_run, name="draw"),
]
