"""Login throttling: after repeated failures for one username, refuse further attempts for a while.

Failures are counted from the audit log, so the limit holds across processes and servers.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def too_many_failures(username: str) -> bool:
    from multitrack.web.audit.models import AuditEvent

    since = timezone.now() - WINDOW
    recent = AuditEvent.objects.filter(action="login_failed", username=username, at__gte=since)
    last_success = (
        AuditEvent.objects.filter(action="login", username=username, at__gte=since).order_by("-seq").first()
    )
    if last_success is not None:
        recent = recent.filter(seq__gt=last_success.seq)
    return recent.count() >= MAX_FAILURES
