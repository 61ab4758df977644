from django.urls import path

from fangxin.complaints import import_views
from fangxin.complaints import staff_views as views

app_name = "complaints_staff"
urlpatterns = [
    path("", views.workbench, name="workbench"),
    path("new/", views.staff_file, name="file"),
    path("assign/", views.bulk_assign, name="bulk_assign"),
    path("import/", import_views.upload, name="import"),
    path("import/<str:token>/", import_views.batch_page, name="import_batch"),
    path("<str:tracking_no>/", views.case_detail, name="case"),
    path("<str:tracking_no>/steps/<str:name>/", views.case_step, name="step"),
    path("<str:tracking_no>/evidence/<str:token>/", views.evidence_download, name="evidence"),
    path("<str:tracking_no>/agreement.docx", views.agreement_docx, name="agreement_docx"),
]
