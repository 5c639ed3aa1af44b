"""Django settings for the Multitrack web app. Every value comes from `multitrack.config`."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from multitrack import config

# Django's generic classes (model forms, class-based views, model fields) take type arguments, as
# django-stubs types them: `forms.ModelForm[Actor]` must also run (a no-op __class_getitem__).
django_stubs_ext.monkeypatch()

WEB_DIR = Path(__file__).resolve().parent

SECRET_KEY = config.secret_key()
DEBUG = config.flag("MULTITRACK_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in config.raw("MULTITRACK_ALLOWED_HOSTS").split(",") if h.strip()]
PAGE_SIZE = config.integer("MULTITRACK_PAGE_SIZE")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "multitrack.web.accounts",
    "multitrack.web.registry",
    "multitrack.web.audit",
    "multitrack.web.networks",
    "multitrack.web.conflictmaps",
    "multitrack.web.ucdp",
    "multitrack.web.mapping",  # no models: the migration history of conflictmaps and ucdp's tables
    "multitrack.web.screening",
    "multitrack.web.evaluation",
    "multitrack.web.inclusion",
    "multitrack.web.consultations",
    "multitrack.web.landscape",
    "multitrack.web.coordination",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "multitrack.web.audit.middleware.AuditUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "multitrack.web.accounts.security.SecurityHeadersMiddleware",
    "multitrack.web.accounts.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "multitrack.web.urls"
WSGI_APPLICATION = "multitrack.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "multitrack.web.accounts.context_processors.roles",
                "multitrack.web.accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(config.database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while an import writes; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        # secure_delete: deleted rows (a withdrawn participant's votes and answers) are overwritten.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept (CONN_MAX_AGE 60, as for PostgreSQL): opening one and running the PRAGMAs on
    # every request cost ~2.6 ms of the participant page's ~8 (benchmarks/bench_consultation_load.py).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # reads hashes made before Argon2 was the default
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
# Static files are served from the package itself (no collectstatic step needed).
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MIN_CELL = config.integer("MULTITRACK_MIN_CELL", minimum=1)

SESSION_COOKIE_AGE = config.integer("MULTITRACK_SESSION_HOURS") * 3600
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if config.flag("MULTITRACK_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Consultation cards' tokens are in their addresses: redact them where Django logs request paths,
    # before any handler sees the record (consultations/logs.py).
    "filters": {"cards": {"()": "multitrack.web.consultations.logs.RedactCardTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["cards"]}},
    "loggers": {
        name: {"filters": ["cards"], "propagate": True} for name in ("django.request", "django.server")
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
