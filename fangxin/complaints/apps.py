from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "fangxin.complaints"
    verbose_name = "投诉举报咨询"
