from django import forms


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        error_messages={"required": "请填写手机号码。"},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(PhoneForm):
    code = forms.CharField(
        label="短信验证码",
        max_length=10,
        error_messages={"required": "请输入短信中的6位数字验证码。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
