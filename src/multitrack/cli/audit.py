"""`multitrack audit verify|export`: check the chain, or write the whole log out.

Mounted by multitrack.cli.main as `app.add_typer(audit_app, name="audit")`. Django is set up inside each
command, so importing this module costs nothing.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

audit_app = typer.Typer(help="Check or export the audit log.", no_args_is_help=True)


class Format(StrEnum):
    csv = "csv"
    jsonl = "jsonl"


@audit_app.command()
def verify() -> None:
    """Check every entry of the audit log: numbering, links and seals. Exit code 1 if it is broken."""
    from multitrack.cli.common import err, out, setup_django

    setup_django()
    from multitrack.web.audit.log import verify as verify_chain

    result = verify_chain()
    if not result.ok:
        err.print(f"Audit log broken at entry {result.first_bad}: {result.reason}", markup=False)
        raise typer.Exit(1)
    out.print(f"Audit log intact: {result.count} entries.", markup=False)


@audit_app.command()
def export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; standard output if omitted.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", help="csv or jsonl (one JSON object a line).")
    ] = Format.csv,
) -> None:
    """Write every entry of the audit log, with its hashes, in chain order. The export is itself audited."""
    from multitrack.cli.common import out, setup_django

    setup_django()
    from multitrack.web.audit.export import write_csv, write_jsonl
    from multitrack.web.audit.log import record
    from multitrack.web.audit.models import AuditEvent

    events = AuditEvent.objects.order_by("seq")
    write = write_csv if fmt is Format.csv else write_jsonl
    if output is None:
        count = write(events, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            count = write(events, fh)
        out.print(f"Wrote {count} audit entries to {output}", markup=False)
    record(
        "export",
        summary=f"audit log exported ({count} entries, {fmt.value})",
        object_type="audit.auditevent",
    )
