"""Pages for the 12315 import: upload, map columns, dry run, import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from fangxin.accounts.access import staff_required
from fangxin.complaints import imports
from fangxin.complaints.access import viewer_for
from fangxin.complaints.models import ImportBatch

REPORT_ROWS = 500


def _require_coordinator(user) -> None:
    if not viewer_for(user).whole_bureau:
        raise PermissionDenied("只有局领导、管理员和统筹单位可以导入12315数据。")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="12315平台导出文件（.xlsx 或 .csv）", error_messages={"required": "请选择文件。"}
    )


class MappingForm(forms.Form):
    ALL_OR_NOTHING = [
        ("all", "全部或全不：任何一行有误则不导入"),
        ("skip", "跳过有误的行，导入其余各行"),
    ]
    mode = forms.ChoiceField(
        label="导入方式", choices=ALL_OR_NOTHING, initial="all", widget=forms.RadioSelect
    )

    def __init__(self, *args, header, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）")] + [(h, h) for h in header]
        for key, label, _ in imports.FIELDS:
            self.fields[f"col_{key}"] = forms.ChoiceField(
                label=label + ("*" if key in imports.REQUIRED else ""),
                choices=choices,
                required=False,
                initial=mapping.get(key, ""),
            )

    def mapping(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"col_{key}"]
            for key, _, _ in imports.FIELDS
            if self.cleaned_data.get(f"col_{key}")
        }


@staff_required
def upload(request):
    _require_coordinator(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            batch = imports.batch_create(
                actor=request.user, content=upload_file.read(), filename=upload_file.name
            )
        except imports.TableError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("complaints_staff:import_batch", token=batch.token)
    batches = ImportBatch.objects.filter(bureau_id=request.user.bureau_id)[:20]
    return render(
        request,
        "complaints/import_upload.html",
        {"form": form, "batches": batches},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def batch_page(request, token: str):
    _require_coordinator(request.user)
    batch = get_object_or_404(ImportBatch, token=token, bureau_id=request.user.bureau_id)
    with batch.file.open("rb") as handle:
        header, rows = imports.read_table(handle.read(), batch.filename)
    form = MappingForm(request.POST or None, header=header, mapping=batch.mapping)
    results, summary = None, None
    if request.method == "POST" and batch.state != ImportBatch.State.IMPORTED and form.is_valid():
        try:
            results = imports.check_rows(
                actor=request.user, header=header, rows=rows, mapping=form.mapping()
            )
        except ValidationError as exc:
            form.add_error(None, exc.message_dict["mapping"][0])
        else:
            summary = {
                "total": len(results),
                "ok": sum(r.ok for r in results),
                "errors": sum(bool(r.errors) for r in results),
                "duplicates": sum(r.duplicate for r in results),
            }
            batch.mapping = form.mapping()
            batch.report = summary
            if request.POST.get("action") == "import":
                try:
                    done, skipped = imports.import_rows(
                        actor=request.user,
                        batch=batch,
                        results=results,
                        all_or_nothing=form.cleaned_data["mode"] == "all",
                    )
                except ValidationError as exc:
                    form.add_error(None, exc.message_dict["rows"][0])
                else:
                    messages.success(request, f"已导入 {done} 行，跳过 {skipped} 行。")
                    return redirect("complaints_staff:import_batch", token=batch.token)
            else:
                batch.state = ImportBatch.State.CHECKED
                batch.save(update_fields=["mapping", "report", "state"])
    problems = [r for r in (results or []) if not r.ok][:REPORT_ROWS]
    return render(
        request,
        "complaints/import_batch.html",
        {
            "batch": batch,
            "form": form,
            "header": header,
            "row_count": len(rows),
            "preview": rows[:5],
            "summary": summary,
            "problems": problems,
        },
        status=400 if form.errors else 200,
    )
