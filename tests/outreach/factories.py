"""Publicity events, photos and on-site cases made through the services a user goes through."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from fangxin.complaints.intake import Filing, Person, Respondent, case_file
from fangxin.merchants.stations import station_save
from fangxin.outreach import services
from tests.campaigns.factories import campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
EVENT_DAY = datetime.date(2026, 3, 15)
PERSON = Person(
    name="王小明",
    phone="13812345678",
    id_number="11010519491231002X",
    address="兴县蔚汾镇东关街1号",
)


def event(org, personas, *, actor=None, **overrides):
    values = {
        "campaign": campaign(org),
        "kind": "five_in",
        "venue": "community",
        "title": "消费维权进社区",
        "held_on": EVENT_DAY,
        "place": "兴县蔚汾镇东关社区广场",
        "unit": org["unit"],
        "audience_size": 120,
        "materials_count": 300,
        "materials": "《消费者权益保护法》宣传册",
        "consultations_count": 25,
        "summary": "现场解答群众咨询，讲解预付式消费风险。",
    }
    values.update(overrides)
    return services.event_create(actor=actor or personas["handler"], **values)


def png(name="photo.png", size=(8, 6)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def station(org, actor):
    return station_save(
        actor=actor,
        bureau=org["bureau"],
        values={
            "kind": "station",
            "name": "蔚汾商场维权服务站",
            "host_kind": "mall",
            "address": "兴县蔚汾镇东关街18号",
            "contact_person": "赵站长",
            "contact_phone": "13700000000",
        },
    )


def onsite_case(
    actor,
    *,
    channel="window",
    day=EVENT_DAY,
    township="蔚汾镇",
    kind="complaint",
    station_id=None,
):
    """A case as staff record it at a desk: received on `day`, with the complainant's data."""
    return case_file(
        actor=actor,
        filing=Filing(
            kind=kind,
            complainant=PERSON,
            respondent=Respondent(
                name="兴县强身健身俱乐部",
                address=f"兴县{township}文化街22号",
                township=township,
            ),
            occurred_on=day - datetime.timedelta(days=10),
            amount=Decimal("2680.00"),
            claim="退还年卡余额",
            facts="健身房停业，拒绝退款。",
            channel=channel,
            received_at=datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=SHANGHAI),
            station_id=station_id,
        ),
    )
