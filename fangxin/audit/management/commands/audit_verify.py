from django.core.management.base import BaseCommand, CommandError

from fangxin.audit.chain import audit_chain_verify


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一个断开的环节"

    def handle(self, *args, **options):
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"审计日志链在序号 {report.broken_seq} 处断开：{report.reason}"
                f"（此前已校验 {report.checked} 条）"
            )
        self.stdout.write(f"审计日志链完整：已校验 {report.checked} 条事件")
