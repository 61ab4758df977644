"""Writes of the prize quiz: the question bank, quizzes and their states, attempts and answers,
and the commit–reveal prize draw (draw.py holds the algorithm, docs/draw.md the procedure).

The server alone knows the answers and the clock: an attempt's questions, deadline and score
live here, the page only ever sees the question it is on."""

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign
from fangxin.complaints.numbers import counter_advance
from fangxin.core.masking import mask_phone
from fangxin.core.validators import text_field
from fangxin.engagement import draw
from fangxin.engagement.models import Quiz, QuizAnswer, QuizAttempt, QuizQuestion
from fangxin.engagement.selectors import draw_entries
from fangxin.web import ratelimit

PLANNER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
# Starts per address and hour: a school's computer room or a mall's Wi-Fi is one address, so
# the limit is generous; scripted mass entry from one machine is what it stops.
STARTS_PER_ADDRESS_HOUR = 120

MOVES = {
    Quiz.State.DRAFT: {Quiz.State.OPEN},
    Quiz.State.OPEN: {Quiz.State.CLOSED},
    Quiz.State.CLOSED: {Quiz.State.DRAWN},
    Quiz.State.DRAWN: set(),
}


def _planner(actor, bureau_id: int) -> None:
    if not (
        getattr(actor, "is_bureau_staff", False)
        and actor.bureau_id == bureau_id
        and actor.role in PLANNER_ROLES
    ):
        raise ValidationError({"quiz": ["只有本局单位负责人或局领导可以管理有奖答题。"]})


# --- the question bank -----------------------------------------------------------------------


def question_clean(raw: dict) -> dict:
    """One question from an import or a form, checked; ValidationError names the field."""
    kinds = {k.value: k for k in QuizQuestion.Kind}
    kinds.update({label: k for k, label in QuizQuestion.Kind.choices})
    kinds.update(
        {
            "truefalse": QuizQuestion.Kind.TRUE_FALSE,
            "判断": QuizQuestion.Kind.TRUE_FALSE,
            "单选": QuizQuestion.Kind.SINGLE,
            "多选": QuizQuestion.Kind.MULTIPLE,
        }
    )
    kind = kinds.get(str(raw.get("kind") or "").strip())
    if kind is None:
        raise ValidationError({"kind": ["题型应为单选题、多选题或判断题。"]})
    code = text_field(raw.get("code"), "code", "题目编号", 20)
    text = text_field(raw.get("text"), "text", "题干", 500)
    options = [str(o).strip() for o in (raw.get("options") or []) if str(o or "").strip()]
    if kind == QuizQuestion.Kind.TRUE_FALSE and not options:
        options = ["正确", "错误"]
    if not 2 <= len(options) <= 6:
        raise ValidationError({"options": ["每道题应有2至6个选项。"]})
    if len(set(options)) != len(options):
        raise ValidationError({"options": ["选项不能重复。"]})
    answer = raw.get("answer")
    if isinstance(answer, str):
        letters = [c for c in answer.upper() if not c.isspace() and c not in ",，、"]
        if not all("A" <= c <= "F" for c in letters):
            raise ValidationError({"answer": ["答案应写成选项字母，如 A 或 ACD。"]})
        answer = [ord(c) - ord("A") for c in letters]
    answer = sorted(set(answer or []))
    if not answer or any(not isinstance(i, int) or not 0 <= i < len(options) for i in answer):
        raise ValidationError({"answer": ["答案应是已有的选项。"]})
    if kind != QuizQuestion.Kind.MULTIPLE and len(answer) != 1:
        raise ValidationError({"answer": ["单选题和判断题只能有一个正确答案。"]})
    if kind == QuizQuestion.Kind.MULTIPLE and len(answer) < 2:
        raise ValidationError({"answer": ["多选题应有至少两个正确答案。"]})
    return {
        "code": code,
        "kind": kind,
        "text": text,
        "options": options,
        "answer": answer,
        "law": text_field(raw.get("law"), "law", "法律依据", 200),
        "explanation": text_field(
            raw.get("explanation"), "explanation", "解析", 500, required=False
        ),
        "topic": text_field(raw.get("topic"), "topic", "知识点", 40, required=False),
    }


def questions_import(*, actor, bureau, rows: list[dict], source: str = "") -> dict:
    """Add or update questions by code, all or none: a row with a problem rejects the import
    and the error names its row (第N行). Returns {"created": n, "updated": m}."""
    if actor is not None:
        _planner(actor, bureau.pk)
    cleaned, errors, seen = [], {}, set()
    for number, raw in enumerate(rows, start=1):
        try:
            item = question_clean(raw)
        except ValidationError as exc:
            errors[f"第{number}行"] = [m for ms in exc.message_dict.values() for m in ms]
            continue
        if item["code"] in seen:
            errors[f"第{number}行"] = [f"题目编号 {item['code']} 重复。"]
        seen.add(item["code"])
        cleaned.append(item)
    if errors:
        raise ValidationError({"file": [f"{row}：{'；'.join(ms)}" for row, ms in errors.items()]})
    if not cleaned:
        raise ValidationError({"file": ["文件中没有题目。"]})
    created = updated = 0
    with transaction.atomic():
        for item in cleaned:
            code = item.pop("code")
            _, was_created = QuizQuestion.objects.update_or_create(
                bureau=bureau, code=code, defaults={**item, "active": True}
            )
            created += was_created
            updated += not was_created
        record_event(
            actor=actor,
            action="quiz.questions_import",
            object_type="engagement.quizquestion",
            object_repr=source[:200] or "题库导入",
            changes={"created": created, "updated": updated},
            bureau_id=bureau.pk,
        )
    return {"created": created, "updated": updated}


# --- quizzes ----------------------------------------------------------------------------------


def quiz_create(*, actor, campaign: Campaign, **values) -> Quiz:
    _planner(actor, campaign.bureau_id)
    quiz = Quiz(campaign=campaign, **values)
    quiz.title = text_field(quiz.title, "title", "名称", 100)
    if not 1 <= quiz.question_count <= 50:
        raise ValidationError({"question_count": ["每次题数应在1到50之间。"]})
    if not 60 <= quiz.time_limit_seconds <= 7200:
        raise ValidationError({"time_limit_seconds": ["答题时限应在60秒到2小时之间。"]})
    if not 1 <= quiz.daily_attempts <= 20:
        raise ValidationError({"daily_attempts": ["每日答题次数应在1到20之间。"]})
    if quiz.eligible_score > 100:
        raise ValidationError({"eligible_score": ["抽奖资格分数不能超过100。"]})
    if quiz.closes_at <= quiz.opens_at:
        raise ValidationError({"closes_at": ["截止时间应晚于开始时间。"]})
    with transaction.atomic():
        quiz.full_clean()
        quiz.save()
        record_event(
            actor=actor,
            action="quiz.create",
            obj=quiz,
            changes={"title": quiz.title, "question_count": quiz.question_count},
            bureau_id=campaign.bureau_id,
        )
    return quiz


def quiz_move(*, actor, quiz: Quiz, to: str) -> Quiz:
    """Open or close a quiz. Closing finishes every attempt still running, so the list of
    eligible entries is final from that moment on."""
    _planner(actor, quiz.campaign.bureau_id)
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().select_related("campaign").get(pk=quiz.pk)
        if to not in MOVES[quiz.state] or to == Quiz.State.DRAWN:
            raise ValidationError({"state": [f"“{quiz.get_state_display()}”的答题不能这样操作。"]})
        if to == Quiz.State.OPEN:
            available = QuizQuestion.objects.filter(
                bureau_id=quiz.campaign.bureau_id, active=True
            ).count()
            if available < quiz.question_count:
                raise ValidationError(
                    {
                        "state": [
                            f"题库只有{available}道启用的题目，少于每次题数{quiz.question_count}。"
                        ]
                    }
                )
        before = quiz.state
        quiz.state = to
        quiz.save(update_fields=["state"])
        record_event(
            actor=actor,
            action=f"quiz.{to}",
            obj=quiz,
            changes={"state": [before, to]},
            bureau_id=quiz.campaign.bureau_id,
        )
    if to == Quiz.State.CLOSED:
        for attempt in quiz.attempts.filter(finished_at__isnull=True):
            attempt_finish(attempt=attempt)
    return quiz


def quiz_accepting(quiz: Quiz, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return quiz.state == Quiz.State.OPEN and quiz.opens_at <= now < quiz.closes_at


# --- attempts ---------------------------------------------------------------------------------


def attempt_start(
    *, quiz: Quiz, phone: str, address: str | None, nickname: str = ""
) -> QuizAttempt:
    """Start an attempt for a verified number, or hand back the one still running (a doubled
    click or a reload does not spend a second attempt)."""
    now = timezone.now()
    if not quiz_accepting(quiz, now):
        raise ValidationError({"quiz": ["本次答题不在进行中。"]})
    nickname = text_field(nickname, "nickname", "昵称", 20, required=False)
    day = timezone.localdate(now)
    # One read answers both questions (starts are the heaviest requests of the opening burst):
    # the number's attempts of today, and any still running (one begun before midnight).
    mine = list(
        quiz.attempts.filter(phone=phone)
        .filter(Q(day=day) | Q(finished_at__isnull=True, deadline_at__gt=now))
        .order_by("-started_at")
    )
    running = next((a for a in mine if a.finished_at is None and a.deadline_at > now), None)
    if running is not None:
        return running
    if not ratelimit.hit(
        "quiz-start-addr", address or "-", limit=STARTS_PER_ADDRESS_HOUR, window_seconds=3600
    ):
        raise ValidationError({"quiz": ["本网络参与答题过于频繁，请稍后再试。"]})
    used = sum(1 for a in mine if a.day == day)
    if used >= quiz.daily_attempts:
        raise ValidationError(
            {"quiz": [f"每个手机号每天最多答题{quiz.daily_attempts}次，请明天再来。"]}
        )
    pool = list(
        QuizQuestion.objects.filter(bureau_id=quiz.campaign.bureau_id, active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(pool) < quiz.question_count:
        raise ValidationError({"quiz": ["题库题目不足，请联系主办单位。"]})
    chosen = secrets.SystemRandom().sample(pool, quiz.question_count)
    try:
        with transaction.atomic():
            serial = counter_advance(
                bureau=quiz.campaign.bureau, key=f"quiz{quiz.pk}", year=quiz.campaign.year, count=1
            )
            attempt = QuizAttempt.objects.create(
                quiz=quiz,
                public_id=f"Q{quiz.pk}-{serial:06d}",
                phone=phone,
                nickname=nickname,
                day=day,
                day_seq=used + 1,
                question_ids=chosen,
                address=address,
                started_at=now,
                deadline_at=now + datetime.timedelta(seconds=quiz.time_limit_seconds),
            )
            record_event(
                actor=None,
                action="quiz.attempt_start",
                obj=attempt,
                changes={"phone": mask_phone(phone), "day_seq": attempt.day_seq},
                bureau_id=quiz.campaign.bureau_id,
            )
    except IntegrityError:
        # Two starts of one number raced for the same day_seq; the other one won.
        raise ValidationError({"quiz": ["您已开始答题，请勿重复提交。"]}) from None
    return attempt


def _chosen_clean(question: QuizQuestion, chosen) -> list[int]:
    try:
        picked = sorted({int(c) for c in chosen})
    except (TypeError, ValueError):
        raise ValidationError({"chosen": ["请选择答案。"]}) from None
    if not picked:
        raise ValidationError({"chosen": ["请选择答案。"]})
    if any(not 0 <= i < len(question.options) for i in picked):
        raise ValidationError({"chosen": ["所选答案不是本题的选项。"]})
    if question.kind != QuizQuestion.Kind.MULTIPLE and len(picked) != 1:
        raise ValidationError({"chosen": ["本题只能选一个答案。"]})
    return picked


@dataclass
class AnswerResult:
    """What follows an answer: the next question not yet answered, or None when the attempt
    is finished (all answered, or time is up)."""

    finished: bool
    next_position: int | None
    next_question: QuizQuestion | None


def attempt_answer(*, attempt: QuizAttempt, position: int, chosen) -> AnswerResult:
    """Record the answer to the question at `position`. An answer is written once: a retry or
    a second answer to the same question changes nothing (INSERT … ON CONFLICT DO NOTHING,
    one statement on both databases). Five queries in all: the 3·15 morning's hot path."""
    now = timezone.now()
    if attempt.finished_at is not None:
        raise ValidationError({"attempt": ["本次答题已经结束。"]})
    if now >= attempt.deadline_at:
        attempt_finish(attempt=attempt, now=now)
        raise ValidationError({"attempt": ["答题时间已到，本次答题已结束。"]})
    ids = attempt.question_ids
    if not isinstance(position, int) or not 0 <= position < len(ids):
        raise ValidationError({"position": ["题目序号不正确。"]})
    answered = set(attempt.answers.values_list("position", flat=True)) | {position}
    following = next((p for p in range(len(ids)) if p not in answered), None)
    wanted = [ids[position]] + ([ids[following]] if following is not None else [])
    questions = QuizQuestion.objects.in_bulk(wanted)
    question = questions[ids[position]]
    picked = _chosen_clean(question, chosen)
    QuizAnswer.objects.bulk_create(
        [
            QuizAnswer(
                attempt=attempt,
                question=question,
                position=position,
                chosen=picked,
                correct=picked == sorted(question.answer),
                answered_at=now,
            )
        ],
        ignore_conflicts=True,
    )
    if following is None:
        attempt_finish(attempt=attempt, now=now)
        return AnswerResult(finished=True, next_position=None, next_question=None)
    return AnswerResult(
        finished=False, next_position=following, next_question=questions[ids[following]]
    )


def attempt_finish(*, attempt: QuizAttempt, now: datetime.datetime | None = None) -> QuizAttempt:
    """Score an attempt once; later calls return it unchanged. The score counts the stored
    answers, so it cannot disagree with them."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.finished_at is not None:
            return attempt
        tally = attempt.answers.aggregate(
            answered=Count("id"), correct=Count("id", filter=Q(correct=True))
        )
        end = min(now, attempt.deadline_at)
        attempt.finished_at = now
        attempt.correct_count = tally["correct"]
        attempt.score = round(100 * tally["correct"] / len(attempt.question_ids))
        attempt.seconds_used = max(0, int((end - attempt.started_at).total_seconds()))
        attempt.save(update_fields=["finished_at", "correct_count", "score", "seconds_used"])
        record_event(
            actor=None,
            action="quiz.attempt_finish",
            obj=attempt,
            changes={
                "answered": tally["answered"],
                "correct": attempt.correct_count,
                "score": attempt.score,
                "seconds_used": attempt.seconds_used,
            },
            bureau_id=attempt.quiz.campaign.bureau_id,
        )
    return attempt


# --- the prize draw ---------------------------------------------------------------------------


def draw_commit(*, actor, quiz: Quiz, commitment: str, title: str, prize_count: int) -> Quiz:
    """Publish the commitment (hash of the secret seed), the draw's title and prize count.
    Only before the quiz closes, and only once: a second commitment would let the bureau pick."""
    _planner(actor, quiz.campaign.bureau_id)
    commitment = (commitment or "").strip().lower()
    if len(commitment) != 64 or any(c not in "0123456789abcdef" for c in commitment):
        raise ValidationError({"commitment": ["承诺值应为64位十六进制数字。"]})
    title = title or ""
    if not title.strip():
        raise ValidationError({"draw_title": ["请填写抽奖标题。"]})
    if title != title.strip():
        raise ValidationError({"draw_title": ["抽奖标题首尾不能有空格（标题逐字参与计算）。"]})
    if len(title) > 100:
        raise ValidationError({"draw_title": ["抽奖标题不能超过100个字。"]})
    if not isinstance(prize_count, int) or not 1 <= prize_count <= 1000:
        raise ValidationError({"prize_count": ["奖项数量应在1到1000之间。"]})
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().select_related("campaign").get(pk=quiz.pk)
        if quiz.draw_commitment:
            raise ValidationError({"commitment": ["承诺值已经公布，不能更改。"]})
        if (
            quiz.state not in (Quiz.State.DRAFT, Quiz.State.OPEN)
            or timezone.now() >= quiz.closes_at
        ):
            raise ValidationError({"commitment": ["承诺值必须在答题截止前公布。"]})
        quiz.draw_commitment, quiz.draw_title, quiz.prize_count = commitment, title, prize_count
        quiz.draw_committed_at = timezone.now()
        quiz.save(
            update_fields=["draw_commitment", "draw_title", "prize_count", "draw_committed_at"]
        )
        record_event(
            actor=actor,
            action="quiz.draw_commit",
            obj=quiz,
            changes={"commitment": commitment, "title": title, "prize_count": prize_count},
            public=frozenset({"commitment", "title", "prize_count"}),
            bureau_id=quiz.campaign.bureau_id,
        )
    return quiz


def draw_run(*, actor, quiz: Quiz, seed: str) -> Quiz:
    """Reveal the seed and draw: the seed must match the published commitment; the winners
    follow from it and the published list of eligible entries, as anyone can recompute."""
    _planner(actor, quiz.campaign.bureau_id)
    seed = (seed or "").strip().lower()
    try:
        revealed = draw.commitment(seed)
    except ValueError as exc:
        raise ValidationError({"seed": [str(exc)]}) from None
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().select_related("campaign").get(pk=quiz.pk)
        if quiz.state != Quiz.State.CLOSED:
            raise ValidationError({"seed": ["答题截止（已关闭）后才能抽奖，且只能抽一次。"]})
        if not quiz.draw_commitment:
            raise ValidationError({"seed": ["截止前没有公布承诺值，不能进行可验证抽奖。"]})
        if revealed != quiz.draw_commitment:
            raise ValidationError({"seed": ["种子与公布的承诺值不符。"]})
        entries = draw_entries(quiz)
        if not entries:
            raise ValidationError({"seed": ["没有符合抽奖资格的答题记录。"]})
        result = draw.draw(
            seed, entries, min(quiz.prize_count, len(entries)), title=quiz.draw_title
        )
        quiz.draw_seed = seed
        quiz.draw_entries_hash = result.entries_hash
        quiz.draw_winners = [w._asdict() for w in result.winners]
        quiz.drawn_at = timezone.now()
        quiz.state = Quiz.State.DRAWN
        quiz.save(
            update_fields=["draw_seed", "draw_entries_hash", "draw_winners", "drawn_at", "state"]
        )
        record_event(
            actor=actor,
            action="quiz.draw",
            obj=quiz,
            changes={
                "seed": seed,
                "entries_hash": result.entries_hash,
                "entries": result.n_entries,
                "winners": result.winner_ids,
            },
            public=frozenset({"seed", "entries_hash", "entries", "winners"}),
            bureau_id=quiz.campaign.bureau_id,
        )
    return quiz
