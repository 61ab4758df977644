"""Selections and awards (评选, DOMAIN.md §8): 伴手礼, 诚信/放心 units, 先进集体 and 先进个人.

A selection moves draft → nominating → reviewing → scoring → (voting) → finalised → published;
candidates are nominated or apply, pass an eligibility review, are scored by the assigned
experts and, where the selection has a public vote, voted for by verified mobile numbers. The
final list is a stored snapshot of the computation and its inputs."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from fangxin.campaigns.models import Campaign
from fangxin.core.models import Bureau
from fangxin.merchants.models import Merchant

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Selection(models.Model):
    class Kind(models.TextChoices):
        SOUVENIR = "souvenir", "伴手礼"
        TRUSTED_UNIT = "trusted_unit", "诚信/放心消费单位"
        ADVANCED_COLLECTIVE = "advanced_collective", "先进集体"
        ADVANCED_INDIVIDUAL = "advanced_individual", "先进个人"

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        NOMINATING = "nominating", "推荐申报"
        REVIEWING = "reviewing", "资格审查"
        SCORING = "scoring", "专家评审"
        VOTING = "voting", "公众投票"
        FINALISED = "finalised", "结果已核定"
        PUBLISHED = "published", "结果已公布"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="selections", verbose_name="所属活动"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=100)
    rules = models.TextField("评选办法", blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    public_vote = models.BooleanField("设公众投票", default=True)
    vote_starts_on = models.DateField("投票开始日期", null=True, blank=True)
    vote_ends_on = models.DateField("投票截止日期", null=True, blank=True)
    expert_weight = models.DecimalField(
        "专家评分权重（%）", max_digits=5, decimal_places=2, validators=PERCENT
    )
    vote_weight = models.DecimalField(
        "公众投票权重（%）", max_digits=5, decimal_places=2, validators=PERCENT
    )
    winners_count = models.PositiveSmallIntegerField(
        "入选名额", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="selections_as_expert", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "评选"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["bureau", "state"], name="selection_bureau_state")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vote_starts_on__isnull=True)
                | models.Q(vote_ends_on__isnull=True)
                | models.Q(vote_ends_on__gte=models.F("vote_starts_on")),
                name="selection_vote_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # Checked here rather than by a database constraint: SQLite compares decimals as floats.
        errors = {}
        if self.expert_weight is not None and self.vote_weight is not None:
            if self.expert_weight + self.vote_weight != Decimal("100"):
                errors["vote_weight"] = ["专家评分权重与公众投票权重之和应为100。"]
            elif not self.public_vote and self.vote_weight != 0:
                errors["vote_weight"] = ["不设公众投票时，公众投票权重应为0。"]
        if self.public_vote and not (self.vote_starts_on and self.vote_ends_on):
            errors["vote_starts_on"] = ["设公众投票时，请填写投票开始和截止日期。"]
        elif self.vote_starts_on and self.vote_ends_on and self.vote_ends_on < self.vote_starts_on:
            errors["vote_ends_on"] = ["投票截止日期不能早于开始日期。"]
        if errors:
            raise ValidationError(errors)


class SelectionTransition(models.Model):
    """One move of a selection's state: who, when, why."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=Selection.State.choices)
    to_state = models.CharField(max_length=12, choices=Selection.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField("说明", max_length=300)

    class Meta:
        verbose_name = "评选状态变更"
        ordering = ["selection", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class Candidate(models.Model):
    """A nominee or applicant: a product (伴手礼), a unit, a collective or a person."""

    class Source(models.TextChoices):
        NOMINATED = "nominated", "推荐"
        APPLIED = "applied", "自主申报"

    class Eligibility(models.TextChoices):
        PENDING = "pending", "待审查"
        ELIGIBLE = "eligible", "符合条件"
        INELIGIBLE = "ineligible", "不符合条件"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField("名称/姓名", max_length=100)
    organisation = models.CharField("单位/生产经营者", max_length=200, blank=True)
    merchant = models.ForeignKey(
        Merchant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联经营者",
    )
    description = models.TextField("简介/事迹", blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An applicant's contact number: for the bureau only, never on a public page.
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    eligibility = models.CharField(
        "资格审查", max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.CharField("审查意见", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "候选对象"
        ordering = ["selection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "name", "organisation"], name="candidate_unique_in_selection"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExpertScore(models.Model):
    """One expert's score of one candidate, 0–100; one per expert per candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("评分", max_digits=5, decimal_places=2, validators=PERCENT)
    comment = models.CharField("评语", max_length=300, blank=True)
    scored_at = models.DateTimeField()

    class Meta:
        verbose_name = "专家评分"
        ordering = ["candidate", "expert"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "expert"], name="expertscore_once"),
            models.CheckConstraint(
                condition=models.Q(score__gte=0, score__lte=100), name="expertscore_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.score}"


class Vote(models.Model):
    """One public vote. A vote the fraud signals flag is held with its reasons and counts only
    when staff release it; nothing is dropped without a trace."""

    class Status(models.TextChoices):
        COUNTED = "counted", "有效"
        HELD = "held", "待审核"
        REJECTED = "rejected", "无效"

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="votes")
    phone = models.CharField(max_length=11)
    day = models.DateField()
    address = models.GenericIPAddressField(null=True, blank=True)
    user_agent_hash = models.CharField(max_length=64, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.COUNTED)
    reasons = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "投票"
        ordering = ["selection", "created_at", "id"]
        indexes = [
            models.Index(fields=["selection", "address", "created_at"], name="vote_address"),
            models.Index(fields=["candidate", "created_at"], name="vote_candidate"),
            models.Index(fields=["selection", "status"], name="vote_status"),
        ]
        constraints = [
            # One vote per number per day per selection, whatever the vote's status: two
            # requests racing each other cannot both land.
            models.UniqueConstraint(fields=["selection", "phone", "day"], name="vote_once_a_day")
        ]

    def __str__(self) -> str:
        return f"投票 #{self.pk}"

    @property
    def audit_label(self) -> str:
        return f"投票 #{self.pk}"


class FinalList(models.Model):
    """The final list as computed when the selection was finalised, with every input."""

    selection = models.OneToOneField(Selection, on_delete=models.CASCADE, related_name="final")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField()
    expert_weight = models.DecimalField(max_digits=5, decimal_places=2)
    vote_weight = models.DecimalField(max_digits=5, decimal_places=2)
    winners_count = models.PositiveSmallIntegerField()
    experts_count = models.PositiveSmallIntegerField()
    votes_counted = models.PositiveIntegerField(default=0)
    votes_held = models.PositiveIntegerField(default=0)
    votes_rejected = models.PositiveIntegerField(default=0)
    # The full computation: per candidate the scores, the votes and every intermediate value.
    inputs = models.JSONField(default=dict)

    class Meta:
        verbose_name = "评选结果"

    def __str__(self) -> str:
        return f"{self.selection} 结果"


class FinalEntry(models.Model):
    final = models.ForeignKey(FinalList, on_delete=models.CASCADE, related_name="entries")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("名次")
    expert_average = models.DecimalField("专家平均分", max_digits=6, decimal_places=2)
    votes = models.PositiveIntegerField("有效票数")
    vote_score = models.DecimalField("投票得分", max_digits=6, decimal_places=2)
    total = models.DecimalField("综合得分", max_digits=6, decimal_places=2)
    is_winner = models.BooleanField("入选")

    class Meta:
        verbose_name = "评选结果条目"
        ordering = ["final", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["final", "candidate"], name="finalentry_once")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.candidate}"
