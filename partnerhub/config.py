"""Configuration: the one place that reads the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused by ProductionConfig


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


# ---- Sign-in with OpenID Connect and the CVR register (issue 16; docs/operations.md "Sign-in with OpenID Connect") --
OIDC_AUDIENCES = ("youth", "company", "staff")
# OIDC_<AUDIENCE>_<OPTION>, e.g. OIDC_STAFF_ISSUER; the defaults of unset options live in partnerhub/oidc/providers.py.
OIDC_OPTIONS = ("issuer", "client_id", "client_secret", "scope", "acr_values", "label", "name_claim", "email_claim",
                "given_name_claim", "family_name_claim", "birthdate_claim", "cvr_claim", "company_name_claim",
                "groups_claim", "staff_groups", "admin_groups", "management_groups", "assurance_claim",
                "assurance_levels", "min_assurance")
# Where brokers put a CPR number; a token carrying any of these is refused (only the claim's name is logged).
OIDC_DEFAULT_CPR_CLAIMS = ("dk:gov:saml:attribute:CprNumberIdentifier", "dk.cpr", "cpr", "cprNumber", "cpr_number",
                           "https://data.gov.dk/model/core/eid/cprNumber", "urn:oid:1.2.208.176.1.2.3")


def _env_list(name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """A comma-separated variable as a tuple, without blanks."""
    value = _env(name)
    return default if value is None else tuple(item.strip() for item in value.split(",") if item.strip())


def _oidc_providers() -> dict[str, dict[str, str]]:
    """One provider per audience whose OIDC_<AUDIENCE>_ISSUER is set; only the options given are kept."""
    providers = {}
    for audience in OIDC_AUDIENCES:
        prefix = f"OIDC_{audience.upper()}_"
        options = {option: _env(prefix + option.upper()) for option in OIDC_OPTIONS}
        if options["issuer"]:
            providers[audience] = {key: value for key, value in options.items() if value is not None}
    return providers


def _allowed_hosts(public_url: str | None, *local: str) -> list[str]:
    """ALLOWED_HOSTS (lower-cased) when set; otherwise PUBLIC_URL's host and the given local names."""
    configured = [host.lower() for host in _env_list("ALLOWED_HOSTS")]
    public_host = urlsplit(public_url).hostname if public_url else None
    return configured or [host for host in (public_host, *local) if host]


class Config:
    """Development defaults: SQLite in the instance folder, mail kept in the outbox only."""

    SECRET_KEY = _env("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'partnerhub.sqlite'}")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = _env("REDIS_URL")

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")

    MAIL_SERVER = _env("MAIL_SERVER", "localhost")
    MAIL_PORT = int(_env("MAIL_PORT", "25") or 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", False)
    MAIL_USERNAME = _env("MAIL_USERNAME")
    MAIL_PASSWORD = _env("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = _env("MAIL_DEFAULT_SENDER", "PartnerHub <noreply@partnerhub.local>")
    # Without a real mail server the mail is only kept in the outbox that staff can read.
    MAIL_SUPPRESS_SEND = _env_bool("MAIL_SUPPRESS_SEND", _env("MAIL_SERVER") is None)
    OUTBOX_VISIBLE_TO_STAFF = _env_bool("OUTBOX_VISIBLE_TO_STAFF", True)

    RATELIMIT_STORAGE_URI = _env("REDIS_URL", "memory://")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT_PER_IP = _env("LOGIN_RATE_LIMIT_PER_IP", "20 per minute")
    LOGIN_RATE_LIMIT_PER_ACCOUNT = _env("LOGIN_RATE_LIMIT_PER_ACCOUNT", "5 per minute; 30 per hour")
    PASSWORD_RESET_RATE_LIMIT = "10 per hour"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    IDLE_TIMEOUT = timedelta(minutes=int(_env("IDLE_TIMEOUT_MINUTES", "30") or 30))
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; the session itself expires

    PASSWORD_HASH_METHOD = "scrypt"
    JOB_TIMEOUT_SECONDS = 1800
    # A running job that has sent no heartbeat this long is taken as dead (its worker was killed) and marked failed.
    JOB_STALE_AFTER_SECONDS = int(_env("JOB_STALE_AFTER_SECONDS", "60") or 60)
    RQ_QUEUE_NAME = _env("RQ_QUEUE_NAME", "partnerhub")
    JOBS_RUN_SYNCHRONOUSLY = False
    PASSWORD_RESET_MAX_AGE = timedelta(hours=1)
    INVITATION_LIFETIME = timedelta(days=14)
    # A guardian's consent link works once, for this long; a reminder goes out after each REMINDER interval.
    GUARDIAN_CONSENT_LIFETIME = timedelta(days=14)
    GUARDIAN_REMINDER_AFTER = timedelta(days=3)
    GUARDIAN_MAX_REMINDERS = 2
    DEMO_DATA_ALLOWED = True
    # Unset: the sourced copies shipped in partnerhub/reference/data (see SOURCES.md there).
    REFERENCE_DATA_DIR = _env("REFERENCE_DATA_DIR")
    CSV_IMPORT_MAX_BYTES = 1_000_000
    # Schools: a pupil is deleted this long after the end of their school year (31 July); the retention job does it.
    PUPIL_RETENTION_AFTER_SCHOOL_YEAR = timedelta(days=int(_env("PUPIL_RETENTION_DAYS", "90") or 90))
    # Planning: a consultant has this many days to follow up a no-show or repeated absence.
    FOLLOW_UP_DUE_DAYS = int(_env("FOLLOW_UP_DUE_DAYS", "2") or 2)
    # The check-in after a period's first week: days to answer before the contact person gets a follow-up task.
    CHECK_IN_ANSWER_DAYS = int(_env("CHECK_IN_ANSWER_DAYS", "3") or 3)
    # Outcome check reminders, in months after the outcome was recorded.
    OUTCOME_FOLLOW_UP_MONTHS = (3, 6, 12)
    PREFERRED_URL_SCHEME = _env("PREFERRED_URL_SCHEME", "http")
    SERVER_NAME = _env("SERVER_NAME")
    # Booth photos live outside static/, so only approved booths' photos are served (through a view).
    FAIR_PHOTO_DIR = _env("FAIR_PHOTO_DIR", str(INSTANCE_DIR / "fair_photos"))
    FAIR_PHOTO_MAX_BYTES = 2_000_000
    FAIR_PHOTOS_PER_BOOTH = 6
    # How long a worker process reuses its fair search index before rebuilding it (its own changes rebuild at once).
    FAIR_SEARCH_CACHE_SECONDS = int(_env("FAIR_SEARCH_CACHE_SECONDS", "300") or 300)
    # How long a worker process shows the results dashboard's counted tables before counting again (see
    # partnerhub/worker_cache.py); the page says when. A change made in the same process shows at once.
    RESULTS_CACHE_SECONDS = int(_env("RESULTS_CACHE_SECONDS", "60") or 60)

    # ---- Sign-in with OpenID Connect and the CVR register (issue 16) ----
    OIDC_PROVIDERS = _oidc_providers()
    OIDC_CPR_CLAIMS = _env_list("OIDC_CPR_CLAIMS", OIDC_DEFAULT_CPR_CLAIMS)
    OIDC_CLOCK_SKEW_SECONDS = int(_env("OIDC_CLOCK_SKEW_SECONDS", "60") or 60)
    OIDC_HTTP_TIMEOUT_SECONDS = float(_env("OIDC_HTTP_TIMEOUT_SECONDS", "10") or 10)
    # Audiences (youth, company, staff) that may only sign in through their identity provider.
    PASSWORD_LOGIN_DISABLED_FOR = frozenset(_env_list("PASSWORD_LOGIN_DISABLED_FOR"))
    # The CVR register's GraphQL endpoint at Datafordeleren (e.g. https://graphql.datafordeler.dk/CVR/v2) and its API
    # key; unset: the recorded sample in partnerhub/companies/data (or CVR_REGISTRY_SAMPLE_FILE).
    CVR_REGISTRY_URL = _env("CVR_REGISTRY_URL")
    CVR_REGISTRY_API_KEY = _env("CVR_REGISTRY_API_KEY")
    CVR_REGISTRY_TIMEOUT_SECONDS = float(_env("CVR_REGISTRY_TIMEOUT_SECONDS", "5") or 5)
    CVR_REGISTRY_SAMPLE_FILE = _env("CVR_REGISTRY_SAMPLE_FILE")

    # ---- Production hardening (docs/operations.md, "Running in production"): one block, read together ----------
    # Every absolute link (mails, QR codes) is built from PUBLIC_URL, never from the request's Host header.
    PUBLIC_URL = _env("PUBLIC_URL", "http://127.0.0.1:5000")
    # A request for any other host (or a malformed Host header) gets 400; ".example.dk" also allows its subdomains.
    ALLOWED_HOSTS = _allowed_hosts(PUBLIC_URL, "localhost", "127.0.0.1")
    # How many proxies in front may set X-Forwarded-For/-Proto; 0 trusts none, so a client cannot spoof its address.
    PROXY_TRUSTED_HOPS = int(_env("PROXY_TRUSTED_HOPS", "0") or 0)
    # Strict-Transport-Security max-age; 0 sends no header (production: one year).
    HSTS_SECONDS = int(_env("HSTS_SECONDS", "0") or 0)
    HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    # While the database does not answer, pages say 503 and ask the browser to come back after this many seconds.
    DATABASE_OUTAGE_RETRY_AFTER_SECONDS = int(_env("DATABASE_OUTAGE_RETRY_AFTER_SECONDS", "30") or 30)
    # Proposals a later matcher run replaced, that nobody acted on, are deleted by the retention run after this long.
    SUPERSEDED_PROPOSAL_DAYS = int(_env("SUPERSEDED_PROPOSAL_DAYS", "30") or 30)
    # A running job's own thread writes a heartbeat this often, however long a step takes (see JOB_STALE_AFTER).
    JOB_HEARTBEAT_SECONDS = float(_env("JOB_HEARTBEAT_SECONDS", "10") or 10)
    # Each answer carries a Server-Timing header with its CPU and wall ms (make bench-web turns it on; off otherwise).
    SERVER_TIMING = _env_bool("SERVER_TIMING", False)


class ProductionConfig(Config):
    """Refuses to start without a real secret key: a default key would let anyone forge sessions."""

    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    PREFERRED_URL_SCHEME = "https"
    OUTBOX_VISIBLE_TO_STAFF = _env_bool("OUTBOX_VISIBLE_TO_STAFF", False)
    DEMO_DATA_ALLOWED = False
    PUBLIC_URL = _env("PUBLIC_URL")
    ALLOWED_HOSTS = _allowed_hosts(PUBLIC_URL)
    SERVER_NAME = _env("SERVER_NAME") or (urlsplit(PUBLIC_URL).netloc if PUBLIC_URL else None)
    HSTS_SECONDS = int(_env("HSTS_SECONDS", "31536000") or 0)

    @classmethod
    def validate(cls) -> None:
        if not cls.SECRET_KEY or cls.SECRET_KEY == DEFAULT_SECRET_KEY or len(cls.SECRET_KEY) < 32:
            raise RuntimeError(
                "SECRET_KEY mangler eller er for kort (mindst 32 tegn) – PartnerHub starter ikke i produktion uden."
            )
        problem = public_url_problem(cls.PUBLIC_URL)
        if problem:
            raise RuntimeError(f"PUBLIC_URL {problem} – PartnerHub starter ikke i produktion uden.")


def public_url_problem(url: str | None) -> str | None:
    """Why a PUBLIC_URL cannot be the address in mails and QR codes (None: it can)."""
    if not url:
        return "mangler (fx https://partnerhub.hedensted.dk)"
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return f"skal være en https-adresse som https://partnerhub.hedensted.dk, ikke {url!r}"
    if parts.path.strip("/") or parts.query or parts.fragment:
        return f"må kun være skema og vært (uden sti), ikke {url!r}"
    return None


class TestConfig(Config):
    """Fast and isolated: tests override config here, never os.environ."""

    TESTING = True
    SECRET_KEY = "test-secret-key-that-is-long-enough-000"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # Flask-Limiter's on/off switch is global to the extension, so tests keep it on with limits no suite reaches.
    LOGIN_RATE_LIMIT_PER_IP = "100000 per minute"
    LOGIN_RATE_LIMIT_PER_ACCOUNT = "100000 per minute"
    PASSWORD_RESET_RATE_LIMIT = "100000 per minute"
    MAIL_SUPPRESS_SEND = True
    REDIS_URL = None
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    SERVER_NAME = None
    PUBLIC_URL = "http://localhost"
    ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    PROXY_TRUSTED_HOPS = 0
    HSTS_SECONDS = 0
    JOBS_RUN_SYNCHRONOUSLY = True
    JOB_HEARTBEAT_SECONDS = 0  # in-memory SQLite is one connection: a second thread must not use it
    RQ_QUEUE_NAME = f"partnerhub-test-{os.getpid()}"
    # Sign-in (issue 16): passwords for everyone and the offline CVR sample, whatever the environment says.
    OIDC_PROVIDERS: dict = {}
    PASSWORD_LOGIN_DISABLED_FOR = frozenset()
    CVR_REGISTRY_URL = None
    # Tests write rows with plain SQL too, which no session listener sees: the dashboard counts afresh on every view
    # here, and tests/reporting/test_results_cache.py turns the worker's copy on to test it.
    RESULTS_CACHE_SECONDS = 0


CONFIGS: dict[str, type[Config]] = {
    "development": Config,
    "production": ProductionConfig,
    "test": TestConfig,
}


def selected_config() -> type[Config]:
    """Chooses the config class named by PARTNERHUB_CONFIG, so gunicorn can run production by one variable."""
    name = _env("PARTNERHUB_CONFIG", "development") or "development"
    if name not in CONFIGS:
        raise RuntimeError(f"Ukendt PARTNERHUB_CONFIG={name!r}; vælg en af {', '.join(CONFIGS)}")
    return CONFIGS[name]
