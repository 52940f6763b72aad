"""Settings for CPSE Manager: one module, read from the environment.

Nothing needs to be set to run locally (SQLite, a file-based Celery broker, mail to the
console). See docs/operations.md for every variable.

Rules chosen here: DEBUG off means a deployment, whatever else is set: HTTPS only (secure
cookies, HSTS, the redirect) and no start without real secrets and ALLOWED_HOSTS.
CPSE_ENV=production turns DEBUG off (and refuses it on) and picks production's defaults
(SMTP, hashed static file names). The one way to run with DEBUG off over plain HTTP is
ALLOW_PLAIN_HTTP=1, a local try-out (the benchmarks): it accepts the development keys too,
and is refused with CPSE_ENV=production.
"""

import base64
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from cpse.env import ImproperSetting, envbool, envchoice, envint, envlist, envstr
from cpse.support_lines import support_lines_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the app writes locally (SQLite, broker folders, mail, uploads) lives here.
VAR_DIR = Path(envstr("CPSE_VAR_DIR", str(BASE_DIR / "var")))

CPSE_ENV = envchoice("CPSE_ENV", "development", {"development", "production"})
PRODUCTION = CPSE_ENV == "production"
DEBUG = envbool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperSetting("DEBUG must be off when CPSE_ENV=production")
ALLOW_PLAIN_HTTP = envbool("ALLOW_PLAIN_HTTP", False)
if PRODUCTION and ALLOW_PLAIN_HTTP:
    raise ImproperSetting("ALLOW_PLAIN_HTTP is for a local try-out: it cannot be set with CPSE_ENV=production")
# Hardened unless DEBUG is on or the try-out is asked for by name (see the docstring).
DEPLOYED = not DEBUG and not ALLOW_PLAIN_HTTP

DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-4b1c9a7e"  # noqa: S105 (refused in production)
SECRET_KEY = envstr("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if DEPLOYED and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperSetting("Set SECRET_KEY (at least 50 random characters) when DEBUG is off")

# Keys for encrypted fields (cpse.crypto): comma-separated Fernet keys, newest first. The
# development keys are public (`manage.py doctor` names them) and refused when deployed.
DEVELOPMENT_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMzJieXQ="
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEYS", [DEVELOPMENT_FIELD_KEY])
if DEPLOYED and DEVELOPMENT_FIELD_KEY in FIELD_ENCRYPTION_KEYS:
    raise ImproperSetting("Set FIELD_ENCRYPTION_KEYS to real Fernet keys when DEBUG is off")
# Signs certificates' Open Badges files: an Ed25519 private key, 32 bytes, base64 (the
# public key is published on the verification side).
DEVELOPMENT_BADGE_KEY = "ZGV2ZWxvcG1lbnQtb25seS1iYWRnZS1rZXktMzJiISE="
OPEN_BADGES_SIGNING_KEY = envstr("OPEN_BADGES_SIGNING_KEY", DEVELOPMENT_BADGE_KEY)
if DEPLOYED and OPEN_BADGES_SIGNING_KEY == DEVELOPMENT_BADGE_KEY:
    raise ImproperSetting("Set OPEN_BADGES_SIGNING_KEY to a real Ed25519 key when DEBUG is off")
try:
    _badge_key_length = len(base64.b64decode(OPEN_BADGES_SIGNING_KEY, validate=True))
except ValueError:
    _badge_key_length = 0
if _badge_key_length != 32:
    raise ImproperSetting("OPEN_BADGES_SIGNING_KEY must be 32 bytes in base64 (an Ed25519 private key)")
# Keys that signed before a rotation, PUBLIC halves only, oldest first, comma-separated:
# `<base64 public key>@<YYYY-MM-DD it stopped signing>[@revoked]` (certificates.open_badges.keys).
OPEN_BADGES_RETIRED_KEYS = envlist("OPEN_BADGES_RETIRED_KEYS", [])

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if DEPLOYED else ["localhost", "127.0.0.1", "[::1]"])
if DEPLOYED and not ALLOWED_HOSTS:
    raise ImproperSetting("Set ALLOWED_HOSTS when DEBUG is off")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The address links in emails and on certificates point to: where the site is served.
# Locally that is `make run`'s, on CPSE_PORT (8000 unless set), so links work on 8001 too.
SITE_URL = envstr("SITE_URL", f"http://127.0.0.1:{envint('CPSE_PORT', 8000, minimum=1)}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "auditlog",
    # Ours, from the bottom of the dependency order up (docs/decisions.md).
    "cpse.notify",
    "cpse.audit",
    "cpse.ops",
    "accounts",
    "cohorts",
    "applications",
    "requirements_tracking",
    "certificates",
    "checkins",
    "sponsors",
    "mentorship",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that may use the database: a read tried again, a 503 (cpse.unavailable).
    "cpse.unavailable.DatabaseRetryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "accounts.middleware.MFARequiredMiddleware",
    "cpse.middleware.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "cpse.urls"
WSGI_APPLICATION = "cpse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cpse.context_processors.program",
            ],
            "libraries": {"cpse": "cpse.template_library"},
        },
    },
]

# Database: SQLite by default; DATABASE_URL (postgres://...) for PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cpse.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL and IMMEDIATE transactions avoid
    # "database is locked" when they write at the same moment. Connections are kept (the
    # CONN_MAX_AGE above), as on PostgreSQL: a new SQLite connection reads the whole schema
    # again on its first query, which cost every page a third of its speed (docs/decisions.md).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler costs tens of milliseconds on the first run of a query it
    # thinks is large (the reminder sweep's anti-joins, the cohort grid), far more than
    # it saves on queries of this size: measured in benchmarks/reminders.py.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else the database, so login rate limits hold across
# processes (allauth refuses a DummyCache; a per-process memory cache would not limit).
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cpse.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cpse",
            # Fail fast when Redis is down; pages then work without the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cpse_cache",
        }
    }

# Celery: Redis as broker when REDIS_URL is set; otherwise kombu's filesystem transport,
# which needs no server. Tasks are queued on commit; the database row is the record.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
_BROKER_DIR = VAR_DIR / "celery-broker"
if not REDIS_URL:
    for _sub in ("queue", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # No countdown may exceed this (SECURITY.md): beat's sweep handles anything later.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A broker that is down must not hang the request that queued a task: fail fast, and
# the beat sweep delivers what the request could not queue.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker rides through a Redis restart (the rehearsal restarts Redis under load): it
# reconnects for as long as it takes (None: no limit) rather than exiting after 100 tries,
# and tasks running when the connection went on to finish: each delivery is checked against
# its outbox row, so one redelivered later finds its message already sent.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "notify-sweep": {"task": "cpse.notify.tasks.sweep", "schedule": 60.0},
    "retention-purge": {"task": "cpse.audit.tasks.purge_expired", "schedule": 24 * 3600.0},
    # The program's one reminder schedule (cpse.notify.reminders): every app's reminders.
    # Safe to run as often as wanted: each message has a unique key per person and period.
    "reminders": {"task": "cpse.notify.tasks.reminders", "schedule": 15 * 60.0},
    "exam-close-expired-attempts": {"task": "requirements_tracking.tasks.close_expired_attempts", "schedule": 60.0},
    # Beat's heartbeat for /healthz (cpse.ops.tasks): written by a worker, so it proves all three.
    "ops-heartbeat": {"task": "cpse.ops.tasks.heartbeat", "schedule": 60.0},
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, each loading the signed-in person with their roles in one query.
    "accounts.backends.AccountBackend",
    "accounts.backends.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:start"

# allauth: email is the login; usernames do not exist.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = envchoice("ACCOUNT_EMAIL_VERIFICATION", "mandatory", {"mandatory", "optional", "none"})
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
# Downloading one's data and changing the sign-in email or password ask for the password
# (and the second step) again unless given this recently, at sign-in or on allauth's
# "confirm it is you" pages (accounts.decorators.recent_authentication_required).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# After a quick exit, Back must not lead from the sign-in page into a person's pages.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # subjects stay neutral (no program name)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if DEPLOYED else "http"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CPSE"
# Accept the code of the 30-second step before or after, too: a code typed as the step
# turns over (or on a phone whose clock drifts) still works. Used codes cannot be replayed.
MFA_TOTP_TOLERANCE = 1
# Two-factor secrets are encrypted at rest with FIELD_ENCRYPTION_KEYS (and rotate with them).
MFA_ADAPTER = "accounts.adapters.MFAAdapter"

# Sessions: a fresh session at login (allauth rotates the key); expiry at browser close,
# after a time without activity, and after an absolute lifetime (accounts.middleware).
# In the database, read with a statement written out once (cpse.sessions).
SESSION_ENGINE = "cpse.sessions"
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", 30 * 60, minimum=120)
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = envstr("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploads and PDFs are private: never under a public URL, served by permission-checked views.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "private")))
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 5_000_000, minimum=100_000)
FILE_UPLOAD_PERMISSIONS = 0o600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Mail: console locally, SMTP in production (EMAIL_HOST etc.).
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}[envchoice("EMAIL_DELIVERY", "smtp" if PRODUCTION else "console", {"console", "file", "smtp"})]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "CPSE Program <no-reply@cpse.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Program contacts are configuration, never hard-coded people.
# Browser tabs and history show this: neutral words only.
SITE_TITLE = envstr("SITE_TITLE") or _("Peer Support Training")
PROGRAM_NAME = envstr("PROGRAM_NAME") or _("Certified Peer Support for Exploitation (CPSE)")
PROGRAM_ORGANISATION = envstr("PROGRAM_ORGANISATION") or _("The CPSE Program")
PROGRAM_CONTACT_NAME = envstr("PROGRAM_CONTACT_NAME") or _("Program Manager")
PROGRAM_CONTACT_EMAIL = envstr("PROGRAM_CONTACT_EMAIL", "program@cpse.invalid")

# Certificates: the paper size and the signature block (configuration, never a real
# person's name in the code).
CERTIFICATE_PAGE_SIZE = envchoice("CERTIFICATE_PAGE_SIZE", "letter", {"letter", "a4"})
CERTIFICATE_SIGNATORY_NAME = envstr("CERTIFICATE_SIGNATORY_NAME", "Program Director")
CERTIFICATE_SIGNATORY_TITLE = envstr("CERTIFICATE_SIGNATORY_TITLE") or PROGRAM_ORGANISATION
PROGRAM_CONTACT_PHONE = envstr("PROGRAM_CONTACT_PHONE", "")
# The fee (sponsors app): days from issue to an invoice's due date, and how to pay, as
# printed on every invoice (plain text; configuration, never bank details in the code).
INVOICE_DUE_DAYS = envint("INVOICE_DUE_DAYS", 30, minimum=1)
PROGRAM_PAYMENT_INSTRUCTIONS = envstr("PROGRAM_PAYMENT_INSTRUCTIONS") or _(
    "Please pay by check or bank transfer, quoting the invoice number. Contact us for the details."
)
# Each way to pay, printed under it on invoices (plain text, several lines through the
# *_FILE form), and the tax id printed on invoices and receipts: empty leaves it out.
PAYMENT_BANK_INSTRUCTIONS = envstr("PAYMENT_BANK_INSTRUCTIONS")
PAYMENT_CHECK_INSTRUCTIONS = envstr("PAYMENT_CHECK_INSTRUCTIONS")
PAYMENT_CARD_INSTRUCTIONS = envstr("PAYMENT_CARD_INSTRUCTIONS")
PROGRAM_TAX_ID = envstr("PROGRAM_TAX_ID")
# Whom sponsors write to (the public page names them): a title, and a name only if the
# program sets one (empty: the title alone). Configuration, never a real person in the code.
ADMINISTRATION_CONTACT_TITLE = envstr("ADMINISTRATION_CONTACT_TITLE") or _("Director of Administration")
ADMINISTRATION_CONTACT_NAME = envstr("ADMINISTRATION_CONTACT_NAME")
ADMINISTRATION_CONTACT_EMAIL = envstr("ADMINISTRATION_CONTACT_EMAIL", "administration@cpse.invalid")
# The public page says travel to the in-person intensive may add to the costs; these words
# (plain text) say how help with them works.
PROGRAM_TRAVEL_HELP = envstr("PROGRAM_TRAVEL_HELP") or _(
    "If travel costs would keep you from taking part, tell us when you apply: we look for help with travel "
    "and lodging together, for example through a sponsor."
)
# Where the quick-exit button and the Escape key go: a neutral page.
QUICK_EXIT_URL = envstr("QUICK_EXIT_URL", "https://www.weather.gov/")
# What a signed-in person was typing when she left by the quick exit is kept (encrypted)
# and offered back on that page after she signs in again, for this many hours at most.
KEPT_INPUT_HOURS = envint("KEPT_INPUT_HOURS", 24, minimum=1)
# Interviews (applications.services): an applicant moves or cancels her own interview up
# to this many hours before it (program staff until it starts), and after a missed
# interview she may book again this many times in all.
INTERVIEW_CHANGE_HOURS_BEFORE = envint("INTERVIEW_CHANGE_HOURS_BEFORE", 24, minimum=0)
INTERVIEW_NO_SHOW_REBOOKS = envint("INTERVIEW_NO_SHOW_REBOOKS", 1, minimum=0)
# Crisis and support lines, shown after a check-in and on the help page (cpse.support_lines):
# each line's name and a few words about it in every language of the site, and the numbers
# to call or text (the same in every language). SUPPORT_LINES (or SUPPORT_LINES_FILE), a
# JSON list of the same shape, replaces them; "[]" shows none.
SUPPORT_LINES = support_lines_from_env(envstr("SUPPORT_LINES"), language=LANGUAGE_CODE)
if SUPPORT_LINES is None:
    SUPPORT_LINES = [
        {
            "name": {"en": "988 Suicide & Crisis Lifeline", "es": "988 Línea de Prevención del Suicidio y Crisis"},
            "about": {
                "en": "Free and confidential, at any hour, for any kind of distress, not only thoughts of suicide.",
                "es": "Gratis y confidencial, a cualquier hora, para cualquier angustia, no solo pensamientos de "
                "suicidio. En español: llame y marque 2, o escriba AYUDA por mensaje de texto.",
            },
            "call": "988",
            "text": "988",
        },
        {
            "name": {"en": "National Human Trafficking Hotline", "es": "Línea Nacional contra la Trata de Personas"},
            "about": {
                "en": "Confidential, 24 hours a day, in more than 200 languages.",
                "es": "Confidencial, las 24 horas, en más de 200 idiomas, también en español.",
            },
            "call": "1-888-373-7888",
            "text": "233733",
        },
    ]

# Notifications (cpse.notify): how often to retry, and when to give up.
NOTIFY_MAX_ATTEMPTS = envint("NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
NOTIFY_RETRY_BASE_SECONDS = envint("NOTIFY_RETRY_BASE_SECONDS", 60, minimum=1)
# A claim older than this belongs to a worker that died mid-send; the sweep sends it again.
# Keep it far above the longest send (EMAIL_TIMEOUT bounds each SMTP step): a message
# accepted just before its worker died would go twice. The rehearsal, with a 3 s timeout,
# sets 20 s so a worker it kills mid-send is recovered within its run.
NOTIFY_STALE_CLAIM_SECONDS = envint("NOTIFY_STALE_CLAIM_SECONDS", 15 * 60, minimum=10)
# The local hour at which a person who chose a weekly summary gets their reminders.
NOTIFY_SUMMARY_HOUR = envint("NOTIFY_SUMMARY_HOUR", 9, minimum=0)
# The local hour from which program staff get the day's "hours are waiting" digest.
HOURS_DIGEST_HOUR = envint("HOURS_DIGEST_HOUR", 8, minimum=0)
# Check-ins of the placement year (checkins.reminders): days after a check-in's due date
# before a gentle reminder (and a second at twice as many), and before staff are asked to
# follow up.
CHECKIN_GRACE_DAYS = envint("CHECKIN_GRACE_DAYS", 7, minimum=1)
CHECKIN_MISSED_FOLLOW_UP_DAYS = envint("CHECKIN_MISSED_FOLLOW_UP_DAYS", 21, minimum=1)

# How long an invitation link to the sponsor portal works (it works once).
SPONSOR_INVITATION_DAYS = envint("SPONSOR_INVITATION_DAYS", 14, minimum=1)

# Retention (cpse.data_rights): how long rows nobody needs any more are kept. The daily
# purge removes them; RETENTION_MODE=dry-run makes it only count (and record the counts).
RETENTION_MODE = envchoice("RETENTION_MODE", "apply", {"apply", "dry-run"})
RETENTION_UNVERIFIED_ACCOUNT_DAYS = envint("RETENTION_UNVERIFIED_ACCOUNT_DAYS", 30, minimum=1)
RETENTION_NOTIFICATION_DAYS = envint("RETENTION_NOTIFICATION_DAYS", 180, minimum=1)
RETENTION_UNSUCCESSFUL_APPLICATION_DAYS = envint("RETENTION_UNSUCCESSFUL_APPLICATION_DAYS", 365, minimum=30)
RETENTION_INTEREST_DAYS = envint("RETENTION_INTEREST_DAYS", 730, minimum=30)
# Sponsor leads (the public "sponsor a survivor" form) that never became a sponsor, or
# were closed, are removed this long after they came in.
RETENTION_SPONSOR_LEAD_DAYS = envint("RETENTION_SPONSOR_LEAD_DAYS", 730, minimum=30)

# Audit trail (cpse.audit): changes as JSON; no IP addresses (where a survivor connects
# from is itself sensitive).
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# How many proxies of our own stand in front of the web process, each appending the
# address it received from to X-Forwarded-For (docker-compose.yml: 1, the TLS proxy).
# 0: the header is ignored, so nobody can choose their own rate-limit bucket.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, minimum=0)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# HTTPS only whenever DEBUG is off; ALLOW_PLAIN_HTTP=1 (a local try-out) is the one way out.
if DEPLOYED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    MFA_TRUST_COOKIE_SECURE = True

# Logs carry ids and events, never what a person typed (docs/security.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "cpse.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs request bodies of failed requests nowhere, but its 4xx lines carry
        # paths; paths never hold personal data here (random ids only).
        "django.request": {"level": "ERROR"},
        # WeasyPrint narrates every stylesheet it parses at INFO; only its problems matter.
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Evaluation surveys (checkins/surveys/questions.py) ---
# Results of a group (a cohort's answers to one survey) with fewer answers than this are
# never shown as figures, and neither is any count of 1 to one below it.
SURVEY_SUPPRESSION_THRESHOLD = envint("SURVEY_SUPPRESSION_THRESHOLD", 5, minimum=1)
# A survey whose moment (the program's end, six or twelve months of placement) passed
# longer ago than this is not started: a question asked a year late means little.
SURVEY_INVITE_WINDOW_DAYS = envint("SURVEY_INVITE_WINDOW_DAYS", 60, minimum=1)
# One gentle reminder this many days after a survey opens (none after answering or "no thanks").
SURVEY_REMINDER_DAYS = envint("SURVEY_REMINDER_DAYS", 7, minimum=1)

# --- Operations (cpse.ops, docs/operations.md) ---
# /healthz fails when the oldest due message has waited longer than this, or beat's
# heartbeat (every minute) is older than this; HEALTH_BEAT_MAX_AGE=0 leaves beat out.
HEALTH_OUTBOX_MAX_AGE = envint("HEALTH_OUTBOX_MAX_AGE", 15 * 60, minimum=60)
HEALTH_BEAT_MAX_AGE = envint("HEALTH_BEAT_MAX_AGE", 5 * 60, minimum=0)
# `manage.py backup` writes one dated folder here and keeps the newest BACKUP_KEEP.
BACKUP_DIR = Path(envstr("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = envint("BACKUP_KEEP", 14, minimum=1)
# Error reports to Sentry when SENTRY_DSN is set, with personal data scrubbed (cpse.ops.sentry).
SENTRY_DSN = envstr("SENTRY_DSN")
if SENTRY_DSN:
    from cpse.ops.sentry import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=CPSE_ENV)
