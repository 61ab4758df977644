"""outreach_totals: the campaign summary's numbers."""

import datetime

import pytest

from fangxin.outreach import services
from fangxin.outreach.selectors import outreach_totals
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, onsite_case

pytestmark = pytest.mark.django_db


def test_totals_count_kinds_and_venues_and_sum_people_materials_and_cases(org, personas):
    launch = event(
        org, personas, actor=personas["leader"], kind="launch", venue="", audience_size=800,
        materials_count=3000, consultations_count=150,
    )  # fmt: skip
    event(org, personas, venue="school", audience_size=400, materials_count=500)
    event(org, personas, venue="school", audience_size=50, materials_count=0)
    event(org, personas, kind="lecture", venue="", audience_size=60, consultations_count=0)
    event(  # another year's campaign is not counted
        org, personas, campaign=campaign(org, year=2025), held_on=datetime.date(2025, 3, 15)
    )
    for _ in range(2):
        case = onsite_case(personas["handler"])
        services.event_case_link(
            actor=personas["leader"], event=launch, tracking_no=case.tracking_no
        )

    totals = outreach_totals(campaign(org))

    assert totals.events == 4
    assert totals.by_kind == {"launch": 1, "five_in": 2, "lecture": 1, "column": 0, "other": 0}
    assert totals.by_venue == {
        "community": 0, "school": 2, "village": 0, "enterprise": 0, "mall": 0,
    }  # fmt: skip
    assert (totals.audience, totals.materials) == (1310, 3800)
    assert (totals.consultations, totals.onsite_cases) == (150 + 25 + 25, 2)
    assert totals.kind_rows[0] == ("启动仪式", 1)


def test_published_only_counts_what_the_public_sees(org, personas):
    shown = event(org, personas, audience_size=100)
    event(org, personas, audience_size=999)
    services.event_publish(actor=personas["head"], event=shown)
    article = services.article_create(
        actor=personas["handler"], campaign=campaign(org), title="专栏", body="正文"
    )
    services.article_publish(actor=personas["head"], article=article)

    totals = outreach_totals(campaign(org), published_only=True)

    assert (totals.events, totals.audience, totals.articles_published) == (1, 100, 1)
    assert outreach_totals(campaign(org)).events == 2


def test_a_campaign_without_events_has_zero_everywhere(org):
    totals = outreach_totals(campaign(org))
    assert totals.events == totals.audience == totals.onsite_cases == 0
    assert set(totals.by_kind.values()) == {0}
