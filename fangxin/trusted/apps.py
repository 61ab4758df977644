from django.apps import AppConfig


class TrustedConfig(AppConfig):
    name = "fangxin.trusted"
    verbose_name = "放心消费创建"
