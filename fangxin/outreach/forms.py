from django import forms

from fangxin.campaigns.models import Campaign, CampaignTask
from fangxin.complaints.staff_forms import DATE
from fangxin.core.models import Unit
from fangxin.outreach.models import Article, Kind, OutreachEvent, Venue
from fangxin.outreach.services import WHOLE_BUREAU_ROLES


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=False,
        initial=0,
        error_messages={
            "min_value": f"{label}不能为负数。",
            "invalid": f"{label}请填写整数。",
        },
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


def units_for_recorder(user):
    """The units the user may record events for (the service checks again)."""
    units = Unit.objects.filter(bureau_id=user.bureau_id, is_active=True)
    if user.role in WHOLE_BUREAU_ROLES:
        return units
    return units.filter(memberships__user=user).distinct()


class EventForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="所属活动",
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "请选择本局的活动。"},
    )
    kind = forms.ChoiceField(
        label="类别",
        choices=Kind.choices,
        error_messages={"invalid_choice": "请选择活动类别。", "required": "请选择活动类别。"},
    )
    venue = forms.ChoiceField(
        label="五进场所",
        choices=[("", "（非五进活动不选）"), *Venue.choices],
        required=False,
        error_messages={"invalid_choice": "请选择社区、学校、农村、企业或商场。"},
    )
    title = forms.CharField(label="标题", max_length=100)
    held_on = forms.DateField(
        label="活动日期",
        error_messages={**DATE, "required": "请填写活动日期。"},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    place = forms.CharField(label="地点", max_length=200)
    unit = forms.ModelChoiceField(
        label="承办单位",
        queryset=Unit.objects.none(),
        error_messages={
            "required": "请选择承办单位。",
            "invalid_choice": "只能登记本人所在单位的宣传活动。",
        },
    )
    audience_size = _count("参与群众（人次）")
    materials_count = _count("发放宣传资料（份）")
    materials = forms.CharField(
        label="宣传资料内容",
        max_length=500,
        required=False,
        help_text="如：《消费者权益保护法》宣传册、维权指南折页",
    )
    consultations_count = _count("现场咨询（人次）")
    summary = forms.CharField(
        label="活动简介",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="将在新闻页公开：请勿写入群众的姓名、电话、身份证号。",
    )
    task = forms.ModelChoiceField(
        label="对应方案任务",
        queryset=CampaignTask.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选任务不属于本局的活动。"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(bureau_id=user.bureau_id)
        self.fields["unit"].queryset = units_for_recorder(user)
        self.fields["task"].queryset = CampaignTask.objects.filter(
            campaign__bureau_id=user.bureau_id
        ).select_related("campaign")

    @classmethod
    def initial_for(cls, event: OutreachEvent) -> dict:
        return {name: getattr(event, name) for name in cls.base_fields}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("campaign")
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="照片（JPG/PNG/WebP/GIF，不超过5MB）",
        error_messages={"required": "请选择要上传的照片。", "empty": "所选文件是空文件。"},
    )
    caption = forms.CharField(label="说明", max_length=100, required=False)


class CaseLinkForm(forms.Form):
    tracking_no = forms.CharField(
        label="投诉举报编号",
        max_length=40,
        error_messages={"required": "请填写投诉举报编号。"},
        help_text="在窗口或维权服务站现场受理、收到日期为活动当天的投诉举报。",
    )


class ArticleForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="所属活动",
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "请选择本局的活动。"},
    )
    kind = forms.ChoiceField(label="栏目", choices=Article.Kind.choices)
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(
        label="正文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="纯文本，空行分段；不得含有手机号、身份证号等个人信息。",
    )
    event = forms.ModelChoiceField(
        label="相关宣传活动",
        queryset=OutreachEvent.objects.none(),
        required=False,
        error_messages={"invalid_choice": "所选宣传活动不属于本局。"},
    )
    cover = forms.FileField(
        label="封面图片（可不传；JPG/PNG/WebP/GIF，不超过5MB）",
        required=False,
        error_messages={"empty": "所选文件是空文件。"},
    )

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(bureau_id=user.bureau_id)
        self.fields["event"].queryset = OutreachEvent.objects.filter(
            campaign__bureau_id=user.bureau_id
        )
        if editing:
            del self.fields["campaign"]
            self.fields["remove_cover"] = forms.BooleanField(label="删除封面图片", required=False)
