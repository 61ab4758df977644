from django.conf import settings
from django.db import models

from fangxin.core.models import Bureau, Unit


class Campaign(models.Model):
    """A 3·15 campaign of one bureau (年度主题, dates). The campaign-plan issue adds tasks,
    leading group and progress; here it carries what the public home page shows."""

    bureau = models.ForeignKey(Bureau, on_delete=models.PROTECT, related_name="campaigns")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    theme = models.CharField("年主题", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    document_number = models.CharField("文号", max_length=50, blank=True)
    leader = models.CharField("领导组组长", max_length=50, blank=True, default="")
    deputies = models.CharField("副组长", max_length=200, blank=True, default="")
    group_members = models.CharField("成员", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "3·15活动"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="campaign_year_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignTask(models.Model):
    """One task of the campaign plan, assigned to one or more units (工作重点, 具体安排)."""

    class Kind(models.TextChoices):
        LAUNCH = "launch", "启动仪式"
        PUBLICITY = "publicity_five_in", "宣传（五进、讲座、专栏）"
        QUIZ = "quiz", "有奖知识答题"
        SELECTION = "selection", "评选表彰"
        SURVEY = "survey", "满意度测评"
        DESTRUCTION = "destruction", "集中销毁"
        FOOD_TEST = "food_test", "食品快检"
        COMPLAINTS = "complaint_handling", "投诉受理"
        CLAUSES = "clause_review", "格式条款点评"
        ENFORCEMENT = "enforcement", "执法检查"
        OPINION = "opinion_monitoring", "舆情监测"
        SUMMARY = "summary_report", "总结报送"
        OTHER = "other", "其他"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tasks")
    code = models.CharField("编号", max_length=10)
    section = models.CharField("方案条目", max_length=20, blank=True)
    title = models.CharField("任务", max_length=60)
    description = models.TextField("内容", blank=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    units = models.ManyToManyField(Unit, related_name="+", verbose_name="责任单位")
    due_on = models.DateField("完成时限", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "活动任务"
        ordering = ["campaign", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="campaigntask_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TaskReport(models.Model):
    """A unit's progress report on a task (进展报送), with an optional attachment."""

    task = models.ForeignKey(CampaignTask, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    progress = models.PositiveSmallIntegerField("完成进度（%）")
    text = models.TextField("进展情况")
    attachment = models.FileField("附件", upload_to="campaign-reports/", blank=True, max_length=200)
    attachment_name = models.CharField(max_length=200, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "任务进展"
        ordering = ["task", "-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="taskreport_progress"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.unit}：{self.progress}%"
