import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fangxin.complaints.models import Case
from tests.campaigns.factories import campaign
from tests.complaints.factories import make_case
from tests.engagement.factories import open_quiz, right_answers

pytestmark = pytest.mark.django_db


def test_the_summary_counts_the_quiz_participants_by_number(login, org, personas):
    from fangxin.engagement import services

    quiz = open_quiz(org, personas["leader"], question_count=3)
    for phone in ("13900000001", "13900000002", "13900000001"):
        attempt = services.attempt_start(quiz=quiz, phone=phone, address=None)
        for position in range(3):
            services.attempt_answer(
                attempt=attempt, position=position, chosen=right_answers(attempt, position)
            )
    page = login(personas["leader"]).get(f"/staff/campaign/summary/?year={quiz.campaign.year}")
    body = page.content.decode()
    assert "参与人数（手机号）</th><td>2<" in body
    assert "答题人次</th><td>3<" in body


def test_the_summary_exports_to_excel(login, org, personas):
    c = campaign(org)
    response = login(personas["leader"]).get(f"/staff/campaign/summary/?year={c.year}&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("类别", "项目", "数值")
    assert any(r[1] == "受理登记总数（件）" for r in rows)


def test_the_summary_counts_cases_received_during_the_campaign_only(login, org, personas):
    c = campaign(org)
    inside, outside = make_case(), make_case()
    Case.objects.filter(pk=inside.pk).update(
        received_at=datetime.datetime(c.year, 3, 10, 9, tzinfo=datetime.UTC),
        recovered_amount=Decimal("120.50"),
    )
    Case.objects.filter(pk=outside.pk).update(
        received_at=datetime.datetime(c.year, 5, 10, 9, tzinfo=datetime.UTC),
        recovered_amount=Decimal("999"),
    )
    body = login(personas["leader"]).get(f"/staff/campaign/summary/?year={c.year}").content
    body = body.decode()
    assert "受理登记总数（件）</th><td>1<" in body
    assert "120.50" in body and "999" not in body


def test_the_outsider_gets_no_summary_of_another_bureau(login, org, personas):
    c = campaign(org)
    response = login(personas["outsider"]).get(f"/staff/campaign/summary/?year={c.year}")
    body = response.content.decode()
    assert "本局还没有3·15活动" in body and c.title not in body


def test_the_summary_counts_survey_answers_and_their_comments(login, org, personas):
    from fangxin.surveys.answering import response_submit
    from tests.surveys.factories import answers, survey

    built = survey(org, personas)
    response_submit(survey=built, answers=answers(built, comment="工作人员很热情"), token="a" * 32)
    response_submit(survey=built, answers=answers(built), token="b" * 32)
    body = login(personas["leader"]).get(f"/staff/campaign/summary/?year={built.campaign.year}")
    body = body.content.decode()
    assert "答卷（份）</th><td>2<" in body
    assert "文字意见（条）</th><td>1<" in body


def test_the_summary_adds_up_the_publicity_events(login, org, personas):
    from tests.outreach.factories import event

    event(org, personas, audience_size=120, materials_count=300)
    event(
        org, personas, venue="school", title="消费维权进校园", audience_size=80, materials_count=50
    )
    body = login(personas["leader"]).get(f"/staff/campaign/summary/?year={campaign(org).year}")
    body = body.content.decode()
    assert "活动（场）</th><td>2<" in body
    assert "受众（人次）</th><td>200<" in body
    assert "五进·学校（场）</th><td>1<" in body
