"""What every `multitrack` command shares: consoles, errors as exit codes, Django set-up."""

from __future__ import annotations

import os

import typer
from rich.console import Console

from multitrack import config

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print `Error: message` on stderr and return the Exit to raise (1 failure, 2 bad input)."""
    err.print(f"Error: {message}", markup=False)
    return typer.Exit(code)


def setup_django() -> None:
    """Configure Django once, turning configuration errors into a clear message."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "multitrack.web.settings")
    import django

    try:
        django.setup()
    except config.ConfigError as exc:
        raise fail(str(exc), 2) from None


def check_key() -> None:
    """Stop with a clear message unless the encryption key opens this database."""
    from multitrack.web.accounts import keys

    try:
        keys.verify_key()
    except config.ConfigError as exc:
        raise fail(str(exc), 2) from None


def run_init(quiet: bool = False) -> None:
    """Data folder, key file, migrations, key check: idempotent, asks nothing."""
    from django.core.management import call_command

    setup_django()
    try:
        config.ensure_key_file()
        call_command("migrate", interactive=False, verbosity=0)
        from multitrack.web.accounts import keys

        keys.ensure_key_check()
    except config.ConfigError as exc:
        raise fail(str(exc), 2) from None
    check_key()
    if not quiet:
        from django.db import connection

        out.print(f"Data folder: {config.data_dir()}", markup=False)
        out.print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})", markup=False)
        out.print("Ready: migrations applied, keys in place.")
