"""Consultations in the REST API: the list (every role of the compartment: titles, dates, suppressed
counts), and for readers of rows the statements and the analysis (opinion groups, representative,
consensus and divisive statements, and the Pol.is-shaped summary). Participants never appear by more than
their random id, and only in the analysis's assignments.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from multitrack.api.common import Pages
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.consultations.models import Consultation, Participant
from multitrack.web.consultations.report import as_json, build
from multitrack.web.consultations.services.analysis import current

router = Router(tags=["consultations"])


class ConsultationOut(Schema):
    id: int
    title: str
    initiative: str
    languages: list[str]
    opens_at: str | None
    closes_at: str | None
    state: str
    moderation: str
    participants: str  # a number, or "fewer than N" for a funder

    @staticmethod
    def resolve_initiative(obj: Consultation) -> str:
        return obj.initiative.code

    @staticmethod
    def resolve_opens_at(obj: Consultation) -> str | None:
        return obj.opens_at.isoformat() if obj.opens_at else None

    @staticmethod
    def resolve_closes_at(obj: Consultation) -> str | None:
        return obj.closes_at.isoformat() if obj.closes_at else None

    @staticmethod
    def resolve_state(obj: Consultation) -> str:
        return obj.state()

    @staticmethod
    def resolve_participants(obj: Consultation, context: Any) -> str:
        from multitrack.web.consultations.services.actions import shown_count

        request = context["request"]
        n = Participant.objects.filter(consultation=obj, consented=True).count()
        return shown_count(n, obj.compartment_id in compartment_ids(request.user, "rows"))


class StatementOut(Schema):
    number: int
    texts: dict[str, str] = Field(description="the statement by language code: language → text")
    language: str
    status: str
    seed: bool
    agree: int
    disagree: int
    passes: int


class RepresentativeOut(Schema):
    statement: int
    direction: str
    share_group: float
    share_rest: float
    votes_group: int
    repness: float
    probability: float
    probability_z: float
    ratio: float
    ratio_z: float


class GroupOut(Schema):
    id: int
    name: str
    size: int
    representative: list[RepresentativeOut]


class ByGroupOut(Schema):
    statement: int
    direction: str
    shares: list[float]
    score: float


class AssignmentOut(Schema):
    participant: str = Field(description="the participant's random id")
    group: int


class SummaryOut(Schema):
    """The Pol.is-shaped gist."""

    participants: int = Field(description="participants grouped")
    groups: int
    assignments: list[AssignmentOut]
    consensus: list[int] = Field(description="statement numbers, agreed then disagreed")
    representative: dict[str, list[int]] = Field(description="by group id: its representative statements")


class AnalysisOut(Schema):
    participants_placed: int
    participants_grouped: int
    min_votes: int
    min_group_size: int
    votes: int
    groups: list[GroupOut]
    consensus: list[ByGroupOut]
    divisive: list[ByGroupOut]
    reason: str
    silhouettes: dict[str, float] = Field(description="by number of groups tried: the silhouette score")
    explained_variance: list[float]
    flags: list[str]
    summary: SummaryOut


def _readable(request: HttpRequest, consultation_id: int) -> Consultation:
    consultation: Consultation = get_object_or_404(
        Consultation.objects.for_user(request.user, "aggregates").select_related("initiative"),
        pk=consultation_id,
    )
    if consultation.compartment_id not in compartment_ids(request.user, "rows"):
        raise HttpError(403, "statements and analyses need a role that reads rows in this compartment")
    return consultation


@router.get("", response=list[ConsultationOut])
@paginate(Pages)
def list_consultations(request: HttpRequest) -> Any:
    return Consultation.objects.for_user(request.user, "aggregates").select_related("initiative")


@router.get("/{consultation_id}", response=ConsultationOut)
def get_consultation(request: HttpRequest, consultation_id: int) -> Any:
    return get_object_or_404(
        Consultation.objects.for_user(request.user, "aggregates").select_related("initiative"),
        pk=consultation_id,
    )


@router.get("/{consultation_id}/statements", response=list[StatementOut])
def list_statements(request: HttpRequest, consultation_id: int) -> Any:
    consultation = _readable(request, consultation_id)
    counts = current(consultation).statement_counts
    return [
        StatementOut(
            number=s.number,
            texts=s.texts,
            language=s.language,
            status=s.status,
            seed=s.seed,
            agree=counts.get(s.pk, {}).get("agree", 0),
            disagree=counts.get(s.pk, {}).get("disagree", 0),
            passes=counts.get(s.pk, {}).get("pass", 0),
        )
        for s in consultation.statements.order_by("number")
    ]


@router.get("/{consultation_id}/analysis", response=AnalysisOut)
def get_analysis(request: HttpRequest, consultation_id: int) -> Any:
    """The opinion groups and what they stand for; statements by their number, participants by random id."""
    consultation = _readable(request, consultation_id)
    return as_json(build(consultation))
