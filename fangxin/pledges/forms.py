from django import forms

from fangxin.pledges.models import Pledge

SEVEN_DAY_CONDITIONS = "商品及包装完好，不影响二次销售；赠品一并退回；凭购物凭证办理。"


def _required(label: str) -> dict:
    return {"required": f"请填写{label}。", "invalid": f"{label}格式不正确。"}


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(
        label="承诺类型", choices=Pledge.Kind.choices, error_messages=_required("承诺类型")
    )
    scope = forms.CharField(
        label="承诺范围",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：本店销售的服装、鞋帽、日用品",
        error_messages=_required("承诺范围"),
    )
    excluded_goods = forms.CharField(
        label="不适用商品（负面清单）",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项，例如：定制商品、鲜活易腐商品、已拆封的音像制品",
    )
    conditions = forms.CharField(
        label="退货条件",
        max_length=4000,
        required=False,
        initial=SEVEN_DAY_CONDITIONS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refund_days = forms.IntegerField(
        label="退款时限（工作日）",
        required=False,
        min_value=1,
        max_value=30,
        initial=7,
        help_text="山西省线下无理由退货倡议：7个工作日内退款",
        error_messages={
            "min_value": "退款时限至少1个工作日。",
            "max_value": "退款时限不超过30个工作日。",
            "invalid": "请填写整数。",
        },
    )
    commitments = forms.CharField(
        label="承诺内容",
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="放心消费承诺填写：首问负责、先行赔付等具体承诺",
    )
    months = forms.TypedChoiceField(
        label="有效期",
        choices=[(12, "1年"), (24, "2年")],
        coerce=int,
        initial=24,
        error_messages=_required("有效期"),
    )
    signer_name = forms.CharField(label="签署人", max_length=50, error_messages=_required("签署人"))
    agree = forms.BooleanField(
        label="我已阅读并自愿作出上述承诺，接受社会监督",
        error_messages={"required": "请确认自愿作出承诺。"},
    )


class ReturnForm(forms.Form):
    returned_on = forms.DateField(
        label="退货日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_required("退货日期"),
    )
    goods = forms.CharField(label="商品", max_length=200, error_messages=_required("商品"))
    amount = forms.DecimalField(
        label="退款金额（元）",
        max_digits=12,
        decimal_places=2,
        error_messages=_required("退款金额"),
    )
    note = forms.CharField(label="备注", max_length=500, required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结果",
        choices=[("approve", "通过"), ("return", "退回修改")],
        widget=forms.RadioSelect,
        error_messages=_required("审核结果"),
    )
    note = forms.CharField(
        label="审核意见", max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BreachOpenForm(forms.Form):
    reason = forms.CharField(
        label="未践诺情形",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("未践诺情形"),
    )
    tracking_no = forms.CharField(label="相关投诉编号（可选）", max_length=32, required=False)


class BreachTalkForm(forms.Form):
    talk_at = forms.DateTimeField(
        label="约谈时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages=_required("约谈时间"),
    )
    talk_note = forms.CharField(
        label="约谈情况",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("约谈情况"),
    )
    correction_due = forms.DateField(
        label="整改期限",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_required("整改期限"),
    )


class BreachCorrectedForm(forms.Form):
    closing_note = forms.CharField(
        label="整改情况",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_required("整改情况"),
    )


class BreachRevokeForm(forms.Form):
    notice = forms.CharField(
        label="撤销公告（将在承诺证书页面公开）",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("撤销公告"),
    )
