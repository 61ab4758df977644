"""The quiz in the workbench: quizzes of the bureau's campaigns, opening and closing, the
commitment and the draw, the figures, and the question bank with its Excel import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.campaigns.selectors import campaign_current
from fangxin.core.tables import TableError, read_table
from fangxin.engagement import selectors, services
from fangxin.engagement.forms import CommitForm, QuestionImportForm, QuizForm, SeedForm
from fangxin.engagement.models import Quiz
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of

# Headings of the import sheet and the question field each one fills.
IMPORT_COLUMNS = {
    "编号": "code",
    "题型": "kind",
    "题干": "text",
    "答案": "answer",
    "法律依据": "law",
    "解析": "explanation",
    "知识点": "topic",
}
OPTION_COLUMNS = ["选项A", "选项B", "选项C", "选项D", "选项E", "选项F"]


def _quiz(user, pk: int) -> Quiz:
    quiz = (
        Quiz.objects.select_related("campaign")
        .filter(pk=pk, campaign__bureau_id=user.bureau_id)
        .first()
    )
    if quiz is None:
        raise Http404
    return quiz


def _can_plan(user) -> bool:
    return user.role in services.PLANNER_ROLES


@staff_required
def quiz_list(request):
    campaign = campaign_current(bureau_id=request.user.bureau_id)
    form = None
    if campaign is not None and _can_plan(request.user):
        form = QuizForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                quiz = services.quiz_create(
                    actor=request.user, campaign=campaign, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "答题活动已创建。")
                return redirect("engagement_staff:quiz", quiz_id=quiz.pk)
    if request.method == "POST" and form is None:
        raise Http404
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "engagement/staff_quiz_list.html",
        {
            "campaign": campaign,
            "quizzes": selectors.quiz_list_for_bureau(request.user.bureau_id),
            "form": form,
        },
        status=status,
    )


@staff_required
def quiz_detail(request, quiz_id: int):
    quiz = _quiz(request.user, quiz_id)
    can_plan = _can_plan(request.user)
    return render(
        request,
        "engagement/staff_quiz.html",
        {
            "quiz": quiz,
            "figures": selectors.quiz_figures(quiz),
            "leaders": selectors.leaderboard(quiz, limit=10),
            "can_plan": can_plan,
            "commit_form": CommitForm(initial={"draw_title": quiz.title}) if can_plan else None,
            "seed_form": SeedForm() if can_plan else None,
        },
    )


@staff_required
@require_POST
def quiz_move(request, quiz_id: int):
    quiz = _quiz(request.user, quiz_id)
    try:
        services.quiz_move(actor=request.user, quiz=quiz, to=request.POST.get("to", ""))
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, "状态已更新。")
    return redirect("engagement_staff:quiz", quiz_id=quiz.pk)


@staff_required
@require_POST
def draw_commit(request, quiz_id: int):
    quiz = _quiz(request.user, quiz_id)
    form = CommitForm(request.POST)
    if form.is_valid():
        try:
            services.draw_commit(
                actor=request.user,
                quiz=quiz,
                commitment=form.cleaned_data["commitment"],
                title=form.cleaned_data["draw_title"],
                prize_count=form.cleaned_data["prize_count"],
            )
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, "承诺值已公布。")
    else:
        messages.error(request, "；".join(e for es in form.errors.values() for e in es))
    return redirect("engagement_staff:quiz", quiz_id=quiz.pk)


@staff_required
@require_POST
def draw_run(request, quiz_id: int):
    quiz = _quiz(request.user, quiz_id)
    form = SeedForm(request.POST)
    if form.is_valid():
        try:
            services.draw_run(actor=request.user, quiz=quiz, seed=form.cleaned_data["seed"])
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, "已开奖，中奖名单已公示。")
    else:
        messages.error(request, "；".join(e for es in form.errors.values() for e in es))
    return redirect("engagement_staff:quiz", quiz_id=quiz.pk)


def _import_rows(content: bytes) -> list[dict]:
    header, rows = read_table(content)
    header = [str(h).strip() for h in header]
    missing = [name for name in ("编号", "题型", "题干", "答案", "法律依据") if name not in header]
    if missing:
        raise ValidationError({"file": [f"缺少列：{'、'.join(missing)}。"]})
    index = {name: i for i, name in enumerate(header)}
    records = []
    for row in rows:
        if not any(str(v).strip() for v in row):
            continue
        cells = {name: str(row[i]).strip() if i < len(row) else "" for name, i in index.items()}
        record = {field: cells.get(name, "") for name, field in IMPORT_COLUMNS.items()}
        record["options"] = [cells.get(name, "") for name in OPTION_COLUMNS]
        records.append(record)
    return records


@staff_required
def question_bank(request):
    form = (
        QuestionImportForm(request.POST or None, request.FILES or None)
        if _can_plan(request.user)
        else None
    )
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = _import_rows(upload.read())
                result = services.questions_import(
                    actor=request.user, bureau=request.user.bureau, rows=rows, source=upload.name
                )
            except TableError as exc:
                form.add_error("file", str(exc))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, f"导入完成：新增{result['created']}题，更新{result['updated']}题。"
                )
                return redirect("engagement_staff:questions")
        status = 400
    query = request.GET.get("q", "").strip()[:50]
    context = page_of(
        request,
        selectors.question_list_for_bureau(request.user.bureau_id, query=query),
        per_page=30,
    )
    context.update({"form": form, "q": query})
    return render(request, "engagement/staff_questions.html", context, status=status)
