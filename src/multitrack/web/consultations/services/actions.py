"""What may be done with a consultation, in one place for the web pages, the API and the command line:
transactions, the rules (open or closed, moderation, rate limits), and the audit entries.

Participants' own actions (voting, answering the optional questions, withdrawing) are not written to the
audit log one by one: the log is for what staff do, and a per-vote entry would record when each card was
used. Statements a participant adds are audited (as "Statement N created", without text), and so is every
moderation, card issue and revocation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from multitrack.web.audit.log import record

from ..models import (
    Consultation,
    Participant,
    ParticipantGroup,
    Statement,
    Vote,
    hash_token,
    new_token,
)

VOTES_PER_MINUTE = 60  # one card cannot vote faster than a person reads
STATEMENTS_PER_HOUR = 10
MAX_STATEMENT = 280  # characters, as short as Pol.is keeps them
MAX_CARDS = 500  # per batch


class ConsultationError(Exception):
    """A participant's or facilitator's action that the consultation's rules refuse; nothing was written."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(message or code)
        self.code = code  # a key of phrases.PHRASES, so the participant page can say it in their language


@dataclass(frozen=True)
class Card:
    """An invitation card as printed: its number, its group and its token (shown once, never stored)."""

    number: int
    group: str
    token: str


def shown_count(n: int, readable: bool) -> str:
    """A count of participants as a funder may see it: small numbers are not shown."""
    threshold = int(settings.MIN_CELL)
    return str(n) if readable or n == 0 or n >= threshold else _("fewer than %(n)d") % {"n": threshold}


def participant_for_token(token: str) -> Participant | None:
    """The participant a card's token belongs to; None for an unknown or revoked token."""
    if not token or len(token) > 64:
        return None
    try:  # the participant page's hottest query: one row by a unique column, no ordering
        return Participant.objects.select_related("consultation", "group").get(
            token_hash=hash_token(token), revoked_at__isnull=True
        )
    except Participant.DoesNotExist:
        return None


@transaction.atomic
def issue_cards(
    consultation: Consultation, group: ParticipantGroup | None, count: int, user: Any
) -> list[Card]:
    """`count` new invitation cards for `group`, numbered after the last card of the consultation."""
    if not 1 <= count <= MAX_CARDS:
        raise ConsultationError("count", f"between 1 and {MAX_CARDS} cards at a time")
    last = Participant.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"] or 0
    cards = [Card(last + i + 1, group.label if group else "", new_token()) for i in range(count)]
    Participant.objects.bulk_create(
        Participant(consultation=consultation, group=group, number=c.number, token_hash=hash_token(c.token))
        for c in cards
    )
    record(
        "create",
        obj=consultation,
        user=user,
        summary=f"{count} invitation cards issued (numbers {cards[0].number}–{cards[-1].number})"
        + (f" for group {group.pk}" if group else ""),
    )
    return cards


@transaction.atomic
def revoke_card(consultation: Consultation, number: int, user: Any) -> Participant:
    """Revoke card `number`: its link stops working; the votes already cast stay."""
    participant = (
        Participant.objects.select_for_update().filter(consultation=consultation, number=number).first()
    )
    if participant is None:
        raise ConsultationError("unknown_card", f"no card number {number} in this consultation")
    if participant.revoked_at is None:
        participant.revoked_at = timezone.now()
        participant.save(update_fields=["revoked_at"])
        record("update", obj=consultation, user=user, summary=f"invitation card {number} revoked")
    return participant


def _require_open(consultation: Consultation) -> None:
    state = consultation.state()
    if state != "open":
        raise ConsultationError(state)


def start(participant: Participant, language: str, answers: dict[str, str]) -> None:
    """The participant has read how their votes are kept and starts; the optional answers are kept
    encrypted, blank ones left out."""
    _require_open(participant.consultation)
    participant.language = language
    participant.answers = {k: v for k, v in answers.items() if v}
    participant.consented = True
    participant.save(update_fields=["language", "answers", "consented"])


def set_language(participant: Participant, language: str) -> None:
    if language in participant.consultation.languages and language != participant.language:
        participant.language = language
        participant.save(update_fields=["language"])


def _shuffle_key(participant: Participant, number: int) -> str:
    return hashlib.sha256(f"{participant.ref}:{number}".encode()).hexdigest()


@dataclass(frozen=True)
class Next:
    statement: Statement | None
    voted: int
    total: int


def next_statement(participant: Participant) -> Next:
    """The next accepted statement the participant has not voted on: seed statements first, then the
    others in an order of their own (the same on every visit, different for each card)."""
    accepted = list(
        Statement.objects.filter(consultation_id=participant.consultation_id, status="accepted")
        .order_by()
        .values_list("pk", "number", "seed")
    )
    voted = set(
        Vote.objects.filter(participant=participant).order_by().values_list("statement_id", flat=True)
    )
    waiting = [
        (not seed, _shuffle_key(participant, number), pk) for pk, number, seed in accepted if pk not in voted
    ]
    done = len(accepted) - len(waiting)
    if not waiting:
        return Next(None, done, len(accepted))
    statement = Statement.objects.get(pk=min(waiting)[2])
    statement.consultation = participant.consultation  # already loaded: no join, no second decryption
    return Next(statement, done, len(accepted))


def cast_vote(participant: Participant, statement_number: int, value: int) -> Vote:
    """Record a vote (agree 1, disagree −1, pass 0) on an accepted statement; the latest counts."""
    consultation = participant.consultation
    _require_open(consultation)
    if value not in (-1, 0, 1):
        raise ConsultationError("bad_vote", "a vote is 1 (agree), -1 (disagree) or 0 (pass)")
    statement = (
        Statement.objects.filter(consultation=consultation, number=statement_number, status="accepted")
        .order_by()
        .first()
    )
    if statement is None:
        raise ConsultationError("unknown_statement", f"no statement {statement_number} to vote on")
    if _limited(
        participant,
        Vote.objects.filter(participant=participant),
        "at",
        timedelta(minutes=1),
        VOTES_PER_MINUTE,
    ):
        raise ConsultationError("slow_down")
    return Vote.objects.create(
        consultation=consultation, participant=participant, statement=statement, value=value
    )


def _limited(participant: Participant, actions: Any, field: str, window: timedelta, limit: int) -> bool:
    """Whether the card has used up `limit` actions in the last `window`. A withdrawal inside the window
    counts as the limit reached: it removes the votes and statements the count is taken from, and must
    not reset it."""
    since = timezone.now() - window
    if participant.withdrawn_at is not None and participant.withdrawn_at >= since:
        return True
    return bool(actions.filter(**{f"{field}__gte": since}).count() >= limit)


def latest_votes(participant: Participant) -> dict[int, int]:
    """Statement id -> the participant's latest vote."""
    latest: dict[int, int] = {}
    for statement_id, value in (
        Vote.objects.filter(participant=participant).order_by("pk").values_list("statement_id", "value")
    ):
        latest[statement_id] = value
    return latest


def next_number(consultation: Consultation) -> int:
    last = Statement.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"]
    return 0 if last is None else last + 1


@transaction.atomic
def submit_statement(participant: Participant, text: str) -> Statement:
    """A statement written by a participant, in their language: held or shown as the consultation says."""
    consultation = Consultation.objects.select_for_update().get(pk=participant.consultation_id)
    _require_open(consultation)
    if not consultation.allow_statements:
        raise ConsultationError("statements_closed")
    text = " ".join(text.split())
    if not text:
        raise ConsultationError("empty")
    if len(text) > MAX_STATEMENT:
        raise ConsultationError("too_long")
    mine = Statement.objects.filter(author=participant)
    if _limited(participant, mine, "created_at", timedelta(hours=1), STATEMENTS_PER_HOUR):
        raise ConsultationError("slow_down")
    language = participant.language or consultation.language
    return Statement.objects.create(
        consultation=consultation,
        number=next_number(consultation),
        texts={language: text},
        language=language,
        author=participant,
        status="accepted" if consultation.moderation == "post" else "pending",
    )


@transaction.atomic
def add_statement(
    consultation: Consultation, texts: dict[str, str], user: Any, *, seed: bool = True, language: str = ""
) -> Statement:
    """A statement written by a facilitator (a seed), accepted at once, with its translations."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    texts = {k: " ".join(v.split()) for k, v in texts.items() if v and v.strip()}
    if not texts:
        raise ConsultationError("empty", "write the statement in at least one language")
    return Statement.objects.create(
        consultation=consultation,
        number=next_number(consultation),
        texts=texts,
        language=language or next(iter(texts)),
        seed=seed,
        status="accepted",
        created_by=user,
        moderated_by=user,
    )


def moderate(statement: Statement, status: str, user: Any, texts: dict[str, str] | None = None) -> None:
    """Accept or reject a statement (and optionally add translations); audited by field names."""
    if status not in ("accepted", "rejected", "pending"):
        raise ConsultationError("bad_status", f"unknown status {status!r}")
    statement.status = status
    statement.moderated_by = user
    fields = ["status", "moderated_by"]
    if texts:
        statement.texts = {
            **statement.texts,
            **{k: " ".join(v.split()) for k, v in texts.items() if v.strip()},
        }
        fields.append("texts")
    statement.save(update_fields=fields)


@transaction.atomic
def withdraw(participant: Participant) -> int:
    """Remove the participant's votes and answers (their statements stay, without an author)."""
    removed, _detail = Vote.objects.filter(participant=participant).delete()
    Statement.objects.filter(author=participant).update(author=None)
    participant.answers = {}
    participant.consented = False
    participant.withdrawn_at = timezone.now()
    participant.save(update_fields=["answers", "consented", "withdrawn_at"])
    Consultation.objects.filter(pk=participant.consultation_id).update(generation=_bump())
    return int(removed)


def _bump() -> Any:
    from django.db.models import F

    return F("generation") + 1


def groups_from_lines(consultation: Consultation, lines: Sequence[str]) -> list[ParticipantGroup]:
    """Create the groups named one per line (existing ones kept)."""
    made = []
    for line in lines:
        label = line.strip()
        if label:
            group, _created = ParticipantGroup.objects.get_or_create(consultation=consultation, label=label)
            made.append(group)
    return made
