"""Deleting a publicity record entered by mistake (a duplicate, the wrong campaign). Only drafts:
what has been on the public news page is withdrawn, not deleted, so the record of what the
bureau published stays. The audit log keeps what was deleted and by whom."""

from django.core.exceptions import ValidationError
from django.db import transaction

from fangxin.audit.services import record_event
from fangxin.outreach.models import Article, EventPhoto, OutreachEvent, State
from fangxin.outreach.services import may_publish, may_record_for


def event_delete(*, actor, event: OutreachEvent) -> None:
    """Delete a draft event with its photos. Refused while on-site complaints are linked: those
    links are part of the case record and are removed one by one, deliberately."""
    if not may_record_for(actor, event.unit):
        raise ValidationError({"event": ["只能删除本人所在单位的宣传活动。"]})
    with transaction.atomic():
        event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
        if event.state == State.PUBLISHED:
            raise ValidationError({"event": ["已发布的活动不能删除，请先撤回。"]})
        if event.case_links.exists():
            raise ValidationError(
                {"event": ["该活动已关联现场受理的投诉举报，请先取消关联再删除。"]}
            )
        files = [photo.file.name for photo in event.photos.all()]
        storage = EventPhoto.file.field.storage
        record_event(
            actor=actor,
            action="outreach.event_delete",
            obj=event,
            changes={
                "title": event.title,
                "held_on": event.held_on.isoformat(),
                "photos": len(files),
            },
        )
        event.delete()
        # The files go only once the rows are gone for good.
        transaction.on_commit(lambda: [storage.delete(name) for name in files])


def article_delete(*, actor, article: Article) -> None:
    """Delete a draft article: its author, or whoever may publish for the campaign."""
    if article.author_id != getattr(actor, "pk", None) and not may_publish(actor, article.campaign):
        raise ValidationError({"article": ["只能删除本人撰写的文章。"]})
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.state == State.PUBLISHED:
            raise ValidationError({"article": ["已发布的文章不能删除，请先撤回。"]})
        cover = article.cover.name if article.cover else ""
        storage = article.cover.storage
        record_event(
            actor=actor,
            action="outreach.article_delete",
            obj=article,
            changes={"title": article.title, "kind": article.kind},
        )
        article.delete()
        if cover:
            transaction.on_commit(lambda: storage.delete(cover))
