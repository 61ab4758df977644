"""Demo data: a 伴手礼 selection in its public vote (with a few ordinary votes and a held block
of sequential numbers to review) and a 放心消费单位 selection already published. Built through
the services, as staff would. Idempotent: a campaign that has selections is left alone."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.merchants.models import Merchant
from fangxin.selections import services, voting
from fangxin.selections.models import Candidate, Selection

SOUVENIRS = [
    ("兴县红枣", "兴县黄河滩红枣专业合作社", "黄河沿岸滩地红枣，皮薄肉厚，自然晾晒。"),
    ("兴县小米", "兴县蔡家崖小米种植合作社", "旱地谷子，熬粥出油，米香浓郁。"),
    ("沙棘汁", "兴县沙棘饮品有限公司", "吕梁山野生沙棘鲜果压榨，不加香精。"),
    ("兴县粉条", "兴县魏家滩粉条加工厂", "本地马铃薯淀粉，传统漏粉工艺。"),
    ("黑豆醋", "兴县老陈醋坊", "黑豆酿造，陈酿一年以上。"),
    ("核桃仁", "兴县山地核桃合作社", "山地核桃手工剥仁，分级包装。"),
]
# Scores of the two demo experts for each souvenir, in SOUVENIRS order.
SOUVENIR_SCORES = [
    ("92", "88"),
    ("90", "86"),
    ("85", "83"),
    ("80", "78"),
    ("76", "81"),
    ("74", "70"),
]
TRUSTED_FALLBACK = [
    "兴县惠民超市",
    "兴县蔚汾镇便民药店",
    "兴县家电城",
    "兴县福源饭店",
    "兴县金鑫加油站",
]
DEMO_VOTES = [0, 1, 0, 2, 1, 0, 3, 0, 1, 2, 4, 0]  # candidate index per ordinary vote


def _demo_phone(i: int) -> str:
    # Numbers of different blocks, so that ordinary demo votes raise no signal.
    return f"1{3 + i % 6}{(i * 37) % 100:02d}{(i * 7919 + 2468013) % 10**7:07d}"


def _staff(bureau):
    leader = (
        User.objects.filter(bureau=bureau, role=Role.LEADER, is_active=True).first()
        or User.objects.filter(bureau=bureau, role=Role.ADMIN, is_active=True).first()
    )
    others = User.objects.filter(
        bureau=bureau, is_active=True, role__in=[Role.UNIT_HEAD, Role.HANDLER]
    ).order_by("role", "username")
    return leader, [leader, *list(others[:1])] if leader else []


def _advance(selection, leader, *steps):
    for state, reason in steps:
        selection = services.selection_move(
            actor=leader, selection=selection, to_state=state, reason=reason
        )
    return selection


def _review_and_score(selection, leader, experts, scores):
    for candidate in selection.candidates.order_by("id"):
        services.candidate_decide(
            actor=leader, candidate=candidate, eligible=True, reason="申报材料齐全，符合条件"
        )
    selection = _advance(selection, leader, (Selection.State.SCORING, "资格审查完成"))
    for candidate, pair in zip(selection.candidates.order_by("id"), scores, strict=False):
        for expert, value in zip(experts, pair, strict=False):
            services.score_submit(actor=expert, candidate=candidate, score=Decimal(value))
    return selection


def load(bureau, campaign) -> list[Selection]:
    """Create the two demo selections in `campaign` of `bureau`; returns them (or [])."""
    leader, experts = _staff(bureau)
    if leader is None or Selection.objects.filter(campaign=campaign).exists():
        return []
    today = timezone.localdate()
    with transaction.atomic():
        souvenir = services.selection_create(
            actor=leader,
            campaign=campaign,
            kind=Selection.Kind.SOUVENIR,
            title="兴县十佳伴手礼评选",
            rules="本县生产或加工、品质稳定、近两年无质量投诉的特色产品均可推荐或自主申报。"
            "专家评分占70%，公众投票占30%，取综合得分前3名。",
            winners_count=3,
            expert_weight=Decimal("70"),
            vote_weight=Decimal("30"),
            public_vote=True,
            vote_starts_on=today - datetime.timedelta(days=1),
            vote_ends_on=today + datetime.timedelta(days=14),
        )
        services.selection_experts_set(actor=leader, selection=souvenir, experts=experts)
        souvenir = _advance(souvenir, leader, (Selection.State.NOMINATING, "发布评选通知"))
        for name, organisation, description in SOUVENIRS:
            services.candidate_nominate(
                actor=leader,
                selection=souvenir,
                name=name,
                organisation=organisation,
                description=description,
            )
        souvenir = _advance(souvenir, leader, (Selection.State.REVIEWING, "推荐申报截止"))
        souvenir = _review_and_score(souvenir, leader, experts, SOUVENIR_SCORES)
        souvenir = _advance(souvenir, leader, (Selection.State.VOTING, "专家评审完成，开始投票"))
        candidates = list(souvenir.candidates.order_by("id"))
        start = timezone.now() - datetime.timedelta(hours=3)
        for i, index in enumerate(DEMO_VOTES, start=1):
            voting.vote_cast(
                selection=souvenir,
                candidate=candidates[index],
                phone=_demo_phone(i),
                address=f"10.20.{i}.{i * 7 % 250 + 1}",
                now=start + datetime.timedelta(minutes=i * 11 + i * i % 7),
            )
        # A block of sequential numbers for one candidate: held for staff to review.
        for k in range(1, 4):
            voting.vote_cast(
                selection=souvenir,
                candidate=candidates[5],
                phone=f"1351234000{k}",
                address=f"10.30.0.{k}",
                now=start + datetime.timedelta(hours=2, minutes=k * 4 + k % 2),
            )

        trusted = services.selection_create(
            actor=leader,
            campaign=campaign,
            kind=Selection.Kind.TRUSTED_UNIT,
            title="放心消费示范单位评选",
            rules="从放心消费培育库中推荐，经资格审查、现场核查和专家评审确定。",
            winners_count=3,
            expert_weight=Decimal("100"),
            vote_weight=Decimal("0"),
            public_vote=False,
        )
        services.selection_experts_set(actor=leader, selection=trusted, experts=experts)
        trusted = _advance(trusted, leader, (Selection.State.NOMINATING, "各所推荐"))
        merchants = list(
            Merchant.objects.filter(bureau=bureau, status=Merchant.Status.ACTIVE).order_by("id")[:5]
        )
        for i in range(5):
            merchant = merchants[i] if i < len(merchants) else None
            services.candidate_nominate(
                actor=leader,
                selection=trusted,
                name=merchant.name if merchant else TRUSTED_FALLBACK[i],
                organisation="",
                description="明码标价、先行赔付、线下无理由退货承诺落实到位。",
                merchant=merchant,
                source=Candidate.Source.NOMINATED,
            )
        trusted = _advance(trusted, leader, (Selection.State.REVIEWING, "推荐截止"))
        scores = [("93", "90"), ("88", "91"), ("85", "84"), ("79", "82"), ("72", "75")]
        trusted = _review_and_score(trusted, leader, experts, scores)
        trusted = _advance(
            trusted,
            leader,
            (Selection.State.FINALISED, "专家评审完成，核定结果"),
            (Selection.State.PUBLISHED, "局务会审议通过，予以公布"),
        )
    return [souvenir, trusted]
