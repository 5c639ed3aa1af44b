from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from multitrack.api import api


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("accounts/", include("multitrack.web.accounts.urls")),
    path("api/", api.urls),
    path("audit/", include("multitrack.web.audit.urls")),
    path("network/", include("multitrack.web.networks.urls")),
    path("maps/", include("multitrack.web.conflictmaps.urls")),
    path("evaluation/", include("multitrack.web.evaluation.urls")),
    path("inclusion/", include("multitrack.web.inclusion.urls")),
    path("consultations/", include("multitrack.web.consultations.urls")),
    path("c/", include("multitrack.web.consultations.participate_urls")),
    path("screening/", include("multitrack.web.screening.urls")),
    path("ucdp/", include("multitrack.web.ucdp.urls")),
    path("landscape/", include("multitrack.web.landscape.urls")),
    path("coordination/", include("multitrack.web.coordination.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("multitrack.web.registry.urls")),
]
