"""The public quiz pages, for a phone and without JavaScript: the quiz, one question at a time,
the score with the right answers and their legal basis, the leaderboard and the draw."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from fangxin.audit.middleware import client_address
from fangxin.engagement import draw, selectors, services
from fangxin.engagement.models import Quiz
from fangxin.engagement.verification import verified_label, verified_phone
from fangxin.web.forms import error_sentence
from fangxin.web.paging import page_of


def _quiz(pk: int) -> Quiz:
    quiz = selectors.quiz_get_public(pk)
    if quiz is None:
        raise Http404
    return quiz


def _attempt(request, public_id: str):
    attempt = selectors.attempt_for_phone(public_id, verified_phone(request))
    if attempt is None:
        raise Http404
    return attempt


@require_GET
def quiz_list(request):
    return render(
        request,
        "engagement/quiz_list.html",
        page_of(request, selectors.quiz_list_public().order_by("-opens_at"), per_page=20),
    )


@require_GET
def quiz_home(request, quiz_id: int):
    quiz = _quiz(quiz_id)
    phone = verified_phone(request)
    return render(
        request,
        "engagement/quiz_home.html",
        {
            "quiz": quiz,
            "accepting": services.quiz_accepting(quiz),
            "verified": verified_label(request),
            "used_today": selectors.attempts_today(quiz, phone) if phone else 0,
            "verify_url": reverse("engagement:verify") + f"?next={request.path}",
        },
    )


@require_POST
def attempt_start(request, quiz_id: int):
    quiz = _quiz(quiz_id)
    phone = verified_phone(request)
    if phone is None:
        return redirect(
            reverse("engagement:verify") + f"?next={reverse('engagement:quiz', args=[quiz.pk])}"
        )
    try:
        attempt = services.attempt_start(
            quiz=quiz,
            phone=phone,
            address=client_address(request),
            nickname=request.POST.get("nickname", ""),
        )
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
        return redirect("engagement:quiz", quiz_id=quiz.pk)
    return redirect("engagement:attempt", public_id=attempt.public_id)


def _question_page(request, attempt, current, *, error: str = "", status: int = 200):
    # With JavaScript (htmx) only the question's card is sent and swapped in.
    template = "engagement/_question.html" if request.htmx else "engagement/quiz_question.html"
    return render(
        request,
        template,
        {"attempt": attempt, "current": current, "error": error},
        status=status,
    )


@require_GET
def attempt_question(request, public_id: str):
    attempt = _attempt(request, public_id)
    if attempt.finished_at is None and selectors.attempt_overdue(attempt):
        services.attempt_finish(attempt=attempt)
        messages.info(request, "答题时间已到，本次答题已结束。")
        return redirect("engagement:result", public_id=public_id)
    current = selectors.attempt_current(attempt) if attempt.finished_at is None else None
    if current is None:
        return redirect("engagement:result", public_id=public_id)
    return _question_page(request, attempt, current)


def _to_result(request, public_id: str):
    url = reverse("engagement:result", args=[public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
def attempt_answer(request, public_id: str):
    attempt = _attempt(request, public_id)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = -1
    try:
        result = services.attempt_answer(
            attempt=attempt, position=position, chosen=request.POST.getlist("chosen")
        )
    except ValidationError as exc:
        if "attempt" in exc.message_dict:
            messages.info(request, error_sentence(exc))
            return _to_result(request, public_id)
        current = selectors.attempt_current(attempt)
        if current is None:
            return _to_result(request, public_id)
        return _question_page(request, attempt, current, error=error_sentence(exc), status=400)
    if result.finished:
        return _to_result(request, public_id)
    # The next question comes in this response rather than after a redirect: half the
    # requests on a 3·15 morning, and a reload re-sends an answer that is only stored once.
    current = selectors.CurrentQuestion(
        position=result.next_position,
        total=len(attempt.question_ids),
        question=result.next_question,
        seconds_left=selectors.seconds_left(attempt),
    )
    return _question_page(request, attempt, current)


@require_GET
def attempt_result(request, public_id: str):
    attempt = _attempt(request, public_id)
    if attempt.finished_at is None:
        if not selectors.attempt_overdue(attempt):
            return redirect("engagement:attempt", public_id=public_id)
        attempt = services.attempt_finish(attempt=attempt)
    return render(
        request,
        "engagement/quiz_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "review": selectors.attempt_review(attempt),
            "eligible": attempt.score >= attempt.quiz.eligible_score,
        },
    )


@require_GET
def leaderboard(request, quiz_id: int):
    quiz = _quiz(quiz_id)
    return render(
        request,
        "engagement/quiz_leaderboard.html",
        {"quiz": quiz, "rows": selectors.leaderboard(quiz)},
    )


@require_GET
def draw_page(request, quiz_id: int):
    quiz = _quiz(quiz_id)
    closed = quiz.state in (Quiz.State.CLOSED, Quiz.State.DRAWN)
    return render(
        request,
        "engagement/quiz_draw.html",
        {
            "quiz": quiz,
            "closed": closed,
            "n_entries": len(selectors.draw_entries(quiz)) if closed else None,
        },
    )


@require_GET
def draw_entries(request, quiz_id: int):
    """The published list of eligible entries in the canonical form of docs/draw.md."""
    quiz = _quiz(quiz_id)
    if quiz.state not in (Quiz.State.CLOSED, Quiz.State.DRAWN):
        raise Http404
    entries = selectors.draw_entries(quiz)
    body = draw.canonical_entries(entries) if entries else b""
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}-entries.txt"'
    return response


@require_GET
def draw_source(request):
    """The draw's one-file implementation, so a participant can recompute without trusting us."""
    body = Path(draw.__file__).read_bytes()
    response = HttpResponse(body, content_type="text/x-python; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="draw.py"'
    return response
