"""The opinion groups of a consultation, its report (and the Track Two document it becomes), and its export
in Pol.is's layout. All need `rows` in the consultation's compartment: statements are participants' words.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from multitrack.sources.polis import write_export
from multitrack.web.accounts.access import can
from multitrack.web.audit.log import record

from .. import publishing
from ..charts import opinion_map
from ..interchange import to_polis
from ..models import Participant
from ..report import build
from ..services.analysis import current
from .consultations import get_consultation

FLAG_TEXT = {
    "too_few_participants": _(
        "Too few participants have voted on enough statements to form groups that are at least as large as "
        "the smallest count shown."
    ),
    "small_groups_merged": _(
        "A group smaller than the smallest count shown was merged into its nearest group."
    ),
    "single_group": _("Everyone who voted enough falls into one group: no distinct opinion groups yet."),
    "pca_not_converged": _("The map's components did not fully converge; positions are approximate."),
}


def analysis_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk)
    result = current(consultation)
    report = build(consultation, result)
    analysis = result.analysis
    axes = sorted(report.consultation.statements.exclude(status="rejected"), key=lambda s: s.number)
    # The core's keys are any Hashable; this app's are pks (int).
    loadings = {int(r.statement): r.loadings for r in analysis.statement_results}  # type: ignore[call-overload]
    axis_rows = [
        (s.number, s.text(consultation.language)[0], *loadings[s.pk]) for s in axes if s.pk in loadings
    ]
    first = sorted(axis_rows, key=lambda r: -abs(r[2]))[:3]
    second = sorted(axis_rows, key=lambda r: -abs(r[3]))[:3]
    return render(
        request,
        "consultations/analysis.html",
        {
            "consultation": consultation,
            "report": report,
            "analysis": analysis,
            "spec": opinion_map(analysis),
            "flags": [FLAG_TEXT.get(f, f) for f in sorted(analysis.flags)],
            "silhouettes": sorted(analysis.silhouettes.items()),
            "first_axis": first,
            "second_axis": second,
            "clustered": len(analysis.clustered),
            "placed": len(analysis.clustered) + len(analysis.unclustered),
        },
    )


def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk)
    report = build(consultation)
    return render(
        request,
        "consultations/report.html",
        {
            "consultation": consultation,
            "report": report,
            "may_write": can(request.user, "write", consultation.compartment_id),
        },
    )


@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    document = publishing.publish_report(consultation, request.user)
    messages.success(
        request,
        _("The report is now Track Two document %(id)s; transfer tracing can look for its statements.")
        % {"id": document.pk},
    )
    return redirect(document)


def export_zip(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation(request, pk, "write")
    result = current(consultation)
    ref = dict(Participant.objects.filter(consultation=consultation).values_list("pk", "ref"))
    groups = {ref[p]: g for p, g in result.group_of.items()}
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in write_export(Path(tmp), to_polis(consultation, groups)):
            archive.write(path, path.name)
    record("export", obj=consultation, user=request.user, summary="consultation exported in Pol.is layout")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="consultation-{consultation.pk}-polis.zip"'
    return response
