from django.core.validators import RegexValidator
from django.db import models


class Bureau(models.Model):
    """A county or city 市场监督管理局. Every record that belongs to a bureau carries this key,
    and every selector filters by it: a province may host all its counties in one installation."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, help_text="用于文号，例如“兴市监”")
    region = models.CharField("所属地区", max_length=100, blank=True)
    division_code = models.CharField(
        "行政区划代码",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{6}$", "行政区划代码应为6位数字。")],
        help_text="GB/T 2260 六位代码，用于案件编号，例如兴县 141123",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "市场监督管理局"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class Kind(models.TextChoices):
        SECTION = "section", "股室"
        OFFICE = "office", "市场监管所"
        SQUAD = "squad", "中队"

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="units")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    phone = models.CharField("办公电话", max_length=30, blank=True)
    # The coordinating unit (typically 消费者权益保护股) sees every case of the bureau and
    # works the triage queue; other units see their own cases.
    is_coordinator = models.BooleanField("统筹单位", default=False)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "股室/所/中队"
        ordering = ["bureau", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="unit_name_unique_in_bureau")
        ]

    def __str__(self) -> str:
        return self.name


class Township(models.Model):
    """A 乡镇/街道. `unit` is the unit whose territory it is: one unit per township, so routing
    by township is never ambiguous."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="townships")
    name = models.CharField("名称", max_length=50)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="townships",
        verbose_name="辖区单位",
    )

    class Meta:
        verbose_name = "乡镇/街道"
        ordering = ["bureau", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "name"], name="township_unique_in_bureau")
        ]

    def __str__(self) -> str:
        return self.name


class HolidayNotice(models.Model):
    """The State Council's yearly notice on holidays. A year with a notice is computed on
    official data; a year without one falls back to the provisional statutory calendar."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    title = models.CharField("通知标题", max_length=200)
    document_number = models.CharField("文号", max_length=50, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    source = models.CharField("来源", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日安排通知"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class CalendarDay(models.Model):
    """An exception to the Monday–Friday rule in a year that has a notice."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        ADJUSTED_WORKING_DAY = "adjusted_working_day", "调休上班"

    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    name = models.CharField("节日", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class RuleSet(models.Model):
    """A versioned set of legal time limits. A case uses the rule set in force on its receipt
    date, so a change of law never rewrites the deadlines of older cases."""

    code = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=200)
    citation = models.CharField("依据", max_length=300)
    effective_from = models.DateField("施行日期", unique=True)
    verified = models.BooleanField(
        "已核实", default=True, help_text="未核实的规则集在界面上标注“待核实”"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "法定时限规则集"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return self.name


class TimeLimit(models.Model):
    class DayKind(models.TextChoices):
        WORKING = "working", "工作日"
        CALENDAR = "calendar", "自然日"

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="limits")
    key = models.CharField("键", max_length=60, help_text="例如 complaint.acceptance")
    label = models.CharField("名称", max_length=100)
    days = models.PositiveSmallIntegerField("期限")
    day_kind = models.CharField(
        "计算方式", max_length=10, choices=DayKind.choices, default=DayKind.WORKING
    )
    extension_days = models.PositiveSmallIntegerField("可延长", default=0)
    article = models.CharField("条款", max_length=200)
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "法定时限"
        ordering = ["rule_set", "key"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "key"], name="time_limit_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.days}个{self.get_day_kind_display()}"


class LegalGround(models.Model):
    """A statutory ground a decision must cite: refusing a complaint (不予受理) or ending
    mediation (终止调解). Versioned with its rule set, like the time limits."""

    class Purpose(models.TextChoices):
        REFUSAL = "refusal", "不予受理"
        TERMINATION = "termination", "终止调解"

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="grounds")
    purpose = models.CharField("用途", max_length=12, choices=Purpose.choices)
    code = models.CharField("编号", max_length=20, help_text="例如 15-1")
    text = models.CharField("情形", max_length=300)
    article = models.CharField("条款", max_length=200)

    class Meta:
        verbose_name = "法定情形"
        ordering = ["rule_set", "purpose", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "purpose", "code"], name="legal_ground_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article}：{self.text}"


class ReferenceStamp(models.Model):
    """One row whose token changes, by database trigger, on every write to the reference tables
    (bureaus, units, townships, rule sets, time limits, the holiday table). Processes cache
    those tables keyed by the token (`fangxin.core.refcache`): one small query tells them
    whether their copy is current, whatever path — service, admin, migration, SQL — wrote."""

    token = models.CharField(max_length=40)

    class Meta:
        verbose_name = "参考数据版本"

    def __str__(self) -> str:
        return self.token
