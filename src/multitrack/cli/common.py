"""What every `multitrack` command shares: consoles, errors as exit codes, Django set-up."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from multitrack import config
from multitrack.core.crypto import KeyProblem

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `Error: message` on stderr and return the Exit to raise (1 failure, 2 bad input)."""
    err.print(f"Error: {message}", markup=False)
    return typer.Exit(code)


class Root(TyperGroup):
    """The `multitrack` command itself: a setting with a bad value, met by any command wherever it is
    read, ends in one line naming the setting (exit code 2), never in a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except config.ConfigError as exc:
            raise fail(str(exc), 2) from None


def read_text(path: Path) -> str:
    """The text of a file named on the command line, or exit 2 with one line saying why it cannot be
    read — the same words for every command."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"{path}: no such file", 2) from None
    except UnicodeDecodeError:
        raise fail(f"{path}: not UTF-8 text", 2) from None
    except OSError as exc:
        raise fail(f"{path}: cannot be read ({exc.strerror or exc})", 2) from None


def read_json(path: Path) -> Any:
    """The JSON value of a file named on the command line, or exit 2 naming the line and column."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", 2) from None


def setup_django(check: bool = True) -> None:
    """Configure Django once, turning configuration errors into a clear message.

    With `check` (every command but `keys check`, which reports a wrong key itself), also stop unless
    the encryption key opens this database, before the command reads or writes anything: a wrong key
    would otherwise fail half-way with a traceback or, worse, write values and audit entries under a
    second key. A new database (no key recorded yet) passes, unless the key at hand is malformed.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
    import django

    try:
        django.setup()
    except config.ConfigError as exc:
        raise fail(str(exc), 2) from None
    if check:
        check_key(key_required=False)


def check_key(key_required: bool = True) -> None:
    """Stop with a clear message unless the encryption key opens this database.

    Without `key_required`, a missing key is let through while the database records none (a new one).
    """
    from multitrack.web.accounts import keys

    try:
        keys.verify_key()
    except keys.KeyMismatch as exc:
        raise fail(str(exc), 2) from None
    except (config.ConfigError, KeyProblem) as exc:
        if key_required:
            raise fail(str(exc), 2) from None


def run_init(quiet: bool = False) -> None:
    """Data folder, key file, migrations, key check: idempotent, asks nothing.

    The key is checked before anything is written (by `setup_django`): for a database that already
    records its key, a missing key file is an error, never replaced by a new key that could not open
    the database anyway; a malformed key is refused even for a new database.
    """
    from django.core.management import call_command

    setup_django()
    try:
        config.ensure_key_file()
        call_command("migrate", interactive=False, verbosity=0)
        from multitrack.web.accounts import keys

        keys.ensure_key_check()
    except (config.ConfigError, KeyProblem) as exc:
        raise fail(str(exc), 2) from None
    check_key()
    if not quiet:
        from django.db import connection

        out.print(f"Data folder: {config.data_dir()}", markup=False)
        out.print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})", markup=False)
        out.print("Ready: migrations applied, keys in place.")
