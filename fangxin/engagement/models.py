"""The public's part in a 3·15 campaign: a verified mobile number (短信验证码), the prize quiz
(题库, 答题, 抽奖). Selections and surveys live in their own apps and use the same
verification."""

from django.db import models

from fangxin.campaigns.models import Campaign
from fangxin.core.models import Bureau


class PhoneChallenge(models.Model):
    """One text-message code sent to a number. Only a keyed hash of the code is kept."""

    phone = models.CharField("手机号", max_length=11)
    code_hash = models.CharField(max_length=64)
    address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    tries = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        indexes = [models.Index(fields=["phone", "-created_at"])]

    def __str__(self) -> str:
        return f"验证码 {self.pk}"


class QuizQuestion(models.Model):
    """A question of the bureau's bank. `answer` holds the indexes of the right options and
    never leaves the server."""

    class Kind(models.TextChoices):
        SINGLE = "single", "单选题"
        MULTIPLE = "multiple", "多选题"
        TRUE_FALSE = "true_false", "判断题"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("编号", max_length=20)
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    text = models.CharField("题干", max_length=500)
    options = models.JSONField("选项")
    answer = models.JSONField("答案")
    law = models.CharField("法律依据", max_length=200)
    explanation = models.CharField("解析", max_length=500, blank=True)
    topic = models.CharField("知识点", max_length=40, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "题目"
        ordering = ["bureau", "code"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "code"], name="quizquestion_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"


class Quiz(models.Model):
    """A prize quiz of a campaign: N questions drawn per attempt, a time limit kept by the
    server, a daily attempt limit per number, and a commit–reveal prize draw."""

    class State(models.TextChoices):
        DRAFT = "draft", "未发布"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已截止"
        DRAWN = "drawn", "已开奖"

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="quizzes")
    title = models.CharField("名称", max_length=100)
    intro = models.TextField("说明", blank=True)
    question_count = models.PositiveSmallIntegerField("每次题数", default=10)
    time_limit_seconds = models.PositiveIntegerField("答题时限（秒）", default=600)
    daily_attempts = models.PositiveSmallIntegerField("每日答题次数", default=3)
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    state = models.CharField(max_length=8, choices=State.choices, default=State.DRAFT)
    # The prize draw (docs/draw.md): title and prize count are fixed with the commitment.
    prize_count = models.PositiveSmallIntegerField("奖项数量", default=0)
    eligible_score = models.PositiveSmallIntegerField("抽奖资格分数", default=60)
    draw_title = models.CharField("抽奖标题", max_length=100, blank=True)
    draw_commitment = models.CharField("承诺值", max_length=64, blank=True)
    draw_committed_at = models.DateTimeField(null=True, blank=True)
    draw_seed = models.CharField("种子", max_length=64, blank=True)
    draw_entries_hash = models.CharField("名单哈希", max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    # [{"rank": 1, "id": "Q3-000123", "label": "139****5678"}, ...] as drawn.
    draw_winners = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "有奖答题"
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="quiz_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class QuizAttempt(models.Model):
    """One run through a quiz by a verified number. `day_seq` numbers the number's attempts
    on a day from 1 to the limit; the unique constraint is what keeps concurrent starts from
    exceeding the limit on both databases."""

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    public_id = models.CharField("答题编号", max_length=20, unique=True)
    phone = models.CharField("手机号", max_length=11)
    nickname = models.CharField("昵称", max_length=20, blank=True)
    day = models.DateField()
    day_seq = models.PositiveSmallIntegerField()
    question_ids = models.JSONField()
    address = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    correct_count = models.PositiveSmallIntegerField(default=0)
    score = models.PositiveSmallIntegerField(default=0)
    seconds_used = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "答题记录"
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "phone", "day", "day_seq"], name="quizattempt_daily_seq"
            )
        ]
        indexes = [models.Index(fields=["quiz", "-score", "seconds_used"])]

    def __str__(self) -> str:
        return self.public_id

    @property
    def audit_label(self) -> str:
        return self.public_id


class QuizAnswer(models.Model):
    """An answer, written once: the unique constraint turns a retried or doubled submission
    into a no-op instead of a second count."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(QuizQuestion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    chosen = models.JSONField()
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = "答案"
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="quizanswer_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"
