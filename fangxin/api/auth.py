from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from fangxin.accounts.models import ApiToken
from fangxin.accounts.services import account_policy_problem, token_hash


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=token_hash(token), expires_at__gt=timezone.now())
            .first()
        )
        if found is None or not found.user.is_active or account_policy_problem(found.user):
            return None
        # Coarse "last used": one write per minute at most, not one per request.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user and user.is_active else None


STAFF_AUTH = [BearerToken(), Session()]
