from django.apps import AppConfig


class MerchantsConfig(AppConfig):
    name = "fangxin.merchants"
    verbose_name = "经营者"
