"""Publicity work of a 3·15 campaign (宣传活动): the launch ceremony, 五进 events, lectures and
law-column pieces, with their photos and the complaints taken on site; and the articles the
public news page shows."""

from django.conf import settings
from django.db import models

from fangxin.campaigns.models import Campaign, CampaignTask
from fangxin.core.models import Unit


class Kind(models.TextChoices):
    LAUNCH = "launch", "启动仪式"
    FIVE_IN = "five_in", "五进"
    LECTURE = "lecture", "讲座"
    COLUMN = "column", "法律专栏"
    OTHER = "other", "其他"


class Venue(models.TextChoices):
    """Where a 五进 event went (GLOSSARY: outreach_event.venue)."""

    COMMUNITY = "community", "社区"
    SCHOOL = "school", "学校"
    VILLAGE = "village", "农村"
    ENTERPRISE = "enterprise", "企业"
    MALL = "mall", "商场"


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class OutreachEvent(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="outreach_events", verbose_name="活动"
    )
    task = models.ForeignKey(
        CampaignTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach_events",
        verbose_name="对应方案任务",
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    venue = models.CharField("五进场所", max_length=12, choices=Venue.choices, blank=True)
    title = models.CharField("标题", max_length=100)
    held_on = models.DateField("活动日期")
    place = models.CharField("地点", max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="outreach_events", verbose_name="承办单位"
    )
    audience_size = models.PositiveIntegerField("参与群众（人次）", default=0)
    materials_count = models.PositiveIntegerField("发放宣传资料（份）", default=0)
    materials = models.CharField("宣传资料内容", max_length=500, blank=True)
    consultations_count = models.PositiveIntegerField("现场咨询（人次）", default=0)
    summary = models.TextField("活动简介", blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "宣传活动"
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(fields=["campaign", "-held_on", "-id"], name="outreach_campaign_recent"),
        ]
        constraints = [
            # A 五进 event names its venue; other kinds have none.
            models.CheckConstraint(
                condition=(models.Q(kind="five_in") & ~models.Q(venue=""))
                | (~models.Q(kind="five_in") & models.Q(venue="")),
                name="outreach_venue_iff_five_in",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        """“五进·社区” for a 五进 event, else the kind's name."""
        if self.kind == Kind.FIVE_IN and self.venue:
            return f"五进·{self.get_venue_display()}"
        return self.get_kind_display()


class EventPhoto(models.Model):
    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="photos")
    # Random, with the suffix of the sniffed type: the file's address and its name on disk.
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(upload_to="outreach-photos/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    caption = models.CharField("说明", max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "活动照片"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.caption or self.token


class OutreachCase(models.Model):
    """A complaint or report taken at the event (channel window or station). A case is taken
    at one place: it is linked to one event at most."""

    event = models.ForeignKey(OutreachEvent, on_delete=models.CASCADE, related_name="case_links")
    case = models.OneToOneField(
        "complaints.Case", on_delete=models.PROTECT, related_name="outreach_link"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "现场受理投诉"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.case_id}"


class Article(models.Model):
    """A news item on the public page (宣传报道, 法律专栏文章). The body is plain text: blank
    lines separate paragraphs, and nothing in it is read as HTML."""

    class Kind(models.TextChoices):
        NEWS = "news", "活动报道"
        COLUMN = "column", "法律专栏"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="articles", verbose_name="活动"
    )
    event = models.ForeignKey(
        OutreachEvent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="相关宣传活动",
    )
    kind = models.CharField("栏目", max_length=10, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    cover = models.FileField("封面图片", upload_to="outreach-covers/", blank=True, max_length=200)
    cover_type = models.CharField(max_length=40, blank=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "宣传文章"
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["campaign", "state", "-published_at"], name="article_public"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published") | models.Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title
