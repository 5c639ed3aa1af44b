"""Conflict maps in the web app: versions, the form-based editor, drawing, comparison and timeline.

Maps hold person-level detail, so every view needs the `rows` capability in the map's compartment
(funders and outsiders get 404); changes need `write`, and only drafts change. Persons appear by
pseudonym; a role that may reveal identities can ask to see the labels, and each such view is audited.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.core import conflictmap as core
from multitrack.core.conflictmap_svg import layout, shared_layout
from multitrack.web import inplace, undo
from multitrack.web.accounts.access import can, compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.audit.log import record
from multitrack.web.registry.models import Context, Relationship

from . import services
from .forms import (
    CommentForm,
    ContributorForm,
    FactorForm,
    MapForm,
    NewVersionForm,
    NodeForm,
    NodeRenameForm,
    TieForm,
)
from .models import ConflictMap, DnhFactor, MapContributor, MapNode, MapTie
from .services import CANVAS


def get_map(request: HttpRequest, pk: int, *, write: bool = False, draft: bool = False) -> ConflictMap:
    """The map if the user may see it (and change it, with `write`), else 404 as if it did not exist;
    403 for a change to a saved version."""
    visible = ConflictMap.objects.for_user(request.user, "write" if write else "rows")
    m: ConflictMap = get_object_or_404(visible.select_related("context", "compartment"), pk=pk)
    if draft and m.is_saved:
        raise PermissionDenied(_("This version is saved and cannot change; start a new version from it."))
    return m


def revealing(request: HttpRequest, m: ConflictMap) -> bool:
    """Whether this view shows persons' labels: asked for (?reveal=1) by a role that may; audited."""
    if request.GET.get("reveal") != "1" or not can(request.user, "reveal", m.compartment_id):
        return False
    if m.nodes.filter(Q(names_person=True) | Q(actor__kind="person")).exists():
        record("reveal", obj=m, summary=f"person labels on conflict map {m.pk} shown")
    return True


def map_list(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise Http404
    maps = (
        ConflictMap.objects.for_user(request.user)
        .select_related("context")
        .annotate(parties=Count("nodes", distinct=True), tie_count=Count("ties", distinct=True))
    )
    context_id = request.GET.get("context", "")
    if context_id.isdigit():
        maps = maps.filter(context_id=int(context_id))
    return render(
        request,
        "conflictmaps/map_list.html",
        {
            "maps": maps,
            "contexts": Context.objects.for_user(request.user),
            "context_id": context_id,
            "can_write": bool(compartment_ids(request.user, "write")),
        },
    )


def map_create(request: AuthenticatedRequest) -> HttpResponse:
    if not compartment_ids(request.user, "write"):
        raise PermissionDenied
    form = MapForm(request.POST or None, user=request.user, initial={"context": request.GET.get("context")})
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        m = form.save()
        messages.success(
            request, _("Started map %(id)s as a draft. Add its parties, issues and ties.") % {"id": m.pk}
        )
        return redirect(m)
    return render(request, "conflictmaps/map_form.html", {"form": form, "title": _("New conflict map")})


def _versions(m: ConflictMap, user: Any) -> dict[str, Any]:
    siblings = list(ConflictMap.objects.for_user(user).filter(context=m.context).order_by("as_of", "pk"))
    same_view = [v for v in siblings if v.perspective == m.perspective]
    index = same_view.index(m)
    return {
        "previous": same_view[index - 1] if index > 0 else None,
        "next": same_view[index + 1] if index + 1 < len(same_view) else None,
        "same_date": [v for v in siblings if v.as_of == m.as_of and v.pk != m.pk],
    }


def _proposals(ties: list[MapTie], user: Any, m: ConflictMap) -> dict[int, dict[str, Any] | None]:
    """For ties between two registry actors: the matching registry relationship, or a link to propose one."""
    out: dict[int, dict[str, Any] | None] = {}
    visible = Relationship.objects.for_user(user)
    for t in ties:
        a, b = t.source.actor_id, t.target.actor_id
        if a is None or b is None:
            out[t.pk] = None
            continue
        q = Q(source_id=a, target_id=b)
        if t.type != "influence":
            q |= Q(source_id=b, target_id=a)
        existing = visible.filter(q, type=t.type).first()
        params = {
            "source": a,
            "target": b,
            "type": t.type,
            "context": m.context_id,
            "compartment": m.compartment_id,
            "valid_from": m.as_of.isoformat(),
            "evidence": f"Conflict map {m.pk} ({m.as_of:%Y-%m-%d})",
        }
        out[t.pk] = {
            "existing": existing,
            "url": f"{reverse('registry:relationship_create')}?{urlencode(params)}",
        }
    return out


def _editor_context(request: HttpRequest, m: ConflictMap, reveal: bool) -> dict[str, Any]:
    """What the editor region shows: the tables of nodes and ties, and on a draft the user may change,
    the forms that add to it in place and the offer to undo the last removal."""
    nodes = list(m.nodes.select_related("actor"))
    ties = list(m.ties.select_related("source__actor", "target__actor"))
    shown: dict[int, str] = {}
    for n in nodes:  # `shown` is for the template: an attribute of the row, not a field
        n.shown = shown[n.pk] = n.shown_label(reveal=reveal)  # type: ignore[attr-defined]
    may_write = can(request.user, "write", m.compartment_id)
    may_edit = may_write and not m.is_saved
    context: dict[str, Any] = {
        "map": m,
        "nodes": nodes,
        "ties": [(t, shown[t.source_id], shown[t.target_id]) for t in ties],
        "may_write": may_write,
        "may_edit": may_edit,
        "reveal": reveal,
        "problems": m.problems() if not m.is_saved else [],
        "proposals": _proposals(ties, request.user, m),
    }
    if may_edit:
        context["undo"] = undo.offer(request.session, m)
        context["node_form"] = node_form = NodeForm(user=request.user, conflict_map=m, auto_id="add-node-%s")
        node_form.fields["label"].help_text = ""  # no registry actor here to take the label from
        context["tie_form"] = TieForm(user=request.user, conflict_map=m, auto_id="add-tie-%s")
    return context


def _editor(request: HttpRequest, m: ConflictMap, **extra: Any) -> HttpResponse:
    """The editor region alone, for htmx (labels by pseudonym: in-place answers never reveal)."""
    context = {**_editor_context(request, m, reveal=False), "partial": True}
    if "node_form" in extra or "tie_form" in extra:
        context["adding"] = True
    return render(request, "conflictmaps/_map_editor.html", {**context, **extra})


def map_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk)
    if inplace.is_htmx(request):  # "Cancel" of a field opened in place
        return _editor(request, m)
    reveal = revealing(request, m)
    editor = _editor_context(request, m, reveal)
    factors = list(m.factors.prefetch_related("initiatives"))
    contributors = list(m.contributors.select_related("actor", "user"))
    comments = list(m.comments.select_related("author"))
    return render(
        request,
        "conflictmaps/map_detail.html",
        {
            **editor,
            "dnh_groups": [
                (_("Dividers"), "divider", [x for x in factors if x.kind == "divider"]),
                (_("Connectors"), "connector", [x for x in factors if x.kind == "connector"]),
            ],
            "contributors": [c for c in contributors if c.shown],
            "unnamed_contributors": sum(not c.shown for c in contributors),
            "all_contributors": contributors,
            "comments": comments,
            "comment_form": CommentForm(conflict_map=m, reveal=reveal) if editor["may_write"] else None,
            "may_reveal": can(request.user, "reveal", m.compartment_id)
            and any(n.is_person for n in editor["nodes"]),
            "data_url": reverse("maps:data", args=[m.pk]) + ("?reveal=1" if reveal else ""),
            **_versions(m, request.user),
        },
    )


def elements(m: ConflictMap, reveal: bool, beside: ConflictMap | None = None) -> dict[str, Any]:
    """The map as Cytoscape.js elements, each node placed (saved positions, else a circle). Drawn beside
    another version, both are laid out together, so that a party stands at the same place in each."""
    snap = m.snapshot(reveal=reveal)
    if beside is None:
        places = layout(snap, *CANVAS)
    elif m.pk < beside.pk:
        places = shared_layout(snap, beside.snapshot(), *CANVAS)[0]
    else:
        places = shared_layout(beside.snapshot(), snap, *CANVAS)[1]
    return {
        "nodes": [
            {
                "id": n.key,
                "label": n.label,
                "kind": n.kind,
                "power": n.power or 0,
                "position": {"x": places[n.key][0], "y": places[n.key][1]},
            }
            for n in snap.nodes
        ],
        "edges": [
            {"id": f"{t.source}-{t.type}-{t.target}", "source": t.source, "target": t.target, "type": t.type}
            for t in snap.ties
        ],
    }


def map_data(request: HttpRequest, pk: int) -> JsonResponse:
    m = get_map(request, pk)
    other = request.GET.get("beside", "")
    beside = get_map(request, int(other)) if other.isdigit() and int(other) != m.pk else None
    data = elements(m, revealing(request, m), beside)
    data["editable"] = can(request.user, "write", m.compartment_id) and not m.is_saved
    if data["editable"]:  # what editing in place needs: the row behind each node, and who is a person
        rows = {n.key: n for n in m.nodes.select_related("actor")}
        for node in data["nodes"]:
            node["pk"], node["person"] = rows[node["id"]].pk, rows[node["id"]].is_person
    data["positions_url"] = reverse("maps:positions", args=[m.pk])
    return JsonResponse(data)


def map_svg(request: HttpRequest, pk: int) -> HttpResponse:
    return _export(request, pk, "svg")


def map_png(request: HttpRequest, pk: int) -> HttpResponse:
    """The same drawing as the SVG (title with the context, perspective and date; the legend), as a PNG
    image at twice the size, for slides and documents that take no SVG."""
    return _export(request, pk, "png")


def _export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    m = get_map(request, pk)
    drawing = services.export(m, kind, reveal=revealing(request, m))
    response = HttpResponse(drawing, content_type="image/png" if kind == "png" else "image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="conflict-map-{m.pk}.{kind}"'
    return response


@require_POST
def save_positions(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag to arrange: store where nodes were dropped (drafts only)."""
    m = get_map(request, pk, write=True, draft=True)
    try:
        placed = json.loads(request.body)["positions"]
        wanted = {str(k): (float(v["x"]), float(v["y"])) for k, v in placed.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse(
            {"error": 'expected {"positions": {key: {"x": number, "y": number}}}'}, status=400
        )
    nodes = list(m.nodes.filter(key__in=wanted))
    for n in nodes:
        n.x, n.y = wanted[n.key]
    MapNode.objects.bulk_update(nodes, ["x", "y"])
    return JsonResponse({"saved": len(nodes)})


@require_POST
def map_save(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True, draft=True)
    try:
        m.freeze(request.user)
    except ValidationError as err:
        for problem in err.messages:
            messages.error(request, problem)
        return redirect(m)
    record("update", obj=m, summary=f"conflict map {m.pk} saved as a version")
    messages.success(request, _("Map %(id)s is saved as a version; it will not change.") % {"id": m.pk})
    return redirect(m)


@require_POST
def map_delete(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True, draft=True)
    context_id = m.context_id
    m.delete()
    messages.success(request, _("The draft was deleted."))
    return redirect(f"{reverse('maps:list')}?context={context_id}")


def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True)
    form = NewVersionForm(request.POST or None, initial={"perspective": m.perspective})
    if request.method == "POST" and form.is_valid():
        copy = m.new_version(request.user, **form.cleaned_data)
        messages.success(
            request, _("Started map %(id)s as a copy of map %(old)s.") % {"id": copy.pk, "old": m.pk}
        )
        return redirect(copy)
    return render(
        request,
        "conflictmaps/map_form.html",
        {"form": form, "title": _("New version of map %(id)s") % {"id": m.pk}},
    )


# The forms of the editor region that add in place, by form class: the slot they fill and their ids.
PANEL: dict[type[Any], tuple[str, str]] = {
    NodeForm: ("node_form", "add-node-%s"),
    TieForm: ("tie_form", "add-tie-%s"),
}


def _element_form(
    request: HttpRequest,
    m: ConflictMap,
    form_class: type[NodeForm | TieForm | FactorForm | ContributorForm],
    instance: MapNode | MapTie | DnhFactor | MapContributor | None,
    noun: str,
    reveal: bool = False,
) -> HttpResponse:
    in_place = inplace.is_htmx(request) and request.method == "POST" and form_class in PANEL and not instance
    form = form_class(
        request.POST or None,
        instance=instance,
        user=request.user,
        conflict_map=m,
        reveal=reveal,
        auto_id=PANEL[form_class][1] if in_place else "id_%s",
    )
    done = _("Saved the %(noun)s.") % {"noun": noun}
    if in_place:
        return inplace.saved_or_errors(request, m, _editor, form, PANEL[form_class][0], done)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect(m)
    title = (_("Edit %(noun)s") if instance and instance.pk else _("Add %(noun)s")) % {"noun": noun}
    return render(request, "conflictmaps/map_form.html", {"form": form, "title": title, "map": m})


def node_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _element_form(request, get_map(request, pk, write=True, draft=True), NodeForm, None, _("map node"))


def node_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_object_or_404(MapNode.objects.select_related("actor"), pk=pk)
    m = get_map(request, node.map_id, write=True, draft=True)
    if node.is_person and request.method == "GET":
        record("reveal", obj=m, summary=f"label of a person on conflict map {m.pk} shown in the edit form")
    return _element_form(request, m, NodeForm, node, _("map node"), reveal=True)


def node_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """A node's label, in place. A node that names a person is shown by pseudonym here, and is not
    renamed in place: its label would have to be shown, or be replaced unseen."""
    node = get_object_or_404(MapNode.objects.select_related("actor"), pk=pk)
    m = get_map(request, node.map_id, write=True, draft=True)
    if node.is_person:
        messages.error(
            request,
            _(
                "%(who)s names a person and is shown by pseudonym: it is not renamed in place. Change the "
                "person in the registry, or edit the node (showing its label there is recorded)."
            )
            % {"who": node.pseudonym()},
        )
        return inplace.answer(request, m, _editor)
    form = NodeRenameForm(
        request.POST or None, instance=node, user=request.user, conflict_map=m, auto_id=f"rename-{node.pk}-%s"
    )
    return inplace.rename(request, m, _editor, form, reverse("maps:node_edit", args=[node.pk]))


def tie_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _element_form(request, get_map(request, pk, write=True, draft=True), TieForm, None, _("tie"))


def tie_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tie = get_object_or_404(MapTie, pk=pk)
    return _element_form(
        request, get_map(request, tie.map_id, write=True, draft=True), TieForm, tie, _("tie")
    )


def factor_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True, draft=True)
    return _element_form(
        request, m, FactorForm, DnhFactor(kind=request.GET.get("kind", "")), _("divider or connector")
    )


def factor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    factor = get_object_or_404(DnhFactor, pk=pk)
    m = get_map(request, factor.map_id, write=True, draft=True)
    return _element_form(request, m, FactorForm, factor, _("divider or connector"))


def contributor_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True)
    return _element_form(
        request, m, ContributorForm, MapContributor(recorded_by=request.user), _("contributor")
    )


def contributor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Consent may be changed (withdrawn) on saved versions too: it is not part of the map's content."""
    who = get_object_or_404(MapContributor, pk=pk)
    m = get_map(request, who.map_id, write=True)
    return _element_form(request, m, ContributorForm, who, _("contributor"))


ELEMENTS: dict[str, type[MapNode] | type[MapTie] | type[DnhFactor]] = {
    "node": MapNode, "tie": MapTie, "factor": DnhFactor
}  # fmt: skip


def _removal(element: MapNode | MapTie | DnhFactor) -> str:
    """What a removal takes away, in words for the undo offer (persons by pseudonym)."""
    if isinstance(element, MapNode):
        ties = MapTie.objects.filter(Q(source=element) | Q(target=element)).count()
        label = element.shown_label()
        if ties:
            return _("“%(label)s” and its %(n)s tie(s)") % {"label": label, "n": ties}
        return _("“%(label)s”") % {"label": label}
    if isinstance(element, MapTie):
        return _("the tie %(a)s — %(type)s — %(b)s") % {
            "a": element.source.shown_label(),
            "type": element.get_type_display(),
            "b": element.target.shown_label(),
        }
    return _("the %(kind)s") % {"kind": element.get_kind_display().lower()}


@require_POST
def element_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove a node (with its ties), a tie, or a divider or connector; the removal can be undone."""
    model = ELEMENTS.get(kind)
    if model is None:
        raise Http404
    element = get_object_or_404(model, pk=pk)
    assert isinstance(element, MapNode | MapTie | DnhFactor)
    m = get_map(request, element.map_id, write=True, draft=True)
    return inplace.remove(request, m, _editor, element, _removal(element))


@require_POST
def undo_removal(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    return inplace.restore(request, get_map(request, pk, write=True, draft=True), _editor, token)


@require_POST
def comment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    m = get_map(request, pk, write=True)
    form = CommentForm(request.POST, conflict_map=m)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.author = request.user
        comment.save()
        messages.success(request, _("Comment added."))
    else:
        messages.error(request, _("The comment was empty or named an element not on this map."))
    return redirect(reverse("maps:detail", args=[m.pk]) + "#comments")


def compare(request: HttpRequest) -> HttpResponse:
    """Two versions side by side (two perspectives of one date, or one view at two dates), with what
    changed from the first to the second."""
    try:
        a_pk, b_pk = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Http404 from None
    a, b = get_map(request, a_pk), get_map(request, b_pk)
    reveal = revealing(request, a) & revealing(request, b)
    difference = core.diff(a.snapshot(reveal=reveal), b.snapshot(reveal=reveal))
    return render(
        request,
        "conflictmaps/map_compare.html",
        {
            "a": a,
            "b": b,
            "pair": [
                (a, reverse("maps:data", args=[a.pk]) + f"?beside={b.pk}" + ("&reveal=1" if reveal else "")),
                (b, reverse("maps:data", args=[b.pk]) + f"?beside={a.pk}" + ("&reveal=1" if reveal else "")),
            ],
            "diff": difference.as_dict(),
            "empty": difference.empty,
        },
    )


def timeline(request: HttpRequest, context_pk: int) -> HttpResponse:
    """A context's map versions over time, one row per perspective, with links to compare."""
    if not compartment_ids(request.user, "rows"):
        raise Http404
    context = get_object_or_404(Context.objects.for_user(request.user), pk=context_pk)
    maps = list(
        ConflictMap.objects.for_user(request.user)
        .filter(context=context)
        .annotate(parties=Count("nodes", distinct=True), tie_count=Count("ties", distinct=True))
        .order_by("as_of", "pk")
    )
    perspectives: dict[str, list[dict[str, Any]]] = {}
    for m in maps:
        row = perspectives.setdefault(m.perspective, [])
        entry: dict[str, Any] = {"map": m, "previous": row[-1]["map"] if row else None}
        if entry["previous"] is not None:
            d = core.diff(entry["previous"].snapshot(), m.snapshot())
            entry["changes"] = d.as_dict()
        row.append(entry)
    dates = sorted({m.as_of for m in maps})
    same_date = {d: [m for m in maps if m.as_of == d] for d in dates}
    return render(
        request,
        "conflictmaps/map_timeline.html",
        {
            "context": context,
            "perspectives": perspectives,
            "dates": dates,
            "shared_dates": {d: ms for d, ms in same_date.items() if len(ms) > 1},
            "can_write": bool(compartment_ids(request.user, "write")),
        },
    )
