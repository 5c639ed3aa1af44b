from __future__ import annotations

from typing import Any

from django.views import generic

from multitrack.web.accounts.access import compartment_ids

from ..forms import ContextForm
from ..models import Actor, Context, Initiative
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class ContextList(SearchListView[Context]):
    model = Context
    capability = "aggregates"


class ContextDetail(Scoped, generic.DetailView[Context]):
    model = Context
    capability = "aggregates"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["initiatives"] = (
            Initiative.objects.for_user(user).filter(context=self.object).for_classification()
        )
        ctx["actor_count"] = Actor.objects.for_user(user).filter(contexts=self.object).count()
        ctx["ucdp_timeline"] = ucdp_timeline(self.object)
        ctx["can_rows"] = bool(compartment_ids(user, "rows"))
        if ctx["can_rows"]:
            ctx.update(conflict_maps(user, self.object))
        return ctx


def conflict_maps(user: Any, context: Context) -> dict[str, Any]:
    """The context's map versions the user may see, and the dividers and connectors of the latest
    saved version that has any (Do No Harm: per context and date)."""
    from multitrack.web.conflictmaps.models import ConflictMap, DnhFactor

    maps = ConflictMap.objects.for_user(user).filter(context=context)
    latest = maps.filter(saved_at__isnull=False, factors__isnull=False).order_by("-as_of", "-pk").first()
    factors = DnhFactor.objects.filter(map=latest).prefetch_related("initiatives") if latest else []
    return {
        "map_count": maps.count(),
        "latest_maps": list(maps.order_by("-as_of", "-pk")[:5]),
        "dnh_map": latest,
        "dnh_factors": factors,
    }


def ucdp_timeline(context: Context) -> list[dict[str, Any]]:
    """For each UCDP conflict linked to the context (by id, or located in one of its Gleditsch–Ward
    states), its years with their intensity: 1 minor (25–999 deaths), 2 war (1,000 or more)."""
    from django.db.models import Q

    from multitrack.web.ucdp.models import UcdpConflictYear

    query = Q(conflict_id__in=context.ucdp_conflict_ids)
    rows = [
        r
        for r in UcdpConflictYear.objects.filter(query | Q(pk__in=_located_in(context)))
        .order_by("conflict_id", "year")
        .only("conflict_id", "year", "intensity_level", "location", "side_b")
    ]
    timeline: dict[int, dict[str, Any]] = {}
    for r in rows:
        entry = timeline.setdefault(
            r.conflict_id,
            {"conflict_id": r.conflict_id, "location": r.location, "side_b": r.side_b, "years": []},
        )
        entry["years"].append({"year": r.year, "intensity": r.intensity_level})
    return list(timeline.values())


def _located_in(context: Context) -> list[int]:
    """Conflict-year rows whose location includes one of the context's Gleditsch–Ward states (JSON
    lists are matched in Python, the same on SQLite and PostgreSQL)."""
    from multitrack.web.ucdp.models import UcdpConflictYear

    states = set(context.gw_codes)
    if not states:
        return []
    pairs = UcdpConflictYear.objects.values_list("pk", "gwno_loc")
    return [pk for pk, loc in pairs if states & set(loc or [])]


class ContextCreate(NeedsWriteAccess, RecordFormMixin, generic.CreateView[Context, ContextForm]):
    model = Context
    form_class = ContextForm


class ContextUpdate(NeedsWriteAccess, Scoped, RecordFormMixin, generic.UpdateView[Context, ContextForm]):
    """Contexts are shared reference data: anyone who may write somewhere may correct them."""

    model = Context
    form_class = ContextForm
    capability = "aggregates"
