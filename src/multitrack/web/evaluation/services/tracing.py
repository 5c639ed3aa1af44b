"""Tracing a Track Two output into the official texts a user may read, and deciding on the proposals.

`trace_document` runs `multitrack.core.transfer` over the document and the Track One texts (kinds whose
track is "one") readable by the user, and stores the proposals as `Transfer` rows: proposals nobody
decided on are replaced, decided ones are kept (a pair already decided is not proposed again).
`decide` records a confirmation or rejection; a confirmation may name an outcome of the same compartment,
to which both documents are then added as evidence. Both run in one transaction and are audited through
the models.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.core import semantic
from multitrack.core import transfer as core
from multitrack.web.registry.models import Document

from ..models import Outcome, Transfer

DEFAULT_K = 3  # best official passages per passage of the output
DEFAULT_LIMIT = 20  # proposals kept per run


class TraceError(ValueError):
    """Tracing cannot run; the message says why (never quoting the document)."""


@dataclass(frozen=True)
class TraceRun:
    proposed: list[Transfer]  # new proposals of this run, best first
    kept: int  # decided proposals of earlier runs, kept as they were
    searched: int  # official texts searched
    too_early: int  # official texts left out because they are dated before the output
    passages: int  # passages of the official texts searched
    method: str  # how the proposals were ranked


def reranker() -> semantic.Reranker | None:
    """The sentence-embedding re-ranker when `multitrack[semantic]` is installed and not switched off.
    Installed weights that are not the recorded ones are refused, not silently replaced by BM25."""
    try:
        return semantic.default_reranker()
    except semantic.WeightsMismatch as exc:
        raise TraceError(str(exc)) from None


def official_texts(user: Any, exclude: Document | None = None) -> list[Document]:
    """The Track One texts with a text that `user` may read."""
    docs = Document.objects.for_user(user).of_track("one").order_by("date", "pk")
    if exclude is not None:
        docs = docs.exclude(pk=exclude.pk)
    return [d for d in docs if d.text.strip()]


@dataclass(frozen=True)
class Proposals:
    """What tracing found, before it is stored."""

    suggestions: list[core.Suggestion]  # best first
    texts: dict[str, Document]  # the official texts searched, by the id tracing gave them
    too_early: list[Document]  # official texts left out: dated before the output
    passages: int  # passages of the official texts searched
    method: str  # how the suggestions were ranked


def propose(
    document: Document, user: Any, *, k: int = DEFAULT_K, limit: int = DEFAULT_LIMIT, rerank: bool = True
) -> Proposals:
    """The possible transfers of `document` into the official texts `user` may read (nothing stored)."""
    if not document.text.strip():
        raise TraceError(f"document {document.pk} has no text to trace; add its text first")
    if document.track == "one":
        raise TraceError(
            f"document {document.pk} is an official text: trace the Track Two outputs that may have fed it"
        )
    candidates = official_texts(user, exclude=document)
    too_early = [d for d in candidates if document.date and d.date and d.date < document.date]
    tracer = core.Tracer([core.Text(str(d.pk), d.text, d.date, d.title) for d in candidates])
    output = core.Text(str(document.pk), document.text, document.date, document.title)
    model = reranker() if rerank else None
    found = core.trace(output, tracer, k=k, limit=limit, reranker=model)
    texts = {str(d.pk): d for d in candidates if d not in too_early}
    method = model.name if model is not None else "bm25"
    return Proposals(found, texts, too_early, len(tracer), method)


def trace_document(
    document: Document, user: Any, *, k: int = DEFAULT_K, limit: int = DEFAULT_LIMIT, rerank: bool = True
) -> TraceRun:
    """Trace `document` and store the proposals: undecided earlier ones are replaced, decided ones kept."""
    found = propose(document, user, k=k, limit=limit, rerank=rerank)
    with transaction.atomic():
        decided = list(document.transfers_out.exclude(status="proposed"))
        for stale in document.transfers_out.filter(status="proposed"):
            stale.delete()
        proposed: list[Transfer] = []
        for suggestion in found.suggestions:
            item = Transfer(
                source=document,
                target=found.texts[suggestion.target.doc],
                source_index=suggestion.source.index,
                source_start=suggestion.source.start,
                source_end=suggestion.source.end,
                source_text=suggestion.source.text,
                target_index=suggestion.target.index,
                target_start=suggestion.target.start,
                target_end=suggestion.target.end,
                target_text=suggestion.target.text,
                score=suggestion.score,
                lexical=suggestion.lexical,
                method=suggestion.method,
                shared=list(suggestion.shared),
                undated=suggestion.undated,
                traced_by=user if getattr(user, "pk", None) else None,
                rank=len(proposed) + 1,
            )
            if any(item.same_pair(old) for old in decided):
                continue
            item.save()
            proposed.append(item)
    return TraceRun(
        proposed, len(decided), len(found.texts), len(found.too_early), found.passages, found.method
    )


def outcome_choices(item: Transfer) -> Any:
    """Outcomes a confirmed transfer may be evidence for: those of the output's compartment."""
    return Outcome.objects.filter(compartment_id=item.compartment_id).select_related("initiative")


def decide(item: Transfer, user: Any, status: str, note: str = "", outcome: Outcome | None = None) -> None:
    if status not in {"proposed", "confirmed", "rejected"}:
        raise TraceError(f"unknown decision {status!r}; use confirmed, rejected or proposed")
    if outcome is not None and status != "confirmed":
        raise TraceError("only a confirmed transfer can be evidence for an outcome")
    if outcome is not None and outcome.compartment_id != item.compartment_id:
        raise TraceError(f"outcome {outcome.pk} is not in the compartment of document {item.source_id}")
    with transaction.atomic():
        item.status = status
        item.note = note
        item.outcome = outcome
        item.decided_by = user if status != "proposed" and getattr(user, "pk", None) else None
        item.decided_at = timezone.now() if status != "proposed" else None
        item.save()
        if outcome is not None:
            outcome.evidence.add(item.source, item.target)


def with_highlights(items: list[Transfer]) -> list[Transfer]:
    """The proposals, each with its two passages in segments marking the shared words (for <mark>)."""
    for item in items:  # the segments are for the template: attributes of the row, not fields
        item.source_segments = core.highlight(item.source_text, item.shared)  # type: ignore[attr-defined]
        item.target_segments = core.highlight(item.target_text, item.shared)  # type: ignore[attr-defined]
    return items
