"""`multitrack report contribution INITIATIVE`: the contribution story of an initiative as one HTML file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from multitrack.cli.common import fail, out, setup_django

report_app = typer.Typer(help="Reports written as files.", no_args_is_help=True)


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: {value!r} is not a date (write it as 2024-03-31)", 2) from None


@report_app.command("contribution")
def contribution_command(
    initiative: Annotated[str, typer.Argument(help="The initiative's code or your reference for it.")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The HTML file to write (default: contribution-CODE.html)."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="Start of the period (default: the initiative's).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="End of the period (default: its end, or today).")
    ] = None,
    funder: Annotated[
        bool, typer.Option("--funder", help="The funder's view: no statement, passage or name of a person.")
    ] = False,
) -> None:
    """Write the contribution story of INITIATIVE (theory of change, indicators, outcomes, transfers, map
    changes, gaps) as a standalone HTML file that opens offline."""
    first, last = _day(start, "--from"), _day(end, "--to")
    setup_django()
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.accounts.roles import Role
    from multitrack.web.evaluation.services.contribution import build, report_html
    from multitrack.web.registry.models import Initiative

    viewer = CompartmentViewer(
        set(Compartment.objects.values_list("pk", flat=True)), Role.FUNDER if funder else Role.ANALYST
    )
    from django.db.models import Q

    found = (
        Initiative.objects.for_user(viewer, "aggregates")
        .filter(Q(code__iexact=initiative) | Q(ref__iexact=initiative))
        .first()
    )
    if found is None:
        raise fail(
            f"no initiative {initiative!r}; `multitrack export initiatives` lists codes and references",
            2,
        )
    story = build(found, viewer, start=first, end=last)
    target = output or Path(f"contribution-{found.code}.html")
    try:
        target.write_text(report_html(story), encoding="utf-8")
    except OSError as exc:
        raise fail(f"{target}: cannot be written ({exc.strerror})", 2) from None
    out.print(
        f"Wrote {target}: {found.code}, {story.start:%Y-%m-%d} to {story.end:%Y-%m-%d}, "
        f"{len(story.outcomes)} outcome(s), {len(story.indicators)} indicator(s), "
        f"{len(story.transfers)} confirmed transfer(s), {len(story.gaps)} gap(s)"
        + (" — funder's view" if funder else ""),
        markup=False,
    )
