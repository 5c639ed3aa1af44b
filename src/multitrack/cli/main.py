"""The `multitrack` command: set up, serve, import, export and classify.

Commands parse their options, call the core or the Django layer, and turn domain errors into a
message and an exit code: 0 success, 1 a failure while running, 2 bad input or usage.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from multitrack import config
from multitrack.cli.admin import backup, compartment_app, keys_app, member_app, organisation_app, restore
from multitrack.cli.audit import audit_app
from multitrack.cli.common import Root, check_key, err, fail, out, read_json, run_init, setup_django
from multitrack.cli.consultations import consultation_app
from multitrack.cli.coordination import coordination_app
from multitrack.cli.inclusion import inclusion_app
from multitrack.cli.landscape import TRACK_ONE_KINDS, import_track_one, landscape_app
from multitrack.cli.maps import map_app
from multitrack.cli.network import network_app
from multitrack.cli.report import report_app
from multitrack.cli.screening import screen_app
from multitrack.cli.toc import toc_app
from multitrack.cli.tracing import trace_command
from multitrack.cli.ucdp import UCDP_KINDS, import_ucdp, ucdp_app
from multitrack.cli.watchlists import watchlist_app

app = typer.Typer(
    help="Multitrack: a workbench for Track Two initiatives, their actors and their classification.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=Root,
)


@app.command()
def init() -> None:
    """Create the data folder, the keys and the database schema. Safe to run again; asks nothing."""
    run_init()


@app.command()
def createuser(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[
        str | None, typer.Option(help="Password; read from the MULTITRACK_PASSWORD variable when omitted.")
    ] = None,
    compartment: Annotated[
        str | None, typer.Option(help="Also give the user a role in this compartment (created if missing).")
    ] = None,
    role: Annotated[
        str, typer.Option(help="The role with --compartment: owner, editor, analyst, funder.")
    ] = "owner",
) -> None:
    """Create a user who can log in to the web app (or reset an existing user's password)."""
    password = password or os.environ.get("MULTITRACK_PASSWORD", "")
    if not password:
        raise fail("give a password with --password or the MULTITRACK_PASSWORD variable", 2)
    setup_django()
    from multitrack.web.accounts import services as accounts

    try:
        accounts.checked_role(role)
        user, created = accounts.set_password(username, password)
    except accounts.AccountError as exc:
        raise fail(str(exc), 2) from None
    out.print(f"{'Created' if created else 'Updated'} user {username}.", markup=False)
    if compartment:
        target, _new = accounts.add_compartment(compartment)
        accounts.set_role(user, target, role)
        out.print(f"{username} is {role} in {compartment}.", markup=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.")] = 8,
    connections: Annotated[
        int,
        typer.Option(help="Open connections accepted at once (phones keep theirs open between requests)."),
    ] = 1000,
) -> None:
    """Serve the web app with the waitress WSGI server (not Django's development server).

    Waitress accepts 100 connections by default; a consultation with hundreds of participants' phones,
    each keeping its connection open, would leave everyone past the hundredth waiting, so the limit is
    raised (the process's open-file limit must be above it)."""
    setup_django()
    check_key()
    from waitress import serve as waitress_serve

    from multitrack.web import warm
    from multitrack.web.wsgi import application

    warm.in_background(lambda line: out.print(line, markup=False))  # what first requests would pay for
    out.print(f"Multitrack on http://{host}:{port}/  (Ctrl-C stops it)", markup=False)
    waitress_serve(
        application, host=host, port=port, threads=threads, connection_limit=connections, ident="multitrack"
    )


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Load the demo data but do not serve.")
    ] = False,
) -> None:
    """Set up, load the fictional demo data (once) and serve the web app."""
    run_init(quiet=True)
    from multitrack import demo as demo_data

    for line in demo_data.load_all(config.data_dir()):
        out.print(line, markup=False)
    out.print(
        f"Log in at http://{host}:{port}/ as user '{demo_data.DEMO_USER}' (owner) or "
        f"'{demo_data.DEMO_FUNDER}' (funder: aggregates only), password '{demo_data.DEMO_PASSWORD}'.",
        markup=False,
    )
    token = demo_data.card_token()
    if token is not None:
        url = f"http://{host}:{port}/c/{token}/"
        out.print(f"Vote as a consultation participant (no login): {url}", markup=False)
    if not no_serve:
        serve(host=host, port=port, threads=8, connections=1000)


@app.command()
def classify(
    file: Annotated[Path, typer.Argument(help="JSON file: one initiative description or a list of them.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Classify initiatives described in a JSON file, without touching the database."""
    from multitrack.core.classify import classify as classify_one
    from multitrack.core.components import ComponentsError, parse_many

    data = read_json(file)
    try:
        items, was_list = parse_many(data)
    except ComponentsError as exc:
        raise fail(f"{file}: {exc}", 2) from None
    results = [classify_one(c) for c in items]
    if as_json:
        payload = [r.to_dict() for r in results]
        sys.stdout.write(json.dumps(payload if was_list else payload[0], indent=2, ensure_ascii=False) + "\n")
        return
    for components, result in zip(items, results, strict=True):
        out.rule(components.title)
        out.print(
            f"Track: {result.track or 'not classifiable'}   linked: {', '.join(result.linked_tracks) or '—'}"
            f"   phase: {result.phase}   mode: {result.mode}",
            markup=False,
        )
        for line in result.explanation:
            out.print(f"  • {line}", markup=False)
        for warning in result.warnings:
            out.print(f"  ! {warning.code}: {warning.text}", markup=False, style="yellow")


def _kind_checked(kind: str, *, importing: bool = False) -> str:
    from multitrack.sources import csv_templates

    if kind not in csv_templates.KINDS:
        known = ", ".join((*csv_templates.KINDS, *((*UCDP_KINDS, *TRACK_ONE_KINDS) if importing else ())))
        raise fail(f"unknown kind {kind!r}; expected one of: {known}", 2)
    return kind


@app.command("import")
def import_csv(
    kind: Annotated[
        str,
        typer.Argument(
            help="actors, initiatives, indicator-values, ucdp-acd, ucdp-dyadic, pax, mend or padd"
        ),
    ],
    file: Annotated[Path, typer.Argument(help="CSV file in the documented template (docs/import.md).")],
    compartment: Annotated[
        str | None, typer.Option(help="Compartment (by name) that new rows are kept in.")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(help="pax, mend, padd: the dataset version to record (default: from the file)."),
    ] = None,
) -> None:
    """Import a CSV file. All rows are checked first; one bad row means nothing from the file is written."""
    if kind in TRACK_ONE_KINDS:
        import_track_one(kind, file, version)
        return
    if version is not None:
        raise fail("--version is for the Track One datasets (pax, mend, padd)", 2)
    if kind in UCDP_KINDS:
        import_ucdp(kind, file)
        return
    if kind == "indicator-values":
        _import_indicator_values(file)
        return
    _kind_checked(kind, importing=True)
    setup_django()
    from multitrack.sources.csv_file import ImportFailed
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.registry.services import csv_io

    target = None
    if compartment is not None:
        target = Compartment.objects.filter(name=compartment).first()
        if target is None:
            raise fail(
                f"no compartment named {compartment!r}; create it with `multitrack compartment add`", 2
            )
    try:
        report = csv_io.import_file(kind, file, target)
    except ImportFailed as exc:
        err.print(f"Error: {file}: nothing was imported.", markup=False)
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"{file}: {report}", markup=False)
    if report.screening:
        out.print(f"Screening: {report.screening}", markup=False)


def _import_indicator_values(file: Path) -> None:
    setup_django()
    from multitrack.sources.csv_file import ImportFailed
    from multitrack.web.evaluation.services.indicators import import_values

    try:
        report = import_values(file)
    except ImportFailed as exc:
        err.print(f"Error: {file}: nothing was imported.", markup=False)
        for problem in exc.problems:
            err.print(f"  {problem}", markup=False)
        raise typer.Exit(2) from None
    out.print(f"{file}: {report}", markup=False)


@app.command("export")
def export_csv(
    kind: Annotated[str, typer.Argument(help="actors or initiatives")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; standard output if omitted.")
    ] = None,
) -> None:
    """Export actors or initiatives in the same CSV template that `import` reads."""
    _kind_checked(kind)
    setup_django()
    from multitrack.web.registry.services import csv_io

    if output is None:
        count = csv_io.export(kind, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = csv_io.export(kind, fh)
        out.print(f"Wrote {count} {kind} to {output}", markup=False)


@app.command()
def settings() -> None:
    """List every setting with its current value (secrets hidden) and its help."""
    from urllib.parse import urlsplit

    table = Table("Setting", "Value", "Help")
    for s in config.SETTINGS:
        value = os.environ.get(s.name, "")
        if value and "SECRET" in s.name:
            value = "(set)"
        elif value and s.name == "DATABASE_URL" and urlsplit(value).password:
            value = value.replace(urlsplit(value).password or "", "***", 1)
        table.add_row(s.name, value or f"{s.default or '—'} (default)", s.help)
    out.print(table)


app.add_typer(audit_app, name="audit")
app.add_typer(network_app, name="network")
app.add_typer(ucdp_app, name="ucdp")
app.add_typer(map_app, name="map")
app.add_typer(toc_app, name="toc")
app.command("trace")(trace_command)
app.add_typer(report_app, name="report")
app.add_typer(inclusion_app, name="inclusion")
app.add_typer(consultation_app, name="consultation")
app.add_typer(landscape_app, name="landscape")
app.add_typer(coordination_app, name="coordination")
app.add_typer(watchlist_app, name="watchlist")
app.add_typer(screen_app, name="screen")
app.add_typer(keys_app, name="keys")
app.add_typer(compartment_app, name="compartment")
app.add_typer(organisation_app, name="organisation")
app.add_typer(member_app, name="member")
app.command("backup")(backup)
app.command("restore")(restore)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `multitrack manage check --deploy`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["multitrack manage", *ctx.args])
