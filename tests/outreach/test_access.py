"""Every staff surface refuses the outsider: anonymous visitors go to the login page, consumers
get 403, staff of another bureau get 404 for our objects and see none of them in lists."""

import pytest

from fangxin.audit.models import AuditEvent
from fangxin.outreach import services
from fangxin.outreach.models import Article, EventPhoto, OutreachCase, OutreachEvent
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, onsite_case, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(org, personas):
    created = event(org, personas, title="本局的进社区活动")
    photo = services.event_photo_add(actor=personas["handler"], event=created, upload=png())
    case = onsite_case(personas["handler"])
    link = services.event_case_link(
        actor=personas["handler"], event=created, tracking_no=case.tracking_no
    )
    article = services.article_create(
        actor=personas["handler"],
        campaign=campaign(org),
        title="本局的专栏文章",
        body="正文",
        cover=png("cover.png"),
    )
    return {"event": created, "photo": photo, "link": link, "article": article, "case": case}


def _urls(w):
    e, a = w["event"].pk, w["article"].pk
    gets = [
        "/staff/outreach/",
        "/staff/outreach/new/",
        f"/staff/outreach/{e}/",
        f"/staff/outreach/{e}/edit/",
        f"/staff/outreach/photos/{w['photo'].token}/",
        "/staff/outreach/articles/",
        f"/staff/outreach/articles/{a}/",
        f"/staff/outreach/articles/{a}/cover/",
    ]
    posts = [
        f"/staff/outreach/{e}/edit/",
        f"/staff/outreach/{e}/photos/",
        f"/staff/outreach/{e}/photos/{w['photo'].pk}/remove/",
        f"/staff/outreach/{e}/cases/",
        f"/staff/outreach/{e}/cases/{w['link'].pk}/unlink/",
        f"/staff/outreach/{e}/publish/",
        f"/staff/outreach/{e}/unpublish/",
        f"/staff/outreach/articles/{a}/",
        f"/staff/outreach/articles/{a}/publish/",
        f"/staff/outreach/articles/{a}/unpublish/",
    ]
    return gets, posts


LISTS = {"/staff/outreach/", "/staff/outreach/new/", "/staff/outreach/articles/"}


def _snapshot():
    return (
        list(OutreachEvent.objects.values_list("pk", "state", "title")),
        EventPhoto.objects.count(),
        OutreachCase.objects.count(),
        list(Article.objects.values_list("pk", "state", "title")),
        AuditEvent.objects.filter(action__startswith="outreach.").count(),
    )


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    gets, posts = _urls(world)
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in posts:
        assert client.post(url).status_code == 302, url


@pytest.mark.parametrize("persona", ["consumer", "merchant"])
def test_consumers_and_merchants_are_refused(world, personas, login, persona):
    client = login(personas[persona])
    before = _snapshot()
    gets, posts = _urls(world)
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, {"tracking_no": world["case"].tracking_no}).status_code == 403, url
    assert _snapshot() == before


def test_staff_of_another_bureau_find_nothing_and_change_nothing(world, org, personas, login):
    client = login(personas["outsider"])
    before = _snapshot()
    gets, posts = _urls(world)
    for url in gets:
        response = client.get(url)
        if url in LISTS:
            page = response.content.decode()
            assert response.status_code == 200, url
            assert "本局的进社区活动" not in page and "本局的专栏文章" not in page, url
        else:
            assert response.status_code == 404, url
    for url in posts:
        response = client.post(
            url, {"tracking_no": world["case"].tracking_no, "title": "改", "body": "改"}
        )
        assert response.status_code == 404, url
    # Creating into our campaign through the lists is refused too.
    response = client.post(
        "/staff/outreach/articles/",
        {"campaign": campaign(org).pk, "kind": "news", "title": "越权", "body": "越权"},
    )
    assert response.status_code == 400
    response = client.post(
        "/staff/outreach/new/",
        {
            "campaign": campaign(org).pk,
            "kind": "lecture",
            "title": "越权",
            "held_on": "2026-03-15",
            "place": "x",
            "unit": org["unit"].pk,
        },
    )
    assert response.status_code == 400
    assert _snapshot() == before


def test_a_member_of_another_unit_sees_the_event_but_cannot_change_it(world, personas, login):
    client = login(personas["handler2"])
    e = world["event"].pk
    assert client.get(f"/staff/outreach/{e}/").status_code == 200
    before = _snapshot()
    assert client.get(f"/staff/outreach/{e}/edit/").status_code == 403
    assert client.post(f"/staff/outreach/{e}/photos/", {"photo": png()}).status_code == 403
    assert client.post(f"/staff/outreach/{e}/publish/").status_code == 403
    assert _snapshot() == before


def test_a_handler_does_not_get_the_publish_buttons(world, personas, login):
    page = login(personas["handler"]).get(f"/staff/outreach/{world['event'].pk}/")
    assert "发布到新闻页" not in page.content.decode()
    assert login(personas["head"]).get(f"/staff/outreach/{world['event'].pk}/").status_code == 200
