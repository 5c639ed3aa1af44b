from __future__ import annotations

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from multitrack.core import vocab

from ..models import Actor, Context, Event, Initiative


def home(request: HttpRequest) -> HttpResponse:
    """The registry at a glance: counts and the spread of initiatives over the tracks."""
    initiatives = list(Initiative.objects.for_classification().order_by("-updated_at")[:200])
    tracks: Counter[str] = Counter()
    for initiative in initiatives:
        override = initiative.active_override
        tracks[override.track if override else (initiative.classification().track or "")] += 1
    by_track = [(t.code, t.label, tracks.get(t.code, 0)) for t in vocab.TRACKS]
    ctx = {
        "counts": {
            "contexts": Context.objects.count(),
            "actors": Actor.objects.count(),
            "initiatives": Initiative.objects.count(),
            "events": Event.objects.count(),
        },
        "by_track": by_track,
        "max_track": max([n for _c, _l, n in by_track] + [1]),
        "unclassified": tracks.get("", 0),
        "recent": initiatives[:8],
    }
    return render(request, "registry/home.html", ctx)


def glossary(request: HttpRequest) -> HttpResponse:
    """Every controlled vocabulary with its definitions and sources: the shared "track language"."""
    return render(request, "registry/glossary.html", {"vocabularies": list(vocab.ALL.values())})
