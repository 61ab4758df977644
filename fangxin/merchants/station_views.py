from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from fangxin.accounts.access import staff_required
from fangxin.merchants.forms import StationForm
from fangxin.merchants.models import ServiceStation
from fangxin.merchants.stations import FIELDS, station_save, station_stats
from fangxin.web.forms import apply_validation_error


@staff_required
def stations(request):
    return render(
        request,
        "merchants/staff_stations.html",
        {"stations": station_stats(request.user.bureau_id)},
    )


def _form_page(request, station=None):
    bureau = request.user.bureau
    initial = {name: getattr(station, name) for name in FIELDS} if station else None
    form = StationForm(request.POST or None, bureau=bureau, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            station = station_save(
                actor=request.user, bureau=bureau, values=form.cleaned_data, station=station
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("merchants_staff:stations")
    return render(
        request,
        "merchants/staff_form.html",
        {"form": form, "title": station.name if station else "新增服务站/联络点"},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def station_new(request):
    return _form_page(request)


@staff_required
def station_edit(request, station_id: int):
    station = ServiceStation.objects.filter(pk=station_id, bureau_id=request.user.bureau_id).first()
    if station is None:
        raise Http404
    return _form_page(request, station)
