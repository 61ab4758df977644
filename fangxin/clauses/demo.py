"""Demo data for format-clause review (`seed_demo`): the gym's self-check waiting for review, a
training school's course agreement with a rectification notice issued, and a published 点评.
Idempotent."""

from django.db import transaction

from fangxin.accounts.models import User
from fangxin.clauses import publication, services
from fangxin.clauses.extract import extract_pasted
from fangxin.clauses.models import ClauseDocument
from fangxin.merchants.models import Merchant

GYM_NOTICE = """强身健身俱乐部会员须知
一、会员卡一经售出，概不退款，不得转让。
二、会员在健身过程中发生人身伤害的，本俱乐部不承担任何责任。
三、会员卡过期作废，剩余次数不予退还。
四、本须知最终解释权归本俱乐部所有。
五、会员可通过前台或12315反映意见。"""

SCHOOL_AGREEMENT = """启智教育培训学校课程协议
第一条 乙方报名缴费后，因个人原因退学的，已缴学费一律不退。
第二条 甲方有权根据教学需要调整授课教师和上课时间，乙方不得以此为由要求退费。
第三条 双方发生争议的，只能向甲方所在地人民法院起诉，乙方不得向有关部门投诉。
第四条 本协议自双方签字之日起生效。"""


def demo_clauses_seed(bureau) -> None:
    if ClauseDocument.objects.filter(bureau=bureau).exists():
        return
    handler = User.objects.filter(username="handler").first()
    head = User.objects.filter(username="head").first()
    merchant_user = User.objects.filter(username="merchant").first()
    if handler is None or head is None:
        return
    with transaction.atomic():
        if merchant_user is not None and hasattr(merchant_user, "merchant_account"):
            services.document_submit(
                actor=merchant_user,
                extracted=extract_pasted(GYM_NOTICE),
                title="会员须知（自查）",
                sector="预付式消费",
            )
        school = Merchant.objects.filter(bureau=bureau, name__contains="培训").first()
        document = services.document_submit(
            actor=handler,
            extracted=extract_pasted(SCHOOL_AGREEMENT),
            title="课程协议（检查中拍摄）",
            sector="教育培训(含校外培训)",
            merchant=school,
        )
        if document.status != ClauseDocument.Status.PENDING:
            return
        for finding in document.findings.all():
            services.finding_decide(actor=handler, finding=finding, decision="confirmed")
        services.review_complete(actor=handler, document=document)
        if school is not None:
            services.notice_issue(actor=head, document=document)
        review = publication.publication_create(
            actor=head,
            title="2026年第一批典型不公平格式条款点评",
            introduction="以下条款排除或限制消费者权利、免除经营者责任，依法无效，提醒消费者注意。",
        )
        for finding in document.findings.all()[:3]:
            publication.publication_item_add(
                actor=head,
                publication=review,
                finding=finding,
                comment=finding.explanation,
            )
        publication.publication_publish(actor=head, publication=review)
