"""Find repeated filings and mass complaints among each bureau's complaints of the last 30
days (fangxin.intel.mass). Safe to run often: it only adds what is new."""

from django.core.management.base import BaseCommand

from fangxin.core.models import Bureau
from fangxin.intel.mass import mass_scan


class Command(BaseCommand):
    help = "归集近30天的重复投诉和群体性投诉，达到提醒线时通知承办单位负责人"

    def add_arguments(self, parser):
        parser.add_argument("--bureau", help="只处理该行政区划代码的市场监管局")

    def handle(self, *args, **options):
        bureaus = Bureau.objects.order_by("pk")
        if options["bureau"]:
            bureaus = bureaus.filter(division_code=options["bureau"])
        for bureau in bureaus:
            s = mass_scan(bureau_id=bureau.pk)
            self.stdout.write(
                f"{bureau.name}：{s['cases']} 件投诉，新发现重复投诉 {s['repeats']} 件，"
                f"群体性投诉 {s['clusters']} 组，发出提醒 {s['alerts']} 次"
            )
