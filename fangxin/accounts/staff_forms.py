"""Forms of the bureau administrator's user pages."""

from django import forms

from fangxin.accounts.models import Role
from fangxin.core.models import Unit

STAFF_ROLE_CHOICES = [
    (r.value, r.label) for r in (Role.HANDLER, Role.UNIT_HEAD, Role.LEADER, Role.ADMIN)
]


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "用户名或姓名"}),
    )
    role = forms.ChoiceField(
        label="角色", required=False, choices=[("", "全部")] + STAFF_ROLE_CHOICES
    )
    unit = forms.ModelChoiceField(
        label="单位", required=False, queryset=Unit.objects.none(), empty_label="全部"
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(bureau_id=bureau_id)


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=30,
        regex=r"^[a-zA-Z0-9_.-]{3,30}$",
        error_messages={
            "required": "请输入用户名。",
            "invalid": "用户名为3–30位字母、数字、下划线、点或连字符。",
        },
    )
    full_name = forms.CharField(
        label="姓名", max_length=50, error_messages={"required": "请输入姓名。"}
    )
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    role = forms.ChoiceField(
        label="角色",
        choices=STAFF_ROLE_CHOICES,
        error_messages={"required": "请选择角色。", "invalid_choice": "角色无效。"},
    )
    units = forms.ModelMultipleChoiceField(
        label="所在单位",
        required=False,
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": "所选单位无效。", "invalid_pk_value": "所选单位无效。"},
        widget=forms.CheckboxSelectMultiple,
    )
    is_head = forms.BooleanField(label="担任所选单位负责人", required=False)
    password = forms.CharField(
        label="初始密码",
        strip=False,
        help_text="用户首次登录后须修改密码。",
        error_messages={"required": "请输入初始密码。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(bureau_id=bureau_id, is_active=True)


class UserEditForm(forms.Form):
    full_name = forms.CharField(
        label="姓名", max_length=50, error_messages={"required": "请输入姓名。"}
    )
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    role = forms.ChoiceField(
        label="角色", choices=STAFF_ROLE_CHOICES, error_messages={"invalid_choice": "角色无效。"}
    )
    is_active = forms.BooleanField(label="账户启用", required=False)


class MembershipForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="加入单位",
        queryset=Unit.objects.none(),
        error_messages={"required": "请选择单位。", "invalid_choice": "单位无效。"},
    )
    is_head = forms.BooleanField(label="负责人", required=False)

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(bureau_id=bureau_id, is_active=True)


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label="临时密码",
        strip=False,
        error_messages={"required": "请输入临时密码。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
