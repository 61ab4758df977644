"""点评 pages: staff compose a review from confirmed findings and publish it; the public reads
published reviews by sector."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.clauses import publication as services
from fangxin.clauses.models import ClauseFinding, ClauseReviewPublication, PublicationItem
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of


class PublicationForm(forms.Form):
    title = forms.CharField(label="标题", max_length=120)
    introduction = forms.CharField(
        label="导语", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="点评", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    show_merchant = forms.BooleanField(label="公开经营者名称", required=False)


def _publication(user, pk: int) -> ClauseReviewPublication:
    found = ClauseReviewPublication.objects.filter(pk=pk, bureau_id=user.bureau_id).first()
    if found is None:
        raise Http404
    return found


@staff_required
def publication_list(request):
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.publication_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("clauses_staff:publication", publication_id=created.pk)
    rows = ClauseReviewPublication.objects.filter(bureau_id=request.user.bureau_id)
    return render(
        request,
        "clauses/publication_list.html",
        {"form": form, **page_of(request, rows, 30)},
        status=400 if request.method == "POST" else 200,
    )


def _candidates(publication):
    used = publication.items.values("finding_id")
    return (
        ClauseFinding.objects.filter(
            document__bureau_id=publication.bureau_id, decision=ClauseFinding.Decision.CONFIRMED
        )
        .exclude(pk__in=used)
        .select_related("document__merchant")
        .order_by("-decided_at")[:100]
    )


@staff_required
def publication_detail(request, publication_id: int, item_form=None, status=200):
    publication = _publication(request.user, publication_id)
    return render(
        request,
        "clauses/publication_detail.html",
        {
            "publication": publication,
            "items": publication.items.select_related("finding"),
            "candidates": _candidates(publication) if publication.status == "draft" else [],
            "item_form": item_form,
        },
        status=status,
    )


@staff_required
@require_POST
def publication_action(request, publication_id: int, action: str):
    publication = _publication(request.user, publication_id)
    try:
        if action == "add":
            form = ItemForm(request.POST)
            if not form.is_valid():
                messages.error(request, "；".join(e for es in form.errors.values() for e in es))
                return redirect("clauses_staff:publication", publication_id=publication.pk)
            finding = ClauseFinding.objects.filter(
                pk=form.cleaned_data["finding"], document__bureau_id=publication.bureau_id
            ).first()
            if finding is None:
                raise Http404
            services.publication_item_add(
                actor=request.user,
                publication=publication,
                finding=finding,
                comment=form.cleaned_data["comment"],
                show_merchant=form.cleaned_data["show_merchant"],
            )
        elif action == "remove":
            item = PublicationItem.objects.filter(
                pk=request.POST.get("item") if str(request.POST.get("item", "")).isdigit() else 0,
                publication=publication,
            ).first()
            if item is None:
                raise Http404
            services.publication_item_remove(actor=request.user, item=item)
        elif action in ("publish", "withdraw"):
            services.publication_publish(
                actor=request.user, publication=publication, publish=action == "publish"
            )
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, "已保存。")
    return redirect("clauses_staff:publication", publication_id=publication.pk)


def public_list(request):
    rows = ClauseReviewPublication.objects.filter(status="published").select_related("bureau")
    return render(
        request, "clauses/public_list.html", page_of(request, rows.order_by("-published_at"), 20)
    )


def public_detail(request, publication_id: int):
    publication = (
        ClauseReviewPublication.objects.filter(pk=publication_id, status="published")
        .select_related("bureau")
        .first()
    )
    if publication is None:
        raise Http404
    by_sector: dict[str, list] = {}
    for item in publication.items.select_related("finding__document__merchant"):
        by_sector.setdefault(item.sector, []).append(item)
    return render(
        request,
        "clauses/public_detail.html",
        {"publication": publication, "by_sector": sorted(by_sector.items())},
    )
