from django import forms

from fangxin.campaigns.models import Campaign
from fangxin.surveys.models import Survey, SurveyQuestion

DATETIME = {"required": "请填写时间。", "invalid": "时间格式应为 年-月-日 时:分。"}


class SurveyForm(forms.Form):
    title = forms.CharField(
        label="名称", max_length=100, error_messages={"required": "请填写名称。"}
    )
    intro = forms.CharField(
        label="说明（显示在问卷开头）",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    mode = forms.ChoiceField(
        label="填写方式",
        choices=Survey.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择填写方式。", "invalid_choice": "请选择填写方式。"},
        help_text="手机号验证：每个号码只能填写一次；匿名：同一浏览器只能填写一次。",
    )
    campaign = forms.ModelChoiceField(
        label="所属活动",
        queryset=Campaign.objects.none(),
        required=False,
        empty_label="（不属于某次活动）",
        error_messages={"invalid_choice": "请选择本局的活动。"},
    )
    opens_at = forms.DateTimeField(
        label="开始时间",
        error_messages=DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label="截止时间",
        error_messages=DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, bureau_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(bureau_id=bureau_id)


class ExtendForm(forms.Form):
    closes_at = forms.DateTimeField(
        label="新的截止时间",
        error_messages=DATETIME,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class QuestionForm(forms.Form):
    """`condition` is one select of "question:option index" pairs, so the builder picks the
    earlier question and its option in one go."""

    kind = forms.ChoiceField(
        label="题型",
        choices=SurveyQuestion.Kind.choices,
        error_messages={"required": "请选择题型。", "invalid_choice": "请选择题型。"},
    )
    text = forms.CharField(
        label="题目", max_length=300, error_messages={"required": "请填写题目。"}
    )
    options = forms.CharField(
        label="选项（选择题填写，每行一个）",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    scale_max = forms.TypedChoiceField(
        label="满分（评分题）",
        choices=[(5, "5分"), (10, "10分")],
        coerce=int,
        required=False,
        empty_value=None,
        initial=5,
        error_messages={"invalid_choice": "评分题的满分应为5分或10分。"},
    )
    required = forms.BooleanField(label="必答", required=False, initial=True)
    condition = forms.ChoiceField(label="显示条件", required=False, choices=[])

    def __init__(self, *args, survey, before_position=None, **kwargs):
        super().__init__(*args, **kwargs)
        earlier = survey.questions.filter(kind__in=["single", "multiple"]).order_by("position")
        if before_position is not None:
            earlier = earlier.filter(position__lt=before_position)
        self._questions = {q.pk: q for q in earlier}
        choices = [("", "始终显示")]
        for q in self._questions.values():
            for index, option in enumerate(q.options):
                choices.append((f"{q.pk}:{index}", f"第{q.position}题选“{option}”时显示"))
        self.fields["condition"].choices = choices
        self.fields["condition"].error_messages["invalid_choice"] = (
            "显示条件只能依据排在本题之前的选择题。"
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        depends_on, depends_value = None, ""
        if data["condition"]:
            pk, index = (int(x) for x in data["condition"].split(":"))
            depends_on = self._questions[pk]
            depends_value = depends_on.options[index]
        return {
            "kind": data["kind"],
            "text": data["text"],
            "options": (data["options"] or "").splitlines(),
            "required": data["required"],
            "scale_max": data["scale_max"],
            "depends_on": depends_on,
            "depends_value": depends_value,
        }

    @staticmethod
    def initial_for(question: SurveyQuestion) -> dict:
        condition = ""
        if question.depends_on_id and question.depends_value in question.depends_on.options:
            index = question.depends_on.options.index(question.depends_value)
            condition = f"{question.depends_on_id}:{index}"
        return {
            "kind": question.kind,
            "text": question.text,
            "options": "\n".join(question.options),
            "scale_max": question.scale_max or 5,
            "required": question.required,
            "condition": condition,
        }


class TransitionForm(forms.Form):
    note = forms.CharField(label="说明", max_length=200, required=False)
