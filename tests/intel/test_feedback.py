"""Satisfaction comments read by the sentiment model; hotspots exported and served to the
reports through the API."""

import io

import pytest
from openpyxl import load_workbook

from fangxin.complaints import services
from tests.complaints.factories import make_case

pytestmark = pytest.mark.django_db

FEEDBACK = "/staff/intel/feedback/"
HOTSPOTS_API = "/api/v1/intel/hotspots"


def _rated(handler, score, comment, **extra):
    case = make_case(handler, **extra)
    services.case_accept(actor=handler, case=case)
    services.case_close(actor=handler, case=case, outcome="agreement", note="达成协议。")
    return services.case_rate(case=case, satisfaction=score, comment=comment)


def test_rated_comments_are_listed_with_their_sentiment(org, personas, login):
    _rated(personas["handler"], 5, "处理很及时，工作人员态度特别好，谢谢你们！")
    _rated(personas["handler"], 1, "拖了一个多月没人管，太失望了，再也不信了。")
    page = login(personas["handler"]).get(FEEDBACK)
    body = page.content.decode()
    assert page.status_code == 200
    assert "评价 <strong>2</strong> 件" in body and "满意率（4–5 分）<strong>50%" in body
    assert "正面 1 条" in body and "负面 1 条" in body


def test_a_high_score_with_angry_words_is_flagged_for_a_call_back(org, personas, login):
    _rated(personas["handler"], 5, "说实话很失望，商家到现在都没道歉，拖拖拉拉的。")
    _rated(personas["handler"], 5, "非常满意，退款很快到账了，点赞！")
    body = login(personas["handler"]).get(FEEDBACK + "?disagreeing=on").content.decode()
    assert "商家到现在都没道歉" in body and "退款很快到账了" not in body
    assert "评分与评语不一致" in body


def test_personal_data_in_a_comment_is_not_shown_on_the_list(org, personas, login):
    _rated(personas["handler"], 4, "谢谢王建国同志帮忙，有事打我电话13912345678。")
    body = login(personas["handler"]).get(FEEDBACK).content.decode()
    assert "13912345678" not in body and "王建国" not in body


def test_the_outsider_sees_no_comment_of_another_bureau(org, personas, login):
    _rated(personas["handler"], 5, "处理很及时，工作人员态度特别好。")
    body = login(personas["outsider"]).get(FEEDBACK).content.decode()
    assert "态度特别好" not in body and "评价 <strong>0</strong> 件" in body


def test_dates_in_the_wrong_order_are_refused_in_chinese(org, personas, login):
    page = login(personas["handler"]).get(FEEDBACK + "?date_from=2026-11-20&date_to=2026-11-01")
    assert page.status_code == 400 and "结束日期不能早于开始日期" in page.content.decode()


def test_hotspots_export_to_excel_with_the_series_and_the_test(org, personas, login):
    make_case(personas["handler"])
    response = login(personas["handler"]).get(
        "/staff/intel/hotspots/?dimension=merchant&period=week&export=xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "被投诉经营者" and rows[0][-5:] == (
        "本期",
        "明显上升",
        "预期",
        "倍数",
        "q 值",
    )
    assert rows[1][0] == "兴县强身健身俱乐部" and rows[1][-5] == 1


def test_the_hotspot_api_serves_staff_the_series_and_the_rises(org, personas, login):
    make_case(personas["handler"])
    body = login(personas["leader"]).get(HOTSPOTS_API + "?dimension=sector&period=month").json()
    assert body["dimension"] == "sector" and len(body["starts"]) == 9
    row = body["rows"][0]
    assert row["current"] == 1 and len(row["series"]) == 9 and "rise" in row


def test_the_hotspot_api_refuses_consumers_and_anonymous_callers(client, org, personas, login):
    assert client.get(HOTSPOTS_API).status_code == 401
    assert login(personas["consumer"]).get(HOTSPOTS_API).status_code == 403


def test_an_unknown_hotspot_dimension_is_a_field_error_in_chinese(org, personas, login):
    response = login(personas["handler"]).get(HOTSPOTS_API + "?dimension=salary")
    assert response.status_code == 400
    assert response.json() == {"errors": {"dimension": ["取值无效。"]}}


def test_the_sentiment_model_is_trained_by_a_command():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("textintel_sentiment", "--no-eval", stdout=out)
    assert out.getvalue().startswith("模型 sent-")
