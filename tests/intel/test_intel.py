"""Text intelligence on the platform: suggestions on intake, confirmation by staff, training that
refuses a worse model, repeated filings, mass complaints and hotspots."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.complaints.intake import Filing, Person, Respondent, case_file
from fangxin.complaints.models import CaseEvent, Notification
from fangxin.intel import mass
from fangxin.intel.models import CaseSuggestion, MassComplaint, ModelRecord, RepeatFiling
from fangxin.intel.selectors import hotspots
from fangxin.intel.suggest import case_categorize, confirmed_records
from fangxin.messaging.models import OutboundSms

pytestmark = pytest.mark.django_db

GYM = [
    "强身健身俱乐部突然关门，我办的年卡还有8个月没用，老板联系不上，要求退还预付款。",
    "健身房关门跑路了！年卡3000元刚办两个月，私教课也没上完，要求退钱",
    "强身健身俱乐部停业，门上贴了装修通知但一直不开门，会员卡余额无法退还。",
    "我在强身健身办的会员卡，现在健身房关门了，老板电话打不通，希望帮忙退卡费。",
    "健身俱乐部关门，预付的私教课费用6000元没人退，很多会员都在群里维权",
]


@pytest.fixture
def file(personas):
    """File a complaint as the unit's handler would record a phone call."""

    def make(facts, *, phone="13812345678", name="兴县强身健身俱乐部", days_ago=1):
        return _file(personas["handler"], facts, phone=phone, name=name, days_ago=days_ago)

    return make


def _file(actor, facts, *, phone, name, days_ago, claim="退还预付款"):
    received = timezone.now() - datetime.timedelta(days=days_ago, minutes=5)
    return case_file(
        actor=actor,
        filing=Filing(
            kind="complaint",
            complainant=Person(name="王小明", phone=phone, address="兴县蔚汾镇东关街1号"),
            respondent=Respondent(name=name, address="兴县蔚汾镇文化街22号", township="蔚汾镇"),
            occurred_on=timezone.localdate() - datetime.timedelta(days=days_ago + 1),
            amount=Decimal("3000"),
            claim=claim,
            facts=facts,
            received_at=received,
            channel="phone",
        ),
    )


def test_intake_records_the_suggestion_with_its_model_version(file, org):
    case = file(GYM[0])
    suggestion = CaseSuggestion.objects.get(case=case)
    assert suggestion.model_version and suggestion.sector == case.sector
    assert case.problem_type == suggestion.problem and case.category_confirmed_at is None


def test_staff_correct_the_category_and_the_suggestion_is_kept(file, org, personas):
    case = file(GYM[0])
    case_categorize(actor=personas["handler"], case=case, sector="预付式消费", problem="合同")
    case.refresh_from_db()
    assert (case.sector, case.problem_type) == ("预付式消费", "合同")
    assert case.category_confirmed_at is not None
    assert CaseSuggestion.objects.filter(case=case).exists()
    event = CaseEvent.objects.get(case=case, action="categorize")
    assert event.details["model_version"]
    assert AuditEvent.objects.filter(action="case.categorize").exists()


def test_an_unknown_category_is_refused_in_chinese(file, org, personas):
    case = file(GYM[0])
    with pytest.raises(ValidationError, match="请选择行业"):
        case_categorize(actor=personas["handler"], case=case, sector="健身", problem="合同")


def test_only_confirmed_cases_become_training_records(file, org, personas):
    first, _ = file(GYM[0]), file(GYM[1], phone="13900000001")
    case_categorize(actor=personas["handler"], case=first, sector="预付式消费", problem="合同")
    records = confirmed_records()
    assert len(records) == 1 and records[0]["sector"] == "预付式消费"


def test_the_case_page_offers_the_category_form(file, org, personas, login):
    case = file(GYM[0])
    client = login(personas["handler"])
    page = client.get(f"/staff/cases/{case.tracking_no}/").content.decode()
    assert "category-form" in page and "建议" in page
    response = client.post(
        f"/staff/intel/cases/{case.tracking_no}/category/",
        {"sector": "预付式消费", "problem_type": "合同"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.category_confirmed_at is not None


def test_a_unit_that_does_not_hold_the_case_cannot_categorize_it(file, org, personas, login):
    case = file(GYM[0])
    response = login(personas["handler2"]).post(
        f"/staff/intel/cases/{case.tracking_no}/category/",
        {"sector": "预付式消费", "problem_type": "合同"},
    )
    assert response.status_code in (403, 404)


def test_training_writes_a_model_record_and_refuses_to_go_backwards(
    org, personas, tmp_path, monkeypatch
):
    monkeypatch.setenv("FANGXIN_TEXTINTEL_DIR", str(tmp_path))
    from fangxin.textintel import classify

    classify.reset_default_classifier()
    try:
        call_command("textintel_train", stdout=io.StringIO())
        first = ModelRecord.objects.get()
        assert first.n_heldout > 0 and first.metrics["candidate"]["sector_accuracy"] is not None
        call_command("textintel_train", stdout=io.StringIO())
        second = ModelRecord.objects.first()
        # The same data gives the same model: not worse, so it may go live; never a worse one.
        if not second.promoted:
            assert "低于" in second.reason
    finally:
        classify.reset_default_classifier()


def test_the_same_person_filing_again_is_marked_as_a_repeat(file, org):
    first = file(GYM[0], days_ago=5)
    again = file(GYM[0] + "！！", days_ago=1)
    mass.mass_scan(bureau_id=org["bureau"].pk)
    assert RepeatFiling.objects.get().case == again and RepeatFiling.objects.get().earlier == first


def test_many_people_about_a_closed_gym_make_one_mass_complaint_and_alert_once(
    file, org, personas, settings
):
    settings.FANGXIN_MASS_ALERT = 5
    for i, text in enumerate(GYM):
        file(text, phone=f"1390000000{i}", days_ago=5 - i)
    summary = mass.mass_scan(bureau_id=org["bureau"].pk)
    found = MassComplaint.objects.get()
    assert found.size == 5 and summary["alerts"] == 1
    assert Notification.objects.filter(user=personas["head"], text__contains="群体性投诉").exists()
    again = mass.mass_scan(bureau_id=org["bureau"].pk)
    assert again["alerts"] == 0 and MassComplaint.objects.count() == 1


def test_a_mass_reply_reaches_every_complainant(file, org, personas):
    for i, text in enumerate(GYM):
        file(text, phone=f"1390000000{i}", days_ago=5 - i)
    mass.mass_scan(bureau_id=org["bureau"].pk)
    found = MassComplaint.objects.get()
    before = OutboundSms.objects.count()
    n = mass.mass_reply(actor=personas["head"], mass=found, text="已立案调查，请保留好付款凭证。")
    assert n == 5
    assert CaseEvent.objects.filter(action="mass_reply").count() == 5
    assert OutboundSms.objects.count() - before == 5


def test_a_referral_needs_a_reason_and_a_head(file, org, personas):
    for i, text in enumerate(GYM):
        file(text, phone=f"1390000000{i}", days_ago=5 - i)
    mass.mass_scan(bureau_id=org["bureau"].pk)
    found = MassComplaint.objects.get()
    with pytest.raises(ValidationError, match="负责人"):
        mass.mass_update(
            actor=personas["handler"],
            mass=found,
            status="handling",
            referral="collective",
            note="x",
        )
    with pytest.raises(ValidationError, match="理由"):
        mass.mass_update(
            actor=personas["head"], mass=found, status="handling", referral="collective", note=""
        )
    updated = mass.mass_update(
        actor=personas["head"],
        mass=found,
        status="handling",
        referral="public_interest",
        note="涉及众多不特定消费者，拟移送检察机关",
    )
    assert updated.referral == "public_interest"


def test_an_outsider_cannot_open_a_mass_complaint(file, org, personas, login):
    for i, text in enumerate(GYM):
        file(text, phone=f"1390000000{i}", days_ago=5 - i)
    mass.mass_scan(bureau_id=org["bureau"].pk)
    found = MassComplaint.objects.get()
    client = login(personas["outsider"])
    assert client.get(f"/staff/intel/mass/{found.pk}/").status_code == 404
    assert client.post(f"/staff/intel/mass/{found.pk}/reply/", {"text": "x"}).status_code == 404


def test_hotspots_count_this_week_and_find_a_rise(file, org, personas, login):
    for i, text in enumerate(GYM):
        file(text, phone=f"1390000000{i}", days_ago=0)
    data = hotspots(bureau_id=org["bureau"].pk, dimension="merchant", period="week")
    assert data.counts[-1]["兴县强身健身俱乐部"] == 5
    assert [r.key for r in data.rises] == ["兴县强身健身俱乐部"]
    page = login(personas["handler"]).get("/staff/intel/hotspots/?dimension=keyword")
    assert page.status_code == 200 and "关门" in page.content.decode()
