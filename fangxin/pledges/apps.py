from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "fangxin.pledges"
    verbose_name = "承诺与践诺"
