from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "fangxin.surveys"
    verbose_name = "满意度测评"
