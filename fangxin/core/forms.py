import re

from django import forms

from fangxin.core.calendar import EARLIEST_DATE, LATEST_DATE, MAX_WORKING_DAYS
from fangxin.core.models import CalendarDay

DATE_ERRORS = {"required": "请选择日期。", "invalid": "日期格式应为 年-月-日，例如 2026-10-01。"}


class WorkingDaysForm(forms.Form):
    start = forms.DateField(
        label="起算日（收到之日）",
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    days = forms.IntegerField(
        label="工作日数",
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        error_messages={
            "required": "请输入工作日数。",
            "invalid": "工作日数应为整数。",
            "min_value": "工作日数不能为负数。",
            "max_value": f"工作日数不能超过{MAX_WORKING_DAYS}。",
        },
    )

    def clean_start(self):
        start = self.cleaned_data["start"]
        if not EARLIEST_DATE <= start <= LATEST_DATE:
            raise forms.ValidationError(f"起算日应在{EARLIEST_DATE:%Y年}至{LATEST_DATE:%Y年}之间。")
        return start


class HolidayNoticeForm(forms.Form):
    title = forms.CharField(
        label="通知标题", max_length=200, error_messages={"required": "请输入通知标题。"}
    )
    document_number = forms.CharField(label="文号", max_length=50, required=False)
    published_on = forms.DateField(
        label="发布日期",
        required=False,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source = forms.CharField(label="来源", max_length=100, required=False)


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label="日期", error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label="类型",
        choices=CalendarDay.Kind.choices,
        error_messages={"required": "请选择类型。", "invalid_choice": "类型无效。"},
    )
    name = forms.CharField(label="节日名称", max_length=50, required=False)


class TerritoryForm(forms.Form):
    townships = forms.CharField(
        label="辖区乡镇/街道",
        required=False,
        max_length=2000,
        help_text="多个名称用顿号、逗号或换行分隔；清空则该单位不再负责任何乡镇/街道。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_townships(self):
        raw = self.cleaned_data["townships"]
        names = [n.strip() for n in re.split(r"[、，,;；\s]+", raw) if n.strip()]
        too_long = [n for n in names if len(n) > 50]
        if too_long:
            raise forms.ValidationError(f"名称过长：{too_long[0][:20]}…")
        return names


class RuleSetCreateForm(forms.Form):
    code = forms.SlugField(
        label="代码",
        max_length=60,
        error_messages={
            "required": "请输入代码。",
            "invalid": "代码只能包含字母、数字、下划线和连字符。",
        },
    )
    name = forms.CharField(
        label="名称", max_length=200, error_messages={"required": "请输入名称。"}
    )
    citation = forms.CharField(
        label="依据", max_length=300, error_messages={"required": "请输入法规依据。"}
    )
    effective_from = forms.DateField(
        label="施行日期", error_messages=DATE_ERRORS, widget=forms.DateInput(attrs={"type": "date"})
    )
    verified = forms.BooleanField(label="已与正式文本核对", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TimeLimitForm(forms.Form):
    days = forms.IntegerField(
        label="期限（日）",
        min_value=1,
        max_value=MAX_WORKING_DAYS,
        error_messages={
            "required": "请输入期限。",
            "min_value": "期限至少为1日。",
            "max_value": f"期限不能超过{MAX_WORKING_DAYS}日。",
        },
    )
    extension_days = forms.IntegerField(
        label="可延长（日）",
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        error_messages={"min_value": "不能为负数。"},
    )
    article = forms.CharField(
        label="条款", max_length=200, error_messages={"required": "请输入条款依据。"}
    )
    note = forms.CharField(label="备注", max_length=300, required=False)
