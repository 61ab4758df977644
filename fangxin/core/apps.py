from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fangxin.core"
    verbose_name = "核心"
