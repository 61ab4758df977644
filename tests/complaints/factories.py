"""Cases made through the intake service, the way a filing arrives."""

import datetime
from decimal import Decimal

from fangxin.complaints.intake import Filing, Person, Respondent, case_file


def make_case(
    actor=None,
    *,
    kind="complaint",
    township="蔚汾镇",
    anonymous=False,
    received_at=None,
    credit_code="",
    **extra,
):
    person = (
        None
        if anonymous
        else Person(
            name="王小明",
            phone="13812345678",
            id_number="11010519491231002X",
            address="兴县蔚汾镇东关街1号",
        )
    )
    filing = Filing(
        kind=kind,
        complainant=person,
        respondent=Respondent(
            name="兴县强身健身俱乐部",
            credit_code=credit_code,
            address=f"兴县{township}文化街22号",
            township=township,
        ),
        occurred_on=datetime.date(2026, 2, 20),
        amount=Decimal("2680.00"),
        claim="退还年卡余额",
        facts="健身房停业，拒绝退款。",
        received_at=received_at,
        channel="phone" if received_at else "web",
        **extra,
    )
    return case_file(actor=actor, filing=filing)
