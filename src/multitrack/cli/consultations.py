"""`multitrack consultation …`: analyse a Pol.is export without the database, import one into a
consultation, export a consultation in the same layout, list and show consultations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from multitrack.cli.common import fail, out, setup_django

consultation_app = typer.Typer(
    help="Consultations: opinion groups from votes (Pol.is layout), import, export.", no_args_is_help=True
)


def _read(votes: Path, comments: Path | None) -> Any:
    from multitrack.sources import polis

    try:
        if comments is not None:
            return polis.read_files(comments, votes)
        return polis.PolisExport((), polis.read_votes(votes), (), {}, votes)
    except polis.PolisError as exc:
        raise fail(f"Error: {exc}\nNothing was analysed.", 2) from None


@consultation_app.command("analyse")
def analyse_command(
    votes: Annotated[Path, typer.Option("--votes", help="votes.csv of a Pol.is export.")],
    comments: Annotated[
        Path | None,
        typer.Option("--comments", help="comments.csv: rejected comments (moderated -1) left out."),
    ] = None,
    min_votes: Annotated[int, typer.Option(help="Votes a participant needs to be grouped.", min=1)] = 7,
    min_group_size: Annotated[
        int | None, typer.Option(help="Smallest group shown (default: MULTITRACK_MIN_CELL).", min=1)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Opinion groups of a Pol.is export, as Pol.is finds them: PCA of the votes, k-means with k chosen by
    silhouette among 2-5, representative and consensus statements. No database is needed."""
    from multitrack import config
    from multitrack.core.consultation import VoteMatrix, analyse

    loaded = _read(votes, comments)
    rows = loaded.latest_votes()
    statements = [c.id for c in loaded.comments if c.moderated != -1] if comments is not None else None
    matrix = VoteMatrix.from_votes(
        [v.voter for v in rows], [v.comment for v in rows], [v.value for v in rows]
    )
    threshold = min_group_size or config.integer("MULTITRACK_MIN_CELL")
    voted = set(matrix.statements)
    chosen = None if statements is None else [s for s in statements if s in voted]
    result = analyse(matrix, statements=chosen, min_votes=min_votes, min_group_size=threshold)
    summary = result.summary()
    if as_json:
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        return
    out.print(
        f"{summary['participants']} participants grouped (at least {result.min_votes} votes), "
        f"{summary['groups']} opinion groups. {result.reason}",
        markup=False,
    )
    table = Table("group", "participants", "representative statements")
    for g in result.groups:
        table.add_row(
            str(g.id), str(g.size), ", ".join(f"{r.statement} ({r.direction})" for r in g.representative)
        )
    out.print(table)
    out.print(f"consensus: {', '.join(map(str, summary['consensus'])) or 'none'}", markup=False)


def _initiative(code: str) -> Any:
    from multitrack.web.registry.models import Initiative

    found = (
        Initiative.objects.filter(code__iexact=code).first() or Initiative.objects.filter(ref=code).first()
    )
    if found is None:
        raise fail(f"no initiative with code {code!r}; `multitrack export initiatives` lists them", 2)
    return found


def _consultation(pk: int) -> Any:
    from multitrack.web.consultations.models import Consultation

    found = Consultation.objects.select_related("initiative").filter(pk=pk).first()
    if found is None:
        raise fail(f"no consultation with id {pk}; `multitrack consultation list` shows them", 2)
    return found


@consultation_app.command("import-polis")
def import_command(
    directory: Annotated[Path, typer.Argument(help="A Pol.is open-data export: comments.csv, votes.csv …")],
    initiative: Annotated[str, typer.Option("--initiative", help="Code of the initiative it belongs to.")],
    title: Annotated[str, typer.Option(help="Short title (default: the export's topic).")] = "",
    language: Annotated[str, typer.Option(help="Language of the statements: en, fr, es or ar.")] = "en",
) -> None:
    """Import a Pol.is export as a consultation (atomic; importing the same files again changes nothing)."""
    from multitrack.sources import polis
    from multitrack.web.consultations.phrases import LANGUAGES

    if language not in LANGUAGES:
        raise fail(f"--language {language!r}: expected one of {', '.join(LANGUAGES)}", 2)
    try:
        export = polis.read_export(directory)
    except polis.PolisError as exc:
        raise fail(f"Error: {exc}\nNothing was imported.", 2) from None
    setup_django()
    from multitrack.web.consultations.interchange import import_polis

    report = import_polis(export, _initiative(initiative), None, title=title, language=language)
    out.print(f"{directory}: {report}", markup=False)


@consultation_app.command("export")
def export_command(
    consultation_id: Annotated[int, typer.Argument(help="The consultation's id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory to write the four CSV files to.")],
) -> None:
    """Write a consultation in Pol.is's open-data layout (comments, votes, participants-votes, summary)."""
    setup_django()
    from multitrack.sources.polis import write_export
    from multitrack.web.audit.log import record
    from multitrack.web.consultations.interchange import to_polis
    from multitrack.web.consultations.models import Participant
    from multitrack.web.consultations.services.analysis import current

    consultation = _consultation(consultation_id)
    ref = dict(Participant.objects.filter(consultation=consultation).values_list("pk", "ref"))
    groups = {ref[p]: g for p, g in current(consultation).group_of.items()}
    output.mkdir(parents=True, exist_ok=True)
    written = write_export(output, to_polis(consultation, groups))
    record("export", obj=consultation, summary="consultation exported in Pol.is layout (command line)")
    out.print(f"wrote {', '.join(p.name for p in written)} to {output}", markup=False)


@consultation_app.command("list")
def list_command(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Every consultation: id, initiative, title, languages, state."""
    setup_django()
    from multitrack.web.consultations.models import Consultation

    rows = [
        {
            "id": c.pk,
            "initiative": c.initiative.code,
            "title": c.title,
            "languages": c.languages,
            "state": c.state(),
        }
        for c in Consultation.objects.select_related("initiative").order_by("pk")
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("id", "initiative", "title", "languages", "state")
    for r in rows:
        table.add_row(str(r["id"]), r["initiative"], r["title"], ", ".join(r["languages"]), r["state"])
    out.print(table)


@consultation_app.command("show")
def show_command(
    consultation_id: Annotated[int, typer.Argument(help="The consultation's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (as the API's /analysis).")] = False,
) -> None:
    """A consultation's opinion groups, common ground and divisive statements (counts suppressed)."""
    setup_django()
    from multitrack.web.consultations.report import as_json as to_json
    from multitrack.web.consultations.report import as_text, build

    report = build(_consultation(consultation_id))
    if as_json:
        sys.stdout.write(json.dumps(to_json(report), indent=2) + "\n")
    else:
        out.print(as_text(report), markup=False)
