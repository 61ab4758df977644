from django import forms

from fangxin.campaigns.models import CampaignTask
from fangxin.complaints.staff_forms import DATE
from fangxin.core.models import Unit


class TaskForm(forms.Form):
    code = forms.CharField(label="编号", max_length=10)
    title = forms.CharField(label="任务", max_length=60)
    description = forms.CharField(
        label="内容", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label="类别", choices=CampaignTask.Kind.choices)
    units = forms.ModelMultipleChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个责任单位。"},
    )
    due_on = forms.DateField(
        label="完成时限",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(bureau_id=bureau_id)


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(label="报送单位", queryset=Unit.objects.none(), empty_label=None)
    progress = forms.IntegerField(
        label="完成进度（%）",
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": "完成进度应在0至100之间。",
            "max_value": "完成进度应在0至100之间。",
            "invalid": "请填写0至100的整数。",
        },
    )
    text = forms.CharField(
        label="进展情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label="附件（照片或PDF，可不传）", required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
