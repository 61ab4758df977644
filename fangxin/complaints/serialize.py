"""What a case looks like to each audience: the complainant (status page), staff (API and
exports). Masking is decided here, from the caller's CaseAccess, never in templates."""

from django.utils import timezone

from fangxin.complaints.models import Case, CaseDeadline
from fangxin.core.masking import mask_address, mask_id_number, mask_name, mask_phone

NEXT_STEPS = {
    "triage": "我们正在确定负责处理的单位，请耐心等待。",
    "received": "承办单位将在受理期限内决定是否受理，并告知您结果。",
    "odr": "经营者正在与您协商处理，请留意经营者的联系；协商不成将转市场监管部门处理。",
    "accepted": "已受理，承办人员将与您和经营者联系调解。",
    "mediating": "调解进行中，请配合承办人员的联系和安排。",
    "verifying": "正在核查举报内容。",
    "refused": "本件不予受理，理由见办理记录。如有异议，可依法通过其他途径解决。",
    "answered": "已答复，见答复内容。",
    "closed": "已办结。欢迎对办理情况进行满意度评价。",
}


def deadlines_list(case: Case) -> list[dict]:
    return [
        {
            "key": d.key,
            "label": d.label,
            "starts_on": d.starts_on,
            "due_on": d.due_on,
            "provisional": d.provisional,
            "state": d.state,
            "state_label": d.get_state_display(),
            "extended": d.extended,
            "rule_set": d.rule_set_name,
            "citation": d.citation,
            "verified": d.verified,
        }
        for d in case.deadlines.all()
    ]


def deadlines_summary(case: Case) -> dict:
    """The contract's `deadlines` object: acceptance_due and provisional, plus every clock."""
    items = deadlines_list(case)
    by_key = {d["key"]: d for d in items}
    acceptance = by_key.get("complaint.acceptance")
    running = [d for d in items if d["state"] == CaseDeadline.State.RUNNING]
    return {
        "acceptance_due": acceptance["due_on"] if acceptance else None,
        "provisional": any(d["provisional"] for d in (running or items)),
        "items": items,
    }


def case_created_body(case: Case) -> dict:
    return {
        "tracking_no": case.tracking_no,
        "kind": case.kind,
        "status": case.status,
        "status_label": case.get_status_display(),
        "received_at": timezone.localtime(case.received_at).isoformat(),
        "deadlines": _json_dates(deadlines_summary(case)),
    }


def case_public_body(case: Case) -> dict:
    timeline = [
        {"at": timezone.localtime(e.at), "text": e.public_text}
        for e in case.events.all()
        if e.public_text
    ]
    return {
        "tracking_no": case.tracking_no,
        "kind": case.kind,
        "kind_label": case.get_kind_display(),
        "status": case.status,
        "status_label": case.get_status_display(),
        "received_at": timezone.localtime(case.received_at),
        "complainant": {
            "name": mask_name(case.complainant_name),
            "phone": mask_phone(case.complainant_phone),
        },
        "respondent": {"name": case.respondent_name},
        "timeline": timeline,
        "deadlines": _json_dates(deadlines_summary(case)),
        "next_step": NEXT_STEPS.get(case.status, ""),
        "satisfaction": case.satisfaction,
    }


REPORTER_HIDDEN = "（举报人信息仅承办单位可见）"


def hides_reporter(case: Case, identity: bool) -> bool:
    """A reporter is known to the handling unit alone: to anyone else not even a masked name
    (a surname and four digits narrow a small county down)."""
    return case.kind == "report" and not identity


def case_staff_row(case: Case, *, identity: bool) -> dict:
    name, phone = case.complainant_name, case.complainant_phone
    if hides_reporter(case, identity):
        name, phone = REPORTER_HIDDEN, ""
    elif not identity:
        name, phone = mask_name(name), mask_phone(phone)
    return {
        "tracking_no": case.tracking_no,
        "kind": case.kind,
        "status": case.status,
        "status_label": case.get_status_display(),
        "channel": case.channel,
        "received_at": timezone.localtime(case.received_at).isoformat(),
        "unit": case.unit.name if case.unit_id else None,
        "township": case.township.name if case.township_id else None,
        "complainant": {"name": name, "phone": phone, "anonymous": case.is_anonymous},
        "respondent": {"name": case.respondent_name, "credit_code": case.respondent_credit_code},
        "claim": case.claim[:200],
    }


def case_identity(case: Case, *, identity: bool) -> dict:
    if hides_reporter(case, identity):
        return {"name": REPORTER_HIDDEN, "phone": "", "id_number": "", "address": ""}
    if identity:
        return {
            "name": case.complainant_name,
            "phone": case.complainant_phone,
            "id_number": case.complainant_id_number,
            "address": case.complainant_address,
        }
    return {
        "name": mask_name(case.complainant_name),
        "phone": mask_phone(case.complainant_phone),
        "id_number": mask_id_number(case.complainant_id_number),
        "address": mask_address(case.complainant_address),
    }


def _json_dates(value):
    if isinstance(value, dict):
        return {k: _json_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_dates(v) for v in value]
    return value.isoformat() if hasattr(value, "isoformat") else value
