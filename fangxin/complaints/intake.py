"""Intake on every channel: one service, `case_file`, behind the web form, staff entry, the
JSON API and the 12315 import. It validates the filing as a whole (errors keyed by the API's
field paths, e.g. ``complainant.phone``), finds the bureau and unit, numbers the case, starts its
clocks and records it — all in one transaction, or nothing."""

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.complaints.deadlines import local_date
from fangxin.complaints.evidence import evidence_check, evidence_store
from fangxin.complaints.models import Case, CaseDeadline, CaseEvent, Channel, Kind, Notification
from fangxin.complaints.numbers import tracking_number_next
from fangxin.complaints.routing import bureau_for_filing, route_for
from fangxin.complaints.search import search_text_for
from fangxin.complaints.tell import complainant_tell
from fangxin.complaints.workflow import Status
from fangxin.core import refcache
from fangxin.core.calendar import EARLIEST_DATE, LATEST_DATE, deadline_for, rule_set_in_force
from fangxin.core.models import Bureau
from fangxin.core.validators import (
    credit_code_error,
    id_number_error,
    mobile_error,
    normalize_credit_code,
    normalize_id_number,
    normalize_mobile,
)
from fangxin.intel.suggest import suggestions_apply, suggestions_save
from fangxin.merchants.models import Merchant, ServiceStation
from fangxin.pledges.selectors import pledge_current_for

MAX_CLAIM = 2000
MAX_FACTS = 10000
MAX_AMOUNT = Decimal("99999999999.99")
LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}$")
STAFF_CHANNELS = frozenset(
    {
        Channel.PHONE,
        Channel.WINDOW,
        Channel.LETTER,
        Channel.STATION,
        Channel.NATIONAL_12315,
        Channel.WEB,
    }
)


@dataclass
class Person:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""


@dataclass
class Respondent:
    name: str = ""
    credit_code: str = ""
    address: str = ""
    township: str = ""


@dataclass
class Filing:
    kind: str
    respondent: Respondent
    occurred_on: datetime.date | None
    claim: str
    facts: str
    complainant: Person | None = None
    amount: Decimal | None = None
    odr_consent: bool = False
    channel: str = Channel.WEB
    received_at: datetime.datetime | None = None
    bureau_code: str = ""
    station_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)


def _phone_error(phone: str) -> str | None:
    if LANDLINE.match(phone.strip()):
        return None
    return mobile_error(phone)


def _receipt_time_check(filing: Filing) -> None:
    """A receipt time must carry its zone and lie in the calendar's years; otherwise it is
    reported and dropped, so no later step computes on it."""
    moment = filing.received_at
    if moment is None:
        return
    if timezone.is_naive(moment):
        filing.error("received_at", "收到时间须包含时区，例如 2026-03-15T09:30:00+08:00。")
        filing.received_at = None
    elif not EARLIEST_DATE.year <= moment.year <= LATEST_DATE.year:
        filing.error("received_at", "收到时间超出可处理的范围，请核对。")
        filing.received_at = None
    else:
        rule_sets = refcache.snapshot().rule_sets()  # newest first
        first = rule_sets[-1].effective_from if rule_sets else None
        if first and timezone.localdate(moment) < first:
            filing.error("received_at", f"收到日期早于最早的法定时限规则（{first}施行），请核对。")
            filing.received_at = None


def filing_validate(filing: Filing, *, staff: bool) -> None:
    _receipt_time_check(filing)
    today = timezone.localdate()
    if filing.kind not in Kind.values:
        filing.error("kind", "类型应为 complaint（投诉）、report（举报）或 consultation（咨询）。")
    person = filing.complainant
    anonymous_report = filing.kind == Kind.REPORT and (
        person is None or not (person.name or person.phone)
    )
    if not anonymous_report:
        person = person or Person()
        if not person.name.strip():
            filing.error("complainant.name", "请填写姓名。")
        elif len(person.name.strip()) > 50:
            filing.error("complainant.name", "姓名不能超过50个字符。")
        if not person.phone.strip():
            filing.error("complainant.phone", "请填写联系电话。")
        elif message := _phone_error(person.phone):
            filing.error("complainant.phone", message)
        if person.id_number and (message := id_number_error(person.id_number)):
            filing.error("complainant.id_number", message)
        if len(person.address) > 300:
            filing.error("complainant.address", "联系地址不能超过300个字符。")
    r = filing.respondent
    if not r.name.strip():
        filing.error("respondent.name", "请填写被投诉（举报）的经营者名称。")
    elif len(r.name) > 200:
        filing.error("respondent.name", "经营者名称不能超过200个字符。")
    if not r.address.strip():
        filing.error("respondent.address", "请填写经营者地址。")
    elif len(r.address) > 300:
        filing.error("respondent.address", "经营者地址不能超过300个字符。")
    if r.credit_code and (message := credit_code_error(r.credit_code)):
        filing.error("respondent.credit_code", message)
    if filing.occurred_on is None:
        filing.error("occurred_on", "请填写消费或发生日期。")
    elif filing.occurred_on > today:
        filing.error("occurred_on", "发生日期不能晚于今天。")
    elif filing.received_at and filing.occurred_on > timezone.localdate(filing.received_at):
        filing.error("occurred_on", "发生日期不能晚于收到日期。")
    elif filing.occurred_on < EARLIEST_DATE:
        filing.error("occurred_on", f"发生日期不能早于{EARLIEST_DATE:%Y年%m月%d日}。")
    if filing.amount is not None and not filing.amount.is_finite():
        filing.error("amount", "涉及金额应为数字。")
        filing.amount = None
    if filing.amount is not None and not Decimal("0") <= filing.amount <= MAX_AMOUNT:
        filing.error("amount", "涉及金额应为不小于0的金额（元）。")
    if filing.amount is not None and filing.amount.as_tuple().exponent < -2:
        filing.error("amount", "金额最多保留两位小数。")
    for name, limit, label in (("claim", MAX_CLAIM, "诉求"), ("facts", MAX_FACTS, "事实与理由")):
        text = getattr(filing, name).strip()
        if not text:
            filing.error(name, f"请填写{label}。")
        elif len(text) > limit:
            filing.error(name, f"{label}不能超过{limit}个字符。")
    if not staff:
        if filing.channel != Channel.WEB:
            filing.error("channel", "只有工作人员可以选择来源渠道。")
        if filing.received_at is not None:
            filing.error("received_at", "只有工作人员可以填写收到时间。")
    else:
        if filing.channel not in STAFF_CHANNELS:
            filing.error("channel", "来源渠道无效。")
        if filing.received_at is not None:
            if filing.received_at > timezone.now() + datetime.timedelta(minutes=5):
                filing.error("received_at", "收到时间不能晚于现在。")
            elif filing.received_at.date() < EARLIEST_DATE:
                filing.error("received_at", "收到时间过早，请核对。")


def _bureau(filing: Filing, actor) -> Bureau | None:
    if getattr(actor, "is_bureau_staff", False):
        return actor.bureau
    if filing.bureau_code:
        bureau = Bureau.objects.filter(division_code=filing.bureau_code).first()
        if bureau is None:
            filing.error("bureau", "未找到该行政区划代码对应的市场监督管理局。")
        return bureau
    r = filing.respondent
    bureau = bureau_for_filing(
        credit_code=normalize_credit_code(r.credit_code), township=r.township, address=r.address
    )
    if bureau is None:
        filing.error("bureau", "无法根据经营者地址确定管辖的市场监督管理局，请选择。")
    return bureau


def filing_problems(*, actor, filing: Filing) -> dict[str, list[str]]:
    """The rule errors of a filing, without writing anything (for forms that also have
    errors of their own)."""
    filing.errors = {}
    filing_validate(filing, staff=bool(getattr(actor, "is_bureau_staff", False)))
    with refcache.pinned():
        bureau = _bureau(filing, actor)
    if bureau is not None:
        try:
            _station(filing, bureau)
        except ValidationError as exc:
            for message in exc.message_dict["station"]:
                filing.error("station", message)
    return filing.errors


# PostgreSQL writes filings in parallel, and the counter row stays locked until the end of the
# transaction that increments it: taking the number in a short transaction of its own lets the
# filings overlap (a filing that then fails leaves a gap in the numbers, never a duplicate).
# SQLite has one writer at a time anyway; there the number is taken in the filing's transaction.
SEPARATE_NUMBER_TRANSACTION = {"postgresql": True, "sqlite": False}


def case_file(*, actor, filing: Filing, evidence=(), on_created=None) -> Case:
    # One look at the reference stamp for routing, rule set and clocks together.
    with refcache.pinned():
        return _case_file(actor=actor, filing=filing, evidence=evidence, on_created=on_created)


def _case_file(*, actor, filing: Filing, evidence, on_created) -> Case:
    """Validate and record a filing. Raises ValidationError({path: [messages]}) and writes
    nothing when anything is wrong. `on_created(case)` runs inside the same transaction
    (the API stores its idempotency record there).

    Everything that only reads (routing, the rule set, the clocks on the calendar) is done
    before the transaction, so the write lock — a whole-database lock on SQLite — is held for
    the inserts alone."""
    staff = bool(getattr(actor, "is_bureau_staff", False))
    filing_validate(filing, staff=staff)
    bureau = _bureau(filing, actor)
    try:
        checked = evidence_check(evidence)
    except ValidationError as exc:
        for message in exc.message_dict["evidence"]:
            filing.error("evidence", message)
    if filing.errors:
        raise ValidationError(filing.errors)
    received_at = filing.received_at or timezone.now()
    r = filing.respondent
    credit_code = normalize_credit_code(r.credit_code) if r.credit_code else ""
    merchant = (
        Merchant.objects.filter(bureau=bureau, credit_code=credit_code).first()
        if credit_code
        else None
    )
    route = route_for(bureau, township=r.township, address=r.address, merchant=merchant)
    pledge = pledge_current_for(merchant) if merchant else None
    station = _station(filing, bureau)
    person = filing.complainant or Person()
    anonymous = filing.kind == Kind.REPORT and not (person.name or person.phone)
    rule_set = rule_set_in_force(local_date(received_at))
    status = _initial_status(filing, merchant, route.unit)
    clocks = _planned_clocks(filing.kind, status, local_date(received_at), rule_set)
    case = Case(
        bureau=bureau,
        kind=filing.kind,
        channel=filing.channel,
        received_at=received_at,
        rule_set=rule_set,
        unit=route.unit,
        township=route.township,
        is_anonymous=anonymous,
        complainant_name=person.name.strip(),
        complainant_phone=normalize_mobile(person.phone)
        if person.phone and not LANDLINE.match(person.phone.strip())
        else person.phone.strip(),
        complainant_id_number=normalize_id_number(person.id_number) if person.id_number else "",
        complainant_address=person.address.strip(),
        merchant=merchant,
        pledge=pledge,
        station=station,
        respondent_name=r.name.strip(),
        respondent_credit_code=credit_code,
        respondent_address=r.address.strip(),
        occurred_on=filing.occurred_on,
        amount=filing.amount,
        claim=filing.claim.strip(),
        facts=filing.facts.strip(),
        odr_consent=filing.odr_consent,
        created_by=actor if getattr(actor, "pk", None) else None,
        status=status,
    )
    case.search_text = search_text_for(case.respondent_name, case.claim, case.facts)
    suggestion = suggestions_apply([case])
    # Field checks only, before the write lock: the keys were just looked up, and the
    # number is allocated in the transaction.
    case.full_clean(
        exclude=[
            "tracking_no",
            "rule_set",
            "bureau",
            "unit",
            "township",
            "merchant",
            "pledge",
            "station",
            "created_by",
            "assignee",
            "linked_case",
        ],
        validate_unique=False,
        validate_constraints=False,
    )
    year = local_date(received_at).year
    if SEPARATE_NUMBER_TRANSACTION[connection.vendor]:
        with transaction.atomic():
            case.tracking_no = tracking_number_next(bureau=bureau, kind=filing.kind, year=year)
    stored = []
    try:
        with transaction.atomic():
            if not case.tracking_no:
                case.tracking_no = tracking_number_next(bureau=bureau, kind=filing.kind, year=year)
            case.save(force_insert=True)
            suggestions_save(suggestion)
            deadlines = CaseDeadline.objects.bulk_create(
                [
                    CaseDeadline(
                        case=case,
                        key=key,
                        label=d.label,
                        starts_on=start,
                        due_on=d.due,
                        provisional=d.provisional,
                        citation=d.citation,
                        rule_set_name=d.rule_set,
                        verified=d.verified,
                    )
                    for key, start, d in clocks
                ]
            )
            _notify_odr_merchant(case)
            stored = evidence_store(case, checked)
            event = CaseEvent.objects.create(
                case=case,
                at=timezone.now(),
                actor=case.created_by,
                actor_label=getattr(actor, "username", "") or "公众",
                action="file",
                to_status=case.status,
                note=f"渠道：{case.get_channel_display()}",
                public_text=f"已收到您的{case.get_kind_display()}，编号 {case.tracking_no}。",
            )
            complainant_tell(case, "file", event.public_text)
            record_event(
                actor=actor,
                action="case.file",
                obj=case,
                bureau_id=bureau.pk,
                changes={
                    "kind": case.kind,
                    "channel": case.channel,
                    "status": case.status,
                    "unit": route.unit.name if route.unit else None,
                    # A reporter's identity stays out of the log the administrators read.
                    "complainant_name": "" if case.kind == Kind.REPORT else case.complainant_name,
                    "phone": "" if case.kind == Kind.REPORT else case.complainant_phone,
                    "respondent_name": case.respondent_name,
                    "evidence": len(stored),
                },
                public=frozenset({"respondent_name"}),
            )
            if on_created is not None:
                with _deadlines_known(case, deadlines):
                    on_created(case)
    except BaseException:
        # The rows are rolled back; the files written for them must go too.
        for item in stored:
            item.file.storage.delete(item.file.name)
        raise
    return case


@contextmanager
def _deadlines_known(case: Case, deadlines: list[CaseDeadline]):
    """Let `case.deadlines.all()` answer the clocks just made without reading them back (the
    API's answer lists them), for the duration of the block only."""
    known = CaseDeadline.objects.filter(case=case)
    known._result_cache, known._prefetch_done = deadlines, True
    case._prefetched_objects_cache = {"deadlines": known}
    try:
        yield
    finally:
        del case._prefetched_objects_cache


def _station(filing: Filing, bureau: Bureau) -> ServiceStation | None:
    """The station a filing was taken at; refused unless it is one of the bureau's own."""
    if filing.channel != Channel.STATION:
        return None
    station = (
        ServiceStation.objects.filter(pk=filing.station_id, bureau=bureau, is_active=True).first()
        if filing.station_id
        else None
    )
    if station is None:
        raise ValidationError({"station": ["请选择受理的维权服务站或联络点。"]})
    return station


def _odr_applies(filing: Filing, merchant: Merchant | None) -> bool:
    if filing.kind != Kind.COMPLAINT or not filing.odr_consent or merchant is None:
        return False
    membership = getattr(merchant, "odr_membership", None)
    return membership is not None and membership.is_active


def _initial_status(filing: Filing, merchant: Merchant | None, unit) -> str:
    if _odr_applies(filing, merchant):
        return Status.ODR
    return Status.RECEIVED if unit else Status.TRIAGE


def _notify_odr_merchant(case: Case) -> None:
    if case.status == Status.ODR:
        Notification.objects.bulk_create(
            [
                Notification(
                    user=account.user,
                    case=case,
                    text=f"新的消费投诉 {case.tracking_no}，请在期限内协商处理",
                )
                for account in case.merchant.accounts.select_related("user")
            ]
        )


def _planned_clocks(kind: str, status: str, received_on, rule_set):
    """[(key, start, Deadline)] of the clocks a new case starts with."""
    if status == Status.ODR:
        keys = ["odr.negotiation"]
    else:
        keys = {Kind.COMPLAINT: ["complaint.acceptance"], Kind.REPORT: ["report.verification"]}.get(
            kind, []
        )
    return [(key, received_on, deadline_for(key, received_on, rule_set=rule_set)) for key in keys]
