"""Personas on a real database: a bureau with two offices, and a second bureau.

Every persona is created through the services a user would go through (so audit events and
memberships are real). All share PASSWORD."""

import os

import pytest

from fangxin.accounts.models import Role
from fangxin.accounts.services import user_create
from fangxin.audit.services import Actor
from fangxin.core.models import Unit
from fangxin.core.reference_data import seed_reference_data_now
from fangxin.core.services import bureau_create, unit_create, unit_set_territory
from fangxin.merchants.publicity_rules import seed_publicity_rules_now

# Playwright's sync API runs an event loop in the test thread; Django's async-safety check
# would otherwise refuse the database calls that live-server tests make from that thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Test-Passw0rd!"
SETUP = Actor(label="测试准备")


@pytest.fixture
def org(db):
    xing = bureau_create(
        actor=SETUP, name="兴县市场监督管理局", short_name="兴市监", division_code="141123"
    )
    lin = bureau_create(
        actor=SETUP, name="临县市场监督管理局", short_name="临市监", division_code="141124"
    )
    weifen = unit_create(actor=SETUP, bureau=xing, name="蔚汾市场监管所", kind=Unit.Kind.OFFICE)
    weijiatan = unit_create(
        actor=SETUP, bureau=xing, name="魏家滩市场监管所", kind=Unit.Kind.OFFICE
    )
    chengzhuang = unit_create(actor=SETUP, bureau=lin, name="城庄市场监管所", kind=Unit.Kind.OFFICE)
    unit_set_territory(actor=SETUP, unit=weifen, township_names=["蔚汾镇", "奥家湾乡"])
    unit_set_territory(actor=SETUP, unit=weijiatan, township_names=["魏家滩镇"])
    unit_set_territory(actor=SETUP, unit=chengzhuang, township_names=["城庄镇"])
    return {
        "bureau": xing,
        "other_bureau": lin,
        "unit": weifen,
        "unit2": weijiatan,
        "other_unit": chengzhuang,
    }


@pytest.fixture
def make_user(org):
    def make(
        username,
        role,
        *,
        bureau="bureau",
        unit=None,
        is_head=False,
        installation_admin=False,
        **extra,
    ):
        return user_create(
            actor=SETUP,
            username=username,
            password=PASSWORD,
            role=role,
            bureau=org[bureau] if bureau else None,
            units=(org[unit],) if unit else (),
            is_head=is_head,
            installation_admin=installation_admin,
            **extra,
        )

    return make


@pytest.fixture
def personas(make_user):
    return {
        "consumer": make_user("consumer", Role.CONSUMER, bureau=None, phone="13812341234"),
        "merchant": make_user("merchant", Role.MERCHANT, bureau=None),
        "handler": make_user("handler", Role.HANDLER, unit="unit"),
        "handler2": make_user("handler2", Role.HANDLER, unit="unit2"),
        "head": make_user("head", Role.UNIT_HEAD, unit="unit", is_head=True),
        "leader": make_user("leader", Role.LEADER),
        "admin": make_user("admin", Role.ADMIN, installation_admin=True),
        "bureau_admin": make_user("badmin", Role.ADMIN),
        "outsider": make_user("outsider", Role.HANDLER, bureau="other_bureau", unit="other_unit"),
    }


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (live server, threads) start from a flushed database, which has lost
    the reference data the migrations seeded; put it back for them."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        seed_reference_data_now()
        seed_publicity_rules_now()


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Rate-limit counters live in the cache (a database table); each test starts with none."""
    if "_django_db_helper" not in request.fixturenames:
        return
    request.getfixturevalue("_django_db_helper")
    from django.core.cache import cache

    from fangxin.core import refcache

    cache.clear()
    # The reference copy is keyed by a token the triggers renew; a flushed database has none,
    # and forgetting the copy keeps one test's organisation out of the next.
    refcache.clear()


@pytest.fixture
def sms(settings):
    """Text messages go to a list instead of the log; `sms.last_code(phone)` reads a code."""
    from tests.engagement import gateway

    settings.FANGXIN_SMS_BACKEND = "tests.engagement.gateway.MemoryGateway"
    gateway.MemoryGateway.sent.clear()
    return gateway


@pytest.fixture
def verify_phone(sms):
    """Verify a mobile number for a test client through the public pages, as a visitor does."""

    def verify(client, phone: str = "13912345678", address: str = "10.1.2.3"):
        client.post("/verify/", {"step": "phone", "phone": phone, "next": "/"}, REMOTE_ADDR=address)
        response = client.post(
            "/verify/",
            {"step": "code", "phone": phone, "code": sms.last_code(phone), "next": "/"},
            REMOTE_ADDR=address,
        )
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return verify
