import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.complaints import mediation, services
from fangxin.complaints.models import CaseDeadline
from tests.complaints.factories import make_case

D = datetime.date
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def mediating(personas):
    """A complaint received on Mon 2026-03-02 under the 2022 rules, accepted and in mediation
    (the clock runs from the acceptance day, travelled to 2026-03-03)."""
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        case = make_case(personas["handler"], received_at=at(2026, 3, 2, 9, 0))
        services.case_accept(actor=personas["handler"], case=case)
        services.case_mediation_start(actor=personas["handler"], case=case)
    case.refresh_from_db()
    return case


def mediation_clock(case):
    return CaseDeadline.objects.get(case=case, key="complaint.mediation")


def test_mediation_clock_runs_45_working_days_from_acceptance(mediating):
    # 清明 (4–6 April) and 劳动节 (1–5 May) are skipped; Saturday 9 May is a working day.
    assert mediation_clock(mediating).due_on == D(2026, 5, 9)


def test_session_is_recorded_in_the_timeline(personas, mediating):
    with time_machine.travel(at(2026, 3, 10, 16, 0), tick=False):
        mediation.mediation_session_record(
            actor=personas["handler"],
            case=mediating,
            held_at=at(2026, 3, 10, 15, 0),
            method="on_site",
            place="蔚汾所调解室",
            participants="王小明、俱乐部经理",
            summary="双方陈述，经营者同意部分退款",
        )
    assert mediating.mediation_sessions.count() == 1
    assert mediating.events.filter(action="mediation_session").exists()


def test_session_in_the_future_is_refused(personas, mediating):
    with pytest.raises(ValidationError, match="不能晚于现在"):
        mediation.mediation_session_record(
            actor=personas["handler"],
            case=mediating,
            held_at=timezone.now() + datetime.timedelta(days=2),
            method="phone",
            participants="x",
            summary="y",
        )


def test_pause_for_appraisal_moves_the_deadline_by_the_working_days_paused(personas, mediating):
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        mediation.clock_pause(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            starts_on=D(2026, 3, 9),
            reason="委托鉴定",
        )
        assert mediation_clock(mediating).state == "paused"
        deadline = mediation.clock_resume(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            ends_on=D(2026, 3, 13),
        )
    # Mon 9 – Fri 13 March: five working days do not count.
    assert deadline.due_on == D(2026, 5, 15)
    assert deadline.paused_working_days == 5 and deadline.state == "running"


def test_resume_without_a_pause_is_refused(personas, mediating):
    with pytest.raises(ValidationError, match="没有暂停"):
        mediation.clock_resume(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            ends_on=timezone.localdate(),
        )


def test_report_verification_is_extended_once_by_15_working_days(personas):
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        case = make_case(personas["handler"], kind="report", received_at=at(2026, 3, 2, 9, 0))
        deadline = mediation.deadline_extension_approve(
            actor=personas["head"], case=case, key="report.verification", reason="需调取账目"
        )
        assert deadline.due_on == D(2026, 4, 14)
        with pytest.raises(ValidationError, match="已经延长过"):
            mediation.deadline_extension_approve(
                actor=personas["head"], case=case, key="report.verification", reason="再延"
            )


def test_mediation_has_no_statutory_extension(personas, mediating):
    with pytest.raises(ValidationError, match="没有可延长"):
        mediation.deadline_extension_approve(
            actor=personas["head"], case=mediating, key="complaint.mediation", reason="x"
        )


def test_follow_up_after_closure(personas, mediating):
    mediating = services.case_close(
        actor=personas["handler"], case=mediating, outcome="settled", note="已退款"
    )
    mediation.follow_up_record(
        actor=personas["handler"],
        case=mediating,
        held_at=timezone.now(),
        method="phone",
        note="投诉人表示满意",
    )
    assert mediating.follow_ups.count() == 1


def test_follow_up_before_closure_is_refused(personas, mediating):
    with pytest.raises(ValidationError, match="办结后才能回访"):
        mediation.follow_up_record(
            actor=personas["handler"],
            case=mediating,
            held_at=timezone.now(),
            method="phone",
            note="x",
        )


def test_agreement_document_names_the_parties_and_the_money(personas, mediating):
    from docx import Document

    services.case_close(
        actor=personas["handler"],
        case=mediating,
        outcome="agreement",
        note="经营者退还年卡余额",
        recovered_amount=1800,
    )
    mediating.refresh_from_db()
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(mediation.mediation_agreement_docx(mediating))).paragraphs
    )
    assert "消费者权益争议调解书" in text and mediating.tracking_no in text
    assert "王小明" in text and "兴县强身健身俱乐部" in text and "1800" in text


def test_agreement_document_download_is_for_the_handling_unit(client, personas, mediating):
    services.case_close(
        actor=personas["handler"],
        case=mediating,
        outcome="agreement",
        note="退款",
        recovered_amount=100,
    )
    url = f"/staff/cases/{mediating.tracking_no}/agreement.docx"
    client.force_login(personas["handler"])
    response = client.get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    client.force_login(personas["handler2"])
    assert client.get(url).status_code == 404


def test_overlapping_or_late_pauses_are_refused(personas, mediating):
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        mediation.clock_pause(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            starts_on=D(2026, 3, 9),
            reason="鉴定",
        )
        mediation.clock_resume(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            ends_on=D(2026, 3, 13),
        )
        with pytest.raises(ValidationError, match="晚于上次暂停"):
            mediation.clock_pause(
                actor=personas["handler"],
                case=mediating,
                key="complaint.mediation",
                starts_on=D(2026, 3, 10),
                reason="再次鉴定",
            )


def test_only_the_mediation_clock_pauses(personas):
    case = make_case()
    with pytest.raises(ValidationError, match="只有调解期限"):
        mediation.clock_pause(
            actor=personas["handler"],
            case=case,
            key="complaint.acceptance",
            starts_on=timezone.localdate(),
            reason="x",
        )


def test_closing_while_paused_stops_the_clock(personas, mediating):
    with time_machine.travel(at(2026, 3, 20, 10, 0), tick=False):
        mediation.clock_pause(
            actor=personas["handler"],
            case=mediating,
            key="complaint.mediation",
            starts_on=D(2026, 3, 9),
            reason="鉴定",
        )
        services.case_close(
            actor=personas["handler"], case=mediating, outcome="settled", note="已和解"
        )
    assert mediation_clock(mediating).state == "met"


def test_refusal_after_a_transfer_leaves_no_clock_running(personas, org):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    services.case_transfer(
        actor=personas["handler"], case=case, unit=org["unit2"], reason="属地在魏家滩镇"
    )
    services.case_refuse(
        actor=personas["handler2"], case=case, ground_code="15-3", reason="非生活消费"
    )
    assert not case.deadlines.filter(state__in=["running", "paused"]).exists()


def test_accepting_again_after_a_transfer_keeps_the_first_mediation_clock(personas, org):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    first = mediation_clock(case).due_on
    services.case_transfer(actor=personas["handler"], case=case, unit=org["unit2"], reason="x")
    services.case_accept(actor=personas["handler2"], case=case)
    assert mediation_clock(case).due_on == first


def test_a_long_answer_fits_the_timeline(personas):
    case = make_case(kind="consultation")
    services.case_answer(actor=personas["handler"], case=case, reply_text="答" * 4000)
    assert case.events.filter(action="answer").exists()
