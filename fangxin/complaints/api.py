"""The complaints part of the public API (v1) — a contract, see ARCHITECTURE.md."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.throttling import AnonRateThrottle
from pydantic import Field

from fangxin.api.auth import STAFF_AUTH, BearerToken, Session
from fangxin.api.pagination import MAX_PAGE_SIZE, paginate
from fangxin.audit.middleware import client_address
from fangxin.complaints.access import case_access, viewer_for
from fangxin.complaints.idempotency import case_file_once
from fangxin.complaints.intake import Filing, Person, Respondent
from fangxin.complaints.selectors import case_list_for_user, case_public_get
from fangxin.complaints.serialize import case_public_body, case_staff_row

router = Router(tags=["投诉举报咨询"])


class ClientThrottle(AnonRateThrottle):
    """Per source address, with the same proxy rule as the audit log."""

    def get_ident(self, request):
        return client_address(request)


def _throttles(rate: str) -> list:
    # "off" is for load tests from one address; a deployment keeps a rate.
    return [] if rate == "off" else [ClientThrottle(rate)]


class PersonIn(Schema):
    name: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    id_number: str = Field("", max_length=30)
    address: str = Field("", max_length=400)


class RespondentIn(Schema):
    name: str = Field(max_length=300)
    credit_code: str = Field("", max_length=30)
    address: str = Field(max_length=400)
    township: str = Field("", max_length=50)


class CaseIn(Schema):
    kind: str = Field(max_length=20, description="complaint | report | consultation")
    complainant: PersonIn | None = None
    respondent: RespondentIn
    occurred_on: datetime.date
    amount: Decimal | None = Field(None, description="金额（元），十进制字符串")
    claim: str = Field(max_length=20000)
    facts: str = Field(max_length=50000)
    odr_consent: bool = False
    channel: str = Field("web", max_length=10, description="仅工作人员：web/phone/window/…")
    received_at: datetime.datetime | None = Field(None, description="仅工作人员：实际收到时间")
    bureau: str = Field("", max_length=6, description="管辖局的行政区划代码（可选）")


class Errors(Schema):
    errors: dict[str, list[str]]


class Detail(Schema):
    detail: str


def _optional_user(request: HttpRequest):
    """Staff may file for others (channel, receipt time); everyone else files as the public."""
    if request.headers.get("Authorization"):
        user = BearerToken()(request)
        if user is None:
            # A client that sends credentials means to be someone: a bad token is an error,
            # not a quiet anonymous filing.
            raise AuthenticationError()
        return user
    user = None
    if request.user.is_authenticated:
        # A signed-in browser must prove the request is its own (CSRF) before acting as it.
        user = Session()(request)
    return user


def _filing(data: CaseIn) -> Filing:
    person = Person(**data.complainant.dict()) if data.complainant else None
    return Filing(
        kind=data.kind,
        complainant=person,
        respondent=Respondent(**data.respondent.dict()),
        occurred_on=data.occurred_on,
        amount=data.amount,
        claim=data.claim,
        facts=data.facts,
        odr_consent=data.odr_consent,
        channel=data.channel,
        received_at=data.received_at,
        bureau_code=data.bureau,
    )


@router.post(
    "/complaints",
    response={201: dict, 400: Errors, 401: Detail, 422: Errors},
    summary="提交投诉、举报或咨询",
    throttle=_throttles(settings.FANGXIN_INTAKE_RATE),
)
def complaint_create(request: HttpRequest, data: CaseIn):
    user = _optional_user(request)
    answer = case_file_once(
        actor=user,
        filing=_filing(data),
        raw_body=request.body,
        key=request.headers.get("Idempotency-Key", "").strip(),
    )
    return Status(answer.status, answer.body)


@router.get(
    "/complaints/{tracking_no}",
    response={200: dict, 404: Detail},
    summary="投诉人查询办理进度（编号 + 手机号后四位）",
    throttle=_throttles(settings.FANGXIN_STATUS_RATE),
)
def complaint_status(
    request: HttpRequest, tracking_no: str, phone_last4: str = Query("", max_length=4)
):
    case = case_public_get(tracking_no, phone_last4)
    if case is None:
        return Status(404, {"detail": "未找到该编号的记录，或手机号后四位不符。"})
    return Status(200, case_public_body(case))


class CaseListQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    queue: str = Field("", max_length=20)
    kind: str = Field("", max_length=20)
    status: str = Field("", max_length=20)
    channel: str = Field("", max_length=10)
    q: str = Field("", max_length=100)


@router.get("/complaints", response=dict, auth=STAFF_AUTH, summary="工作人员：案件列表")
def complaint_list(request: HttpRequest, query: Query[CaseListQuery]):
    user = request.auth
    if not user.is_bureau_staff:
        raise HttpError(403, "您没有执行此操作的权限。")
    viewer = viewer_for(user)
    cases = case_list_for_user(
        user,
        queue=query.queue,
        kind=query.kind,
        status=query.status,
        channel=query.channel,
        q=query.q,
        viewer=viewer,
    )
    return paginate(
        request,
        cases,
        query.page,
        query.page_size,
        lambda c: case_staff_row(c, identity=case_access(viewer, c).can_see_identity),
    )
