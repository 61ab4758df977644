from django.urls import path

from fangxin.clauses import merchant_views

app_name = "clauses_merchant"
urlpatterns = [
    path("", merchant_views.document_list, name="list"),
    path("new/", merchant_views.document_new, name="new"),
    path("<int:document_id>/", merchant_views.document_detail, name="detail"),
    path("<int:document_id>/notice.docx", merchant_views.notice_download, name="notice"),
    path("<int:document_id>/revision/", merchant_views.revision_submit, name="revision"),
]
