"""Answering a survey on the public pages: anonymous or by verified number, once, all answers
or none, conditional questions, closed surveys."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.surveys import answering, services
from fangxin.surveys.models import Survey, SurveyAnswer, SurveyResponse
from tests.surveys.factories import answers, form, questions, survey

pytestmark = pytest.mark.django_db


def _url(built) -> str:
    return f"/surveys/{built.pk}/"


def _nothing_written():
    return (
        not SurveyResponse.objects.exists()
        and not SurveyAnswer.objects.exists()
        and not AuditEvent.objects.filter(action="survey.answer").exists()
    )


def test_an_anonymous_visitor_answers_and_sees_the_thank_you_page(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, rating="5"), follow=True)
    assert response.redirect_chain[-1][0] == f"/surveys/{built.pk}/thanks/"
    assert "提交成功，感谢您的参与！" in response.content.decode()
    stored = SurveyResponse.objects.get(survey=built)
    assert stored.answers.get(question__position=3).rating == 5


def test_an_answer_is_audited_without_an_actor(org, personas, client):
    built = survey(org, personas)
    client.post(_url(built), form(built))
    event = AuditEvent.objects.get(action="survey.answer")
    assert event.actor_id is None and event.bureau_id == org["bureau"].pk


def test_a_second_answer_from_the_same_browser_is_refused(org, personas, client):
    built = survey(org, personas)
    client.post(_url(built), form(built))
    again = client.post(_url(built), form(built, rating="1"))
    assert again.status_code == 400
    assert "您已参加过本次测评" in again.content.decode()
    assert SurveyResponse.objects.filter(survey=built).count() == 1


def test_a_visitor_who_answered_sees_it_on_the_survey_page(org, personas, client):
    built = survey(org, personas)
    client.post(_url(built), form(built))
    page = client.get(_url(built))
    assert page.status_code == 200
    assert "您已参加过本次测评" in page.content.decode()
    assert 'id="survey-form"' not in page.content.decode()


def test_a_verified_survey_sends_an_unverified_visitor_to_the_number_check(org, personas, client):
    built = survey(org, personas, mode=Survey.Mode.VERIFIED)
    response = client.get(_url(built))
    assert response.status_code == 302
    assert response["Location"] == f"/verify/?next=/surveys/{built.pk}/"


def test_a_verified_visitor_answers_and_the_number_is_not_stored(
    org, personas, client, verify_phone
):
    built = survey(org, personas, mode=Survey.Mode.VERIFIED)
    verify_phone(client, phone="13912345678")
    assert client.post(_url(built), form(built)).status_code == 302
    stored = SurveyResponse.objects.get(survey=built)
    assert stored.respondent_key == answering.respondent_key(built, phone="13912345678")
    assert "13912345678" not in stored.respondent_key
    assert "13912345678" not in str(AuditEvent.objects.get(action="survey.answer").changes)


def test_one_number_answers_once_whatever_the_browser(org, personas):
    built = survey(org, personas, mode=Survey.Mode.VERIFIED)
    answering.response_submit(survey=built, answers=answers(built), phone="13912345678")
    with pytest.raises(ValidationError) as caught:
        answering.response_submit(
            survey=built, answers=answers(built), phone="13912345678", token="another-browser"
        )
    assert caught.value.message_dict == {"survey": ["您已参加过本次测评。"]}
    assert SurveyResponse.objects.count() == 1


def test_the_database_refuses_a_second_response_with_the_same_key(org, personas):
    built = survey(org, personas)
    SurveyResponse.objects.create(survey=built, respondent_key="k" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=built, respondent_key="k" * 64)


def test_a_missing_required_answer_is_named_and_nothing_is_written(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, rating=None, comment="很好"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "请打分。" in page
    assert 'id="field-' + questions(built)[3].field_name + '"' in page
    assert _nothing_written()


def test_the_page_keeps_what_was_entered_after_an_error(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, rating=None, comment="服务很好"))
    assert "服务很好" in response.content.decode()


def test_an_option_that_does_not_exist_is_refused(org, personas, client):
    built = survey(org, personas)
    data = form(built)
    data[questions(built)[1].field_name] = "7"
    response = client.post(_url(built), data)
    assert response.status_code == 400
    assert "所选选项无效，请重新选择。" in response.content.decode()
    assert _nothing_written()


def test_two_options_for_a_single_choice_question_are_refused(org, personas, client):
    built = survey(org, personas)
    data = form(built)
    data[questions(built)[1].field_name] = ["0", "1"]
    response = client.post(_url(built), data)
    assert response.status_code == 400
    assert "本题只能选择一项。" in response.content.decode()
    assert _nothing_written()


def test_a_rating_outside_the_scale_is_refused(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, rating="6"))
    assert response.status_code == 400
    assert "请选择1至5分。" in response.content.decode()
    assert _nothing_written()


def test_a_comment_over_the_limit_is_refused(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, comment="好" * 501))
    assert response.status_code == 400
    assert "不能超过500个字（现为501个字）。" in response.content.decode()
    assert _nothing_written()


def test_a_conditional_question_is_required_when_its_condition_holds(org, personas, client):
    built = survey(org, personas)
    response = client.post(_url(built), form(built, dispute="是"))
    assert response.status_code == 400
    assert "请至少选择一项。" in response.content.decode()
    assert _nothing_written()


def test_a_conditional_question_is_stored_when_its_condition_holds(org, personas):
    built = survey(org, personas)
    stored = answering.response_submit(
        survey=built, answers=answers(built, dispute="是", channels=["12315", "协商"]), token="t1"
    )
    assert stored.answers.get(question__position=2).choices == ["协商", "12315"]


def test_an_answer_to_a_hidden_question_is_ignored(org, personas):
    built = survey(org, personas)
    stored = answering.response_submit(
        survey=built, answers=answers(built, dispute="否", channels=["消协"]), token="t1"
    )
    assert not stored.answers.filter(question__position=2).exists()
    assert stored.answers.count() == 2


def test_a_closed_survey_takes_no_answers(org, personas, client):
    built = survey(org, personas)
    services.survey_transition(actor=personas["head"], survey=built, action="close")
    response = client.post(_url(built), form(built))
    assert response.status_code == 400
    assert "本次测评已结束" in response.content.decode()
    assert _nothing_written()


def test_a_survey_past_its_closing_time_takes_no_answers(org, personas, client):
    built = survey(org, personas)
    Survey.objects.filter(pk=built.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=2),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.post(_url(built), form(built))
    assert response.status_code == 400
    assert _nothing_written()


def test_a_draft_is_not_found_by_the_public(org, personas, client):
    built = survey(org, personas, open_it=False)
    assert client.get(_url(built)).status_code == 404
    assert client.post(_url(built), form(built)).status_code == 404


def test_anonymous_answers_from_one_address_are_limited(org, personas, monkeypatch):
    built = survey(org, personas)
    monkeypatch.setattr(answering, "ANONYMOUS_PER_ADDRESS_HOUR", 2)
    for token in ("a", "b"):
        answering.response_submit(
            survey=built, answers=answers(built), token=token, address="10.0.0.1"
        )
    with pytest.raises(ValidationError, match="本网络提交过于频繁"):
        answering.response_submit(
            survey=built, answers=answers(built), token="c", address="10.0.0.1"
        )
    assert SurveyResponse.objects.count() == 2


def test_the_public_list_shows_open_surveys_only(org, personas, client):
    survey(org, personas, title="公开的测评")
    survey(org, personas, open_it=False, title="草稿测评")
    page = client.get("/surveys/").content.decode()
    assert "公开的测评" in page and "草稿测评" not in page


def test_a_duplicate_committed_meanwhile_is_refused_by_the_constraint(org, personas, monkeypatch):
    """Two submissions of one person at once: both pass the early check; the unique
    constraint turns the second into the same clear refusal, with nothing half-written."""
    built = survey(org, personas)
    real = answering.answers_clean

    def racing(survey_, given):
        cleaned = real(survey_, given)
        key = answering.respondent_key(survey_, token="t")
        SurveyResponse.objects.create(survey=survey_, respondent_key=key)
        return cleaned

    monkeypatch.setattr(answering, "answers_clean", racing)
    with pytest.raises(ValidationError) as caught:
        answering.response_submit(survey=built, answers=answers(built), token="t")
    assert caught.value.message_dict == {"survey": ["您已参加过本次测评。"]}
    assert SurveyResponse.objects.count() == 1 and not SurveyAnswer.objects.exists()
