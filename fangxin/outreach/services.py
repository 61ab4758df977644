"""Every write of the publicity app. Who may do what:

- any staff member of the bureau records events (and their photos and on-site complaints) for
  the units they belong to; leaders and administrators for every unit of the bureau;
- any staff member drafts articles; unit heads, leaders and administrators publish events and
  articles to the public news page, and withdraw them.

What goes public is checked for personal data first (`privacy.personal_data_refuse`). Errors
are ValidationError({field: [中文消息]}); nothing is written when one is raised."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fangxin.accounts.models import Role, UnitMembership
from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign, CampaignTask
from fangxin.complaints.access import case_scope_for_user
from fangxin.complaints.models import Channel
from fangxin.complaints.models import Kind as CaseKind
from fangxin.core.models import Unit
from fangxin.core.validators import text_field
from fangxin.outreach.models import (
    Article,
    EventPhoto,
    Kind,
    OutreachCase,
    OutreachEvent,
    State,
    Venue,
)
from fangxin.outreach.photos import photo_check, photo_token
from fangxin.outreach.privacy import personal_data_refuse

PUBLISHER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
WHOLE_BUREAU_ROLES = frozenset({Role.LEADER, Role.ADMIN})
ONSITE_CHANNELS = frozenset({Channel.WINDOW, Channel.STATION})
MAX_PEOPLE = 100_000
MAX_MATERIALS = 1_000_000
MAX_PHOTOS = 20


# --- who ----------------------------------------------------------------------------------


def _staff_of(actor, bureau_id: int) -> bool:
    return bool(getattr(actor, "is_bureau_staff", False)) and actor.bureau_id == bureau_id


def may_record_for(actor, unit: Unit) -> bool:
    """Whether the actor may record events of this unit."""
    if not _staff_of(actor, unit.bureau_id):
        return False
    if actor.role in WHOLE_BUREAU_ROLES:
        return True
    return UnitMembership.objects.filter(user=actor, unit=unit).exists()


def may_publish(actor, campaign: Campaign) -> bool:
    return _staff_of(actor, campaign.bureau_id) and actor.role in PUBLISHER_ROLES


def _recorder(actor, unit: Unit) -> None:
    if not may_record_for(actor, unit):
        raise ValidationError({"unit": ["只能登记本人所在单位的宣传活动。"]})


def _publisher(actor, campaign: Campaign) -> None:
    if not may_publish(actor, campaign):
        raise ValidationError({"state": ["只有本局单位负责人或局领导可以发布和撤回。"]})


# --- events -------------------------------------------------------------------------------


def _count(value, field: str, label: str, limit: int, errors: dict) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(field, []).append(f"{label}应为整数。")
        return 0
    if value < 0:
        errors.setdefault(field, []).append(f"{label}不能为负数。")
    elif value > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}，请核对。")
    return value


def _event_values(
    *,
    actor,
    campaign: Campaign,
    kind: str,
    venue: str,
    title: str,
    held_on: datetime.date | None,
    place: str,
    unit: Unit | None,
    audience_size,
    materials_count,
    materials: str,
    consultations_count,
    summary: str,
    task: CampaignTask | None,
) -> dict:
    """The event's fields checked together, so a form shows every problem at once."""
    errors: dict[str, list[str]] = {}

    def text(value, field, label, limit, required=True):
        try:
            return text_field(value, field, label, limit, required=required)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.message_dict[field])
            return ""

    if not _staff_of(actor, campaign.bureau_id):
        raise ValidationError({"campaign": ["只能登记本局活动的宣传情况。"]})
    if unit is None:
        errors.setdefault("unit", []).append("请选择承办单位。")
    elif unit.bureau_id != campaign.bureau_id:
        errors.setdefault("unit", []).append("承办单位应为本局的单位。")
    elif not may_record_for(actor, unit):
        errors.setdefault("unit", []).append("只能登记本人所在单位的宣传活动。")
    if kind not in Kind.values:
        errors.setdefault("kind", []).append("请选择活动类别。")
    venue = venue or ""
    if kind == Kind.FIVE_IN and venue not in Venue.values:
        errors.setdefault("venue", []).append(
            "“五进”活动请选择场所：社区、学校、农村、企业或商场。"
        )
    elif kind != Kind.FIVE_IN and venue:
        errors.setdefault("venue", []).append("只有“五进”活动填写场所。")
    if held_on is None:
        errors.setdefault("held_on", []).append("请填写活动日期。")
    elif held_on > timezone.localdate():
        errors.setdefault("held_on", []).append("活动日期不能晚于今天，活动结束后再登记。")
    elif not campaign.starts_on <= held_on <= campaign.ends_on:
        errors.setdefault("held_on", []).append(
            f"活动日期应在本次活动期间（{campaign.starts_on:%Y-%m-%d}至"
            f"{campaign.ends_on:%Y-%m-%d}）内。"
        )
    if task is not None and task.campaign_id != campaign.pk:
        errors.setdefault("task", []).append("所选任务不属于本次活动。")
    values = {
        "campaign": campaign,
        "kind": kind,
        "venue": venue,
        "title": text(title, "title", "标题", 100),
        "held_on": held_on,
        "place": text(place, "place", "地点", 200),
        "unit": unit,
        "audience_size": _count(audience_size, "audience_size", "参与群众人次", MAX_PEOPLE, errors),
        "materials_count": _count(
            materials_count, "materials_count", "发放宣传资料份数", MAX_MATERIALS, errors
        ),
        "materials": text(materials, "materials", "宣传资料内容", 500, required=False),
        "consultations_count": _count(
            consultations_count, "consultations_count", "现场咨询人次", MAX_PEOPLE, errors
        ),
        "summary": text(summary, "summary", "活动简介", 5000, required=False),
        "task": task,
    }
    if errors:
        raise ValidationError(errors)
    return values


def event_create(
    *,
    actor,
    campaign: Campaign,
    kind: str,
    title: str,
    held_on: datetime.date | None,
    place: str,
    unit: Unit | None,
    venue: str = "",
    audience_size: int | None = 0,
    materials_count: int | None = 0,
    materials: str = "",
    consultations_count: int | None = 0,
    summary: str = "",
    task: CampaignTask | None = None,
) -> OutreachEvent:
    values = _event_values(
        actor=actor,
        campaign=campaign,
        kind=kind,
        venue=venue,
        title=title,
        held_on=held_on,
        place=place,
        unit=unit,
        audience_size=audience_size,
        materials_count=materials_count,
        materials=materials,
        consultations_count=consultations_count,
        summary=summary,
        task=task,
    )
    event = OutreachEvent(**values, created_by=actor)
    with transaction.atomic():
        event.full_clean()
        event.save()
        record_event(
            actor=actor,
            action="outreach.event_create",
            obj=event,
            changes={
                "kind": event.kind,
                "venue": event.venue,
                "held_on": event.held_on,
                "unit": event.unit.name,
                "audience_size": event.audience_size,
            },
        )
    return event


EDITABLE = (
    "kind",
    "venue",
    "title",
    "held_on",
    "place",
    "unit",
    "audience_size",
    "materials_count",
    "materials",
    "consultations_count",
    "summary",
    "task",
)


def event_update(
    *,
    actor,
    event: OutreachEvent,
    kind: str,
    title: str,
    held_on: datetime.date | None,
    place: str,
    unit: Unit | None,
    venue: str = "",
    audience_size: int | None = 0,
    materials_count: int | None = 0,
    materials: str = "",
    consultations_count: int | None = 0,
    summary: str = "",
    task: CampaignTask | None = None,
) -> OutreachEvent:
    _recorder(actor, event.unit)
    values = _event_values(
        actor=actor,
        campaign=event.campaign,
        kind=kind,
        venue=venue,
        title=title,
        held_on=held_on,
        place=place,
        unit=unit,
        audience_size=audience_size,
        materials_count=materials_count,
        materials=materials,
        consultations_count=consultations_count,
        summary=summary,
        task=task,
    )
    with transaction.atomic():
        event = OutreachEvent.objects.select_for_update().get(pk=event.pk)
        if event.state == State.PUBLISHED:
            raise ValidationError({"state": ["已发布的活动须先撤回发布再修改。"]})
        changes = {}
        for name in EDITABLE:
            old = getattr(event, name)
            if old != values[name]:
                changes[name] = [str(old), str(values[name])]
                setattr(event, name, values[name])
        if not changes:
            return event
        event.full_clean()
        event.save(update_fields=[*changes, "updated_at"])
        record_event(actor=actor, action="outreach.event_update", obj=event, changes=changes)
    return event


def _event_public_texts(event: OutreachEvent):
    yield "标题", event.title
    yield "地点", event.place
    yield "宣传资料内容", event.materials
    yield "活动简介", event.summary
    for photo in event.photos.all():
        yield "照片说明", photo.caption


def _publication_set(*, actor, obj, publish: bool, noun: str, action: str, texts=None, at=None):
    """Publish (texts checked for personal data first) or withdraw an event or an article."""
    _publisher(actor, obj.campaign)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        if (obj.state == State.PUBLISHED) == publish:
            raise ValidationError({"state": [f"该{noun}{'已' if publish else '尚未'}发布。"]})
        if publish:
            personal_data_refuse(texts(obj), field="state")
        obj.state = State.PUBLISHED if publish else State.DRAFT
        obj.published_at = (at or timezone.now()) if publish else None
        obj.save(update_fields=["state", "published_at", "updated_at"])
        record_event(actor=actor, action=action, obj=obj)
    return obj


def event_publish(
    *, actor, event: OutreachEvent, at: datetime.datetime | None = None
) -> OutreachEvent:
    """Show the event on the public news page. `at` (aware) backdates the publication, for
    records entered after the fact; it defaults to now."""
    return _publication_set(
        actor=actor, obj=event, publish=True, noun="活动", action="outreach.event_publish",
        texts=_event_public_texts, at=at,
    )  # fmt: skip


def event_unpublish(*, actor, event: OutreachEvent) -> OutreachEvent:
    return _publication_set(
        actor=actor, obj=event, publish=False, noun="活动", action="outreach.event_unpublish"
    )


# --- photos -------------------------------------------------------------------------------


def event_photo_add(*, actor, event: OutreachEvent, upload, caption: str = "") -> EventPhoto:
    _recorder(actor, event.unit)
    caption = text_field(caption, "caption", "照片说明", 100, required=False)
    content_type, suffix = photo_check(upload)
    # A caption is public with the photo: checked now, whatever the event's state.
    personal_data_refuse([("照片说明", caption)], field="caption")
    photo = EventPhoto(
        event=event,
        token=photo_token(suffix),
        content_type=content_type,
        size=upload.size,
        caption=caption,
        uploaded_by=actor,
    )
    with transaction.atomic():
        # Under the event's lock: two uploads at once cannot pass the limit together.
        OutreachEvent.objects.select_for_update().filter(pk=event.pk).first()
        if event.photos.count() >= MAX_PHOTOS:
            raise ValidationError({"photo": [f"每场活动最多上传{MAX_PHOTOS}张照片。"]})
        photo.file.save(photo.token, upload, save=False)
        photo.full_clean()
        photo.save()
        record_event(
            actor=actor,
            action="outreach.photo_add",
            obj=event,
            changes={"photo": photo.token, "size": photo.size, "caption": caption},
        )
    return photo


def event_photo_remove(*, actor, photo: EventPhoto) -> None:
    event = photo.event
    _recorder(actor, event.unit)
    with transaction.atomic():
        token = photo.token
        photo.delete()
        record_event(
            actor=actor, action="outreach.photo_remove", obj=event, changes={"photo": token}
        )
        # The file goes only once the row is gone for good.
        transaction.on_commit(lambda: photo.file.delete(save=False))


# --- complaints taken on site ---------------------------------------------------------------


def event_case_link(*, actor, event: OutreachEvent, tracking_no: str) -> OutreachCase:
    """Link a complaint or report taken at the event: one the actor may see, of the event's
    bureau, taken at a window or service station on the event's day."""
    _recorder(actor, event.unit)
    number = (tracking_no or "").strip().upper()
    if not number:
        raise ValidationError({"tracking_no": ["请填写投诉举报编号。"]})
    case = (
        case_scope_for_user(actor)
        .filter(tracking_no=number, bureau_id=event.campaign.bureau_id)
        .first()
    )
    if case is None:
        raise ValidationError(
            {"tracking_no": [f"未找到编号为“{number[:40]}”的案件，或您无权查看。"]}
        )
    if case.kind == CaseKind.CONSULTATION:
        raise ValidationError(
            {"tracking_no": ["咨询不作为现场受理的投诉关联，请计入“现场咨询人次”。"]}
        )
    if case.channel not in ONSITE_CHANNELS:
        raise ValidationError(
            {
                "tracking_no": [
                    "只能关联在窗口或维权服务站现场受理的投诉举报，"
                    f"该案件的来源渠道为“{case.get_channel_display()}”。"
                ]
            }
        )
    received_on = timezone.localdate(case.received_at)
    if received_on != event.held_on:
        raise ValidationError(
            {
                "tracking_no": [
                    f"该案件的收到日期（{received_on:%Y-%m-%d}）与活动日期"
                    f"（{event.held_on:%Y-%m-%d}）不一致，现场受理的案件应在活动当天收到。"
                ]
            }
        )
    link = OutreachCase(event=event, case=case, linked_by=actor)
    with transaction.atomic():
        existing = OutreachCase.objects.select_related("event").filter(case=case).first()
        if existing is not None:
            raise ValidationError(
                {"tracking_no": [f"该案件已关联到活动“{existing.event.title}”。"]}
            )
        link.full_clean(validate_unique=False)
        try:
            # Two staff linking the same case at once: the unique key decides.
            with transaction.atomic():
                link.save()
        except IntegrityError as exc:
            raise ValidationError({"tracking_no": ["该案件已关联到其他活动。"]}) from exc
        record_event(
            actor=actor,
            action="outreach.case_link",
            obj=event,
            changes={"tracking_no": case.tracking_no},
        )
    return link


def event_case_unlink(*, actor, link: OutreachCase) -> None:
    _recorder(actor, link.event.unit)
    with transaction.atomic():
        number = link.case.tracking_no
        link.delete()
        record_event(
            actor=actor,
            action="outreach.case_unlink",
            obj=link.event,
            changes={"tracking_no": number},
        )


# --- articles -----------------------------------------------------------------------------


def _article_values(*, actor, campaign, kind, title, body, event) -> dict:
    if not _staff_of(actor, campaign.bureau_id):
        raise ValidationError({"campaign": ["只能为本局的活动撰写文章。"]})
    errors: dict[str, list[str]] = {}
    values = {"campaign": campaign, "kind": kind, "event": event}
    for field, label, limit, value in (
        ("title", "标题", 120, title),
        ("body", "正文", 20000, body),
    ):
        try:
            values[field] = text_field(value, field, label, limit)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if kind not in Article.Kind.values:
        errors["kind"] = ["请选择栏目。"]
    if event is not None and event.campaign_id != campaign.pk:
        errors["event"] = ["所选宣传活动不属于本次活动。"]
    if errors:
        raise ValidationError(errors)
    return values


def _cover_store(article: Article, upload, checked: tuple[str, str]) -> None:
    content_type, suffix = checked
    article.cover.save(photo_token(suffix), upload, save=False)
    article.cover_type = content_type


def article_create(
    *,
    actor,
    campaign: Campaign,
    title: str,
    body: str,
    kind: str = Article.Kind.NEWS,
    event: OutreachEvent | None = None,
    cover=None,
) -> Article:
    values = _article_values(
        actor=actor, campaign=campaign, kind=kind, title=title, body=body, event=event
    )
    checked = photo_check(cover, field="cover") if cover is not None else None
    article = Article(**values, author=actor)
    with transaction.atomic():
        if checked is not None:
            _cover_store(article, cover, checked)
        article.full_clean()
        article.save()
        record_event(
            actor=actor,
            action="outreach.article_create",
            obj=article,
            changes={"title": article.title, "kind": article.kind},
        )
    return article


def article_update(
    *,
    actor,
    article: Article,
    title: str,
    body: str,
    kind: str = Article.Kind.NEWS,
    event: OutreachEvent | None = None,
    cover=None,
    remove_cover: bool = False,
) -> Article:
    values = _article_values(
        actor=actor, campaign=article.campaign, kind=kind, title=title, body=body, event=event
    )
    checked = photo_check(cover, field="cover") if cover is not None else None
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.state == State.PUBLISHED:
            raise ValidationError({"state": ["已发布的文章须先撤回再修改。"]})
        changes = {}
        for name, value in values.items():
            if getattr(article, name) != value:
                changes[name] = (
                    "已修改" if name == "body" else [str(getattr(article, name)), str(value)]
                )
                setattr(article, name, value)
        old_cover = article.cover.name if article.cover else ""
        if checked is not None:
            _cover_store(article, cover, checked)
            changes["cover"] = "已更换"
        elif remove_cover and old_cover:
            article.cover = ""
            article.cover_type = ""
            changes["cover"] = "已删除"
        if not changes:
            return article
        article.full_clean()
        article.save()
        record_event(actor=actor, action="outreach.article_update", obj=article, changes=changes)
        if "cover" in changes and old_cover:
            storage = article.cover.storage
            transaction.on_commit(lambda: storage.delete(old_cover))
    return article


def article_publish(*, actor, article: Article, at: datetime.datetime | None = None) -> Article:
    """Show the article on the public news page; refused while its text names a person's
    identifiers. `at` (aware) backdates the publication; it defaults to now."""
    return _publication_set(
        actor=actor, obj=article, publish=True, noun="文章", action="outreach.article_publish",
        texts=lambda a: [("标题", a.title), ("正文", a.body)], at=at,
    )  # fmt: skip


def article_unpublish(*, actor, article: Article) -> Article:
    return _publication_set(
        actor=actor, obj=article, publish=False, noun="文章", action="outreach.article_unpublish"
    )
