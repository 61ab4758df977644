"""Filing with an Idempotency-Key: a retry of the same request gets the same answer and creates
nothing; the same key with another body is refused."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from fangxin.complaints.intake import Filing, case_file
from fangxin.complaints.models import IdempotentRequest
from fangxin.complaints.serialize import case_created_body

MAX_KEY = 100


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict


def _replay(scope: str, key: str, digest: str) -> Answer | None:
    stored = IdempotentRequest.objects.filter(scope=scope, key=key).first()
    if stored is None:
        return None
    if stored.request_hash != digest:
        return Answer(422, {"errors": {"Idempotency-Key": ["该幂等键已用于内容不同的请求。"]}})
    return Answer(stored.status_code, stored.response)


def case_file_once(*, actor, filing: Filing, key: str, raw_body: bytes) -> Answer:
    """File, or answer what the first request with this key was answered."""
    if len(key) > MAX_KEY:
        return Answer(400, {"errors": {"Idempotency-Key": ["幂等键不能超过100个字符。"]}})
    scope = f"user:{actor.pk}" if getattr(actor, "pk", None) else "public"
    digest = hashlib.sha256(raw_body).hexdigest()
    if key and (answer := _replay(scope, key, digest)):
        return answer
    answer = {}

    def remember(case):
        # Inside the filing's transaction: the case and its stored answer exist together.
        answer["body"] = json.loads(json.dumps(case_created_body(case), default=str))
        if key:
            IdempotentRequest.objects.create(
                key=key, scope=scope, request_hash=digest, status_code=201, response=answer["body"]
            )

    try:
        case_file(actor=actor, filing=filing, on_created=remember)
    except ValidationError as exc:
        return Answer(400, {"errors": exc.message_dict})
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer what it answered.
        if key and (replayed := _replay(scope, key, digest)):
            return replayed
        raise
    return Answer(201, answer["body"])
