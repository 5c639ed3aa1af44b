"""Vocabularies of participatory conflict maps and Do No Harm analysis.

Map elements follow the conflict-mapping legend in Fisher et al. (2000): parties drawn as circles sized
by their power on the issue, external parties with a shadow, issues as rectangles. Dividers and
connectors follow Anderson (1999), each in one of the five SAVES categories.
"""

from __future__ import annotations

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_FISHER = "Fisher et al. 2000, Working with Conflict (conflict mapping)"
_DNH = "Anderson 1999, Do No Harm (dividers and connectors, SAVES categories)"
_MT = "Multitrack convention"

MAP_ELEMENTS = Vocabulary(
    "map_elements",
    _("Map element"),
    [
        Term(
            "party",
            _("Party"),
            "A party to the conflict; drawn as a circle whose size is its relative power on the issue.",
            _FISHER,
        ),
        Term(
            "external",
            _("External party"),
            "A party outside the conflict with influence on it; drawn with a shadow.",
            _FISHER,
        ),
        Term("issue", _("Issue"), "An issue or other non-person item; drawn as a rectangle.", _FISHER),
    ],
)

DNH_KINDS = Vocabulary(
    "dnh_kinds",
    _("Divider or connector"),
    [
        Term(
            "divider",
            _("Divider"),
            "A source of tension that divides people or could be exploited to do so.",
            _DNH,
        ),
        Term(
            "connector",
            _("Connector"),
            "A local capacity for peace: something that connects people across conflict lines.",
            _DNH,
        ),
    ],
)

SAVES = Vocabulary(
    "saves",
    _("SAVES category"),
    [
        Term(
            "systems",
            _("Systems and institutions"),
            "Markets, infrastructure, courts, schools and other systems that people share or are "
            "excluded from.",
            _DNH,
        ),
        Term(
            "attitudes",
            _("Attitudes and actions"),
            "What people think of each other and what they do: prejudice, rumours, solidarity.",
            _DNH,
        ),
        Term(
            "values",
            _("Values and interests"),
            "Shared or clashing values, beliefs and interests (religion, land, livelihoods).",
            _DNH,
        ),
        Term("experiences", _("Experiences"), "Shared or divisive experiences, such as war or loss.", _DNH),
        Term(
            "symbols",
            _("Symbols and occasions"),
            "Flags, monuments, holidays, ceremonies and other symbols and occasions.",
            _DNH,
        ),
    ],
)

CONSENT = Vocabulary(
    "consent",
    _("Consent"),
    [
        Term(
            "given",
            _("Given"),
            "The contributor agreed to be recorded as a contributor of this map.",
            _MT,
        ),
        Term(
            "anonymous",
            _("Given, anonymously"),
            "The contributor agreed to contribute but not to be named as a contributor; they are counted, "
            "never shown.",
            _MT,
        ),
        Term(
            "withdrawn",
            _("Withdrawn"),
            "The contributor withdrew consent; they are counted but no longer linked to the map.",
            _MT,
        ),
    ],
)
