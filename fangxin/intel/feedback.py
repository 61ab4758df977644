"""Reads of consumers' satisfaction ratings and comments with the sentiment model's reading of
each comment (textintel.sentiment): how satisfied people are, in their own words, and where the
score and the words disagree (a 5 with an angry comment is worth a call back)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from fangxin.complaints.access import case_scope_for_user
from fangxin.textintel.redact import redact_text
from fangxin.textintel.sentiment import default_sentiment_model

SENTIMENTS = {"positive": "正面", "neutral": "中性", "negative": "负面"}
# Cases read per page view: a county closes a few thousand a year; the model reads ~2,000/s.
FEEDBACK_LIMIT = 20_000


@dataclass
class FeedbackRow:
    case: object
    rating: int
    comment: str
    sentiment: str

    @property
    def comment_shown(self) -> str:
        # The list is read by many: a phone or name a consumer typed is not needed here.
        return redact_text(self.comment, keep=[self.case.respondent_name])

    @property
    def sentiment_label(self) -> str:
        return SENTIMENTS.get(self.sentiment, "")

    @property
    def disagrees(self) -> bool:
        """A high score with negative words, or a low score with positive words."""
        return (self.rating >= 4 and self.sentiment == "negative") or (
            self.rating <= 2 and self.sentiment == "positive"
        )


@dataclass
class Feedback:
    rows: list[FeedbackRow]
    ratings: Counter = field(default_factory=Counter)
    sentiments: Counter = field(default_factory=Counter)
    rated: int = 0
    truncated: bool = False

    @property
    def mean_rating(self) -> float | None:
        return (
            round(sum(k * n for k, n in self.ratings.items()) / self.rated, 2)
            if self.rated
            else None
        )

    @property
    def satisfied_share(self) -> float | None:
        # The usual 满意率: ratings of 4 and 5 among all ratings.
        return round((self.ratings[4] + self.ratings[5]) / self.rated, 4) if self.rated else None


def satisfaction_feedback(
    user,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    sentiment: str = "",
    disagreeing: bool = False,
) -> Feedback:
    """Rated cases the user may see, closed between the dates (inclusive), newest first;
    `sentiment` and `disagreeing` filter the rows, never the totals."""
    start = timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min)
    )
    cases = (
        case_scope_for_user(user)
        .filter(satisfaction__isnull=False, closed_at__gte=start, closed_at__lt=end)
        .select_related("unit")
        .order_by("-closed_at", "-pk")
    )
    found = list(cases[: FEEDBACK_LIMIT + 1])
    truncated = len(found) > FEEDBACK_LIMIT
    found = found[:FEEDBACK_LIMIT]
    commented = [c for c in found if c.satisfaction_comment.strip()]
    labels = default_sentiment_model().predict_many(c.satisfaction_comment for c in commented)
    by_case = {c.pk: label for c, label in zip(commented, labels, strict=True)}
    result = Feedback(rows=[], rated=len(found), truncated=truncated)
    for case in found:
        result.ratings[case.satisfaction] += 1
        label = by_case.get(case.pk, "")
        if label:
            result.sentiments[label] += 1
            row = FeedbackRow(case, case.satisfaction, case.satisfaction_comment, label)
            if (not sentiment or label == sentiment) and (not disagreeing or row.disagrees):
                result.rows.append(row)
    return result
