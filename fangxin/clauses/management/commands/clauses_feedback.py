"""Write reviewers' decisions as evaluation records: confirmed findings as unfair clauses,
clauses whose every finding was dismissed as fair look-alikes (with the reasons), personal data
redacted. Score the rules on them with `python -m fangxin.clauses.evaluate --data FILE`."""

import json

from django.core.management.base import BaseCommand, CommandError

from fangxin.clauses.selectors import feedback_records
from fangxin.core.models import Bureau


class Command(BaseCommand):
    help = "导出审核结论为评测数据（JSON Lines），用于评估和改进格式条款规则库"

    def add_arguments(self, parser):
        parser.add_argument("output", help="输出文件路径（.jsonl）")
        parser.add_argument("--bureau", help="只导出该局（行政区划代码）")

    def handle(self, *args, output, bureau=None, **options):
        bureau_id = None
        if bureau:
            found = Bureau.objects.filter(division_code=bureau).first()
            if found is None:
                raise CommandError(f"没有行政区划代码为 {bureau} 的市场监管局。")
            bureau_id = found.pk
        records = feedback_records(bureau_id)
        with open(output, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        unfair = sum(r["unfair"] for r in records)
        self.stdout.write(
            f"已导出 {len(records)} 条（不公平 {unfair} 条，排除 {len(records) - unfair} 条）。"
        )
