from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "fangxin.outreach"
    verbose_name = "宣传活动"
