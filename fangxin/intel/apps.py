from django.apps import AppConfig


class IntelConfig(AppConfig):
    name = "fangxin.intel"
    verbose_name = "文本智能"
