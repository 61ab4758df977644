"""Reads of surveys: what staff and the public may see, and the results of a survey."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from fangxin.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from fangxin.surveys.services import may_build

SENTIMENT_ORDER = ("positive", "neutral", "negative")
SENTIMENT_LABELS = dict(SurveyAnswer.Sentiment.choices)
# Comments shown on the results page; the export carries all of them.
COMMENTS_SHOWN = 200


def surveys_for_staff(user) -> QuerySet[Survey]:
    return (
        Survey.objects.filter(bureau_id=user.bureau_id)
        .select_related("campaign")
        .annotate(n_responses=Count("responses", distinct=True))
        .order_by("-opens_at", "-id")
    )


def survey_for_staff(user, pk: int) -> tuple[Survey, bool]:
    """(survey, may the user build it) for a survey of the user's bureau, else Http404."""
    survey = (
        Survey.objects.select_related("campaign", "bureau")
        .filter(pk=pk, bureau_id=user.bureau_id)
        .first()
    )
    if survey is None:
        raise Http404
    return survey, may_build(user, survey.bureau_id)


def question_for_staff(survey: Survey, pk: int) -> SurveyQuestion:
    question = SurveyQuestion.objects.filter(pk=pk, survey=survey).first()
    if question is None:
        raise Http404
    question.survey = survey
    return question


def surveys_public() -> QuerySet[Survey]:
    """Surveys the public may see: open ones, newest first (a draft is nobody's business)."""
    return (
        Survey.objects.filter(state=Survey.State.OPEN)
        .select_related("bureau")
        .order_by("-opens_at", "-id")
    )


def survey_public_get(pk: int) -> Survey:
    survey = (
        Survey.objects.select_related("bureau")
        .exclude(state=Survey.State.DRAFT)
        .filter(pk=pk)
        .first()
    )
    if survey is None:
        raise Http404
    return survey


def has_answered(survey: Survey, key: str) -> bool:
    return SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists()


# --- results ---------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class Comment:
    text: str
    sentiment: str
    created_at: object

    @property
    def sentiment_label(self) -> str:
        return SENTIMENT_LABELS.get(self.sentiment, "")


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    comments: list[Comment] = field(default_factory=list)
    sentiments: list[Bar] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    sentiments: list[Bar]
    commented: int


def _percent(count: int, base: int) -> float:
    return round(count * 100 / base, 1) if base else 0.0


def _sentiment_bars(counter: Counter) -> list[Bar]:
    total = sum(counter.values())
    return [
        Bar(SENTIMENT_LABELS[s], counter[s], _percent(counter[s], total)) for s in SENTIMENT_ORDER
    ]


def survey_results(survey: Survey) -> SurveyResults:
    """Per question: how many answered it, and counts with percentages of those who answered
    (choices, rating points), the mean rating, the comments with their sentiment."""
    questions = list(survey.questions.order_by("position", "id"))
    results = {q.pk: QuestionResult(q) for q in questions}
    tallies: dict[int, Counter] = {q.pk: Counter() for q in questions}
    sentiment_by_q: dict[int, Counter] = {q.pk: Counter() for q in questions}
    overall = Counter()
    answers = (
        SurveyAnswer.objects.filter(response__survey=survey)
        .values_list(
            "question_id", "choices", "rating", "text", "sentiment", "response__created_at"
        )
        .order_by("-response__created_at", "-response_id")
    )
    for question_id, choices, rating, text, sentiment, created_at in answers.iterator():
        result = results.get(question_id)
        if result is None:
            continue
        result.answered += 1
        if result.question.is_choice:
            tallies[question_id].update(choices or [])
        elif rating is not None:
            tallies[question_id][rating] += 1
        elif text:
            if sentiment:
                sentiment_by_q[question_id][sentiment] += 1
                overall[sentiment] += 1
            if len(result.comments) < COMMENTS_SHOWN:
                result.comments.append(Comment(text, sentiment, created_at))
    for question in questions:
        result, tally = results[question.pk], tallies[question.pk]
        if question.is_choice:
            result.bars = [
                Bar(o, tally[o], _percent(tally[o], result.answered)) for o in question.options
            ]
        elif question.kind == SurveyQuestion.Kind.RATING:
            result.bars = [
                Bar(f"{p}分", tally[p], _percent(tally[p], result.answered))
                for p in question.scale()
            ]
            if result.answered:
                total = sum(p * n for p, n in tally.items())
                result.mean = round(total / result.answered, 2)
        else:
            result.sentiments = _sentiment_bars(sentiment_by_q[question.pk])
    return SurveyResults(
        survey=survey,
        responses=survey.responses.count(),
        questions=[results[q.pk] for q in questions],
        sentiments=_sentiment_bars(overall),
        commented=sum(overall.values()),
    )


def export_sheets(survey: Survey) -> list[tuple[str, list[str], list[list]]]:
    """The results workbook: a summary sheet and one row per response. No respondent key, no
    number, no address: a response is known only by its sequence in the export."""
    results = survey_results(survey)
    summary: list[list] = [["答卷总数", None, None, results.responses, None]]
    for r in results.questions:
        q = r.question
        head = f"第{q.position}题"
        if q.kind == SurveyQuestion.Kind.TEXT:
            summary.append([head, q.text, "作答人数", r.answered, None])
            summary.extend(
                [head, q.text, f"情感：{b.label}", b.count, b.percent] for b in r.sentiments
            )
            continue
        summary.append([head, q.text, "作答人数", r.answered, None])
        summary.extend([head, q.text, b.label, b.count, b.percent] for b in r.bars)
        if r.mean is not None:
            summary.append([head, q.text, "平均分", r.mean, None])
    questions = [r.question for r in results.questions]
    by_response: dict[int, dict[int, SurveyAnswer]] = {}
    for answer in SurveyAnswer.objects.filter(response__survey=survey).order_by("response_id"):
        by_response.setdefault(answer.response_id, {})[answer.question_id] = answer
    raw: list[list] = []
    responses = survey.responses.order_by("created_at", "id").values_list("id", "created_at")
    for seq, (response_id, created_at) in enumerate(responses, start=1):
        row: list = [seq, timezone.localtime(created_at).strftime("%Y-%m-%d %H:%M")]
        given = by_response.get(response_id, {})
        for q in questions:
            answer = given.get(q.pk)
            if answer is None:
                row.append(None)
            elif q.is_choice:
                row.append("；".join(answer.choices))
            elif q.kind == SurveyQuestion.Kind.RATING:
                row.append(answer.rating)
            else:
                row.append(answer.text)
        raw.append(row)
    answer_header = ["序号", "提交时间"] + [f"第{q.position}题 {q.text}" for q in questions]
    return [
        ("汇总", ["题号", "题目", "选项/项目", "人数", "占比（%）"], summary),
        ("答卷", answer_header, raw),
    ]
