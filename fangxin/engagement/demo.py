"""Demo data: the question bank (data/questions.json, 120 questions with their legal basis)
and an open quiz of the 2026 campaign with forty participants and a published commitment.
The seed behind the commitment is kept in var/demo_draw_seed, so a demo leader can close the
quiz and reveal it. Idempotent."""

import datetime
import json
import random
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.campaigns.models import Campaign
from fangxin.engagement import draw, services
from fangxin.engagement.models import Quiz, QuizQuestion

BANK = Path(__file__).resolve().parent / "data" / "questions.json"
TITLE = "2026年3·15消费维权知识有奖答题"


def _seed() -> str:
    path = settings.VAR_DIR / "demo_draw_seed"
    if path.exists():
        return path.read_text().strip()
    seed = draw.new_seed()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(seed)
    path.chmod(0o600)
    return seed


def demo_quiz_seed(bureau) -> None:
    leader = User.objects.filter(bureau=bureau, role=Role.LEADER).first()
    campaign = Campaign.objects.filter(bureau=bureau, year=2026).first()
    if leader is None or campaign is None:
        return
    if not QuizQuestion.objects.filter(bureau=bureau).exists():
        rows = json.loads(BANK.read_text(encoding="utf-8"))
        services.questions_import(actor=leader, bureau=bureau, rows=rows, source="questions.json")
    if Quiz.objects.filter(campaign=campaign, title=TITLE).exists():
        return
    now = timezone.now()
    quiz = services.quiz_create(
        actor=leader,
        campaign=campaign,
        title=TITLE,
        intro="演示：随机10题，限时10分钟，80分以上参加抽奖。答题时间为演示而长期开放。",
        question_count=10,
        time_limit_seconds=600,
        daily_attempts=3,
        eligible_score=80,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=60),
    )
    services.draw_commit(
        actor=leader,
        quiz=quiz,
        commitment=draw.commitment(_seed()),
        title="兴县2026年3·15有奖知识答题",
        prize_count=5,
    )
    quiz = services.quiz_move(actor=leader, quiz=quiz, to=Quiz.State.OPEN)
    chance = random.Random(315)  # noqa: S311 - demo answers, not security
    for n in range(40):
        attempt = services.attempt_start(
            quiz=quiz, phone=f"1390315{n:04d}", address=None, nickname=f"参与者{n + 1}"
        )
        for position, question_id in enumerate(attempt.question_ids):
            question = QuizQuestion.objects.get(pk=question_id)
            right = chance.random() < 0.8
            chosen = (
                question.answer if right else [(question.answer[0] + 1) % len(question.options)]
            )
            services.attempt_answer(attempt=attempt, position=position, chosen=chosen)
