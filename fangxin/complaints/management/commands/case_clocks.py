from django.core.management.base import BaseCommand

from fangxin.complaints.clocks import clocks_run


class Command(BaseCommand):
    help = "期限提醒与ODR超期自动转办（可多次、并发运行，不会重复处理）"

    def handle(self, *args, **options):
        report = clocks_run()
        self.stdout.write(
            f"即将到期提醒 {report.due_soon} 件，超期提醒 {report.overdue} 件，"
            f"ODR超期转办 {report.escalated} 件"
        )
