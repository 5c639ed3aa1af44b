"""Consultations for facilitators: the list, the form, statements and moderation, invitation cards.

Reading statements needs `rows` in the consultation's compartment (they are participants' own words);
funders see titles, dates and suppressed counts only; changing anything needs `write`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.web.accounts.access import compartment_ids

from ..cards import card_images
from ..forms import CardsForm, ConsultationForm, RevokeForm, StatementForm
from ..models import Consultation, Participant, Statement
from ..phrases import LANGUAGES
from ..services import actions
from ..services.actions import ConsultationError


def get_consultation(request: HttpRequest, pk: int, capability: str = "rows") -> Consultation:
    """The consultation if the user may `capability` it; 404 outside their compartments, 403 inside
    when the role lacks the capability."""
    consultation: Consultation = get_object_or_404(
        Consultation.objects.for_user(request.user, "aggregates").select_related("initiative"), pk=pk
    )
    if consultation.compartment_id not in compartment_ids(request.user, capability):
        raise PermissionDenied
    return consultation


def consultation_list(request: HttpRequest) -> HttpResponse:
    visible = compartment_ids(request.user, "aggregates")
    if not visible:
        raise Http404
    readable = compartment_ids(request.user, "rows")
    # `joined` is lost to the type checker below: django-stubs drops annotations through a query set subclass.
    consultations = (
        Consultation.objects.for_user(request.user, "aggregates")
        .select_related("initiative")
        .annotate(joined=Count("participants", filter=Q(participants__consented=True)))
    )
    rows = [
        (c, actions.shown_count(c.joined, c.compartment_id in readable), c.compartment_id in readable)  # type: ignore[attr-defined]
        for c in consultations
    ]
    return render(
        request,
        "consultations/list.html",
        {"rows": rows, "can_write": bool(compartment_ids(request.user, "write"))},
    )


def _save_form(request: HttpRequest, form: ConsultationForm) -> Consultation:
    with transaction.atomic():
        if form.instance.pk is None:
            form.instance.created_by = request.user
        consultation: Consultation = form.save()
        actions.groups_from_lines(consultation, form.group_lines())
    return consultation


def consultation_create(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "write"):
        raise PermissionDenied
    form = ConsultationForm(
        request.POST or None, user=request.user, initial={"initiative": request.GET.get("initiative")}
    )
    if request.method == "POST" and form.is_valid():
        consultation = _save_form(request, form)
        messages.success(request, _("Consultation %(id)s created.") % {"id": consultation.pk})
        return redirect(consultation)
    return render(request, "consultations/form.html", {"form": form, "title": _("New consultation")})


def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    form = ConsultationForm(request.POST or None, instance=consultation, user=request.user)
    if request.method == "POST" and form.is_valid():
        _save_form(request, form)
        messages.success(request, _("Consultation %(id)s saved.") % {"id": consultation.pk})
        return redirect(consultation)
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": _("Edit consultation %(id)s") % {"id": pk}, "consultation": consultation},
    )


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "aggregates")
    readable = consultation.compartment_id in compartment_ids(request.user, "rows")
    may_write = consultation.compartment_id in compartment_ids(request.user, "write")
    participants = Participant.objects.filter(consultation=consultation)
    joined = participants.filter(consented=True).count()
    context: dict[str, Any] = {
        "consultation": consultation,
        "readable": readable,
        "may_write": may_write,
        "languages": [LANGUAGES.get(c, c) for c in consultation.languages],
        "question": consultation.text_of(consultation.question, consultation.language)[0] if readable else "",
        "joined": actions.shown_count(joined, readable),
        "cards": participants.exclude(number=None).count(),
        "revoked": participants.exclude(revoked_at=None).count(),
        "state": consultation.state(),
    }
    if readable:
        from ..services.analysis import current

        analysis = current(consultation)
        counts = analysis.statement_counts
        statements = []
        for s in consultation.statements.select_related("author").order_by("number"):
            text, _lang = s.text(consultation.language)
            statements.append((s, text, counts.get(s.pk)))
        context |= {
            "statements": statements,
            "pending": sum(1 for s, _t, _c in statements if s.status == "pending"),
            "groups": list(consultation.groups.all()),
            "seed_form": StatementForm(consultation=consultation),
            "cards_form": CardsForm(consultation=consultation),
            "revoke_form": RevokeForm(),
        }
    return render(request, "consultations/detail.html", context)


@require_POST
def statement_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    form = StatementForm(request.POST, consultation=consultation)
    if form.is_valid():
        statement = actions.add_statement(
            consultation, form.texts(), request.user, language=consultation.language
        )
        messages.success(request, _("Statement %(n)s added.") % {"n": statement.number})
    else:
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Check the statement.")
        )
    return redirect(consultation.get_absolute_url() + "#statements")


def statement_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Moderate one statement: accept or reject it, and add its translations."""
    consultation = get_consultation(request, pk, "write")
    statement = get_object_or_404(Statement, consultation=consultation, number=number)
    form = StatementForm(request.POST or None, consultation=consultation, initial_texts=statement.texts)
    if request.method == "POST" and form.is_valid():
        status = request.POST.get("status", statement.status)
        try:
            actions.moderate(statement, status, request.user, form.texts())
        except ConsultationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Statement %(n)s saved.") % {"n": number})
            return redirect(consultation.get_absolute_url() + "#statements")
    return render(
        request,
        "consultations/statement_form.html",
        {"consultation": consultation, "statement": statement, "form": form},
    )


@require_POST
def statement_moderate(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    statement = get_object_or_404(Statement, consultation=consultation, number=number)
    try:
        actions.moderate(statement, request.POST.get("status", ""), request.user)
    except ConsultationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Statement %(n)s: %(s)s.") % {"n": number, "s": statement.get_status_display()}
        )
    return redirect(consultation.get_absolute_url() + "#statements")


@require_POST
def cards_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue invitation cards and show them, once, to print: only their hashes are kept."""
    consultation = get_consultation(request, pk, "write")
    form = CardsForm(request.POST, consultation=consultation)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a group and a number of cards between 1 and %(n)d.") % {"n": actions.MAX_CARDS},
        )
        return redirect(consultation.get_absolute_url() + "#cards")
    cards = actions.issue_cards(
        consultation, form.cleaned_data["group"], form.cleaned_data["count"], request.user
    )
    response = render(
        request,
        "consultations/cards.html",
        {"consultation": consultation, "cards": card_images(request, cards)},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def card_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            actions.revoke_card(consultation, form.cleaned_data["number"], request.user)
        except ConsultationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Card %(n)s revoked.") % {"n": form.cleaned_data["number"]})
    return redirect(consultation.get_absolute_url() + "#cards")
