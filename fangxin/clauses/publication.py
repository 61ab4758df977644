"""典型不公平格式条款点评 (seed plan §三(三)): confirmed findings collected into a public review
by sector. The clause text is frozen when it is added, with personal data always redacted and
the merchant's name shown or replaced by the reviewer's choice."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.clauses.models import ClauseFinding, ClauseReviewPublication, PublicationItem
from fangxin.core.validators import text_field
from fangxin.textintel.redact import redact_text

P = ClauseReviewPublication.Status
PUBLISHER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
MERCHANT_MASK = "某经营者"


def _staff(actor, bureau_id: int) -> None:
    if not (getattr(actor, "is_bureau_staff", False) and actor.bureau_id == bureau_id):
        raise ValidationError({"publication": ["只有本局工作人员可以编辑点评。"]})


def public_clause_text(finding: ClauseFinding, *, show_merchant: bool) -> str:
    merchant = finding.document.merchant
    text = finding.clause_text()
    if merchant is not None and not show_merchant:
        text = text.replace(merchant.name, MERCHANT_MASK)
    keep = [merchant.name] if merchant is not None and show_merchant else []
    return redact_text(text, keep=keep)


def publication_create(*, actor, title: str, introduction: str = "") -> ClauseReviewPublication:
    _staff(actor, actor.bureau_id)
    title = text_field(title, "title", "标题", 120)
    introduction = text_field(introduction, "introduction", "导语", 2000, required=False)
    with transaction.atomic():
        publication = ClauseReviewPublication.objects.create(
            bureau_id=actor.bureau_id, title=title, introduction=introduction, created_by=actor
        )
        record_event(actor=actor, action="clause_publication.create", obj=publication)
    return publication


def publication_item_add(
    *,
    actor,
    publication: ClauseReviewPublication,
    finding: ClauseFinding,
    comment: str,
    show_merchant: bool = False,
) -> PublicationItem:
    _staff(actor, publication.bureau_id)
    if publication.status != P.DRAFT:
        raise ValidationError({"publication": ["已发布的点评不能再修改，请先撤回。"]})
    if finding.document.bureau_id != publication.bureau_id:
        raise ValidationError({"finding": ["只能选用本局的审查结果。"]})
    if finding.decision != ClauseFinding.Decision.CONFIRMED:
        raise ValidationError({"finding": ["只能选用已确认的问题条款。"]})
    comment = text_field(comment, "comment", "点评", 2000)
    try:
        with transaction.atomic():
            item = PublicationItem.objects.create(
                publication=publication,
                finding=finding,
                sector=finding.document.sector or "其他",
                show_merchant=show_merchant and finding.document.merchant_id is not None,
                clause_text=public_clause_text(finding, show_merchant=show_merchant),
                comment=redact_text(comment),
                position=publication.items.count() + 1,
            )
            record_event(
                actor=actor,
                action="clause_publication.item_add",
                obj=publication,
                changes={"finding": finding.pk, "show_merchant": item.show_merchant},
            )
    except IntegrityError as exc:
        raise ValidationError({"finding": ["该条款已在本期点评中。"]}) from exc
    return item


def publication_item_remove(*, actor, item: PublicationItem) -> None:
    publication = item.publication
    _staff(actor, publication.bureau_id)
    if publication.status != P.DRAFT:
        raise ValidationError({"publication": ["已发布的点评不能再修改，请先撤回。"]})
    with transaction.atomic():
        record_event(
            actor=actor,
            action="clause_publication.item_remove",
            obj=publication,
            changes={"finding": item.finding_id},
        )
        item.delete()


def publication_publish(*, actor, publication: ClauseReviewPublication, publish: bool = True):
    """Publish a draft (heads, leaders, administrators) or withdraw a published review."""
    _staff(actor, publication.bureau_id)
    if actor.role not in PUBLISHER_ROLES:
        raise ValidationError({"publication": ["发布或撤回点评需由单位负责人或局领导办理。"]})
    with transaction.atomic():
        publication = ClauseReviewPublication.objects.select_for_update().get(pk=publication.pk)
        if publish and publication.status == P.PUBLISHED:
            raise ValidationError({"publication": ["已发布。"]})
        if publish and not publication.items.exists():
            raise ValidationError({"publication": ["请先添加点评条目。"]})
        if not publish and publication.status != P.PUBLISHED:
            raise ValidationError({"publication": ["只有已发布的点评可以撤回。"]})
        before = publication.status
        publication.status = P.PUBLISHED if publish else P.DRAFT
        publication.published_at = timezone.now() if publish else None
        publication.save(update_fields=["status", "published_at"])
        record_event(
            actor=actor,
            action="clause_publication.publish" if publish else "clause_publication.withdraw",
            obj=publication,
            changes={"status": [before, publication.status]},
        )
    return publication
