"""The prize quiz on a 3·15 morning: PARTICIPANTS people, each with a verified number, take
the quiz through gunicorn on loopback for a bounded time. Each one thinks THINK_S seconds
before answering (people read the question); the answer's response carries the next
question. Each starts again when done, and tries once more
than the daily limit allows; one answer in ten is sent twice (a retry after a lost response).

Afterwards the database is checked against what the clients saw: every answer the server
accepted is stored exactly once, no attempt holds more answers than questions, no number has
more attempts than the daily limit, and every score equals its stored answers."""

import http.client
import os
import random
import resource
import threading
import time
from importlib import import_module

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from bench.fixtures import bench_org
from bench.load import gunicorn
from bench.timing import percentiles

PARTICIPANTS = int(os.environ.get("BENCH_QUIZ_PARTICIPANTS", "500"))
DURATION_S = float(os.environ.get("BENCH_QUIZ_SECONDS", "60"))
THINK_S = float(os.environ.get("BENCH_QUIZ_THINK", "6"))
# Short attempts by default, so that every participant meets the daily limit within the run.
QUESTIONS = int(os.environ.get("BENCH_QUIZ_QUESTIONS", "5"))
DAILY = int(os.environ.get("BENCH_QUIZ_DAILY", "1"))
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 characters, sent as cookie and header


def _setup():
    import datetime
    import json
    from pathlib import Path

    from fangxin.campaigns.models import Campaign
    from fangxin.campaigns.services import campaign_create
    from fangxin.engagement import services
    from fangxin.engagement.models import Quiz, QuizQuestion

    bureau, leader = bench_org("141199")
    year = timezone.localdate().year
    campaign = Campaign.objects.filter(bureau=bureau, year=year).first() or campaign_create(
        actor=leader,
        bureau=bureau,
        year=year,
        title="基准3·15活动",
        theme="基准",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
    )
    if not QuizQuestion.objects.filter(bureau=bureau).exists():
        bank = Path(services.__file__).parent / "data" / "questions.json"
        rows = json.loads(bank.read_text(encoding="utf-8"))
        services.questions_import(actor=leader, bureau=bureau, rows=rows, source="bench")
    now = timezone.now()
    quiz = services.quiz_create(
        actor=leader,
        campaign=campaign,
        title=f"基准答题 {now:%H%M%S}",
        question_count=QUESTIONS,
        time_limit_seconds=600,
        daily_attempts=DAILY,
        eligible_score=60,
        opens_at=now - datetime.timedelta(minutes=1),
        closes_at=now + datetime.timedelta(hours=2),
    )
    return services.quiz_move(actor=leader, quiz=quiz, to=Quiz.State.OPEN)


def _sessions(quiz_id: int) -> list[tuple[str, str]]:
    """A verified session per participant, as the /verify/ page leaves it (the text-message
    round trip is not what is measured here)."""
    from fangxin.engagement.verification import session_verify

    store = import_module(settings.SESSION_ENGINE).SessionStore
    out = []
    for n in range(PARTICIPANTS):
        phone = f"1370{quiz_id % 1000:03d}{n:04d}"
        session = store()

        class _Request:
            pass

        request = _Request()
        request.session = session
        session_verify(request, phone)
        session.save()
        out.append((phone, session.session_key))
    return out


def _cpu_s(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def _processes_cpu_s(wanted) -> float:
    """CPU seconds used so far by the live processes for which `wanted(comm, cmdline)` holds,
    read from /proc (a process that exits in between is missed: the ones measured here live
    for the whole run)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if wanted(name, cmdline):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _cpu_now(port: int, postgres: bool) -> tuple[float, float]:
    """(gunicorn's processes, PostgreSQL's) CPU seconds so far. SQLite runs inside the
    gunicorn workers and is counted there. Taken after startup, so that importing Django in
    each worker is not charged to the answers."""
    server = _processes_cpu_s(lambda _name, cmd: "gunicorn" in cmd and f":{port} " in cmd)
    database = (
        _processes_cpu_s(lambda name, _cmd: name.startswith(("postgres", "postmaster")))
        if postgres
        else 0.0
    )
    return server, database


def _per(cpu_s: float, answer_ms: list[float]) -> float:
    return round(1000 * cpu_s / max(1, len(answer_ms)), 1)


class Client:
    def __init__(self, port: int, session_key: str, address: str):
        self.port = port
        self.headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "X-Forwarded-For": address,
            "Content-Type": "application/x-www-form-urlencoded",
            "HX-Request": "true",  # the page's htmx: an answer returns the next question's card
            "Connection": "close",
        }

    def send(self, method: str, path: str, body: str = "") -> tuple[int, str, float]:
        t0 = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body.encode() or None, headers=self.headers)
            response = connection.getresponse()
            response.read()
            target = response.getheader("Location") or response.getheader("HX-Redirect") or ""
            return response.status, target, time.perf_counter() - t0
        finally:
            connection.close()


def run() -> dict:
    from django.db import connection

    from fangxin.engagement.models import QuizAnswer, QuizAttempt

    quiz = _setup()
    sessions = _sessions(quiz.pk)
    lock = threading.Lock()
    answer_ms: list[float] = []
    accepted: set[tuple[str, int]] = set()
    stats = {"errors": 0, "duplicates_sent": 0, "refused_starts": 0, "attempts": 0}
    stop_at = [0.0]

    def participant(n: int, phone: str, key: str) -> None:
        chance = random.Random(n)  # noqa: S311 - think times, not security
        client = Client(port, key, f"10.{n // 250}.{n % 250}.{1 + n % 200}")
        time.sleep(chance.uniform(0, THINK_S))  # people do not all press 开始 at once
        while time.perf_counter() < stop_at[0]:
            status, location, _ = client.send("POST", f"/quiz/{quiz.pk}/start/")
            if "/quiz/attempts/" not in location:
                with lock:
                    stats["refused_starts"] += 1
                return  # the daily limit: this participant is done for today
            public_id = location.rstrip("/").rsplit("/", 1)[-1]
            with lock:
                stats["attempts"] += 1
            for position in range(QUESTIONS):
                time.sleep(chance.uniform(0.5 * THINK_S, 1.5 * THINK_S))
                if time.perf_counter() >= stop_at[0]:
                    return
                body = f"position={position}&chosen={chance.randrange(2)}"
                path = f"/quiz/attempts/{public_id}/answer/"
                status, target, seconds = client.send("POST", path, body)
                # The next question's card comes back; after the last one, the way to the result.
                last = position == QUESTIONS - 1
                ok = status == 200 and (("/result/" in target) if last else not target)
                with lock:
                    answer_ms.append(seconds * 1000)
                    if ok:
                        accepted.add((public_id, position))
                    else:
                        stats["errors"] += 1
                if chance.random() < 0.1:  # the retry of a lost response
                    client.send("POST", path, body)
                    with lock:
                        stats["duplicates_sent"] += 1

    env = {"FANGXIN_TRUSTED_PROXIES": "1"}
    workers = int(os.environ.get("BENCH_QUIZ_WORKERS", "3"))
    threads_per = int(os.environ.get("BENCH_QUIZ_THREADS", "4"))
    postgres = connection.vendor == "postgresql"
    with gunicorn(workers=workers, threads=threads_per, env=env) as port:
        server_before, database_before = _cpu_now(port, postgres)
        own_before = resource.getrusage(resource.RUSAGE_SELF)
        threads = [
            threading.Thread(target=participant, args=(n, phone, key))
            for n, (phone, key) in enumerate(sessions)
        ]
        started = time.perf_counter()
        stop_at[0] = started + DURATION_S
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=DURATION_S + 300)
        wall = time.perf_counter() - started
        own_cpu = _cpu_s(resource.getrusage(resource.RUSAGE_SELF)) - _cpu_s(own_before)
        server_after, database_after = _cpu_now(port, postgres)
    server_cpu = server_after - server_before
    database_cpu = database_after - database_before

    attempts = QuizAttempt.objects.filter(quiz=quiz)
    stored = QuizAnswer.objects.filter(attempt__quiz=quiz)
    stored_keys = set(stored.values_list("attempt__public_id", "position"))
    over_limit = attempts.values("phone", "day").annotate(n=Count("id")).filter(n__gt=DAILY).count()
    overfull = attempts.annotate(n=Count("answers")).filter(n__gt=QUESTIONS).count()
    wrong_scores = (
        attempts.filter(finished_at__isnull=False)
        .annotate(right=Count("answers", filter=Q(answers__correct=True)))
        .exclude(correct_count=F("right"))
        .count()
    )
    figures = percentiles(answer_ms)
    figures.update(
        {
            "answers_per_s": round(len(answer_ms) / wall),
            "answers_accepted": len(accepted),
            "answers_stored": stored.count(),
            "lost": len(accepted - stored_keys),
            "stored_not_accepted": len(stored_keys - accepted),
            "duplicates_sent": stats["duplicates_sent"],
            "errors": stats["errors"],
            "attempts": attempts.count(),
            "refused_starts_over_limit": stats["refused_starts"],
            "numbers_over_daily_limit": over_limit,
            "attempts_over_question_count": overfull,
            "scores_not_matching_answers": wrong_scores,
            "wall_s": round(wall, 1),
            # CPU per answer sent (starts, re-sends and result pages included), by process:
            # what the platform costs, apart from the load generator that shares the machine.
            "cpu_ms_per_answer_server": _per(server_cpu, answer_ms),
            "cpu_ms_per_answer_database": _per(database_cpu, answer_ms),
            "cpu_ms_per_answer_generator": _per(own_cpu, answer_ms),
        }
    )
    label = (
        f"quiz {PARTICIPANTS} participants, {QUESTIONS} questions, {DAILY}/day, "
        f"think {THINK_S:g}s, {DURATION_S:.0f}s "
        f"(gunicorn {workers}x{threads_per})"
    )
    return {label: figures}
