import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fangxin.complaints import services
from fangxin.complaints.models import CaseDeadline, CaseEvent
from tests.complaints.factories import make_case


def deadline(case, key):
    return CaseDeadline.objects.get(case=case, key=key)


def test_accepting_meets_the_acceptance_clock_and_starts_mediation(personas):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    case.refresh_from_db()
    assert case.status == "accepted"
    assert deadline(case, "complaint.acceptance").state == "met"
    assert deadline(case, "complaint.mediation").state == "running"


def test_refusal_needs_a_statutory_ground_and_tells_the_complainant(personas):
    # Received under the 2022 text, whose article numbers are verified.
    case = make_case(
        personas["handler"], received_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError, match="法定情形"):
        services.case_refuse(
            actor=personas["handler"], case=case, ground_code="99", reason="不属于生活消费"
        )
    services.case_refuse(
        actor=personas["handler"],
        case=case,
        ground_code="15-3",
        reason="购买用于经营，不属于生活消费",
    )
    case.refresh_from_db()
    assert case.status == "refused" and case.outcome == "refused"
    public = CaseEvent.objects.filter(case=case).exclude(public_text="").last().public_text
    assert "第十五条第（三）项" in public


def test_illegal_move_is_refused_with_a_chinese_message(personas):
    case = make_case()
    with pytest.raises(ValidationError, match="不能执行此操作"):
        services.case_close(actor=personas["handler"], case=case, outcome="settled", note="已和解")


def test_complaint_cannot_be_closed_without_an_outcome(personas):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    with pytest.raises(ValidationError, match="请选择办理结果"):
        services.case_close(actor=personas["handler"], case=case, outcome="", note="x")


def test_mediation_ends_in_agreement_with_money_recovered(personas):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    services.case_mediation_start(actor=personas["handler"], case=case)
    services.case_close(
        actor=personas["handler"],
        case=case,
        outcome="agreement",
        note="商家退还1800元",
        recovered_amount=Decimal("1800.00"),
    )
    case.refresh_from_db()
    assert (case.status, case.recovered_amount) == ("closed", Decimal("1800.00"))
    assert deadline(case, "complaint.mediation").state == "met"


def test_termination_cites_its_ground_and_starts_the_notice_clock(personas):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    services.case_close(
        actor=personas["handler"],
        case=case,
        outcome="terminated",
        note="被投诉人拒绝调解",
        ground_code="21-3",
    )
    assert deadline(case, "complaint.termination_notice").state == "running"


def test_triage_case_is_routed_by_the_coordinator(personas, org):
    case = make_case(township="某乡", bureau_code="141123")
    assert case.status == "triage"
    services.case_route(actor=personas["leader"], case=case, unit=org["unit2"])
    case.refresh_from_db()
    assert (case.status, case.unit) == ("received", org["unit2"])


def test_a_case_is_transferred_once_and_the_history_stays(personas, org):
    case = make_case()
    services.case_transfer(
        actor=personas["handler"], case=case, unit=org["unit2"], reason="经营地址实际在魏家滩镇"
    )
    case.refresh_from_db()
    assert case.unit == org["unit2"] and case.transferred
    with pytest.raises(ValidationError, match="已移送过一次"):
        services.case_transfer(
            actor=personas["handler2"], case=case, unit=org["unit"], reason="再移回去"
        )
    assert CaseEvent.objects.filter(case=case, action="transfer").get().note == (
        "经营地址实际在魏家滩镇"
    )


def test_transfer_to_another_bureau_is_refused(personas, org):
    case = make_case()
    with pytest.raises(ValidationError, match="本局其他"):
        services.case_transfer(
            actor=personas["handler"], case=case, unit=org["other_unit"], reason="x"
        )


def test_assignee_must_belong_to_the_handling_unit(personas):
    case = make_case()
    with pytest.raises(ValidationError, match="承办单位的工作人员"):
        services.case_assign(actor=personas["head"], case=case, assignee=personas["handler2"])
    services.case_assign(actor=personas["head"], case=case, assignee=personas["handler"])
    case.refresh_from_db()
    assert case.assignee == personas["handler"]


def test_consultation_is_answered_and_closed(personas):
    case = make_case(kind="consultation")
    services.case_answer(
        actor=personas["handler"], case=case, reply_text="预付卡经营者停业的，可要求退还余额。"
    )
    case.refresh_from_db()
    assert case.status == "answered" and case.reply_text


def test_report_is_verified_and_the_real_name_reporter_is_owed_a_notice(personas):
    case = make_case(kind="report")
    services.report_verify_start(actor=personas["handler"], case=case)
    services.report_decide(
        actor=personas["handler"], case=case, open_case=True, note="经核查存在违法行为，已立案"
    )
    assert deadline(case, "report.verification").state == "met"
    assert deadline(case, "report.reporter_notice").state == "running"


def test_anonymous_report_has_no_reporter_notice(personas):
    case = make_case(kind="report", anonymous=True)
    services.report_verify_start(actor=personas["handler"], case=case)
    services.report_decide(actor=personas["handler"], case=case, open_case=False, note="无违法")
    assert not CaseDeadline.objects.filter(case=case, key="report.reporter_notice").exists()


def test_split_creates_a_linked_report_with_its_own_clock(personas):
    case = make_case(
        personas["handler"], received_at=datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
    )
    report = services.case_split(actor=personas["handler"], case=case)
    case.refresh_from_db()
    assert report.kind == "report" and "-JB" in report.tracking_no
    assert case.linked_case == report and report.linked_case == case
    assert deadline(report, "report.verification").state == "running"
    with pytest.raises(ValidationError):
        services.case_split(actor=personas["handler"], case=case)
