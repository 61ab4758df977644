import pytest
from playwright.sync_api import expect

from fangxin.engagement.models import QuizAttempt, QuizQuestion
from tests.browser.conftest import shoot
from tests.engagement.factories import open_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NUMBER = "13912345678"


def verify_on_the_phone(phone, sms) -> None:
    phone.get_by_role("link", name="验证手机号后开始答题").click()
    phone.get_by_label("手机号码").fill(NUMBER)
    phone.get_by_role("button", name="获取验证码").click()
    phone.get_by_label("短信验证码").fill(sms.last_code(NUMBER))
    shoot(phone, "quiz-verify")
    phone.get_by_role("button", name="验证").click()


def test_a_participant_takes_the_quiz_to_the_end_on_a_phone_and_sees_the_score(
    phone, live_server, org, personas, sms
):
    quiz = open_quiz(org, personas["leader"], question_count=4)
    phone.goto(f"{live_server.url}/quiz/{quiz.pk}/")
    verify_on_the_phone(phone, sms)
    phone.get_by_label("昵称（选填，显示在排行榜）").fill("小李")
    phone.get_by_role("button", name="开始答题").click()
    attempt = QuizAttempt.objects.get(phone=NUMBER)
    for position in range(4):
        question = QuizQuestion.objects.get(pk=attempt.question_ids[position])
        expect(phone.locator("legend")).to_contain_text(question.text)  # swapped in by htmx
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        if position == 0:
            phone.get_by_role("button", name="下一题").click()  # nothing chosen: refused
            expect(phone.locator(".field-error")).to_contain_text("请选择答案")
            shoot(phone, "quiz-question-error")
        for index in question.answer:
            phone.locator(f"input[name=chosen][value='{index}']").check()
        label = "提交并查看成绩" if position == 3 else "下一题"
        phone.get_by_role("button", name=label).click()
    expect(phone.locator("#score")).to_have_text("100 分")
    assert NUMBER not in phone.content()
    shoot(phone, "quiz-result")
    phone.goto(f"{live_server.url}/quiz/{quiz.pk}/leaderboard/")
    assert "小李（5678）" in phone.locator("#leaderboard").inner_text()
