from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fangxin.web"
    verbose_name = "门户"
