from django.urls import path

from fangxin.campaigns import views

app_name = "campaigns_staff"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("summary/", views.summary, name="summary"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/report/", views.task_report, name="report"),
    path("tasks/<int:task_id>/complete/", views.task_complete, name="complete"),
    path(
        "tasks/<int:task_id>/reports/<int:report_id>/attachment/",
        views.report_attachment,
        name="attachment",
    ),
]
