"""Screening in the web app: screen an actor or a compartment, the review queue, decisions, and the
ethics register (engagement records approved by two different users).

Hits concern registry actors: they need the `rows` capability in the actor's compartment (funders and
outsiders get 404), and actions need `write`. Actors appear by pseudonym. The explanation of a score
quotes parts of the actor's name, so only roles that may reveal identities see it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from multitrack.web.accounts.access import can, compartment_ids
from multitrack.web.accounts.middleware import AuthenticatedRequest
from multitrack.web.accounts.models import Compartment
from multitrack.web.audit.log import record
from multitrack.web.registry.models import Actor

from ..models import VERDICTS, EngagementRecord, ScreeningHit
from ..services import screen


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=VERDICTS, widget=forms.RadioSelect)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: which identifiers agree or differ (date of birth, nationality, role, place).",
    )


class EngagementForm(forms.ModelForm[EngagementRecord]):
    class Meta:
        model = EngagementRecord
        fields = ["purpose", "legal_considerations", "exemptions", "mitigations"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


def _no_lists() -> bool:
    return not screen.active_entities().exists()


@require_POST
def screen_actor(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_object_or_404(Actor.objects.for_user(request.user, "write"), pk=pk)
    if _no_lists():
        messages.error(request, "No sanctions list is imported yet: run multitrack watchlist import first.")
        return redirect(actor)
    report = screen.screen_actors([actor], screen.current_index(), request.user)
    messages.success(request, f"Screened {actor.code}: {report}.")
    return redirect(f"{reverse('screening:queue')}?actor={actor.pk}")


@require_POST
def screen_compartment(request: HttpRequest, pk: int) -> HttpResponse:
    if pk not in compartment_ids(request.user, "write"):
        raise Http404
    compartment = get_object_or_404(Compartment, pk=pk)
    if _no_lists():
        messages.error(request, "No sanctions list is imported yet: run multitrack watchlist import first.")
        return redirect("screening:queue")
    actors = Actor.objects.filter(compartment=compartment)
    index = screen.current_index()
    report = screen.screen_actors(actors, index, request.user, scope=f"compartment {compartment.pk}")
    messages.success(request, f"Compartment “{compartment}”: {report}.")
    return redirect("screening:queue")


def queue(request: HttpRequest) -> HttpResponse:
    """Open hits first, then decided ones, in the user's compartments."""
    if not compartment_ids(request.user, "rows"):
        raise Http404
    hits = ScreeningHit.objects.for_user(request.user).select_related("actor", "entity")
    actor = request.GET.get("actor", "")
    if actor.isdigit():
        hits = hits.filter(actor_id=int(actor))
    if request.GET.get("show") != "all":
        hits = hits.filter(open=True)
    writable = Compartment.objects.filter(pk__in=compartment_ids(request.user, "write"))
    return render(
        request,
        "screening/queue.html",
        {"hits": hits[:500], "show_all": request.GET.get("show") == "all", "compartments": writable},
    )


def _hit(request: HttpRequest, pk: int, capability: str = "rows") -> ScreeningHit:
    hit: ScreeningHit = get_object_or_404(
        ScreeningHit.objects.for_user(request.user, capability).select_related("actor", "entity"), pk=pk
    )
    return hit


def hit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hit = _hit(request, pk)
    may_write = can(request.user, "write", hit.actor.compartment_id)
    may_reveal = can(request.user, "reveal", hit.actor.compartment_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            screen.decide(hit, form.cleaned_data["verdict"], form.cleaned_data["rationale"], request.user)
            messages.success(request, f"Decision recorded for hit {hit.pk}.")
            return redirect("screening:hit", pk=hit.pk)
    engagement = getattr(hit, "engagement", None)
    return render(
        request,
        "screening/hit_detail.html",
        {
            "hit": hit,
            "entity": hit.entity,
            "decisions": list(hit.decisions.select_related("decided_by")),
            "form": form if may_write else None,
            "may_write": may_write,
            "explanation": hit.explanation if may_reveal else None,
            "engagement": engagement,
            "is_true_match": (d := hit.latest_decision) is not None and d.verdict == "true_match",
        },
    )


def engagement_form(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    hit = _hit(request, pk, "write")
    decision = hit.latest_decision
    if decision is None or decision.verdict != "true_match":
        raise PermissionDenied("An engagement record is for a confirmed listed actor (a true match).")
    instance = getattr(hit, "engagement", None)
    if instance is not None and instance.first_approval_id:
        raise PermissionDenied("An approved engagement record cannot be edited; record a new decision.")
    form = EngagementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        record_ = form.save(commit=False)
        record_.hit = hit
        if record_.pk is None:
            record_.recorded_by = request.user
        record_.save()
        messages.success(request, "Engagement record saved; it needs the approval of two different users.")
        return redirect("screening:hit", pk=hit.pk)
    return render(request, "screening/engagement_form.html", {"form": form, "hit": hit})


@require_POST
def approve_engagement(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Four eyes: two approvals, by two different users."""
    engagement = get_object_or_404(EngagementRecord.objects.select_related("hit__actor"), pk=pk)
    hit = _hit(request, engagement.hit_id, "write")
    now = timezone.now()
    if engagement.approved:
        messages.info(request, "This engagement record is already approved.")
    elif engagement.first_approval_id is None:
        engagement.first_approval, engagement.first_approved_at = request.user, now
        engagement.save()
        messages.success(request, "First approval recorded; a different user must give the second.")
    elif engagement.first_approval_id == request.user.pk:
        messages.error(request, "You gave the first approval: the second must come from a different user.")
    else:
        engagement.second_approval, engagement.second_approved_at = request.user, now
        engagement.save()
        record("update", obj=engagement, summary=f"engagement record {engagement.pk} approved (four eyes)")
        messages.success(request, "Second approval recorded: the engagement is approved.")
    return redirect("screening:hit", pk=hit.pk)
