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


class QuizForm(forms.Form):
    title = forms.CharField(
        label="名称", max_length=100, error_messages={"required": "请填写名称。"}
    )
    intro = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    question_count = forms.IntegerField(label="每次题数", min_value=1, max_value=50, initial=10)
    time_limit_seconds = forms.IntegerField(
        label="答题时限（秒）", min_value=60, max_value=7200, initial=600
    )
    daily_attempts = forms.IntegerField(label="每日答题次数", min_value=1, max_value=20, initial=3)
    eligible_score = forms.IntegerField(
        label="抽奖资格分数", min_value=0, max_value=100, initial=80
    )
    opens_at = forms.DateTimeField(
        label="开始时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label="截止时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class CommitForm(forms.Form):
    commitment = forms.CharField(
        label="承诺值",
        max_length=64,
        min_length=64,
        help_text=(
            "在离线电脑上运行 python -m fangxin.engagement.draw commit，"
            "种子密封保存，承诺值填在这里。"
        ),
        error_messages={"required": "请填写承诺值。", "min_length": "承诺值应为64位十六进制数字。"},
    )
    draw_title = forms.CharField(
        label="抽奖标题",
        max_length=100,
        strip=False,
        error_messages={"required": "请填写抽奖标题。"},
    )
    prize_count = forms.IntegerField(label="奖项数量", min_value=1, max_value=1000)


class SeedForm(forms.Form):
    seed = forms.CharField(
        label="种子",
        max_length=64,
        help_text="答题截止后公布的种子（64位十六进制），必须与承诺值对应。",
        error_messages={"required": "请填写种子。"},
    )


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label="题库文件（.xlsx 或 .csv）",
        help_text=(
            "列：编号、题型（单选题/多选题/判断题）、题干、选项A至选项F、"
            "答案（如 A 或 ACD）、法律依据、解析、知识点。"
        ),
        error_messages={"required": "请选择文件。"},
    )
