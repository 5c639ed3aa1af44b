"""The project's URLs with the audit pages mounted at /audit/ (until multitrack.web.urls includes them)."""

from django.urls import include, path

from multitrack.web import urls as project

_mounted = any(getattr(p, "app_name", None) == "audit" for p in project.urlpatterns)
urlpatterns = list(project.urlpatterns)
if not _mounted:
    urlpatterns.insert(0, path("audit/", include("multitrack.web.audit.urls")))
