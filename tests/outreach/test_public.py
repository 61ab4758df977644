"""The public news page: published items only, photos served by us, no personal data and no
case numbers."""

import pytest

from fangxin.outreach import services
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, onsite_case, png

pytestmark = pytest.mark.django_db


def _published_event(org, personas, **overrides):
    created = event(org, personas, **overrides)
    return services.event_publish(actor=personas["head"], event=created)


def _article(org, personas, *, publish=True, **overrides):
    values = {"campaign": campaign(org), "title": "预付卡消费要警惕", "body": "办卡前看清合同。"}
    values.update(overrides)
    article = services.article_create(actor=personas["handler"], **values)
    return services.article_publish(actor=personas["head"], article=article) if publish else article


def test_the_news_page_lists_only_published_articles_and_events(org, personas, client):
    _published_event(org, personas, title="消费维权进社区")
    event(org, personas, title="尚未发布的进学校活动", venue="school")
    _article(org, personas, title="预付卡消费要警惕")
    _article(org, personas, title="草稿文章不公开", publish=False)
    page = client.get("/news/").content.decode()
    assert "消费维权进社区" in page and "预付卡消费要警惕" in page
    assert "尚未发布的进学校活动" not in page and "草稿文章不公开" not in page
    assert "已开展宣传活动 1 场，参与群众 120 人次" in page


def test_drafts_are_not_found_publicly(org, personas, client):
    draft_event = event(org, personas)
    photo = services.event_photo_add(actor=personas["handler"], event=draft_event, upload=png())
    draft = _article(org, personas, publish=False)
    assert client.get(f"/news/events/{draft_event.pk}/").status_code == 404
    assert client.get(f"/news/photos/{photo.token}/").status_code == 404
    assert client.get(f"/news/articles/{draft.pk}/").status_code == 404


def test_a_withdrawn_article_leaves_the_page(org, personas, client):
    article = _article(org, personas)
    assert client.get(f"/news/articles/{article.pk}/").status_code == 200
    services.article_unpublish(actor=personas["head"], article=article)
    assert client.get(f"/news/articles/{article.pk}/").status_code == 404


def test_the_event_page_counts_cases_taken_but_shows_no_number_or_person(org, personas, client):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    services.event_case_link(actor=personas["handler"], event=created, tracking_no=case.tracking_no)
    services.event_publish(actor=personas["head"], event=created)
    page = client.get(f"/news/events/{created.pk}/").content.decode()
    assert "现场受理投诉举报</dt><dd>1 件" in page
    for hidden in (case.tracking_no, "王小明", "13812345678", "11010519491231002X"):
        assert hidden not in page


def test_photos_of_a_published_event_are_streamed_by_us(org, personas, client):
    created = event(org, personas)
    photo = services.event_photo_add(
        actor=personas["handler"], event=created, upload=png(), caption="宣传台"
    )
    services.event_publish(actor=personas["head"], event=created)
    page = client.get(f"/news/events/{created.pk}/").content.decode()
    assert f'src="/news/photos/{photo.token}/"' in page
    response = client.get(f"/news/photos/{photo.token}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_html_in_an_article_is_shown_as_text(org, personas, client):
    article = _article(org, personas, body='<script>alert("x")</script>\n\n第二段')
    page = client.get(f"/news/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<p>第二段</p>" in page


def test_the_news_page_of_another_campaign_is_chosen_by_its_number(org, personas, client):
    earlier = campaign(org, year=2025)
    _article(org, personas, campaign=earlier, title="2025年的文章")
    _article(org, personas, title="2026年的文章")
    page = client.get("/news/").content.decode()
    assert "2025年的文章" not in page
    assert f'href="/news/?campaign={earlier.pk}"' in page  # listed under 其他活动
    assert "2025年的文章" in client.get(f"/news/?campaign={earlier.pk}").content.decode()
    assert client.get("/news/?campaign=999999").status_code == 404


def test_the_news_page_without_any_campaign(db, client):
    response = client.get("/news/")
    assert response.status_code == 200
    assert "暂无宣传活动" in response.content.decode()


def test_the_news_page_is_paginated(org, personas, client):
    for n in range(14):
        _article(org, personas, title=f"第{n}篇")
    first = client.get("/news/").content.decode()
    assert "第 1 / 2 页，共 14 条" in first
    assert "第13篇" in first and "第0篇" not in first  # newest first
    assert "第0篇" in client.get("/news/?page=2").content.decode()
