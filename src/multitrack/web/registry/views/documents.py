"""Documents: Track Two outputs (concept notes, workshop papers, non-papers, communiqués, reports) and the
Track One texts they may have fed (agreements, official statements), with their text for tracing.

Reading needs `rows` in the document's compartment (funders and outsiders get 404: the texts are
confidential), changing needs `write`. The text is encrypted at rest; the list searches titles only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_POST

from multitrack.core import transfer, vocab
from multitrack.web.accounts.access import compartment_ids

from ..forms import DocumentForm
from ..models import Document, Initiative
from ..models.document import kinds_of_track
from .base import NeedsWriteAccess, RecordFormMixin, Scoped, SearchListView


class DocumentList(SearchListView[Document]):
    model = Document
    filters = ("kind", "initiative")

    def get_queryset(self) -> QuerySet[Document]:
        qs = super().get_queryset().select_related("initiative", "context")
        track = self.request.GET.get("track", "")
        if track in {"one", "two"}:
            qs = qs.filter(kind__in=kinds_of_track(track))
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["kinds"] = vocab.DOCUMENT_KINDS.choices()
        ctx["initiatives"] = Initiative.objects.for_user(self.request.user).order_by("code")
        ctx["track"] = self.request.GET.get("track", "")
        ctx["can_write"] = bool(compartment_ids(self.request.user, "write"))
        return ctx


class DocumentDetail(Scoped, generic.DetailView[Document]):
    model = Document

    def get_queryset(self) -> QuerySet[Document]:
        return super().get_queryset().select_related("initiative", "context", "compartment")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from multitrack.web.evaluation.models import Outcome, Transfer

        ctx = super().get_context_data(**kwargs)
        doc: Document = self.object
        user = self.request.user
        ctx["passages"] = transfer.passages(doc.text, str(doc.pk))
        ctx["can_write"] = doc.compartment_id in compartment_ids(user, "write")
        ctx["outcomes"] = Outcome.objects.for_user(user).filter(evidence=doc)
        visible = Transfer.objects.for_user(user).select_related("source", "target", "outcome")
        ctx["transfers_in"] = visible.filter(target=doc, status="confirmed")
        ctx["transfers_out"] = visible.filter(source=doc)
        return ctx


class DocumentCreate(NeedsWriteAccess, RecordFormMixin, generic.CreateView[Document, DocumentForm]):
    model = Document
    form_class = DocumentForm

    def get_initial(self) -> dict[str, Any]:
        return {name: self.request.GET[name] for name in ("initiative", "kind") if self.request.GET.get(name)}


class DocumentUpdate(Scoped, RecordFormMixin, generic.UpdateView[Document, DocumentForm]):
    model = Document
    form_class = DocumentForm
    capability = "write"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}


@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(Document.objects.for_user(request.user, "write"), pk=pk)
    if (
        doc.transfers_out.exclude(status="proposed").exists()
        or doc.transfers_in.exclude(status="proposed").exists()
    ):
        messages.error(
            request,
            _("Document %(id)s has decided transfers: they would be lost. Reject or keep it instead.")
            % {"id": doc.pk},
        )
        return redirect(doc)
    title = doc.title
    doc.delete()
    messages.success(request, _("Deleted document “%(title)s”.") % {"title": title})
    return redirect(reverse("registry:document_list"))


def document_text(request: HttpRequest, pk: int) -> HttpResponse:
    """The text alone, as plain UTF-8 (to copy or save)."""
    doc = get_object_or_404(Document.objects.for_user(request.user), pk=pk)
    response = HttpResponse(doc.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="document-{doc.pk}.txt"'
    return response
