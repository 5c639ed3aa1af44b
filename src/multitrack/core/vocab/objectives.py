"""Objectives of an initiative.

`hard=True` marks objectives aimed directly at officials (Jones's "hard" Track Two); `new_practice=True`
marks the objectives the brief attributes to the "new" Track Two.
"""

from __future__ import annotations

from types import MappingProxyType

from ._base import Term, Vocabulary
from ._base import gettext_noop as _

_BRIEF = "Palmiano Federer 2021, Ottawa Dialogue Policy Brief 1"
_HARD = MappingProxyType({"hard": True})
_NEW = MappingProxyType({"new_practice": True})

OBJECTIVES = Vocabulary(
    "objectives",
    _("Objective"),
    [
        Term(
            "transfer_to_track_one",
            _("Transfer into Track One"),
            "Carry the ideas, proposals, relationships or people developed in the initiative into official "
            "negotiations and policy-making.",
            _BRIEF + ", Table 1; Kelman; Fisher 2005, Paving the Way",
            _HARD,
        ),
        Term(
            "relationship_building",
            _("Relationship building"),
            "Familiarise participants with each other's views and build trust and working relationships "
            "across the conflict divide.",
            "Jones 2015 (soft Track Two); Agha et al. 2003",
        ),
        Term(
            "link_track_three_to_one",
            _("Link Track Three to Track One"),
            "Bring grassroots and other non-official participants directly to the Track One level, for "
            "inclusion and legitimacy.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "local_agreement",
            _("Local or community agreement"),
            "Broker an agreement between parties at the local or community level.",
            _BRIEF,
            _NEW,
        ),
        Term(
            "capacity",
            _("Capacity building"),
            "Strengthen participants' skills and knowledge, for example of negotiation and peace-process "
            "design.",
            _BRIEF + " (capacity-building workshops)",
        ),
        Term(
            "policy_proposals",
            _("Concrete policy proposals"),
            "Produce concrete proposals for officials, such as options for starting or unblocking "
            "negotiations.",
            "Jones 2015 (hard Track Two); Agha et al. 2003",
            _HARD,
        ),
        Term(
            "public_opinion",
            _("Influence public opinion"),
            "Shape how the wider public on each side sees the conflict and the prospects for settling it.",
            "Montville & Davidson 1981, quoted in " + _BRIEF + ", Table 1",
        ),
    ],
)
