"""Editing a drawing in place (a conflict map, a theory of change) with htmx, without leaving its page.

Each page keeps its editor (the add forms and the tables of what the drawing shows) in one region that
an htmx request gets back re-rendered; when the drawing changed, the answer carries the `HX-Trigger`
event DRAWING_CHANGED, on which the page's script reloads the drawing's data into the same Cytoscape
instance. Without JavaScript the same views answer with a redirect to the page, as the forms always did.
An app gives these functions its `editor(request, version, **extra)`, which renders its region.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import undo
from .versioning import Versioned

DRAWING_CHANGED = "mt-drawing-changed"


Editor = Callable[..., HttpResponse]  # editor(request, version, **extra): the region, rendered


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def answer(
    request: HttpRequest, version: Versioned, editor: Editor, *, changed: bool = False, **extra: Any
) -> HttpResponse:
    """htmx: the editor region (with the event when the drawing changed); else back to the page."""
    if not is_htmx(request):
        return redirect(version.get_absolute_url())
    response = editor(request, version, **extra)
    if changed:
        response["HX-Trigger"] = DRAWING_CHANGED
    return response


def saved_or_errors(
    request: HttpRequest, version: Versioned, editor: Editor, form: forms.ModelForm[Any], slot: str, done: str
) -> HttpResponse:
    """An in-place form was posted: saved, or the region again with the form and its errors in `slot`."""
    if form.is_valid():
        form.save()
        messages.success(request, done)
        return answer(request, version, editor, changed=True)
    return editor(request, version, **{slot: form})


def rename(
    request: HttpRequest, version: Versioned, editor: Editor, form: forms.ModelForm[Any], full_form: str
) -> HttpResponse:
    """The label of one element, in a field that opens in its row (htmx GET) and is saved by POST.
    Without htmx, a GET goes to the element's full form (`full_form`, a URL)."""
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Renamed to “%(label)s”.") % {"label": form.cleaned_data["label"]})
            return answer(request, version, editor, changed=True)
        if not is_htmx(request):
            why = " ".join(str(e) for e in form.errors.get("label", []))
            messages.error(request, _("Not renamed: %(why)s") % {"why": why})
            return redirect(version.get_absolute_url())
    elif not is_htmx(request):
        return redirect(full_form)
    return editor(request, version, renaming=form.instance.pk, rename_form=form)


def remove(
    request: HttpRequest, version: Versioned, editor: Editor, element: models.Model, what: str
) -> HttpResponse:
    """Remove an element (and what cascades), offering to undo it."""
    undo.remove(request.session, version, element, what)
    return answer(request, version, editor, changed=True)


def restore(request: HttpRequest, version: Versioned, editor: Editor, token: str) -> HttpResponse:
    """Undo a removal, or say why it cannot be undone (then nothing was restored)."""
    try:
        what = undo.restore(request.session, version, token)
    except undo.UndoRefused as err:
        messages.error(request, str(err))
        return answer(request, version, editor)
    messages.success(request, _("Restored %(what)s.") % {"what": what})
    return answer(request, version, editor, changed=True)
