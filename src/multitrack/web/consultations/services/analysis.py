"""The only place that knows both the consultation's rows and the analysis core.

Each process keeps, per consultation, the vote matrix it has read so far and the last analysis. A page
that asks again reads only the votes added since (votes are append-only), and the analysis starts from
the previous one (warm start): a new vote does not recompute everything from the database. The matrix
is read again in full when votes were removed (a participant withdrew: the consultation's `generation`
changed) or when the number of stored votes does not match what was read (a vote committed out of id
order by a concurrent transaction), so the cache can be late by one request, never wrong.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from multitrack.core.consultation import Analysis, VoteMatrix, analyse

from ..models import Consultation, Statement, Vote

MIN_VOTES = 7  # as Pol.is: participants with fewer votes are placed on the map but not grouped


@dataclass
class _State:
    generation: int
    created: Any  # with the id, which a database may give again to a later consultation
    matrix: VoteMatrix = field(default_factory=VoteMatrix)
    last_id: int = 0
    rows: int = 0
    analysis: Analysis | None = None
    analysed: tuple[int, tuple[int, ...]] | None = None  # (rows, statements) the analysis is of


@dataclass(frozen=True)
class Result:
    """The analysis with what the pages need to look things up by database id."""

    analysis: Analysis
    votes: int  # votes cast (all of them, including changed ones)
    statement_counts: dict[int, dict[str, int]]  # statement pk -> agree, disagree, pass, seen

    @property
    def group_of(self) -> dict[int, int]:
        """participant pk -> opinion group, for the clustered participants."""
        # The core's keys are any Hashable; this app's are pks (int).
        return {int(p.participant): p.group for p in self.analysis.clustered if p.group is not None}  # type: ignore[call-overload]


_lock = threading.Lock()
_states: dict[int, _State] = {}


def _read(state: _State, consultation: Consultation) -> None:
    rows = Vote.objects.filter(consultation=consultation, pk__gt=state.last_id).order_by("pk")
    batch = list(rows.values_list("pk", "participant_id", "statement_id", "value"))
    if batch:
        ids, participants, statements, values = zip(*batch, strict=True)
        state.matrix.extend(participants, statements, values)
        state.last_id = int(ids[-1])
        state.rows += len(batch)


def _state(consultation: Consultation) -> _State:
    state = _states.get(consultation.pk)
    if state is None or (state.generation, state.created) != (
        consultation.generation,
        consultation.created_at,
    ):
        state = _State(consultation.generation, consultation.created_at)
    _read(state, consultation)
    if Vote.objects.filter(consultation=consultation).count() != state.rows:
        state = _State(consultation.generation, consultation.created_at)
        _read(state, consultation)
    _states[consultation.pk] = state
    return state


def forget(consultation_id: int) -> None:
    with _lock:
        _states.pop(consultation_id, None)


def current(consultation: Consultation) -> Result:
    """The analysis of every statement not rejected, over the latest vote of each participant."""
    consultation.refresh_from_db(fields=["generation", "created_at"])
    statements = tuple(
        Statement.objects.filter(consultation=consultation)
        .exclude(status="rejected")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with _lock:
        state = _state(consultation)
        key = (state.rows, statements)
        if state.analysis is None or state.analysed != key:
            voted_on = set(state.matrix.statements)
            state.analysis = analyse(
                state.matrix,
                statements=[s for s in statements if s in voted_on],
                min_votes=MIN_VOTES,
                min_group_size=int(settings.MIN_CELL),
                previous=state.analysis,
            )
            state.analysed = key
        analysis = state.analysis
        rows = state.rows
    # The core's keys are any Hashable; this app's are pks (int).
    counts = {
        int(r.statement): {"agree": r.agree, "disagree": r.disagree, "pass": r.passes, "seen": r.seen}  # type: ignore[call-overload]
        for r in analysis.statement_results
    }
    return Result(analysis, rows, counts)
