"""放心消费 creation (DOMAIN.md §7½): the county cultivates candidate units (培育库), evaluates
them against the five 放心 with scores and evidence, recommends them upwards, and records the
certification (county, city or province level) that holds for one creation cycle."""

from django.conf import settings
from django.db import models

from fangxin.core.models import Bureau, Unit
from fangxin.merchants.models import Merchant


class TrustedUnit(models.Model):
    """One merchant's passage through one creation cycle (trusted_unit / candidate_pool)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "培育中"
        RECOMMENDED = "recommended", "已推荐"
        CERTIFIED = "certified", "已认定"
        NOT_PASSED = "not_passed", "未通过"
        WITHDRAWN = "withdrawn", "已退出"
        REVOKED = "revoked", "已撤销"
        SUPERSEDED = "superseded", "已复评换证"

    class Level(models.TextChoices):
        COUNTY = "county", "县级"
        CITY = "city", "市级"
        PROVINCE = "province", "省级"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="trusted_records")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="培育单位"
    )
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    entered_on = models.DateField("入库日期")
    entry_note = models.TextField("入库说明", blank=True)
    recommended_level = models.CharField(
        "推荐级别", max_length=10, choices=Level.choices, blank=True
    )
    level = models.CharField("认定级别", max_length=10, choices=Level.choices, blank=True)
    certified_on = models.DateField("认定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    certificate_number = models.CharField("认定文号", max_length=60, blank=True)
    closing_reason = models.TextField("退出/撤销/未通过原因", blank=True)
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "放心消费创建单位"
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "status"], name="trusted_bureau_status"),
            models.Index(fields=["merchant", "status"], name="trusted_merchant_status"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant} {self.get_status_display()}"

    def is_current(self, today) -> bool:
        return (
            self.status == self.Status.CERTIFIED
            and self.valid_until is not None
            and self.certified_on <= today <= self.valid_until
        )


class TrustedEvaluation(models.Model):
    """Scores and evidence against the five 放心, under the standard in force (its code kept)."""

    trusted_unit = models.ForeignKey(
        TrustedUnit, on_delete=models.PROTECT, related_name="evaluations"
    )
    evaluated_on = models.DateField("评价日期")
    standard_code = models.CharField("评价标准", max_length=40)
    scores = models.JSONField("分项得分")
    evidence = models.JSONField("分项佐证")
    total = models.PositiveSmallIntegerField("总分")
    passed = models.BooleanField("达标")
    note = models.TextField("评价意见", blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "放心消费评价"
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.trusted_unit} {self.total}分"
