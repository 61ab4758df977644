from decimal import Decimal

from django import forms

from fangxin.campaigns.models import Campaign
from fangxin.selections.models import Selection

DATE = {"invalid": "日期格式应为 年-月-日。"}
PERCENT = {
    "required": "请填写权重。",
    "invalid": "权重应为0至100的数字。",
    "min_value": "权重应在0至100之间。",
    "max_value": "权重应在0至100之间。",
    "max_decimal_places": "权重最多保留两位小数。",
    "max_digits": "权重应在0至100之间。",
    "max_whole_digits": "权重应在0至100之间。",
}


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        error_messages=DATE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class SelectionForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="所属活动",
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={"required": "请选择所属活动。", "invalid_choice": "请选择本局的活动。"},
    )
    kind = forms.ChoiceField(
        label="类别",
        choices=Selection.Kind.choices,
        error_messages={"required": "请选择类别。", "invalid_choice": "请选择有效的类别。"},
    )
    title = forms.CharField(
        label="名称", max_length=100, error_messages={"required": "请填写名称。"}
    )
    rules = forms.CharField(
        label="评选办法",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "评选办法不能超过5000个字。"},
    )
    winners_count = forms.IntegerField(
        label="入选名额",
        min_value=1,
        max_value=100,
        error_messages={
            "required": "请填写入选名额。",
            "invalid": "入选名额应为整数。",
            "min_value": "入选名额应在1至100之间。",
            "max_value": "入选名额应在1至100之间。",
        },
    )
    expert_weight = forms.DecimalField(
        label="专家评分权重（%）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=Decimal("70"),
        error_messages=PERCENT,
    )
    public_vote = forms.BooleanField(label="设公众投票", required=False, initial=True)
    vote_weight = forms.DecimalField(
        label="公众投票权重（%）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        initial=Decimal("30"),
        error_messages=PERCENT,
        help_text="两项权重之和应为100；不设公众投票时填0。",
    )
    vote_starts_on = _date("投票开始日期")
    vote_ends_on = _date("投票截止日期")

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(bureau_id=bureau_id)


class CandidateForm(forms.Form):
    name = forms.CharField(
        label="名称/姓名", max_length=100, error_messages={"required": "请填写名称/姓名。"}
    )
    organisation = forms.CharField(label="单位/生产经营者", max_length=200, required=False)
    merchant = forms.CharField(
        label="关联经营者（名称或统一社会信用代码，可不填）",
        max_length=300,
        required=False,
        help_text="关联后，评选结果可在经营者档案中查到。",
    )
    description = forms.CharField(
        label="简介/事迹",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "简介/事迹不能超过2000个字。"},
    )
    source = forms.ChoiceField(
        label="来源",
        choices=[("nominated", "推荐"), ("applied", "自主申报（纸质）")],
        error_messages={"invalid_choice": "请选择有效的来源。"},
    )


class ApplyForm(forms.Form):
    name = forms.CharField(
        label="申报对象名称/姓名", max_length=100, error_messages={"required": "请填写名称/姓名。"}
    )
    organisation = forms.CharField(
        label="单位/生产经营者", max_length=200, error_messages={"required": "请填写单位。"}
    )
    description = forms.CharField(
        label="简介/事迹",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "请填写简介/事迹。",
            "max_length": "简介/事迹不能超过2000个字。",
        },
    )


class EligibilityForm(forms.Form):
    decision = forms.ChoiceField(
        label="审查结论",
        choices=[("eligible", "符合条件"), ("ineligible", "不符合条件")],
        error_messages={"required": "请选择审查结论。", "invalid_choice": "请选择审查结论。"},
    )
    reason = forms.CharField(label="审查意见", max_length=300, required=False)


class MoveForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=Selection.State.choices,
        error_messages={"required": "请选择操作。", "invalid_choice": "请选择有效的操作。"},
    )
    reason = forms.CharField(
        label="说明", max_length=300, error_messages={"required": "请填写说明。"}
    )


class ExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label="评审专家",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "请至少选择一名评审专家。",
            "invalid_choice": "请选择本局工作人员。",
            "invalid_pk_value": "请选择本局工作人员。",
        },
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = users
        self.fields["experts"].label_from_instance = lambda u: u.full_name or u.username


class ScoreForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(
        label="评分（0–100）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": "请填写评分。",
            "invalid": "评分应为0至100的数字。",
            "min_value": "评分应在0至100之间。",
            "max_value": "评分应在0至100之间。",
            "max_digits": "评分应在0至100之间。",
            "max_whole_digits": "评分应在0至100之间。",
            "max_decimal_places": "评分最多保留两位小数。",
        },
    )
    comment = forms.CharField(label="评语", max_length=300, required=False)


class ReviewForm(forms.Form):
    votes = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=[],
        error_messages={
            "required": "请选择要处理的投票。",
            "invalid_choice": "所选投票不存在或已处理，请刷新后重试。",
        },
    )
    decision = forms.ChoiceField(
        choices=[("release", "核实有效，计票"), ("reject", "认定无效")],
        error_messages={"required": "请选择处理结果。", "invalid_choice": "请选择处理结果。"},
    )
    note = forms.CharField(
        label="核实意见", max_length=300, error_messages={"required": "请填写核实意见。"}
    )

    def __init__(self, *args, vote_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["votes"].choices = [(v, v) for v in vote_ids]


class VoteForm(forms.Form):
    candidate = forms.IntegerField(
        error_messages={"required": "请选择候选对象。", "invalid": "请选择候选对象。"}
    )
