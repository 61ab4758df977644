"""Publicity in the workbench: the events list with totals, recording an event, its photos and
the complaints taken on site, publishing to the news page; articles."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.campaigns.models import Campaign
from fangxin.core.models import Unit
from fangxin.outreach import removal, selectors, services
from fangxin.outreach.forms import ArticleForm, CaseLinkForm, EventForm, PhotoForm
from fangxin.outreach.models import Article, EventPhoto, Kind, OutreachEvent, Venue
from fangxin.outreach.photos import photo_response
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of


def _campaign(user, year: str | None) -> Campaign | None:
    campaigns = Campaign.objects.filter(bureau_id=user.bureau_id)
    if year and year.isdigit():
        return campaigns.filter(year=int(year)).first()
    return campaigns.order_by("-year").first()


# --- events -------------------------------------------------------------------------------


@staff_required
def event_list(request):
    user = request.user
    campaign = _campaign(user, request.GET.get("year"))
    unit_id = request.GET.get("unit", "")
    q = request.GET.get("q", "").strip()[:50]
    filters = {
        "kind": request.GET.get("kind", ""),
        "venue": request.GET.get("venue", ""),
        "unit_id": int(unit_id) if unit_id.isdigit() else None,
        "q": q,
    }
    events = (
        selectors.event_list_for_bureau(user.bureau_id, campaign=campaign, **filters)
        if campaign
        else OutreachEvent.objects.none()
    )
    rows = (
        events.select_related("unit")
        .annotate(
            onsite_cases=Count("case_links", distinct=True),
            photo_count=Count("photos", distinct=True),
        )
        .order_by("-held_on", "-id")
    )
    return render(
        request,
        "outreach/staff_events.html",
        {
            "campaign": campaign,
            "years": Campaign.objects.filter(bureau_id=user.bureau_id).values_list(
                "year", flat=True
            ),
            "totals": selectors.outreach_totals_for_events(events),
            "filters": filters,
            "kinds": Kind.choices,
            "venues": Venue.choices,
            "units": Unit.objects.filter(bureau_id=user.bureau_id),
            **page_of(request, rows, 30),
        },
    )


@staff_required
def event_new(request):
    user = request.user
    campaign = _campaign(user, request.GET.get("year"))
    initial = {"campaign": campaign, "kind": request.GET.get("kind", "")}
    form = EventForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=user, campaign=form.cleaned_data["campaign"], **form.service_kwargs()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "宣传活动已登记。")
            return redirect("outreach_staff:event", event_id=event.pk)
    return render(
        request,
        "outreach/staff_event_form.html",
        {"form": form, "event": None},
        status=400 if request.method == "POST" else 200,
    )


def _event_page(request, event, access, *, photo_form=None, case_form=None, status=200):
    case_rows, hidden_cases = selectors.event_case_rows(request.user, event)
    return render(
        request,
        "outreach/staff_event.html",
        {
            "event": event,
            "access": access,
            "photos": event.photos.all(),
            "case_rows": case_rows,
            "hidden_cases": hidden_cases,
            "articles": event.articles.all(),
            "photo_form": photo_form or PhotoForm(),
            "case_form": case_form or CaseLinkForm(),
        },
        status=status,
    )


@staff_required
def event_detail(request, event_id: int):
    event, access = selectors.event_get_for_user(request.user, event_id)
    return _event_page(request, event, access)


def _editable(user, event_id: int):
    event, access = selectors.event_get_for_user(user, event_id)
    if not access.can_edit:
        raise PermissionDenied("只能修改本人所在单位的宣传活动。")
    return event, access


@staff_required
def event_edit(request, event_id: int):
    event, _ = _editable(request.user, event_id)
    form = EventForm(request.POST or None, user=request.user, initial=EventForm.initial_for(event))
    # The campaign is fixed once an event is recorded.
    form.fields["campaign"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, **form.service_kwargs())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "宣传活动已修改。")
            return redirect("outreach_staff:event", event_id=event.pk)
    return render(
        request,
        "outreach/staff_event_form.html",
        {"form": form, "event": event},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def photo_add(request, event_id: int):
    event, access = _editable(request.user, event_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_photo_add(
                actor=request.user,
                event=event,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "照片已上传。")
            return redirect("outreach_staff:event", event_id=event.pk)
    return _event_page(request, event, access, photo_form=form, status=400)


@staff_required
@require_POST
def photo_remove(request, event_id: int, photo_id: int):
    event, _ = _editable(request.user, event_id)
    photo = EventPhoto.objects.filter(pk=photo_id, event=event).first()
    if photo is None:
        raise Http404
    try:
        services.event_photo_remove(actor=request.user, photo=photo)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, "照片已删除。")
    return redirect("outreach_staff:event", event_id=event.pk)


@staff_required
def photo(request, token: str):
    found = selectors.photo_get_for_user(request.user, token)
    return photo_response(found.file, found.content_type, public=False)


@staff_required
@require_POST
def case_link(request, event_id: int):
    event, access = _editable(request.user, event_id)
    form = CaseLinkForm(request.POST)
    if form.is_valid():
        try:
            link = services.event_case_link(
                actor=request.user, event=event, tracking_no=form.cleaned_data["tracking_no"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已关联现场受理的案件 {link.case.tracking_no}。")
            return redirect("outreach_staff:event", event_id=event.pk)
    return _event_page(request, event, access, case_form=form, status=400)


@staff_required
@require_POST
def case_unlink(request, event_id: int, link_id: int):
    event, _ = _editable(request.user, event_id)
    link = event.case_links.select_related("case", "event").filter(pk=link_id).first()
    if link is None:
        raise Http404
    services.event_case_unlink(actor=request.user, link=link)
    messages.success(request, f"已取消关联 {link.case.tracking_no}。")
    return redirect("outreach_staff:event", event_id=event.pk)


def _state_change(request, service, obj, done: str, target: str, **kwargs):
    try:
        service(actor=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, done)
    return redirect(target, obj.pk)


@staff_required
@require_POST
def event_publish(request, event_id: int):
    event, access = selectors.event_get_for_user(request.user, event_id)
    if not access.can_publish:
        raise PermissionDenied("只有本局单位负责人或局领导可以发布。")
    return _state_change(
        request,
        services.event_publish,
        event,
        "活动已发布到新闻页。",
        "outreach_staff:event",
        event=event,
    )


@staff_required
@require_POST
def event_unpublish(request, event_id: int):
    event, access = selectors.event_get_for_user(request.user, event_id)
    if not access.can_publish:
        raise PermissionDenied("只有本局单位负责人或局领导可以撤回。")
    return _state_change(
        request,
        services.event_unpublish,
        event,
        "活动已从新闻页撤回。",
        "outreach_staff:event",
        event=event,
    )


# --- articles -----------------------------------------------------------------------------


@staff_required
def article_list(request):
    user = request.user
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        initial={"campaign": _campaign(user, None)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                actor=user,
                campaign=data["campaign"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                event=data["event"],
                cover=data["cover"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "文章已保存为草稿。")
            return redirect("outreach_staff:article", article_id=article.pk)
    rows = Article.objects.filter(campaign__bureau_id=user.bureau_id).select_related(
        "campaign", "author"
    )
    return render(
        request,
        "outreach/staff_articles.html",
        {"form": form, **page_of(request, rows.order_by("-created_at", "-id"), 30)},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def article_detail(request, article_id: int):
    user = request.user
    article, can_publish = selectors.article_get_for_user(user, article_id)
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        user=user,
        editing=True,
        initial={
            "kind": article.kind,
            "title": article.title,
            "body": article.body,
            "event": article.event,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                actor=user,
                article=article,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                event=data["event"],
                cover=data["cover"],
                remove_cover=data["remove_cover"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "文章已修改。")
            return redirect("outreach_staff:article", article_id=article.pk)
    return render(
        request,
        "outreach/staff_article.html",
        {"article": article, "form": form, "can_publish": can_publish},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def article_publish(request, article_id: int):
    article, can_publish = selectors.article_get_for_user(request.user, article_id)
    if not can_publish:
        raise PermissionDenied("只有本局单位负责人或局领导可以发布。")
    return _state_change(
        request,
        services.article_publish,
        article,
        "文章已发布到新闻页。",
        "outreach_staff:article",
        article=article,
    )


@staff_required
@require_POST
def article_unpublish(request, article_id: int):
    article, can_publish = selectors.article_get_for_user(request.user, article_id)
    if not can_publish:
        raise PermissionDenied("只有本局单位负责人或局领导可以撤回。")
    return _state_change(
        request,
        services.article_unpublish,
        article,
        "文章已从新闻页撤回。",
        "outreach_staff:article",
        article=article,
    )


@staff_required
def article_cover(request, article_id: int):
    article, _ = selectors.article_get_for_user(request.user, article_id)
    if not article.cover:
        raise Http404
    return photo_response(article.cover, article.cover_type, public=False)


@staff_required
@require_POST
def event_delete(request, event_id: int):
    event, access = selectors.event_get_for_user(request.user, event_id)
    if not access.can_edit:
        raise PermissionDenied("只能删除本人所在单位的宣传活动。")
    try:
        removal.event_delete(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
        return redirect("outreach_staff:event", event_id=event.pk)
    messages.success(request, f"活动“{event.title}”已删除。")
    return redirect("outreach_staff:events")


@staff_required
@require_POST
def article_delete(request, article_id: int):
    article, _ = selectors.article_get_for_user(request.user, article_id)
    try:
        removal.article_delete(actor=request.user, article=article)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
        return redirect("outreach_staff:article", article_id=article.pk)
    messages.success(request, f"文章“{article.title}”已删除。")
    return redirect("outreach_staff:articles")
