from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fangxin.audit.chain import audit_prune


class Command(BaseCommand):
    help = "删除超过保留期的审计日志（保留期不少于六个月，即184天）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.FANGXIN_AUDIT_RETENTION_DAYS,
            help="保留天数，默认取 FANGXIN_AUDIT_RETENTION_DAYS",
        )

    def handle(self, *args, **options):
        try:
            removed = audit_prune(older_than_days=options["days"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已删除 {removed} 条超过 {options['days']} 天的审计日志")
