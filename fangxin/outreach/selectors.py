"""Reading publicity events and articles: the staff's access helpers, the totals a campaign
summary shows, and what the public news page may show (published items only, no cases)."""

from dataclasses import dataclass, field, replace

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from fangxin.campaigns.models import Campaign
from fangxin.campaigns.selectors import campaign_current
from fangxin.complaints.access import case_scope_for_user
from fangxin.outreach import services
from fangxin.outreach.models import (
    Article,
    EventPhoto,
    Kind,
    OutreachCase,
    OutreachEvent,
    State,
    Venue,
)


@dataclass(frozen=True)
class OutreachTotals:
    """Sums over a set of events. `by_kind` and `by_venue` have every key (Kind/Venue values),
    zero when none."""

    events: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_venue: dict[str, int] = field(default_factory=dict)
    audience: int = 0
    materials: int = 0
    consultations: int = 0
    onsite_cases: int = 0
    articles_published: int = 0

    @property
    def kind_rows(self) -> list[tuple[str, int]]:
        """[(“启动仪式”, 1), …] in the order of Kind, for templates."""
        return [(label, self.by_kind.get(value, 0)) for value, label in Kind.choices]

    @property
    def venue_rows(self) -> list[tuple[str, int]]:
        return [(label, self.by_venue.get(value, 0)) for value, label in Venue.choices]


def outreach_totals_for_events(events: QuerySet[OutreachEvent]) -> OutreachTotals:
    """Totals of the given events (any filter); `articles_published` is left at 0."""
    sums = events.aggregate(
        n=Count("id"),
        audience=Sum("audience_size"),
        materials=Sum("materials_count"),
        consultations=Sum("consultations_count"),
    )
    by_kind = dict.fromkeys(Kind.values, 0)
    for row in events.order_by().values("kind").annotate(n=Count("id")):
        by_kind[row["kind"]] = row["n"]
    by_venue = dict.fromkeys(Venue.values, 0)
    five_in = events.filter(kind=Kind.FIVE_IN).order_by()
    for row in five_in.values("venue").annotate(n=Count("id")):
        by_venue[row["venue"]] = row["n"]
    return OutreachTotals(
        events=sums["n"] or 0,
        by_kind=by_kind,
        by_venue=by_venue,
        audience=sums["audience"] or 0,
        materials=sums["materials"] or 0,
        consultations=sums["consultations"] or 0,
        onsite_cases=OutreachCase.objects.filter(event__in=events.values("pk")).count(),
    )


def outreach_totals(campaign: Campaign, *, published_only: bool = False) -> OutreachTotals:
    """The campaign's publicity in numbers: events by kind and by 五进 venue, audience,
    materials handed out, on-site consultations, complaints taken on site, published articles.
    `published_only` counts what the public page shows."""
    events = OutreachEvent.objects.filter(campaign=campaign)
    articles = Article.objects.filter(campaign=campaign, state=State.PUBLISHED)
    if published_only:
        events = events.filter(state=State.PUBLISHED)
    return replace(outreach_totals_for_events(events), articles_published=articles.count())


# --- staff --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventAccess:
    can_edit: bool  # the event's data, photos, on-site cases
    can_publish: bool


def event_list_for_bureau(
    bureau_id: int,
    *,
    campaign: Campaign | None = None,
    kind: str = "",
    venue: str = "",
    unit_id: int | None = None,
    q: str = "",
) -> QuerySet[OutreachEvent]:
    events = OutreachEvent.objects.filter(campaign__bureau_id=bureau_id)
    if campaign is not None:
        events = events.filter(campaign=campaign)
    if kind in Kind.values:
        events = events.filter(kind=kind)
    if venue in Venue.values:
        events = events.filter(venue=venue)
    if unit_id:
        events = events.filter(unit_id=unit_id)
    if q:
        events = events.filter(Q(title__icontains=q) | Q(place__icontains=q))
    return events


def event_get_for_user(user, pk: int) -> tuple[OutreachEvent, EventAccess]:
    """An event of the user's bureau and what they may do with it, or 404."""
    event = (
        OutreachEvent.objects.select_related("campaign", "unit", "task", "created_by")
        .filter(pk=pk, campaign__bureau_id=user.bureau_id)
        .first()
    )
    if event is None or not user.is_bureau_staff:
        raise Http404
    return event, EventAccess(
        can_edit=services.may_record_for(user, event.unit),
        can_publish=services.may_publish(user, event.campaign),
    )


@dataclass(frozen=True)
class CaseRow:
    tracking_no: str
    kind: str
    category: str  # sector · problem type, or ""
    link_id: int


def event_case_rows(user, event: OutreachEvent) -> tuple[list[CaseRow], int]:
    """The cases taken at the event that the viewer may see (tracking number and category,
    never the person), and how many others there are."""
    links = list(event.case_links.select_related("case").order_by("id"))
    visible = set(
        case_scope_for_user(user)
        .filter(pk__in=[link.case_id for link in links])
        .values_list("pk", flat=True)
    )
    rows = [
        CaseRow(
            tracking_no=link.case.tracking_no,
            kind=link.case.get_kind_display(),
            category=" · ".join(x for x in (link.case.sector, link.case.problem_type) if x),
            link_id=link.pk,
        )
        for link in links
        if link.case_id in visible
    ]
    return rows, len(links) - len(rows)


def article_get_for_user(user, pk: int) -> tuple[Article, bool]:
    """(article, may publish) for staff of the article's bureau, or 404."""
    article = (
        Article.objects.select_related("campaign", "event", "author")
        .filter(pk=pk, campaign__bureau_id=user.bureau_id)
        .first()
    )
    if article is None or not user.is_bureau_staff:
        raise Http404
    return article, services.may_publish(user, article.campaign)


def photo_get_for_user(user, token: str) -> EventPhoto:
    photo = (
        EventPhoto.objects.select_related("event")
        .filter(token=token, event__campaign__bureau_id=user.bureau_id)
        .first()
    )
    if photo is None or not user.is_bureau_staff:
        raise Http404
    return photo


# --- public -------------------------------------------------------------------------------


def campaign_for_news(campaign_id: str | None, *, bureau_id: int | None) -> Campaign | None:
    """The campaign the news page shows: the one asked for, else the newest (the visitor's
    bureau's for its staff)."""
    if campaign_id and campaign_id.isdigit():
        found = Campaign.objects.select_related("bureau").filter(pk=int(campaign_id)).first()
        if found is None:
            raise Http404
        return found
    return campaign_current(bureau_id=bureau_id)


def campaigns_with_news(*, exclude: Campaign | None = None) -> QuerySet[Campaign]:
    """Campaigns with something published, for the news page's list of other campaigns."""
    published = Q(articles__state=State.PUBLISHED) | Q(outreach_events__state=State.PUBLISHED)
    campaigns = Campaign.objects.filter(published).select_related("bureau").distinct()
    if exclude is not None:
        campaigns = campaigns.exclude(pk=exclude.pk)
    return campaigns.order_by("-year", "bureau__name")


@dataclass(frozen=True)
class NewsItem:
    kind: str  # "article" or "event"
    obj: object
    label: str  # 法律专栏, 五进·社区 …
    day: object  # date shown and sorted on


def news_feed(campaign: Campaign) -> list[NewsItem]:
    """Published articles and events of the campaign, newest first."""
    items = [
        NewsItem("article", a, a.get_kind_display(), timezone.localdate(a.published_at))
        for a in Article.objects.filter(campaign=campaign, state=State.PUBLISHED)
    ]
    events = OutreachEvent.objects.filter(campaign=campaign, state=State.PUBLISHED)
    items += [NewsItem("event", e, e.kind_label, e.held_on) for e in events.select_related("unit")]
    items.sort(key=lambda item: (item.day, item.kind == "article", item.obj.pk), reverse=True)
    return items


def article_get_public(pk: int) -> Article:
    article = (
        Article.objects.select_related("campaign__bureau", "event")
        .filter(pk=pk, state=State.PUBLISHED)
        .first()
    )
    if article is None:
        raise Http404
    return article


def event_get_public(pk: int) -> OutreachEvent:
    event = (
        OutreachEvent.objects.select_related("campaign__bureau", "unit")
        .annotate(onsite_cases=Count("case_links"))
        .filter(pk=pk, state=State.PUBLISHED)
        .first()
    )
    if event is None:
        raise Http404
    return event


def photo_get_public(token: str) -> EventPhoto:
    photo = EventPhoto.objects.filter(token=token, event__state=State.PUBLISHED).first()
    if photo is None:
        raise Http404
    return photo
