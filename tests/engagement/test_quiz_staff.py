import io

import pytest
from openpyxl import Workbook

from fangxin.audit.models import AuditEvent
from fangxin.engagement import draw, services
from fangxin.engagement.models import Quiz, QuizQuestion
from tests.engagement.factories import open_quiz, right_answers

pytestmark = pytest.mark.django_db
SEED = "ab" * 32


@pytest.fixture
def quiz(org, personas):
    return open_quiz(org, personas["leader"], question_count=3)


def finish(quiz, phone, correct: int):
    attempt = services.attempt_start(quiz=quiz, phone=phone, address="10.0.0.1")
    for position in range(quiz.question_count):
        chosen = right_answers(attempt, position) if position < correct else [9]
        if chosen == [9]:
            q = QuizQuestion.objects.get(pk=attempt.question_ids[position])
            chosen = [next(i for i in range(len(q.options)) if i not in q.answer)]
        services.attempt_answer(attempt=attempt, position=position, chosen=chosen)
    attempt.refresh_from_db()
    return attempt


def commit(client, quiz, **values):
    data = {"commitment": draw.commitment(SEED), "draw_title": "兴县3·15有奖答题", "prize_count": 2}
    data.update(values)
    return client.post(f"/staff/quiz/{quiz.pk}/commit/", data, follow=True)


def test_the_leader_publishes_the_commitment_before_the_close(login, personas, quiz):
    commit(login(personas["leader"]), quiz)
    quiz.refresh_from_db()
    assert quiz.draw_commitment == draw.commitment(SEED) and quiz.prize_count == 2
    assert AuditEvent.objects.filter(action="quiz.draw_commit").exists()


def test_a_commitment_cannot_be_replaced(login, personas, quiz):
    client = login(personas["leader"])
    commit(client, quiz)
    response = commit(client, quiz, commitment="cd" * 32)
    assert "不能更改" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.draw_commitment == draw.commitment(SEED)


def test_a_handler_cannot_commit(login, personas, quiz):
    response = commit(login(personas["handler"]), quiz)
    assert "只有本局单位负责人或局领导" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.draw_commitment == ""


def test_a_malformed_commitment_gets_a_chinese_message(login, personas, quiz):
    response = commit(login(personas["leader"]), quiz, commitment="z" * 64)
    assert "承诺值应为64位十六进制数字" in response.content.decode()


def test_no_commitment_after_the_close(login, personas, quiz):
    services.quiz_move(actor=personas["leader"], quiz=quiz, to=Quiz.State.CLOSED)
    response = commit(login(personas["leader"]), quiz)
    assert "截止前" in response.content.decode()


def test_the_draw_refuses_a_seed_that_does_not_match_the_commitment(login, personas, quiz):
    client = login(personas["leader"])
    commit(client, quiz)
    finish(quiz, "13900000001", correct=3)
    services.quiz_move(actor=personas["leader"], quiz=quiz, to=Quiz.State.CLOSED)
    response = client.post(f"/staff/quiz/{quiz.pk}/draw/", {"seed": "cd" * 32}, follow=True)
    assert "种子与公布的承诺值不符" in response.content.decode()
    quiz.refresh_from_db()
    assert quiz.state == Quiz.State.CLOSED and quiz.draw_winners == []


def test_anyone_can_recompute_the_winners_from_the_published_inputs(client, login, personas, quiz):
    staff = login(personas["leader"])
    commit(staff, quiz)
    finish(quiz, "13900000001", correct=3)
    finish(quiz, "13900000002", correct=2)
    finish(quiz, "13900000003", correct=3)
    finish(quiz, "13900000004", correct=0)  # below the eligible score
    services.quiz_move(actor=personas["leader"], quiz=quiz, to=Quiz.State.CLOSED)
    staff.post(f"/staff/quiz/{quiz.pk}/draw/", {"seed": SEED})
    quiz.refresh_from_db()
    assert quiz.state == Quiz.State.DRAWN and len(quiz.draw_winners) == 2

    from django.test import Client

    public = Client()
    entries_text = public.get(f"/quiz/{quiz.pk}/draw/entries.txt").content.decode()
    entries = [tuple(line.split("\t")) for line in entries_text.splitlines()]
    assert len(entries) == 3 and "13900000001" not in entries_text
    page = public.get(f"/quiz/{quiz.pk}/draw/").content.decode()
    assert SEED in page and quiz.draw_commitment in page
    claimed = [w["id"] for w in quiz.draw_winners]
    assert draw.verify(SEED, quiz.draw_commitment, entries, 2, claimed, title="兴县3·15有奖答题")


def test_the_draw_source_is_served_for_verifiers(client):
    response = client.get("/quiz/draw.py")
    assert response.status_code == 200 and b"fangxin-draw-v1" in response.content


def test_the_entries_are_not_published_while_the_quiz_runs(client, quiz):
    assert client.get(f"/quiz/{quiz.pk}/draw/entries.txt").status_code == 404


def test_one_number_has_one_entry_however_many_attempts(personas, quiz):
    finish(quiz, "13900000001", correct=3)
    finish(quiz, "13900000001", correct=2)
    from fangxin.engagement.selectors import draw_entries

    assert len(draw_entries(quiz)) == 1


def test_closing_finishes_the_attempts_still_running(personas, quiz):
    attempt = services.attempt_start(quiz=quiz, phone="13900000001", address=None)
    services.attempt_answer(attempt=attempt, position=0, chosen=right_answers(attempt, 0))
    services.quiz_move(actor=personas["leader"], quiz=quiz, to=Quiz.State.CLOSED)
    attempt.refresh_from_db()
    assert attempt.finished_at is not None and attempt.correct_count == 1


def test_a_quiz_cannot_open_with_fewer_questions_than_it_draws(org, personas):
    with pytest.raises(Exception, match="题库只有"):
        open_quiz(org, personas["leader"], question_count=30)


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "题型", "题干", "选项A", "选项B", "选项C", "答案", "法律依据", "解析"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "题库.xlsx"
    return out


def test_the_leader_imports_questions_from_excel(login, personas):
    client = login(personas["leader"])
    book = xlsx(
        [
            [
                "X1",
                "单选题",
                "经营者提供商品有欺诈行为的，应当增加赔偿多少？",
                "一倍",
                "三倍",
                "五倍",
                "B",
                "消法第五十五条",
                "",
            ],
            [
                "X2",
                "判断题",
                "经营者可以以格式条款排除消费者权利。",
                "正确",
                "错误",
                "",
                "B",
                "消法第二十六条",
                "",
            ],
        ]
    )
    response = client.post("/staff/quiz/questions/", {"file": book}, follow=True)
    assert "新增2题" in response.content.decode()
    assert QuizQuestion.objects.get(code="X1").answer == [1]


def test_an_import_with_a_bad_row_names_the_row_and_writes_nothing(login, personas):
    client = login(personas["leader"])
    book = xlsx(
        [
            ["X1", "单选题", "题干一", "甲", "乙", "", "A", "消法第八条", ""],
            ["X2", "单选题", "题干二", "甲", "乙", "", "D", "消法第九条", ""],
        ]
    )
    response = client.post("/staff/quiz/questions/", {"file": book})
    assert response.status_code == 400
    assert "第2行：答案应是已有的选项" in response.content.decode()
    assert QuizQuestion.objects.count() == 0


def test_a_file_that_is_not_a_table_gets_a_chinese_message(login, personas):
    client = login(personas["leader"])
    upload = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 200)
    upload.name = "题库.xlsx"
    response = client.post("/staff/quiz/questions/", {"file": upload})
    assert response.status_code == 400 and "文件" in response.content.decode()
    assert QuizQuestion.objects.count() == 0


STAFF_URLS = ["/staff/quiz/", "/staff/quiz/questions/", "/staff/quiz/{id}/"]
STAFF_POSTS = ["/staff/quiz/{id}/state/", "/staff/quiz/{id}/commit/", "/staff/quiz/{id}/draw/"]


def test_the_outsider_is_refused_on_every_quiz_staff_page(login, personas, quiz):
    client = login(personas["outsider"])
    assert client.get(f"/staff/quiz/{quiz.pk}/").status_code == 404
    for url in STAFF_POSTS:
        assert client.post(url.format(id=quiz.pk), {"to": "closed"}).status_code == 404
    assert str(quiz.title) not in client.get("/staff/quiz/").content.decode()
    quiz.refresh_from_db()
    assert quiz.state == Quiz.State.OPEN


def test_the_public_and_consumers_cannot_reach_the_quiz_workbench(client, login, personas, quiz):
    for url in STAFF_URLS:
        assert client.get(url.format(id=quiz.pk)).status_code in (302, 403)
    consumer = login(personas["consumer"])
    for url in STAFF_URLS:
        assert consumer.get(url.format(id=quiz.pk)).status_code in (302, 403, 404)


def test_a_quiz_that_closes_before_it_opens_is_refused_and_nothing_is_written(login, org, personas):
    from tests.campaigns.factories import campaign

    campaign(org, year=2026)
    response = login(personas["leader"]).post(
        "/staff/quiz/",
        {
            "title": "答题",
            "question_count": 10,
            "time_limit_seconds": 600,
            "daily_attempts": 3,
            "eligible_score": 80,
            "opens_at": "2026-03-10T09:00",
            "closes_at": "2026-03-01T09:00",
        },
    )
    assert response.status_code == 400
    assert "截止时间应晚于开始时间" in response.content.decode()
    assert not Quiz.objects.exists()


def test_a_quiz_with_too_many_questions_per_attempt_gets_a_field_message(login, org, personas):
    from tests.campaigns.factories import campaign

    campaign(org, year=2026)
    response = login(personas["leader"]).post(
        "/staff/quiz/",
        {"title": "答题", "question_count": 500, "time_limit_seconds": 600, "daily_attempts": 3,
         "eligible_score": 80, "opens_at": "2026-03-01T09:00", "closes_at": "2026-03-10T09:00"},
    )  # fmt: skip
    assert response.status_code == 400 and not Quiz.objects.exists()
    assert "50" in response.content.decode()
