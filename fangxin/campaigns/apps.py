from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "fangxin.campaigns"
    verbose_name = "活动"
