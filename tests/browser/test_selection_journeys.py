"""A visitor votes in a selection on a phone: verify the number, vote once, be refused the
second time the same day."""

import pytest

from fangxin.selections import voting
from fangxin.selections.models import Vote
from tests.browser.conftest import shoot
from tests.browser.test_journeys import sign_in
from tests.conftest import PASSWORD
from tests.selections.factories import make_selection, noon, score_all

SCORES = {"兴县红枣": ("90", "80"), "兴县小米": ("70", "80"), "沙棘汁": ("60", "62")}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_votes_once_on_a_phone_and_is_refused_the_second_time(
    phone, live_server, org, personas, sms
):
    selection = make_selection(org, personas)
    number = "13912345678"
    phone.goto(f"{live_server.url}/selections/{selection.pk}/")
    assert phone.get_by_role("heading", name="兴县伴手礼评选").is_visible()
    phone.get_by_role("button", name="投票给兴县红枣").click()

    # No verified number yet: the vote button leads to the text-message check first.
    assert "/verify/" in phone.url
    phone.get_by_label("手机号码").fill(number)
    phone.get_by_role("button", name="获取验证码").click()
    phone.get_by_label("短信验证码").fill(sms.last_code(number))
    phone.get_by_role("button", name="验证").click()
    assert phone.url.endswith(f"/selections/{selection.pk}/")

    phone.get_by_role("button", name="投票给兴县红枣").click()
    assert "投票成功" in phone.locator(".messages").inner_text()
    assert "今天已投票" in phone.locator("#vote-status").inner_text()
    shoot(phone, "selections-vote-counted")

    phone.get_by_role("button", name="投票给兴县小米").click()
    error = phone.locator("#vote-error").inner_text()
    assert "每个号码每天限投一票" in error
    shoot(phone, "selections-vote-refused")
    assert number not in phone.content()
    # The page fits the phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert Vote.objects.filter(selection=selection).count() == 1


def test_a_leader_releases_held_votes_finalises_and_publishes_the_results(
    page, live_server, org, personas
):
    selection = make_selection(org, personas, winners=1)
    score_all(selection, personas, SCORES)
    for i in range(1, 4):
        voting.vote_cast(
            selection=selection,
            candidate=selection.candidates.get(name="沙棘汁"),
            phone=f"1390000000{i}",
            address=f"10.0.0.{i}",
            now=noon(),
        )
    sign_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/staff/selections/{selection.pk}/")
    assert page.locator("#held-count").inner_text() == "3"
    page.locator("#held-count").click()
    assert "139****0001" in page.locator("#votes").inner_text()
    shoot(page, "selections-staff-held-votes")
    for box in page.locator("#votes input[type=checkbox]").all():
        box.check()
    page.get_by_label("核实意见").fill("电话回访，确为一家三口")
    page.get_by_role("button", name="核实有效，计票").click()
    assert "已将3张投票计入有效票" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/staff/selections/{selection.pk}/")
    page.get_by_label("说明").fill("投票结束，核定结果")
    page.get_by_role("button", name="核定评选结果").click()
    assert page.locator("#selection-state").inner_text() == "结果已核定"
    assert "沙棘汁" in page.locator("#final tbody tr").first.inner_text()
    page.get_by_label("说明").fill("局务会审议通过")
    page.get_by_role("button", name="公布评选结果").click()
    shoot(page, "selections-staff-published")

    page.goto(f"{live_server.url}/selections/{selection.pk}/results/")
    assert page.locator("#winners").inner_text().startswith("沙棘汁")
    assert page.locator("#votes-counted").inner_text() == "3"
    shoot(page, "selections-public-results")
