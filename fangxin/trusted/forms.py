from django import forms

from fangxin.core.models import Unit
from fangxin.trusted.models import TrustedUnit
from fangxin.trusted.services import standard

DATE = forms.DateInput(attrs={"type": "date"})


class CandidateForm(forms.Form):
    credit_code_or_name = forms.CharField(
        label="经营者（统一社会信用代码或准确名称）", max_length=200
    )
    unit = forms.ModelChoiceField(
        label="培育单位",
        queryset=Unit.objects.none(),
        required=False,
        empty_label="（按经营者所在乡镇自动确定）",
    )
    note = forms.CharField(
        label="入库说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, bureau=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(bureau=bureau, is_active=True)


class EvaluationForm(forms.Form):
    """One score and one evidence field per dimension of the standard in force."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dim in standard()["dimensions"]:
            self.fields[f"score_{dim['key']}"] = forms.IntegerField(
                label=f"{dim['label']}得分（0–{dim['max']}）",
                min_value=0,
                max_value=dim["max"],
                help_text=dim["hint"],
            )
            self.fields[f"evidence_{dim['key']}"] = forms.CharField(
                label=f"{dim['label']}佐证",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["note"] = forms.CharField(
            label="评价意见",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def parts(self) -> tuple[dict, dict]:
        keys = [dim["key"] for dim in standard()["dimensions"]]
        data = self.cleaned_data
        return {k: data[f"score_{k}"] for k in keys}, {k: data[f"evidence_{k}"] for k in keys}


class RecommendForm(forms.Form):
    level = forms.ChoiceField(label="推荐级别", choices=TrustedUnit.Level.choices)


class CertifyForm(forms.Form):
    level = forms.ChoiceField(label="认定级别", choices=TrustedUnit.Level.choices)
    certified_on = forms.DateField(label="认定日期", widget=DATE)
    certificate_number = forms.CharField(label="认定文号", max_length=60)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
