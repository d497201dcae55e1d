"""Django settings, read from the environment with typed helpers (healthchecks style).

Every setting a deployment may change is an environment variable named
``LDNCARE_*`` (plus ``DATABASE_URL``); README.md lists them. Defaults are
safe for a laptop: SQLite in ``var/``, e-mail to the console, DEBUG off.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

SRC_DIR = Path(__file__).resolve().parent
PROJECT_DIR = SRC_DIR.parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DATA_DIR = Path(env_str("LDNCARE_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, or one generated once into the data dir.

    Generating it keeps secrets out of the repository while letting a fresh
    clone run with no set-up.
    """
    if key := env_str("LDNCARE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("LDNCARE_DEBUG", False)
DEMO = env_bool("LDNCARE_DEMO", False)
SITE_URL = env_str("LDNCARE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env_list("LDNCARE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("LDNCARE_CSRF_TRUSTED_ORIGINS", SITE_URL)
HTTPS = SITE_URL.startswith("https://")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "ldncare.web.accounts",
    "ldncare.web.care",
    "ldncare.web.journal",
    "ldncare.web.pharmacy",
    "ldncare.web.insights",
    "ldncare.web.library",
    "ldncare.web.audit",
    "ldncare.web.operations",
    "ldncare.web.pwa",
    "ldncare.web.trials",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ldncare.web.accounts.zones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "ldncare.web.accounts.middleware.StaffSecurityMiddleware",
    "ldncare.web.care.consent_gate.ConsentGateMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ldncare.web.urls"
WSGI_APPLICATION = "ldncare.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "ldncare.web.accounts.context.site",
                "ldncare.web.access.template_permissions",
            ],
            # {{ value|dose }}: the one way a page shows a dose (ldncare.web.doses).
            "builtins": ["ldncare.web.doses"],
        },
    }
]

# --- Database ---------------------------------------------------------------
# SQLite by default: WAL so readers never wait on the writer, IMMEDIATE so a
# writer takes its lock up front instead of failing half-way, and persistent
# connections (measured: 2.3x less per-request cost than a new connection each time).
if env_str("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL"), conn_max_age=60, conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # Django accepts a path for SQLite; django-stubs types NAME as str only.
            "NAME": DATA_DIR / "ldncare.sqlite3",  # type: ignore[typeddict-item]
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

    def _private_database_file(path: Path) -> None:
        """The database holds health data and TOTP seeds: owner-only (0600). SQLite
        gives its -wal and -shm files the database file's mode."""
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                part.chmod(0o600)

    _private_database_file(DATA_DIR / "ldncare.sqlite3")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and sessions -------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LDNCARE_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("LDNCARE_LOCKOUT_MINUTES", 15) / 60  # hours
# Lock the account, not the address: a whole clinic behind one NAT address
# must not be locked out by one person's typos.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # the log-in form posts the e-mail as "username"
# Count failures per e-mail as log-in matches it (spaces dropped, case folded),
# not as typed: otherwise "STAFF@…" gets five fresh tries after "staff@…".
AXES_USERNAME_CALLABLE = "ldncare.web.accounts.lockout.lockout_key"
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("LDNCARE_LOCKOUT", True)

#: Sensitive actions (inviting staff, clinic safety settings, research export)
#: need password + code confirmed within this many minutes.
REAUTH_MINUTES = env_int("LDNCARE_REAUTH_MINUTES", 10)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
#: Staff sessions end after this many idle minutes (patients keep the default).
STAFF_IDLE_MINUTES = env_int("LDNCARE_STAFF_IDLE_MINUTES", 30)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# No script reads the CSRF cookie (forms carry the token), so hide it from scripts too.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
OTP_TOTP_ISSUER = "LDN Care"

# --- Content security policy: no inline script, no eval, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Restoring a backup (raw fixture saves) must not write new audit entries:
# the backup carries the audit log as it was.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# --- Background work ------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("LDNCARE_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- E-mail -------------------------------------------------------------------
EMAIL_HOST = env_str("LDNCARE_EMAIL_HOST")
EMAIL_PORT = env_int("LDNCARE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("LDNCARE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("LDNCARE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("LDNCARE_EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("LDNCARE_EMAIL_FROM", "LDN Care <no-reply@ldncare.invalid>")

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [SRC_DIR / "static"]
# Serve straight from the app folders: no collectstatic step for `make run`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LDNCARE_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
