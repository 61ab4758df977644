"""Every staff surface refuses the outsider; the public pages show no personal data."""

import re

import pytest

from fangxin.surveys import answering
from fangxin.surveys.models import SurveyQuestion
from tests.surveys.factories import answers, form, questions, survey

pytestmark = pytest.mark.django_db
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _staff_urls(built) -> list[tuple[str, str, dict]]:
    q = questions(built)[4]
    base = f"/staff/surveys/{built.pk}"
    return [
        ("get", f"{base}/", {}),
        ("get", f"{base}/edit/", {}),
        ("post", f"{base}/edit/", {"title": "改名"}),
        ("post", f"{base}/transition/", {"action": "open"}),
        ("post", f"{base}/questions/", {"kind": "text", "text": "新题"}),
        ("get", f"{base}/questions/{q.pk}/edit/", {}),
        ("post", f"{base}/questions/{q.pk}/edit/", {"kind": "text", "text": "改题"}),
        ("post", f"{base}/questions/{q.pk}/delete/", {}),
        ("post", f"{base}/questions/{q.pk}/move/", {"direction": "up"}),
        ("get", f"{base}/results/", {}),
        ("get", f"{base}/export.xlsx", {}),
    ]


def _unchanged(built) -> bool:
    built.refresh_from_db()
    return (
        built.state == "draft"
        and built.title == "消费环境满意度测评"
        and list(built.questions.order_by("position").values_list("text", flat=True))
        == ["近一年是否遇到过消费纠纷？", "通过什么途径解决？", "总体满意度", "意见和建议"]
    )


def test_the_outsider_gets_404_on_every_survey_url(org, personas, login):
    built = survey(org, personas, open_it=False)
    client = login(personas["outsider"])
    for method, url, data in _staff_urls(built):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert _unchanged(built)


def test_the_outsider_list_does_not_show_another_bureau_s_survey(org, personas, login):
    survey(org, personas, open_it=False)
    page = login(personas["outsider"]).get("/staff/surveys/").content.decode()
    assert "消费环境满意度测评" not in page


def test_a_consumer_is_refused_every_staff_url(org, personas, login):
    built = survey(org, personas, open_it=False)
    client = login(personas["consumer"])
    assert client.get("/staff/surveys/").status_code == 403
    assert client.get("/staff/surveys/new/").status_code == 403
    for method, url, data in _staff_urls(built):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _unchanged(built)


def test_an_anonymous_visitor_is_sent_to_sign_in(org, personas, client):
    built = survey(org, personas, open_it=False)
    for method, url, data in _staff_urls(built):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert _unchanged(built)


def test_a_handler_cannot_change_what_a_head_built(org, personas, login):
    built = survey(org, personas, open_it=False)
    client = login(personas["handler"])
    for method, url, data in _staff_urls(built):
        if method == "post":
            assert client.post(url, data).status_code == 403, url
    assert _unchanged(built)
    assert SurveyQuestion.objects.filter(survey=built).count() == 4


def test_public_pages_show_no_phone_number(org, personas, client, verify_phone):
    from fangxin.surveys.models import Survey

    built = survey(org, personas, mode=Survey.Mode.VERIFIED)
    answering.response_submit(
        survey=built, answers=answers(built, comment="我的电话13812345678"), phone="13800000000"
    )
    verify_phone(client, phone="13912345678")
    pages = [client.get("/surveys/"), client.get(f"/surveys/{built.pk}/")]
    pages.append(client.post(f"/surveys/{built.pk}/", form(built, rating=None)))
    pages.append(client.post(f"/surveys/{built.pk}/", form(built), follow=True))
    pages.append(client.get(f"/surveys/{built.pk}/"))
    for page in pages:
        assert not MOBILE.search(page.content.decode()), page.request["PATH_INFO"]
    assert "139****5678" in pages[1].content.decode()
