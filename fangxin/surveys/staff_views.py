"""Staff pages of the surveys: the list, the builder (settings, questions, publishing), the
results with their charts, the XLSX export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.surveys import services
from fangxin.surveys.forms import ExtendForm, QuestionForm, SurveyForm, TransitionForm
from fangxin.surveys.selectors import (
    export_sheets,
    question_for_staff,
    survey_for_staff,
    survey_results,
    surveys_for_staff,
)
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of
from fangxin.web.spreadsheets import XLSX_TYPE, xlsx_bytes

NOT_BUILDER = "只有本局单位负责人、局领导或管理员可以编辑测评。"
LOCKED = "测评已发布，题目和设置不能再修改。"


def _buildable(user, pk: int):
    survey, may_build = survey_for_staff(user, pk)
    if not may_build:
        raise PermissionDenied(NOT_BUILDER)
    return survey


def _locked(request, survey):
    """A redirect with the reason when a published survey's edit page is asked for."""
    if survey.state == survey.State.DRAFT:
        return None
    messages.error(request, LOCKED)
    return redirect("surveys_staff:detail", survey_id=survey.pk)


@staff_required
def survey_list(request):
    return render(
        request,
        "surveys/staff_list.html",
        {
            "may_build": services.may_build(request.user, request.user.bureau_id),
            **page_of(request, surveys_for_staff(request.user), 30),
        },
    )


@staff_required
def survey_new(request):
    if not services.may_build(request.user, request.user.bureau_id):
        raise PermissionDenied(NOT_BUILDER)
    form = SurveyForm(request.POST or None, bureau_id=request.user.bureau_id)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                actor=request.user, bureau=request.user.bureau, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "测评已创建，请添加题目。")
            return redirect("surveys_staff:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/staff_survey_form.html",
        {"form": form, "survey": None},
        status=400 if request.method == "POST" else 200,
    )


def _detail_page(request, survey, may_build, *, question_form=None, extend_form=None, status=200):
    draft = survey.state == survey.State.DRAFT
    if question_form is None and draft and may_build:
        question_form = QuestionForm(survey=survey)
    return render(
        request,
        "surveys/staff_detail.html",
        {
            "survey": survey,
            "may_build": may_build,
            "draft": draft,
            "questions": survey.questions.select_related("depends_on").order_by("position", "id"),
            "question_form": question_form if draft and may_build else None,
            "moves": services.moves_from(survey.state) if may_build else {},
            "transition_form": TransitionForm(),
            "extend_form": (extend_form or ExtendForm(initial={"closes_at": survey.closes_at}))
            if may_build and survey.state == survey.State.OPEN
            else None,
            "changes": survey.state_changes.select_related("actor"),
            "responses": survey.responses.count(),
        },
        status=status,
    )


@staff_required
def survey_detail(request, survey_id: int):
    survey, may_build = survey_for_staff(request.user, survey_id)
    return _detail_page(request, survey, may_build)


@staff_required
def survey_edit(request, survey_id: int):
    survey = _buildable(request.user, survey_id)
    if locked := _locked(request, survey):
        return locked
    initial = {
        "title": survey.title,
        "intro": survey.intro,
        "mode": survey.mode,
        "campaign": survey.campaign_id,
        "opens_at": survey.opens_at,
        "closes_at": survey.closes_at,
    }
    form = SurveyForm(request.POST or None, initial=initial, bureau_id=request.user.bureau_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "测评设置已保存。")
            return redirect("surveys_staff:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/staff_survey_form.html",
        {"form": form, "survey": survey},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def question_add(request, survey_id: int):
    survey = _buildable(request.user, survey_id)
    form = QuestionForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            services.question_add(actor=request.user, survey=survey, **form.service_arguments())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "题目已添加。")
            return redirect("surveys_staff:detail", survey_id=survey.pk)
    if survey.state != survey.State.DRAFT:
        # The builder form is gone from a published survey's page: say why nothing changed.
        messages.error(request, LOCKED)
    return _detail_page(request, survey, True, question_form=form, status=400)


@staff_required
def question_edit(request, survey_id: int, question_id: int):
    survey = _buildable(request.user, survey_id)
    question = question_for_staff(survey, question_id)
    if locked := _locked(request, survey):
        return locked
    form = QuestionForm(
        request.POST or None,
        survey=survey,
        before_position=question.position,
        initial=QuestionForm.initial_for(question),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                actor=request.user, question=question, **form.service_arguments()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "题目已保存。")
            return redirect("surveys_staff:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/staff_question_form.html",
        {"form": form, "survey": survey, "question": question},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def question_delete(request, survey_id: int, question_id: int):
    survey = _buildable(request.user, survey_id)
    question = question_for_staff(survey, question_id)
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, "题目已删除。")
    return redirect("surveys_staff:detail", survey_id=survey.pk)


@staff_required
@require_POST
def question_move(request, survey_id: int, question_id: int):
    survey = _buildable(request.user, survey_id)
    question = question_for_staff(survey, question_id)
    try:
        services.question_move(
            actor=request.user, question=question, direction=request.POST.get("direction", "")
        )
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    return redirect("surveys_staff:detail", survey_id=survey.pk)


@staff_required
@require_POST
def survey_transition(request, survey_id: int):
    survey = _buildable(request.user, survey_id)
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = request.POST.get("action", "")
    try:
        survey = services.survey_transition(
            actor=request.user, survey=survey, action=action, note=note
        )
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, f"测评{services.SURVEY_MOVES[action].label}成功。")
    return redirect("surveys_staff:detail", survey_id=survey.pk)


@staff_required
@require_POST
def survey_extend(request, survey_id: int):
    survey = _buildable(request.user, survey_id)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.survey_extend(
                actor=request.user, survey=survey, closes_at=form.cleaned_data["closes_at"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "截止时间已延长。")
            return redirect("surveys_staff:detail", survey_id=survey.pk)
    return _detail_page(request, survey, True, extend_form=form, status=400)


@staff_required
def survey_results_view(request, survey_id: int):
    survey, _ = survey_for_staff(request.user, survey_id)
    return render(request, "surveys/staff_results.html", {"results": survey_results(survey)})


@staff_required
def survey_export(request, survey_id: int):
    survey, _ = survey_for_staff(request.user, survey_id)
    response = HttpResponse(xlsx_bytes(export_sheets(survey)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response
