from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fangxin.accounts"
    verbose_name = "账户"
