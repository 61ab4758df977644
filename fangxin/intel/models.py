"""The platform's side of text intelligence (the pure code is `fangxin.textintel`): what each
model version suggested for a case, the trained model versions and why each was or was not put
live, repeated filings, and mass complaints handled as one matter."""

from django.conf import settings
from django.db import models

from fangxin.complaints.models import Case
from fangxin.core.models import Bureau
from fangxin.merchants.models import Merchant


class CaseSuggestion(models.Model):
    """A classifier's suggestion for a case, kept with the model version that made it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suggestions")
    model_version = models.CharField("模型版本", max_length=60)
    sector = models.CharField("行业", max_length=30)
    sector_confidence = models.FloatField("行业置信度")
    problem = models.CharField("问题类别", max_length=20)
    problem_confidence = models.FloatField("问题类别置信度")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "分类建议"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.sector}/{self.problem}"


class ModelRecord(models.Model):
    """One training run of `manage.py textintel_train`: the candidate's figures on the held-out
    split, the live model's, and whether the candidate was put live (and why)."""

    version = models.CharField("模型版本", max_length=60)
    trained_at = models.DateTimeField("训练时间", auto_now_add=True)
    n_train = models.PositiveIntegerField("训练样本")
    n_heldout = models.PositiveIntegerField("留出样本")
    n_confirmed = models.PositiveIntegerField("其中人工确认的案件")
    metrics = models.JSONField("评估结果")
    promoted = models.BooleanField("已启用")
    reason = models.CharField("说明", max_length=300)
    path = models.CharField("模型文件", max_length=300, blank=True)

    class Meta:
        verbose_name = "分类模型版本"
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return self.version


class RepeatFiling(models.Model):
    """The same person filing the same matter against the same merchant again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="repeats_of")
    earlier = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField("相似度")
    found_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "重复投诉"
        constraints = [
            models.UniqueConstraint(fields=["case", "earlier"], name="repeat_filing_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} ~ {self.earlier_id}"


class MassComplaint(models.Model):
    """Complaints by many people about one merchant or event within a window (群体性投诉)."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        HANDLING = "handling", "处理中"
        CLOSED = "closed", "已处理"

    class Referral(models.TextChoices):
        NONE = "", "无"
        COLLECTIVE = "collective", "拟建议提起集体诉讼"
        PUBLIC_INTEREST = "public_interest", "拟移送公益诉讼"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=210)
    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    respondent_name = models.CharField("被投诉人", max_length=200)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    size = models.PositiveIntegerField("件数")
    first_day = models.DateField("最早")
    last_day = models.DateField("最近")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default="open")
    referral = models.CharField(
        "诉讼建议", max_length=16, choices=Referral.choices, blank=True, default=""
    )
    note = models.TextField("处理情况", blank=True)
    alerted_at = models.DateTimeField("提醒时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "群体性投诉"
        ordering = ["-last_day", "-id"]
        indexes = [models.Index(fields=["bureau", "status"], name="mass_bureau_status")]

    def __str__(self) -> str:
        return f"{self.respondent_name}（{self.size}件）"


class MassComplaintCase(models.Model):
    mass = models.ForeignKey(MassComplaint, on_delete=models.CASCADE, related_name="members")
    # A case belongs to one mass complaint at most.
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="mass_membership")
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "群体性投诉案件"

    def __str__(self) -> str:
        return f"{self.mass_id}:{self.case_id}"
