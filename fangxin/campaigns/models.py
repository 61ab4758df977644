from django.db import models

from fangxin.core.models import Bureau


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
