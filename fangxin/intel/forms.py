from django import forms

from fangxin.core.categories import PROBLEM_TYPES, SECTORS
from fangxin.intel.models import MassComplaint


class CategoryForm(forms.Form):
    sector = forms.ChoiceField(label="行业（领域）", choices=[(s, s) for s in SECTORS])
    problem_type = forms.ChoiceField(label="问题类别", choices=[(p, p) for p in PROBLEM_TYPES])


class MassReplyForm(forms.Form):
    text = forms.CharField(
        label="统一答复（发送给全部投诉人）",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MassUpdateForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=MassComplaint.Status.choices)
    referral = forms.ChoiceField(
        label="诉讼建议", choices=MassComplaint.Referral.choices, required=False
    )
    note = forms.CharField(
        label="处理情况", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MassAddForm(forms.Form):
    tracking_no = forms.CharField(label="案件编号", max_length=32)
