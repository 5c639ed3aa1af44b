"""The network map, the Lederach pyramid, the nine-track compass, and brokers and gaps.

Everything is drawn from what the user may see with the `rows` capability; persons appear by
pseudonym; funders, who have aggregates only, get 404.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import numpy as np
from django import forms
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from multitrack.core import vocab
from multitrack.core.brokerage import ROLES, expected_under_random_groups
from multitrack.core.network import LINKING_TYPES, arcs, brokerage_roles
from multitrack.core.network_metrics import metrics
from multitrack.core.track_linkage import linkage, linkage_change
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.models import Compartment
from multitrack.web.formfields import model_choices
from multitrack.web.registry.models import Context, Initiative

from . import layouts
from .services import SOURCES, Scope, load_network

GROUP_LABELS = {
    "track": "tracks",
    "level": "Lederach levels",
    "nine_track": "Diamond–McDonald tracks",
    "party": "affiliations",
}
EXPECTED_DRAWS = 50  # permutations for the expected counts; enough for a table, cheap at registry sizes
VIEWS = {"map": "Network map", "pyramid": "Lederach pyramid", "ninetrack": "Nine tracks"}


class ScopeForm(forms.Form):
    source = forms.ChoiceField(
        label="Ties from",
        choices=[
            ("both", "Relationships and co-participation"),
            ("relationships", "Recorded relationships"),
            ("participation", "Taking part in the same events"),
        ],
        required=False,
    )
    compartment = forms.ModelChoiceField(
        label="Compartment", queryset=Compartment.objects.none(), required=False
    )
    context = forms.ModelChoiceField(label="Context", queryset=Context.objects.none(), required=False)
    initiative = forms.ModelChoiceField(
        label="Initiative", queryset=Initiative.objects.none(), required=False
    )
    as_of = forms.DateField(label="As of", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period_start = forms.DateField(
        label="Or from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label="to", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    group_by = forms.ChoiceField(
        label="Brokers between",
        choices=[
            ("track", "Tracks"),
            ("level", "Lederach levels"),
            ("nine_track", "Diamond–McDonald tracks"),
            ("party", "Affiliations"),
        ],
        required=False,
    )
    compare = forms.DateField(
        label="Linkage change since", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    types = forms.MultipleChoiceField(
        label="Tie types",
        choices=[*vocab.RELATIONSHIP_TYPES.choices(), ("co_participation", "Co-participation")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "compartment", Compartment.objects.filter(pk__in=compartment_ids(user, "rows")))
        model_choices(self, "context", Context.objects.for_user(user))
        model_choices(self, "initiative", Initiative.objects.for_user(user, "rows"))

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_valid() else {}
        source = data.get("source") or "both"
        return Scope(
            source=source if source in SOURCES else "both",
            compartment_id=data["compartment"].pk if data.get("compartment") else None,
            context_id=data["context"].pk if data.get("context") else None,
            initiative_id=data["initiative"].pk if data.get("initiative") else None,
            as_of=data.get("as_of") or None,
            period=(data["period_start"], data["period_end"])
            if data.get("period_start") and data.get("period_end")
            else None,
            types=tuple(data.get("types") or ()),
        )


def _require_rows(request: HttpRequest) -> None:
    if not compartment_ids(request.user, "rows"):
        raise Http404


def network_page(request: HttpRequest, view: str = "map") -> HttpResponse:
    _require_rows(request)
    if view not in VIEWS:
        raise Http404
    form = ScopeForm(request.GET or None, user=request.user)
    network, codes = load_network(request.user, form.scope())
    ctx: dict[str, Any] = {
        "form": form,
        "view": view,
        "views": VIEWS,
        "data_url": reverse("mapping:data", args=[view])
        + ("?" + request.GET.urlencode() if request.GET else ""),
        "actor_count": len(network.nodes),
        "tie_count": len(network.ties),
    }
    if network.nodes:
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        change = None
        if data.get("compare"):
            # Compare two dates on the unfiltered network: linkage at `compare` and at "as of" (or today).
            scope = form.scope()
            everything, _ = load_network(request.user, dataclasses.replace(scope, as_of=None))
            ctx["compare_to"] = scope.as_of or date.today()
            change = linkage_change(everything.of_types(LINKING_TYPES), data["compare"], ctx["compare_to"])
        ctx.update(_analysis(network, codes, data.get("group_by") or "track", change))
    return render(request, "networks/network.html", ctx)


def _analysis(network: Any, codes: dict[str, int], group_by: str, change: Any) -> dict[str, Any]:
    """Brokers (Gould–Fernandez, grouped as asked, beside their expected counts under random groups)
    and the Track Three → Track One linkage report (with `change`, a LinkageChange, if asked)."""
    # Discord and broken ties are drawn, but carry no contact: they are not links or brokerage paths.
    network = network.of_types(LINKING_TYPES)
    result = brokerage_roles(network, by=group_by)
    code = {g: i for i, g in enumerate(sorted(set(result.groups)))}
    expected = expected_under_random_groups(
        arcs(network), np.array([code[g] for g in result.groups], dtype=np.int64), draws=EXPECTED_DRAWS
    )
    labels = {n.id: n.label for n in network.nodes}
    brokers = sorted(
        (
            {
                "id": node,
                "label": labels[node],
                "url": _actor_url(codes, node),
                "group": group,
                "counts": row,
                "total": sum(row),
                "expected_liaison": round(float(exp[4]), 1),
            }
            for node, group, row, exp in zip(
                result.nodes, result.groups, result.counts.tolist(), expected.tolist(), strict=True
            )
            if sum(row)
        ),
        key=lambda b: (-b["counts"][4], -b["total"], b["id"]),
    )[:25]
    report = linkage(network)
    cuts = metrics(network).cuts
    return {
        "cuts": [
            {"label": labels.get(c.node, c.node), "url": _actor_url(codes, c.node), "separates": c.separates}
            for c in cuts
            if c.node in codes
        ],
        "roles": ROLES,
        "brokers": brokers,
        "group_by": group_by,
        "group_label": GROUP_LABELS.get(group_by, group_by),
        "linkage": report,
        "change": change,
        "unlinked": [
            {"id": n, "label": labels.get(n, n), "url": _actor_url(codes, n)}
            for n in report.unlinked
            if n in codes
        ],
        "top_linkers": sorted(report.broker_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "labels": labels,
    }


def _actor_url(codes: dict[str, int], node: str) -> str:
    return reverse("registry:actor_detail", args=[codes[node]])


def network_data(request: HttpRequest, view: str) -> JsonResponse:
    """Nodes and edges for Cytoscape.js; positions for the pyramid and nine-track views."""
    _require_rows(request)
    if view not in VIEWS:
        raise Http404
    form = ScopeForm(request.GET or None, user=request.user)
    network, codes = load_network(request.user, form.scope())
    sizes = {m.id: m.betweenness for m in metrics(network).nodes} if network.nodes else {}
    top = max(sizes.values(), default=0.0) or 1.0
    positions: dict[str, dict[str, float]] = {}
    guides: list[dict[str, object]] = []
    if view == "pyramid":
        positions, guides = layouts.pyramid(network.nodes)
    elif view == "ninetrack":
        positions, guides = layouts.nine_tracks(network.nodes)
    nodes = [
        {
            "id": n.id,
            "label": n.label,
            "kind": n.kind,
            "track": n.track or "",
            "level": n.level or "",
            "url": _actor_url(codes, n.id),
            "size": sizes.get(n.id, 0.0) / top,
            **({"position": positions[n.id]} if n.id in positions else {}),
        }
        for n in network.nodes
    ]
    edges = [
        {
            "id": f"e{i}",
            "source": t.source,
            "target": t.target,
            "type": t.type,
            "directed": t.directed,
            "weight": t.weight,
        }
        for i, t in enumerate(network.ties)
    ]
    layout = "preset" if view in ("pyramid", "ninetrack") else "cose"
    return JsonResponse({"nodes": nodes + guides, "edges": edges, "layout": layout, "as_of": _iso(form)})


def _iso(form: ScopeForm) -> str | None:
    day: date | None = form.cleaned_data.get("as_of") if form.is_valid() else None
    return day.isoformat() if day else None
