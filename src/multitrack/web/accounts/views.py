"""Compartments and their members, managed by their owners."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import services
from .access import compartment_ids
from .forms import MemberForm
from .middleware import AuthenticatedRequest
from .models import Compartment, Membership


def compartment_list(request: AuthenticatedRequest) -> HttpResponse:
    """The user's compartments and their role in each."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("compartment")
        .annotate(initiatives=Count("compartment__initiatives"))
    )
    return render(request, "accounts/compartment_list.html", {"memberships": memberships})


def _owned(request: HttpRequest, pk: int) -> Compartment:
    return get_object_or_404(
        Compartment.objects.filter(pk__in=compartment_ids(request.user, "manage")), pk=pk
    )


def compartment_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Owners see and change who is in the compartment, with which role."""
    compartment = _owned(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_role(form.cleaned_data["username"], compartment, form.cleaned_data["role"])
        messages.success(
            request, f"{form.cleaned_data['username'].get_username()} is now {form.cleaned_data['role']}."
        )
        return redirect("compartment_members", pk=pk)
    members = compartment.memberships.select_related("user").order_by("user__username")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/compartment_members.html",
        {"compartment": compartment, "members": members, "form": form},
        status=status,
    )


@require_POST
def remove_member(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    compartment = _owned(request, pk)
    membership = get_object_or_404(compartment.memberships, pk=membership_pk)
    try:
        services.remove_member(membership)
    except services.AccountError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{membership.user.get_username()} removed.")
    return redirect("compartment_members", pk=pk)
