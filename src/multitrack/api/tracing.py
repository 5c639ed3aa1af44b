"""Documents and transfer tracing in the REST API.

`GET /api/documents` lists documents (title, kind, track, date, initiative) and `GET /api/documents/{id}`
adds the text; `POST /api/documents/{id}/trace` traces a Track Two output into the official texts the
caller may read and returns the proposals; `GET /api/transfers` lists proposals and decisions and
`POST /api/transfers/{id}/decide` records one. Documents need `rows` in their compartment (funders and
outsiders see none, or get 404); tracing and deciding need `write`. Changes are audited.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from multitrack.api.common import Pages
from multitrack.api.schemas import ErrorOut
from multitrack.web.evaluation.models import Outcome, Transfer
from multitrack.web.evaluation.services import tracing
from multitrack.web.registry.models import Document
from multitrack.web.registry.models.document import kinds_of_track

document_router = Router(tags=["documents and tracing"])
transfer_router = Router(tags=["documents and tracing"])


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    track: str
    date: str | None
    initiative: str | None
    context: int | None
    url: str

    @staticmethod
    def resolve_date(obj: Document) -> str | None:
        return obj.date.isoformat() if obj.date else None

    @staticmethod
    def resolve_initiative(obj: Document) -> str | None:
        return obj.initiative.code if obj.initiative else None

    @staticmethod
    def resolve_context(obj: Document) -> int | None:
        return obj.context_id


class DocumentTextOut(DocumentOut):
    text: str


class TransferOut(Schema):
    id: int
    status: str
    source: int
    target: int
    target_title: str
    target_date: str | None
    source_passage: int
    target_passage: int
    source_text: str
    target_text: str
    score: float
    lexical: float
    method: str
    rank: int
    shared: list[str]
    undated: bool
    outcome: int | None
    note: str

    @staticmethod
    def resolve_source(obj: Transfer) -> int:
        return obj.source_id

    @staticmethod
    def resolve_target(obj: Transfer) -> int:
        return obj.target_id

    @staticmethod
    def resolve_target_title(obj: Transfer) -> str:
        return obj.target.title

    @staticmethod
    def resolve_target_date(obj: Transfer) -> str | None:
        return obj.target.date.isoformat() if obj.target.date else None

    @staticmethod
    def resolve_source_passage(obj: Transfer) -> int:
        return obj.source_index + 1

    @staticmethod
    def resolve_target_passage(obj: Transfer) -> int:
        return obj.target_index + 1

    @staticmethod
    def resolve_outcome(obj: Transfer) -> int | None:
        return obj.outcome_id


class TraceIn(Schema):
    k: int = tracing.DEFAULT_K
    limit: int = tracing.DEFAULT_LIMIT


class TraceOut(Schema):
    document: int
    method: str
    searched: int
    too_early: int
    passages: int
    kept: int
    proposed: list[TransferOut]


class DecisionIn(Schema):
    status: str
    note: str = ""
    outcome: int | None = None


@document_router.get("", response=list[DocumentOut])
@paginate(Pages)
def list_documents(request: HttpRequest, track: str = "", kind: str = "", initiative: str = "") -> Any:
    """Documents in the caller's compartments; filter by `track` (one, two), `kind` or initiative code."""
    docs = Document.objects.for_user(request.user).select_related("initiative")
    if track:
        docs = docs.filter(kind__in=kinds_of_track(track))
    if kind:
        docs = docs.filter(kind=kind)
    if initiative:
        docs = docs.filter(initiative__code=initiative)
    return docs


@document_router.get("/{document_id}", response=DocumentTextOut)
def get_document(request: HttpRequest, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.for_user(request.user).select_related("initiative"), pk=document_id
    )


@document_router.post("/{document_id}/trace", response={200: TraceOut, 400: ErrorOut})
def trace(request: HttpRequest, document_id: int, body: TraceIn | None = None) -> Any:
    """Trace a Track Two output: store and return the proposals (undecided earlier ones are replaced)."""
    document = get_object_or_404(Document.objects.for_user(request.user, "write"), pk=document_id)
    options = body or TraceIn()
    if not (1 <= options.k <= 10 and 1 <= options.limit <= 200):
        return Status(400, {"detail": "k must be 1 to 10 and limit 1 to 200"})
    try:
        run = tracing.trace_document(document, request.user, k=options.k, limit=options.limit)
    except tracing.TraceError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(
        200,
        {
            "document": document.pk,
            "method": run.method,
            "searched": run.searched,
            "too_early": run.too_early,
            "passages": run.passages,
            "kept": run.kept,
            "proposed": run.proposed,
        },
    )


@transfer_router.get("", response=list[TransferOut])
@paginate(Pages)
def list_transfers(request: HttpRequest, status: str = "", document: int | None = None) -> Any:
    """Proposals whose two documents the caller may read; filter by `status` or source document id."""
    items = Transfer.objects.for_user(request.user).select_related("target")
    if status:
        items = items.filter(status=status)
    if document is not None:
        items = items.filter(source_id=document)
    return items


@transfer_router.post("/{transfer_id}/decide", response={200: TransferOut, 400: ErrorOut})
def decide(request: HttpRequest, transfer_id: int, body: DecisionIn) -> Any:
    """Confirm, reject or reopen a proposal; a confirmation may name an outcome it is evidence for."""
    item = get_object_or_404(
        Transfer.objects.for_user(request.user, "write").select_related("source", "target"), pk=transfer_id
    )
    outcome = None
    if body.outcome is not None:
        outcome = Outcome.objects.for_user(request.user, "write").filter(pk=body.outcome).first()
        if outcome is None:
            return Status(400, {"detail": f"no outcome {body.outcome} you may change"})
    try:
        tracing.decide(item, request.user, body.status, body.note, outcome)
    except tracing.TraceError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(200, item)
