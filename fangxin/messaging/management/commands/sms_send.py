from django.core.management.base import BaseCommand

from fangxin.messaging.services import sms_send_pending


class Command(BaseCommand):
    help = "发送待发短信（可多次、并发运行，同一条短信只发一次；失败的最多重试5次）"

    def handle(self, *args, **options):
        report = sms_send_pending()
        self.stdout.write(f"已发送 {report.sent} 条，失败 {report.failed} 条")
