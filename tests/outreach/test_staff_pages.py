"""The workbench pages as staff use them."""

import pytest

from fangxin.outreach import services
from fangxin.outreach.models import Article, EventPhoto, OutreachEvent
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, png

pytestmark = pytest.mark.django_db


def _form(org, **overrides):
    data = {
        "campaign": campaign(org).pk,
        "kind": "five_in",
        "venue": "village",
        "title": "消费维权进农村",
        "held_on": "2026-03-12",
        "place": "奥家湾乡奥家湾村村委会",
        "unit": org["unit"].pk,
        "audience_size": "85",
        "materials_count": "200",
        "materials": "农资消费维权折页",
        "consultations_count": "12",
        "summary": "讲解识别假冒农资。",
    }
    data.update(overrides)
    return data


def test_a_handler_records_an_event_through_the_form(org, personas, login):
    response = login(personas["handler"]).post("/staff/outreach/new/", _form(org))
    created = OutreachEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/outreach/{created.pk}/"
    assert (created.venue, created.audience_size, created.created_by) == (
        "village", 85, personas["handler"],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("audience_size", "-3", "参与群众（人次）不能为负数。"),
        ("audience_size", "很多", "参与群众（人次）请填写整数。"),
        ("held_on", "2026-13-40", "日期格式应为 年-月-日。"),
        ("held_on", "2026-05-01", "活动日期应在本次活动期间（2026-03-01至2026-03-31）内。"),
        ("venue", "", "“五进”活动请选择场所：社区、学校、农村、企业或商场。"),
        ("unit", "unit2", "只能登记本人所在单位的宣传活动。"),
        ("title", "", "这个字段是必填项。"),
    ],
)
def test_bad_input_gets_a_chinese_message_and_writes_nothing(
    org, personas, login, field, value, message
):
    value = org[value].pk if value == "unit2" else value
    response = login(personas["handler"]).post("/staff/outreach/new/", _form(org, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OutreachEvent.objects.exists()


def test_the_list_filters_and_sums_what_it_shows(org, personas, login):
    event(org, personas, venue="school", title="进校园", audience_size=300, materials_count=50)
    event(org, personas, venue="mall", title="进商场", audience_size=70, materials_count=10)
    event(org, personas, kind="lecture", venue="", title="法律讲座", audience_size=40)
    client = login(personas["handler"])
    page = client.get("/staff/outreach/?kind=five_in").content.decode()
    assert "进校园" in page and "进商场" in page and "法律讲座" not in page
    assert "<dd>370 人次</dd>" in page and "<dd>60 份</dd>" in page
    page = client.get("/staff/outreach/?venue=mall&q=商场").content.decode()
    assert "进商场" in page and "进校园" not in page


def test_the_edit_form_changes_the_event(org, personas, login):
    created = event(org, personas)
    response = login(personas["handler"]).post(
        f"/staff/outreach/{created.pk}/edit/", _form(org, title="改后的标题")
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title == "改后的标题" and created.campaign == campaign(org)


def test_a_photo_is_uploaded_and_shown_to_staff(org, personas, login):
    created = event(org, personas)
    client = login(personas["handler"])
    response = client.post(
        f"/staff/outreach/{created.pk}/photos/", {"photo": png(), "caption": "宣传台前"}
    )
    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    page = client.get(f"/staff/outreach/{created.pk}/").content.decode()
    assert f"/staff/outreach/photos/{photo.token}/" in page
    streamed = client.get(f"/staff/outreach/photos/{photo.token}/")
    assert streamed["Content-Type"] == "image/png"


def test_a_head_publishes_an_event_and_sees_the_refusal_when_it_has_a_phone(org, personas, login):
    created = event(org, personas, summary="咨询请打13912345678")
    client = login(personas["head"])
    response = client.post(f"/staff/outreach/{created.pk}/publish/", follow=True)
    assert "活动简介中的手机号“139****5678”" in response.content.decode()
    created.refresh_from_db()
    assert created.state == "draft"
    services.event_update(
        actor=personas["handler"], event=created, kind="five_in", venue="community",
        title=created.title, held_on=created.held_on, place=created.place, unit=org["unit"],
        summary="咨询请打12315",
    )  # fmt: skip
    response = client.post(f"/staff/outreach/{created.pk}/publish/", follow=True)
    assert "活动已发布到新闻页" in response.content.decode()


def test_an_article_is_written_and_published_through_the_pages(org, personas, login):
    response = login(personas["handler"]).post(
        "/staff/outreach/articles/",
        {
            "campaign": campaign(org).pk,
            "kind": "column",
            "title": "消费者有哪些权利",
            "body": "第一段。\n\n第二段。",
            "cover": png("cover.png"),
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and article.cover_type == "image/png"
    head = login(personas["head"])
    head.post(f"/staff/outreach/articles/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.state == "published"
    assert head.get(f"/news/articles/{article.pk}/cover/").status_code == 200


def test_a_cover_that_is_not_a_photo_is_refused_on_the_page(org, personas, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(personas["handler"]).post(
        "/staff/outreach/articles/",
        {
            "campaign": campaign(org).pk,
            "kind": "news",
            "title": "标题",
            "body": "正文",
            "cover": SimpleUploadedFile("cover.jpg", b"PK\x03\x04 not an image"),
        },
    )
    assert response.status_code == 400
    assert "“cover.jpg”不是有效的照片" in response.content.decode()
    assert not Article.objects.exists()


def test_editing_a_published_event_on_the_page_says_to_withdraw_first(org, personas, login):
    created = event(org, personas)
    services.event_publish(actor=personas["head"], event=created)
    response = login(personas["handler"]).post(
        f"/staff/outreach/{created.pk}/edit/", _form(org, title="改")
    )
    assert response.status_code == 400
    assert "已发布的活动须先撤回发布再修改。" in response.content.decode()
    created.refresh_from_db()
    assert created.title == "消费维权进社区"
