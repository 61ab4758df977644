"""Telling the complainant (or the real-name reporter) by text message when their case
reaches a step they must know of: received, accepted or refused, closed, answered, the report
decided. The text is the step's public wording, the same as the status page shows; cases from
the national 12315 platform are told by that platform, and anonymous reporters not at all."""

from fangxin.complaints.models import Case, Channel
from fangxin.messaging.services import sms_queue

TOLD_ACTIONS = frozenset(
    {"file", "accept", "refuse", "close", "answer", "decide", "odr_settle", "odr_escalate"}
)


def complainant_tell(case: Case, action: str, public_text: str) -> None:
    """Queue the message in the caller's transaction (it exists if and only if the step does)."""
    if action not in TOLD_ACTIONS or not public_text or case.is_anonymous:
        return
    if case.channel == Channel.NATIONAL_12315 or not case.complainant_phone:
        return
    text = (
        f"【{case.bureau.name}】您的{case.get_kind_display()}（编号 {case.tracking_no}）："
        f"{public_text} 凭编号和手机号后4位可查询办理进度。"
    )
    sms_queue(
        bureau_id=case.bureau_id,
        phone=case.complainant_phone,
        text=text,
        reference=f"case:{case.tracking_no}",
    )
