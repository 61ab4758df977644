from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "fangxin.messaging"
    verbose_name = "短信"
