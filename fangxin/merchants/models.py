from django.db import models

from fangxin.core.categories import SECTOR_CHOICES
from fangxin.core.models import Bureau, Township
from fangxin.core.validators import validate_credit_code


class Merchant(models.Model):
    """A 经营者 in a bureau's registry: identity, location, sectors, contact. A merged duplicate
    keeps its row (with `merged_into`) so that old links still resolve; it leaves every list."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        INDIVIDUAL = "individual", "个体工商户"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="merchants")
    name = models.CharField("名称", max_length=200)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )

    class Status(models.TextChoices):
        ACTIVE = "active", "存续"
        DEREGISTERED = "deregistered", "注销"
        REVOKED = "revoked", "吊销"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.ENTERPRISE)
    status = models.CharField("登记状态", max_length=12, choices=Status.choices, default="active")
    legal_representative = models.CharField("法定代表人/经营者", max_length=50, blank=True)
    address = models.CharField("经营地址", max_length=300)
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merchants",
        verbose_name="乡镇/街道",
    )
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    # Name and address reduced to what tells two registrations apart (merchants.dedupe):
    # equal keys mark a probable duplicate.
    dedupe_key = models.CharField(max_length=200, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name="已合并至",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "经营者"
        ordering = ["name"]
        indexes = [models.Index(fields=["bureau", "name"], name="merchant_bureau_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "credit_code"],
                condition=~models.Q(credit_code=""),
                name="merchant_credit_code_unique_in_bureau",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MerchantSector(models.Model):
    """A sector (DOMAIN.md §3 label) a merchant works in; a merchant may have several."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField("行业", max_length=30, choices=SECTOR_CHOICES)

    class Meta:
        verbose_name = "经营者行业"
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sector"], name="merchant_sector_once")
        ]
        indexes = [models.Index(fields=["sector", "merchant"])]

    def __str__(self) -> str:
        return self.sector


class OdrMembership(models.Model):
    """A merchant's standing as an ODR unit (在线消费纠纷解决单位): it applies with an undertaking
    (承诺书), its premises and the person who handles complaints; the county bureau approves,
    rejects or later suspends it. Complaint intake sends a case to the merchant first only while
    `is_active`."""

    class Status(models.TextChoices):
        APPLIED = "applied", "待审核"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"
        SUSPENDED = "suspended", "已暂停"

    merchant = models.OneToOneField(
        Merchant, on_delete=models.PROTECT, related_name="odr_membership"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    undertaking = models.TextField("承诺书", blank=True)
    premises = models.CharField("经营场所", max_length=300, blank=True)
    contact_person = models.CharField("处理人", max_length=50, blank=True)
    contact_phone = models.CharField("处理电话", max_length=30, blank=True)
    applied_at = models.DateTimeField("申请时间", null=True, blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_note = models.TextField("审核/暂停说明", blank=True)

    class Meta:
        verbose_name = "ODR企业"

    def __str__(self) -> str:
        return f"{self.merchant} ODR"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.APPROVED


class MerchantAccount(models.Model):
    """A sign-in of a merchant's staff, scoped to that merchant's records (the merchants issue
    adds invitations and approval)."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="merchant_account"
    )
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="accounts")

    class Meta:
        verbose_name = "经营者账户"

    def __str__(self) -> str:
        return f"{self.user} @ {self.merchant}"


class ServiceStation(models.Model):
    """A 消费维权服务站 or 联络点: a desk at a market, mall or large merchant where consumers
    get help and complaints are taken on the spot (filed with channel "station")."""

    class Kind(models.TextChoices):
        STATION = "station", "消费维权服务站"
        CONTACT_POINT = "contact_point", "消费维权联络点"

    class HostKind(models.TextChoices):
        MARKET = "market", "集贸市场"
        MALL = "mall", "商场超市"
        MERCHANT = "merchant", "大型经营者"
        OTHER = "other", "其他"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=14, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    host_kind = models.CharField("设立单位类型", max_length=10, choices=HostKind.choices)
    host_merchant = models.ForeignKey(
        Merchant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name="设立单位（经营者）",
    )
    address = models.CharField("地址", max_length=300)
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, null=True, blank=True, verbose_name="乡镇/街道"
    )
    contact_person = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    opening_hours = models.CharField("服务时间", max_length=100, blank=True)
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "维权服务站/联络点"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="station_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
