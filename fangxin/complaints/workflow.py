"""The case state machine: statuses, and for each kind the moves allowed from each status.

One mechanism for every kind (STYLE.md): `transition()` checks the table, and the services in
`fangxin.complaints.services` are the only callers; each move is stored as a CaseEvent.
"""

from dataclasses import dataclass

from django.db import models


class Status(models.TextChoices):
    TRIAGE = "triage", "待分派"
    RECEIVED = "received", "待受理"
    ODR = "odr", "经营者协商中"
    ACCEPTED = "accepted", "已受理"
    MEDIATING = "mediating", "调解中"
    VERIFYING = "verifying", "核查中"
    REFUSED = "refused", "不予受理"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


TERMINAL = frozenset({Status.REFUSED, Status.ANSWERED, Status.CLOSED})
OPEN = frozenset(Status) - TERMINAL


@dataclass(frozen=True)
class Move:
    label: str
    sources: frozenset[str]
    target: str


def _move(label: str, sources: set[str], target: str) -> Move:
    return Move(label=label, sources=frozenset(sources), target=target)


S = Status
COMPLAINT_MOVES = {
    "route": _move("分派", {S.TRIAGE}, S.RECEIVED),
    "odr_escalate": _move("转市场监管部门处理", {S.ODR}, S.RECEIVED),
    "odr_escalate_triage": _move("转市场监管部门处理", {S.ODR}, S.TRIAGE),
    "odr_settle": _move("经营者协商解决", {S.ODR}, S.CLOSED),
    "transfer": _move("移送", {S.RECEIVED, S.ACCEPTED}, S.RECEIVED),
    "accept": _move("受理", {S.RECEIVED}, S.ACCEPTED),
    "refuse": _move("不予受理", {S.RECEIVED, S.TRIAGE}, S.REFUSED),
    "mediate": _move("开始调解", {S.ACCEPTED}, S.MEDIATING),
    "close": _move("办结", {S.ACCEPTED, S.MEDIATING}, S.CLOSED),
}
REPORT_MOVES = {
    "route": _move("分派", {S.TRIAGE}, S.RECEIVED),
    "transfer": _move("移送", {S.RECEIVED, S.VERIFYING}, S.RECEIVED),
    "verify": _move("开始核查", {S.RECEIVED}, S.VERIFYING),
    "decide": _move("作出立案决定", {S.VERIFYING}, S.CLOSED),
}
CONSULTATION_MOVES = {
    "route": _move("分派", {S.TRIAGE}, S.RECEIVED),
    "transfer": _move("移送", {S.RECEIVED}, S.RECEIVED),
    "answer": _move("答复", {S.TRIAGE, S.RECEIVED}, S.ANSWERED),
}
MOVES = {"complaint": COMPLAINT_MOVES, "report": REPORT_MOVES, "consultation": CONSULTATION_MOVES}


class IllegalMove(Exception):
    """A move the state machine does not allow from the case's status."""


def move_for(kind: str, status: str, action: str) -> Move:
    move = MOVES[kind].get(action)
    if move is None or status not in move.sources:
        raise IllegalMove(f"{kind}: '{action}' is not allowed from '{status}'")
    return move


def moves_from(kind: str, status: str) -> dict[str, Move]:
    return {name: m for name, m in MOVES[kind].items() if status in m.sources}


# Timeline wording for every action a CaseEvent may carry.
ACTION_LABELS = {
    "file": "登记",
    "route": "分派",
    "transfer": "移送",
    "assign": "指定承办人",
    "accept": "受理",
    "refuse": "不予受理",
    "mediate": "开始调解",
    "close": "办结",
    "answer": "答复",
    "verify": "开始核查",
    "decide": "作出立案决定",
    "split": "拆分",
    "rate": "评价",
    "odr_settle": "经营者协商解决",
    "odr_escalate": "转市场监管部门处理",
    "odr_escalate_triage": "转市场监管部门处理",
    "odr_contact": "经营者记录协商",
    "reminder": "期限提醒",
    "follow_up": "回访",
    "mediation_session": "调解记录",
    "pause": "期限暂停",
    "notice": "告知",
    "resume": "期限恢复",
    "extend": "期限延长",
    "categorize": "确认分类",
    "mass_reply": "群体性投诉统一答复",
}
