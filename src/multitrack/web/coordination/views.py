"""Coordination pages: the spaces one's organisations are in, a space's cards, an initiative's card."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from multitrack.core.linkage import IncompatibleEncodings
from multitrack.web.accounts.access import compartment_ids, organisation_ids, require
from multitrack.web.accounts.models import Organisation
from multitrack.web.registry.models import Initiative

from . import linkage, services
from .forms import CardForm, InviteForm, SpaceForm
from .models import CARD_FIELDS, SHAREABLE, Card, ExternalCard, Space, SpaceMember


def _space_for(request: HttpRequest, pk: int) -> tuple[Space, SpaceMember]:
    """The space, for a user whose organisation is in it or invited (404 otherwise)."""
    for space, member in services.visible_spaces(request.user):
        if space.pk == pk:
            return space, member
    raise Http404


def index(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise PermissionDenied
    owned = services.owned_organisations(request.user)
    form = SpaceForm(request.POST or None, organisations=owned)
    if request.method == "POST":
        if not owned:
            raise PermissionDenied
        if form.is_valid():
            try:
                data = form.cleaned_data
                space = services.create_space(
                    data["name"], data["purpose"], data["organisation"], request.user
                )
            except services.CoordinationError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("coordination:space", space.pk)
    mine = Organisation.objects.filter(pk__in=organisation_ids(request.user, "rows"))
    cards = Card.objects.filter(initiative__compartment_id__in=compartment_ids(request.user, "rows"))
    received = ExternalCard.objects.filter(
        organisation__in=mine, partner__revoked_at__isnull=True
    ).select_related("partner")
    return render(request, "coordination/index.html", {
        "spaces": services.visible_spaces(request.user), "form": form, "owned": owned, "mine": mine,
        "cards": cards.select_related("initiative").prefetch_related("spaces"),
        "managed": compartment_ids(request.user, "manage"),  # whose cards an owner opens to change
        "received": [(c.partner, services.readable(dict(c.content))) for c in received],
    })  # fmt: skip


def space_page(request: HttpRequest, pk: int) -> HttpResponse:
    space, member = _space_for(request, pk)
    owned = {o.pk for o in services.owned_organisations(request.user)}
    acting = member.organisation_id in owned
    try:
        shared = linkage.shared_persons(space, request.user) if member.joined_at else None
    except IncompatibleEncodings as exc:
        shared, messages_ = None, [str(exc)]
    else:
        messages_ = []
    submitted = space.submissions.filter(key_id=space.linkage_key_id).select_related("organisation")
    return render(request, "coordination/space.html", {
        "space": space, "member": member, "joined": member.joined_at is not None,
        "members": space.members.select_related("organisation"),
        "cards": services.cards_in(space, request.user), "fields": CARD_FIELDS,
        "acting": acting, "invite_form": InviteForm() if member.joined_at and acting else None,
        "shared": shared, "linkage_problems": messages_, "submitted": submitted,
        "shared_rows": shared.report.bands.to_rows()[1:] if shared else [],
        "coordinator": space.created_by_id in owned,
    })  # fmt: skip


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    space, member = _space_for(request, pk)
    if member.organisation not in services.owned_organisations(request.user):
        raise PermissionDenied  # only the organisation's owners act for it
    try:
        if action == "join":
            services.join(space, member.organisation, request.user)
        elif action == "leave":
            services.leave(space, member.organisation, request.user)
            messages.success(request, f"{member.organisation.name} left {space.name}.")
            return redirect("coordination:index")
        else:
            form = InviteForm(request.POST)
            if not form.is_valid():
                raise services.CoordinationError(
                    " ".join(map(str, form.errors.get("organisation", ["Name one."])))
                )
            services.invite(space, member.organisation, form.cleaned_data["organisation"], request.user)
    except services.CoordinationError as exc:
        messages.error(request, str(exc))
    return redirect("coordination:space", space.pk)


@require_POST
def linkage_secret(request: HttpRequest, pk: int) -> HttpResponse:
    """The opening organisation's owner sets a new linkage secret (earlier encodings are discarded)."""
    space, _member = _space_for(request, pk)
    try:
        linkage.set_secret(space, request.user)
    except services.CoordinationError:
        raise PermissionDenied from None
    messages.success(request, "A new linkage secret is set; every organisation submits its encodings again.")
    return redirect("coordination:space", space.pk)


@require_POST
def linkage_submit(request: HttpRequest, pk: int) -> HttpResponse:
    space, member = _space_for(request, pk)
    if member.organisation not in services.owned_organisations(request.user):
        raise PermissionDenied
    try:
        n = linkage.submit(space, member.organisation, request.user)
    except services.CoordinationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"{n} participations encoded and submitted; no name left this installation."
        )
    return redirect("coordination:space", space.pk)


@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "join")


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "leave")


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "invite")


def card(request: HttpRequest, pk: int) -> HttpResponse:
    """An initiative's card: what to share, with whom, and a preview of what partners will see."""
    initiative = get_object_or_404(Initiative, pk=pk)
    require(request.user, "manage", initiative.compartment_id)
    existing = Card.objects.filter(initiative=initiative).first()
    joined = Space.objects.filter(
        members__organisation_id=initiative.compartment.organisation_id, members__joined_at__isnull=False
    )
    initial: dict[str, Any] = {"fields_shared": ["context", "period", "track", "format", "objectives"]}
    if existing:
        initial = {
            "fields_shared": existing.fields, "label": existing.label,
            "target_groups": existing.target_groups, "contact": existing.contact,
            "spaces": list(existing.spaces.all()),
        }  # fmt: skip
    form = CardForm(request.POST or None, spaces=joined, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given = services.CardInput(
            list(data["fields_shared"]),
            data["label"],
            data["target_groups"],
            data["contact"],
            tuple(data["spaces"]),
        )
        try:
            services.share_card(initiative, given, request.user)
        except services.CoordinationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The card was saved." if not data["spaces"] else "The card is shared.")
            return redirect(reverse("coordination:card", args=[initiative.pk]))
    values = services.values_of(
        initiative, existing.label if existing else "", existing.target_groups if existing else "",
        existing.contact if existing else "",
    )  # fmt: skip
    preview = [(code, services.as_text(code, value)) for code, value in values.items()]
    return render(request, "coordination/card.html", {
        "initiative": initiative, "form": form, "card": existing, "fields": CARD_FIELDS, "preview": preview,
        "shareable": initiative.discretion in SHAREABLE, "joined": joined,
        "shown": services.readable(dict(existing.content or {})) if existing else [],
    })  # fmt: skip


@require_POST
def card_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    require(request.user, "manage", initiative.compartment_id)
    existing = get_object_or_404(Card, initiative=initiative)
    services.withdraw_card(existing, request.user)
    messages.success(request, "The card was withdrawn from every space.")
    return redirect(reverse("coordination:card", args=[initiative.pk]))
