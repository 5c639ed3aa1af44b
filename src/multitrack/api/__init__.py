"""The REST API (django-ninja). OpenAPI schema at /api/openapi.json, interactive docs at /api/docs.

Reads go through the same models as the web pages; classification goes through the pure core. A
person is identified by pseudonym code only: names never leave through the API. Every query goes
through `for_user`, so objects outside the caller's compartments answer 404.

Each domain's routes are a Router in a module of this package, mounted below. The registry's own routes
(vocabularies, contexts, actors, initiatives, classify) stay here: django-ninja derives operationIds from
the view's module and name (`multitrack_api_list_actors`), so moving them would rename them in the schema.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from multitrack import __version__
from multitrack.api.common import Pages
from multitrack.api.consultations import router as consultation_router
from multitrack.api.coordination import router as coordination_router
from multitrack.api.evaluation import indicator_router, outcome_router
from multitrack.api.evaluation import router as toc_router
from multitrack.api.hub import router as hub_router
from multitrack.api.inclusion import router as inclusion_router
from multitrack.api.landscape import router as landscape_router
from multitrack.api.maps import router as maps_router
from multitrack.api.schemas import ErrorOut
from multitrack.api.screening import router as screening_router
from multitrack.api.tracing import document_router, transfer_router
from multitrack.core import vocab
from multitrack.core.components import ComponentsError, parse_many
from multitrack.web.registry.models import Actor, Context, Initiative

api = NinjaAPI(
    title="Multitrack API",
    version=__version__,
    description="Registry of Track Two initiatives with explained track classification.",
    auth=django_auth,
    urls_namespace="api",
)


class TermOut(Schema):
    code: str
    label: str
    definition: str
    source: str


class VocabularyOut(Schema):
    name: str
    title: str
    terms: list[TermOut]


class ContextOut(Schema):
    id: int
    name: str
    summary: str
    countries: list[str]
    gw_codes: list[int]
    ucdp_conflict_ids: list[int]


class ActorOut(Schema):
    id: int
    code: str
    kind: str
    display: str
    level: str
    official_status: str
    nine_tracks: list[str]
    country: str
    affiliation: str | None

    @staticmethod
    def resolve_display(obj: Actor) -> str:
        return str(obj)

    @staticmethod
    def resolve_affiliation(obj: Actor) -> str | None:
        return str(obj.affiliation) if obj.affiliation else None


class WarningOut(Schema):
    code: str
    text: str


class ClassificationOut(Schema):
    track: str | None = Field(description="null: not classifiable")
    linked_tracks: list[str]
    phase: str
    mode: str
    explanation: list[str] = Field(description="why, one sentence per step")
    warnings: list[WarningOut]


class OverrideOut(Schema):
    track: str
    reason: str
    by: str
    at: str


class InitiativeOut(Schema):
    id: int
    code: str
    ref: str | None
    title: str
    context: str
    third_party_type: str
    format: str
    objectives: list[str]
    declared_track: str
    discretion: str
    status: str
    start_date: date | None
    end_date: date | None
    classification: ClassificationOut
    override: OverrideOut | None
    effective_track: str | None

    @staticmethod
    def resolve_context(obj: Initiative) -> str:
        return obj.context.name

    @staticmethod
    def resolve_classification(obj: Initiative) -> ClassificationOut:
        return _result(obj)

    @staticmethod
    def resolve_override(obj: Initiative) -> dict[str, str] | None:
        o = obj.active_override
        if o is None:
            return None
        return {
            "track": o.track,
            "reason": o.reason,
            "by": o.created_by.get_username(),
            "at": o.created_at.isoformat(),
        }

    @staticmethod
    def resolve_effective_track(obj: Initiative) -> str | None:
        o = obj.active_override
        return o.track if o else _result(obj).track


def _result(initiative: Initiative) -> ClassificationOut:
    """The classification, computed once per object while a response is built."""
    cached: ClassificationOut | None = getattr(initiative, "_api_result", None)
    if cached is None:
        cached = ClassificationOut.model_validate(initiative.classification().to_dict())
        initiative._api_result = cached  # type: ignore[attr-defined]  # a cache on the row, not a field
    return cached


@api.get("/vocabularies", response=list[VocabularyOut], tags=["vocabularies"])
def list_vocabularies(request: HttpRequest) -> list[VocabularyOut]:
    """Every controlled vocabulary, with each term's definition and source."""
    return [vocabulary_out(v) for v in vocab.ALL.values()]


@api.get("/vocabularies/{name}", response=VocabularyOut, tags=["vocabularies"])
def get_vocabulary(request: HttpRequest, name: str) -> VocabularyOut:
    if name not in vocab.ALL:
        raise HttpError(404, f"no vocabulary named {name!r}; known: {', '.join(vocab.ALL)}")
    return vocabulary_out(vocab.ALL[name])


def vocabulary_out(v: vocab.Vocabulary) -> VocabularyOut:
    terms = [TermOut(code=t.code, label=t.label, definition=t.definition, source=t.source) for t in v]
    return VocabularyOut(name=v.name, title=v.title, terms=terms)


@api.get("/contexts", response=list[ContextOut], tags=["registry"])
@paginate(Pages)
def list_contexts(request: HttpRequest, q: str = "") -> Any:
    return Context.objects.for_user(request.user).search(q)


@api.get("/contexts/{context_id}", response=ContextOut, tags=["registry"])
def get_context(request: HttpRequest, context_id: int) -> Context:
    return get_object_or_404(Context.objects.for_user(request.user), pk=context_id)


@api.get("/actors", response=list[ActorOut], tags=["registry"])
@paginate(Pages)
def list_actors(request: HttpRequest, q: str = "", kind: str = "", level: str = "") -> Any:
    qs = Actor.objects.for_user(request.user).search(q).select_related("affiliation")
    if kind:
        qs = qs.filter(kind=kind)
    if level:
        qs = qs.filter(level=level)
    return qs


@api.get("/actors/{actor_id}", response=ActorOut, tags=["registry"])
def get_actor(request: HttpRequest, actor_id: int) -> Actor:
    return get_object_or_404(Actor.objects.for_user(request.user).select_related("affiliation"), pk=actor_id)


@api.get("/initiatives", response=list[InitiativeOut], tags=["registry"])
@paginate(Pages)
def list_initiatives(request: HttpRequest, q: str = "", context: int | None = None) -> Any:
    qs = Initiative.objects.for_user(request.user).search(q).for_classification()
    if context is not None:
        qs = qs.filter(context_id=context)
    return qs


@api.get("/initiatives/{initiative_id}", response=InitiativeOut, tags=["registry"])
def get_initiative(request: HttpRequest, initiative_id: int) -> Initiative:
    return get_object_or_404(Initiative.objects.for_user(request.user).for_classification(), pk=initiative_id)


@api.post(
    "/classify",
    response={200: ClassificationOut | list[ClassificationOut], 422: ErrorOut},
    tags=["classification"],
)
def classify_components(request: HttpRequest) -> Any:
    """Classify one initiative description or a list of them (the `multitrack classify` format).

    Nothing is stored. An invalid description answers 422 with the object index and field at fault; a
    list is answered with a list of classifications, one object with one.
    """
    import json

    from multitrack.core.classify import classify

    try:
        data = json.loads(request.body or b"null")
    except json.JSONDecodeError as exc:
        return Status(
            422, {"detail": f"the body is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"}
        )
    try:
        items, was_list = parse_many(data)
    except ComponentsError as exc:
        return Status(422, {"detail": str(exc)})
    results = [classify(c).to_dict() for c in items]
    return Status(200, results if was_list else results[0])


api.add_router("/maps", maps_router)
api.add_router("/screening", screening_router)
api.add_router("/tocs", toc_router)
api.add_router("/indicators", indicator_router)
api.add_router("/outcomes", outcome_router)
api.add_router("/documents", document_router)
api.add_router("/transfers", transfer_router)
api.add_router("/inclusion", inclusion_router)
api.add_router("/consultations", consultation_router)
api.add_router("/landscape", landscape_router)
api.add_router("/coordination", coordination_router)
api.add_router("/hub", hub_router)
