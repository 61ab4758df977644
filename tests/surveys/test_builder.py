"""Building a survey: who may, what a question must be, the states and their moves."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.surveys import services
from fangxin.surveys.models import Survey, SurveyQuestion, SurveyStateChange
from tests.surveys.factories import questions, survey

pytestmark = pytest.mark.django_db


def _errors(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value.message_dict


def _draft(org, personas):
    return survey(org, personas, open_it=False)


def test_a_handler_cannot_create_a_survey(org, personas):
    now = timezone.now()
    errors = _errors(
        services.survey_create, actor=personas["handler"], bureau=org["bureau"], title="测评",
        mode="anonymous", opens_at=now, closes_at=now + datetime.timedelta(days=1),
    )  # fmt: skip
    assert errors == {"survey": ["只有本局单位负责人、局领导或管理员可以编辑测评。"]}
    assert not Survey.objects.exists()


def test_a_leader_of_another_bureau_cannot_create_a_survey_here(org, make_user):
    from fangxin.accounts.models import Role

    other = make_user("lin-leader", Role.LEADER, bureau="other_bureau")
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.survey_create(
            actor=other, bureau=org["bureau"], title="测评", mode="anonymous",
            opens_at=now, closes_at=now + datetime.timedelta(days=1),
        )  # fmt: skip


def test_the_closing_time_must_follow_the_opening_time(org, personas):
    now = timezone.now()
    errors = _errors(
        services.survey_create, actor=personas["leader"], bureau=org["bureau"], title="测评",
        mode="anonymous", opens_at=now, closes_at=now,
    )  # fmt: skip
    assert errors == {"closes_at": ["截止时间应晚于开始时间。"]}


def test_a_choice_question_needs_two_distinct_options(org, personas):
    built = _draft(org, personas)
    add = services.question_add
    one = _errors(
        add, actor=personas["head"], survey=built, kind="single", text="x", options=["是"]
    )
    assert one == {"options": ["选择题至少需要两个选项。"]}
    twice = _errors(
        add, actor=personas["head"], survey=built, kind="single", text="x", options=["是", " 是 "]
    )
    assert twice == {"options": ["选项不能重复。"]}
    assert built.questions.count() == 4


def test_a_rating_question_is_out_of_five_or_ten(org, personas):
    built = _draft(org, personas)
    errors = _errors(
        services.question_add, actor=personas["head"], survey=built, kind="rating", text="打分",
        scale_max=7,
    )  # fmt: skip
    assert errors == {"scale_max": ["评分题的满分应为5分或10分。"]}


def test_a_condition_must_name_an_option_of_the_earlier_question(org, personas):
    built = _draft(org, personas)
    q = questions(built)
    errors = _errors(
        services.question_add, actor=personas["head"], survey=built, kind="text", text="说明",
        depends_on=q[1], depends_value="也许",
    )  # fmt: skip
    assert errors == {"condition": ["请选择所依据题目中的一个选项。"]}


def test_a_condition_cannot_rest_on_a_rating_question(org, personas):
    built = _draft(org, personas)
    errors = _errors(
        services.question_add, actor=personas["head"], survey=built, kind="text", text="说明",
        depends_on=questions(built)[3], depends_value="5",
    )  # fmt: skip
    assert errors == {"condition": ["显示条件只能依据本测评的选择题。"]}


def test_removing_an_option_a_condition_uses_is_refused(org, personas):
    built = _draft(org, personas)
    q1 = questions(built)[1]
    errors = _errors(
        services.question_update, actor=personas["head"], question=q1, kind="single",
        text=q1.text, options=["有", "没有"],
    )  # fmt: skip
    assert "第2题的显示条件用到选项“是”" in errors["options"][0]
    q1.refresh_from_db()
    assert q1.options == ["是", "否"]


def test_a_question_another_depends_on_cannot_be_deleted(org, personas):
    built = _draft(org, personas)
    errors = _errors(services.question_delete, actor=personas["head"], question=questions(built)[1])
    assert errors == {"question": ["第2题以本题作为显示条件，请先修改或删除第2题。"]}
    assert built.questions.count() == 4


def test_deleting_a_question_renumbers_the_rest(org, personas):
    built = _draft(org, personas)
    services.question_delete(actor=personas["head"], question=questions(built)[3])
    assert [(q.position, q.kind) for q in built.questions.order_by("position")] == [
        (1, "single"), (2, "multiple"), (3, "text"),
    ]  # fmt: skip


def test_moving_a_conditional_question_above_its_condition_is_refused(org, personas):
    built = _draft(org, personas)
    errors = _errors(
        services.question_move, actor=personas["head"], question=questions(built)[2], direction="up"
    )
    assert "条件题须排在所依据的题目之后" in errors["question"][0]


def test_moving_a_question_swaps_it_with_its_neighbour(org, personas):
    built = _draft(org, personas)
    rating = questions(built)[3]
    services.question_move(actor=personas["head"], question=rating, direction="down")
    assert questions(built)[4].pk == rating.pk
    assert questions(built)[3].kind == "text"


def test_questions_cannot_change_once_the_survey_is_open(org, personas):
    built = survey(org, personas)
    errors = _errors(
        services.question_add, actor=personas["head"], survey=built, kind="text", text="补充"
    )
    assert errors == {"survey": ["测评已发布，题目和设置不能再修改。"]}
    assert built.questions.count() == 4


def test_a_survey_without_questions_cannot_be_opened(org, personas):
    now = timezone.now()
    empty = services.survey_create(
        actor=personas["leader"], bureau=org["bureau"], title="空测评", mode="anonymous",
        opens_at=now, closes_at=now + datetime.timedelta(days=1),
    )  # fmt: skip
    errors = _errors(
        services.survey_transition, actor=personas["leader"], survey=empty, action="open"
    )
    assert errors == {"state": ["请先添加题目再发布。"]}


def test_a_draft_cannot_be_closed(org, personas):
    built = _draft(org, personas)
    errors = _errors(
        services.survey_transition, actor=personas["head"], survey=built, action="close"
    )
    assert errors == {"state": ["测评当前为“草稿”，不能结束。"]}


def test_each_move_is_stored_and_audited(org, personas):
    built = survey(org, personas)
    services.survey_transition(actor=personas["leader"], survey=built, action="close", note="到期")
    moves = list(
        SurveyStateChange.objects.filter(survey=built).values_list("from_state", "to_state")
    )
    assert moves == [("draft", "open"), ("open", "closed")]
    assert AuditEvent.objects.filter(action="survey.close", object_id=str(built.pk)).exists()


def test_the_builder_page_adds_a_question(org, personas, login):
    built = _draft(org, personas)
    client = login(personas["head"])
    response = client.post(
        f"/staff/surveys/{built.pk}/questions/",
        {"kind": "single", "text": "是否网购？", "options": "是\n否", "required": "on",
         "condition": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert built.questions.filter(text="是否网购？", position=5).exists()


def test_a_bad_question_on_the_page_answers_400_and_writes_nothing(org, personas, login):
    built = _draft(org, personas)
    client = login(personas["head"])
    response = client.post(
        f"/staff/surveys/{built.pk}/questions/",
        {"kind": "multiple", "text": "关注领域", "options": "食品"},
    )
    assert response.status_code == 400
    assert "选择题至少需要两个选项。" in response.content.decode()
    assert built.questions.count() == 4


def test_the_page_offers_only_earlier_choice_questions_as_conditions(org, personas, login):
    built = _draft(org, personas)
    client = login(personas["head"])
    q1 = questions(built)[1]
    page = client.get(f"/staff/surveys/{built.pk}/questions/{q1.pk}/edit/").content.decode()
    assert "第1题选" not in page


def test_adding_a_question_to_an_open_survey_on_the_page_says_why_not(org, personas, login):
    built = survey(org, personas)
    client = login(personas["head"])
    response = client.post(
        f"/staff/surveys/{built.pk}/questions/", {"kind": "text", "text": "补充"}, follow=True
    )
    assert response.status_code == 400
    assert "测评已发布，题目和设置不能再修改。" in response.content.decode()
    assert built.questions.count() == 4


def test_a_head_creates_a_survey_on_the_page(org, personas, login):
    client = login(personas["head"])
    response = client.post(
        "/staff/surveys/new/",
        {"title": "商场购物满意度", "mode": "verified", "opens_at": "2026-03-01T09:00",
         "closes_at": "2026-03-31T18:00", "intro": "", "campaign": ""},
    )  # fmt: skip
    created = Survey.objects.get(title="商场购物满意度")
    assert response.status_code == 302
    assert created.state == "draft" and created.bureau == org["bureau"]


def test_the_create_page_explains_bad_dates_in_chinese(org, personas, login):
    client = login(personas["head"])
    response = client.post(
        "/staff/surveys/new/",
        {"title": "测评", "mode": "anonymous", "opens_at": "2026-03-31T09:00",
         "closes_at": "2026-03-01T09:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "截止时间应晚于开始时间。" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_handler_sees_surveys_but_cannot_open_the_builder(org, personas, login):
    built = _draft(org, personas)
    client = login(personas["handler"])
    assert client.get("/staff/surveys/").status_code == 200
    assert client.get(f"/staff/surveys/{built.pk}/").status_code == 200
    assert client.get("/staff/surveys/new/").status_code == 403
    assert (
        client.post(f"/staff/surveys/{built.pk}/transition/", {"action": "open"}).status_code == 403
    )
    assert SurveyQuestion.objects.filter(survey=built).count() == 4
    built.refresh_from_db()
    assert built.state == "draft"


def test_the_settings_of_an_open_survey_cannot_change(org, personas):
    built = survey(org, personas)
    errors = _errors(
        services.survey_update, actor=personas["head"], survey=built, title="改名",
        mode=built.mode, opens_at=built.opens_at, closes_at=built.closes_at,
    )  # fmt: skip
    assert errors == {"survey": ["测评已发布，题目和设置不能再修改。"]}
    built.refresh_from_db()
    assert built.title == "消费环境满意度测评"


def test_an_open_survey_can_be_given_more_time_and_the_change_is_audited(org, personas):
    built = survey(org, personas)
    later = built.closes_at + datetime.timedelta(days=3)
    services.survey_extend(actor=personas["head"], survey=built, closes_at=later)
    built.refresh_from_db()
    assert built.closes_at == later
    event = AuditEvent.objects.get(action="survey.extend", object_id=str(built.pk))
    assert event.changes["closes_at"][1] == later.isoformat()


def test_a_closing_time_cannot_be_brought_forward(org, personas):
    built = survey(org, personas)
    before = built.closes_at
    errors = _errors(
        services.survey_extend, actor=personas["head"], survey=built,
        closes_at=before - datetime.timedelta(days=1),
    )  # fmt: skip
    assert errors == {"closes_at": ["新的截止时间应晚于原截止时间。"]}
    built.refresh_from_db()
    assert built.closes_at == before


def test_only_an_open_survey_can_be_extended(org, personas):
    built = _draft(org, personas)
    errors = _errors(
        services.survey_extend, actor=personas["head"], survey=built,
        closes_at=built.closes_at + datetime.timedelta(days=1),
    )  # fmt: skip
    assert errors == {"closes_at": ["只有进行中的测评可以延长截止时间。"]}


def test_a_handler_cannot_extend_a_survey(org, personas, login):
    built = survey(org, personas)
    before = built.closes_at
    client = login(personas["handler"])
    response = client.post(f"/staff/surveys/{built.pk}/extend/", {"closes_at": "2099-01-01T09:00"})
    assert response.status_code == 403
    built.refresh_from_db()
    assert built.closes_at == before


def test_the_extend_form_explains_a_bad_date_in_chinese_and_writes_nothing(org, personas, login):
    built = survey(org, personas)
    before = built.closes_at
    client = login(personas["head"])
    response = client.post(f"/staff/surveys/{built.pk}/extend/", {"closes_at": "明天"})
    assert response.status_code == 400
    assert "时间格式应为 年-月-日 时:分。" in response.content.decode()
    built.refresh_from_db()
    assert built.closes_at == before
    assert not AuditEvent.objects.filter(action="survey.extend").exists()


def test_a_head_extends_a_survey_on_the_page(org, personas, login):
    built = survey(org, personas)
    client = login(personas["head"])
    page = client.get(f"/staff/surveys/{built.pk}/")
    assert "延长截止时间" in page.content.decode()
    target = (built.closes_at + datetime.timedelta(days=10)).astimezone(
        timezone.get_current_timezone()
    )
    response = client.post(
        f"/staff/surveys/{built.pk}/extend/", {"closes_at": target.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    built.refresh_from_db()
    stored = built.closes_at.astimezone(timezone.get_current_timezone())
    assert stored.strftime("%Y%m%d%H%M") == target.strftime("%Y%m%d%H%M")
