"""Satisfaction surveys (满意度测评, DOMAIN.md §8): a bureau builds a questionnaire, opens it to
the public (anonymous, or one answer per verified mobile number), and reads the results.

Nothing here keeps a respondent's number or address: a response carries only a keyed hash
(`respondent_key`) that makes a second answer from the same person collide."""

from django.conf import settings
from django.db import models

from fangxin.campaigns.models import Campaign
from fangxin.core.models import Bureau


class Survey(models.Model):
    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", "匿名填写"
        VERIFIED = "verified", "手机号验证后填写"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已结束"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="surveys",
        null=True,
        blank=True,
        verbose_name="所属活动",
    )
    title = models.CharField("名称", max_length=100)
    intro = models.TextField("说明", blank=True)
    mode = models.CharField("填写方式", max_length=10, choices=Mode.choices)
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.DRAFT)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "满意度测评"
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["bureau", "state"], name="survey_bureau_state")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyStateChange(models.Model):
    """Every move of a survey's state: who, when, from what to what, and why."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=8, choices=Survey.State.choices)
    to_state = models.CharField(max_length=8, choices=Survey.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "测评状态变更"
        ordering = ["survey", "at", "id"]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.from_state} → {self.to_state}"


class SurveyQuestion(models.Model):
    """One question. A conditional question is shown only when the answer to an earlier
    choice question `depends_on` is (single) or contains (multiple) the option
    `depends_value`."""

    class Kind(models.TextChoices):
        SINGLE = "single", "单选题"
        MULTIPLE = "multiple", "多选题"
        RATING = "rating", "评分题"
        TEXT = "text", "填空题（文字）"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    text = models.CharField("题目", max_length=300)
    options = models.JSONField("选项", default=list, blank=True)
    required = models.BooleanField("必答", default=True)
    scale_max = models.PositiveSmallIntegerField("满分", null=True, blank=True)
    depends_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name="显示条件所依据的题目",
    )
    depends_value = models.CharField("显示条件选项", max_length=100, blank=True)

    class Meta:
        verbose_name = "测评题目"
        ordering = ["survey", "position", "id"]

    def __str__(self) -> str:
        return f"第{self.position}题 {self.text[:30]}"

    @property
    def is_choice(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    @property
    def field_name(self) -> str:
        return f"q{self.pk}"

    def scale(self) -> range:
        return range(1, (self.scale_max or 0) + 1)


class SurveyResponse(models.Model):
    """One respondent's answers. `respondent_key` is an HMAC of the verified number (or of the
    anonymous visitor's random token) keyed per survey: the unique constraint is what keeps
    two concurrent submissions of one person to a single response on both databases."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    respondent_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "答卷"
        ordering = ["survey", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent_key"], name="surveyresponse_once")
        ]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"

    @property
    def audit_label(self) -> str:
        return f"答卷 {self.pk}"


class SurveyAnswer(models.Model):
    """One answer: `choices` (option texts) for choice questions, `rating` for ratings, `text`
    for free text — stored already redacted, with the sentiment model's reading of the words
    as typed."""

    class Sentiment(models.TextChoices):
        POSITIVE = "positive", "正面"
        NEUTRAL = "neutral", "中性"
        NEGATIVE = "negative", "负面"

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    sentiment = models.CharField(max_length=8, choices=Sentiment.choices, blank=True)

    class Meta:
        verbose_name = "答案"
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveyanswer_once")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}#{self.question_id}"
