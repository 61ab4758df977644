"""Articles: any staff member drafts; heads, leaders and administrators publish, and only text
without a person's identifiers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fangxin.audit.models import AuditEvent
from fangxin.outreach import services
from fangxin.outreach.models import Article
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, png

pytestmark = pytest.mark.django_db

BODY = (
    "《消费者权益保护法》第二十五条规定，经营者采用网络方式销售商品，"
    "消费者有权自收到商品之日起七日内退货。\n\n投诉举报请拨打12315。"
)


def _article(org, personas, *, actor="handler", **overrides):
    values = {"campaign": campaign(org), "title": "网购七日无理由退货知多少", "body": BODY}
    values.update(overrides)
    return services.article_create(actor=personas[actor], **values)


def test_a_handler_drafts_an_article_but_cannot_publish_it(org, personas):
    article = _article(org, personas)
    assert article.state == "draft"
    with pytest.raises(ValidationError, match="单位负责人或局领导"):
        services.article_publish(actor=personas["handler"], article=article)
    article.refresh_from_db()
    assert article.state == "draft" and article.published_at is None


@pytest.mark.parametrize("publisher", ["head", "leader", "bureau_admin"])
def test_heads_leaders_and_administrators_publish_and_it_is_audited(org, personas, publisher):
    article = services.article_publish(actor=personas[publisher], article=_article(org, personas))
    assert article.state == "published" and article.published_at is not None
    assert AuditEvent.objects.filter(action="outreach.article_publish").count() == 1


def test_staff_of_another_bureau_can_neither_draft_nor_publish(org, personas):
    with pytest.raises(ValidationError, match="本局的活动"):
        _article(org, personas, actor="outsider")
    article = _article(org, personas)
    with pytest.raises(ValidationError, match="单位负责人或局领导"):
        services.article_publish(actor=personas["outsider"], article=article)


def test_publishing_is_refused_while_the_body_has_a_phone_or_id_number(org, personas):
    body = BODY + "\n\n消费者王某（电话13812345678，身份证号11010519491231002X）反映……"
    article = _article(org, personas, body=body)
    with pytest.raises(ValidationError) as caught:
        services.article_publish(actor=personas["head"], article=article)
    [message] = caught.value.message_dict["state"]
    assert message == (
        "公开内容不得含有个人信息，请删除后再发布：正文中的手机号“138****5678”；"
        "正文中的身份证号“110***********002X”。"
    )
    article.refresh_from_db()
    assert article.state == "draft"


def test_an_empty_title_or_body_is_refused_and_nothing_is_written(org, personas):
    with pytest.raises(ValidationError) as caught:
        _article(org, personas, title=" ", body="")
    assert caught.value.message_dict == {"title": ["请填写标题。"], "body": ["请填写正文。"]}
    assert not Article.objects.exists()


def test_an_event_of_another_campaign_is_refused(org, personas):
    earlier = event(
        org, personas, campaign=campaign(org, year=2025), held_on=datetime.date(2025, 3, 15)
    )
    with pytest.raises(ValidationError, match="所选宣传活动不属于本次活动"):
        _article(org, personas, event=earlier)


def test_a_published_article_is_withdrawn_before_it_is_edited(org, personas):
    article = services.article_publish(actor=personas["head"], article=_article(org, personas))
    with pytest.raises(ValidationError, match="先撤回再修改"):
        services.article_update(actor=personas["handler"], article=article, title="新", body="新")
    services.article_unpublish(actor=personas["head"], article=article)
    services.article_update(actor=personas["handler"], article=article, title="新标题", body="新")
    article.refresh_from_db()
    assert (article.state, article.title, article.published_at) == ("draft", "新标题", None)


def test_a_cover_must_be_a_photo(org, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as caught:
        _article(org, personas, cover=SimpleUploadedFile("封面.png", b"#!/bin/sh\nrm -rf /"))
    assert list(caught.value.message_dict) == ["cover"]
    assert not Article.objects.exists()
    article = _article(org, personas, cover=png("封面.png"))
    assert article.cover_type == "image/png"


def test_the_form_page_shows_chinese_errors_and_writes_nothing(org, personas, login):
    campaign(org)
    response = login(personas["handler"]).post(
        "/staff/outreach/articles/",
        {"campaign": campaign(org).pk, "kind": "column", "title": "", "body": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "这个字段是必填项" in page or "请填写" in page
    assert not Article.objects.exists()
