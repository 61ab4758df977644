from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "fangxin.engagement"
    verbose_name = "公众参与"
