"""Every staff page refuses those who may not see it. The list of pages is read from the URL
configuration, so a new staff page is covered the day it is added."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fangxin.accounts.models import UnitMembership
from fangxin.core.models import CalendarDay, TimeLimit

STAFF_PREFIX = "staff/"


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _case():
    from fangxin.complaints.models import Case
    from tests.complaints.factories import make_case

    return Case.objects.filter(unit__name="蔚汾市场监管所").first() or make_case()


def _merchant_and_pledge(org):
    from fangxin.merchants.models import Merchant
    from fangxin.pledges.models import Pledge
    from tests.pledges.factories import approved_pledge

    pledge = Pledge.objects.filter(bureau=org["bureau"]).first() or approved_pledge(org)
    return Merchant.objects.get(pk=pledge.merchant_id), pledge


def _odr_membership(merchant):
    from fangxin.merchants.models import OdrMembership

    return OdrMembership.objects.get_or_create(merchant=merchant, defaults={"status": "applied"})[0]


def _station(org):
    from fangxin.merchants.models import ServiceStation

    return ServiceStation.objects.filter(
        bureau=org["bureau"]
    ).first() or ServiceStation.objects.create(
        bureau=org["bureau"],
        kind="station",
        name="蔚汾商场维权服务站",
        host_kind="mall",
        address="兴县蔚汾镇东关街18号",
        contact_person="赵站长",
        contact_phone="13700000000",
    )


def _credit_and_trusted(org, merchant):
    import datetime

    from fangxin.merchants.credit import credit_entry_create
    from fangxin.merchants.models import CreditEntry
    from fangxin.trusted.models import TrustedUnit
    from tests.conftest import SETUP

    entry = CreditEntry.objects.filter(merchant=merchant).first() or credit_entry_create(
        actor=SETUP,
        merchant=merchant,
        kind="warning",
        title="未明码标价",
        content="警告",
        decided_on=datetime.date(2026, 11, 1),
        authority="兴县市场监督管理局",
    )
    record = TrustedUnit.objects.filter(merchant=merchant).first() or TrustedUnit.objects.create(
        bureau=org["bureau"],
        merchant=merchant,
        unit=org["unit"],
        status="candidate",
        entered_on=datetime.date(2026, 11, 1),
    )
    return entry, record


def _mass(org):
    import datetime

    from fangxin.intel.models import MassComplaint

    return MassComplaint.objects.filter(
        bureau=org["bureau"]
    ).first() or MassComplaint.objects.create(
        bureau=org["bureau"],
        key="n:强身健身",
        respondent_name="兴县强身健身俱乐部",
        size=0,
        first_day=datetime.date(2026, 11, 1),
        last_day=datetime.date(2026, 11, 5),
    )


def _clause_records(org):
    from fangxin.clauses.extract import extract_pasted
    from fangxin.clauses.models import ClauseDocument, ClauseReviewPublication
    from fangxin.clauses.services import document_submit

    document = ClauseDocument.objects.filter(bureau=org["bureau"]).first()
    if document is None:
        author = UnitMembership.objects.filter(unit=org["unit"]).first().user
        document = document_submit(
            actor=author,
            extracted=extract_pasted("顾客在店内发生人身伤害的，本店概不负责。"),
            title="顾客须知",
        )
        ClauseReviewPublication.objects.create(
            bureau=org["bureau"], title="点评", created_by=author
        )
    publication = ClauseReviewPublication.objects.filter(bureau=org["bureau"]).first()
    return document, document.findings.first(), publication


def _campaign_task(org):
    from fangxin.campaigns.models import CampaignTask, TaskReport
    from tests.campaigns.factories import campaign

    task = CampaignTask.objects.filter(campaign__bureau=org["bureau"]).first()
    if task is None:
        task = CampaignTask.objects.create(campaign=campaign(org), code="T01", title="宣传")
        task.units.set([org["unit"]])
        author = UnitMembership.objects.filter(unit=org["unit"]).first().user
        TaskReport.objects.create(
            task=task, unit=org["unit"], progress=10, text="进行中", reported_by=author
        )
    return task, task.reports.first()


def _activities(org):
    """A quiz, a survey, a publicity event with its photo, case and article, and a selection
    of this bureau, made by the personas the tests already have."""
    from fangxin.accounts.models import User
    from fangxin.outreach import services as outreach
    from tests.campaigns.factories import campaign
    from tests.engagement.factories import open_quiz
    from tests.outreach.factories import event, onsite_case, png
    from tests.selections.factories import make_selection
    from tests.surveys.factories import survey

    people = {u.username: u for u in User.objects.filter(bureau=org["bureau"])}
    quiz = open_quiz(org, people["leader"])
    built = survey(org, people)
    created = event(org, people)
    photo = outreach.event_photo_add(actor=people["handler"], event=created, upload=png())
    link = outreach.event_case_link(
        actor=people["handler"],
        event=created,
        tracking_no=onsite_case(people["handler"]).tracking_no,
    )
    article = outreach.article_create(
        actor=people["handler"], campaign=campaign(org), title="专栏", body="正文"
    )
    selection = make_selection(org, people)
    return {
        "quiz_id": quiz.pk,
        "survey_id": built.pk,
        "question_id": built.questions.first().pk,
        "event_id": created.pk,
        "photo_id": photo.pk,
        "link_id": link.pk,
        "article_id": article.pk,
        "selection_id": selection.pk,
        "candidate_id": selection.candidates.first().pk,
    }


def staff_urls(org):
    merchant, pledge = _merchant_and_pledge(org)
    day = CalendarDay.objects.filter(date__year=2026).first()
    member = UnitMembership.objects.filter(unit=org["unit"]).first()
    entry, record = _credit_and_trusted(org, merchant)
    document, finding, publication = _clause_records(org)
    task, report = _campaign_task(org)
    values = {
        "task_id": task.pk,
        "report_id": report.pk,
        "document_id": document.pk,
        "finding_id": finding.pk,
        "publication_id": publication.pk,
        "mass_id": _mass(org).pk,
        "action": "reply",
        "entry_id": entry.pk,
        "record_id": record.pk,
        "unit_id": org["unit"].pk,
        "year": 2026,
        "day_id": day.pk,
        "user_id": member.user_id,
        "membership_id": member.pk,
        "limit_id": TimeLimit.objects.first().pk,
        "rule_set_id": TimeLimit.objects.first().rule_set_id,
        "tracking_no": _case().tracking_no,
        "name": "accept",
        "merchant_id": merchant.pk,
        "pledge_id": pledge.pk,
        "station_id": _station(org).pk,
        "odr_id": _odr_membership(merchant).pk,
        "token": "0" * 32 + ".png",
        **_activities(org),
    }
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if not route.startswith(STAFF_PREFIX):
            continue
        urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route))
    return urls


def test_the_staff_url_list_is_not_empty(org, personas):
    assert len(staff_urls(org)) >= 8


def test_anonymous_is_sent_to_login_from_every_staff_page(client, org, personas):
    for url in staff_urls(org):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["consumer", "merchant"])
def test_consumers_and_merchants_are_refused_on_every_staff_page(client, personas, org, persona):
    client.force_login(personas[persona])
    for url in staff_urls(org):
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url).status_code in (403, 404, 405), url


def test_outsider_from_another_bureau_sees_nothing_of_this_bureau(client, personas, org):
    client.force_login(personas["outsider"])
    for url in staff_urls(org):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 403, 404, 405), url
        # Whatever page the outsider may open shows its own bureau only.
        assert "蔚汾" not in body and "魏家滩" not in body, url
    assert client.get(f"/staff/calendar/units/{org['unit'].pk}/").status_code == 404


def test_handler_cannot_use_administrator_pages(client, personas, org):
    client.force_login(personas["handler"])
    assert client.get("/staff/audit/").status_code == 403
    assert client.get("/staff/calendar/holidays/").status_code == 403
    response = client.post(f"/staff/calendar/units/{org['unit'].pk}/", {"townships": "x"})
    assert response.status_code == 403


def test_bureau_administrator_cannot_edit_the_shared_holiday_table(client, personas):
    client.force_login(personas["bureau_admin"])
    assert client.get("/staff/calendar/holidays/").status_code == 403


def test_refusal_page_is_in_chinese(client, personas):
    client.force_login(personas["consumer"])
    assert "无权访问" in client.get("/staff/").content.decode()


def test_outsider_cannot_touch_accounts_of_this_bureau(client, personas, make_user, org):
    from fangxin.accounts.models import Role

    foreign_admin = make_user("lin_admin", Role.ADMIN, bureau="other_bureau")
    client.force_login(foreign_admin)
    handler = personas["handler"]
    membership = handler.memberships.first()
    assert client.get(f"/staff/users/{handler.pk}/").status_code == 404
    assert client.post(f"/staff/users/{handler.pk}/", {"form": "unlock"}).status_code == 404
    url = f"/staff/users/{handler.pk}/memberships/{membership.pk}/remove/"
    assert client.post(url).status_code == 404
    assert handler.memberships.exists()


def test_unknown_page_is_in_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
