"""`multitrack trace DOCUMENT`: the possible transfers of a Track Two output into the official texts."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from multitrack.cli.common import fail, out, setup_django


def _document(pk: int, viewer: Any) -> Any:
    from multitrack.web.registry.models import Document

    found = Document.objects.for_user(viewer).filter(pk=pk).first()
    if found is None:
        raise fail(f"no document with id {pk}; the web app lists them under Documents", 2)
    return found


def trace_command(
    document: Annotated[int, typer.Argument(help="The id of the Track Two output (see its page's address).")],
    k: Annotated[int, typer.Option("-k", min=1, max=10, help="Official passages per passage.")] = 3,
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="Proposals at most.")] = 20,
    save: Annotated[
        bool, typer.Option("--save", help="Store the proposals for review in the web app (audited).")
    ] = False,
    lexical: Annotated[
        bool, typer.Option("--lexical", help="BM25 only, even when semantic re-ranking is installed.")
    ] = False,
    passages: Annotated[
        bool, typer.Option("--passages", help="Print both passages of each proposal.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Propose passages of official texts that may have taken up the ideas of a Track Two output.

    Official texts dated before the output are left out. Proposals are leads for a person to confirm or
    reject in the web app (with --save), not findings.
    """
    setup_django()
    from multitrack.web.accounts.access import CompartmentViewer
    from multitrack.web.accounts.models import Compartment
    from multitrack.web.accounts.roles import Role
    from multitrack.web.evaluation.services import tracing

    compartments = set(Compartment.objects.values_list("pk", flat=True))
    viewer = CompartmentViewer(compartments, Role.EDITOR if save else Role.ANALYST)
    doc = _document(document, viewer)
    try:
        if save:
            run = tracing.trace_document(doc, viewer, k=k, limit=limit, rerank=not lexical)
            rows = [_row(t) for t in run.proposed]
            method, searched, too_early, kept = run.method, run.searched, run.too_early, run.kept
        else:
            found = tracing.propose(doc, viewer, k=k, limit=limit, rerank=not lexical)
            rows = [_suggestion_row(s, found.texts, i) for i, s in enumerate(found.suggestions, 1)]
            method, searched, too_early, kept = found.method, len(found.texts), len(found.too_early), 0
    except tracing.TraceError as exc:
        raise fail(str(exc), 2) from None
    if as_json:
        data = {
            "document": doc.pk,
            "method": method,
            "searched": searched,
            "too_early": too_early,
            "saved": save,
            "kept": kept,
            "proposals": rows,
        }
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    out.print(
        f"Document {doc.pk}: {len(rows)} possible transfer(s) from {searched} official text(s), "
        f"ranked by {method}" + (f"; {too_early} dated before it left out" if too_early else ""),
        markup=False,
    )
    table = Table("#", "score", "passage", "official text", "date", "its passage", "shared words")
    for row in rows:
        table.add_row(
            str(row["rank"]),
            f"{row['score']:.2f}",
            str(row["source_passage"]),
            row["target_title"],
            row["target_date"] or "undated",
            str(row["target_passage"]),
            ", ".join(row["shared"][:8]),
        )
    out.print(table)
    if passages:
        for row in rows:
            out.print(f"\n#{row['rank']} output, passage {row['source_passage']}:", markup=False)
            out.print(row["source_text"], markup=False)
            out.print(f"#{row['rank']} {row['target_title']}, passage {row['target_passage']}:", markup=False)
            out.print(row["target_text"], markup=False)
    if save:
        out.print(
            f"Stored for review ({kept} decided earlier kept): open the document's tracing page.",
            markup=False,
        )


def _row(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "rank": t.rank,
        "score": round(t.score, 4),
        "lexical": round(t.lexical, 4),
        "method": t.method,
        "source_passage": t.source_index + 1,
        "target": t.target_id,
        "target_title": t.target.title,
        "target_date": t.target.date.isoformat() if t.target.date else None,
        "target_passage": t.target_index + 1,
        "shared": list(t.shared),
        "undated": t.undated,
        "source_text": t.source_text,
        "target_text": t.target_text,
    }


def _suggestion_row(s: Any, texts: dict[str, Any], rank: int) -> dict[str, Any]:
    target = texts[s.target.doc]
    return {
        "id": None,
        "rank": rank,
        "score": round(s.score, 4),
        "lexical": round(s.lexical, 4),
        "method": s.method,
        "source_passage": s.source.index + 1,
        "target": target.pk,
        "target_title": target.title,
        "target_date": target.date.isoformat() if target.date else None,
        "target_passage": s.target.index + 1,
        "shared": list(s.shared),
        "undated": s.undated,
        "source_text": s.source.text,
        "target_text": s.target.text,
    }
