import datetime

from django.db import transaction

from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign
from fangxin.core.models import Bureau


def campaign_create(
    *,
    actor,
    bureau: Bureau,
    year: int,
    title: str,
    theme: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    document_number: str = "",
) -> Campaign:
    campaign = Campaign(
        bureau=bureau,
        year=year,
        title=title,
        theme=theme,
        starts_on=starts_on,
        ends_on=ends_on,
        document_number=document_number,
    )
    with transaction.atomic():
        campaign.full_clean()
        campaign.save()
        record_event(
            actor=actor,
            action="campaign.create",
            obj=campaign,
            changes={"year": year, "theme": theme, "starts_on": starts_on, "ends_on": ends_on},
        )
    return campaign
