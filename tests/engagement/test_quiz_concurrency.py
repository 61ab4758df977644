"""Many starts and answers at once from one number, on whichever database the suite runs on:
the daily limit and the once-only answer hold because the database enforces them."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from fangxin.engagement import services
from fangxin.engagement.models import QuizAnswer, QuizAttempt
from tests.engagement.factories import open_quiz, right_answers

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def _together(job, n=THREADS):
    barrier = threading.Barrier(n)
    outcomes, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait(timeout=30)
            result = job()
        except ValidationError as exc:
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_simultaneous_starts_never_exceed_the_daily_limit(org, personas):
    quiz = open_quiz(org, personas["leader"], question_count=3, daily_attempts=2)

    def start_and_finish():
        attempt = services.attempt_start(quiz=quiz, phone="13900000001", address=None)
        return services.attempt_finish(attempt=attempt)

    for _ in range(3):
        _together(start_and_finish)
    assert QuizAttempt.objects.filter(phone="13900000001").count() == 2
    assert set(QuizAttempt.objects.values_list("day_seq", flat=True)) == {1, 2}


def test_simultaneous_answers_to_one_question_are_stored_once(org, personas):
    quiz = open_quiz(org, personas["leader"], question_count=3)
    attempt = services.attempt_start(quiz=quiz, phone="13900000001", address=None)
    chosen = right_answers(attempt, 0)
    _together(lambda: services.attempt_answer(attempt=attempt, position=0, chosen=chosen))
    assert QuizAnswer.objects.filter(attempt=attempt).count() == 1


def test_simultaneous_starts_by_many_numbers_get_distinct_attempt_numbers(org, personas):
    quiz = open_quiz(org, personas["leader"], question_count=3)
    counter = iter(range(100))
    lock = threading.Lock()

    def start():
        with lock:
            n = next(counter)
        return services.attempt_start(quiz=quiz, phone=f"139000001{n:02d}", address=None)

    _together(start, n=16)
    ids = list(QuizAttempt.objects.values_list("public_id", flat=True))
    assert len(ids) == 16 and len(set(ids)) == 16
