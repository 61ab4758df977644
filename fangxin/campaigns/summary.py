"""The campaign's figures for the summary report to the higher level (活动总结报送): cases and
money recovered during the campaign, the plan's tasks, the quiz, the selections, the surveys
and the publicity events. One list of sections, shown on a page and exported to XLSX."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from fangxin.campaigns.models import Campaign


@dataclass
class Section:
    title: str
    rows: list[tuple[str, object]] = field(default_factory=list)


def _window(campaign: Campaign) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(campaign.starts_on, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        campaign.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return start, end


def _cases(campaign: Campaign) -> Section:
    from fangxin.complaints.models import Case, Channel, Kind

    start, end = _window(campaign)
    cases = Case.objects.filter(
        bureau_id=campaign.bureau_id, received_at__gte=start, received_at__lt=end
    )
    tally = cases.aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(closed_at__isnull=False)),
        recovered=Sum("recovered_amount"),
        **{kind: Count("id", filter=Q(kind=kind)) for kind in Kind.values},
        **{f"ch_{c}": Count("id", filter=Q(channel=c)) for c in Channel.values},
    )
    section = Section(
        f"投诉举报（{campaign.starts_on:%Y年%-m月%-d日}至{campaign.ends_on:%-m月%-d日}）"
    )
    section.rows.append(("受理登记总数（件）", tally["total"]))
    for kind, label in Kind.choices:
        section.rows.append((f"其中{label}（件）", tally[kind]))
    section.rows.append(("已办结（件）", tally["closed"]))
    recovered = Decimal(tally["recovered"] or 0).quantize(Decimal("0.01"))
    section.rows.append(("挽回经济损失（元）", recovered))
    for channel, label in Channel.choices:
        if tally[f"ch_{channel}"]:
            section.rows.append((f"来源：{label}（件）", tally[f"ch_{channel}"]))
    return section


def _tasks(campaign: Campaign) -> Section:
    tasks = campaign.tasks.aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(done_at__isnull=False)),
        late=Count("id", filter=Q(done_at__isnull=True, due_on__lt=timezone.localdate())),
    )
    return Section(
        "活动方案任务",
        [("任务数", tasks["total"]), ("已完成", tasks["done"]), ("逾期未完成", tasks["late"])],
    )


def _quiz(campaign: Campaign) -> Section:
    from fangxin.engagement.models import QuizAnswer, QuizAttempt

    attempts = QuizAttempt.objects.filter(quiz__campaign=campaign)
    figures = attempts.aggregate(attempts=Count("id"), participants=Count("phone", distinct=True))
    winners = sum(len(q.draw_winners) for q in campaign.quizzes.all())
    return Section(
        "有奖知识答题",
        [
            ("答题活动（场）", campaign.quizzes.count()),
            ("参与人数（手机号）", figures["participants"]),
            ("答题人次", figures["attempts"]),
            ("答题条数", QuizAnswer.objects.filter(attempt__quiz__campaign=campaign).count()),
            ("中奖人数", winners),
        ],
    )


def _surveys(campaign: Campaign) -> Section:
    from fangxin.surveys.models import Survey, SurveyAnswer, SurveyResponse

    surveys = Survey.objects.filter(campaign=campaign)
    comments = SurveyAnswer.objects.filter(response__survey__campaign=campaign).exclude(
        sentiment=""
    )
    moods = dict(comments.values_list("sentiment").annotate(n=Count("id")))
    section = Section(
        "满意度测评",
        [
            ("测评（项）", surveys.count()),
            ("答卷（份）", SurveyResponse.objects.filter(survey__campaign=campaign).count()),
            ("文字意见（条）", sum(moods.values())),
        ],
    )
    for value, label in SurveyAnswer.Sentiment.choices:
        section.rows.append((f"其中{label}（条）", moods.get(value, 0)))
    return section


def _outreach(campaign: Campaign) -> Section:
    from fangxin.outreach.selectors import outreach_totals

    totals = outreach_totals(campaign)
    section = Section("宣传活动", [("活动（场）", totals.events)])
    section.rows += [(f"其中{label}（场）", n) for label, n in totals.kind_rows if n]
    section.rows += [(f"五进·{label}（场）", n) for label, n in totals.venue_rows if n]
    section.rows += [
        ("受众（人次）", totals.audience),
        ("发放宣传资料（份）", totals.materials),
        ("现场咨询（人次）", totals.consultations),
        ("现场受理投诉（件）", totals.onsite_cases),
        ("发布报道和法律专栏（篇）", totals.articles_published),
    ]
    return section


SECTIONS = [_cases, _tasks, _quiz, _surveys, _outreach]


def campaign_summary(campaign: Campaign) -> list[Section]:
    return [build(campaign) for build in SECTIONS]


def summary_rows(sections: list[Section]) -> list[tuple[str, str, object]]:
    """The sections flattened for a spreadsheet: (section, item, value)."""
    return [(s.title, label, value) for s in sections for label, value in s.rows]
