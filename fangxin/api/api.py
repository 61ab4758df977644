"""The JSON API, v1. Its routes are a contract with outside clients (ARCHITECTURE.md)."""

import datetime

from django.http import HttpRequest
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import Field

from fangxin.accounts.access import is_admin
from fangxin.accounts.services import account_policy_problem, api_token_issue
from fangxin.accounts.signin import sign_in_password
from fangxin.api.auth import STAFF_AUTH
from fangxin.api.errors import field_errors
from fangxin.api.pagination import MAX_PAGE_SIZE, paginate
from fangxin.audit.middleware import client_address
from fangxin.audit.selectors import audit_event_list_for_user
from fangxin.complaints.api import router as complaints_router
from fangxin.core.calendar import EARLIEST_DATE, LATEST_DATE, MAX_WORKING_DAYS, add_working_days
from fangxin.intel.api import router as intel_router


class ChineseJSONRenderer(JSONRenderer):
    # Chinese text as itself, not \u escapes: readable in logs and by clients.
    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="放心消费维权平台 API",
    version="1",
    description="市场监督管理局消费维权综合服务平台对外接口（v1）。",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError):
    return api.create_response(request, {"errors": field_errors(exc.errors)}, status=400)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": "未登录或登录凭据无效。"}, status=401)


@api.exception_handler(AuthorizationError)
def on_authorization_error(request: HttpRequest, exc: AuthorizationError):
    return api.create_response(request, {"detail": "您没有执行此操作的权限。"}, status=403)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError):
    if exc.status_code == 429:
        return api.create_response(request, {"detail": "请求过于频繁，请稍后再试。"}, status=429)
    if exc.status_code == 400 and "parse request body" in exc.message:
        return api.create_response(
            request, {"errors": {"body": ["请求体不是有效的 JSON。"]}}, status=400
        )
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


api.add_router("/", complaints_router)
api.add_router("/", intel_router)


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(Schema):
    token: str


class Detail(Schema):
    detail: str


@api.post(
    "/auth/token",
    response={200: TokenOut, 401: Detail, 403: Detail},
    tags=["认证"],
    summary="用用户名和密码换取访问令牌",
)
def auth_token(request: HttpRequest, data: TokenIn):
    result = sign_in_password(
        username=data.username, password=data.password, address=client_address(request)
    )
    if result.user is None:
        return Status(401, {"detail": result.error})
    if result.needs_second_factor:
        # Tokens are for service accounts; a person with two-factor signs in on the web.
        return Status(401, {"detail": "该账户已启用两步验证，请使用专用接口账户获取令牌。"})
    if problem := account_policy_problem(result.user):
        return Status(403, {"detail": problem})
    return Status(200, {"token": api_token_issue(user=result.user)})


class WorkingDaysQuery(Schema):
    start: datetime.date = Field(
        ge=EARLIEST_DATE, le=LATEST_DATE, description="起算日（不计入），YYYY-MM-DD"
    )
    days: int = Field(ge=0, le=MAX_WORKING_DAYS, description="工作日数")


class WorkingDaysOut(Schema):
    date: datetime.date
    provisional: bool


@api.get(
    "/calendar/working-days",
    response=WorkingDaysOut,
    tags=["日历"],
    summary="期限计算：起算日后第 N 个工作日",
)
def calendar_working_days(request: HttpRequest, query: Query[WorkingDaysQuery]):
    result = add_working_days(query.start, query.days)
    return {"date": result.date, "provisional": result.provisional}


class MeOut(Schema):
    username: str
    role: str
    role_label: str
    bureau: str | None
    units: list[str]


@api.get("/me", response=MeOut, auth=STAFF_AUTH, tags=["认证"], summary="当前用户")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "role": user.role,
        "role_label": user.get_role_display(),
        "bureau": user.bureau.name if user.bureau_id else None,
        "units": [m.unit.name for m in user.memberships.select_related("unit")],
    }


class AuditEventOut(Schema):
    seq: int
    at: datetime.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    address: str | None


class AuditPage(Schema):
    count: int
    next: str | None
    results: list[AuditEventOut]


class AuditQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    action: str = Field("", max_length=60)
    object_type: str = Field("", max_length=60)
    object_id: str = Field("", max_length=64)


@api.get(
    "/audit/events",
    response=AuditPage,
    auth=STAFF_AUTH,
    tags=["审计"],
    summary="审计日志（管理员）",
)
def audit_events(request: HttpRequest, query: Query[AuditQuery]):
    if not is_admin(request.auth):
        raise AuthorizationError()
    events = audit_event_list_for_user(
        request.auth, action=query.action, object_type=query.object_type, object_id=query.object_id
    )
    return paginate(
        request,
        events,
        query.page,
        query.page_size,
        lambda e: {
            "seq": e.seq,
            "at": e.at,
            "actor": e.actor_label,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "object_repr": e.object_repr,
            "changes": e.changes,
            "address": e.address,
        },
    )
