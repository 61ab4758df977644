from django.apps import AppConfig


class ClausesConfig(AppConfig):
    name = "fangxin.clauses"
    verbose_name = "格式条款审查"
