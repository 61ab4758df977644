import datetime

from django import forms
from django.utils import timezone

from fangxin.complaints.staff_forms import DATE
from fangxin.core.categories import PROBLEM_TYPES, SECTORS
from fangxin.intel.feedback import SENTIMENTS
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


# One request reads every rated case in the range: three years is the longest a report needs.
FEEDBACK_MAX_DAYS = 366 * 3


class FeedbackFilterForm(forms.Form):
    date_from = forms.DateField(
        label="办结日期自",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="至",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sentiment = forms.ChoiceField(
        label="评价倾向",
        required=False,
        choices=[("", "全部"), *SENTIMENTS.items()],
    )
    disagreeing = forms.BooleanField(label="只看评分与评语不一致", required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or data["date_to"] - datetime.timedelta(days=365)
        if data["date_from"] > data["date_to"]:
            self.add_error("date_to", "结束日期不能早于开始日期。")
        elif (data["date_to"] - data["date_from"]).days > FEEDBACK_MAX_DAYS:
            self.add_error("date_from", "一次最多查询三年。")
        return data
