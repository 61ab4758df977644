"""Format-clause review on the platform: a merchant's self-check, the reviewer's decisions, the
rectification notice, the re-check of the revised text and the credit record."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from fangxin.audit.models import AuditEvent
from fangxin.clauses import services
from fangxin.clauses.extract import extract_pasted
from fangxin.clauses.models import ClauseDocument, ClauseFinding
from fangxin.clauses.selectors import feedback_records
from fangxin.merchants.models import CreditEntry, MerchantAccount
from tests.pledges.factories import reviewer, shop

pytestmark = pytest.mark.django_db

NOTICE = (
    "顾客须知\n一、顾客在店内健身时发生人身伤害的，本店概不负责。\n"
    "二、本店营业时间为每日9:00至21:00。\n三、欢迎顾客监督，投诉电话12315。"
)
FIXED = (
    "顾客须知\n一、因本店设施或服务原因造成顾客人身损害的，本店依法承担赔偿责任。\n"
    "二、本店营业时间为每日9:00至21:00。\n三、欢迎顾客监督，投诉电话12315。"
)


@pytest.fixture
def merchant_user(org, personas):
    merchant = shop(org, name="兴县强身健身俱乐部")
    MerchantAccount.objects.create(user=personas["merchant"], merchant=merchant)
    return personas["merchant"]


def _submit(user, text=NOTICE, title="顾客须知"):
    return services.document_submit(actor=user, extracted=extract_pasted(text), title=title)


def _reviewed(document, handler):
    for finding in document.findings.all():
        services.finding_decide(actor=handler, finding=finding, decision="confirmed")
    return services.review_complete(actor=handler, document=document)


def test_a_merchants_notice_is_reviewed_at_once_with_findings_and_legal_basis(merchant_user):
    document = _submit(merchant_user)
    assert document.status == "pending" and document.score < 100
    finding = document.findings.first()
    assert document.findings.count() >= 1
    assert finding.basis.startswith("《") and "第七条" in finding.basis
    assert "概不负责" in finding.matched_text() and finding.rewording
    assert AuditEvent.objects.filter(action="clause.submit").count() == 1


def test_the_same_text_sent_twice_is_one_document(merchant_user):
    assert _submit(merchant_user).pk == _submit(merchant_user).pk
    assert ClauseDocument.objects.count() == 1


def test_a_fair_text_is_closed_as_clean(merchant_user):
    assert _submit(merchant_user, text=FIXED).status == "clean"


def test_a_dismissal_needs_its_reason(merchant_user, personas):
    finding = _submit(merchant_user).findings.first()
    with pytest.raises(ValidationError) as caught:
        services.finding_decide(actor=personas["handler"], finding=finding, decision="dismissed")
    assert caught.value.message_dict == {"reason": ["请填写排除理由。"]}


def test_the_review_cannot_complete_with_undecided_findings(merchant_user, personas):
    document = _submit(merchant_user)
    with pytest.raises(ValidationError, match="未审核"):
        services.review_complete(actor=personas["handler"], document=document)


def test_a_handler_of_another_unit_cannot_decide(merchant_user, personas):
    finding = _submit(merchant_user).findings.first()
    with pytest.raises(ValidationError):
        services.finding_decide(actor=personas["handler2"], finding=finding, decision="confirmed")


def test_only_a_head_issues_the_notice_and_it_names_the_findings(merchant_user, personas, org):
    document = _reviewed(_submit(merchant_user), personas["handler"])
    with pytest.raises(ValidationError):
        services.notice_issue(actor=personas["handler"], document=document)
    document = services.notice_issue(actor=reviewer(org), document=document)
    notice = document.notice
    assert (
        document.status == "notice" and notice.number == f"兴市监格改〔{notice.issued_at.year}〕1号"
    )
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(bytes(notice.docx))).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "本店概不负责" in text and "第七条" in text
    assert notice.due_on > timezone.localdate() and "第二十条" in notice.due_rule


def test_a_revision_without_the_problem_is_accepted(merchant_user, personas, org):
    document = services.notice_issue(
        actor=reviewer(org), document=_reviewed(_submit(merchant_user), personas["handler"])
    )
    revision = services.revision_submit(
        actor=merchant_user, document=document, extracted=extract_pasted(FIXED)
    )
    assert revision.remaining_rules == [] and revision.score == 100
    services.revision_decide(actor=personas["handler"], document=document, accept=True)
    document.refresh_from_db()
    assert document.status == "rectified"


def test_a_revision_that_keeps_the_problem_shows_it_and_can_be_returned(
    merchant_user, personas, org
):
    document = services.notice_issue(
        actor=reviewer(org), document=_reviewed(_submit(merchant_user), personas["handler"])
    )
    revision = services.revision_submit(
        actor=merchant_user, document=document, extracted=extract_pasted(NOTICE + "\n四、其他。")
    )
    assert revision.remaining_rules == sorted({f.rule_id for f in document.findings.all()})
    services.revision_decide(
        actor=personas["handler"], document=document, accept=False, note="第一条未修改。"
    )
    document.refresh_from_db()
    assert document.status == "notice"


def test_an_unrectified_document_goes_to_the_credit_record_only_after_the_deadline(
    merchant_user, personas, org
):
    head = reviewer(org)
    document = services.notice_issue(
        actor=head, document=_reviewed(_submit(merchant_user), personas["handler"])
    )
    with pytest.raises(ValidationError, match="期限届满"):
        services.credit_record(actor=head, document=document)
    document.notice.due_on = timezone.localdate() - datetime.timedelta(days=1)
    document.notice.save(update_fields=["due_on"])
    entry = services.credit_record(actor=head, document=document)
    assert entry.kind == "clause_finding" and entry.document_number == document.notice.number
    assert CreditEntry.objects.filter(merchant=document.merchant).count() == 1
    document.refresh_from_db()
    assert document.status == "closed"


def test_decisions_become_evaluation_records_without_personal_data(merchant_user, personas):
    text = "一、顾客王建国（电话13912345678）在店内健身时发生人身伤害的，本店概不负责。"
    for finding in _submit(merchant_user, text=text).findings.all():
        services.finding_decide(
            actor=personas["handler"], finding=finding, decision="dismissed", reason="测试排除"
        )
    [record] = feedback_records()
    assert record["unfair"] is False and record["reason"].startswith("测试排除")
    assert "13912345678" not in record["text"] and "王建国" not in record["text"]
    assert set(ClauseFinding.objects.values_list("decision", flat=True)) == {"dismissed"}


def test_the_feedback_command_writes_json_lines(merchant_user, personas, tmp_path):
    from django.core.management import call_command

    for finding in _submit(merchant_user).findings.all():
        services.finding_decide(actor=personas["handler"], finding=finding, decision="confirmed")
    out = tmp_path / "feedback.jsonl"
    call_command("clauses_feedback", str(out), stdout=io.StringIO())
    import json

    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["unfair"] is True and record["rule"] and "概不负责" in record["text"]


def test_a_reviewer_adds_a_clause_the_engine_missed_with_its_legal_basis(merchant_user, personas):
    from fangxin.clauses.ruleset import default_rules

    document = _submit(merchant_user, text=FIXED)
    assert document.status == "clean"
    rule = default_rules().rules[0]
    finding = services.finding_add(
        actor=personas["handler"],
        document=document,
        rule_id=rule.id,
        quote="本店营业时间为每日9:00至21:00。",
    )
    document.refresh_from_db()
    assert document.status == "pending" and finding.decision == "confirmed"
    assert finding.basis == rule.basis.citation() and finding.matched_text().startswith("本店营业")
    [record] = feedback_records()
    assert record["unfair"] is True and record["rule"] == rule.id


def test_a_quote_not_in_the_text_is_refused_and_nothing_is_added(merchant_user, personas):
    from fangxin.clauses.ruleset import default_rules

    document = _submit(merchant_user, text=FIXED)
    with pytest.raises(ValidationError) as caught:
        services.finding_add(
            actor=personas["handler"],
            document=document,
            rule_id=default_rules().rules[0].id,
            quote="文本中没有的话",
        )
    assert caught.value.message_dict == {"quote": ["请从上方文本中原样复制条款。"]}
    assert not document.findings.exists()


def test_an_unknown_rule_is_refused_over_http(merchant_user, personas, login):
    document = _submit(merchant_user, text=FIXED)
    response = login(personas["handler"]).post(
        f"/staff/clauses/{document.pk}/finding_add/", {"quote": "本店营业时间", "rule_id": "X-1"}
    )
    assert response.status_code == 400 and not document.findings.exists()
