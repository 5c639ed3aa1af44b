"""Every Multitrack setting, declared once with its default and help.

Settings come from environment variables. `load()` reads them, fills defaults and creates what must
exist (the data directory, the secret key file), failing fast with a message that names the setting.
This module imports nothing from Django so that the CLI can report configuration before Django starts.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "MULTITRACK_DATA_DIR",
        "~/.local/share/multitrack",
        "Folder for the SQLite database (multitrack.sqlite3), the secret key file and the encryption "
        "key file. Created with mode 0700 when missing.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "PostgreSQL connection URL (postgres://user:password@host:port/name). When empty, the embedded "
        "SQLite file in the data folder is used.",
    ),
    Setting(
        "MULTITRACK_SECRET_KEY",
        "",
        "Django's secret key (signs sessions and CSRF tokens). When empty, a random key is generated "
        "once and kept in <data dir>/secret_key (mode 0600).",
    ),
    Setting(
        "MULTITRACK_KEY",
        "",
        "The encryption key (32 bytes, URL-safe base64), when it is not kept in <data dir>/multitrack.key. "
        "Identifying fields are encrypted with it; without the right key Multitrack refuses to start.",
    ),
    Setting(
        "MULTITRACK_DEBUG",
        "0",
        "1 turns on Django's debug pages. Never on a server that others can reach.",
    ),
    Setting(
        "MULTITRACK_ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Comma-separated host names the web app answers to.",
    ),
    Setting(
        "MULTITRACK_HTTPS",
        "0",
        "1 when the app is served over HTTPS (behind a TLS proxy): secure cookies, HSTS and redirects to "
        "HTTPS. Required for any deployment others reach; `manage.py check --deploy` is clean with it.",
    ),
    Setting(
        "MULTITRACK_SESSION_HOURS",
        "8",
        "A session ends after this many hours without a request, and when the browser closes.",
    ),
    Setting(
        "MULTITRACK_MIN_CELL",
        "5",
        "Aggregates shown to funders or exported hide counts below this (with complementary suppression).",
    ),
    Setting(
        "MULTITRACK_PAGE_SIZE",
        "25",
        "Rows per page on list pages and in API lists.",
    ),
    Setting(
        "MULTITRACK_SEMANTIC",
        "1",
        "0 ranks transfer tracing with BM25 alone even when the extra multitrack[semantic] is installed "
        "(see docs/transfer-tracing.md).",
    ),
    Setting(
        "MULTITRACK_PUBLIC_URL",
        "",
        "The address participants' phones reach the app at, printed on consultation invitation cards "
        "(e.g. https://consult.example.org); empty: the address the facilitator's browser used.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class ConfigError(RuntimeError):
    """A setting has a value Multitrack cannot use."""


def raw(name: str) -> str:
    """The value of setting `name` from the environment, or its declared default."""
    setting = _BY_NAME[name]
    return os.environ.get(name, "").strip() or setting.default


def data_dir() -> Path:
    """The data folder, created (mode 0700) when missing."""
    path = Path(raw("MULTITRACK_DATA_DIR")).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ConfigError(f"MULTITRACK_DATA_DIR: cannot create {path}: {exc.strerror}") from exc
    return path


def _read_or_create_secret(path: Path, nbytes: int) -> str:
    """Read a secret from `path`, or create it (mode 0600) with `nbytes` random bytes, URL-safe encoded."""
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if value:
            return value
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value


def secret_key() -> str:
    """MULTITRACK_SECRET_KEY, or the key kept in the data folder (created on first use)."""
    return raw("MULTITRACK_SECRET_KEY") or _read_or_create_secret(data_dir() / "secret_key", 50)


def key_file() -> Path:
    return data_dir() / "multitrack.key"


def ensure_key_file() -> Path | None:
    """Create the encryption key file (mode 0600) in the data folder, unless MULTITRACK_KEY is set."""
    if raw("MULTITRACK_KEY"):
        return None
    path = key_file()
    if not path.exists() or not path.read_text(encoding="ascii").strip():
        from multitrack.core.crypto import generate_key

        write_private(path, generate_key() + "\n")
    return path


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` with mode 0600, atomically (a crash leaves the old file or the new one)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def key_lines() -> list[str]:
    """The encryption key(s): MULTITRACK_KEY, else the key file's lines (current key first)."""
    if value := raw("MULTITRACK_KEY"):
        return [value]
    path = key_file()
    if not path.exists():
        raise ConfigError(
            f"no encryption key: {path} does not exist and MULTITRACK_KEY is not set; run `multitrack init`"
        )
    return path.read_text(encoding="ascii").splitlines()


def flag(name: str) -> bool:
    value = raw(name).lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{name}: expected 1 or 0, got {value!r}")


def integer(name: str, minimum: int = 1) -> int:
    value = raw(name)
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {value!r}") from None
    if number < minimum:
        raise ConfigError(f"{name}: must be at least {minimum}, got {number}")
    return number


def database_url() -> str:
    """DATABASE_URL, or a sqlite URL for the file in the data folder."""
    url = raw("DATABASE_URL")
    if url:
        if not url.startswith(("postgres://", "postgresql://", "sqlite://")):
            raise ConfigError("DATABASE_URL: expected a postgres:// (or sqlite://) URL")
        return url
    return f"sqlite:///{data_dir() / 'multitrack.sqlite3'}"
