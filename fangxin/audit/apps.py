from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fangxin.audit"
    verbose_name = "审计日志"
