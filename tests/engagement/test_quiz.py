import datetime

import pytest
from django.utils import timezone

from fangxin.engagement.models import QuizAnswer, QuizAttempt
from tests.engagement.factories import open_quiz, right_answers, wrong_answers

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def quiz(org, personas):
    return open_quiz(org, personas["leader"])


def start(client, quiz):
    response = client.post(f"/quiz/{quiz.pk}/start/", {"nickname": "小王"})
    assert response.status_code == 302
    return QuizAttempt.objects.filter(phone=PHONE).order_by("-started_at").first(), response


def answer(client, attempt, position, chosen):
    return client.post(
        f"/quiz/attempts/{attempt.public_id}/answer/",
        {"position": position, "chosen": [str(c) for c in chosen]},
    )


def test_an_unverified_visitor_is_sent_to_verify_before_starting(client, quiz):
    response = client.post(f"/quiz/{quiz.pk}/start/")
    assert response.status_code == 302 and response["Location"].startswith("/verify/")
    assert QuizAttempt.objects.count() == 0


def test_a_participant_answers_every_question_and_gets_the_score_the_answers_earn(
    client, quiz, verify_phone
):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    for position in range(5):
        chosen = (
            right_answers(attempt, position) if position < 3 else wrong_answers(attempt, position)
        )
        response = answer(client, attempt, position, chosen)
        assert response.status_code == (200 if position < 4 else 302)
    attempt.refresh_from_db()
    assert attempt.finished_at is not None
    assert (attempt.correct_count, attempt.score) == (3, 60)
    page = client.get(f"/quiz/attempts/{attempt.public_id}/result/").content.decode()
    assert "60 分" in page and "答对 3 / 5 题" in page


def test_the_question_page_carries_no_answer_key(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    page = client.get(f"/quiz/attempts/{attempt.public_id}/").content.decode()
    from fangxin.engagement.models import QuizQuestion

    question = QuizQuestion.objects.get(pk=attempt.question_ids[0])
    assert question.text in page
    assert question.explanation not in page and question.law not in page
    assert "answer" not in page.replace('/answer/"', "")


def test_the_answer_response_carries_the_next_question(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    from fangxin.engagement.models import QuizQuestion

    response = answer(client, attempt, 0, right_answers(attempt, 0))
    assert QuizQuestion.objects.get(pk=attempt.question_ids[1]).text in response.content.decode()


def test_a_retried_answer_is_counted_once(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    chosen = right_answers(attempt, 0)
    answer(client, attempt, 0, chosen)
    answer(client, attempt, 0, chosen)
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1


def test_a_second_answer_to_a_question_cannot_change_the_first(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    answer(client, attempt, 0, wrong_answers(attempt, 0))
    answer(client, attempt, 0, right_answers(attempt, 0))
    assert QuizAnswer.objects.get(attempt=attempt, position=0).correct is False


def test_an_answer_after_the_time_limit_is_refused_and_the_attempt_is_scored(
    client, quiz, verify_phone
):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    answer(client, attempt, 0, right_answers(attempt, 0))
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = answer(client, attempt, 1, right_answers(attempt, 1))
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    attempt.refresh_from_db()
    assert attempt.answers.count() == 1 and attempt.correct_count == 1 and attempt.score == 20


def test_a_choice_that_is_not_an_option_gets_a_chinese_message_and_writes_nothing(
    client, quiz, verify_phone
):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    response = answer(client, attempt, 0, [9])
    assert response.status_code == 400
    assert "所选答案不是本题的选项" in response.content.decode()
    assert QuizAnswer.objects.count() == 0


def test_no_choice_gets_a_chinese_message(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    response = answer(client, attempt, 0, [])
    assert response.status_code == 400 and "请选择答案" in response.content.decode()


def test_starting_twice_resumes_the_running_attempt(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    first, _ = start(client, quiz)
    second, _ = start(client, quiz)
    assert first.pk == second.pk and QuizAttempt.objects.count() == 1


def test_the_daily_attempt_limit_holds(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    for _ in range(2):
        attempt, _ = start(client, quiz)
        for position in range(5):
            answer(client, attempt, position, right_answers(attempt, position))
    response = client.post(f"/quiz/{quiz.pk}/start/", follow=True)
    assert "每天最多答题2次" in response.content.decode()
    assert QuizAttempt.objects.count() == 2


def test_yesterdays_attempts_do_not_count_against_today(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    for _ in range(2):
        attempt, _ = start(client, quiz)
        QuizAttempt.objects.filter(pk=attempt.pk).update(finished_at=timezone.now())
    QuizAttempt.objects.update(day=timezone.localdate() - datetime.timedelta(days=1))
    attempt, _ = start(client, quiz)
    assert attempt.day == timezone.localdate() and attempt.day_seq == 1


def test_another_visitor_cannot_open_someone_elses_attempt(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    from django.test import Client

    stranger = verify_phone(Client(), "13800000001", address="10.9.9.9")
    assert stranger.get(f"/quiz/attempts/{attempt.public_id}/").status_code == 404
    assert answer(stranger, attempt, 0, [0]).status_code == 404


def test_a_quiz_not_yet_open_refuses_to_start(client, org, personas, verify_phone):
    now = timezone.now()
    quiz = open_quiz(
        org,
        personas["leader"],
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=2),
    )
    verify_phone(client, PHONE)
    response = client.post(f"/quiz/{quiz.pk}/start/", follow=True)
    assert "不在进行中" in response.content.decode()
    assert QuizAttempt.objects.count() == 0


def test_the_leaderboard_shows_the_best_score_per_number_with_the_number_masked(
    client, quiz, verify_phone
):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    for position in range(5):
        answer(client, attempt, position, right_answers(attempt, position))
    page = client.get(f"/quiz/{quiz.pk}/leaderboard/").content.decode()
    assert "小王（5678）" in page and PHONE not in page
    assert page.count("<td>100</td>") == 1


def test_the_public_pages_show_no_phone_number(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    for url in (f"/quiz/{quiz.pk}/", "/quiz/", f"/quiz/attempts/{attempt.public_id}/"):
        assert PHONE not in client.get(url).content.decode()


def test_with_javascript_the_answer_returns_only_the_next_question_card(client, quiz, verify_phone):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    response = client.post(
        f"/quiz/attempts/{attempt.public_id}/answer/",
        {"position": 0, "chosen": [str(c) for c in right_answers(attempt, 0)]},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith(
        '<div class="card" id="quiz-card"'
    )
    assert "<html" not in body


def test_with_javascript_the_last_answer_sends_the_browser_to_the_result(
    client, quiz, verify_phone
):
    verify_phone(client, PHONE)
    attempt, _ = start(client, quiz)
    for position in range(5):
        response = client.post(
            f"/quiz/attempts/{attempt.public_id}/answer/",
            {"position": position, "chosen": [str(c) for c in right_answers(attempt, position)]},
            HTTP_HX_REQUEST="true",
        )
    assert response["HX-Redirect"] == f"/quiz/attempts/{attempt.public_id}/result/"
