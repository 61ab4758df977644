"""Merchants' pledges (线下购物七日无理由退货, 放心消费承诺), the returns they honour, and the
breach workflow that may end in revocation. A pledge's public certificate is found by a random
token: the QR code in the shop carries only that address, and the page shows what the database
says today — a copied or altered code shows nothing or the truth."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from fangxin.core.models import Bureau
from fangxin.merchants.models import Merchant


class Pledge(models.Model):
    class Kind(models.TextChoices):
        SEVEN_DAY_RETURN = "seven_day_return", "线下购物七日无理由退货承诺"
        ASSURED = "assured", "放心消费承诺"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待审核"
        APPROVED = "approved", "已生效"
        RETURNED = "returned", "已退回修改"
        REVOKED = "revoked", "已撤销"
        RENEWED = "renewed", "已续期"
        REPLACED = "replaced", "已修改重交"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="pledges")
    kind = models.CharField("承诺类型", max_length=20, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    # Given at approval, e.g. 141123-2026-TH000012; empty before.
    number = models.CharField("承诺编号", max_length=32, blank=True)
    token = models.CharField(max_length=43, unique=True)
    scope = models.TextField("承诺范围")
    excluded_goods = models.TextField("不适用商品（负面清单）", blank=True)
    conditions = models.TextField("退货条件", blank=True)
    refund_days = models.PositiveSmallIntegerField("退款时限（工作日）", null=True, blank=True)
    commitments = models.TextField("承诺内容", blank=True)
    months = models.PositiveSmallIntegerField("有效期（月）")
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    signer_name = models.CharField("签署人", max_length=50)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    signed_at = models.DateTimeField("签署时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revocation_notice = models.TextField("撤销公告", blank=True)
    renews = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="renewals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "承诺"
        ordering = ["-signed_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "status", "kind"]),
            models.Index(fields=["merchant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.merchant} {self.get_kind_display()}"

    def public_state(self, today=None) -> str:
        """有效 / 待生效 / 已过期 / 已撤销 / 已失效 / 未生效 as the certificate page says it. A
        renewed pledge stays valid until its own end; its renewal takes over the next day."""
        today = today or timezone.localdate()
        if self.status == self.Status.REVOKED:
            return "已撤销"
        if self.status in (self.Status.APPROVED, self.Status.RENEWED):
            if self.merchant.status != "active":
                return "已失效"  # the merchant was deregistered or its licence revoked
            if self.valid_until and today > self.valid_until:
                return "已过期"
            if self.valid_from and today < self.valid_from:
                return "待生效"
            return "有效"
        return "未生效"

    def is_current(self, today=None) -> bool:
        return self.public_state(today) == "有效"


class PledgeReturn(models.Model):
    """A return honoured under a 七日无理由退货 pledge, logged by the merchant."""

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="returns")
    returned_on = models.DateField("退货日期")
    goods = models.CharField("商品", max_length=200)
    amount = models.DecimalField("退款金额（元）", max_digits=12, decimal_places=2)
    note = models.CharField("备注", max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "退货记录"
        ordering = ["-returned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.returned_on} {self.goods}"


class PledgeBreach(models.Model):
    """A pledge not kept: 约谈 → correction deadline → corrected, or revocation with a public
    notice."""

    class Status(models.TextChoices):
        OPEN = "open", "待约谈"
        CORRECTING = "correcting", "限期整改"
        CORRECTED = "corrected", "已整改"
        REVOKED = "revoked", "已撤销承诺"

    pledge = models.ForeignKey(Pledge, on_delete=models.PROTECT, related_name="breaches")
    case = models.ForeignKey(
        "complaints.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="相关投诉",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    reason = models.TextField("未践诺情形")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("登记时间")
    talk_at = models.DateTimeField("约谈时间", null=True, blank=True)
    talk_note = models.TextField("约谈情况", blank=True)
    correction_due = models.DateField("整改期限", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closing_note = models.TextField("整改/撤销说明", blank=True)

    class Meta:
        verbose_name = "未践诺处理"
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pledge} {self.get_status_display()}"
