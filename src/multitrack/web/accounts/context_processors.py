from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import compartment_ids


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    links: tuple[NavLink, ...]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


# The main navigation: five groups, each link with who is offered it ("rows": a role that reads the
# registry's rows, owner, editor or analyst; "owner": an owner of some compartment; "funder": a user who
# reads no rows, to whom the sanctions lists are offered instead of the screening queue).
NAVIGATION: tuple[tuple[str, Any, tuple[tuple[Any, str, str | None], ...]], ...] = (
    (
        "registry",
        _("Registry"),
        (
            (_("Contexts"), "registry:context_list", None),
            (_("Actors"), "registry:actor_list", None),
            (_("Initiatives"), "registry:initiative_list", None),
            (_("Relationships"), "registry:relationship_list", None),
            (_("Documents"), "registry:document_list", "rows"),
        ),
    ),
    (
        "maps",
        _("Maps and data"),
        (
            (_("Networks"), "mapping:network", "rows"),
            (_("Conflict maps"), "maps:list", "rows"),
            (_("Conflicts per year"), "ucdp:yearly", None),
            (_("Landscape"), "landscape:index", None),
        ),
    ),
    (
        "evaluation",
        _("Evaluation"),
        (
            (_("Theories of change"), "evaluation:toc_list", "rows"),
            (_("Indicators"), "evaluation:indicator_list", "rows"),
            (_("Outcomes"), "evaluation:outcome_list", "rows"),
            (_("Consultations"), "consultations:list", "rows"),
            (_("Inclusion"), "inclusion:overview", None),
        ),
    ),
    (
        "safeguards",
        _("Safeguards"),
        (
            (_("Screening"), "screening:queue", "rows"),
            (_("Sanctions lists"), "screening:lists", "funder"),
            (_("Coordination"), "coordination:index", "rows"),
            (_("Compartments"), "compartment_list", None),
            (_("Audit log"), "audit:list", "owner"),
        ),
    ),
    (
        "help",
        _("Help"),
        (
            (_("Glossary"), "registry:glossary", None),
            (_("API"), "api:openapi-view", None),
        ),
    ),
)


def _flags(request: HttpRequest) -> dict[str, bool]:
    """What the user may do somewhere (the roles are read once per request: accounts.access.roles_of)."""
    return {
        "is_owner": bool(compartment_ids(request.user, "manage")),
        "can_write_any": bool(compartment_ids(request.user, "write")),
        "can_rows_any": bool(compartment_ids(request.user, "rows")),
    }


def roles(request: HttpRequest) -> dict[str, Any]:
    """`is_owner`: offer the owners' pages (members, audit log); `can_write_any`: offer "New …" buttons."""
    return _flags(request)


def _offered(audience: str | None, flags: dict[str, bool]) -> bool:
    if audience == "rows":
        return flags["can_rows_any"]
    if audience == "owner":
        return flags["is_owner"]
    if audience == "funder":
        return not flags["can_rows_any"]
    return True


def navigation(request: HttpRequest) -> dict[str, Any]:
    """`nav_groups`: the main navigation offered to this user, the link of the page being shown marked
    current (the longest link that starts its path)."""
    if not request.user.is_authenticated:
        return {"nav_groups": []}
    flags = _flags(request)
    offered = [
        (key, label, [(text, reverse(name)) for text, name, audience in links if _offered(audience, flags)])
        for key, label, links in NAVIGATION
    ]
    matches = [url for _, _, links in offered for _, url in links if request.path.startswith(url)]
    current = max(matches, key=len, default=None)
    groups = [
        NavGroup(key, str(label), tuple(NavLink(str(text), url, url == current) for text, url in links))
        for key, label, links in offered
        if links
    ]
    return {"nav_groups": groups}
