"""The pages: staff surfaces refuse the outsider, public pages show no personal data, bad
input is answered in Chinese with nothing written, and voting through the real pages."""

import re
from decimal import Decimal

import pytest

from fangxin.selections import services, voting
from fangxin.selections.models import Candidate, Selection, Vote
from tests.campaigns.factories import campaign
from tests.selections.factories import candidate, make_selection, noon, phone, score_all

pytestmark = pytest.mark.django_db
SCORES = {"兴县红枣": ("90", "80"), "兴县小米": ("70", "80"), "沙棘汁": ("60", "62")}
PHONE_RE = re.compile(r"1[3-9]\d{9}")


def staff_urls(selection, candidate_id):
    base = f"/staff/selections/{selection.pk}"
    return {
        "get": [f"{base}/", f"{base}/score/", f"{base}/votes/", f"{base}/final.xlsx"],
        "post": [
            f"{base}/move/",
            f"{base}/candidates/",
            f"{base}/candidates/{candidate_id}/eligibility/",
            f"{base}/experts/",
            f"{base}/score/",
            f"{base}/votes/",
        ],
    }


def published(org, personas):
    selection = make_selection(org, personas)
    score_all(selection, personas, SCORES)
    for i in range(1, 4):
        voting.vote_cast(
            selection=selection, candidate=candidate(selection), phone=phone(i),
            address=f"10.0.{i}.1", now=noon(),
        )  # fmt: skip
    leader = personas["leader"]
    services.selection_move(actor=leader, selection=selection, to_state="finalised", reason="核定")
    return services.selection_move(
        actor=leader, selection=selection, to_state="published", reason="公布"
    )


def test_the_outsider_gets_404_on_every_staff_page_of_another_bureau(org, personas, login):
    selection = published(org, personas)
    client = login(personas["outsider"])
    urls = staff_urls(selection, candidate(selection).pk)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"reason": "x", "to_state": "draft"}).status_code == 404, url
    listing = client.get("/staff/selections/")
    assert listing.status_code == 200 and "兴县伴手礼评选" not in listing.content.decode()


def test_a_consumer_is_refused_every_staff_page(org, personas, login):
    selection = published(org, personas)
    client = login(personas["consumer"])
    urls = staff_urls(selection, candidate(selection).pk)
    for url in ["/staff/selections/", *urls["get"]]:
        assert client.get(url).status_code == 403, url
    for url in urls["post"]:
        assert client.post(url, {}).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_log_in(org, personas, client):
    selection = make_selection(org, personas, state="draft")
    response = client.get(f"/staff/selections/{selection.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_handler_may_look_but_not_move_a_selection(org, personas, login):
    selection = make_selection(org, personas, state="draft")
    client = login(personas["handler"])
    assert client.get(f"/staff/selections/{selection.pk}/").status_code == 200
    moved = client.post(
        f"/staff/selections/{selection.pk}/move/", {"to_state": "nominating", "reason": "x"}
    )
    assert moved.status_code == 404
    selection.refresh_from_db()
    assert selection.state == "draft"


def test_a_leader_creates_a_selection_through_the_page(org, personas, login):
    client = login(personas["leader"])
    response = client.post(
        "/staff/selections/",
        {
            "campaign": campaign(org).pk, "kind": "trusted_unit", "title": "放心消费单位评选",
            "winners_count": 10, "expert_weight": "100", "vote_weight": "0",
        },
    )  # fmt: skip
    created = Selection.objects.get()
    assert response.status_code == 302 and created.kind == "trusted_unit"


def test_bad_weights_on_the_page_answer_400_in_chinese_and_write_nothing(org, personas, login):
    client = login(personas["leader"])
    response = client.post(
        "/staff/selections/",
        {
            "campaign": campaign(org).pk, "kind": "souvenir", "title": "伴手礼",
            "winners_count": 5, "expert_weight": "abc", "vote_weight": "150", "public_vote": "on",
        },
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 400
    assert "权重应为0至100的数字。" in page and "权重应在0至100之间。" in page
    assert not Selection.objects.exists()


def test_a_move_without_a_reason_answers_400_and_changes_nothing(org, personas, login):
    selection = make_selection(org, personas, state="draft")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/move/", {"to_state": "nominating", "reason": ""}
    )
    assert response.status_code == 400 and "请填写说明。" in response.content.decode()
    selection.refresh_from_db()
    assert selection.state == "draft"


def test_a_nomination_without_a_name_answers_400(org, personas, login):
    selection = make_selection(org, personas, state="nominating")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/candidates/", {"name": "", "source": "nominated"}
    )
    assert response.status_code == 400 and "请填写名称/姓名。" in response.content.decode()
    assert selection.candidates.count() == 3


def test_a_nomination_links_the_registered_merchant_named_on_the_page(org, personas, login):
    from tests.pledges.factories import shop

    merchant = shop(org, name="兴县放心超市")
    selection = make_selection(org, personas, state="nominating")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/candidates/",
        {"name": "兴县放心超市", "merchant": " 兴县放心超市 ", "source": "nominated"},
    )
    assert response.status_code == 302
    assert selection.candidates.get(name="兴县放心超市").merchant == merchant


def test_a_nomination_naming_an_unknown_merchant_answers_400_and_writes_nothing(
    org, personas, login
):
    selection = make_selection(org, personas, state="nominating")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/candidates/",
        {"name": "某商店", "merchant": "不存在的商店", "source": "nominated"},
    )
    assert response.status_code == 400
    assert "本局名录中没有该经营者" in response.content.decode()
    assert selection.candidates.count() == 3


def test_an_expert_scores_on_the_sheet_and_a_bad_score_answers_400(org, personas, login):
    selection = make_selection(org, personas, state="scoring")
    client = login(personas["head"])
    url = f"/staff/selections/{selection.pk}/score/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"candidate": candidate(selection).pk, "score": "120"})
    assert bad.status_code == 400 and "评分应在0至100之间。" in bad.content.decode()
    good = client.post(url, {"candidate": candidate(selection).pk, "score": "88.5"})
    assert good.status_code == 302
    assert candidate(selection).scores.get().score == Decimal("88.5")


def test_a_staff_member_who_is_no_expert_has_no_score_sheet(org, personas, login):
    selection = make_selection(org, personas, state="scoring")
    assert (
        login(personas["handler"]).get(f"/staff/selections/{selection.pk}/score/").status_code
        == 404
    )


def test_the_review_page_masks_numbers_and_releases_held_votes(org, personas, login):
    selection = make_selection(org, personas)
    for i in range(1, 4):
        voting.vote_cast(
            selection=selection, candidate=candidate(selection), phone=f"1390000000{i}",
            address=f"10.0.0.{i}", now=noon(),
        )  # fmt: skip
    client = login(personas["leader"])
    page = client.get(f"/staff/selections/{selection.pk}/votes/").content.decode()
    assert "139****0001" in page and "前8位相同" in page
    assert "13900000001" not in page and "10.0.0.*" in page
    ids = list(selection.votes.values_list("pk", flat=True))
    empty = client.post(
        f"/staff/selections/{selection.pk}/votes/", {"votes": ids, "decision": "release"}
    )
    assert empty.status_code == 400 and "请填写核实意见。" in empty.content.decode()
    done = client.post(
        f"/staff/selections/{selection.pk}/votes/",
        {"votes": ids, "decision": "release", "note": "电话核实"},
    )
    assert done.status_code == 302
    assert set(selection.votes.values_list("status", flat=True)) == {"counted"}


def test_voting_through_the_pages_once_then_refused_the_same_day(
    org, personas, client, verify_phone
):
    selection = make_selection(org, personas)
    verify_phone(client, phone="13912345678", address="10.1.2.3")
    url = f"/selections/{selection.pk}/vote/"
    first = client.post(url, {"candidate": candidate(selection).pk}, REMOTE_ADDR="10.1.2.3")
    assert first.status_code == 302
    second = client.post(
        url, {"candidate": candidate(selection, "兴县小米").pk}, REMOTE_ADDR="10.1.2.3"
    )
    assert second.status_code == 400
    assert voting.ALREADY_VOTED in second.content.decode()
    assert Vote.objects.count() == 1 and Vote.objects.get().verified_at is not None


def test_an_unverified_visitor_is_sent_to_verify_the_number_first(org, personas, client):
    selection = make_selection(org, personas)
    response = client.post(
        f"/selections/{selection.pk}/vote/", {"candidate": candidate(selection).pk}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/verify/?next=/selections/{selection.pk}/"
    assert not Vote.objects.exists()


def test_a_vote_for_an_unknown_candidate_answers_400_and_writes_nothing(
    org, personas, client, verify_phone
):
    selection = make_selection(org, personas)
    verify_phone(client)
    for value in ("abc", "999999"):
        response = client.post(f"/selections/{selection.pk}/vote/", {"candidate": value})
        assert response.status_code == 400 and "请选择" in response.content.decode()
    assert not Vote.objects.exists()


def test_public_pages_show_no_phone_number(org, personas, client):
    selection = make_selection(org, personas, state="nominating")
    services.candidate_apply(
        selection=selection, phone="13700001111", name="兴县粉条", organisation="某粉条厂",
        description="传统工艺。",
    )  # fmt: skip
    selection.candidates.filter(name="兴县粉条").update(eligibility="eligible")
    other = published(org, personas)
    pages = [
        "/selections/",
        f"/selections/{selection.pk}/",
        f"/selections/{other.pk}/",
        f"/selections/{other.pk}/results/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not PHONE_RE.search(response.content.decode()), url


def test_the_results_page_explains_the_method(org, personas, client):
    selection = published(org, personas)
    page = client.get(f"/selections/{selection.pk}/results/").content.decode()
    assert "综合得分 = 专家平均分 × 70.00% + 投票得分 × 30.00%" in page
    assert '<span id="votes-counted">3</span>' in page and "专家1" in page


def test_results_are_not_public_before_they_are_published(org, personas, client):
    selection = make_selection(org, personas)
    assert client.get(f"/selections/{selection.pk}/results/").status_code == 404


def test_a_draft_selection_is_not_public(org, personas, client):
    selection = make_selection(org, personas, state="draft")
    assert client.get(f"/selections/{selection.pk}/").status_code == 404


def test_an_online_application_needs_a_verified_number_and_is_stored(
    org, personas, client, verify_phone
):
    selection = make_selection(org, personas, state="nominating")
    url = f"/selections/{selection.pk}/apply/"
    assert client.get(url)["Location"].startswith("/verify/")
    verify_phone(client, phone="13700001111")
    bad = client.post(url, {"name": "兴县粉条", "organisation": "", "description": ""})
    assert bad.status_code == 400 and "请填写单位。" in bad.content.decode()
    ok = client.post(
        url, {"name": "兴县粉条", "organisation": "某粉条厂", "description": "传统工艺"}
    )
    assert ok.status_code == 302
    applied = Candidate.objects.get(name="兴县粉条")
    assert applied.contact_phone == "13700001111" and applied.eligibility == "pending"


def test_the_final_list_exports_to_a_spreadsheet(org, personas, login):
    selection = published(org, personas)
    response = login(personas["handler"]).get(f"/staff/selections/{selection.pk}/final.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_an_ineligible_decision_without_a_reason_answers_400_and_changes_nothing(
    org, personas, login
):
    selection = make_selection(org, personas, state="reviewing")
    target = candidate(selection)
    target.eligibility = "pending"
    target.save(update_fields=["eligibility"])
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/candidates/{target.pk}/eligibility/",
        {"decision": "ineligible", "reason": ""},
    )
    assert response.status_code == 400 and "请填写审查意见。" in response.content.decode()
    target.refresh_from_db()
    assert target.eligibility == "pending"


def test_an_expert_from_another_bureau_cannot_be_assigned(org, personas, login):
    selection = make_selection(org, personas, state="draft")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/experts/", {"experts": [personas["outsider"].pk]}
    )
    assert response.status_code == 400 and "请选择本局工作人员。" in response.content.decode()
    assert set(selection.experts.all()) == {personas["head"], personas["leader"]}


def test_an_illegal_move_on_the_page_answers_400_with_the_reason(org, personas, login):
    selection = make_selection(org, personas, state="draft")
    response = login(personas["leader"]).post(
        f"/staff/selections/{selection.pk}/move/", {"to_state": "published", "reason": "直接公布"}
    )
    assert response.status_code == 400
    assert "评选当前为“草稿”，不能转为“结果已公布”。" in response.content.decode()
    assert not selection.transitions.exists()
