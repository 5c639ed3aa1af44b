"""`multitrack keys|compartment|member|backup|restore`: administering a Multitrack installation."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from multitrack import config
from multitrack.cli.common import err, fail, out, run_init, setup_django
from multitrack.core.crypto import KeyProblem

keys_app = typer.Typer(help="The encryption key.", no_args_is_help=True)
compartment_app = typer.Typer(help="Compartments: who may know of what.", no_args_is_help=True)
organisation_app = typer.Typer(
    help="Organisations using this installation: each has its compartments.", no_args_is_help=True
)
member_app = typer.Typer(help="Users' roles in compartments.", no_args_is_help=True)

PASSPHRASE_HELP = "Passphrase for the archive; read from MULTITRACK_BACKUP_PASSPHRASE when omitted."


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Replace the encryption key and re-encrypt every value, in one transaction."""
    setup_django()
    from multitrack.web.accounts import keys

    try:
        old, new, rows = keys.rotate()
    except config.ConfigError as exc:
        raise fail(str(exc), 2) from None
    out.print(
        f"Key {old} replaced by {new}: {rows} rows re-encrypted; the audit log was re-sealed.", markup=False
    )


@keys_app.command("check")
def keys_check() -> None:
    """Check that the key opens this database."""
    setup_django(check=False)  # this command reports a wrong key itself, with exit code 1
    from multitrack.web.accounts import keys
    from multitrack.web.crypto import keyring

    try:
        keys.verify_key()
        key_id = keyring().current.id
    except (config.ConfigError, KeyProblem) as exc:
        raise fail(str(exc), 1) from None
    out.print(f"The key {key_id} opens this database.", markup=False)


@compartment_app.command("add")
def compartment_add(
    name: Annotated[str, typer.Argument(help="Name of the compartment.")],
    description: Annotated[str, typer.Option(help="What it holds, for its members.")] = "",
    organisation: Annotated[
        str | None, typer.Option(help="The organisation it belongs to (default: the only one).")
    ] = None,
) -> None:
    """Create a compartment (idempotent)."""
    setup_django()
    from multitrack.web.accounts import services as accounts

    try:
        _obj, created = accounts.add_compartment(name, description, organisation)
    except accounts.AccountError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"{'Created' if created else 'Already there:'} compartment {name}.", markup=False)


@organisation_app.command("add")
def organisation_add(name: Annotated[str, typer.Argument(help="Name partners will see.")]) -> None:
    """Create an organisation (idempotent)."""
    setup_django()
    from multitrack.web.accounts import services as accounts

    _obj, created = accounts.add_organisation(name)
    out.print(f"{'Created' if created else 'Already there:'} organisation {name.strip()}.", markup=False)


@organisation_app.command("rename")
def organisation_rename(
    old: Annotated[str, typer.Argument(help="Its name now.")],
    new: Annotated[str, typer.Argument(help="The name partners will see.")],
) -> None:
    """Rename an organisation (e.g. the default "This organisation")."""
    setup_django()
    from multitrack.web.accounts import services as accounts

    try:
        found = accounts.rename_organisation(old, new)
    except accounts.AccountError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"Organisation {old} is now {found.name}.", markup=False)


@organisation_app.command("list")
def organisation_list() -> None:
    """List organisations with their compartments."""
    setup_django()
    from multitrack.web.accounts.models import Organisation

    for org in Organisation.objects.prefetch_related("compartments"):
        names = ", ".join(c.name for c in org.compartments.all()) or "no compartments"
        out.print(f"{org.name}: {names}", markup=False)


@compartment_app.command("list")
def compartment_list() -> None:
    """List compartments with their number of members and initiatives."""
    setup_django()
    from django.db.models import Count

    from multitrack.web.accounts.models import Compartment

    rows = Compartment.objects.annotate(
        m=Count("memberships", distinct=True), i=Count("initiatives", distinct=True)
    )
    for c in rows:
        out.print(f"{c.name}: {c.m} members, {c.i} initiatives", markup=False)


@member_app.command("set")
def member_set(
    username: Annotated[str, typer.Argument(help="An existing user.")],
    compartment: Annotated[str, typer.Argument(help="An existing compartment.")],
    role: Annotated[str, typer.Argument(help="owner, editor, analyst or funder")],
) -> None:
    """Give a user a role in a compartment (replacing any role they had there)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from multitrack.web.accounts import services as accounts
    from multitrack.web.accounts.models import Compartment

    try:
        accounts.checked_role(role)
    except accounts.AccountError as exc:
        raise fail(str(exc), 2) from None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise fail(f"no user named {username!r}; create one with `multitrack createuser`", 2)
    target = Compartment.objects.filter(name=compartment).first()
    if target is None:
        raise fail(f"no compartment named {compartment!r}; create it with `multitrack compartment add`", 2)
    accounts.set_role(user, target, role)
    out.print(f"{username} is {role} in {compartment}.", markup=False)


@member_app.command("remove")
def member_remove(
    username: Annotated[str, typer.Argument(help="A user.")],
    compartment: Annotated[str, typer.Argument(help="A compartment.")],
) -> None:
    """Take a user out of a compartment (a compartment keeps at least one owner)."""
    setup_django()
    from multitrack.web.accounts import services as accounts
    from multitrack.web.accounts.models import Membership

    membership = Membership.objects.filter(user__username=username, compartment__name=compartment).first()
    if membership is None:
        raise fail(f"{username} has no role in {compartment}", 2)
    try:
        accounts.remove_member(membership)
    except accounts.AccountError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"{username} removed from {compartment}.", markup=False)


def _passphrase(passphrase: str | None) -> str:
    value = passphrase or os.environ.get("MULTITRACK_BACKUP_PASSPHRASE", "")
    if not value:
        raise fail("give a passphrase with --passphrase or MULTITRACK_BACKUP_PASSPHRASE", 2)
    return value


def backup(
    file: Annotated[Path, typer.Argument(help="Archive to write.")],
    passphrase: Annotated[str | None, typer.Option(help=PASSPHRASE_HELP)] = None,
) -> None:
    """Write an encrypted, consistent archive of the whole installation (the key inside, encrypted)."""
    secret = _passphrase(passphrase)
    setup_django()
    from multitrack.web.accounts import backup as backups
    from multitrack.web.audit.log import record

    try:
        rows = backups.backup(file, secret)
    except backups.BackupError as exc:
        raise fail(str(exc), 2) from None
    record("backup", summary=f"backup of {rows} rows written")
    out.print(f"Wrote {rows} rows to {file} (encrypted).", markup=False)


def restore(
    file: Annotated[Path, typer.Argument(help="Archive written by `multitrack backup`.")],
    passphrase: Annotated[str | None, typer.Option(help=PASSPHRASE_HELP)] = None,
) -> None:
    """Restore an archive into an empty data folder (or empty database)."""
    secret = _passphrase(passphrase)
    from multitrack.web.accounts import backup as backups

    try:
        contents = backups.open_archive(file, secret)
        backups.restore_key(contents)
    except backups.BackupError as exc:
        raise fail(str(exc), 2) from None
    run_init(quiet=True)
    from multitrack.web.audit.log import record

    try:
        rows = backups.restore_rows(contents)
    except backups.BackupError as exc:
        raise fail(str(exc), 2) from None
    record("restore", summary=f"{rows} rows restored from a backup")
    out.print(f"Restored {rows} rows from {file}.", markup=False)


__all__ = ["backup", "compartment_app", "err", "keys_app", "member_app", "restore"]
