"""Conflict-mapping vocabularies: relationship types, actor kinds and confidence.

The relationship types follow the conflict-mapping legend in Fisher et al. (2000); `directed=True`
marks the one type drawn as an arrow, whose endpoints are not interchangeable.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_FISHER = "Fisher et al. 2000, Working with Conflict (conflict mapping)"
_MT = "Multitrack convention"

RELATIONSHIP_TYPES = Vocabulary(
    "relationship_types",
    _("Relationship"),
    [
        Term("close", _("Close"), "Links or a fairly close relationship; drawn as a straight line.", _FISHER),
        Term("alliance", _("Alliance"), "A formal or firm alliance; drawn as a double line.", _FISHER),
        Term(
            "informal",
            _("Informal or intermittent"),
            "Informal or intermittent links; drawn as a dotted line.",
            _FISHER,
        ),
        Term(
            "influence",
            _("Influence"),
            "The predominant direction of influence or activity, from one party to another; drawn as an "
            "arrow.",
            _FISHER,
            MappingProxyType({"directed": True}),
        ),
        Term(
            "discord",
            _("Discord"),
            "Discord or conflict between the parties; drawn as a zig-zag line.",
            _FISHER,
        ),
        Term(
            "broken",
            _("Broken"),
            "A connection that has been broken; drawn as a line crossed by a double slash.",
            _FISHER,
        ),
    ],
)

ACTOR_KINDS = Vocabulary(
    "actor_kinds",
    _("Actor kind"),
    [
        Term("person", _("Person"), "An individual human being, recorded under a pseudonymous code.", _MT),
        Term(
            "organisation",
            _("Organisation"),
            "A formally constituted body, such as a ministry, NGO, party or armed movement.",
            _MT,
        ),
        Term(
            "group",
            _("Group"),
            "An informal or collective actor without formal constitution, such as a "
            "community, network or delegation.",
            _MT,
        ),
    ],
)

CONFIDENCE = Vocabulary(
    "confidence",
    _("Confidence"),
    [
        Term(
            "low", _("Low"), "A single unconfirmed source or an inference; treat as a lead, not a fact.", _MT
        ),
        Term(
            "medium", _("Medium"), "One reliable source, or several that agree but are not independent.", _MT
        ),
        Term(
            "high",
            _("High"),
            "Confirmed by several independent, reliable sources or by direct observation.",
            _MT,
        ),
    ],
)
