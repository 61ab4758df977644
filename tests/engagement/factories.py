import datetime
import json
from pathlib import Path

from django.utils import timezone

from fangxin.engagement import services
from fangxin.engagement.models import Quiz, QuizQuestion
from tests.campaigns.factories import campaign

BANK = Path(__file__).resolve().parents[2] / "fangxin" / "engagement" / "data" / "questions.json"


def bank(org, leader, count: int = 20) -> list[QuizQuestion]:
    rows = json.loads(BANK.read_text(encoding="utf-8"))[:count]
    services.questions_import(actor=leader, bureau=org["bureau"], rows=rows, source="test")
    return list(QuizQuestion.objects.filter(bureau=org["bureau"]))


def open_quiz(org, leader, *, question_count=5, daily_attempts=2, **values) -> Quiz:
    if not QuizQuestion.objects.filter(bureau=org["bureau"]).exists():
        bank(org, leader)
    now = timezone.now()
    quiz = services.quiz_create(
        actor=leader,
        campaign=campaign(org, year=timezone.localdate().year),
        title="3·15消费维权知识有奖答题",
        question_count=question_count,
        time_limit_seconds=values.pop("time_limit_seconds", 600),
        daily_attempts=daily_attempts,
        eligible_score=values.pop("eligible_score", 60),
        opens_at=values.pop("opens_at", now - datetime.timedelta(hours=1)),
        closes_at=values.pop("closes_at", now + datetime.timedelta(days=7)),
        **values,
    )
    return services.quiz_move(actor=leader, quiz=quiz, to=Quiz.State.OPEN)


def right_answers(attempt, position: int) -> list[int]:
    return QuizQuestion.objects.get(pk=attempt.question_ids[position]).answer


def wrong_answers(attempt, position: int) -> list[int]:
    question = QuizQuestion.objects.get(pk=attempt.question_ids[position])
    other = next(i for i in range(len(question.options)) if i not in question.answer)
    return [other]
