"""The overview: what needs doing, per role, each item counted and linked to where it is done.

Each kind of work is offered only to those who can do it, in the compartments where they can: hits to
decide, drafts, indicator values due and outcomes without substantiation to editors and owners; reviewer
warnings to every role that reads the registry's rows; the latest changes of the audit log to owners. A
funder is shown what is shared with them: per compartment, its figures and its initiatives' contribution
stories. Persons appear by pseudonym only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.urls import reverse

from multitrack.core import indicators as core_indicators
from multitrack.core import vocab
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.models import Compartment

from ..models import Actor, Context, Event, Initiative

SHOWN = 5  # entries listed under each task; the count and the link give the rest
RECENT = timedelta(days=14)


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    explanation: str
    count: int
    entries: tuple[Entry, ...]
    url: str = ""  # where all of them are listed, when one page does

    @property
    def more(self) -> int:
        """How many are counted but not listed."""
        return self.count - len(self.entries)


@dataclass(frozen=True)
class Shared:
    """One compartment where the user reads aggregates only (a funder there)."""

    compartment: str
    figures_url: str
    initiatives: tuple[Entry, ...]


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    by_track: list[tuple[str, str, int]]
    max_track: int
    unclassified: int
    recent: list[Initiative]
    tasks: list[Task]
    shared: list[Shared]
    changes: Task | None
    may_write: bool


def overview(user: Any, today: date) -> Overview:
    """Everything the overview page shows `user` on `today`."""
    initiatives = list(Initiative.objects.for_user(user).for_classification().order_by("-updated_at")[:200])
    tracks: Counter[str] = Counter()
    classified = []
    for initiative in initiatives:
        override = initiative.active_override
        result = initiative.classification()
        classified.append((initiative, result, override))
        tracks[override.track if override else (result.track or "")] += 1
    by_track = [(t.code, t.label, tracks.get(t.code, 0)) for t in vocab.TRACKS]
    reads_rows = bool(compartment_ids(user, "rows"))
    counts = {
        "contexts": Context.objects.for_user(user).count(),
        "initiatives": Initiative.objects.for_user(user).count(),
    }
    if reads_rows:  # persons and events are rows: a funder's counts would say 0
        counts["actors"] = Actor.objects.for_user(user).count()
        counts["events"] = Event.objects.for_user(user).count()
    tasks = [
        _hits(user),
        _drafts(user),
        _warnings(user, classified),
        _values_due(user, today),
        _unsubstantiated(user),
    ]
    return Overview(
        counts=counts,
        by_track=by_track,
        max_track=max([n for _c, _l, n in by_track] + [1]),
        unclassified=tracks.get("", 0),
        recent=initiatives[:8],
        tasks=[task for task in tasks if task is not None and task.count],
        shared=_shared(user),
        changes=_changes(user, today),
        may_write=bool(compartment_ids(user, "write")),
    )


def _hits(user: Any) -> Task | None:
    from multitrack.web.screening.models import ScreeningHit

    if not compartment_ids(user, "write"):
        return None
    hits = ScreeningHit.objects.for_user(user, "write").filter(open=True).select_related("actor")
    return Task(
        key="hits",
        title="Screening hits to decide",
        explanation="Open hits against the sanctions lists: decide whether each is the listed person.",
        count=hits.count(),
        entries=tuple(
            Entry(hit.actor.code, reverse("screening:hit", args=[hit.pk]), f"score {hit.score:.2f}")
            for hit in hits.order_by("-score", "pk")[:SHOWN]
        ),
        url=reverse("screening:queue"),
    )


def _drafts(user: Any) -> Task | None:
    from multitrack.web.conflictmaps.models import ConflictMap
    from multitrack.web.evaluation.models import TheoryOfChange

    if not compartment_ids(user, "write"):
        return None
    maps = ConflictMap.objects.for_user(user, "write").filter(saved_at__isnull=True).select_related("context")
    tocs = TheoryOfChange.objects.for_user(user, "write").filter(saved_at__isnull=True)
    drafts = [
        (f"Conflict map of {m.context} as of {m.as_of:%d %b %Y}", m.get_absolute_url(), "conflict map")
        for m in maps.order_by("-pk")
    ] + [(t.title, t.get_absolute_url(), "theory of change") for t in tocs.order_by("-pk")]
    return Task(
        key="drafts",
        title="Drafts not yet saved as versions",
        explanation="A draft can still change; save it as a version when it is agreed, or delete it.",
        count=len(drafts),
        entries=tuple(Entry(*draft) for draft in drafts[:SHOWN]),
    )


def _warnings(user: Any, classified: list[tuple[Initiative, Any, Any]]) -> Task | None:
    rows = compartment_ids(user, "rows")
    if not rows:
        return None
    flagged = [
        (initiative, result)
        for initiative, result, override in classified
        if initiative.compartment_id in rows and result.warnings and override is None
    ]
    return Task(
        key="warnings",
        title="Initiatives with reviewer warnings",
        explanation="The recorded components leave the track unclear: complete them, or record a decision.",
        count=len(flagged),
        entries=tuple(
            Entry(i.title, i.get_absolute_url(), _plural(len(r.warnings), "warning"))
            for i, r in flagged[:SHOWN]
        ),
        url=reverse("registry:initiative_list"),
    )


def _values_due(user: Any, today: date) -> Task | None:
    """The periods of each indicator's frequency for which a value is due (core.indicators.due, the rule
    of the indicator page and its entry grid): a target's period begun, nothing recorded."""
    from multitrack.web.evaluation.models import Indicator

    if not compartment_ids(user, "write"):
        return None
    found = []
    indicators = Indicator.objects.for_user(user, "write").prefetch_related("targets", "measurements")
    for indicator in indicators.order_by("code", "pk"):
        targets = [t.period for t in indicator.targets.all()]
        recorded = [m.period for m in indicator.measurements.all()]
        for p in core_indicators.due(indicator.frequency, targets, recorded, today):
            note = f"due by {p.end:%d %b %Y}" if p.end >= today else f"overdue since {p.end:%d %b %Y}"
            found.append((p.end, Entry(f"{indicator.code} · {p.label}", indicator.get_absolute_url(), note)))
    found.sort(key=lambda item: item[0])
    return Task(
        key="values",
        title="Indicator values due",
        explanation="A target's period has begun or ended and no value is recorded for it.",
        count=len(found),
        entries=tuple(entry for _end, entry in found[:SHOWN]),
        url=reverse("evaluation:indicator_list"),
    )


def _unsubstantiated(user: Any) -> Task | None:
    from multitrack.web.evaluation.models import Outcome

    if not compartment_ids(user, "write"):
        return None
    outcomes = (
        Outcome.objects.for_user(user, "write")
        .annotate(views=Count("substantiations"))
        .filter(views=0)
        .order_by("-observed_on", "pk")
    )
    return Task(
        key="outcomes",
        title="Outcomes without substantiation",
        explanation="No independent substantiator has given a view on these harvested outcomes yet.",
        count=outcomes.count(),
        entries=tuple(
            Entry(o.title, o.get_absolute_url(), f"seen {o.observed_on:%d %b %Y}") for o in outcomes[:SHOWN]
        ),
        url=reverse("evaluation:outcome_list"),
    )


def _changes(user: Any, today: date) -> Task | None:
    """The latest changes in the compartments the user owns (the audit log is theirs to read)."""
    from multitrack.web.audit.models import AuditEvent

    owned = compartment_ids(user, "manage")
    if not owned:
        return None
    events = AuditEvent.objects.filter(
        compartment_id__in=owned,
        action__in=("create", "update", "delete", "import"),
        at__date__gte=today - RECENT,
    ).order_by("-seq")
    return Task(
        key="changes",
        title="Latest changes in your compartments",
        explanation="From the audit log of the compartments you own, the last 14 days.",
        count=events.count(),
        entries=tuple(
            Entry(
                e.summary or e.get_action_display(),
                "",
                f"{e.username or 'command line'} · {e.at:%d %b %H:%M}",
            )
            for e in events[:SHOWN]
        ),
        url=reverse("audit:list"),
    )


def _shared(user: Any) -> list[Shared]:
    """Compartments where the user reads aggregates only, each with its figures and contribution stories."""
    only = compartment_ids(user, "aggregates") - compartment_ids(user, "rows")
    shared = []
    for compartment in Compartment.objects.filter(pk__in=only).order_by("name"):
        initiatives = Initiative.objects.filter(compartment=compartment).order_by("title")
        shared.append(
            Shared(
                compartment=compartment.name,
                figures_url=reverse("registry:funder_view", args=[compartment.pk]),
                initiatives=tuple(
                    Entry(i.title, reverse("evaluation:contribution", args=[i.pk]), "contribution story")
                    for i in initiatives
                ),
            )
        )
    return shared


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
