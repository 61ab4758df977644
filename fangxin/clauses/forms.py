from django import forms
from django.core.exceptions import ValidationError

from fangxin.clauses import extract
from fangxin.clauses.models import ClauseDocument, ClauseFinding
from fangxin.complaints.staff_forms import DATE
from fangxin.core.categories import SECTORS

SECTOR_CHOICES = [("", "请选择"), *((s, s) for s in SECTORS)]
ACCEPT = ".txt,.docx,.pdf,.jpg,.jpeg,.png,.webp,image/*"


class _TextOrFile(forms.Form):
    """Pasted text or one file; the file is read here, so a bad one is a field error before
    anything is written. `cleaned_data["extracted"]` holds the text."""

    text = forms.CharField(
        label="粘贴条款文字",
        required=False,
        max_length=extract.MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label="或上传文件（Word、PDF、照片）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"empty": "文件是空的。", "invalid": "请重新选择文件。"},
    )

    def clean(self):
        data = super().clean()
        text, upload = (data.get("text") or "").strip(), data.get("file")
        if self.errors:
            return data
        if text and upload:
            raise ValidationError("请粘贴文字或上传文件，二选一。")
        if not text and not upload:
            raise ValidationError("请粘贴条款文字或上传文件。")
        try:
            if upload is not None:
                if upload.size > extract.MAX_BYTES:
                    mb = extract.MAX_BYTES // (1024 * 1024)
                    raise extract.ExtractionError(f"文件超过 {mb}MB。")
                raw = upload.read()
                data["extracted"] = extract.extract(raw, filename=upload.name or "")
                data["raw"], data["original_name"] = raw, upload.name or ""
            else:
                data["extracted"] = extract.extract_pasted(text)
                data["raw"], data["original_name"] = None, ""
        except extract.ExtractionError as exc:
            self.add_error("file" if upload is not None else "text", exc.message)
        return data


class SubmitForm(_TextOrFile):
    title = forms.CharField(
        label="文件名称",
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "例如：健身会员服务协议、店堂告示"}),
    )
    sector = forms.ChoiceField(label="行业", choices=SECTOR_CHOICES, required=False)
    field_order = ["title", "sector", "text", "file"]


class StaffSubmitForm(SubmitForm):
    merchant = forms.CharField(
        label="经营者（名称或统一社会信用代码，可不填）", max_length=300, required=False
    )
    field_order = ["title", "merchant", "sector", "text", "file"]


class RevisionForm(_TextOrFile):
    pass


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核",
        choices=[
            (ClauseFinding.Decision.CONFIRMED, "确认"),
            (ClauseFinding.Decision.DISMISSED, "排除"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="排除理由/审核意见", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ClauseFinding.Decision.DISMISSED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "排除时请填写理由（将用于改进审查规则）。")
        return data


class NoticeForm(forms.Form):
    due_on = forms.DateField(
        label="整改期限（不填则按默认期限）",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部"), *ClauseDocument.Status.choices]
    )
    sector = forms.ChoiceField(
        label="行业", required=False, choices=[("", "全部"), *SECTOR_CHOICES[1:]]
    )


class FindingAddForm(forms.Form):
    quote = forms.CharField(
        label="漏判的条款（从文本中复制）",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rule_id = forms.ChoiceField(label="违反的规则", choices=())

    def __init__(self, *args, **kwargs):
        from fangxin.clauses.ruleset import default_rules

        super().__init__(*args, **kwargs)
        self.fields["rule_id"].choices = [
            (r.id, f"{r.title}（{r.basis.citation()}）") for r in default_rules().rules
        ]
