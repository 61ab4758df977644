"""200 simultaneous filings over real HTTP: 200 distinct numbers, all retrievable; retries with
one Idempotency-Key make one case. Runs on whichever database the suite runs on."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from fangxin.complaints.models import Case

pytestmark = pytest.mark.django_db(transaction=True)
SUBMISSIONS = 200
THREADS = 20


def _post(url, body, key=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def _run_parallel(jobs):
    results, lock = [], threading.Lock()
    queue = list(jobs)

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            outcome = job()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


@pytest.fixture
def no_rate_limit(settings):
    # The limits protect the public service; this test is the load itself.
    from fangxin.complaints import api

    original = api.ClientThrottle.allow_request
    api.ClientThrottle.allow_request = lambda self, request: True
    yield
    api.ClientThrottle.allow_request = original


def test_200_concurrent_filings_get_200_distinct_retrievable_numbers(
    live_server, org, filing, no_rate_limit
):
    url = f"{live_server.url}/api/v1/complaints"
    results = _run_parallel(
        [lambda i=i: _post(url, filing(claim=f"诉求{i}")) for i in range(SUBMISSIONS)]
    )
    statuses = [status for status, _ in results]
    numbers = {body["tracking_no"] for status, body in results if status == 201}
    assert statuses.count(201) == SUBMISSIONS, [b for s, b in results if s != 201][:3]
    assert len(numbers) == SUBMISSIONS
    assert set(Case.objects.values_list("tracking_no", flat=True)) == numbers
    sample = sorted(numbers)[::40]
    for number in sample:
        with urllib.request.urlopen(  # noqa: S310 (loopback)
            f"{url}/{number}?phone_last4=5678", timeout=30
        ) as response:
            assert json.loads(response.read())["tracking_no"] == number


def test_concurrent_retries_with_one_key_create_one_case(live_server, org, filing, no_rate_limit):
    url = f"{live_server.url}/api/v1/complaints"
    body = filing()
    results = _run_parallel([lambda: _post(url, body, key="retry-key-1") for _ in range(30)])
    assert {status for status, _ in results} == {201}
    assert len({b["tracking_no"] for _, b in results}) == 1
    assert Case.objects.count() == 1
