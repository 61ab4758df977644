"""Web forms for filing and for the complainant's status page. They check shapes (dates,
numbers, choices); the intake service checks the rules and its errors are shown per field."""

from django import forms

from fangxin.complaints.intake import Filing, Person, Respondent
from fangxin.complaints.models import Channel, Kind
from fangxin.core.models import Bureau
from fangxin.merchants.models import ServiceStation

DATE = {"required": "请填写日期。", "invalid": "日期格式应为 年-月-日。"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


def _required(label: str) -> dict:
    return {"required": f"请填写{label}。"}


class FilingForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型",
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
        error_messages=_required("类型"),
    )
    complainant_name = forms.CharField(label="您的姓名", max_length=50, required=False)
    complainant_phone = forms.CharField(
        label="手机号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    complainant_id_number = forms.CharField(label="身份证号（选填）", max_length=18, required=False)
    complainant_address = forms.CharField(label="联系地址（选填）", max_length=300, required=False)
    respondent_name = forms.CharField(
        label="经营者名称",
        max_length=200,
        error_messages=_required("经营者名称"),
        help_text="店铺招牌或营业执照上的名称",
    )
    respondent_credit_code = forms.CharField(
        label="统一社会信用代码（选填）", max_length=18, required=False
    )
    respondent_address = forms.CharField(
        label="经营地址",
        max_length=300,
        error_messages=_required("经营地址"),
        help_text="请写明乡镇/街道，便于转交属地办理",
    )
    respondent_township = forms.CharField(
        label="所在乡镇/街道（选填）", max_length=50, required=False
    )
    occurred_on = forms.DateField(
        label="消费或发生日期", error_messages=DATE, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(
        label="涉及金额（元，选填）",
        required=False,
        max_digits=13,
        decimal_places=2,
        min_value=0,
        error_messages={
            "invalid": "请填写金额数字，例如 128.50。",
            "min_value": "金额不能为负数。",
            "max_decimal_places": "金额最多保留两位小数。",
        },
    )
    claim = forms.CharField(
        label="您的诉求",
        max_length=2000,
        error_messages={**_required("诉求"), "max_length": "诉求不能超过2000个字符。"},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：退还余款2000元",
    )
    facts = forms.CharField(
        label="事实经过",
        max_length=10000,
        error_messages={**_required("事实经过"), "max_length": "事实经过不能超过10000个字符。"},
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    odr_consent = forms.BooleanField(
        label="同意先由经营者与我协商解决（适用于在线消费纠纷解决单位）", required=False
    )
    evidence = MultipleFileField(
        label="证据材料（选填）", required=False, help_text="照片或PDF，每个不超过10MB，最多10个"
    )
    bureau = forms.ModelChoiceField(
        label="管辖的市场监督管理局",
        required=False,
        queryset=Bureau.objects.none(),
        to_field_name="division_code",
        empty_label="根据经营地址自动确定",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = Bureau.objects.order_by("name")
        if bureaus.count() > 1:
            self.fields["bureau"].queryset = bureaus
        else:
            del self.fields["bureau"]

    def filing(self) -> Filing:
        # Fields that failed to parse are None here; the service reports them as missing.
        d = {name: self.cleaned_data.get(name) for name in self.fields}
        d = {
            k: ("" if v is None and k not in ("occurred_on", "amount", "bureau") else v)
            for k, v in d.items()
        }
        person = Person(
            name=d["complainant_name"],
            phone=d["complainant_phone"],
            id_number=d["complainant_id_number"],
            address=d["complainant_address"],
        )
        return Filing(
            kind=d["kind"],
            complainant=person if (person.name or person.phone) else None,
            respondent=Respondent(
                name=d["respondent_name"],
                credit_code=d["respondent_credit_code"],
                address=d["respondent_address"],
                township=d["respondent_township"],
            ),
            occurred_on=d["occurred_on"],
            amount=d["amount"],
            claim=d["claim"],
            facts=d["facts"],
            odr_consent=d["odr_consent"],
            bureau_code=d["bureau"].division_code if d.get("bureau") else "",
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for path, messages in errors.items():
            name = path.replace(".", "_")
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class StaffFilingForm(FilingForm):
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices, initial=Channel.PHONE)
    received_at = forms.DateTimeField(
        label="实际收到时间",
        error_messages={"required": "请填写收到时间。", "invalid": "时间格式应为 年-月-日 时:分。"},
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    station = forms.ModelChoiceField(
        label="受理服务站（渠道为维权服务站时必选）",
        queryset=ServiceStation.objects.none(),
        required=False,
        empty_label="（无）",
    )

    def __init__(self, *args, bureau=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = ServiceStation.objects.filter(
            bureau=bureau, is_active=True
        )

    def filing(self) -> Filing:
        filing = super().filing()
        filing.channel = self.cleaned_data["channel"]
        filing.received_at = self.cleaned_data["received_at"]
        station = self.cleaned_data.get("station")
        filing.station_id = station.pk if station else None
        return filing


class StatusLookupForm(forms.Form):
    tracking_no = forms.CharField(
        label="编号",
        max_length=32,
        error_messages=_required("编号"),
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
    phone_last4 = forms.RegexField(
        label="手机号后四位",
        regex=r"^[0-9]{4}$",
        error_messages={"required": "请填写手机号后四位。", "invalid": "请填写4位数字。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class SatisfactionForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="满意度",
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (5, "5 非常满意"),
            (4, "4 满意"),
            (3, "3 一般"),
            (2, "2 不满意"),
            (1, "1 非常不满意"),
        ],
        error_messages={"required": "请选择满意度。", "invalid_choice": "请选择1至5分。"},
    )
    comment = forms.CharField(
        label="意见建议（选填）",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
