"""Format-clause review (格式条款审查, DOMAIN.md §5): a document a merchant or an inspector
submits, the engine's findings that a reviewer confirms or dismisses, the rectification notice
(整改通知书), the merchant's revised text, and the public 点评 built from confirmed findings."""

from django.conf import settings
from django.db import models

from fangxin.core.models import Bureau, Unit
from fangxin.merchants.models import Merchant


def _upload_path(instance, filename: str) -> str:
    # Never the uploader's file name on disk: a random token chosen by the service.
    return f"clauses/{instance.token}"


class ClauseDocument(models.Model):
    """One contract, membership-card terms or shop notice under review (format_clause)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        CLEAN = "clean", "未发现问题"
        REVIEWED = "reviewed", "已审核，待下达整改"
        NOTICE = "notice", "整改中"
        RECHECK = "recheck", "整改复核"
        RECTIFIED = "rectified", "已整改"
        CLOSED = "closed", "已结束"

    class Source(models.TextChoices):
        MERCHANT = "merchant", "经营者自查提交"
        STAFF = "staff", "工作人员登记"

    class Kind(models.TextChoices):
        TEXT = "text", "粘贴文字"
        DOCX = "docx", "Word 文件"
        PDF = "pdf", "PDF 文件"
        IMAGE = "image", "图片（文字识别）"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="承办单位"
    )
    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, related_name="clause_documents", null=True, blank=True
    )
    title = models.CharField("名称", max_length=120)
    sector = models.CharField("行业", max_length=40, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    kind = models.CharField("形式", max_length=10, choices=Kind.choices)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    token = models.CharField(max_length=40, blank=True)
    file = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField("文字")
    ruleset_version = models.CharField("规则库版本", max_length=40)
    score = models.PositiveSmallIntegerField("得分")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField("结束说明", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "格式条款审查"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "status"], name="clausedoc_bureau_status"),
            models.Index(fields=["merchant", "status"], name="clausedoc_merchant_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="clausedoc_score_le_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ClauseFinding(models.Model):
    """One rule's hit on one clause, as the engine reported it, and the reviewer's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审核"
        CONFIRMED = "confirmed", "确认"
        DISMISSED = "dismissed", "排除"

    document = models.ForeignKey(ClauseDocument, on_delete=models.CASCADE, related_name="findings")
    clause_index = models.PositiveIntegerField()
    clause_start = models.PositiveIntegerField()
    clause_end = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    rule_id = models.CharField("规则", max_length=80)
    title = models.CharField("问题", max_length=200)
    basis = models.CharField("法律依据", max_length=200)
    basis_text = models.TextField("依据原文", blank=True)
    severity = models.CharField("严重程度", max_length=10)
    explanation = models.TextField("说明")
    rewording = models.TextField("建议修改为")
    decision = models.CharField(
        "审核", max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    reason = models.CharField("排除理由/审核意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "格式条款问题"
        ordering = ["document", "start", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.basis}）"

    def clause_text(self) -> str:
        return self.document.text[self.clause_start : self.clause_end]

    def matched_text(self) -> str:
        return self.document.text[self.start : self.end]


class RectificationNotice(models.Model):
    """整改通知书 (rectification_notice): one per document; the .docx is kept as issued."""

    document = models.OneToOneField(ClauseDocument, on_delete=models.PROTECT, related_name="notice")
    number = models.CharField("文号", max_length=60, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField("整改期限")
    due_rule = models.CharField("期限依据", max_length=300)
    docx = models.BinaryField("通知书")

    class Meta:
        verbose_name = "整改通知书"

    def __str__(self) -> str:
        return self.number


class ClauseRevision(models.Model):
    """The merchant's revised text, re-checked by the engine; the reviewer accepts or returns
    it. `findings` is the engine's output on the revision (rule ids and spans)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "待复核"
        ACCEPTED = "accepted", "整改到位"
        RETURNED = "returned", "整改不到位，退回"

    document = models.ForeignKey(ClauseDocument, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField("第几次")
    kind = models.CharField("形式", max_length=10, choices=ClauseDocument.Kind.choices)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    text = models.TextField("修改后文字")
    findings = models.JSONField("复查结果", default=list)
    score = models.PositiveSmallIntegerField("得分")
    remaining_rules = models.JSONField("仍存在的已确认问题", default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(
        "复核结论", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_note = models.CharField("复核意见", max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "整改后文本"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="clauserev_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document}（第{self.number}次修改）"


class ClauseReviewPublication(models.Model):
    """典型不公平格式条款点评 (clause_review_publication): confirmed findings collected for the
    public, by sector, merchant names shown or masked by the reviewer's choice."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=120)
    introduction = models.TextField("导语", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "格式条款点评"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicationItem(models.Model):
    publication = models.ForeignKey(
        ClauseReviewPublication, on_delete=models.CASCADE, related_name="items"
    )
    finding = models.ForeignKey(ClauseFinding, on_delete=models.PROTECT, related_name="+")
    sector = models.CharField("行业", max_length=40)
    show_merchant = models.BooleanField("公开经营者名称", default=False)
    # Frozen at the time of adding (redacted): the public text never changes behind the page.
    clause_text = models.TextField("条款（已脱敏）")
    comment = models.TextField("点评")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "点评条目"
        ordering = ["publication", "sector", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "finding"], name="pubitem_finding_once")
        ]

    def __str__(self) -> str:
        return f"{self.sector}：{self.clause_text[:30]}"
