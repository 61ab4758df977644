"""放心消费 creation: candidate pool, evaluation against the five 放心, recommendation,
certification for one cycle, the veto, the public directory."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.merchants import credit
from fangxin.merchants.models import CreditKind
from fangxin.merchants.services import merchant_update
from fangxin.trusted import services
from fangxin.trusted.models import TrustedEvaluation, TrustedUnit
from tests.conftest import SETUP
from tests.pledges.factories import shop

pytestmark = pytest.mark.django_db

GOOD = {"safety": 18, "quality": 17, "price": 18, "service": 16, "redress": 17}
EVIDENCE = {key: "现场检查台账齐全" for key in GOOD}


def candidate(org, personas, merchant=None):
    return services.candidate_add(
        actor=personas["handler"], merchant=merchant or shop(org), note="商场推荐"
    )


def certified(org, personas, merchant=None, *, on=None):
    record = candidate(org, personas, merchant)
    services.evaluation_record(
        actor=personas["handler"], record=record, scores=GOOD, evidence=EVIDENCE
    )
    services.recommend(actor=personas["head"], record=record, level="county")
    return services.certify(
        actor=personas["head"],
        record=record,
        level="county",
        certified_on=on or timezone.localdate(),
        certificate_number="兴市监发〔2026〕30号",
    )


def test_a_candidate_is_cultivated_by_the_unit_of_its_township(org, personas):
    record = candidate(org, personas)
    assert record.status == TrustedUnit.Status.CANDIDATE and record.unit == org["unit"]
    assert AuditEvent.objects.filter(action="trusted.candidate_add").exists()


def test_a_merchant_enters_the_pool_only_once(org, personas):
    record = candidate(org, personas)
    with pytest.raises(ValidationError, match="已在培育库中"):
        candidate(org, personas, record.merchant)


def test_a_revoked_merchant_cannot_enter_the_pool(org, personas):
    merchant = shop(org)
    merchant_update(actor=SETUP, merchant=merchant, values={"status": "revoked"})
    with pytest.raises(ValidationError, match="吊销"):
        candidate(org, personas, merchant)
    assert not TrustedUnit.objects.exists()


def test_an_outsider_cannot_add_this_bureaus_merchant(org, personas):
    with pytest.raises(ValidationError, match="本局名录"):
        services.candidate_add(actor=personas["outsider"], merchant=shop(org))


def test_an_evaluation_totals_the_five_scores_and_passes(org, personas):
    record = candidate(org, personas)
    evaluation = services.evaluation_record(
        actor=personas["handler"], record=record, scores=GOOD, evidence=EVIDENCE
    )
    assert evaluation.total == 86 and evaluation.passed


def test_one_weak_dimension_fails_the_evaluation(org, personas):
    record = candidate(org, personas)
    scores = {**GOOD, "redress": 10, "safety": 20, "quality": 20, "price": 20}
    evaluation = services.evaluation_record(
        actor=personas["handler"], record=record, scores=scores, evidence=EVIDENCE
    )
    assert evaluation.total >= 80 and not evaluation.passed


def test_a_score_above_the_maximum_or_missing_evidence_is_refused(org, personas):
    record = candidate(org, personas)
    with pytest.raises(ValidationError) as caught:
        services.evaluation_record(
            actor=personas["handler"],
            record=record,
            scores={**GOOD, "price": 25},
            evidence={**EVIDENCE, "service": ""},
        )
    assert set(caught.value.message_dict) == {"score_price", "evidence_service"}
    assert not TrustedEvaluation.objects.exists()


def test_a_unit_without_a_passing_evaluation_cannot_be_recommended(org, personas):
    record = candidate(org, personas)
    with pytest.raises(ValidationError, match="未达标"):
        services.recommend(actor=personas["head"], record=record, level="county")


def test_a_handler_may_evaluate_but_not_recommend(org, personas):
    record = candidate(org, personas)
    assert services.moves_for(record, personas["handler"]) == ["evaluate"]


def test_certification_holds_for_the_two_year_cycle(org, personas):
    record = certified(org, personas, on=datetime.date(2026, 3, 15))
    assert record.valid_until == datetime.date(2028, 3, 14)
    assert record.is_current(datetime.date(2028, 3, 14))
    assert not record.is_current(datetime.date(2028, 3, 15))


def test_a_penalty_in_the_cycle_vetoes_certification(org, personas):
    merchant = shop(org)
    credit.credit_entry_create(
        actor=personas["handler"],
        merchant=merchant,
        kind=CreditKind.PENALTY,
        title="销售过期食品",
        content="罚款五千元",
        decided_on=timezone.localdate() - datetime.timedelta(days=30),
        authority="兴县市场监督管理局",
        document_number="兴市监处罚〔2026〕5号",
    )
    with pytest.raises(ValidationError, match="不予认定"):
        certified(org, personas, merchant)
    assert TrustedUnit.objects.get().status == TrustedUnit.Status.RECOMMENDED


def test_a_new_cycle_supersedes_the_old_certification(org, personas):
    old = certified(org, personas, on=timezone.localdate() - datetime.timedelta(days=700))
    new = certified(org, personas, old.merchant)
    old.refresh_from_db()
    assert new.previous == old and old.status == TrustedUnit.Status.SUPERSEDED


def test_withdrawal_needs_a_reason(org, personas):
    record = candidate(org, personas)
    with pytest.raises(ValidationError, match="原因"):
        services.close(actor=personas["head"], record=record, name="withdraw", reason="")


def test_the_public_directory_lists_current_certified_units_only(org, personas, client):
    current = certified(org, personas)
    pending = candidate(org, personas, shop(org, name="兴县老字号饭店"))
    body = client.get("/trusted/").content.decode()
    assert current.merchant.name in body and pending.merchant.name not in body
    assert "李建国" not in body and "13912345678" not in body


def test_the_merchant_page_shows_its_certification(org, personas, client):
    record = certified(org, personas)
    body = client.get(f"/merchants/{record.merchant_id}/").content.decode()
    assert "县级放心消费单位" in body and "兴市监发〔2026〕30号" in body


def test_staff_add_a_candidate_and_evaluate_through_the_pages(org, personas, login):
    merchant = shop(org)
    client = login(personas["handler"])
    response = client.post("/staff/trusted/", {"credit_code_or_name": merchant.name, "note": ""})
    record = TrustedUnit.objects.get()
    assert response.status_code == 302 and response.url == f"/staff/trusted/{record.pk}/"
    form = {f"score_{k}": v for k, v in GOOD.items()}
    form |= {f"evidence_{k}": v for k, v in EVIDENCE.items()}
    assert client.post(f"/staff/trusted/{record.pk}/evaluate/", form).status_code == 302
    page = client.get(f"/staff/trusted/{record.pk}/").content.decode()
    assert "总分 86" in page


def test_a_bad_score_on_the_page_is_answered_in_chinese(org, personas, login):
    record = candidate(org, personas)
    client = login(personas["handler"])
    form = {f"score_{k}": v for k, v in GOOD.items()} | {"score_price": "abc"}
    form |= {f"evidence_{k}": v for k, v in EVIDENCE.items()}
    response = client.post(f"/staff/trusted/{record.pk}/evaluate/", form)
    assert response.status_code == 400 and "整数" in response.content.decode()


def test_a_handler_cannot_certify_through_the_page(org, personas, login):
    record = candidate(org, personas)
    response = login(personas["handler"]).post(
        f"/staff/trusted/{record.pk}/certify/",
        {"level": "county", "certified_on": "2026-11-01", "certificate_number": "x"},
    )
    assert response.status_code == 400
    record.refresh_from_db()
    assert record.status == TrustedUnit.Status.CANDIDATE
