"""Settings: every knob of Kontrollrum declared once, with its default and a plain help text.

Read from environment variables (`KONTROLLRUM_…`); the README documents each one (a test
checks that). Pure: takes a mapping, returns values; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ils.interchange.limits import Limits
from ils.rules_periods import RuleParams


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS = (
    Setting("KONTROLLRUM_DB", "sqlite:///kontrollrum.db",
            "Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST/DB."),
    Setting("KONTROLLRUM_TOLERANCE", "0.10",
            "Tolerance t for the yellow limit when a target has none: target ∓ t·|target|."),
    Setting("KONTROLLRUM_GREEN_THRESHOLD", "0.75",
            "Goal light is green when the mean indicator score is at least this."),
    Setting("KONTROLLRUM_YELLOW_THRESHOLD", "0.40",
            "Goal light is yellow when the mean indicator score is at least this."),
    Setting("KONTROLLRUM_REDIS_URL", "",
            "Shared view cache for every worker, e.g. redis://127.0.0.1:6379/0; empty: a cache "
            "per process."),
    Setting("KONTROLLRUM_BASE_URL", "",
            "The app's public address, e.g. https://kontrollrum.example.se: links in Excel "
            "downloads become absolute."),
    Setting("KONTROLLRUM_MIN_YEAR", "2000",
            "Import: the first plausible year; earlier years and dates are refused as typos."),
    Setting("KONTROLLRUM_MAX_YEAR", "2100",
            "Import: the last plausible year; later years and dates are refused as typos."),
    Setting("KONTROLLRUM_OIDC_ISSUER", "",
            "Sign-in: the OpenID Connect provider's issuer URL, e.g. "
            "https://login.microsoftonline.com/<tenant>/v2.0; empty: nobody signs in."),
    Setting("KONTROLLRUM_OIDC_CLIENT_ID", "", "Sign-in: the app's client id at the provider."),
    Setting("KONTROLLRUM_OIDC_CLIENT_SECRET", "",
            "Sign-in: the app's client secret at the provider."),
    Setting("KONTROLLRUM_OIDC_SCOPE", "",
            "Sign-in: scopes asked for besides 'openid profile email'."),
    Setting("KONTROLLRUM_OIDC_LOGOUT", "0",
            "1: signing out also signs out at the provider (its end_session_endpoint)."),
    Setting("KONTROLLRUM_ROLES", "",
            "Sign-in: the role file (TOML) mapping the provider's groups or app roles to "
            "roles; empty: every signed-in user is a reader."),
    Setting("KONTROLLRUM_SECRET_KEY", "",
            "The key that signs the session cookie (at least 32 characters); required with "
            "sign-in or demo sign-in."),
    Setting("KONTROLLRUM_DEMO_LOGIN", "0",
            "1: offer the fictitious demo users' sign-in, when the database holds demo data."),
    Setting("KONTROLLRUM_HTTPS", "0",
            "1: the app is reached over HTTPS: Secure session cookie and HSTS."),
    Setting("KONTROLLRUM_SMTP_URL", "",
            "E-mail notices (kontrollrum paminn): smtp://[user:password@]host[:port] "
            "(?starttls=1 for STARTTLS) or smtps://… (TLS from the start); empty: no e-mail."),
    Setting("KONTROLLRUM_MAIL_FROM", "",
            "E-mail notices: the sender address, e.g. kontrollrum@stad.example.se."),
    Setting("KONTROLLRUM_REMIND_DAYS", "3",
            "E-mail notices: remind a board that has not published this many days before "
            "its deadline."),
)


class SettingError(ValueError):
    pass


def _number(env: Mapping[str, str], name: str) -> float:
    default = next(s.default for s in SETTINGS if s.env == name)
    raw = env.get(name, default).strip().replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise SettingError(f"{name} must be a number, got {raw!r}") from None


def rule_params(env: Mapping[str, str]) -> RuleParams:
    """The rule parameters configured in `env` (e.g. os.environ)."""
    try:
        return RuleParams(
            tolerance=_number(env, "KONTROLLRUM_TOLERANCE"),
            green_threshold=_number(env, "KONTROLLRUM_GREEN_THRESHOLD"),
            yellow_threshold=_number(env, "KONTROLLRUM_YELLOW_THRESHOLD"),
        )
    except ValueError as exc:
        raise SettingError(str(exc)) from None


def _year(env: Mapping[str, str], name: str) -> int:
    default = next(s.default for s in SETTINGS if s.env == name)
    raw = env.get(name, default).strip()
    if not raw.isdigit() or len(raw) > 4:
        raise SettingError(f"{name} ska vara ett årtal som 2000, inte {raw!r}")
    return int(raw)


def import_limits(env: Mapping[str, str]) -> Limits:
    """The import's bounds configured in `env`: the plausible years."""
    try:
        return Limits(min_year=_year(env, "KONTROLLRUM_MIN_YEAR"),
                      max_year=_year(env, "KONTROLLRUM_MAX_YEAR"))
    except ValueError as exc:
        raise SettingError(str(exc)) from None


@dataclass(frozen=True)
class MailConfig:
    """Where and how e-mail notices are sent (`KONTROLLRUM_SMTP_URL` and friends)."""

    host: str
    port: int
    tls: str  # "" (plain), "starttls" or "ssl"
    user: str
    password: str
    sender: str
    remind_days: int
    base_url: str

    def __repr__(self) -> str:  # never the password in a log line
        return f"MailConfig({self.host}:{self.port}, tls={self.tls or 'nej'})"


def mail_config(env: Mapping[str, str]) -> MailConfig | None:
    """The e-mail settings in `env`, or None when e-mail is off (no SMTP URL)."""
    from urllib.parse import parse_qs, unquote, urlsplit

    raw = env.get("KONTROLLRUM_SMTP_URL", "").strip()
    if not raw:
        return None
    try:
        url = urlsplit(raw)
        port = url.port
    except ValueError:
        raise SettingError("KONTROLLRUM_SMTP_URL är ingen giltig adress (smtp://värd:port)") \
            from None
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise SettingError("KONTROLLRUM_SMTP_URL ska börja med smtp:// eller smtps:// och "
                           "namnge en server, t.ex. smtp://smtp.stad.example.se:587?starttls=1")
    starttls = parse_qs(url.query).get("starttls", ["0"])[0] in ("1", "true", "ja")
    tls = "ssl" if url.scheme == "smtps" else ("starttls" if starttls else "")
    sender = env.get("KONTROLLRUM_MAIL_FROM", "").strip()
    if "@" not in sender:
        raise SettingError("KONTROLLRUM_MAIL_FROM behövs när e-post är på: avsändarens adress, "
                           "t.ex. kontrollrum@stad.example.se")
    days = env.get("KONTROLLRUM_REMIND_DAYS", "3").strip()
    if not days.isdigit() or int(days) > 365:
        raise SettingError(f"KONTROLLRUM_REMIND_DAYS ska vara ett antal dagar, inte {days!r}")
    base = env.get("KONTROLLRUM_BASE_URL", "").strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise SettingError("KONTROLLRUM_BASE_URL behövs när e-post är på: meddelandenas länkar "
                           "pekar dit, t.ex. https://kontrollrum.stad.example.se")
    return MailConfig(url.hostname, port or (465 if tls == "ssl" else 587 if starttls else 25),
                      tls, unquote(url.username or ""), unquote(url.password or ""), sender,
                      int(days), base)
