from django.apps import AppConfig


class SelectionsConfig(AppConfig):
    name = "fangxin.selections"
    verbose_name = "评选"
