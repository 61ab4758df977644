"""The demo publicity loads through the services, publishes, and loads once."""

import datetime

import pytest

from fangxin.outreach import demo
from fangxin.outreach.models import Article, OutreachCase, OutreachEvent
from fangxin.outreach.selectors import outreach_totals
from tests.campaigns.factories import campaign
from tests.outreach.factories import onsite_case

pytestmark = pytest.mark.django_db


def test_the_demo_records_the_plan_publicity_once(org, personas, client):
    onsite_case(personas["handler"], day=datetime.date(2026, 3, 2))  # the demo cases exist
    this = campaign(org)

    assert demo.load(org["bureau"], this) == 8
    assert demo.load(org["bureau"], this) == 0

    totals = outreach_totals(this, published_only=True)
    assert totals.events == 8 and totals.articles_published == 4
    assert totals.by_kind["launch"] == 1
    assert set(totals.by_venue.values()) == {1}
    assert OutreachCase.objects.count() == 2
    launch = OutreachEvent.objects.get(kind="launch")
    assert launch.held_on == datetime.date(2026, 3, 15) and launch.photos.count() == 1
    assert Article.objects.filter(event=launch).exists()
    page = client.get("/news/").content.decode()
    assert "提升消费品质" in page and "网购商品七日无理由退货" in page


def test_without_demo_cases_the_demo_files_none(org, personas):
    demo.load(org["bureau"], campaign(org))
    assert OutreachEvent.objects.count() == 8
    assert not OutreachCase.objects.exists()
