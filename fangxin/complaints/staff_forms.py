"""Forms of the staff workbench and of each step on the case page."""

from django import forms

from fangxin.complaints.models import Channel, Kind
from fangxin.complaints.workflow import Status
from fangxin.core.models import LegalGround, Township, Unit

QUEUES = [
    ("", "全部"),
    ("mine", "我的"),
    ("unit", "本单位"),
    ("triage", "待分派"),
    ("due_soon", "即将到期"),
    ("overdue", "已超期"),
]
DATE = {"invalid": "日期格式应为 年-月-日。"}
DATE_REQUIRED = {**DATE, "required": "请填写日期。"}


def _choices(choices) -> list:
    return [("", "全部"), *choices]


class WorkbenchFilterForm(forms.Form):
    queue = forms.ChoiceField(label="队列", choices=QUEUES, required=False)
    q = forms.CharField(
        label="搜索",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "编号、经营者、诉求或事实"}),
    )
    kind = forms.ChoiceField(label="类型", choices=_choices(Kind.choices), required=False)
    status = forms.ChoiceField(label="状态", choices=_choices(Status.choices), required=False)
    channel = forms.ChoiceField(label="渠道", choices=_choices(Channel.choices), required=False)
    township = forms.ModelChoiceField(
        label="乡镇/街道", queryset=Township.objects.none(), required=False, empty_label="全部"
    )
    received_from = forms.DateField(
        label="收到日期自",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_to = forms.DateField(
        label="至",
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Township.objects.filter(bureau_id=bureau_id)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写理由。"},
    )


class UnitChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.none(),
        error_messages={"required": "请选择单位。", "invalid_choice": "单位无效。"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            bureau_id=case.bureau_id, is_active=True
        ).exclude(pk=case.unit_id)


class TransferForm(UnitChoiceForm, ReasonForm):
    pass


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="承办人", queryset=None, error_messages={"required": "请选择承办人。"}
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from fangxin.accounts.models import User

        self.fields["assignee"].queryset = User.objects.filter(
            memberships__unit_id=case.unit_id, is_active=True
        )


def _ground_field(case, purpose: str) -> forms.ChoiceField:
    grounds = LegalGround.objects.filter(rule_set_id=case.rule_set_id, purpose=purpose)
    return forms.ChoiceField(
        label="法定情形",
        choices=[(g.code, f"{g.text}（{g.article}）") for g in grounds],
        error_messages={"required": "请选择适用的法定情形。"},
    )


class RefuseForm(ReasonForm):
    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"] = _ground_field(case, LegalGround.Purpose.REFUSAL)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[
            ("agreement", "调解达成协议"),
            ("settled", "双方和解并已履行"),
            ("terminated", "终止调解"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择办理结果。"},
    )
    recovered_amount = forms.DecimalField(
        label="挽回经济损失（元）",
        required=False,
        min_value=0,
        max_digits=13,
        decimal_places=2,
        error_messages={"invalid": "请填写金额数字。", "min_value": "金额不能为负数。"},
    )
    note = forms.CharField(
        label="结果说明",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写结果说明。"},
    )
    ground = forms.ChoiceField(label="终止调解的法定情形（仅终止调解时填写）", required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        field = _ground_field(case, LegalGround.Purpose.TERMINATION)
        field.required, field.label = False, self.fields["ground"].label
        field.choices = [("", "—"), *field.choices]
        self.fields["ground"] = field


class AnswerForm(forms.Form):
    reply_text = forms.CharField(
        label="答复内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写答复内容。"},
    )


class DecideForm(forms.Form):
    open_case = forms.TypedChoiceField(
        label="决定",
        coerce=lambda v: v == "1",
        choices=[("1", "立案"), ("0", "不予立案")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择是否立案。"},
    )
    note = forms.CharField(
        label="说明",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写决定说明。"},
    )


METHODS = [("on_site", "现场"), ("phone", "电话"), ("online", "网络")]
DATETIME = {"required": "请填写时间。", "invalid": "时间格式应为 年-月-日 时:分。"}


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(
        label="调解时间",
        error_messages=DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    method = forms.ChoiceField(label="方式", choices=METHODS)
    place = forms.CharField(label="地点", max_length=200, required=False)
    participants = forms.CharField(
        label="参加人员", max_length=500, error_messages={"required": "请填写参加人员。"}
    )
    summary = forms.CharField(
        label="调解情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写调解情况。"},
    )


def _deadline_choices(case, *, states, extendable=False):
    from fangxin.core.models import TimeLimit

    deadlines = case.deadlines.filter(state__in=states)
    if extendable:
        keys = set(
            TimeLimit.objects.filter(
                rule_set_id=case.rule_set_id, extension_days__gt=0
            ).values_list("key", flat=True)
        )
        deadlines = deadlines.filter(key__in=keys, extended=False)
    return [(d.key, f"{d.label}（截止 {d.due_on}）") for d in deadlines]


class PauseForm(forms.Form):
    key = forms.ChoiceField(label="期限", error_messages={"required": "请选择期限。"})
    starts_on = forms.DateField(
        label="暂停开始日期",
        error_messages=DATE_REQUIRED,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(
        label="暂停原因",
        max_length=200,
        help_text="例如：送检验检测、委托鉴定",
        error_messages={"required": "请填写暂停原因。"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = _deadline_choices(case, states=["running"])


class ResumeForm(forms.Form):
    key = forms.ChoiceField(label="期限", error_messages={"required": "请选择期限。"})
    ends_on = forms.DateField(
        label="暂停结束日期",
        error_messages=DATE_REQUIRED,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = _deadline_choices(case, states=["paused"])


class ExtendForm(forms.Form):
    key = forms.ChoiceField(label="期限", error_messages={"required": "请选择期限。"})
    reason = forms.CharField(
        label="延长理由",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延长理由。"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = _deadline_choices(case, states=["running"], extendable=True)


class FollowUpForm(forms.Form):
    held_at = forms.DateTimeField(
        label="回访时间",
        error_messages=DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    method = forms.ChoiceField(label="方式", choices=METHODS)
    note = forms.CharField(
        label="回访情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写回访情况。"},
    )


class NoticeForm(forms.Form):
    key = forms.ChoiceField(label="告知事项", error_messages={"required": "请选择告知事项。"})
    method = forms.ChoiceField(
        label="方式",
        choices=[("电话", "电话"), ("短信", "短信"), ("书面", "书面"), ("当面", "当面")],
    )
    note = forms.CharField(
        label="告知情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写告知情况。"},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from fangxin.complaints.mediation import NOTICES

        self.fields["key"].choices = [
            (d.key, NOTICES[d.key])
            for d in case.deadlines.filter(state="running", key__in=list(NOTICES))
        ]
