"""A consultation's report becomes a Track Two output document, so that transfer tracing can later look
for its statements in Track One texts. Publishing again rewrites the same document with the newest
figures (its id, and so any outcome citing it, stays) — unless the consultation has moved to another
compartment since: the old document stays where it was, with what its readers already saw, and a new one
is made in the consultation's compartment."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from multitrack.web.registry.models import Document

from .models import Consultation
from .report import as_text, build


@transaction.atomic
def publish_report(consultation: Consultation, user: Any) -> Document:
    text = as_text(build(consultation))
    document = consultation.report
    if document is None or document.compartment_id != consultation.compartment_id:
        document = Document(initiative=consultation.initiative, kind="consultation_report")
    document.initiative = consultation.initiative
    document.title = f"Consultation report: {consultation.title}"[:300]
    document.context = consultation.initiative.context
    document.date = timezone.localdate()
    document.text = text
    document.save()
    if consultation.report_id != document.pk:
        consultation.report = document
        consultation.save(update_fields=["report"])
    return document
