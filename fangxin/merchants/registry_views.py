"""Registry upkeep pages: bulk import with a row-by-row report, probable duplicates and merge."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.accounts.models import Role
from fangxin.core.tables import TableError, read_table
from fangxin.merchants import imports
from fangxin.merchants.access import merchant_for_staff
from fangxin.merchants.dedupe import duplicate_groups, merchant_merge

REPORT_ROWS = 500
MODES = [
    ("check", "仅检查，不导入"),
    ("skip", "导入，跳过有问题的行"),
    ("all", "导入，全部或全不（有任何问题行则不导入）"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel或CSV文件",
        error_messages={"required": "请选择文件。", "empty": "文件是空的。"},
    )
    mode = forms.ChoiceField(label="方式", choices=MODES, initial="check", widget=forms.RadioSelect)


def _registrar(user) -> bool:
    # Imports and merges change many records at once (a merge cannot be undone): heads only;
    # anyone on the staff may run an import's check.
    return user.role in (Role.UNIT_HEAD, Role.LEADER, Role.ADMIN)


@staff_required
def import_page(request):
    if request.POST.get("mode", "check") != "check" and not _registrar(request.user):
        raise PermissionDenied("批量导入须由负责人办理（工作人员可以先做检查）。")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "fields": imports.FIELDS}
    status = 200
    if request.method == "POST" and form.is_valid():
        bureau = request.user.bureau
        try:
            header, rows = read_table(form.cleaned_data["file"].read())
            mapping = imports.mapping_for(header)
            results = imports.check_rows(bureau=bureau, header=header, rows=rows, mapping=mapping)
            mode = form.cleaned_data["mode"]
            imported = None
            if mode != "check":
                imported = imports.import_rows(
                    actor=request.user, bureau=bureau, results=results, all_or_nothing=mode == "all"
                )
        except TableError as exc:
            form.add_error("file", str(exc))
            status = 400
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            status = 400
        else:
            problems = [r for r in results if not r.ok]
            context.update(
                {
                    "mapping": [
                        (label, mapping.get(key, "（未找到）")) for key, label, _ in imports.FIELDS
                    ],
                    "total": len(results),
                    "good": len(results) - len(problems),
                    "problems": problems[:REPORT_ROWS],
                    "more": max(0, len(problems) - REPORT_ROWS),
                    "imported": imported,
                }
            )
    elif request.method == "POST":
        status = 400
    return render(request, "merchants/staff_import.html", context, status=status)


@staff_required
def duplicates(request):
    return render(
        request,
        "merchants/staff_duplicates.html",
        {"groups": duplicate_groups(request.user.bureau_id)},
    )


@staff_required
@require_POST
def merge(request):
    if not _registrar(request.user):
        raise PermissionDenied("合并记录须由负责人办理。")
    keep_id, duplicate_id = request.POST.get("keep", ""), request.POST.get("duplicate", "")
    if not (keep_id.isdigit() and duplicate_id.isdigit()):
        messages.error(request, "请选择要保留和要合并的记录。")
        return redirect("merchants_staff:duplicates")
    keep = merchant_for_staff(request.user, int(keep_id))
    duplicate = merchant_for_staff(request.user, int(duplicate_id))
    try:
        moved = merchant_merge(actor=request.user, keep=keep, duplicate=duplicate)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("merchants_staff:duplicates")
    messages.success(
        request,
        f"已将“{duplicate.name}”合并至“{keep.name}”，转移关联记录 {sum(moved.values())} 条。",
    )
    return redirect("merchants_staff:detail", merchant_id=keep.pk)
