"""`multitrack coordination overlaps CONTEXT`: overlaps and gaps between organisations' initiatives."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from multitrack.cli_common import fail, out, setup_django

coordination_app = typer.Typer(
    help="Coordination across organisations (docs/coordination.md).", no_args_is_help=True
)


@coordination_app.command("overlaps")
def overlaps_command(
    context: Annotated[str, typer.Argument(help="The context, by name.")],
    organisation: Annotated[
        str | None,
        typer.Option(help="Whose view: its initiatives and its partners' cards (default: the only one)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Initiatives of different organisations that overlap in period and aim, the tracks nobody works on,
    and the third parties that recur — from the organisation's initiatives and the cards its partners
    shared in spaces it has joined."""
    setup_django()
    from multitrack.core import vocab
    from multitrack.web.accounts.models import Organisation
    from multitrack.web.coordination.overlaps import for_organisation
    from multitrack.web.registry.models import Context

    found = Context.objects.filter(name=context).first()
    if found is None:
        raise fail(f"no context {context!r}", 2)
    orgs = Organisation.objects.filter(name=organisation) if organisation else Organisation.objects.all()
    if organisation is None and orgs.count() > 1:
        raise fail("this installation has several organisations: say whose view with --organisation", 2)
    org = orgs.first()
    if org is None:
        raise fail(f"no organisation {organisation!r}; see `multitrack organisation list`", 2)
    picture = for_organisation(found, org)
    if as_json:
        sys.stdout.write(json.dumps({"context": found.name, "organisation": org.name, **picture.as_json()},
                                    indent=2, ensure_ascii=False) + "\n")  # fmt: skip
        return
    out.print(f"{found.name}, as {org.name} sees it: {len(picture.offers)} initiatives", markup=False)
    for o in picture.overlaps:
        pair = f"{o.a.organisation}: {o.a.label} / {o.b.organisation}: {o.b.label}"
        out.print(f"- {pair} — {'; '.join(o.reasons)}", markup=False)
    if not picture.overlaps:
        out.print("No two organisations' initiatives overlap in period and aim.", markup=False)
    if picture.gaps:
        out.print(
            "Tracks nobody works on: " + ", ".join(vocab.TRACKS.label(t) for t in picture.gaps), markup=False
        )
