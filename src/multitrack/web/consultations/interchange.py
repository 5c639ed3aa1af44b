"""Consultations in and out of Pol.is's open-data layout (`multitrack.sources.polis`).

An import creates one consultation under an initiative: Pol.is comments become statements (their ids kept
as numbers; moderated 1 accepted, -1 rejected, 0 pending), every voter and author a participant without a
card (their Pol.is id kept), and every vote a vote, in the order cast. It is atomic, and idempotent: the
same export imported again under the same initiative is recognised by the hash of its files and not
imported twice.

An export writes the same four files: statements in the consultation's first language, participants by
numbers 0, 1, 2 … in the order they joined (not their database ids), their opinion group from the current
analysis, votes as cast.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Min

from multitrack.sources import spreadsheet
from multitrack.sources.polis import (
    PolisComment,
    PolisExport,
    PolisParticipant,
    PolisVote,
)
from multitrack.web.audit.log import record

from .models import Consultation, Participant, Statement, Vote

_STATUS = {1: "accepted", -1: "rejected", 0: "pending"}
_MODERATED = {v: k for k, v in _STATUS.items()}
_FILES = ("comments.csv", "votes.csv", "participants-votes.csv", "summary.csv")


@dataclass(frozen=True)
class ImportReport:
    consultation: Consultation
    created: bool
    statements: int
    participants: int
    votes: int

    def __str__(self) -> str:
        if not self.created:
            return f"already imported as consultation {self.consultation.pk}; nothing changed"
        return (
            f"consultation {self.consultation.pk}: {self.statements} statements, "
            f"{self.participants} participants, {self.votes} votes"
        )


def export_hash(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in _FILES:
        path = Path(directory) / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@transaction.atomic
def import_polis(
    export: PolisExport, initiative: Any, user: Any, *, title: str = "", language: str = "en"
) -> ImportReport:
    """Store `export` as a consultation of `initiative` (see the module's docstring)."""
    source_hash = export_hash(export.source)
    existing = Consultation.objects.filter(initiative=initiative, source_hash=source_hash).first()
    if existing is not None:
        return ImportReport(existing, False, 0, 0, 0)
    topic = export.topic or title or "Pol.is conversation"
    question = export.summary.get("conversation-description") or export.summary.get("description") or topic
    consultation = Consultation.objects.create(
        initiative=initiative,
        title=(title or topic)[:200],
        question={language: question},
        languages=[language],
        moderation="pre",
        source=f"Pol.is export {export.summary.get('url', '') or Path(export.source).name}"[:300],
        source_hash=source_hash,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    ids = sorted(
        {v.voter for v in export.votes} | {c.author for c in export.comments if c.author is not None}
    )
    Participant.objects.bulk_create(
        Participant(consultation=consultation, external_id=str(i), consented=True, language=language)
        for i in ids
    )
    participant = dict(Participant.objects.filter(consultation=consultation).values_list("external_id", "pk"))
    Statement.objects.bulk_create(
        Statement(
            consultation=consultation,
            number=c.id,
            texts={language: spreadsheet.unsafe(c.body)},
            language=language,
            author_id=participant.get(str(c.author)) if c.author is not None else None,
            status=_STATUS.get(c.moderated, "pending"),
            created_at=c.created or datetime.now(UTC),
        )
        for c in sorted(export.comments, key=lambda c: c.id)
    )
    statement = dict(Statement.objects.filter(consultation=consultation).values_list("number", "pk"))
    now = datetime.now(UTC)
    ordered = sorted(
        export.votes, key=lambda v: (v.at is not None, v.at or now)
    )  # stable: file order on ties
    Vote.objects.bulk_create(
        (
            Vote(
                consultation=consultation,
                participant_id=participant[str(v.voter)],
                statement_id=statement[v.comment],
                value=v.value,
                at=v.at or now,
            )
            for v in ordered
        ),
        batch_size=5000,
    )
    record(
        "import",
        obj=consultation,
        user=user,
        summary=f"Pol.is export imported: {len(export.comments)} statements, {len(ids)} participants, "
        f"{len(export.votes)} votes",
    )
    return ImportReport(consultation, True, len(export.comments), len(ids), len(export.votes))


def to_polis(consultation: Consultation, groups: dict[str, int] | None = None) -> PolisExport:
    """The consultation as a Pol.is export; `groups` maps participant refs to their opinion group."""
    groups = groups or {}
    lang = consultation.language
    # Numbered in the order they first voted (then authors who never voted, by their random id): not by
    # card or row, which whoever handed out the cards could match to people.
    first_vote = dict(
        Vote.objects.filter(consultation=consultation)
        .values("participant_id")
        .annotate(first=Min("pk"))
        .values_list("participant_id", "first")
    )
    people = sorted(
        Participant.objects.filter(consultation=consultation).values_list("pk", "ref"),
        key=lambda p: (first_vote.get(p[0], math.inf), p[1]),
    )
    number = {pk: i for i, (pk, _ref) in enumerate(people)}
    statements = list(Statement.objects.filter(consultation=consultation).order_by("number"))
    at_number = {s.pk: s.number for s in statements}
    votes = [
        PolisVote(number[p], at_number[s], value, at)
        for p, s, value, at in Vote.objects.filter(consultation=consultation)
        .order_by("pk")
        .values_list("participant_id", "statement_id", "value", "at")
    ]
    latest: dict[tuple[int, int], int] = {}
    for v in votes:
        latest[(v.voter, v.comment)] = v.value
    tally: dict[int, list[int]] = {s.number: [0, 0] for s in statements}
    per_voter: dict[int, dict[int, int]] = {}
    for (voter, comment), value in latest.items():
        per_voter.setdefault(voter, {})[comment] = value
        if value:
            tally[comment][0 if value == 1 else 1] += 1
    comments = [
        PolisComment(
            id=s.number,
            author=number.get(s.author_id) if s.author_id else None,
            body=spreadsheet.safe(s.text(lang)[0]),  # participants' words: never a formula
            moderated=_MODERATED[s.status],
            created=s.created_at,
            agrees=tally[s.number][0],
            disagrees=tally[s.number][1],
        )
        for s in statements
    ]
    ref = dict(people)
    participants = [
        PolisParticipant(id=voter, group=groups.get(ref[pk]), votes=per_voter[voter])
        for pk, voter in number.items()
        if voter in per_voter
    ]
    summary = {
        "topic": consultation.title,
        "url": "",
        "voters": str(len(per_voter)),
        "commenters": str(len({c.author for c in comments if c.author is not None})),
        "comments": str(len(comments)),
        "groups": str(len(set(groups.values()))),
        "conversation-description": consultation.text_of(consultation.question, lang)[0],
    }
    return PolisExport(tuple(comments), tuple(votes), tuple(participants), summary, Path("."))
