"""A respondent's side of a survey: who may answer, which questions apply, and the submission
(all answers or none, one per respondent)."""

import datetime
import hashlib
import hmac
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from fangxin.surveys.services import Q, S
from fangxin.textintel.redact import redact_text
from fangxin.textintel.sentiment import default_sentiment_model
from fangxin.web import ratelimit

TEXT_ANSWER_LIMIT = 500
# Anonymous answers per address and hour: a 3·15 square shares one mobile network exit, so the
# limit is generous; it stops a script, not a crowd.
ANONYMOUS_PER_ADDRESS_HOUR = 60
ALREADY_ANSWERED = "您已参加过本次测评。"


def respondent_key(survey: Survey, *, phone: str | None = None, token: str | None = None) -> str:
    """A keyed hash, different per survey, so that keys cannot be linked across surveys and the
    number itself is never stored."""
    kind, value = ("phone", phone) if phone else ("token", token)
    if not value:
        raise ValidationError({"survey": ["无法识别填写人，请刷新页面后重试。"]})
    message = f"fangxin-survey:{survey.pk}:{kind}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def survey_accepting_error(survey: Survey, now: datetime.datetime | None = None) -> str:
    """Why the survey takes no answers now, or "" when it does."""
    now = now or timezone.now()
    if survey.state == S.DRAFT or (survey.state == S.OPEN and now < survey.opens_at):
        return "本次测评尚未开始。"
    if survey.state == S.CLOSED or now >= survey.closes_at:
        return "本次测评已结束，感谢关注。"
    return ""


def question_visible(question: SurveyQuestion, chosen: Mapping[int, list[str]]) -> bool:
    """Whether a question is asked, given the options chosen so far (question id → texts)."""
    if question.depends_on_id is None:
        return True
    return question.depends_value in chosen.get(question.depends_on_id, [])


def _clean_answer(question: SurveyQuestion, raw: list[str]) -> dict | None:
    """The answer to store, None when left empty; ValidationError (message only) if bad."""
    values = [v.strip() for v in raw if v is not None and v.strip()]
    if not values:
        if question.required:
            message = {
                Q.SINGLE: "请选择一项。",
                Q.MULTIPLE: "请至少选择一项。",
                Q.RATING: "请打分。",
                Q.TEXT: "请填写本题。",
            }[question.kind]
            raise ValidationError(message)
        return None
    if question.is_choice:
        if question.kind == Q.SINGLE and len(values) > 1:
            raise ValidationError("本题只能选择一项。")
        picked: list[str] = []
        for value in values:
            if not value.isdigit() or int(value) >= len(question.options):
                raise ValidationError("所选选项无效，请重新选择。")
            option = question.options[int(value)]
            if option not in picked:
                picked.append(option)
        # Stored in the order the options are listed, whatever order the browser sent.
        return {"choices": [o for o in question.options if o in picked]}
    if question.kind == Q.RATING:
        top = question.scale_max or 5
        if len(values) > 1 or not values[0].isdigit() or not 1 <= int(values[0]) <= top:
            raise ValidationError(f"请选择1至{top}分。")
        return {"rating": int(values[0])}
    text = "\n".join(values)
    if len(text) > TEXT_ANSWER_LIMIT:
        raise ValidationError(f"不能超过{TEXT_ANSWER_LIMIT}个字（现为{len(text)}个字）。")
    return {"text": text}


def answers_clean(survey: Survey, answers: Mapping[int, list[str]]) -> list[tuple]:
    """[(question, values)] for the questions asked and answered. Answers to questions that the
    respondent's own choices hide are ignored: without JavaScript every question is on the
    page, and a visitor who filled one in and then changed an earlier choice did nothing wrong.
    Raises ValidationError({"q<id>": [message]}) listing every bad answer at once."""
    errors: dict[str, list[str]] = {}
    cleaned: list[tuple] = []
    chosen: dict[int, list[str]] = {}
    for question in survey.questions.order_by("position", "id"):
        if not question_visible(question, chosen):
            continue
        try:
            value = _clean_answer(question, list(answers.get(question.pk, [])))
        except ValidationError as exc:
            errors[question.field_name] = exc.messages
            continue
        if value is None:
            continue
        if "choices" in value:
            chosen[question.pk] = value["choices"]
        cleaned.append((question, value))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError({"survey": ["请至少回答一道题。"]})
    return cleaned


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[int, list[str]],
    phone: str | None = None,
    token: str | None = None,
    address: str | None = None,
    actor=None,
) -> SurveyResponse:
    """One respondent's answers, all written or none. In a verified survey `phone` is the
    visitor's verified number; in an anonymous one `token` is the visitor's random token.
    `actor` stays None: the public answers anonymously."""
    survey = Survey.objects.get(pk=survey.pk)
    if message := survey_accepting_error(survey):
        raise ValidationError({"survey": [message]})
    if survey.mode == Survey.Mode.VERIFIED:
        if not phone:
            raise ValidationError({"survey": ["请先验证手机号再填写。"]})
        key = respondent_key(survey, phone=phone)
    else:
        key = respondent_key(survey, token=token)
    if SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists():
        raise ValidationError({"survey": [ALREADY_ANSWERED]})
    cleaned = answers_clean(survey, answers)
    texts = [v["text"] for _, v in cleaned if "text" in v]
    labels = iter(default_sentiment_model().predict_many(texts) if texts else [])
    if survey.mode == Survey.Mode.ANONYMOUS and not ratelimit.hit(
        "survey-anon",
        f"{survey.pk}:{address or '-'}",
        limit=ANONYMOUS_PER_ADDRESS_HOUR,
        window_seconds=3600,
    ):
        raise ValidationError({"survey": ["本网络提交过于频繁，请稍后再试。"]})
    try:
        with transaction.atomic():
            response = SurveyResponse(survey=survey, respondent_key=key)
            response.full_clean(validate_constraints=False)
            response.save()
            rows = []
            for question, value in cleaned:
                answer = SurveyAnswer(response=response, question=question)
                if "text" in value:
                    # Kept redacted only: the comment is read by many and a number or name typed
                    # into it is never needed; the sentiment is read from the words as typed.
                    answer.sentiment = next(labels)
                    answer.text = redact_text(value["text"])
                else:
                    answer.choices = value.get("choices", [])
                    answer.rating = value.get("rating")
                answer.full_clean(validate_unique=False, validate_constraints=False)
                rows.append(answer)
            SurveyAnswer.objects.bulk_create(rows)
            record_event(
                actor=actor,
                action="survey.answer",
                obj=response,
                changes={"survey": survey.pk, "mode": survey.mode, "answers": len(rows)},
                bureau_id=survey.bureau_id,
            )
    except IntegrityError as exc:
        # The same person submitting twice at once: the constraint let one through.
        raise ValidationError({"survey": [ALREADY_ANSWERED]}) from exc
    return response
