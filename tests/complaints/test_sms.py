"""The complainant is told by text message: queued with the step, sent once, masked in logs."""

import logging
import threading

import pytest
from django.db import connection

from fangxin.audit.models import AuditEvent
from fangxin.complaints import services
from fangxin.messaging.backends import SmsError
from fangxin.messaging.models import OutboundSms
from fangxin.messaging.services import MAX_ATTEMPTS, sms_send_pending
from tests.complaints.factories import make_case

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


class CountingGateway:
    """A gateway that records what it was asked to send (shared by all instances)."""

    sent: list = []
    lock = threading.Lock()

    def send(self, phone, text):
        with self.lock:
            CountingGateway.sent.append((phone, text))


class RefusingGateway:
    def send(self, phone, text):
        raise SmsError("网关拒绝：余额不足")


@pytest.fixture
def gateway(settings):
    CountingGateway.sent = []
    settings.FANGXIN_SMS_BACKEND = "tests.complaints.test_sms.CountingGateway"
    return CountingGateway


def test_a_filing_queues_a_receipt_with_its_tracking_number(personas):
    case = make_case()
    message = OutboundSms.objects.get()
    assert message.phone == PHONE and case.tracking_no in message.text
    assert message.state == OutboundSms.State.PENDING


def test_accepting_and_refusing_tell_the_complainant(personas):
    case = make_case()
    services.case_accept(actor=personas["handler"], case=case)
    texts = list(OutboundSms.objects.order_by("pk").values_list("text", flat=True))
    assert len(texts) == 2 and "已受理" in texts[1]


def test_an_anonymous_report_sends_nothing(personas):
    make_case(kind="report", anonymous=True)
    assert not OutboundSms.objects.exists()


def test_a_sent_message_is_logged_with_the_number_masked(personas, caplog):
    make_case()
    with caplog.at_level(logging.INFO, logger="fangxin.sms"):
        report = sms_send_pending()
    assert report.sent == 1
    assert PHONE not in caplog.text and "138****5678" in caplog.text
    assert OutboundSms.objects.get().state == OutboundSms.State.SENT
    event = AuditEvent.objects.get(action="sms.sent")
    assert PHONE not in str(event.changes)


def test_a_second_run_sends_nothing_again(personas, gateway):
    make_case()
    sms_send_pending()
    assert sms_send_pending().sent == 0
    assert len(gateway.sent) == 1


def test_a_refused_message_is_retried_until_the_attempts_run_out(personas, settings):
    settings.FANGXIN_SMS_BACKEND = "tests.complaints.test_sms.RefusingGateway"
    make_case()
    for _ in range(MAX_ATTEMPTS + 2):
        sms_send_pending()
    message = OutboundSms.objects.get()
    assert message.state == OutboundSms.State.FAILED
    assert message.attempts == MAX_ATTEMPTS and "余额不足" in message.last_error


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_message_once(personas, gateway):
    for _ in range(20):
        make_case()
    barrier = threading.Barrier(2)

    def sender():
        barrier.wait()
        try:
            sms_send_pending()
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(gateway.sent) == 20
    assert OutboundSms.objects.filter(state=OutboundSms.State.SENT).count() == 20


def test_the_case_page_shows_what_the_complainant_was_told(personas, login):
    case = make_case()
    page = login(personas["handler"]).get(f"/staff/cases/{case.tracking_no}/")
    assert "短信告知" in page.content.decode() and "待发送" in page.content.decode()
    assert PHONE not in page.content.decode().split("短信告知")[1]
