import pytest


@pytest.fixture
def filing():
    """A valid complaint body as the API contract describes it."""

    def make(**overrides):
        body = {
            "kind": "complaint",
            "complainant": {
                "name": "王小明",
                "phone": "13812345678",
                "address": "山西省吕梁市兴县蔚汾镇东关街1号",
            },
            "respondent": {
                "name": "兴县强身健身俱乐部",
                "address": "兴县蔚汾镇文化街22号",
                "township": "蔚汾镇",
            },
            "occurred_on": "2026-11-02",
            "amount": "2680.00",
            "claim": "退还未使用的年卡费用2000元",
            "facts": "2026年3月办理健身年卡，11月健身房突然停业，无法继续使用，商家拒绝退款。",
        }
        for key, value in overrides.items():
            if value is None:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    return make
