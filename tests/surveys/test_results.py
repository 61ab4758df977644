"""Results: counts and percentages, rating means, comments redacted with their sentiment, the
XLSX export."""

import io

import pytest
from openpyxl import load_workbook

from fangxin.surveys import answering
from fangxin.surveys.models import SurveyAnswer
from fangxin.surveys.selectors import survey_results
from tests.surveys.factories import answers, survey

pytestmark = pytest.mark.django_db
PRAISE = "工作人员态度很好，处理非常及时，满意。"
COMPLAINT = "商场乱收费，投诉了也没人管，很失望。"


def _answered(org, personas):
    """Four answers: ratings 5, 4, 4, 1; two disputes (one via 12315 and 消协, one via 协商)."""
    built = survey(org, personas)
    given = [
        {"dispute": "是", "channels": ["12315", "消协"], "rating": "5", "comment": PRAISE},
        {"dispute": "是", "channels": ["协商"], "rating": "4"},
        {"dispute": "否", "rating": "4", "comment": COMPLAINT},
        {"dispute": "否", "rating": "1"},
    ]
    for n, kwargs in enumerate(given):
        answering.response_submit(survey=built, answers=answers(built, **kwargs), token=f"t{n}")
    return built


def _by_position(results):
    return {r.question.position: r for r in results.questions}


def test_choice_counts_and_percentages_are_of_those_who_answered(org, personas):
    results = _by_position(survey_results(_answered(org, personas)))
    assert [(b.label, b.count, b.percent) for b in results[1].bars] == [
        ("是", 2, 50.0), ("否", 2, 50.0),
    ]  # fmt: skip
    assert results[2].answered == 2
    assert [(b.label, b.count, b.percent) for b in results[2].bars] == [
        ("协商", 1, 50.0), ("12315", 1, 50.0), ("消协", 1, 50.0),
    ]  # fmt: skip


def test_the_rating_mean_and_distribution(org, personas):
    rating = _by_position(survey_results(_answered(org, personas)))[3]
    assert rating.mean == 3.5
    assert [b.count for b in rating.bars] == [1, 0, 0, 2, 1]


def test_the_sentiment_is_stored_with_the_comment(org, personas):
    _answered(org, personas)
    stored = dict(SurveyAnswer.objects.exclude(text="").values_list("text", "sentiment"))
    assert stored[PRAISE] == "positive"
    assert stored[COMPLAINT] == "negative"


def test_a_comment_is_stored_without_the_number_typed_into_it(org, personas):
    built = survey(org, personas)
    answering.response_submit(
        survey=built, answers=answers(built, comment="请联系我13912345678，谢谢"), token="t"
    )
    text = SurveyAnswer.objects.get(question__kind="text").text
    assert "13912345678" not in text and "【手机号】" in text


def test_the_results_page_shows_counts_mean_and_sentiment_summary(org, personas, login):
    built = _answered(org, personas)
    page = login(personas["handler"]).get(f"/staff/surveys/{built.pk}/results/").content.decode()
    assert "<strong>4</strong> 份" in page
    assert "3.5" in page
    assert "正面 1 条（50.0%），中性 0 条（0.0%），负面 1 条（50.0%）" in page
    assert "商场乱收费" in page


def test_the_export_opens_and_has_the_right_numbers(org, personas, login):
    built = _answered(org, personas)
    response = login(personas["leader"]).get(f"/staff/surveys/{built.pk}/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "答卷"]
    summary = [tuple(r) for r in book["汇总"].iter_rows(min_row=2, values_only=True)]
    assert summary[0][3] == 4
    assert ("第1题", "近一年是否遇到过消费纠纷？", "是", 2, 50) in summary
    assert ("第3题", "总体满意度", "平均分", 3.5, None) in summary
    rows = list(book["答卷"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4
    assert rows[0][2:6] == ("是", "12315；消协", 5, PRAISE)


def test_the_export_carries_no_respondent_key(org, personas, login):
    built = _answered(org, personas)
    response = login(personas["leader"]).get(f"/staff/surveys/{built.pk}/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    keys = built.responses.values_list("respondent_key", flat=True)
    assert not any(key in cell for key in keys for cell in cells)


def test_a_comment_that_looks_like_a_formula_is_defused_in_the_export(org, personas, login):
    built = survey(org, personas)
    answering.response_submit(survey=built, answers=answers(built, comment="=1+1"), token="t")
    response = login(personas["leader"]).get(f"/staff/surveys/{built.pk}/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content))["答卷"].iter_rows(values_only=True))
    assert rows[1][5] == "'=1+1"
