from django.urls import path

from fangxin.clauses import publication_views, staff_views

app_name = "clauses_staff"
urlpatterns = [
    path("", staff_views.document_list, name="list"),
    path("new/", staff_views.document_new, name="new"),
    path("<int:document_id>/", staff_views.document_detail, name="detail"),
    path(
        "<int:document_id>/findings/<int:finding_id>/",
        staff_views.finding_decide,
        name="decide",
    ),
    path("<int:document_id>/notice.docx", staff_views.notice_download, name="notice"),
    path("<int:document_id>/original/", staff_views.original_download, name="original"),
    path("<int:document_id>/<str:action>/", staff_views.document_action, name="action"),
    path("reviews/", publication_views.publication_list, name="publications"),
    path(
        "reviews/<int:publication_id>/",
        publication_views.publication_detail,
        name="publication",
    ),
    path(
        "reviews/<int:publication_id>/<str:action>/",
        publication_views.publication_action,
        name="publication_action",
    ),
]
