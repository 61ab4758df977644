from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower

from fangxin.core.models import Bureau, Unit


class Role(models.TextChoices):
    CONSUMER = "consumer", "消费者"
    MERCHANT = "merchant", "经营者"
    HANDLER = "handler", "办案人员"
    UNIT_HEAD = "unit_head", "股室/所负责人"
    LEADER = "leader", "局领导"
    ADMIN = "admin", "系统管理员"


STAFF_ROLES = frozenset({Role.HANDLER, Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})


class User(AbstractUser):
    """One account per person. Staff belong to a bureau (and to units through memberships);
    consumers and merchants may have no bureau."""

    role = models.CharField("角色", max_length=12, choices=Role.choices, default=Role.CONSUMER)
    bureau = models.ForeignKey(
        Bureau,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所属局",
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    totp_secret = models.CharField(max_length=64, blank=True)
    totp_enabled = models.BooleanField("已启用两步验证", default=False)
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step = models.BigIntegerField(default=0)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Set when an administrator resets the password: the holder must choose a new one first.
    must_change_password = models.BooleanField("须修改密码", default=False)
    # Failed logins before this moment no longer count towards the lockout.
    lockout_cleared_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        ordering = ["username"]
        constraints = [
            # "Zhang" and "zhang" are one person to the people who type them.
            models.UniqueConstraint(Lower("username"), name="username_unique_any_case"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def audit_label(self) -> str:
        return self.username

    @property
    def is_bureau_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES and self.bureau_id is not None

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.role == Role.ADMIN


class UnitMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    is_head = models.BooleanField("负责人", default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位成员"
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"

    @property
    def audit_label(self) -> str:
        return f"{self.user.username} @ {self.unit.name}"


class LoginAttempt(models.Model):
    """Every password check, kept in the database so that lockout holds across processes."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, db_index=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "登录尝试"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.username} {'成功' if self.succeeded else '失败'} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "API令牌"

    def __str__(self) -> str:
        return f"API令牌 #{self.pk}"
