"""Deleting a draft event or article entered by mistake: drafts only, by those who may edit
them, with the files removed and the deletion audited."""

import pytest
from django.core.exceptions import ValidationError

from fangxin.audit.models import AuditEvent
from fangxin.outreach import removal, services
from fangxin.outreach.models import Article, EventPhoto, OutreachEvent
from tests.campaigns.factories import campaign
from tests.outreach.factories import event, onsite_case, png

pytestmark = pytest.mark.django_db


def _article(org, personas, actor="handler"):
    return services.article_create(
        actor=personas[actor], campaign=campaign(org), title="录入错误的稿件", body="正文"
    )


def test_a_draft_event_is_deleted_with_its_photo_files_and_audited(
    org, personas, django_capture_on_commit_callbacks
):
    created = event(org, personas)
    photo = services.event_photo_add(actor=personas["handler"], event=created, upload=png())
    storage, name = photo.file.storage, photo.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        removal.event_delete(actor=personas["handler"], event=created)
    assert not OutreachEvent.objects.filter(pk=created.pk).exists()
    assert not EventPhoto.objects.exists()
    assert not storage.exists(name)
    audit = AuditEvent.objects.get(action="outreach.event_delete")
    assert audit.changes["title"] == "消费维权进社区" and audit.changes["photos"] == 1


def test_a_published_event_must_be_withdrawn_before_it_is_deleted(org, personas):
    created = event(org, personas)
    services.event_publish(actor=personas["head"], event=created)
    with pytest.raises(ValidationError) as caught:
        removal.event_delete(actor=personas["handler"], event=created)
    assert caught.value.message_dict == {"event": ["已发布的活动不能删除，请先撤回。"]}
    assert OutreachEvent.objects.filter(pk=created.pk).exists()


def test_an_event_with_linked_on_site_complaints_is_not_deleted(org, personas):
    created = event(org, personas)
    case = onsite_case(personas["handler"])
    services.event_case_link(actor=personas["handler"], event=created, tracking_no=case.tracking_no)
    with pytest.raises(ValidationError) as caught:
        removal.event_delete(actor=personas["handler"], event=created)
    assert "请先取消关联再删除" in caught.value.message_dict["event"][0]
    assert created.case_links.count() == 1


def test_staff_of_another_bureau_cannot_delete_an_event(org, personas):
    created = event(org, personas)
    with pytest.raises(ValidationError):
        removal.event_delete(actor=personas["outsider"], event=created)
    assert OutreachEvent.objects.filter(pk=created.pk).exists()


def test_the_author_deletes_a_draft_article_and_it_is_audited(org, personas):
    article = _article(org, personas)
    removal.article_delete(actor=personas["handler"], article=article)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert AuditEvent.objects.get(action="outreach.article_delete").changes["title"] == (
        "录入错误的稿件"
    )


def test_a_published_article_is_not_deleted(org, personas):
    article = services.article_publish(actor=personas["head"], article=_article(org, personas))
    with pytest.raises(ValidationError) as caught:
        removal.article_delete(actor=personas["head"], article=article)
    assert caught.value.message_dict == {"article": ["已发布的文章不能删除，请先撤回。"]}
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_handler_cannot_delete_someone_elses_article(org, personas):
    article = _article(org, personas, actor="head")
    with pytest.raises(ValidationError):
        removal.article_delete(actor=personas["handler"], article=article)
    assert Article.objects.filter(pk=article.pk).exists()


def test_deleting_on_the_page_returns_to_the_list(org, personas, login):
    created = event(org, personas)
    client = login(personas["handler"])
    assert "删除此活动" in client.get(f"/staff/outreach/{created.pk}/").content.decode()
    response = client.post(f"/staff/outreach/{created.pk}/delete/")
    assert response.status_code == 302 and response.url == "/staff/outreach/"
    assert not OutreachEvent.objects.filter(pk=created.pk).exists()


def test_a_refused_deletion_on_the_page_says_why_in_chinese(org, personas, login):
    created = event(org, personas)
    services.event_publish(actor=personas["head"], event=created)
    client = login(personas["handler"])
    response = client.post(f"/staff/outreach/{created.pk}/delete/", follow=True)
    assert "已发布的活动不能删除，请先撤回。" in response.content.decode()
    assert OutreachEvent.objects.filter(pk=created.pk).exists()
