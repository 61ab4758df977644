from django import forms

from fangxin.core.categories import SECTOR_CHOICES
from fangxin.core.models import Township
from fangxin.core.validators import credit_code_error, mobile_error
from fangxin.merchants.models import Merchant, ServiceStation


class MerchantForm(forms.Form):
    name = forms.CharField(
        label="名称", max_length=200, error_messages={"required": "请填写名称。"}
    )
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False, help_text="个体工商户可不填"
    )
    kind = forms.ChoiceField(label="类型", choices=Merchant.Kind.choices)
    status = forms.ChoiceField(label="登记状态", choices=Merchant.Status.choices)
    legal_representative = forms.CharField(label="法定代表人/经营者", max_length=50, required=False)
    address = forms.CharField(
        label="经营地址", max_length=300, error_messages={"required": "请填写经营地址。"}
    )
    township = forms.ModelChoiceField(
        label="乡镇/街道",
        queryset=Township.objects.none(),
        required=False,
        empty_label="（未指定）",
    )
    sectors = forms.MultipleChoiceField(
        label="行业",
        choices=SECTOR_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=30, required=False)

    def __init__(self, *args, bureau=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.filter(bureau=bureau).order_by("name")

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"].strip().upper()
        if code and (message := credit_code_error(code)):
            raise forms.ValidationError(message)
        return code

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and phone.startswith("1") and (message := mobile_error(phone)):
            raise forms.ValidationError(message)
        return phone


class AccountInviteForm(forms.Form):
    username = forms.RegexField(
        label="登录名",
        regex=r"^[A-Za-z0-9_.-]{3,40}$",
        error_messages={
            "required": "请填写登录名。",
            "invalid": "登录名为3至40位字母、数字或 _ . -。",
        },
    )
    full_name = forms.CharField(label="使用人", max_length=50, required=False)


class StationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ServiceStation.Kind.choices)
    name = forms.CharField(
        label="名称", max_length=100, error_messages={"required": "请填写名称。"}
    )
    host_kind = forms.ChoiceField(label="设立单位类型", choices=ServiceStation.HostKind.choices)
    host_merchant = forms.ModelChoiceField(
        label="设立单位（经营者，可选）",
        queryset=Merchant.objects.none(),
        required=False,
        empty_label="（未关联）",
    )
    address = forms.CharField(
        label="地址", max_length=300, error_messages={"required": "请填写地址。"}
    )
    township = forms.ModelChoiceField(
        label="乡镇/街道",
        queryset=Township.objects.none(),
        required=False,
        empty_label="（未指定）",
    )
    contact_person = forms.CharField(
        label="联系人", max_length=50, error_messages={"required": "请填写联系人。"}
    )
    contact_phone = forms.CharField(
        label="联系电话", max_length=30, error_messages={"required": "请填写联系电话。"}
    )
    opening_hours = forms.CharField(
        label="服务时间", max_length=100, required=False, help_text="例如：周一至周日 9:00-18:00"
    )
    is_active = forms.BooleanField(label="在用", required=False, initial=True)

    def __init__(self, *args, bureau=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.filter(bureau=bureau).order_by("name")
        self.fields["host_merchant"].queryset = Merchant.objects.filter(
            bureau=bureau, merged_into__isnull=True
        ).order_by("name")

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone.startswith("1") and (message := mobile_error(phone)):
            raise forms.ValidationError(message)
        return phone


class OdrApplyForm(forms.Form):
    premises = forms.CharField(
        label="经营场所", max_length=300, error_messages={"required": "请填写经营场所。"}
    )
    contact_person = forms.CharField(
        label="投诉处理人", max_length=50, error_messages={"required": "请填写处理人。"}
    )
    contact_phone = forms.CharField(
        label="处理电话", max_length=30, error_messages={"required": "请填写处理电话。"}
    )
    agree = forms.BooleanField(
        label="我单位已阅读并签署上述承诺书",
        error_messages={"required": "请阅读并同意承诺书。"},
    )


class OdrDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="操作",
        choices=[
            ("approve", "批准"),
            ("reject", "不予批准"),
            ("suspend", "暂停"),
            ("reinstate", "恢复"),
        ],
        error_messages={"required": "请选择操作。"},
    )
    note = forms.CharField(label="说明", max_length=2000, required=False)


class CreditEntryForm(forms.Form):
    credit_code_or_name = forms.CharField(
        label="经营者（统一社会信用代码或准确名称）", max_length=200
    )
    kind = forms.ChoiceField(label="信息类型", choices=[])
    title = forms.CharField(label="违法行为/事由", max_length=200)
    content = forms.CharField(label="处理内容", widget=forms.Textarea(attrs={"rows": 4}))
    document_number = forms.CharField(label="决定书文号", max_length=60, required=False)
    authority = forms.CharField(label="作出机关", max_length=100)
    decided_on = forms.DateField(label="决定日期", widget=forms.DateInput(attrs={"type": "date"}))
    published_on = forms.DateField(
        label="公示日期",
        required=False,
        help_text="不填为今天",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class CreditCorrectionForm(forms.Form):
    title = forms.CharField(label="违法行为/事由", max_length=200)
    content = forms.CharField(label="处理内容", widget=forms.Textarea(attrs={"rows": 4}))
    document_number = forms.CharField(label="决定书文号", max_length=60, required=False)
    authority = forms.CharField(label="作出机关", max_length=100)
    public_until = forms.DateField(
        label="公示截止",
        required=False,
        help_text="到期当日起不再公示；留空表示不予公示",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    withdraw = forms.BooleanField(label="撤下（不再公示，内部保留）", required=False)
    reason = forms.CharField(
        label="更正理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
