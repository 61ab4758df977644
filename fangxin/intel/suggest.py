"""Category suggestions on cases and their confirmation by staff.

On intake (and import) the live classifier suggests a sector and a problem type; the case keeps
the suggestion (with the model version) and takes it as its category until staff confirm or
correct it on the case page. Confirmed cases are the labelled data `textintel_train` learns
from next time."""

import os
import threading
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.complaints.models import Case, CaseEvent, Kind
from fangxin.complaints.services import actor_label, case_locked
from fangxin.core.categories import PROBLEM_TYPES, SECTORS
from fangxin.intel.models import CaseSuggestion
from fangxin.textintel import classify

# A promoted model is a new file; each process looks for one at most this often.
RELOAD_SECONDS = 60
_lock = threading.Lock()
_state = {"checked": 0.0, "mtime": None}


def live_classifier() -> classify.ComplaintClassifier:
    """The classifier in use, reloaded when `textintel_train` has put a new one live."""
    now = time.monotonic()
    if now - _state["checked"] > RELOAD_SECONDS:
        with _lock:
            _state["checked"] = now
            path = classify.model_dir() / classify.LIVE_MODEL_NAME
            mtime = os.path.getmtime(path) if path.exists() else None
            if mtime != _state["mtime"]:
                _state["mtime"] = mtime
                classify.reset_default_classifier()
    return classify.default_classifier()


def case_text(case: Case) -> str:
    return f"{case.facts}\n{case.claim}"


def suggestions_apply(cases: list[Case]) -> list[CaseSuggestion]:
    """Suggest for each case (enquiries too: their topics count in hotspots) and take the
    suggestion as the category of cases nobody has confirmed. Runs before the cases are
    inserted (no extra write); save the returned rows with `suggestions_save` afterwards."""
    if not cases:
        return []
    results = live_classifier().suggest_many([case_text(c) for c in cases])
    rows = []
    for case, s in zip(cases, results, strict=True):
        if case.category_confirmed_at is None:
            case.sector, case.problem_type = s.sector, s.problem
        rows.append(
            CaseSuggestion(
                case=case,
                model_version=s.model_version[:60],
                sector=s.sector,
                sector_confidence=round(float(s.sector_confidence), 4),
                problem=s.problem,
                problem_confidence=round(float(s.problem_confidence), 4),
            )
        )
    return rows


def suggestions_save(rows: list[CaseSuggestion]) -> None:
    for row in rows:
        row.case_id = row.case.pk  # assigned when the case was inserted after the row was built
    CaseSuggestion.objects.bulk_create(rows)


def suggest_for_cases(cases: list[Case]) -> list[CaseSuggestion]:
    """Suggest again for existing cases (after a new model went live)."""
    rows = suggestions_apply(cases)
    suggestions_save(rows)
    Case.objects.bulk_update(
        [c for c in cases if c.category_confirmed_at is None], ["sector", "problem_type"]
    )
    return rows


def case_categorize(*, actor, case: Case, sector: str, problem: str) -> Case:
    """Staff confirm or correct the category. The suggestion it replaces is kept."""
    errors = {}
    if sector not in SECTORS:
        errors["sector"] = ["请选择行业（领域）。"]
    if problem not in PROBLEM_TYPES:
        errors["problem_type"] = ["请选择问题类别。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = case_locked(case)
        suggestion = case.suggestions.first()
        before = (case.sector, case.problem_type)
        case.sector, case.problem_type = sector, problem
        case.category_confirmed_at = timezone.now()
        case.save(update_fields=["sector", "problem_type", "category_confirmed_at"])
        details = {
            "sector": sector,
            "problem_type": problem,
            "suggested": [suggestion.sector, suggestion.problem] if suggestion else None,
            "model_version": suggestion.model_version if suggestion else "",
        }
        CaseEvent.objects.create(
            case=case,
            at=case.category_confirmed_at,
            actor=actor,
            actor_label=actor_label(actor),
            action="categorize",
            note=f"{sector} / {problem}",
            details=details,
        )
        record_event(
            actor=actor,
            action="case.categorize",
            obj=case,
            changes={"from": list(before), **details},
            public=frozenset({"from", "sector", "problem_type", "suggested", "model_version"}),
        )
    return case


def confirmed_records(limit: int = 200_000) -> list[dict]:
    """Labelled records for training: complaints and reports whose category staff confirmed."""
    rows = (
        Case.objects.filter(category_confirmed_at__isnull=False)
        .exclude(kind=Kind.CONSULTATION)
        .exclude(sector="")
        .exclude(problem_type="")
        .order_by("-category_confirmed_at")
        .values_list("facts", "claim", "sector", "problem_type")[:limit]
    )
    return [
        {"text": f"{facts}\n{claim}", "sector": sector, "problem": problem}
        for facts, claim, sector, problem in rows
    ]
