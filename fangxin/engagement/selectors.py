"""Reads of the prize quiz: the public list, an attempt's current question, the leaderboard,
the eligible entries of the draw, and the staff's figures."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Max, Min, Q
from django.utils import timezone

from fangxin.core.masking import mask_phone
from fangxin.engagement.models import Quiz, QuizAnswer, QuizAttempt, QuizQuestion

PUBLIC_STATES = (Quiz.State.OPEN, Quiz.State.CLOSED, Quiz.State.DRAWN)


def quiz_list_public():
    return Quiz.objects.filter(state__in=PUBLIC_STATES).select_related("campaign__bureau")


def quiz_get_public(pk: int) -> Quiz | None:
    return quiz_list_public().filter(pk=pk).first()


def attempt_for_phone(public_id: str, phone: str | None) -> QuizAttempt | None:
    """The attempt, only for the number that took it (another visitor gets nothing)."""
    if not phone:
        return None
    return (
        QuizAttempt.objects.select_related("quiz__campaign")
        .filter(public_id=public_id, phone=phone)
        .first()
    )


@dataclass
class CurrentQuestion:
    position: int
    total: int
    question: QuizQuestion
    seconds_left: int


def attempt_current(attempt: QuizAttempt) -> CurrentQuestion | None:
    """The first question not yet answered, or None when all are."""
    answered = set(attempt.answers.values_list("position", flat=True))
    for position, question_id in enumerate(attempt.question_ids):
        if position not in answered:
            return CurrentQuestion(
                position=position,
                total=len(attempt.question_ids),
                question=QuizQuestion.objects.get(pk=question_id),
                seconds_left=seconds_left(attempt),
            )
    return None


def attempt_review(attempt: QuizAttempt) -> list[dict]:
    """After the end: each question with the participant's choice, the right answer and the
    law it tests (learning is the point of the quiz)."""
    answers = {a.position: a for a in attempt.answers.all()}
    questions = QuizQuestion.objects.in_bulk(attempt.question_ids)
    rows = []
    for position, question_id in enumerate(attempt.question_ids):
        question, answer = questions[question_id], answers.get(position)
        rows.append(
            {
                "position": position + 1,
                "question": question,
                "chosen": [question.options[i] for i in (answer.chosen if answer else [])],
                "right": [question.options[i] for i in question.answer],
                "correct": bool(answer and answer.correct),
            }
        )
    return rows


def leaderboard(quiz: Quiz, *, limit: int = 50) -> list[dict]:
    """Each number's best finished attempt, higher score first, then less time. Names are
    nicknames or masked numbers only."""
    best: dict[str, QuizAttempt] = {}
    attempts = (
        quiz.attempts.filter(finished_at__isnull=False)
        .order_by("-score", "seconds_used", "finished_at")
        .only("phone", "nickname", "score", "seconds_used", "public_id", "finished_at")
    )
    for attempt in attempts.iterator():
        if attempt.phone not in best:
            best[attempt.phone] = attempt
            if len(best) >= limit:
                break
    return [
        {
            "rank": rank,
            "label": _public_label(a),
            "score": a.score,
            "seconds_used": a.seconds_used,
        }
        for rank, a in enumerate(best.values(), start=1)
    ]


def _public_label(attempt: QuizAttempt) -> str:
    masked = mask_phone(attempt.phone)
    return f"{attempt.nickname}（{masked[-4:]}）" if attempt.nickname else masked


def draw_entries(quiz: Quiz) -> list[tuple[str, str]]:
    """One entry per number: its best eligible attempt (so more attempts do not buy more
    chances), as (答题编号, masked number)."""
    best: dict[str, QuizAttempt] = {}
    eligible = quiz.attempts.filter(
        finished_at__isnull=False, score__gte=quiz.eligible_score
    ).order_by("-score", "seconds_used", "public_id")
    for attempt in eligible.only("phone", "public_id", "score", "seconds_used").iterator():
        best.setdefault(attempt.phone, attempt)
    return [(a.public_id, mask_phone(a.phone)) for a in best.values()]


def quiz_figures(quiz: Quiz) -> dict:
    attempts = quiz.attempts.aggregate(
        attempts=Count("id"),
        finished=Count("id", filter=Q(finished_at__isnull=False)),
        average=Avg("score", filter=Q(finished_at__isnull=False)),
        best=Max("score"),
        first=Min("started_at"),
    )
    attempts["participants"] = quiz.attempts.values("phone").distinct().count()
    attempts["answers"] = QuizAnswer.objects.filter(attempt__quiz=quiz).count()
    attempts["eligible"] = len(draw_entries(quiz))
    return attempts


def quiz_list_for_bureau(bureau_id: int):
    return (
        Quiz.objects.filter(campaign__bureau_id=bureau_id)
        .select_related("campaign")
        .annotate(n_attempts=Count("attempts"))
    )


def question_list_for_bureau(bureau_id: int, *, query: str = ""):
    questions = QuizQuestion.objects.filter(bureau_id=bureau_id)
    if query:
        questions = questions.filter(
            Q(code__icontains=query) | Q(text__icontains=query) | Q(law__icontains=query)
        )
    return questions.order_by("code")


def attempts_today(quiz: Quiz, phone: str) -> int:
    return quiz.attempts.filter(phone=phone, day=timezone.localdate()).count()


def attempt_overdue(attempt: QuizAttempt) -> bool:
    return timezone.now() >= attempt.deadline_at


def seconds_left(attempt: QuizAttempt) -> int:
    return max(0, int((attempt.deadline_at - timezone.now()).total_seconds()))
