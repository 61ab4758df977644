"""The public news page (/news/): published articles and publicity events of a campaign.
Nothing here reads a case or a person: events show only how many complaints were taken."""

from django.http import Http404
from django.shortcuts import render

from fangxin.outreach import selectors
from fangxin.outreach.models import State
from fangxin.outreach.photos import photo_response
from fangxin.web.paging import page_of


def news(request):
    bureau_id = request.user.bureau_id if request.user.is_authenticated else None
    campaign = selectors.campaign_for_news(request.GET.get("campaign"), bureau_id=bureau_id)
    feed = selectors.news_feed(campaign) if campaign else []
    return render(
        request,
        "outreach/news.html",
        {
            "campaign": campaign,
            "totals": selectors.outreach_totals(campaign, published_only=True)
            if campaign
            else None,
            "others": selectors.campaigns_with_news(exclude=campaign)[:20],
            **page_of(request, feed, 12),
        },
    )


def article(request, article_id: int):
    found = selectors.article_get_public(article_id)
    event = found.event if found.event and found.event.state == State.PUBLISHED else None
    return render(request, "outreach/news_article.html", {"article": found, "event": event})


def event(request, event_id: int):
    found = selectors.event_get_public(event_id)
    return render(
        request,
        "outreach/news_event.html",
        {
            "event": found,
            "photos": found.photos.all(),
            "articles": found.articles.filter(state=State.PUBLISHED),
        },
    )


def photo(request, token: str):
    found = selectors.photo_get_public(token)
    return photo_response(found.file, found.content_type, public=True)


def article_cover(request, article_id: int):
    found = selectors.article_get_public(article_id)
    if not found.cover:
        raise Http404
    return photo_response(found.cover, found.cover_type, public=True)
