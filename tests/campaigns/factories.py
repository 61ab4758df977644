import datetime

from fangxin.campaigns.models import Campaign
from fangxin.campaigns.services import campaign_create
from tests.conftest import SETUP


def campaign(org, year=2026) -> Campaign:
    return Campaign.objects.filter(bureau=org["bureau"], year=year).first() or campaign_create(
        actor=SETUP,
        bureau=org["bureau"],
        year=year,
        title=f"{year}年3·15活动",
        theme="提升消费品质",
        starts_on=datetime.date(year, 3, 1),
        ends_on=datetime.date(year, 3, 31),
    )
