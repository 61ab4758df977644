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


class CreditKind(models.TextChoices):
    """What a credit-publicity entry records (信用公示)."""

    PENALTY = "penalty", "行政处罚"
    PENALTY_MINOR = "penalty_minor", "行政处罚（通报批评或较低数额罚款）"
    WARNING = "warning", "警告"
    PLEDGE_REVOKED = "pledge_revoked", "撤销承诺"
    CLAUSE_FINDING = "clause_finding", "不公平格式条款"


class PublicityRule(models.Model):
    """How long an entry of one kind stays on the public list, with its legal basis, versioned
    by effective date. An entry takes the rule in force on its publication date and keeps the
    end date it got, so a later rule never rewrites older entries. `months == 0`: recorded but
    not published (e.g. a penalty of a warning only)."""

    kind = models.CharField("类型", max_length=20, choices=CreditKind.choices)
    effective_from = models.DateField("施行日期")
    months = models.PositiveSmallIntegerField("公示期（月）", help_text="0 表示不予公示")
    citation = models.CharField("依据", max_length=300)
    verified = models.BooleanField("已核实", default=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "公示期限规则"
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="publicity_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.months}个月"


class CreditEntry(models.Model):
    """One entry of a merchant's credit record. It is public from `published_on` until the
    day before `public_until`; afterwards (or when withdrawn) it stays here, internal only."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    merchant = models.ForeignKey(Merchant, on_delete=models.PROTECT, related_name="credit_entries")
    kind = models.CharField("类型", max_length=20, choices=CreditKind.choices)
    title = models.CharField("违法行为/事由", max_length=200)
    content = models.TextField("处理内容")
    document_number = models.CharField("决定书文号", max_length=60, blank=True)
    authority = models.CharField("作出机关", max_length=100)
    decided_on = models.DateField("决定日期")
    published_on = models.DateField("公示日期")
    # Null: recorded but never published (the rule says so).
    public_until = models.DateField("公示截止", null=True, blank=True)
    rule = models.ForeignKey(PublicityRule, on_delete=models.PROTECT, related_name="+")
    # Where the entry came from, when the platform made it (a revoked pledge, a clause review).
    pledge = models.ForeignKey(
        "pledges.Pledge", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_ref = models.CharField("来源编号", max_length=60, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "信用公示信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["bureau", "public_until"], name="credit_bureau_until"),
            models.Index(fields=["merchant", "published_on"], name="credit_merchant_pub"),
        ]

    def __str__(self) -> str:
        return f"{self.merchant} {self.get_kind_display()}"

    def is_public(self, today) -> bool:
        return (
            self.withdrawn_at is None
            and self.public_until is not None
            and self.published_on <= today < self.public_until
        )

    def public_state(self, today) -> str:
        if self.withdrawn_at is not None:
            return "已撤下"
        if self.public_until is None:
            return "不予公示"
        if today < self.published_on:
            return "待公示"
        return "公示中" if today < self.public_until else "公示期满"


class CreditCorrection(models.Model):
    """An administrator's correction of an entry: what changed, why, by whom (also audited)."""

    entry = models.ForeignKey(CreditEntry, on_delete=models.PROTECT, related_name="corrections")
    reason = models.TextField("更正理由")
    changes = models.JSONField("更正内容")
    corrected_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "信用信息更正"
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.entry} 更正"
