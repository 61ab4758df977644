"""The public side: open surveys, answering one (works on a phone without JavaScript), the
thank-you page. A verified survey sends the visitor to the number check first; an anonymous
one recognises the visitor by a random token kept in the session."""

import secrets

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from fangxin.audit.middleware import client_address
from fangxin.engagement.verification import verified_label, verified_phone
from fangxin.surveys import answering
from fangxin.surveys.models import Survey
from fangxin.surveys.selectors import has_answered, survey_public_get, surveys_public

SESSION_KEY = "fangxin_survey_visitor"


def _identity(request, survey: Survey) -> dict:
    """{"phone": …} or {"token": …}: who is answering, as the service takes it."""
    if survey.mode == Survey.Mode.VERIFIED:
        return {"phone": verified_phone(request)}
    token = request.session.get(SESSION_KEY)
    if not token:
        token = request.session[SESSION_KEY] = secrets.token_urlsafe(24)
    return {"token": token}


def _rows(survey: Survey, submitted=None, errors=None) -> list[dict]:
    questions = list(survey.questions.select_related("depends_on").order_by("position", "id"))
    rows = []
    for number, question in enumerate(questions, start=1):
        condition = ""
        if question.depends_on_id:
            condition = (
                f"若第{question.depends_on.position}题选择“{question.depends_value}”，请回答本题"
            )
        rows.append(
            {
                "number": number,
                "question": question,
                "name": question.field_name,
                "values": submitted.getlist(question.field_name) if submitted else [],
                "errors": (errors or {}).get(question.field_name, []),
                "condition": condition,
                "options": list(enumerate(question.options)),
            }
        )
    return rows


def survey_list(request):
    return render(request, "surveys/public_list.html", {"surveys": surveys_public()})


@require_http_methods(["GET", "POST"])
def survey_page(request, survey_id: int):
    survey = survey_public_get(survey_id)
    closed = answering.survey_accepting_error(survey)
    context = {"survey": survey, "closed": closed, "phone_label": verified_label(request)}
    # A refused submission answers 400; the same page read by GET is a plain 200.
    refused = 400 if request.method == "POST" else 200
    if closed:
        return render(request, "surveys/public_survey.html", context, status=refused)
    identity = _identity(request, survey)
    if survey.mode == Survey.Mode.VERIFIED and not identity["phone"]:
        return redirect(reverse("engagement:verify") + "?next=" + request.path)
    if has_answered(survey, answering.respondent_key(survey, **identity)):
        context["answered"] = True
        return render(request, "surveys/public_survey.html", context, status=refused)
    if request.method == "POST":
        answers = {q.pk: request.POST.getlist(q.field_name) for q in survey.questions.all()}
        try:
            answering.response_submit(
                survey=survey, answers=answers, address=client_address(request), **identity
            )
        except ValidationError as exc:
            errors = exc.message_dict
            context["rows"] = _rows(survey, request.POST, errors)
            context["form_errors"] = [
                m for k, ms in errors.items() if not k.startswith("q") for m in ms
            ]
            context["answered"] = answering.ALREADY_ANSWERED in context["form_errors"]
            context["to_fix"] = sum(1 for name in errors if name.startswith("q"))
            return render(request, "surveys/public_survey.html", context, status=400)
        return redirect("surveys_public:thanks", survey_id=survey.pk)
    context["rows"] = _rows(survey)
    return render(request, "surveys/public_survey.html", context)


def survey_thanks(request, survey_id: int):
    return render(request, "surveys/public_thanks.html", {"survey": survey_public_get(survey_id)})
