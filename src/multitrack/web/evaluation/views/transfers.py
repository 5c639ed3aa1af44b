"""Transfer tracing in the web app: the proposals for one Track Two output with the words each pair of
passages shares highlighted, running the tracing, deciding on each proposal, and the list of all.

Reading needs `rows` in the output's compartment and in the official text's; tracing and deciding need
`write` in the output's compartment. Funders and outsiders get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from multitrack.web.accounts.access import compartment_ids
from multitrack.web.registry.models import Document, Initiative

from ..forms.transfers import DecisionForm, TraceForm
from ..models import Transfer
from ..models.transfers import STATUSES
from ..services.tracing import TraceError, decide, official_texts, reranker, trace_document, with_highlights


def trace_page(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.for_user(request.user).select_related("initiative"), pk=pk)
    may_write = document.compartment_id in compartment_ids(request.user, "write")
    items = with_highlights(
        list(
            Transfer.objects.for_user(request.user)
            .filter(source=document)
            .select_related("target", "outcome", "decided_by")
            .order_by("status", "rank", "pk")
        )
    )
    if may_write:
        for item in items:
            item.form = DecisionForm(item=item)  # type: ignore[attr-defined]  # for the template, not a field
    texts = official_texts(request.user, exclude=document)
    too_early = [d for d in texts if document.date and d.date and d.date < document.date]
    try:
        model = reranker()
    except TraceError as exc:
        messages.error(request, str(exc))
        model = None
    return render(
        request,
        "evaluation/trace.html",
        {
            "document": document,
            "items": items,
            "decided": sum(1 for i in items if i.status != "proposed"),
            "may_write": may_write,
            "form": TraceForm(),
            "texts": texts,
            "too_early": too_early,
            "undated": [d for d in texts if d.date is None],
            "method": model.name if model is not None else "bm25",
        },
    )


@require_POST
def trace_run(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.for_user(request.user, "write"), pk=pk)
    form = TraceForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Tracing needs whole numbers: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect("evaluation:trace", pk=document.pk)
    try:
        run = trace_document(
            document, request.user, k=form.cleaned_data["k"], limit=form.cleaned_data["limit"]
        )
    except TraceError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:trace", pk=document.pk)
    messages.success(
        request,
        ngettext(
            "%(n)d possible transfer proposed from %(texts)d official text (%(passages)d passages, "
            "ranked by %(method)s).",
            "%(n)d possible transfers proposed from %(texts)d official texts (%(passages)d passages, "
            "ranked by %(method)s).",
            len(run.proposed),
        )
        % {"n": len(run.proposed), "texts": run.searched, "passages": run.passages, "method": run.method}
        + (
            " " + _("%(n)d dated before this output left out.") % {"n": run.too_early}
            if run.too_early
            else ""
        )
        + (" " + _("%(n)d decided earlier kept.") % {"n": run.kept} if run.kept else ""),
    )
    return redirect("evaluation:trace", pk=document.pk)


@require_POST
def transfer_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Transfer.objects.for_user(request.user, "write").select_related("source"), pk=pk)
    form = DecisionForm(request.POST, item=item)
    if not form.is_valid():
        messages.error(
            request,
            _("Transfer %(id)s was not changed: %(errors)s")
            % {"id": item.pk, "errors": form.errors.as_text()},
        )
        return redirect(item.get_absolute_url())
    data = form.cleaned_data
    try:
        decide(item, request.user, data["status"], data["note"], data["outcome"])
    except TraceError as exc:
        messages.error(request, str(exc))
        return redirect(item.get_absolute_url())
    text = {
        "confirmed": _("Transfer %(id)s confirmed."),
        "rejected": _("Transfer %(id)s rejected."),
        "proposed": _("Transfer %(id)s is undecided again."),
    }[data["status"]] % {"id": item.pk}
    if data["outcome"] is not None:
        text += " " + _("Both documents are now evidence for outcome %(o)s.") % {"o": data["outcome"].pk}
    messages.success(request, text)
    return redirect(item.get_absolute_url())


def transfer_list(request: HttpRequest) -> HttpResponse:
    if not compartment_ids(request.user, "rows"):
        raise Http404
    items = Transfer.objects.for_user(request.user).select_related("source", "target", "outcome")
    status = request.GET.get("status", "")
    if status in dict(STATUSES):
        items = items.filter(status=status)
    initiative = request.GET.get("initiative", "")
    if initiative.isdigit():
        items = items.filter(source__initiative_id=int(initiative))
    shown = with_highlights(list(items.order_by("-source__date", "source", "status", "rank")[:500]))
    return render(
        request,
        "evaluation/transfer_list.html",
        {
            "items": shown,
            "statuses": STATUSES,
            "status": status,
            "initiative": initiative,
            "initiatives": Initiative.objects.for_user(request.user).order_by("code"),
            "trace_url": reverse("registry:document_list") + "?track=two",
        },
    )
