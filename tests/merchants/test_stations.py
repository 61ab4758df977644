"""Service stations: registered by the bureau, chosen when a filing is taken on the spot, and
counted per station."""

import pytest

from fangxin.complaints.models import Case
from fangxin.merchants.models import ServiceStation
from fangxin.merchants.stations import station_stats

pytestmark = pytest.mark.django_db

FILING = {
    "kind": "complaint",
    "complainant_name": "李四",
    "complainant_phone": "13900001111",
    "respondent_name": "兴县蔚汾家电城",
    "respondent_address": "兴县蔚汾镇南关路6号",
    "occurred_on": "2026-10-20",
    "claim": "更换冰箱",
    "facts": "冰箱不制冷",
    "channel": "station",
    "received_at": "2026-11-20T10:15",
}
STATION = {
    "kind": "station",
    "name": "惠民购物广场维权服务站",
    "host_kind": "mall",
    "address": "兴县蔚汾镇东关街18号",
    "contact_person": "赵站长",
    "contact_phone": "13700001234",
    "opening_hours": "9:00-18:00",
    "is_active": "on",
}


@pytest.fixture
def station(org, personas, login):
    login(personas["handler"]).post("/staff/merchants/stations/new/", STATION)
    return ServiceStation.objects.get()


def test_a_station_with_a_wrong_phone_is_refused(org, personas, login):
    response = login(personas["handler"]).post(
        "/staff/merchants/stations/new/", {**STATION, "contact_phone": "1370000"}
    )
    assert response.status_code == 400 and not ServiceStation.objects.exists()


def test_a_station_filing_without_its_station_is_refused(org, personas, login, station):
    response = login(personas["handler"]).post("/staff/cases/new/", FILING)
    assert response.status_code == 400
    assert "请选择受理的维权服务站" in response.content.decode()
    assert not Case.objects.exists()


def test_a_filing_taken_at_a_station_carries_it_and_is_counted(org, personas, login, station):
    login(personas["handler"]).post("/staff/cases/new/", {**FILING, "station": station.pk})
    assert Case.objects.get().station == station
    counted = station_stats(org["bureau"].pk).get(pk=station.pk)
    assert counted.filings == 1 and counted.open_cases == 1


def test_another_bureaus_station_cannot_be_chosen(org, personas, login, station, make_user):
    from fangxin.accounts.models import Role

    lin_handler = make_user("lin_h", Role.HANDLER, bureau="other_bureau", unit="other_unit")
    response = login(lin_handler).post("/staff/cases/new/", {**FILING, "station": station.pk})
    assert response.status_code == 400 and not Case.objects.exists()
