from django.urls import path

from fangxin.engagement import quiz_views, verify_views

app_name = "engagement"
urlpatterns = [
    path("verify/", verify_views.verify, name="verify"),
    path("verify/forget/", verify_views.forget, name="forget"),
    path("quiz/", quiz_views.quiz_list, name="quizzes"),
    path("quiz/<int:quiz_id>/", quiz_views.quiz_home, name="quiz"),
    path("quiz/<int:quiz_id>/start/", quiz_views.attempt_start, name="start"),
    path("quiz/attempts/<str:public_id>/", quiz_views.attempt_question, name="attempt"),
    path("quiz/attempts/<str:public_id>/answer/", quiz_views.attempt_answer, name="answer"),
    path("quiz/attempts/<str:public_id>/result/", quiz_views.attempt_result, name="result"),
    path("quiz/<int:quiz_id>/leaderboard/", quiz_views.leaderboard, name="leaderboard"),
    path("quiz/<int:quiz_id>/draw/", quiz_views.draw_page, name="draw"),
    path("quiz/draw.py", quiz_views.draw_source, name="draw_source"),
    path("quiz/<int:quiz_id>/draw/entries.txt", quiz_views.draw_entries, name="draw_entries"),
]
