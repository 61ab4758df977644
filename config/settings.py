"""The one settings module. Every knob is read from the environment (see README "Configuration").

FANGXIN_ENV is one of: development (default), test, production. Production refuses to start
without an explicit SECRET_KEY and forces two-factor login for administrators.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FANGXIN_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


FANGXIN_ENV = env_str("FANGXIN_ENV", "development")
if FANGXIN_ENV not in {"development", "test", "production"}:
    raise RuntimeError("FANGXIN_ENV must be development, test or production")
PRODUCTION = FANGXIN_ENV == "production"


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when FANGXIN_ENV=production")
    # Development: one key per checkout, kept under var/ so sessions survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "fangxin.core",
    "fangxin.accounts",
    "fangxin.audit",
    "fangxin.merchants",
    "fangxin.pledges",
    "fangxin.trusted",
    "fangxin.intel",
    "fangxin.clauses",
    "fangxin.campaigns",
    "fangxin.engagement",
    "fangxin.selections",
    "fangxin.surveys",
    "fangxin.outreach",
    "fangxin.complaints",
    "fangxin.messaging",
    "fangxin.api",
    "fangxin.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "fangxin.api.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "fangxin.accounts.middleware.IdleTimeoutMiddleware",
    "fangxin.accounts.middleware.AccountPolicyMiddleware",
    "fangxin.audit.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fangxin.web.context.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default: WAL so readers never block the writer, a busy timeout so concurrent
# writers wait instead of failing with "database is locked", and IMMEDIATE transactions so a
# transaction takes the write lock up front (a deferred one would fail when upgrading).
SQLITE_PATH = VAR_DIR / "fangxin.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "fangxin.core.sqlite_backend",
            "NAME": SQLITE_PATH,
            # Opening a connection (pragmas, Django's SQL functions) cost more CPU than a
            # filing's queries: each server thread keeps its own.
            "CONN_MAX_AGE": env_int("FANGXIN_SQLITE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("FANGXIN_SQLITE_BUSY_TIMEOUT", 20),
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    f"PRAGMA busy_timeout={env_int('FANGXIN_SQLITE_BUSY_TIMEOUT', 20) * 1000};"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    # Sessions are read on every request (a quiz answer, a vote): from Redis, written through
    # to the database so a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis the database is the shared cache: rate limits must hold across gunicorn
    # workers, so no per-process memory cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "fangxin_cache",
        }
    }

# --- Accounts and login policy --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "fangxin.accounts.passwords.ComplexityValidator",
        "OPTIONS": {"min_length": env_int("FANGXIN_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if FANGXIN_ENV == "test":
    # Tests create many users; the slow hasher would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

FANGXIN_LOCKOUT_THRESHOLD = env_int("FANGXIN_LOCKOUT_THRESHOLD", 5)
FANGXIN_LOCKOUT_MINUTES = env_int("FANGXIN_LOCKOUT_MINUTES", 15)
FANGXIN_IDLE_TIMEOUT_MINUTES = env_int("FANGXIN_IDLE_TIMEOUT_MINUTES", 30)
FANGXIN_PASSWORD_MAX_AGE_DAYS = env_int("FANGXIN_PASSWORD_MAX_AGE_DAYS", 90)
FANGXIN_REQUIRE_ADMIN_2FA = env_bool("FANGXIN_REQUIRE_ADMIN_2FA", default=PRODUCTION)
FANGXIN_API_TOKEN_HOURS = env_int("FANGXIN_API_TOKEN_HOURS", 12)
# Public API rate limits per source address (django-ninja rate syntax, e.g. "120/m").
FANGXIN_INTAKE_RATE = env_str("FANGXIN_INTAKE_RATE", "120/m")
FANGXIN_STATUS_RATE = env_str("FANGXIN_STATUS_RATE", "30/m")
FANGXIN_AUDIT_RETENTION_DAYS = env_int("FANGXIN_AUDIT_RETENTION_DAYS", 365)
# How many proxies sit in front of us; the client address is read from X-Forwarded-For only
# when this is > 0, so a direct client cannot forge its address in the audit log.
FANGXIN_TRUSTED_PROXIES = env_int("FANGXIN_TRUSTED_PROXIES", 0)
if PRODUCTION and "FANGXIN_TRUSTED_PROXIES" not in os.environ:
    # Behind a proxy the default (0) would give every client the proxy's address, so five
    # wrong passwords from anyone would lock everyone out: make the operator say.
    raise RuntimeError("FANGXIN_TRUSTED_PROXIES must be set in production (0 without a proxy)")

SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("FANGXIN_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Locale ---------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files: all served by us (intranet, no CDN) ----------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # WhiteNoise warns about a missing root before the first collectstatic.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = FANGXIN_ENV != "production"
MEDIA_ROOT = VAR_DIR / "media"

# Text messages to complainants: a class with send(phone, text); the console backend logs them
# with the number masked (see fangxin/messaging/backends.py for a real gateway).
# The address printed in QR codes (e.g. https://fangxin.example.gov.cn): a code printed from an
# intranet host must still open from a consumer's phone. Empty: the request's own host.
FANGXIN_PUBLIC_BASE_URL = env_str("FANGXIN_PUBLIC_BASE_URL", "").rstrip("/")
# Cases in one mass complaint before the units holding them are alerted.
FANGXIN_MASS_ALERT = env_int("FANGXIN_MASS_ALERT", 5)
FANGXIN_SMS_BACKEND = env_str("FANGXIN_SMS_BACKEND", "fangxin.messaging.backends.ConsoleBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FANGXIN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "fangxin.web.views.csrf_failure"
