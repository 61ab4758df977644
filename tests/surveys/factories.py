"""Surveys built through the services, as a unit head builds them on the page."""

import datetime

from django.utils import timezone

from fangxin.surveys import services
from fangxin.surveys.models import Survey
from tests.campaigns.factories import campaign


def survey(org, personas, *, mode=Survey.Mode.ANONYMOUS, open_it=True, title="消费环境满意度测评"):
    """Four questions: 1 single (是/否), 2 multiple shown only when 1 is 是, 3 a required
    rating out of 5, 4 an optional comment."""
    head = personas["head"]
    now = timezone.now()
    built = services.survey_create(
        actor=head,
        bureau=org["bureau"],
        campaign=campaign(org),
        title=title,
        mode=mode,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=7),
    )
    dispute = services.question_add(
        actor=head, survey=built, kind="single", text="近一年是否遇到过消费纠纷？",
        options=["是", "否"],
    )  # fmt: skip
    services.question_add(
        actor=head, survey=built, kind="multiple", text="通过什么途径解决？",
        options=["协商", "12315", "消协"], depends_on=dispute, depends_value="是",
    )  # fmt: skip
    services.question_add(actor=head, survey=built, kind="rating", text="总体满意度", scale_max=5)
    services.question_add(actor=head, survey=built, kind="text", text="意见和建议", required=False)
    if open_it:
        services.survey_transition(actor=head, survey=built, action="open")
        built.refresh_from_db()
    return built


def questions(built):
    """The four questions by position."""
    return {q.position: q for q in built.questions.all()}


def form(built, *, dispute="否", channels=(), rating="4", comment=""):
    """The public form's POST data; `dispute` and `channels` are option texts."""
    q = questions(built)
    data = {}
    if dispute is not None:
        data[q[1].field_name] = str(q[1].options.index(dispute))
    if channels:
        data[q[2].field_name] = [str(q[2].options.index(c)) for c in channels]
    if rating is not None:
        data[q[3].field_name] = rating
    if comment:
        data[q[4].field_name] = comment
    return data


def answers(built, **kwargs):
    """The same answers as the service takes them: question id → list of strings."""
    by_name = {q.field_name: q.pk for q in built.questions.all()}
    return {
        by_name[name]: value if isinstance(value, list) else [value]
        for name, value in form(built, **kwargs).items()
    }
