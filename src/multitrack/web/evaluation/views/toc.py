"""Theories of change in the web app: versions, the form editor, the diagram, warnings and comparison.

A theory of change is part of an initiative's confidential record: every view needs the `rows`
capability in its compartment (funders and outsiders get 404); changes need `write`, and only drafts
change. Every change is audited (by the audit signals, by field name only).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.core import toc as core
from multitrack.web import inplace, undo
from multitrack.web.accounts.access import compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.audit.log import record
from multitrack.web.registry.models import Initiative

from ..forms.toc import ElementForm, ElementRenameForm, LinkForm, NewVersionForm, NoteForm, TocForm
from ..models import TheoryOfChange, TocElement, TocLink, TocNote

TocPart = TocElement | TocLink | TocNote


def get_toc(request: HttpRequest, pk: int, *, write: bool = False, draft: bool = False) -> TheoryOfChange:
    """The theory if the user may see it (and change it, with `write`), else 404; 403 for a change to a
    saved version."""
    visible = TheoryOfChange.objects.for_user(request.user, "write" if write else "rows")
    toc: TheoryOfChange = get_object_or_404(visible.select_related("initiative", "compartment"), pk=pk)
    if draft and toc.is_saved:
        raise PermissionDenied(_("This version is saved and cannot change; start a new version from it."))
    return toc


def toc_list(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise Http404
    tocs = (
        TheoryOfChange.objects.for_user(request.user)
        .select_related("initiative")
        .annotate(element_count=Count("elements", distinct=True), link_count=Count("links", distinct=True))
    )
    initiative_id = request.GET.get("initiative", "")
    if initiative_id.isdigit():
        tocs = tocs.filter(initiative_id=int(initiative_id))
    return render(
        request,
        "evaluation/toc_list.html",
        {
            "tocs": tocs,
            "initiative_id": initiative_id,
            "initiatives": Initiative.objects.for_user(request.user, "rows")
            .filter(theories_of_change__isnull=False)
            .distinct(),
            "can_write": bool(compartment_ids(request.user, "write")),
        },
    )


def toc_create(request: AuthenticatedRequest) -> HttpResponse:
    if not compartment_ids(request.user, "write"):
        raise PermissionDenied
    initial = {"initiative": request.GET.get("initiative")}
    form = TocForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        toc = form.save()
        messages.success(
            request,
            _("Started theory of change %(id)s as a draft. Add its activities, outputs, outcomes and impact.")
            % {"id": toc.pk},
        )
        return redirect(toc)
    return render(request, "evaluation/toc_form.html", {"form": form, "title": _("New theory of change")})


def _versions(toc: TheoryOfChange) -> dict[str, Any]:
    later = list(TheoryOfChange.objects.filter(based_on=toc).order_by("as_of", "pk"))
    return {"previous": toc.based_on, "later": later}


def _editor_context(request: HttpRequest, toc: TheoryOfChange) -> dict[str, Any]:
    """What the editor region shows: the elements by level and the links, and on a draft the user may
    change, the forms that add to it in place and the offer to undo the last removal."""
    snapshot = toc.snapshot()
    found = core.problems(snapshot)
    elements = list(toc.elements.all())
    may_write = toc.compartment_id in compartment_ids(request.user, "write")
    editable = may_write and not toc.is_saved
    context: dict[str, Any] = {
        "toc": toc,
        "levels": [
            (code, label, [e for e in elements if e.level == code])
            # get_field() may give a relation, which has no choices; "level" is a field
            for code, label in TocElement._meta.get_field("level").choices  # type: ignore[union-attr]
        ],
        "element_count": len(elements),
        "links": list(toc.links.select_related("source", "target")),
        "notes": list(toc.toc_notes.select_related("element", "link__source", "link__target")),
        "problems": found,
        "warnings": [] if found else core.warnings(snapshot),
        "may_write": may_write,
        "editable": editable,
    }
    if editable:
        context["undo"] = undo.offer(request.session, toc)
        context["element_form"] = ElementForm(user=request.user, toc=toc, auto_id="add-element-%s")
        context["link_form"] = LinkForm(user=request.user, toc=toc, auto_id="add-link-%s")
    return context


def _editor(request: HttpRequest, toc: TheoryOfChange, **extra: Any) -> HttpResponse:
    """The editor region alone, for htmx."""
    context = {**_editor_context(request, toc), "partial": True}
    return render(request, "evaluation/_toc_editor.html", {**context, **extra})


def toc_detail(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk)
    if inplace.is_htmx(request):  # "Cancel" of a field opened in place
        return _editor(request, toc)
    return render(
        request,
        "evaluation/toc_detail.html",
        {
            **_editor_context(request, toc),
            **_versions(toc),
        },
    )


def toc_data(request: HttpRequest, pk: int) -> JsonResponse:
    """The diagram as Cytoscape elements, laid out by level from left to right; elements named in a
    warning are flagged."""
    toc = get_toc(request, pk)
    snapshot = toc.snapshot()
    flagged: dict[str, list[str]] = {}
    if not core.problems(snapshot):
        for warning in core.warnings(snapshot):
            for key in warning.nodes:
                flagged.setdefault(key, []).append(warning.code)
    positions = core.layout(snapshot)
    rank = {n.key: core.RANK.get(n.level, 0) for n in snapshot.nodes}
    notes_on: dict[str, int] = {}
    for note in snapshot.notes:
        if note.node:
            notes_on[note.node] = notes_on.get(note.node, 0) + 1
    rows: dict[str, int] = {}  # what editing in place needs: the row behind each element
    if toc.compartment_id in compartment_ids(request.user, "write") and not toc.is_saved:
        rows = {e.key: e.pk for e in toc.elements.all()}
    nodes = [
        {
            "data": {
                "id": n.key,
                "label": n.label,
                "level": n.level,
                "warnings": flagged.get(n.key, []),
                "flagged": n.key in flagged,
                "notes": notes_on.get(n.key, 0),
                **({"pk": rows[n.key]} if rows else {}),
            },
            "position": {"x": positions[n.key][0], "y": positions[n.key][1]},
        }
        for n in snapshot.nodes
    ]
    edges = [
        {
            "data": {
                "id": f"{link.source}-{link.target}",
                "source": link.source,
                "target": link.target,
                "rationale": link.rationale,
                "bare": not link.rationale.strip(),
                "skips": abs(rank[link.target] - rank[link.source]) > 1,
            }
        }
        for link in snapshot.links
    ]
    return JsonResponse({"elements": {"nodes": nodes, "edges": edges}, "levels": list(core.LEVELS)})


@require_POST
def toc_save(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk, write=True, draft=True)
    try:
        toc.freeze(request.user)
    except ValidationError as err:
        for problem in err.messages:
            messages.error(request, problem)
        return redirect(toc)
    record("update", obj=toc, summary=f"theory of change {toc.pk} saved as a version")
    messages.success(
        request, _("Theory of change %(id)s is saved as a version; it will not change.") % {"id": toc.pk}
    )
    return redirect(toc)


@require_POST
def toc_delete(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk, write=True, draft=True)
    toc.delete()
    messages.success(request, _("The draft was deleted."))
    return redirect("evaluation:toc_list")


def toc_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk, write=True)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        copy = toc.new_version(request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Started theory of change %(id)s as a copy of version %(old)s.")
            % {"id": copy.pk, "old": toc.pk},
        )
        return redirect(copy)
    return render(
        request,
        "evaluation/toc_form.html",
        {"form": form, "title": _("New version of theory of change %(id)s") % {"id": toc.pk}, "toc": toc},
    )


# The forms of the editor region that add in place, by form class: the slot they fill and their ids.
PANEL: dict[type[Any], tuple[str, str]] = {
    ElementForm: ("element_form", "add-element-%s"),
    LinkForm: ("link_form", "add-link-%s"),
}


def _part_form(
    request: HttpRequest,
    toc: TheoryOfChange,
    form_class: type[ElementForm | LinkForm | NoteForm],
    instance: TocPart | None,
    noun: str,
) -> HttpResponse:
    in_place = (
        inplace.is_htmx(request)
        and request.method == "POST"
        and form_class in PANEL
        and not (instance and instance.pk)
    )
    form = form_class(
        request.POST or None,
        instance=instance,
        user=request.user,
        toc=toc,
        auto_id=PANEL[form_class][1] if in_place else "id_%s",
    )
    done = _("Saved the %(noun)s.") % {"noun": noun}
    if in_place:
        return inplace.saved_or_errors(request, toc, _editor, form, PANEL[form_class][0], done)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, done)
        return redirect(toc)
    title = (_("Edit %(noun)s") if instance and instance.pk else _("Add %(noun)s")) % {"noun": noun}
    return render(request, "evaluation/toc_form.html", {"form": form, "title": title, "toc": toc})


def element_add(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk, write=True, draft=True)
    return _part_form(
        request, toc, ElementForm, TocElement(level=request.GET.get("level", "activity")), _("element")
    )


def element_edit(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(TocElement, pk=pk)
    return _part_form(
        request, get_toc(request, element.toc_id, write=True, draft=True), ElementForm, element, _("element")
    )


def element_rename(request: HttpRequest, pk: int) -> HttpResponse:
    element = get_object_or_404(TocElement, pk=pk)
    toc = get_toc(request, element.toc_id, write=True, draft=True)
    form = ElementRenameForm(
        request.POST or None, instance=element, user=request.user, toc=toc, auto_id=f"rename-{element.pk}-%s"
    )
    return inplace.rename(request, toc, _editor, form, reverse("evaluation:element_edit", args=[element.pk]))


def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(request, get_toc(request, pk, write=True, draft=True), LinkForm, None, _("link"))


def link_edit(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(TocLink, pk=pk)
    return _part_form(
        request, get_toc(request, link.toc_id, write=True, draft=True), LinkForm, link, _("link")
    )


def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    toc = get_toc(request, pk, write=True, draft=True)
    return _part_form(request, toc, NoteForm, TocNote(kind=request.GET.get("kind", "assumption")), _("note"))


def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(TocNote, pk=pk)
    return _part_form(
        request, get_toc(request, note.toc_id, write=True, draft=True), NoteForm, note, _("note")
    )


PARTS: dict[str, type[TocPart]] = {"element": TocElement, "link": TocLink, "note": TocNote}


def _removal(part: TocPart) -> str:
    """What a removal takes away, in words for the undo offer."""
    if isinstance(part, TocElement):
        links = TocLink.objects.filter(Q(source=part) | Q(target=part)).count()
        if links:
            return _("“%(label)s” and its %(n)s link(s)") % {"label": part.label, "n": links}
        return _("“%(label)s”") % {"label": part.label}
    if isinstance(part, TocLink):
        return _("the link %(a)s → %(b)s") % {"a": part.source.label, "b": part.target.label}
    return _("the %(kind)s") % {"kind": part.get_kind_display().lower()}


@require_POST
def part_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove an element (with its links and notes), a link or a note; the removal can be undone."""
    model = PARTS.get(kind)
    if model is None:
        raise Http404
    part = get_object_or_404(model, pk=pk)
    assert isinstance(part, TocPart)
    toc = get_toc(request, part.toc_id, write=True, draft=True)
    return inplace.remove(request, toc, _editor, part, _removal(part))


@require_POST
def undo_removal(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    return inplace.restore(request, get_toc(request, pk, write=True, draft=True), _editor, token)


def toc_compare(request: HttpRequest) -> HttpResponse:
    """What changed from one version to another (elements are matched by the keys a copy keeps)."""
    try:
        a_pk, b_pk = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Http404 from None
    a, b = get_toc(request, a_pk), get_toc(request, b_pk)
    difference = core.diff(a.snapshot(), b.snapshot())
    return render(
        request,
        "evaluation/toc_compare.html",
        {
            "a": a,
            "b": b,
            "diff": difference.as_dict(),
            "empty": difference.empty,
            "pair": [
                (a, reverse("evaluation:toc_data", args=[a.pk])),
                (b, reverse("evaluation:toc_data", args=[b.pk])),
            ],
        },
    )
