"""The sign-in settings: OpenID Connect, the session key, the role file, demo sign-in, HTTPS.

Read from the environment on each request, as the database URL is (`queries.db`), and
cached by their values, so a process always acts on the environment it has. `check()` reads
them once when the app is built: a bad setting stops the start with one Swedish line.

Without `KONTROLLRUM_OIDC_ISSUER` and without demo sign-in, nobody can sign in and everyone
is `publik` (published data only).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from ils.access import RoleFileError, parse_role_file
from ils.config import SettingError

BASE_SCOPE = ("openid", "profile", "email")
MIN_SECRET = 32  # characters of KONTROLLRUM_SECRET_KEY
NAMES = ("KONTROLLRUM_OIDC_ISSUER", "KONTROLLRUM_OIDC_CLIENT_ID", "KONTROLLRUM_OIDC_CLIENT_SECRET",
         "KONTROLLRUM_OIDC_SCOPE", "KONTROLLRUM_SECRET_KEY", "KONTROLLRUM_ROLES",
         "KONTROLLRUM_DEMO_LOGIN", "KONTROLLRUM_HTTPS", "KONTROLLRUM_BASE_URL",
         "KONTROLLRUM_OIDC_LOGOUT")
SCOPE_WORD = re.compile(r"[A-Za-z0-9_.:/\-]{1,200}")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
NEW_KEY = 'python3 -c "import secrets; print(secrets.token_urlsafe(32))"'


@dataclass(frozen=True)
class AuthConfig:
    issuer: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scope: str = " ".join(BASE_SCOPE)
    secret_key: str = field(default="", repr=False)
    roles_path: str = ""
    demo_login: bool = False
    https: bool = False
    base_url: str = ""
    provider_logout: bool = False  # sign out at the provider too (RP-initiated logout)

    @property
    def oidc(self) -> bool:
        return bool(self.issuer)

    @property
    def sign_in(self) -> bool:
        """Can anyone sign in at all (through the provider, or as a demo user)?"""
        return self.oidc or self.demo_login

    @property
    def metadata_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def issuer_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def issuer_host(self) -> str:
        return urlsplit(self.issuer).hostname or self.issuer


OFF = AuthConfig()


def auth_config(env: Mapping[str, str] | None = None) -> AuthConfig:
    """The sign-in settings of `env` (default: the process environment); SettingError when
    one is wrong. Cheap: parsed once per distinct set of values."""
    env = os.environ if env is None else env
    return _parse(tuple(env.get(name, "") for name in NAMES))


def check(env: Mapping[str, str] | None = None) -> AuthConfig:
    """Everything the app needs to start: the settings, and the role file when one is set."""
    config = auth_config(env)
    if config.oidc and config.roles_path:
        role_mapping(config)
    return config


def _flag(name: str, raw: str) -> bool:
    value = raw.strip()
    if value in ("", "0"):
        return False
    if value == "1":
        return True
    raise SettingError(f"{name} ska vara 1 (på) eller 0 (av), inte {value!r}")


def trusted_scheme(parts: SplitResult) -> bool:
    """An https address, or http on this machine (a local provider in development)."""
    return bool(parts.hostname) and (parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOCAL_HOSTS))


def _url(name: str, raw: str, example: str) -> str:
    value = raw.strip().rstrip("/")
    parts = urlsplit(value)
    if not trusted_scheme(parts) or parts.query or parts.fragment:
        raise SettingError(f"{name} ska vara en https-adress som {example}, inte {value!r}")
    return value


@functools.lru_cache(maxsize=16)
def _parse(values: tuple[str, ...]) -> AuthConfig:
    raw = dict(zip(NAMES, values, strict=False))
    demo = _flag("KONTROLLRUM_DEMO_LOGIN", raw["KONTROLLRUM_DEMO_LOGIN"])
    https = _flag("KONTROLLRUM_HTTPS", raw["KONTROLLRUM_HTTPS"])
    issuer = raw["KONTROLLRUM_OIDC_ISSUER"].strip()
    config = {"demo_login": demo, "https": https}
    if issuer:
        config["issuer"] = _url("KONTROLLRUM_OIDC_ISSUER", issuer,
                                "https://login.microsoftonline.com/<tenant>/v2.0")
        for key, name in (("client_id", "KONTROLLRUM_OIDC_CLIENT_ID"),
                          ("client_secret", "KONTROLLRUM_OIDC_CLIENT_SECRET")):
            value = raw[name].strip()
            if not value:
                raise SettingError(f"{name} saknas: inloggning via {issuer} behöver den "
                                   "(från appregistreringen hos inloggningstjänsten)")
            config[key] = value
        extra = raw["KONTROLLRUM_OIDC_SCOPE"].split()
        bad = [w for w in extra if not SCOPE_WORD.fullmatch(w)]
        if bad:
            raise SettingError(f"KONTROLLRUM_OIDC_SCOPE: ogiltigt scope {bad[0][:40]!r}")
        config["scope"] = " ".join(dict.fromkeys([*BASE_SCOPE, *extra]))
        config["roles_path"] = raw["KONTROLLRUM_ROLES"].strip()
        config["provider_logout"] = _flag("KONTROLLRUM_OIDC_LOGOUT",
                                          raw["KONTROLLRUM_OIDC_LOGOUT"])
    if issuer or demo:
        key = raw["KONTROLLRUM_SECRET_KEY"].strip()
        if len(key) < MIN_SECRET:
            what = "saknas" if not key else f"är för kort (minst {MIN_SECRET} tecken)"
            raise SettingError(f"KONTROLLRUM_SECRET_KEY {what}: inloggningen behöver en hemlig "
                               f"nyckel. Skapa en med {NEW_KEY}")
        config["secret_key"] = key
    if raw["KONTROLLRUM_BASE_URL"].strip():  # the app's own origin (the cross-site check)
        try:
            config["base_url"] = _url("KONTROLLRUM_BASE_URL", raw["KONTROLLRUM_BASE_URL"],
                                      "https://kontrollrum.stad.se")
        except SettingError:
            if issuer or demo:  # sign-in builds its return address from it: must be right
                raise
    return AuthConfig(**config)


def role_mapping(config: AuthConfig) -> dict[str, list[tuple[str, str | None]]]:
    """The role file's groups → roles ({} without a role file: every signed-in user reads).
    SettingError (Swedish, naming the file) when it cannot be read or used."""
    if not config.roles_path:
        return {}
    return _read_roles(*_role_file(config.roles_path))


def _role_file(roles_path: str) -> tuple[str, int, int]:
    """(path, mtime, size) of the role file: what its cached readings are keyed on."""
    path = Path(roles_path)
    try:
        stat = path.stat()
    except OSError:
        raise SettingError(f"KONTROLLRUM_ROLES: rollfilen {path} finns inte eller kan inte "
                           "läsas") from None
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=4)
def _read_roles(path: str, _mtime: int, _size: int) -> dict[str, list[tuple[str, str | None]]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "är inte UTF-8" if isinstance(exc, UnicodeDecodeError) else "kan inte läsas"
        raise SettingError(f"KONTROLLRUM_ROLES: rollfilen {path} {reason}") from None
    try:
        return parse_role_file(text)
    except RoleFileError as exc:
        raise SettingError(f"KONTROLLRUM_ROLES ({path}): {exc}") from None


def role_version(config: AuthConfig) -> str:
    """The version of the role file's mapping: "" without a role file, else a hash of what the
    file maps (a change in the file's content that changes no mapping is the same version).
    SettingError when the file cannot be used."""
    if not config.roles_path:
        return ""
    return _version(*_role_file(config.roles_path))


@functools.lru_cache(maxsize=4)
def _version(path: str, mtime: int, size: int) -> str:
    mapping = _read_roles(path, mtime, size)
    text = json.dumps(sorted((g, sorted(map(list, r), key=str)) for g, r in mapping.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:32]
