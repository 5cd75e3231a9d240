"""Every database, file and setting error of a command as one Swedish line (no traceback)."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem the user can fix (bad argument, bad setting): printed without a traceback."""


def shown_url(url: str) -> str:
    """The database URL as messages show it: without a password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for in-memory or another database)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _operational(url: str, exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    db = sqlite_file(url) if url.startswith("sqlite") else None
    if url.startswith("sqlite"):
        where = f" {db}" if db else ""
        return f"databasfilen{where} kan inte öppnas (finns mappen, och får den skrivas?)"
    if "does not exist" in text and "database" in text:
        return f"databasen finns inte på servern: {shown_url(url)}"
    if "password authentication failed" in text or "authentication" in text:
        return f"inloggningen till databasen misslyckades: {shown_url(url)}"
    if any(s in text for s in ("Connection refused", "could not connect", "timeout",
                               "No such file", "Name or service not known",
                               "could not translate host name")):
        return f"databasservern svarar inte: {shown_url(url)}"
    return f"databasen kan inte nås ({shown_url(url)}): {first}"


SUPPORTED = ("sqlite", "postgresql")
KINDS = "SQLite (sqlite:///FIL) och PostgreSQL (postgresql+psycopg://ANVÄNDARE@VÄRD/DB)"


def check_database_url(url: str) -> None:
    """A database Kontrollrum cannot use is a usage error (Swedish, naming the supported
    ones), before anything connects or a file is made."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise UserError(f"ogiltig databas-URL {shown_url(url)!r}: Kontrollrum kör på {KINDS}") \
            from None
    if backend not in SUPPORTED:
        raise UserError(f"databastypen {backend!r} stöds inte i {shown_url(url)}: Kontrollrum "
                        f"kör på {KINDS}")


def describe(exc: BaseException, url: str) -> str | None:
    """The Swedish line for a known kind of failure, None for anything else."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

    from ils.config import SettingError
    from ils.interchange.read import os_message
    from queries.write.locks import LockError

    if isinstance(exc, UserError | SettingError | LockError):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError):  # a driver that is not installed
        return (f"drivrutinen {exc.name or ''} saknas för {shown_url(url)}: Kontrollrum kör på "
                f"{KINDS}")
    if isinstance(exc, NoSuchModuleError):
        return (f"okänd databastyp eller drivrutin i {shown_url(url)} (använd sqlite:///FIL "
                "eller postgresql+psycopg://ANVÄNDARE@VÄRD/DB)")
    if isinstance(exc, ArgumentError):
        return (f"ogiltig databas-URL {url!r} (använd sqlite:///FIL eller "
                "postgresql+psycopg://ANVÄNDARE@VÄRD/DB)")
    if isinstance(exc, OperationalError):
        return _operational(url, exc)
    if isinstance(exc, DBAPIError):
        first = str(exc.orig or exc).strip().splitlines()[0]
        return f"databasen avvisade åtgärden: {first}"
    if isinstance(exc, OSError):
        name = exc.filename or ""
        return f"{name}: {os_message(exc)}" if name else os_message(exc)
    return None


def database_url() -> str:
    from queries.db import database_url as url

    return url()


def require_existing_database() -> None:
    """A read-only command never creates a SQLite file: the file must exist already."""
    db = sqlite_file(database_url())
    if db is not None and not db.exists():
        raise UserError(f"databasen finns inte: {db} (ange --db URL eller KONTROLLRUM_DB, "
                        "eller skapa den med 'kontrollrum import' eller 'kontrollrum demo')")


def require_folder_for(path: Path) -> None:
    """Writing `path` needs its folder to exist."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"mappen {folder} finns inte (för {path})")
    if path.is_dir():
        raise UserError(f"{path} är en mapp; ange en fil")
