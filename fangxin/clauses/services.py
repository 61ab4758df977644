"""Writes of format-clause review: submit a document (the engine reviews it at once), decide
each finding, complete the review, issue the rectification notice, take the revised text
(re-checked by the engine), accept or return it, and record an unrectified document in the
merchant's credit file. Moves are explicit (`MOVES`); each write is one transaction with its
audit event."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, UnitMembership
from fangxin.audit.services import record_event
from fangxin.clauses.engine import review
from fangxin.clauses.extract import Extracted
from fangxin.clauses.models import (
    ClauseDocument,
    ClauseFinding,
    ClauseRevision,
    RectificationNotice,
)
from fangxin.clauses.notices import notice_docx
from fangxin.clauses.ruleset import default_rules
from fangxin.clauses.split import split_document
from fangxin.complaints.numbers import counter_advance
from fangxin.core.calendar import deadline_for
from fangxin.core.models import Unit
from fangxin.core.validators import text_field
from fangxin.merchants.models import Merchant

S = ClauseDocument.Status
D = ClauseFinding.Decision
ISSUER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
# name → (statuses it may start from, who: "reviewer" | "issuer" | "party")
MOVES = {
    "decide": ((S.PENDING,), "reviewer"),
    # A reviewer may add what the engine missed, also to a document it found clean.
    "finding_add": ((S.PENDING, S.CLEAN), "reviewer"),
    "review_complete": ((S.PENDING,), "reviewer"),
    "notice_issue": ((S.REVIEWED,), "issuer"),
    "revision_submit": ((S.NOTICE,), "party"),
    "revision_accept": ((S.RECHECK,), "reviewer"),
    "revision_return": ((S.RECHECK,), "reviewer"),
    "credit_record": ((S.NOTICE,), "issuer"),
    "close": ((S.REVIEWED, S.NOTICE, S.RECHECK), "issuer"),
}
TITLE_MAX = 120
REASON_MAX = 500
# A form sent twice (a double click, a retry on a slow line) within this window is one document.
RESUBMIT_WINDOW = datetime.timedelta(minutes=10)
# TrackingCounter.kind holds 12 characters.
NOTICE_COUNTER = "clause_gg"


def _is_staff_of(actor, bureau_id: int) -> bool:
    return bool(getattr(actor, "is_bureau_staff", False) and actor.bureau_id == bureau_id)


def _is_reviewer(actor, document: ClauseDocument) -> bool:
    if not _is_staff_of(actor, document.bureau_id):
        return False
    if actor.role in ISSUER_ROLES:
        return True
    return UnitMembership.objects.filter(user=actor, unit_id=document.unit_id).exists()


def _is_party(actor, document: ClauseDocument) -> bool:
    account = getattr(actor, "merchant_account", None)
    if getattr(actor, "role", None) == Role.MERCHANT and account is not None:
        return document.merchant_id == account.merchant_id
    return _is_reviewer(actor, document)


def moves_for(document: ClauseDocument, actor) -> list[str]:
    allowed = []
    for name, (sources, who) in MOVES.items():
        if document.status not in sources:
            continue
        if (
            who == "reviewer"
            and _is_reviewer(actor, document)
            or (
                who == "issuer"
                and _is_staff_of(actor, document.bureau_id)
                and actor.role in ISSUER_ROLES
            )
            or who == "party"
            and _is_party(actor, document)
        ):
            allowed.append(name)
    return allowed


def _locked(actor, document: ClauseDocument, name: str) -> ClauseDocument:
    locked = ClauseDocument.objects.select_for_update().get(pk=document.pk)
    if name not in moves_for(locked, actor):
        raise ValidationError(
            {"status": [f"当前状态（{locked.get_status_display()}）下您不能执行此操作。"]}
        )
    return locked


def _unit_for(actor, merchant: Merchant | None, bureau_id: int) -> Unit:
    """The unit whose territory covers the merchant; else the staff member's own unit; else the
    bureau's coordinating unit."""
    if merchant is not None and merchant.township_id and merchant.township.unit_id:
        return merchant.township.unit
    membership = UnitMembership.objects.filter(user=actor, unit__bureau_id=bureau_id).first()
    if membership is not None:
        return membership.unit
    unit = Unit.objects.filter(bureau_id=bureau_id, is_coordinator=True).first()
    if unit is None:
        raise ValidationError({"unit": ["本局尚未设置承办单位。"]})
    return unit


def _findings_rows(document: ClauseDocument, result) -> list[ClauseFinding]:
    clauses = {c.index: c for c in result.clauses}
    return [
        ClauseFinding(
            document=document,
            clause_index=f.clause_index,
            clause_start=clauses[f.clause_index].start,
            clause_end=clauses[f.clause_index].end,
            start=f.start,
            end=f.end,
            rule_id=f.rule_id,
            title=f.title[:200],
            basis=f.basis[:200],
            basis_text=f.basis_text,
            severity=f.severity,
            explanation=f.explanation,
            rewording=f.rewording,
        )
        for f in result.findings
    ]


def document_submit(
    *,
    actor,
    extracted: Extracted,
    title: str,
    sector: str = "",
    merchant: Merchant | None = None,
    upload: bytes | None = None,
    original_name: str = "",
) -> ClauseDocument:
    """A merchant submits its own document; staff submit one for any merchant of the bureau (or
    none: a notice photographed on an inspection). The engine reviews it in the same
    transaction; with no finding the document is closed as clean."""
    account = getattr(actor, "merchant_account", None)
    if getattr(actor, "role", None) == Role.MERCHANT:
        if account is None:
            raise ValidationError({"merchant": ["仅限已开通的经营者账户。"]})
        merchant, source = account.merchant, ClauseDocument.Source.MERCHANT
        bureau_id = merchant.bureau_id
    elif getattr(actor, "is_bureau_staff", False):
        source, bureau_id = ClauseDocument.Source.STAFF, actor.bureau_id
        if merchant is not None and merchant.bureau_id != bureau_id:
            raise ValidationError({"merchant": ["只能登记本局名录中的经营者。"]})
    else:
        raise ValidationError({"merchant": ["您没有提交审查的权限。"]})
    if merchant is not None and merchant.merged_into_id:
        raise ValidationError({"merchant": ["该经营者已合并至其他记录，请在合并后的记录上提交。"]})
    title = text_field(title, "title", "文件名称", TITLE_MAX)
    sector = text_field(sector, "sector", "行业", 40, required=False)
    result = review(extracted.text)
    digest = hashlib.sha256(extracted.text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        if merchant is not None:
            Merchant.objects.select_for_update().filter(pk=merchant.pk).first()
        repeat = ClauseDocument.objects.filter(
            submitted_by=actor,
            merchant=merchant,
            sha256=digest,
            submitted_at__gte=timezone.now() - RESUBMIT_WINDOW,
        ).first()
        if repeat is not None:
            return repeat
        document = ClauseDocument(
            bureau_id=bureau_id,
            unit=_unit_for(actor, merchant, bureau_id),
            merchant=merchant,
            title=title,
            sector=sector,
            source=source,
            kind=extracted.kind,
            original_name=(original_name or "")[:200],
            sha256=digest,
            text=extracted.text,
            ruleset_version=result.ruleset_version,
            score=result.score,
            status=S.PENDING if result.findings else S.CLEAN,
            submitted_by=actor,
        )
        if upload:
            document.token = secrets.token_hex(16)
            document.file.save(document.token, ContentFile(upload), save=False)
        document.full_clean(exclude=["file", "token"])
        document.save()
        ClauseFinding.objects.bulk_create(_findings_rows(document, result))
        record_event(
            actor=actor,
            action="clause.submit",
            obj=document,
            changes={
                "findings": len(result.findings),
                "score": result.score,
                "kind": document.kind,
            },
        )
    return document


def finding_decide(
    *, actor, finding: ClauseFinding, decision: str, reason: str = ""
) -> ClauseFinding:
    """Confirm or dismiss one finding; a dismissal needs its reason (it feeds the evaluation
    set: `manage.py clauses_feedback`)."""
    if decision not in (D.CONFIRMED, D.DISMISSED):
        raise ValidationError({"decision": ["请选择确认或排除。"]})
    reason = text_field(reason, "reason", "排除理由", REASON_MAX, required=decision == D.DISMISSED)
    with transaction.atomic():
        _locked(actor, finding.document, "decide")
        finding = ClauseFinding.objects.select_for_update().get(pk=finding.pk)
        before = finding.decision
        finding.decision, finding.reason = decision, reason
        finding.decided_by, finding.decided_at = actor, timezone.now()
        finding.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        record_event(
            actor=actor,
            action="clause.finding_decide",
            obj=finding.document,
            changes={
                "finding": finding.pk,
                "rule": finding.rule_id,
                "decision": [before, decision],
            },
        )
    return finding


def finding_add(*, actor, document: ClauseDocument, rule_id: str, quote: str) -> ClauseFinding:
    """A reviewer marks a clause the engine missed: `quote` is copied from the text, `rule_id`
    names the rule (and so the legal basis) it breaks. Added as confirmed; it also feeds the
    evaluation records as an unfair clause the rules did not catch."""
    quote = text_field(quote, "quote", "条款原文", 2000)
    rule = default_rules().get(rule_id)
    if rule is None:
        raise ValidationError({"rule_id": ["请选择规则库中的规则。"]})
    start = document.text.find(quote)
    if start < 0:
        raise ValidationError({"quote": ["请从上方文本中原样复制条款。"]})
    end = start + len(quote)
    clause = next(
        (c for c in split_document(document.text) if c.start <= start < c.end),
        None,
    )
    if clause is None:
        raise ValidationError({"quote": ["请从上方文本中原样复制条款。"]})
    with transaction.atomic():
        document = _locked(actor, document, "finding_add")
        if document.status == S.CLEAN:
            document.status = S.PENDING  # the review is open again until completed
            document.save(update_fields=["status", "updated_at"])
        finding = ClauseFinding.objects.create(
            document=document,
            clause_index=clause.index,
            clause_start=clause.start,
            clause_end=max(clause.end, end),
            start=start,
            end=end,
            rule_id=rule.id,
            title=rule.title[:200],
            basis=rule.basis.citation()[:200],
            basis_text=rule.basis.text,
            severity=rule.severity,
            explanation=rule.description,
            rewording=rule.rewording,
            decision=D.CONFIRMED,
            reason="审核人员补充",
            decided_by=actor,
            decided_at=timezone.now(),
        )
        record_event(
            actor=actor,
            action="clause.finding_add",
            obj=document,
            changes={"finding": finding.pk, "rule": rule.id},
        )
    return finding


def findings_confirm_rest(*, actor, document: ClauseDocument) -> int:
    """Confirm every finding not yet decided (the reviewer agrees with the rest)."""
    with transaction.atomic():
        document = _locked(actor, document, "decide")
        pending = list(document.findings.select_for_update().filter(decision=D.PENDING))
        now = timezone.now()
        for finding in pending:
            finding.decision, finding.decided_by, finding.decided_at = D.CONFIRMED, actor, now
        ClauseFinding.objects.bulk_update(pending, ["decision", "decided_by", "decided_at"])
        record_event(
            actor=actor,
            action="clause.finding_confirm_rest",
            obj=document,
            changes={"findings": [f.pk for f in pending]},
        )
    return len(pending)


def review_complete(*, actor, document: ClauseDocument) -> ClauseDocument:
    with transaction.atomic():
        document = _locked(actor, document, "review_complete")
        findings = list(document.findings.all())
        if any(f.decision == D.PENDING for f in findings):
            raise ValidationError({"findings": ["还有未审核的问题，请逐条确认或排除。"]})
        confirmed = sum(f.decision == D.CONFIRMED for f in findings)
        document.status = S.REVIEWED if confirmed else S.CLEAN
        document.reviewed_by, document.reviewed_at = actor, timezone.now()
        document.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
        record_event(
            actor=actor,
            action="clause.review_complete",
            obj=document,
            changes={"confirmed": confirmed, "status": document.status},
        )
    return document


def rectification_due(start: datetime.date):
    """The default deadline, counted in working days under the rule set in force (data with
    its citation: TimeLimit `clause.rectification`)."""
    return deadline_for("clause.rectification", start)


def notice_issue(
    *, actor, document: ClauseDocument, due_on: datetime.date | None = None
) -> ClauseDocument:
    if document.merchant_id is None:
        raise ValidationError({"merchant": ["整改通知书需要写明经营者，请先关联经营者。"]})
    today = timezone.localdate()
    default = rectification_due(today)
    due_on = due_on or default.due
    if due_on <= today:
        raise ValidationError({"due_on": ["整改期限应晚于今天。"]})
    if due_on > today + datetime.timedelta(days=180):
        raise ValidationError({"due_on": ["整改期限不能超过180天。"]})
    with transaction.atomic():
        document = _locked(actor, document, "notice_issue")
        serial = counter_advance(
            bureau=document.bureau, key=NOTICE_COUNTER, year=today.year, count=1
        )
        number = f"{document.bureau.short_name}格改〔{today.year}〕{serial}号"
        notice = RectificationNotice(
            document=document,
            number=number,
            issued_by=actor,
            due_on=due_on,
            due_rule=f"{default.label}：{default.citation}"[:300],
            docx=b"",
        )
        confirmed = list(document.findings.filter(decision=D.CONFIRMED))
        notice.docx = notice_docx(document, notice, confirmed, issued_on=today)
        notice.save()
        document.status = S.NOTICE
        document.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action="clause.notice_issue",
            obj=document,
            changes={"number": number, "due_on": due_on.isoformat(), "findings": len(confirmed)},
        )
    return document


def revision_submit(
    *, actor, document: ClauseDocument, extracted: Extracted, original_name: str = ""
):
    """The revised text, re-checked at once: which confirmed problems are still there."""
    result = review(extracted.text)
    with transaction.atomic():
        document = _locked(actor, document, "revision_submit")
        confirmed_rules = set(
            document.findings.filter(decision=D.CONFIRMED).values_list("rule_id", flat=True)
        )
        still = sorted({f.rule_id for f in result.findings} & confirmed_rules)
        revision = ClauseRevision.objects.create(
            document=document,
            number=document.revisions.count() + 1,
            kind=extracted.kind,
            original_name=(original_name or "")[:200],
            text=extracted.text,
            findings=[f.to_dict() for f in result.findings],
            score=result.score,
            remaining_rules=still,
            submitted_by=actor,
        )
        document.status = S.RECHECK
        document.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action="clause.revision_submit",
            obj=document,
            changes={"revision": revision.number, "remaining": still, "score": result.score},
        )
    return revision


def revision_decide(
    *, actor, document: ClauseDocument, accept: bool, note: str = ""
) -> ClauseRevision:
    note = text_field(note, "note", "复核意见", REASON_MAX, required=not accept)
    with transaction.atomic():
        document = _locked(actor, document, "revision_accept" if accept else "revision_return")
        revision = document.revisions.select_for_update().order_by("-number").first()
        if accept and revision.remaining_rules and not note:
            raise ValidationError({"note": ["复查仍发现已确认的问题，如认定整改到位请填写理由。"]})
        revision.outcome = (
            ClauseRevision.Outcome.ACCEPTED if accept else ClauseRevision.Outcome.RETURNED
        )
        revision.outcome_note, revision.decided_by = note, actor
        revision.decided_at = timezone.now()
        revision.save(update_fields=["outcome", "outcome_note", "decided_by", "decided_at"])
        document.status = S.RECTIFIED if accept else S.NOTICE
        document.save(update_fields=["status", "updated_at"])
        record_event(
            actor=actor,
            action="clause.revision_decide",
            obj=document,
            changes={"revision": revision.number, "outcome": revision.outcome},
        )
    return revision


def credit_record(*, actor, document: ClauseDocument):
    """An unrectified document after its deadline goes into the merchant's credit file
    (CreditKind.CLAUSE_FINDING, published for the period its PublicityRule gives)."""
    from fangxin.merchants.credit import credit_entry_create

    today = timezone.localdate()
    notice = getattr(document, "notice", None)
    if notice is None or notice.due_on >= today:
        raise ValidationError({"status": ["整改期限届满后仍未整改的，才能记入信用记录。"]})
    with transaction.atomic():
        document = _locked(actor, document, "credit_record")
        bases = sorted(
            set(document.findings.filter(decision=D.CONFIRMED).values_list("basis", flat=True))
        )
        entry = credit_entry_create(
            actor=actor,
            merchant=document.merchant,
            kind="clause_finding",
            title="使用不公平格式条款，逾期未整改",
            content=f"《{document.title}》存在不公平格式条款，违反{'、'.join(bases)}；"
            f"经{notice.number}责令于{notice.due_on:%Y年%m月%d日}前整改，逾期未整改。",
            decided_on=today,
            authority=document.bureau.name,
            document_number=notice.number,
            source_ref=f"clause:{document.pk}",
        )
        document.status, document.closing_note = S.CLOSED, "逾期未整改，已记入信用记录。"
        document.save(update_fields=["status", "closing_note", "updated_at"])
        record_event(
            actor=actor, action="clause.credit_record", obj=document, changes={"entry": entry.pk}
        )
    return entry


def document_close(*, actor, document: ClauseDocument, note: str) -> ClauseDocument:
    note = text_field(note, "note", "结束说明", REASON_MAX)
    with transaction.atomic():
        document = _locked(actor, document, "close")
        before = document.status
        document.status, document.closing_note = S.CLOSED, note
        document.save(update_fields=["status", "closing_note", "updated_at"])
        record_event(
            actor=actor, action="clause.close", obj=document, changes={"status": [before, S.CLOSED]}
        )
    return document
