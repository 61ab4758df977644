"""Complaints, reports and enquiries: one `Case` model family (GLOSSARY: Case.kind)."""

from django.conf import settings
from django.db import models

from fangxin.complaints.workflow import ACTION_LABELS, Status
from fangxin.core.models import Bureau, RuleSet, Township, Unit
from fangxin.merchants.models import Merchant

MONEY = {"max_digits": 13, "decimal_places": 2}


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    CONSULTATION = "consultation", "咨询"


class Channel(models.TextChoices):
    WEB = "web", "网上"
    PHONE = "phone", "电话"
    WINDOW = "window", "窗口"
    LETTER = "letter", "信件"
    STATION = "station", "维权服务站"
    NATIONAL_12315 = "12315", "全国12315平台"


class Case(models.Model):
    # Indexes are chosen for the workbench's queries (Meta.indexes): the single-column ones
    # Django would add for these keys and fields are covered by them and were only extra work
    # on every insert.
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    tracking_no = models.CharField("编号", max_length=32, unique=True)
    # The number the case carries on the national 12315 platform, when it came from there:
    # a re-import of the same export finds it and creates nothing.
    external_id = models.CharField("12315登记编号", max_length=64, blank=True)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    channel = models.CharField("来源渠道", max_length=8, choices=Channel.choices)
    received_at = models.DateTimeField("收到时间")
    # Rule sets are never deleted (PROTECT): no index for that check.
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        Unit,
        db_index=False,  # case_unit_recent starts with it
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="承办单位",
    )
    township = models.ForeignKey(
        Township,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="乡镇/街道",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name="承办人",
    )
    transferred = models.BooleanField("已移送", default=False)

    # The person filing. Personal data: masked everywhere it is not needed.
    is_anonymous = models.BooleanField("匿名", default=False)
    complainant_name = models.CharField("姓名", max_length=50, blank=True)
    complainant_phone = models.CharField("手机号码", max_length=20, blank=True)
    complainant_id_number = models.CharField("身份证号", max_length=18, blank=True)
    complainant_address = models.CharField("联系地址", max_length=300, blank=True)

    # The respondent (被投诉人/被举报人) as filed, and the registry entry when recognised.
    merchant = models.ForeignKey(
        Merchant, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    respondent_name = models.CharField("被投诉人", max_length=200)
    respondent_credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    respondent_address = models.CharField("经营地址", max_length=300)

    occurred_on = models.DateField("消费/发生日期")
    amount = models.DecimalField("涉及金额（元）", null=True, blank=True, **MONEY)
    claim = models.TextField("诉求")
    facts = models.TextField("事实与理由")
    # Space-separated words of the respondent, claim and facts (textintel.segment), padded with
    # spaces so a word is found whole; PostgreSQL indexes it for full-text search.
    search_text = models.TextField(blank=True, editable=False)
    sector = models.CharField("行业", max_length=30, blank=True)
    problem_type = models.CharField("问题类别", max_length=20, blank=True)
    # Set when staff confirm or correct the category; until then sector and problem_type hold
    # the classifier's suggestion (fangxin.intel). Only confirmed cases train the next model.
    category_confirmed_at = models.DateTimeField("分类确认时间", null=True, blank=True)
    odr_consent = models.BooleanField("同意由经营者先行协商", default=False)

    linked_case = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联案件",
    )
    reply_text = models.TextField("答复内容", blank=True)
    outcome = models.CharField("办理结果", max_length=24, blank=True)
    outcome_note = models.TextField("结果说明", blank=True)
    recovered_amount = models.DecimalField("挽回经济损失（元）", null=True, blank=True, **MONEY)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("满意度", null=True, blank=True)
    satisfaction_comment = models.CharField("评价", max_length=500, blank=True)

    # The service station where the filing was taken (channel "station").
    station = models.ForeignKey(
        "merchants.ServiceStation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="受理服务站",
    )
    # The merchant's pledge in force when the complaint came in (its record of keeping it).
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="相关承诺",
    )
    # Users are deactivated, never deleted: no index for the PROTECT check.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "投诉举报咨询"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["bureau", "status", "received_at"]),
            models.Index(fields=["bureau", "-received_at", "-id"], name="case_bureau_recent"),
            models.Index(fields=["unit", "-received_at", "-id"], name="case_unit_recent"),
            # Unit queues filter by unit and bureau (isolation) and often status: a unit's
            # count then reads this index alone.
            models.Index(fields=["unit", "bureau", "status"], name="case_unit_bureau_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "external_id"],
                condition=~models.Q(external_id=""),
                name="case_external_id_unique_in_bureau",
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="case_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_no


class CaseEvent(models.Model):
    """The case's timeline: every status move and every recorded step, with who and why.
    `public_text` is what the complainant's status page shows (plain Chinese, nobody named)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    public_text = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self) -> str:
        return Status(self.to_status).label if self.to_status else ""


class CaseDeadline(models.Model):
    """One statutory clock of a case, computed on the calendar from its rule set."""

    class State(models.TextChoices):
        RUNNING = "running", "计时中"
        PAUSED = "paused", "暂停"
        MET = "met", "已完成"
        CANCELLED = "cancelled", "不再适用"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(max_length=60)
    label = models.CharField(max_length=100)
    starts_on = models.DateField()
    due_on = models.DateField(db_index=True)
    provisional = models.BooleanField(default=False)
    citation = models.CharField(max_length=300)
    rule_set_name = models.CharField(max_length=200)
    verified = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    extended = models.BooleanField(default=False)
    paused_working_days = models.PositiveSmallIntegerField(default=0)
    met_at = models.DateTimeField(null=True, blank=True)
    due_soon_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "key"], name="deadline_key_unique_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due_on}"


class TrackingCounter(models.Model):
    """The last number given per bureau, year and kind. Incremented under a row lock in the
    transaction that creates the case, so a number is never given twice."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "kind"], name="counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bureau_id}/{self.year}/{self.kind}: {self.last}"


class IdempotentRequest(models.Model):
    """A client's Idempotency-Key and the answer it got, so a retry gets the same answer."""

    key = models.CharField(max_length=100)
    scope = models.CharField(max_length=60)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"


def evidence_path(instance, filename: str) -> str:
    # Never the uploader's file name on disk: it is untrusted text.
    return f"evidence/{instance.case.bureau_id}/{instance.case.received_at:%Y}/{instance.token}"


class Evidence(models.Model):
    """A photo or PDF handed in with a filing. Served only through the case's access check."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class MediationSession(models.Model):
    class Method(models.TextChoices):
        ON_SITE = "on_site", "现场"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="mediation_sessions")
    held_at = models.DateTimeField("调解时间")
    method = models.CharField("方式", max_length=10, choices=Method.choices)
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.CharField("参加人员", max_length=500)
    summary = models.TextField("调解情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_at:%Y-%m-%d}"


class ClockPause(models.Model):
    """Time that does not count towards a clock (检测、检验、鉴定): the deadline moves on by the
    working days the pause lasted once it ends."""

    deadline = models.ForeignKey(CaseDeadline, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField("原因", max_length=200)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.starts_on}–{self.ends_on or ''}"


class FollowUp(models.Model):
    """回访: a call or visit after closure, and what the complainant said."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    held_at = models.DateTimeField("回访时间")
    method = models.CharField("方式", max_length=10, choices=MediationSession.Method.choices)
    note = models.TextField("回访情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} 回访 {self.held_at:%Y-%m-%d}"


class Notification(models.Model):
    """An in-platform message to a staff member or merchant (deadline reminders, new ODR
    cases). Read on the home page; SMS or e-mail gateways can be added behind the same record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class ImportBatch(models.Model):
    """One upload of a 12315 export: the file, the column mapping, the dry-run report and what
    the import did. Kept as the trail of where imported cases came from."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "已上传"
        CHECKED = "checked", "已检查"
        IMPORTED = "imported", "已导入"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to="imports/", max_length=200)
    filename = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    mapping = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    imported = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
