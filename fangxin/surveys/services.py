"""Building a survey while it is a draft and moving it through its states; the respondent's
side is in answering.py."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign
from fangxin.core.models import Bureau
from fangxin.core.validators import text_field
from fangxin.surveys.models import (
    Survey,
    SurveyQuestion,
    SurveyStateChange,
)

BUILDER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
RATING_SCALES = (5, 10)
MAX_OPTIONS = 20
OPTION_LIMIT = 100

S = Survey.State
Q = SurveyQuestion.Kind


@dataclass(frozen=True)
class Move:
    label: str
    sources: frozenset[str]
    target: str


SURVEY_MOVES = {
    "open": Move("发布", frozenset({S.DRAFT}), S.OPEN),
    "close": Move("结束", frozenset({S.OPEN}), S.CLOSED),
}


def moves_from(state: str) -> dict[str, Move]:
    return {name: m for name, m in SURVEY_MOVES.items() if state in m.sources}


# --- who may build ---------------------------------------------------------------------------


def may_build(user, bureau_id: int) -> bool:
    return (
        getattr(user, "is_bureau_staff", False)
        and user.bureau_id == bureau_id
        and user.role in BUILDER_ROLES
    )


def _builder(actor, bureau_id: int) -> None:
    if not may_build(actor, bureau_id):
        raise ValidationError({"survey": ["只有本局单位负责人、局领导或管理员可以编辑测评。"]})


def _draft(survey: Survey) -> Survey:
    """The survey re-read under a lock: a survey opened a moment ago takes no more edits."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if locked.state != S.DRAFT:
        raise ValidationError({"survey": ["测评已发布，题目和设置不能再修改。"]})
    return locked


# --- the survey ------------------------------------------------------------------------------


def _survey_values(
    *,
    bureau_id: int,
    title: str,
    intro: str,
    mode: str,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    campaign: Campaign | None,
) -> dict:
    values = {
        "title": text_field(title, "title", "名称", 100),
        "intro": text_field(intro, "intro", "说明", 2000, required=False),
    }
    errors: dict[str, list[str]] = {}
    if mode not in Survey.Mode.values:
        errors["mode"] = ["请选择填写方式。"]
    if opens_at is None:
        errors["opens_at"] = ["请填写开始时间。"]
    if closes_at is None:
        errors["closes_at"] = ["请填写截止时间。"]
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = ["截止时间应晚于开始时间。"]
    if campaign is not None and campaign.bureau_id != bureau_id:
        errors["campaign"] = ["请选择本局的活动。"]
    if errors:
        raise ValidationError(errors)
    return {
        **values,
        "mode": mode,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "campaign": campaign,
    }


def survey_create(
    *,
    actor,
    bureau: Bureau,
    title: str,
    mode: str,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    intro: str = "",
    campaign: Campaign | None = None,
) -> Survey:
    _builder(actor, bureau.pk)
    values = _survey_values(
        bureau_id=bureau.pk,
        title=title,
        intro=intro,
        mode=mode,
        opens_at=opens_at,
        closes_at=closes_at,
        campaign=campaign,
    )
    survey = Survey(bureau=bureau, created_by=actor, **values)
    with transaction.atomic():
        survey.full_clean()
        survey.save()
        record_event(
            actor=actor,
            action="survey.create",
            obj=survey,
            changes={"title": survey.title, "mode": survey.mode},
        )
    return survey


def survey_update(
    *,
    actor,
    survey: Survey,
    title: str,
    mode: str,
    opens_at: datetime.datetime | None,
    closes_at: datetime.datetime | None,
    intro: str = "",
    campaign: Campaign | None = None,
) -> Survey:
    _builder(actor, survey.bureau_id)
    values = _survey_values(
        bureau_id=survey.bureau_id,
        title=title,
        intro=intro,
        mode=mode,
        opens_at=opens_at,
        closes_at=closes_at,
        campaign=campaign,
    )
    with transaction.atomic():
        survey = _draft(survey)
        before = {name: getattr(survey, name) for name in values}
        for name, value in values.items():
            setattr(survey, name, value)
        survey.full_clean()
        survey.save(update_fields=list(values))
        changed = {
            name: [str(before[name] or ""), str(value or "")]
            for name, value in values.items()
            if before[name] != value
        }
        record_event(actor=actor, action="survey.update", obj=survey, changes=changed)
    return survey


def survey_transition(*, actor, survey: Survey, action: str, note: str = "") -> Survey:
    """Move the survey along SURVEY_MOVES; an illegal move raises ValidationError."""
    _builder(actor, survey.bureau_id)
    note = text_field(note, "note", "说明", 200, required=False)
    move = SURVEY_MOVES.get(action)
    if move is None:
        raise ValidationError({"state": ["未知的操作。"]})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.state not in move.sources:
            raise ValidationError(
                {"state": [f"测评当前为“{survey.get_state_display()}”，不能{move.label}。"]}
            )
        if move.target == S.OPEN:
            if not survey.questions.exists():
                raise ValidationError({"state": ["请先添加题目再发布。"]})
            if survey.closes_at <= timezone.now():
                raise ValidationError({"state": ["截止时间已过，请先修改截止时间再发布。"]})
        before = survey.state
        survey.state = move.target
        survey.save(update_fields=["state"])
        SurveyStateChange.objects.create(
            survey=survey, from_state=before, to_state=move.target, actor=actor, note=note
        )
        record_event(
            actor=actor,
            action=f"survey.{action}",
            obj=survey,
            changes={"state": [before, move.target], **({"note": note} if note else {})},
        )
    return survey


def survey_extend(*, actor, survey: Survey, closes_at: datetime.datetime | None) -> Survey:
    """Move an open survey's closing time later (the questions stay locked: answers already
    given must keep meaning the same). Earlier is refused: people may have been told the date."""
    _builder(actor, survey.bureau_id)
    if closes_at is None:
        raise ValidationError({"closes_at": ["请填写新的截止时间。"]})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.state != S.OPEN:
            raise ValidationError({"closes_at": ["只有进行中的测评可以延长截止时间。"]})
        if closes_at <= survey.closes_at:
            raise ValidationError({"closes_at": ["新的截止时间应晚于原截止时间。"]})
        if closes_at <= timezone.now():
            raise ValidationError({"closes_at": ["新的截止时间应晚于现在。"]})
        before = survey.closes_at
        survey.closes_at = closes_at
        survey.save(update_fields=["closes_at"])
        record_event(
            actor=actor,
            action="survey.extend",
            obj=survey,
            changes={"closes_at": [before.isoformat(), closes_at.isoformat()]},
        )
    return survey


# --- questions -------------------------------------------------------------------------------


def _options(kind: str, options: Sequence[str] | None) -> list[str]:
    if kind not in (Q.SINGLE, Q.MULTIPLE):
        return []
    cleaned = [o.strip() for o in (options or []) if o and o.strip()]
    if len(cleaned) < 2:
        raise ValidationError({"options": ["选择题至少需要两个选项。"]})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": [f"选项不能超过{MAX_OPTIONS}个。"]})
    if any(len(o) > OPTION_LIMIT for o in cleaned):
        raise ValidationError({"options": [f"每个选项不能超过{OPTION_LIMIT}个字。"]})
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError({"options": ["选项不能重复。"]})
    return cleaned


def _question_values(
    *,
    survey: Survey,
    position: int,
    kind: str,
    text: str,
    options: Sequence[str] | None,
    required: bool,
    scale_max: int | None,
    depends_on: SurveyQuestion | None,
    depends_value: str,
) -> dict:
    if kind not in Q.values:
        raise ValidationError({"kind": ["请选择题型。"]})
    text = text_field(text, "text", "题目", 300)
    options = _options(kind, options)
    if kind == Q.RATING:
        if scale_max not in RATING_SCALES:
            raise ValidationError({"scale_max": ["评分题的满分应为5分或10分。"]})
    else:
        scale_max = None
    depends_value = (depends_value or "").strip()
    if depends_on is None:
        depends_value = ""
    else:
        if depends_on.survey_id != survey.pk or not depends_on.is_choice:
            raise ValidationError({"condition": ["显示条件只能依据本测评的选择题。"]})
        if depends_on.position >= position:
            raise ValidationError({"condition": ["显示条件只能依据排在本题之前的题目。"]})
        if depends_value not in depends_on.options:
            raise ValidationError({"condition": ["请选择所依据题目中的一个选项。"]})
    return {
        "kind": kind,
        "text": text,
        "options": options,
        "required": bool(required),
        "scale_max": scale_max,
        "depends_on": depends_on,
        "depends_value": depends_value,
    }


def question_add(
    *,
    actor,
    survey: Survey,
    kind: str,
    text: str,
    options: Sequence[str] | None = None,
    required: bool = True,
    scale_max: int | None = None,
    depends_on: SurveyQuestion | None = None,
    depends_value: str = "",
) -> SurveyQuestion:
    _builder(actor, survey.bureau_id)
    with transaction.atomic():
        survey = _draft(survey)
        position = (
            survey.questions.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
        values = _question_values(
            survey=survey,
            position=position,
            kind=kind,
            text=text,
            options=options,
            required=required,
            scale_max=scale_max,
            depends_on=depends_on,
            depends_value=depends_value,
        )
        question = SurveyQuestion(survey=survey, position=position, **values)
        question.full_clean()
        question.save()
        record_event(
            actor=actor,
            action="survey.question_add",
            obj=survey,
            changes={"position": position, "kind": kind, "text": question.text},
        )
    return question


def question_update(
    *,
    actor,
    question: SurveyQuestion,
    kind: str,
    text: str,
    options: Sequence[str] | None = None,
    required: bool = True,
    scale_max: int | None = None,
    depends_on: SurveyQuestion | None = None,
    depends_value: str = "",
) -> SurveyQuestion:
    _builder(actor, question.survey.bureau_id)
    with transaction.atomic():
        survey = _draft(question.survey)
        question = SurveyQuestion.objects.get(pk=question.pk, survey=survey)
        if depends_on is not None and depends_on.pk == question.pk:
            raise ValidationError({"condition": ["题目不能以自己作为显示条件。"]})
        values = _question_values(
            survey=survey,
            position=question.position,
            kind=kind,
            text=text,
            options=options,
            required=required,
            scale_max=scale_max,
            depends_on=depends_on,
            depends_value=depends_value,
        )
        for dependent in question.dependents.order_by("position"):
            if values["kind"] not in (Q.SINGLE, Q.MULTIPLE):
                raise ValidationError(
                    {"kind": [f"第{dependent.position}题以本题作为显示条件，本题须为选择题。"]}
                )
            if dependent.depends_value not in values["options"]:
                raise ValidationError(
                    {
                        "options": [
                            f"第{dependent.position}题的显示条件用到选项“{dependent.depends_value}”，"
                            f"请先修改第{dependent.position}题。"
                        ]
                    }
                )
        before = {name: getattr(question, name) for name in values}
        for name, value in values.items():
            setattr(question, name, value)
        question.full_clean()
        question.save(update_fields=list(values))
        changed = [name for name in values if before[name] != values[name]]
        record_event(
            actor=actor,
            action="survey.question_update",
            obj=survey,
            changes={"position": question.position, "fields": changed},
        )
    return question


def question_delete(*, actor, question: SurveyQuestion) -> None:
    _builder(actor, question.survey.bureau_id)
    with transaction.atomic():
        survey = _draft(question.survey)
        question = SurveyQuestion.objects.get(pk=question.pk, survey=survey)
        dependent = question.dependents.order_by("position").first()
        if dependent is not None:
            raise ValidationError(
                {
                    "question": [
                        f"第{dependent.position}题以本题作为显示条件，请先修改或删除第{dependent.position}题。"
                    ]
                }
            )
        position, text = question.position, question.text
        question.delete()
        survey.questions.filter(position__gt=position).update(position=F("position") - 1)
        record_event(
            actor=actor,
            action="survey.question_delete",
            obj=survey,
            changes={"position": position, "text": text},
        )


def question_move(*, actor, question: SurveyQuestion, direction: str) -> SurveyQuestion:
    """Swap the question with its neighbour above ("up") or below ("down")."""
    _builder(actor, question.survey.bureau_id)
    if direction not in ("up", "down"):
        raise ValidationError({"question": ["未知的操作。"]})
    with transaction.atomic():
        survey = _draft(question.survey)
        question = SurveyQuestion.objects.get(pk=question.pk, survey=survey)
        siblings = survey.questions.exclude(pk=question.pk)
        if direction == "up":
            other = siblings.filter(position__lt=question.position).order_by("-position").first()
        else:
            other = siblings.filter(position__gt=question.position).order_by("position").first()
        if other is None:
            edge = "第一题" if direction == "up" else "最后一题"
            raise ValidationError({"question": [f"已经是{edge}。"]})
        first, second = (other, question) if direction == "up" else (question, other)
        # After the swap `second` comes first: it must not depend on `first`.
        if second.depends_on_id == first.pk:
            raise ValidationError(
                {
                    "question": [
                        f"第{second.position}题以第{first.position}题作为显示条件，"
                        "条件题须排在所依据的题目之后。"
                    ]
                }
            )
        first.position, second.position = second.position, first.position
        first.save(update_fields=["position"])
        second.save(update_fields=["position"])
        record_event(
            actor=actor,
            action="survey.question_move",
            obj=survey,
            changes={"text": question.text, "position": question.position},
        )
    return question
