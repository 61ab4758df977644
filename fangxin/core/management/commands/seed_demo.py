"""Demo data: the county bureau of the seed document (兴县市场监督管理局), a second bureau for
trying the access rules, one account per role, merchants and campaigns. Idempotent: a second
run finds everything in place and writes nothing (so the audit log does not grow either)."""

import datetime
import os
import secrets
import string

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fangxin.accounts.models import Role, User
from fangxin.accounts.services import user_create, user_set_password
from fangxin.audit.services import Actor
from fangxin.campaigns.demo import demo_campaign_plan_seed
from fangxin.campaigns.models import Campaign
from fangxin.campaigns.services import campaign_create
from fangxin.clauses.demo import demo_clauses_seed
from fangxin.complaints.demo import demo_cases_seed
from fangxin.core.models import Bureau, Township, Unit
from fangxin.core.services import bureau_create, unit_create, unit_set_territory
from fangxin.core.validators import credit_code_check_char
from fangxin.engagement.demo import demo_quiz_seed
from fangxin.intel.demo import demo_intel_seed
from fangxin.merchants.models import Merchant
from fangxin.merchants.services import merchant_create
from fangxin.outreach.demo import load as demo_outreach_load
from fangxin.pledges.demo import demo_pledges_seed
from fangxin.selections.demo import load as demo_selections_load
from fangxin.surveys.demo import demo_surveys_seed
from fangxin.trusted.demo import demo_trusted_seed

DEMO = Actor(label="演示数据")

XING = ("兴县市场监督管理局", "兴市监", "山西省吕梁市兴县", "141123")
XING_UNITS = [
    ("消费者权益保护股", Unit.Kind.SECTION, []),
    ("法规股", Unit.Kind.SECTION, []),
    ("综合执法大队一中队", Unit.Kind.SQUAD, []),
    ("蔚汾市场监管所", Unit.Kind.OFFICE, ["蔚汾镇", "奥家湾乡", "蔡家崖乡"]),
    ("魏家滩市场监管所", Unit.Kind.OFFICE, ["魏家滩镇", "瓦塘镇", "罗峪口镇"]),
    ("康宁市场监管所", Unit.Kind.OFFICE, ["康宁镇", "高家村镇", "蔡家会镇", "孟家坪乡"]),
    (
        "东会市场监管所",
        Unit.Kind.OFFICE,
        ["东会乡", "固贤乡", "交楼申乡", "恶虎滩乡", "贺家会乡", "赵家坪乡", "圪垯上乡"],
    ),
]
LIN = ("临县市场监督管理局", "临市监", "山西省吕梁市临县", "141124")
LIN_UNITS = [("城庄市场监管所", Unit.Kind.OFFICE, ["城庄镇", "临泉镇"])]

# username, role, bureau, unit, is_head, full name (fictional), is installation admin
ACCOUNTS = [
    ("admin", Role.ADMIN, XING, None, False, "系统管理员", True),
    ("leader", Role.LEADER, XING, None, False, "赵建国", False),
    ("head", Role.UNIT_HEAD, XING, "蔚汾市场监管所", True, "钱丽华", False),
    ("handler", Role.HANDLER, XING, "蔚汾市场监管所", False, "孙志强", False),
    ("handler2", Role.HANDLER, XING, "魏家滩市场监管所", False, "李红梅", False),
    ("merchant", Role.MERCHANT, None, None, False, "周店长", False),
    ("consumer", Role.CONSUMER, None, None, False, "吴晓明", False),
    ("outsider", Role.HANDLER, LIN, "城庄市场监管所", False, "郑外来", False),
]

# name, kind, township, address tail, credit-code body (17 chars) or "" for an individual
MERCHANTS = [
    ("兴县惠民购物广场有限公司", "enterprise", "蔚汾镇", "蔚汾镇东关街18号", "91141123MA0K1A2B3"),
    ("兴县蔚汾家电城", "enterprise", "蔚汾镇", "蔚汾镇南关路6号", "91141123MA0K2C4D5"),
    (
        "兴县鑫源汽车销售服务有限公司",
        "enterprise",
        "蔚汾镇",
        "蔚汾镇城南开发区",
        "91141123MA0K3E6F7",
    ),
    ("兴县强身健身俱乐部", "enterprise", "蔚汾镇", "蔚汾镇文化街22号二层", "91141123MA0K4G8H9"),
    ("兴县启智教育培训学校有限公司", "enterprise", "蔚汾镇", "蔚汾镇北街9号", "91141123MA0K5J0K1"),
    ("兴县美丽人生美容院", "enterprise", "魏家滩镇", "魏家滩镇中心街3号", "91141123MA0K6L2M3"),
    (
        "兴县黄河人家餐饮有限公司",
        "enterprise",
        "魏家滩镇",
        "魏家滩镇沿河路12号",
        "91141123MA0K7N4P5",
    ),
    ("兴县红枣特产专业合作社", "enterprise", "康宁镇", "康宁镇康宁村", "93141123MA0K8Q6R7"),
    ("兴县老年健康养生馆", "enterprise", "康宁镇", "康宁镇新街15号", "91141123MA0K9T8U9"),
    ("兴县东会便民超市", "individual", "东会乡", "东会乡东会村", "92141123MA0KAW0X1"),
    ("蔚汾镇老王理发店", "individual", "蔚汾镇", "蔚汾镇西关巷5号", ""),
    ("瓦塘镇小李水果店", "individual", "瓦塘镇", "瓦塘镇集市路1号", ""),
]

CAMPAIGNS = [
    (
        2022,
        "兴县市场监督管理局2022年“3·15国际消费者权益日”纪念活动",
        "共促消费公平",
        datetime.date(2022, 3, 1),
        datetime.date(2022, 3, 31),
        "兴市监发〔2022〕14号",
    ),
    (
        2026,
        "兴县市场监督管理局2026年“3·15国际消费者权益日”系列活动",
        "提升消费品质",
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 31),
        "",
    ),
]


def demo_password() -> str:
    """FANGXIN_DEMO_PASSWORD, else one generated once per checkout and kept under var/."""
    value = os.environ.get("FANGXIN_DEMO_PASSWORD", "")
    if value:
        return value
    path = settings.VAR_DIR / "demo_password"
    if path.exists():
        return path.read_text().strip()
    alphabet = string.ascii_letters + string.digits
    value = "Fx-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "-9a"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value)
    path.chmod(0o600)
    return value


class Command(BaseCommand):
    help = "载入演示数据（兴县市场监督管理局等），可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-accounts", action="store_true", help="不打印演示账户和密码")

    def handle(self, *args, **options):
        password = demo_password()
        try:
            password_validation.validate_password(password)
        except ValidationError as exc:
            raise CommandError(
                "FANGXIN_DEMO_PASSWORD 不符合密码策略：" + "".join(exc.messages)
            ) from exc
        with transaction.atomic():
            bureaus = {b[0]: self._bureau(*b) for b in (XING, LIN)}
            self._units(bureaus[XING[0]], XING_UNITS)
            self._units(bureaus[LIN[0]], LIN_UNITS)
            for account in ACCOUNTS:
                self._account(account, bureaus, password)
            self._merchants(bureaus[XING[0]])
            self._campaigns(bureaus[XING[0]])
            demo_campaign_plan_seed(bureaus[XING[0]])
            demo_cases_seed(bureaus[XING[0]])
            demo_pledges_seed(bureaus[XING[0]])
            demo_trusted_seed(bureaus[XING[0]])
            demo_intel_seed(bureaus[XING[0]])
            demo_clauses_seed(bureaus[XING[0]])
            demo_quiz_seed(bureaus[XING[0]])
            demo_surveys_seed(bureaus[XING[0]])
            xing_2026 = Campaign.objects.get(bureau=bureaus[XING[0]], year=2026)
            demo_outreach_load(bureaus[XING[0]], xing_2026)
            demo_selections_load(bureaus[XING[0]], xing_2026)
        if not options["quiet_accounts"]:
            self.stdout.write("演示账户（密码相同）：")
            for username, role, bureau, unit, *_ in ACCOUNTS:
                where = " / ".join(x for x in (bureau[0] if bureau else "", unit or "") if x)
                self.stdout.write(f"  {username:<9} {Role(role).label}  {where}")
            self.stdout.write(f"  密码：{password}")

    def _bureau(self, name, short_name, region, division_code) -> Bureau:
        return Bureau.objects.filter(name=name).first() or bureau_create(
            actor=DEMO,
            name=name,
            short_name=short_name,
            region=region,
            division_code=division_code,
        )

    def _units(self, bureau, units) -> None:
        for name, kind, townships in units:
            # 消费者权益保护股 coordinates: it sees every case and works the triage queue.
            unit = Unit.objects.filter(bureau=bureau, name=name).first() or unit_create(
                actor=DEMO,
                bureau=bureau,
                name=name,
                kind=kind,
                is_coordinator=name == "消费者权益保护股",
            )
            current = set(unit.townships.values_list("name", flat=True))
            if townships and current != set(townships):
                unit_set_territory(actor=DEMO, unit=unit, township_names=townships)

    def _account(self, account, bureaus, password) -> None:
        username, role, bureau, unit_name, is_head, full_name, superuser = account
        user = User.objects.filter(username=username).first()
        if user is None:
            bureau_obj = bureaus[bureau[0]] if bureau else None
            units = (
                tuple(Unit.objects.filter(bureau=bureau_obj, name=unit_name)) if (unit_name) else ()
            )
            user = user_create(
                actor=DEMO,
                username=username,
                password=password,
                role=role,
                bureau=bureau_obj,
                full_name=full_name,
                units=units,
                is_head=is_head,
                installation_admin=superuser,
            )
        elif not user.check_password(password):
            user_set_password(actor=DEMO, user=user, password=password)

    def _merchants(self, bureau) -> None:
        for name, kind, township_name, address, body in MERCHANTS:
            if Merchant.objects.filter(bureau=bureau, name=name).exists():
                continue
            code = body + credit_code_check_char(body) if body else ""
            merchant_create(
                actor=DEMO,
                bureau=bureau,
                name=name,
                kind=kind,
                credit_code=code,
                address=f"山西省吕梁市兴县{address}",
                township=Township.objects.get(bureau=bureau, name=township_name),
            )

    def _campaigns(self, bureau) -> None:
        for year, title, theme, starts_on, ends_on, number in CAMPAIGNS:
            if not Campaign.objects.filter(bureau=bureau, year=year).exists():
                campaign_create(
                    actor=DEMO,
                    bureau=bureau,
                    year=year,
                    title=title,
                    theme=theme,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    document_number=number,
                )
