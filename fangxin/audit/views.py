import csv

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from fangxin.accounts.access import admin_required
from fangxin.audit.selectors import audit_action_choices, audit_event_list_for_user
from fangxin.web.spreadsheets import safe_cell

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    action = forms.CharField(
        label="操作",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    object_type = forms.CharField(label="对象类型", required=False, max_length=60)
    date_from = forms.DateField(
        label="开始日期",
        required=False,
        error_messages={"invalid": "日期格式应为 年-月-日。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="结束日期",
        required=False,
        error_messages={"invalid": "日期格式应为 年-月-日。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        return data


class _Echo:
    def write(self, value):
        return value


@admin_required
def events(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list_for_user(request.user, **{k: v for k, v in filters.items() if v})
    if request.GET.get("export") == "csv" and form.is_valid():
        writer = csv.writer(_Echo())
        header = [
            "序号",
            "时间",
            "操作人",
            "操作",
            "对象类型",
            "对象编号",
            "对象",
            "变更摘要",
            "来源地址",
            "哈希",
        ]

        def rows():
            yield "\ufeff" + writer.writerow(header)
            for e in events[:EXPORT_LIMIT].iterator():
                yield writer.writerow(
                    safe_cell(v)
                    for v in [
                        e.seq,
                        timezone.localtime(e.at).isoformat(),
                        e.actor_label,
                        e.action,
                        e.object_type,
                        e.object_id,
                        e.object_repr,
                        e.changes,
                        e.address or "",
                        e.hash,
                    ]
                )

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
        return response
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "actions": audit_action_choices(request.user),
        },
    )
